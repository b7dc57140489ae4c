"""Dates, ranges, as-of dates and publication dates."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extract.timeref import days_earlier, find_dates, publication_date

REFERENCE = dt.date(2020, 10, 14)


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
