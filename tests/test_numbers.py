"""Figures, qualifiers and the numbers that are not counts."""

from __future__ import annotations

import pytest

from claimledger.lang import load_topic
from claimledger.extract.numbers import SpanMask, find_numbers, trap_spans, words_to_number
from claimledger.extract.timeref import scan_dates
from test_lang import spoken


def figures(text: str) -> list[tuple[float | None, str]]:
    mask = SpanMask(trap_spans(text) + scan_dates(text)[1])
    return [(n.value, n.qualifier) for n in find_numbers(text, mask=mask)]


@pytest.mark.parametrize("text, expected", [
    ("1,200 mercenaries", [(1200, "exact")]),
    ("84,000 people", [(84000, "exact")]),
    ("100 thousand fighters", [(100000, "exact")]),
    ("1 billion dollars", [(1_000_000_000, "exact")]),
    ("1.5 million people", [(1_500_000, "exact")]),
    ("five tanks", [(5, "exact")]),
    ("twenty-one soldiers", [(21, "exact")]),
    ("two hundred and fifty houses", [(250, "exact")]),
    ("a hundred shells", [(100, "exact")]),
    ("a dozen drones", [(12, "exact")]),
    ("over a dozen servicemen", [(12, "more_than")]),
    ("100+ missiles", [(100, "at_least")]),
    ("50 or more civilians", [(50, "at_least")]),
    ("about 150 wounded", [(150, "approx")]),
    ("around 150 wounded", [(150, "approx")]),
    ("some 300 fighters", [(300, "approx")]),
    ("more than 300 villages", [(300, "more_than")]),
    ("over 4,300 houses", [(4300, "more_than")]),
    ("at least 1,200 mercenaries", [(1200, "at_least")]),
    ("almost 84,000 people", [(84000, "almost")]),
    ("nearly 40 tanks", [(40, "almost")]),
    ("up to 2,300 servicemen", [(2300, "up_to")]),
    ("as many as 70 people", [(70, "up_to")]),
    ("between 10 and 15 civilians", [(10, "at_least"), (15, "up_to")]),
    ("10-15 civilians", [(10, "at_least"), (15, "up_to")]),
])
def test_figures_and_qualifiers(text: str, expected: list) -> None:
    assert figures(text) == expected


def test_vague_amounts_have_no_value() -> None:
    assert figures("hundreds of terrorists, dozens of houses, several tanks, a number of civilians") == [
        (None, "approx")] * 4


@pytest.mark.parametrize("text", [
    "On October 14, 2020", "on 12-16 July, 2020", "(17-October-2020)", "PRESS-RELEASE 10/19/2020",
    "at about 08:36", "At 08.36 additional", "from 7 o'clock to 9 o'clock", "at 01:00 am",
    "a 76-year-old civilian", "79 years old", "aged 45", "the 75th session", "2 nd Secretary", "the 51 st article",
    "resolution No. 2178 (2014)", "resolutions 822, 853, 874, 884 of 1993", "Article 51", "see [3]",
    "Phone: (202) 337-3500", "call +994 12 492 92 20", "https://mod.gov.az/en/news/33003.html",
    "#Tartar2020", "T-72 tanks", "BM-21 Grad", "S-300 system", "Boeing-757", "F-16s", "2S19 Msta", "TB2 drones", "KS-19 gun",
    "60% of the population", "in 1993", "since 2016", "a 44-day war",
])
def test_numbers_that_are_not_counts(text: str) -> None:
    assert figures(text) == []


def test_one_as_a_pronoun_is_not_a_figure() -> None:
    assert figures("one of the villages") == []
    assert figures("One civilian was killed") == [(1, "exact")]


def test_words_to_number() -> None:
    assert words_to_number("ninety-nine") == 99
    assert words_to_number("three thousand five hundred") == 3500
    assert words_to_number("a hundred") == 100


def test_span_covers_qualifier_and_numeral() -> None:
    text = "killing at least 1,200 mercenaries"
    (mention,) = find_numbers(text)
    assert text[mention.start:mention.end] == "at least 1,200"
    assert text[mention.num_start:mention.num_end] == "1,200"


def test_mask_overlaps() -> None:
    mask = SpanMask([(10, 20), (15, 30), (40, 50)])
    assert mask.overlaps(25, 26) and mask.overlaps(49, 60) and not mask.overlaps(30, 40)


@pytest.mark.parametrize("text", [
    "after seven days of fighting", "In the two months since the offensive began", "in the four months of the defence",
    "Seventy per cent of the victims", "twenty percent of the houses", "a five-year-old girl",
])
def test_numbers_in_words_that_are_durations_ages_or_shares(text: str) -> None:
    assert [value for value, _ in figures(text)] == []


@pytest.mark.parametrize("text", ["its own losses run to several thousand servicemen",
                                  "many thousands of refugees", "a few hundred fighters"])
def test_a_scale_word_after_a_vague_word_is_vague(text: str) -> None:
    assert all(value is None for value, _ in figures(text))


@pytest.mark.parametrize("text", ["The confidential one, with photographs, went to the court.",
                                  "the older one; the newer", "(the last one)"])
def test_one_before_a_comma_or_bracket_is_a_pronoun(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize("text, values", [
    ("Kharkiv | 66 (65) | 245 (243)", [66, 65, 245, 243]),
    ("tanks – 250 (248)", [250, 248]),
    ("killed 1,232 (1,189 the day before)", [1232, 1189]),
])
def test_a_figure_in_brackets_after_a_figure_is_no_footnote(text: str, values: list[int]) -> None:
    assert [value for value, _ in figures(text)] == values


def test_a_bracketed_footnote_mark_after_words_is_still_masked() -> None:
    assert figures("as the report states (2) and") == []


def test_one_before_a_comma_without_a_determiner_is_a_figure() -> None:
    assert figures("the shelling killed one, wounded two") == [(1, "exact"), (2, "exact")]


@pytest.mark.parametrize("text, values", [
    ("The Azerbaijani side lost 410-430 servicemen in the Aghdara direction", [(410, "at_least"), (430, "up_to")]),
    ("The adversary lost 150-200 troops overnight near Jabrayil", [(150, "at_least"), (200, "up_to")]),
    ("Russian losses in the direction are estimated at 700-800 soldiers", [(700, "at_least"), (800, "up_to")]),
])
def test_a_range_of_three_digit_figures_is_no_phone_number(text: str, values: list[tuple[int, str]]) -> None:
    assert figures(text) == values


def test_a_full_phone_number_is_still_masked() -> None:
    assert figures("For enquiries call 012-345-6789 or 345-6789.") == []


def test_digit_windows_merge_the_windows_of_runs_of_digits_that_touch() -> None:
    # digit_windows finds the gaps of more than twice the reach between digits instead of merging run by run: the
    # same windows as the merge, at the ends of the text too, with digits of any script.
    import random
    import re

    from claimledger.extract.numbers import WINDOW_REACH, digit_windows

    def merged(text: str) -> list[tuple[int, int]]:
        windows: list[tuple[int, int]] = []
        for m in re.finditer(r"\d+", text):
            low, high = max(0, m.start() - WINDOW_REACH), min(len(text), m.end() + WINDOW_REACH)
            if windows and low <= windows[-1][1]:
                windows[-1] = (windows[-1][0], high)
            else:
                windows.append((low, high))
        return windows

    rnd = random.Random(2)
    pieces = ["1", "25", "٣", " ", "\n", "x" * 40, "y" * 96, "z" * 97, "w" * 130]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert digit_windows(text) == merged(text), text


# The words of lang/en/numbers.toml drive the figures: every word of a table, in sentences of both sides' statements,
# is read as the table says.

def _numbers_words(table: str, key: str | None = None) -> list[tuple[str, int | None]]:
    """The spoken form of every word of a table, with its value for a table keyed by numbers."""
    entries = load_topic("en", "numbers")[table]
    if key is not None:
        return [(spoken(term), None) for term in entries[key]]
    return [(spoken(term), int(value)) for value, terms in entries.items() for term in terms]


def _figures(text: str) -> list[tuple[str, int | float | None, str]]:
    return [(m.text, m.value, m.qualifier) for m in find_numbers(text, mask=SpanMask(trap_spans(text)))]


NUMBER_WORDINGS = ["Azerbaijan lost {w} tanks near Fuzuli.", "{w} Armenian servicemen were killed.",
                   "The enemy lost {w} soldiers near Bakhmut, the Ukrainian General Staff said."]


@pytest.mark.parametrize("wording", NUMBER_WORDINGS)
def test_every_number_word_is_read_with_its_value(wording: str) -> None:
    for word, value in _numbers_words("units") + _numbers_words("tens"):
        assert _figures(wording.format(w=word)) == [(word, value, "exact")], word
        assert _figures(wording.format(w=word.capitalize())) == [(word.capitalize(), value, "exact")], word
    for word, value in _numbers_words("scales"):
        assert _figures(wording.format(w=f"two {word}")) == [(f"two {word}", 2 * value, "exact")], word
        assert _figures(wording.format(w=f"a {word}")) == [(f"a {word}", value, "exact")], word
        assert _figures(wording.format(w=f"several {word}"))[-1] == (word, None, "approx"), word
    for word, value in _numbers_words("scales") + _numbers_words("scale_abbreviations"):
        if value >= 1_000:
            assert _figures(wording.format(w=f"1.5 {word}")) == [(f"1.5 {word}", int(1.5 * value), "exact")], word
    for word, value in _numbers_words("counted_sets"):
        assert _figures(wording.format(w=f"a {word}")) == [(f"a {word}", value, "exact")], word


@pytest.mark.parametrize("wording", NUMBER_WORDINGS)
def test_every_vague_amount_is_a_figure_without_a_value(wording: str) -> None:
    for word, _ in _numbers_words("vague", "amounts"):
        assert _figures(wording.format(w=word)) == [(word, None, "approx")], word


@pytest.mark.parametrize("wording", NUMBER_WORDINGS)
def test_every_qualifier_qualifies_the_figure_it_stands_by(wording: str) -> None:
    for qualifier, terms in load_topic("en", "numbers")["qualifiers_before"].items():
        for word in map(spoken, terms):
            assert _figures(wording.format(w=f"{word} 300")) == [(f"{word} 300", 300, qualifier)], word
    for qualifier, terms in load_topic("en", "numbers")["qualifiers_after"].items():
        for word in map(spoken, terms):
            assert _figures(wording.format(w=f"300 {word}")) == [(f"300 {word}", 300, qualifier)], word


@pytest.mark.parametrize("wording", [
    "{one} them was killed in Tartar.", "The Armenian army lost {one} day.",
    "Russian forces hit the building, {one} in Kharkiv.",
])
def test_one_as_a_pronoun_is_no_figure(wording: str) -> None:
    for word, _ in _numbers_words("pronoun_one", "after"):
        text = wording.format(one=f"one {word}")
        found = find_numbers(text)
        assert all(m.num_start != text.index("one") for m in found), text
    for word, _ in _numbers_words("pronoun_one", "determiners"):
        assert _figures(f"Azerbaijan shot down {word} one, Armenia says.") == [], word


@pytest.mark.parametrize("wording", ["Azerbaijan lost {low} {w} {high} tanks.", "{low} {w} {high} Armenian soldiers",
                                     "Ukraine lost {low} {w} {high} servicemen."])
def test_every_word_of_a_range_joins_its_two_ends(wording: str) -> None:
    for word, _ in _numbers_words("ranges", "to"):
        assert [q for _, _, q in _figures(wording.format(low="10", w=word, high="15"))] == ["at_least", "up_to"]
    for word, _ in _numbers_words("ranges", "and"):
        for between, _ in _numbers_words("ranges", "between"):
            text = wording.format(low=f"{between} 10", w=word, high="15")
            assert [q for _, _, q in _figures(text)] == ["at_least", "up_to"], text
        assert [q for _, _, q in _figures(wording.format(low="10", w=word, high="15"))] == ["exact", "exact"]


@pytest.mark.parametrize("wording", ["Armenian shelling of Tartar: {w}, the ministry said.",
                                     "Azerbaijani MoD, {w}: the enemy lost tanks.",
                                     "Ukrainian General Staff report {w} on Russian losses."])
def test_every_word_of_a_number_that_is_no_count_traps_it(wording: str) -> None:
    not_counts = {key: [spoken(term) for term in terms]
                  for key, terms in load_topic("en", "numbers")["not_counts"].items()}
    units = not_counts["time_units"]
    texts = [f"7 {unit}s" for unit in units] + [f"a 5-{unit} truce" for unit in units]
    texts += [f"25 {unit}s {old}" for unit in not_counts["age_unit"] for old in not_counts["old"]]
    texts += [f"{aged} {by} 18 {join} 60" for aged in not_counts["aged"] for by in not_counts["aged_from"]
              for join in not_counts["ages_join"]]
    texts += [f"40 {word}" for word in not_counts["percent"]]
    texts += [f"12:00 {word}" for word in not_counts["clock_suffixes"]]
    texts += [f"7 {word}" for word in not_counts["hour_words"]]
    texts += [f"{word} 08.36" for word in not_counts["before_time"]]
    texts += [f"{word} {number} 822 {join} 823" for word in not_counts["references"] + not_counts["number"]
              for number in not_counts["reference_number"] for join in not_counts["references_join"]]
    texts += [f"{word} 2020" for word in not_counts["before_year"]]
    for text in texts:
        assert _figures(wording.format(w=text)) == [], text
    for word in not_counts["counted_by_number"]:
        assert _figures(wording.format(w=f"civilian {word} number 36")) == [("36", 36, "exact")], word
    for unit in units:
        assert _figures(wording.format(w=f"seven {unit}s")) == [], unit


def test_a_number_beyond_any_count_is_no_figure_and_never_infinite() -> None:
    # Hundreds of digits in a row (a corrupt file, a hash) would read as an infinite float and break JSON output.
    from claimledger.extract.numbers import MAX_FIGURE

    for text in ("Azerbaijani shelling killed " + "9" * 400 + " civilians in Stepanakert.",
                 "Armenian forces lost " + "1" * 20 + " tanks near Fuzuli, the ministry said.",
                 "The Russian side claimed 5,000,000,000,000,000 Ukrainian drones were downed."):
        assert all(m.value is None or m.value <= MAX_FIGURE for m in find_numbers(text)), text
    # Each is passed over with why, for `claimledger extract --explain`.
    from claimledger.extract.numbers import BEYOND_MAX_FIGURE, PassedOver
    text = "Armenian forces lost " + "1" * 20 + " tanks and Azerbaijan 7,000,000,000,000,000 drones, Baku said."
    refused: list[PassedOver] = []
    assert [m.value for m in find_numbers(text, passed_over=refused)] == []
    assert [(p.text, p.reason) for p in refused] == [("1" * 20, BEYOND_MAX_FIGURE),
                                                     ("7,000,000,000,000,000", BEYOND_MAX_FIGURE)]
    assert text[refused[0].start:refused[0].end] == "1" * 20
    # A trillion is a scale like a billion: damage and budgets are claimed in trillions, on both sides.
    assert [m.value for m in find_numbers("Damage is put at $1.2 trillion and 4,500 homes.")] == [1.2e12, 4500]
    assert [m.value for m in find_numbers("Kyiv says Russia has spent 2 trillion rubles on the war.")] == [2e12]
    assert [m.value for m in find_numbers("Baku puts the damage at 1.5 tn manats, Yerevan at 3 bn drams.")] == \
        [1.5e12, 3e9]


def test_thousands_grouped_by_spaces_or_full_stops_are_one_figure() -> None:
    # "12 345" (a space, a no-break space or a narrow one) and "1.000.000" as much of Europe writes them, in both
    # sides' statements; a year before a figure, a day and a lone "1.000" keep their old readings.
    cases = {
        "The Azerbaijani side lost 12 345 servicemen, the ministry said.": [12345],
        "Армения: противник потерял 2\u00a0783 военнослужащих — Armenian forces destroyed 2\u00a0783 targets.": [2783, 2783],
        "Ukraine's General Staff puts Russian losses at 1\u202f234\u202f567 rubles of equipment.": [1234567],
        "Russia says 1.200.000 refugees have arrived from Ukraine since 2022.": [1200000, 2022],
        "In 2020 123 civilians were killed; on 12 October 300 houses were hit.": [2020, 123, 12, 300],
    }
    for text, values in cases.items():
        assert [m.value for m in find_numbers(text) if m.value is not None] == values, text


def test_a_decimal_comma_before_a_scale_is_a_fraction_of_it() -> None:
    # "1,2 million" as much of Europe writes 1.2 million; "1,200" with no scale after it stays twelve hundred.
    cases = {
        "Kyiv says about 1,2 million people have fled the Russian shelling.": [1_200_000],
        "Moscow puts Ukrainian losses at 2,5 bn dollars of Western weapons.": [2_500_000_000],
        "Baku: Armenia mobilised 3,5 thousand reservists, and 1,200 tanks stand ready.": [3_500, 1_200],
    }
    for text, values in cases.items():
        assert [m.value for m in find_numbers(text) if m.value is not None] == values, text


def test_arabic_indic_and_persian_digits_are_figures() -> None:
    # Statements of the Gaza ministry and of Iran's agencies quote figures in their own digits.
    assert [m.value for m in find_numbers("Israeli strikes killed \u0661\u0662 civilians in Gaza, the ministry said.")] == [12]
    assert [m.value for m in find_numbers("Hamas says \u0663\u0660\u0660 homes were destroyed in Khan Younis.")] == [300]
    assert [m.value for m in find_numbers("IRNA: \u06f1\u06f5 drones were shot down over Isfahan.")] == [15]


# --------------------------------------------------------------------------- properties (Hypothesis)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from claimledger.extract.numbers import MAX_FIGURE  # noqa: E402


def _written(value: int, mark: str) -> str:
    return f"{value:,}".replace(",", mark)


@given(value=st.integers(min_value=0, max_value=MAX_FIGURE),
       mark=st.sampled_from([",", " ", "\u00a0", "\u202f", "."]),
       wording=st.sampled_from(NUMBER_WORDINGS + ["Kyiv says Russia lost {w} troops.",
                                                  "According to Yerevan, {w} drones were downed over Artsakh."]))
def test_any_count_in_any_grouping_of_thousands_is_read_as_its_value(value: int, mark: str, wording: str) -> None:
    # "1.000" may be one with three decimals: full stops group a figure of two groups or more.
    written = _written(value, mark) if mark != "." or value >= 1_000_000 else _written(value, ",")
    text = wording.format(w=written)
    assert [(m.text, m.value) for m in find_numbers(text, mask=SpanMask(trap_spans(text)))] == [(written, value)]


NUMBER_TOKENS = ["0", "1", "7", "12", "999", "1,200", "1.5", "2 000", "12\u202f345", "1.000.000", "0012", "-", "–",
                 "+", "(+3)", "%", "$", "bn", " million", " thousand", " trillion", "about ", "more than ", "over ",
                 "at least ", "dozens of ", "hundreds of ", "one", "twenty-one", "a dozen", " and ", " to ", ", ", ". ",
                 ":", "/", "No. ", "T-72", "aged ", "2020", "19:00", "\u0663\u0665", "\u06f1\u06f2", "9" * 30]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(NUMBER_TOKENS), max_size=40).map("".join))
def test_any_run_of_figures_words_and_marks_gives_figures_inside_the_text_and_finite(text: str) -> None:
    for m in find_numbers(text, mask=SpanMask(trap_spans(text))):
        assert 0 <= m.start <= m.num_start < m.num_end <= m.end <= len(text)
        assert m.text == text[m.start:m.end]
        assert m.value is None or 0 <= m.value <= MAX_FIGURE
