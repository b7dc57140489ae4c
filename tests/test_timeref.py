"""Dates, ranges, as-of dates and publication dates.

The words are those of lang/en/time.toml: the tests at the end take each word of a table from the file and check
that the module reads it, so that a word added there is one the extractor knows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extract.timeref import _DAYS_BACK, _UNIT_DAYS, days_earlier, find_dates, publication_date
from claimledger.lang import available_languages, load_topic
from test_lang import written

REFERENCE = dt.date(2020, 10, 14)
TIME = load_topic("en", "time")


def dates(text: str, reference: dt.date | None = REFERENCE) -> list[tuple[str, bool]]:
    return [(d.iso(), d.as_of) for d in find_dates(text, reference, 2020)]


@pytest.mark.parametrize("text, expected", [
    ("On October 14, at about 01:00", [("2020-10-14", False)]),
    ("On the night of October 13 to 14, the situation", [("2020-10-13/2020-10-14", False)]),
    ("on the night of 13-14 October", [("2020-10-13/2020-10-14", False)]),
    ("on the night of October 14", [("2020-10-13/2020-10-14", False)]),
    ("the 12-14 July attacks", [("2020-07-12/2020-07-14", False)]),
    ("on 12-16 July, 2020, planned", [("2020-07-12/2020-07-16", False)]),
    ("July 12-14", [("2020-07-12/2020-07-14", False)]),
    ("according to the information of 8 October 2020, 12:00", [("2020-10-08", True)]),
    ("By 7 October 2020, troops have liberated", [("2020-10-07", True)]),
    ("For October 7, 2020, the Army has the following losses", [("2020-10-07", True)]),
    ("As of 10 October", [("2020-10-10", True)]),
    ("(17-October-2020)", [("2020-10-17", False)]),
    ("PRESS-RELEASE 10/19/2020", [("2020-10-19", False)]),
    ("from 24.02.22 to 15.05.23", [("2022-02-24/2023-05-15", True)]),
    ("between September 27 and October 10, 2020", [("2020-09-27/2020-10-10", True)]),
    ("on 27 September 2020 and 10 October 2020", [("2020-09-27", False), ("2020-10-10", False)]),
    ("2020-10-19", [("2020-10-19", False)]),
    ("Oct. 8, 2020", [("2020-10-08", False)]),
    ("yesterday", [("2020-10-13", False)]),
    ("last night", [("2020-10-13/2020-10-14", False)]),
    ("today", [("2020-10-14", False)]),
    ("it may 5 times", []),
    ("during the last two weeks", [("2020-09-30/2020-10-14", False)]),
    ("over the past day", [("2020-10-13/2020-10-14", False)]),
    ("in the past 24 hours", [("2020-10-13/2020-10-14", False)]),
    ("within the last 3 days", [("2020-10-11/2020-10-14", False)]),
    ("overnight", [("2020-10-13/2020-10-14", False)]),
    ("this morning", [("2020-10-14", False)]),
    ("since the morning", [("2020-10-14", False)]),
    ("on Sunday", [("2020-10-11", False)]),  # 14 October 2020 was a Wednesday
    ("on Wednesday", [("2020-10-14", False)]),
    ("in September", [("2020-09-01/2020-09-30", False)]),
    ("in November", [("2019-11-01/2019-11-30", False)]),  # a month after the statement is last year's
    ("since 27 September", [("2020-09-27/2020-10-14", False)]),
])
def test_find_dates(text: str, expected: list) -> None:
    assert dates(text) == expected


def test_year_of_a_date_written_without_one_is_the_latest_before_the_document() -> None:
    # A statement of January 2021 that says "On December 30" means December 2020.
    assert dates("On December 30", dt.date(2021, 1, 5)) == [("2020-12-30", False)]


def test_month_precision() -> None:
    (mention,) = find_dates("in September 2020", REFERENCE)
    assert mention.precision == "month" and mention.iso() == "2020-09-01/2020-09-30"


@pytest.mark.parametrize("text, precision", [
    ("On October 14", "day"), ("on 12-16 July", "range"), ("last night", "range"), ("in September", "month"),
])
def test_precision_levels(text: str, precision: str) -> None:
    assert [d.precision for d in find_dates(text, REFERENCE)] == [precision]


def test_relative_expressions_need_the_statements_date() -> None:
    assert find_dates("yesterday and during the last two weeks", None) == []


@pytest.mark.parametrize("text, expected", [
    ("Press Conference\n\nOctober 8, 2020, Islamabad\n\n(by Mr. X)", dt.date(2020, 10, 8)),
    ("PRESS-RELEASE 10/19/2020\n\nEmbassy", dt.date(2020, 10, 19)),
    ("14 October 2020\n\nOn this historical day", dt.date(2020, 10, 14)),
    ("Ministry of Defence of the Russian Federation, 3 March 2024. In total, 576 aircraft have been destroyed "
     "since the beginning of the special military operation.", dt.date(2024, 3, 3)),
    ("Offensive by Armenia in September 2020\n\nOn September 27, 2020 the armed forces of Armenia launched an "
     "attack that went on for a long time and caused a great deal of damage to many villages.", None),
])
def test_publication_date_from_the_heading(text: str, expected: dt.date | None) -> None:
    assert publication_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ministry statement\n\nSTEPANAKERT, OCTOBER 12, 2020, ARTSAKHPRESS. The Defense Army of Artsakh reports that "
     "the adversary continued to shell the town of Martuni throughout the night and the early morning hours.",
     dt.date(2020, 10, 12)),
    ("Azerbaijani MoD update\n\nGanja, Azerbaijan, 17 October 2020 (APA) – The Armenian armed forces again fired "
     "missiles at the city overnight, the Ministry of Defence of the Republic of Azerbaijan said this morning.",
     dt.date(2020, 10, 17)),
    ("Shelling continues in the south\n\nKHERSON/KYIV, Nov 3, 2022 – Russian forces shelled the right bank of the "
     "Dnipro again overnight, regional officials said, and power was cut to thousands of households in the city.",
     dt.date(2022, 11, 3)),
])
def test_a_dateline_opening_the_first_paragraph_is_the_publication_date(text: str, expected: dt.date) -> None:
    assert publication_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Baku, October 9, AZERTAC\n\nThe enemy shelled Tartar.", dt.date(2020, 10, 9)),
    ("YEREVAN, OCTOBER 2, ARMENPRESS. The Defense Ministry of Armenia said the adversary had lost many tanks in "
     "the fighting along the entire line of contact during the night and the morning.", dt.date(2020, 10, 2)),
    ("Helsinki Committee note\n\nVienna, 30 October – The Committee received new reports.", dt.date(2020, 10, 30)),
])
def test_a_dateline_without_a_year_is_read_in_the_default_year(text: str, expected: dt.date) -> None:
    assert publication_date(text) is None
    assert publication_date(text, 2020) == expected


def test_an_event_date_without_a_year_in_a_headline_is_no_dateline() -> None:
    assert publication_date("Azerbaijan shelled Martuni on October 5\n\nThe town came under fire.", 2020) is None


@pytest.mark.parametrize("text, expected", [
    ("Between 6 a.m. on 27 September, when the offensive began, and midnight on 3 October, 34 civilians were killed",
     [("2020-09-27/2020-10-03", True)]),
    ("From 27 September until the morning of 30 September, the enemy lost 2,300 servicemen",
     [("2020-09-27/2020-09-30", True)]),
    ("between 00:00 on October 1 and 18:00 on October 13 the HRMMU recorded 400 civilian casualties",
     [("2020-10-01/2020-10-13", True)]),
])
def test_a_period_bounded_at_hours_or_around_an_aside_is_one_range(text: str, expected: list) -> None:
    assert dates(text) == expected


def test_an_aside_does_not_join_two_days_without_an_opening_from_or_between() -> None:
    assert dates("On 27 September, when it began, and 10 October the town was shelled") == [
        ("2020-09-27", False), ("2020-10-10", False)]


@pytest.mark.parametrize("text, expected", [
    ("have been displaced since the fighting between the two armies broke out on 27 September",
     [("2020-09-27/2020-10-14", False)]),
    ("Since Russia launched its full-scale invasion on 24 February, 6,000 civilians",
     [("2020-02-24/2020-10-14", False)]),
    ("since the Azerbaijani offensive started on the 27 September", [("2020-09-27/2020-10-14", False)]),
])
def test_since_a_war_began_on_a_day_is_a_period_up_to_the_statement(text: str, expected: list) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("lost 1,500 servicemen over the previous 24 hours", [("2020-10-13/2020-10-14", False)]),
    ("As a result of shelling this month, four civilians", [("2020-10-01/2020-10-14", False)]),
    ("the enemy lost 12 tanks this week", [("2020-10-12/2020-10-14", False)]),
])
def test_the_previous_hours_and_this_month_are_counted_back_from_the_statement(text: str, expected: list) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize("text, reference, expected", [
    # One date that can only be read day first sets the order of every slashed date of the document.
    ("Between 28/09/20 and 03/10/20 the Armenian side lost 40 tanks", dt.date(2020, 10, 5),
     ["2020-09-28/2020-10-03"]),
    ("Azerbaijani shelling on 14/10/2020 and again on 02/10/2020 hit Martuni", dt.date(2020, 10, 20),
     ["2020-10-14", "2020-10-02"]),
    # A date that can only be read month first keeps the US order for the others.
    ("PRESS RELEASE 10/19/2020. Ganja was shelled on 10/04/2020.", dt.date(2020, 10, 19),
     ["2020-10-19", "2020-10-04"]),
])
def test_slashed_dates_are_read_in_the_documents_order(text: str, reference: dt.date, expected: list) -> None:
    assert [d.iso() for d in find_dates(text, reference)] == expected


@pytest.mark.parametrize("text, reference, expected", [
    # Nothing tells the order: the reading nearest before the statement is the one it means.
    ("From 04/09/22 to 07/09/22 Ukrainian forces advanced near Balakliia", dt.date(2022, 9, 10),
     ["2022-09-04/2022-09-07"]),
    ("The Russian MoD bulletin of 03/05/22 listed the losses", dt.date(2022, 5, 4), ["2022-05-03"]),
    ("Amnesty International documented an attack on 06/10/20", dt.date(2020, 10, 20), ["2020-10-06"]),
])
def test_an_ambiguous_slashed_date_is_the_reading_nearest_before_the_statement(text: str, reference: dt.date,
                                                                               expected: list) -> None:
    assert [d.iso() for d in find_dates(text, reference)] == expected


@pytest.mark.parametrize("text, expected", [
    ("losses inflicted on the Azerbaijani army since the start of its offensive on 27 September",
     [("2020-09-27/2020-10-14", False)]),
    ("Ukraine's losses since the beginning of the special military operation on 24 February",
     [("2020-02-24/2020-10-14", False)]),
    ("HRW has documented attacks since the outbreak of the war on the 27 September",
     [("2020-09-27/2020-10-14", False)]),
])
def test_since_the_start_of_a_war_on_a_day_is_a_period_up_to_the_statement(text: str, expected: list) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The previous update, issued two days earlier, stood at 40", 2),
    ("the Armenian Ministry's report a week before gave 300", 7),
    ("The Russian ministry's earlier bulletin stood at 1,200", 1),
])
def test_how_long_before_an_earlier_report_was_made(text: str, expected: int) -> None:
    assert days_earlier(text, 0, len(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # The day an offensive began, in three wordings, in both sides' voices.
    ("The Armenian Defence Ministry said 1,200 servicemen of the adversary have been killed since Azerbaijan "
     "launched its offensive on 27 September.", [("2020-09-27/2020-10-14", False)]),
    ("The Ministry of Defence of Azerbaijan said the Armenian side has lost 250 tanks since the start of the "
     "counter-offensive on 27 September.", [("2020-09-27/2020-10-14", False)]),
    ("According to the Artsakh Defense Army, 480 of its servicemen have been killed since 27 September.",
     [("2020-09-27/2020-10-14", False)]),
    # The day a running total was counted, in three wordings.
    ("The Ministry of Defence of Azerbaijan: according to the information of 8 October, 31 civilians were killed.",
     [("2020-10-08", True)]),
    ("The Armenian Ombudsman: as of 8 October, 19 civilians have been killed in Artsakh.", [("2020-10-08", True)]),
    ("Azerbaijani Prosecutor General's Office: the situation on 8 October is that 31 civilians were killed.",
     [("2020-10-08", True)]),
])
def test_one_date_in_several_wordings_and_both_voices(text: str, expected: list) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize("text, reference, expected", [
    # A period between two days, in three wordings, in a Ukrainian and a Russian voice.
    ("The General Staff of the Armed Forces of Ukraine: the total combat losses of the enemy from 24.02.22 to "
     "15.05.23 amounted to 199,270 personnel.", dt.date(2023, 5, 15), [("2022-02-24/2023-05-15", True)]),
    ("The Russian Ministry of Defence said 300 Ukrainian servicemen were killed between 1 May and 14 May.",
     dt.date(2023, 5, 15), [("2023-05-01/2023-05-14", True)]),
    ("Ukraine's Ministry of Defence: from the morning of 1 May through 14 May, Russia lost 120 tanks.",
     dt.date(2023, 5, 15), [("2023-05-01/2023-05-14", True)]),
    # Days named from the statement's day, in a Russian and a Ukrainian voice.
    ("The Russian Ministry of Defence said its air defences shot down 12 drones overnight.", dt.date(2023, 5, 15),
     [("2023-05-14/2023-05-15", False)]),
    ("Ukraine's Air Force said it shot down 29 of 30 Shahed drones the day before yesterday.", dt.date(2023, 5, 15),
     [("2023-05-13", False)]),
])
def test_periods_in_a_ukrainian_and_a_russian_voice(text: str, reference: dt.date, expected: list) -> None:
    assert [(d.iso(), d.as_of) for d in find_dates(text, reference)] == expected


def entries(*tables: str) -> list[tuple[str, str]]:
    """(key, written entry) for every entry of the tables of lang/en/time.toml."""
    return [(key, written(term)) for table in tables for key, terms in TIME[table].items() for term in terms]


@pytest.mark.parametrize("number, name", entries("months", "month_abbreviations"))
def test_every_month_name_of_the_file_dates_a_day(number: str, name: str) -> None:
    for text in (f"On 8 {name} 2020", f"ON 8 {name.upper()} 2020", f"{name} 8, 2020"):
        assert [d.first for d in find_dates(text, REFERENCE)] == [dt.date(2020, int(number), 8)], text
    # In lower case a month's name is a word of the sentence: "it may 8 times".
    assert find_dates(f"On 8 {name.lower()} 2020", REFERENCE) == []


@pytest.mark.parametrize("number, name", entries("months"))
def test_every_month_name_of_the_file_alone_is_that_month(number: str, name: str) -> None:
    (mention,) = find_dates(f"in {name.lower()}", dt.date(2020, 12, 31))
    assert mention.precision == "month" and mention.first == dt.date(2020, int(number), 1)


@pytest.mark.parametrize("number, name", entries("weekdays"))
def test_every_weekday_of_the_file_is_the_latest_such_day(number: str, name: str) -> None:
    for before in TIME["periods"]["before_weekday"]:
        (mention,) = find_dates(f"{before} {name}", REFERENCE)
        assert mention.first.isoweekday() == int(number) and 0 <= (REFERENCE - mention.first).days < 7


@pytest.mark.parametrize("key, words", entries("relative_days"))
def test_every_day_named_from_the_statement_is_read(key: str, words: str) -> None:
    first_back, last_back = _DAYS_BACK[key]
    (mention,) = find_dates(f"Azerbaijani forces shelled Martuni {words}.", REFERENCE)
    assert (mention.first, mention.last) == (REFERENCE - dt.timedelta(days=first_back),
                                             REFERENCE - dt.timedelta(days=last_back))


@pytest.mark.parametrize("key, words", entries("current_periods"))
def test_every_current_period_runs_from_its_first_day(key: str, words: str) -> None:
    (mention,) = find_dates(f"the enemy lost 12 tanks {words}", REFERENCE)
    first = {"week": dt.date(2020, 10, 12), "month": dt.date(2020, 10, 1), "year": dt.date(2020, 1, 1)}[key]
    assert (mention.first, mention.last) == (first, REFERENCE)


@pytest.mark.parametrize("unit, word", entries("units"))
def test_every_unit_of_the_file_counts_back_its_days(unit: str, word: str) -> None:
    for before in TIME["periods"]["before_last"]:
        for last in TIME["periods"]["last"]:
            (mention,) = find_dates(f"{before} {last} 2 {word}", REFERENCE)
            assert (REFERENCE - mention.first).days == max(1, round(2 * _UNIT_DAYS[unit]))


@pytest.mark.parametrize("value, word", entries("numbers", "few"))
def test_every_number_word_of_the_file_counts_days(value: str, word: str) -> None:
    (mention,) = find_dates(f"Russia lost 40 tanks over the past {word} days", REFERENCE)
    assert (REFERENCE - mention.first).days == int(value)


@pytest.mark.parametrize("value, word", entries("numbers", "article_counts"))
def test_every_number_word_of_the_file_counts_an_earlier_report(value: str, word: str) -> None:
    for after in TIME["earlier"]["after"]:
        text = f"the Armenian Ministry's report {word} week {after} gave 300"
        assert days_earlier(text, 0, len(text)) == 7 * int(value)


@pytest.mark.parametrize("cue", TIME["cues"]["as_of"])
def test_every_as_of_cue_of_the_file_dates_a_running_total(cue: str) -> None:
    assert dates(f"{cue} the 8 October 2020, the enemy lost 40 tanks", None) == [("2020-10-08", True)]


def test_the_nights_of_the_file_run_from_the_evening_before() -> None:
    for night in TIME["cues"]["night_of"]:
        assert dates(f"on the {night} October 14") == [("2020-10-13/2020-10-14", False)]


@pytest.mark.parametrize("verb", TIME["since"]["began"])
def test_every_verb_of_a_beginning_of_the_file_starts_a_period(verb: str) -> None:
    assert dates(f"since the war {verb} on 27 September") == [("2020-09-27/2020-10-14", False)]


@pytest.mark.parametrize("start", TIME["since"]["start_of"])
def test_every_noun_of_a_beginning_of_the_file_starts_a_period(start: str) -> None:
    assert dates(f"since {written(start)} the war on 27 September") == [("2020-09-27/2020-10-14", False)]


@pytest.mark.parametrize("opening", TIME["ranges"]["opening"])
@pytest.mark.parametrize("closing", TIME["ranges"]["closing"])
def test_every_opening_and_closing_word_of_the_file_bounds_a_range(opening: str, closing: str) -> None:
    assert dates(f"{opening} 27 September {closing} 10 October") == [("2020-09-27/2020-10-10", True)]
    if closing in TIME["ranges"]["after_opening_only"]:
        assert dates(f"on 27 September {closing} 10 October") == [("2020-09-27", False), ("2020-10-10", False)]


@pytest.mark.parametrize("hour", [*(f"6 {written(suffix)} on" for suffix in TIME["ranges"]["hour_suffixes"]),
                                  *(f"{hour} on" for hour in TIME["ranges"]["named_hours"]),
                                  *TIME["ranges"]["part_of_day"]])
def test_every_hour_of_the_file_may_bound_a_range(hour: str) -> None:
    assert dates(f"between {hour} 27 September and {hour} 3 October") == [("2020-09-27/2020-10-03", True)]


def test_the_words_of_a_written_date_are_the_files() -> None:
    words = TIME["dates"]
    for suffix in words["ordinal_suffixes"]:
        assert dates(f"October 1{suffix}") == [("2020-10-01", False)]
    for of in words["day_of_month"]:
        assert dates(f"the 8th {of} October") == [("2020-10-08", False)]
    for join in words["day_range"]:
        assert dates(f"12 {join} 14 July") == [("2020-07-12/2020-07-14", False)]
    for join in words["range_to"]:
        assert dates(f"October 8 {join} 100 people") == []


@pytest.mark.parametrize("language", available_languages())
def test_every_key_of_a_language_file_is_one_the_module_reads(language: str) -> None:
    data = load_topic(language, "time")
    assert set(data["relative_days"]) <= set(_DAYS_BACK)
    assert set(data["units"]) <= set(_UNIT_DAYS)
    assert set(data["current_periods"]) <= {"week", "month", "year"}
    assert set(data["months"]) | set(data["month_abbreviations"]) == {str(month) for month in range(1, 13)}
    assert set(data["weekdays"]) == {str(day) for day in range(1, 8)}
    assert all(key.isdigit() for table in ("numbers", "few", "article_counts") for key in data[table])
