"""Time: the dates a statement gives, and the day (or range of days) each figure refers to.

War statements write dates in many ways: "October 8, 2020", "8 October 2020", "10/19/2020",
"17-October-2020", "12-14 July", "On the night of October 13 to 14", "today". This module
finds them with their character spans, resolves missing years against the document date
and tells an as-of date of a running total ("according to the information of 8 October",
"By 7 October", "For October 7", "as of") from the date of an event ("On October 14").

The words are the language's (`lang/<code>/time.toml`: month names, relative days, cues, range words),
compiled once per language by `rules_for`; the patterns here say how they combine with digits and punctuation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimledger.lang import alternation, load_topic, words as _words
from claimledger.lang.lexicon import AfterSeparator, _first_characters, _lower_regex, ascii_lower, at_word_start
from claimledger.extract.numbers import digit_windows

# How many days before the statement's day each day named from it begins and ends ([relative_days] of time.toml).
_DAYS_BACK = {"today": (0, 0), "yesterday": (1, 1), "day_before_yesterday": (2, 2), "last_night": (1, 0)}
# The length in days of each unit of time ([units]): periods are counted in whole days.
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}
# The units an earlier report is said to be older by: "two days earlier", "a week before".
_EARLIER_UNITS = ("day", "week")
# How far before a date its cues are looked for: "as of the", "the night of", "since"; "since the war began on".
CUE_REACH = 40
SINCE_BEGAN_REACH = 140
# How far before a range's first day its opening word is looked for: "from", "between 6 a.m. on".
RANGE_OPENER_REACH = 30

Table = dict[str, tuple[str, ...]]


def _spaced(term: str) -> str:
    """A term of the language file, each space in it standing for any run of white space."""
    return term.replace(" ", r"\s+")


def _capitals(term: str) -> str:
    """A term's regular expression in capitals ("OCT\\.?"), escapes left as they are."""
    return re.sub(r"(\\.)|([a-z])", lambda m: m.group(1) or m.group(2).upper(), term)


def _lookahead(characters: set[str]) -> str:
    return "(?=[" + "".join(re.escape(c) for c in sorted(characters)) + "])"


class KeyedWords:
    """Tables of word lists keyed by what the words mean (a month's number, a unit of time, a day named from the
    statement's): one alternation of all their words to match, and the key of a text that one of them matched."""

    def __init__(self, *tables: Table):
        lists: dict[str, list[str]] = {}
        for table in tables:
            for key, terms in table.items():
                lists.setdefault(key, []).extend(_spaced(term) for term in terms)
        self.terms = tuple(term for terms in lists.values() for term in terms)
        self.pattern = alternation(self.terms)
        self._lists = [(key, re.compile(alternation(tuple(terms)), re.IGNORECASE)) for key, terms in lists.items()]
        # A statement writes the same few words again and again: each is looked up once.
        self._key_of: dict[str, str] = {}

    def key(self, matched: str) -> str:
        key = self._key_of.get(matched)
        if key is None:
            key = next(key for key, words in self._lists if words.fullmatch(matched))
            self._key_of[matched] = key
        return key


@dataclass(frozen=True)
class TimeRules:
    """The time vocabulary of one language (lang/<code>/time.toml) compiled into the matchers this module uses."""

    date: re.Pattern[str]
    # Days and periods named from the statement's day ("yesterday", "over the past 24 hours", "in September"),
    # matched on the ASCII-lowered text.
    relative: AfterSeparator
    since: re.Pattern[str]
    since_began: re.Pattern[str]
    night_of: re.Pattern[str]
    as_of: re.Pattern[str]
    range_between: re.Pattern[str]
    range_opener: re.Pattern[str]
    after_opening_only: re.Pattern[str]
    earlier: re.Pattern[str]
    months: KeyedWords
    weekdays: KeyedWords
    relative_days: KeyedWords
    current_periods: KeyedWords
    units: KeyedWords
    counts: KeyedWords


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> TimeRules:
    data = load_topic(language, "time")
    cues, since, ranges = data["cues"], data["since"], data["ranges"]
    article = rf"(?:{_words(cues['article'])}\s+)?"
    on_day = _words(cues["on_day"])
    # The hour a range may be bounded at: "6 a.m. on", "midnight on", "the morning of".
    hour = (rf"(?:(?:\d{{1,2}}(?:[:.]\d\d)?\s*{_words(ranges['hour_suffixes'])}?|{_words(ranges['named_hours'])})\s+"
            rf"(?:{on_day}\s+)?|{_words(ranges['part_of_day'])}\s+)?")
    earlier_counts = KeyedWords(data["numbers"], data["article_counts"])
    earlier_units = KeyedWords({unit: data["units"][unit] for unit in _EARLIER_UNITS})
    return TimeRules(
        date=_date_pattern(data),
        relative=_relative_pattern(data),
        since=re.compile(rf"\b{_words(since['words'])}\s+{article}$", re.IGNORECASE),
        # "since fighting ... erupted on 15 April", "since the start of their offensive on 27 September".
        since_began=re.compile(
            rf"\b{_words(since['words'])}\s+(?:[^.;]{{0,100}}?\b{_words(since['began'])}"
            rf"(?:\s+{_words(since['determiners'])}\s+(?:[\w-]+\s+){{0,2}}?[\w-]+)?\s+(?:{on_day}\s+)?|"
            rf"{_words(since['start_of'])}\s+[^.;]{{0,80}}?\b{on_day}\s+){article}$", re.IGNORECASE),
        night_of=re.compile(rf"\b{article}{_words(cues['night_of'])}\s*$", re.IGNORECASE),
        as_of=re.compile(rf"\b{_words(cues['as_of'])}\s+{article}$", re.IGNORECASE),
        range_between=re.compile(rf"^\s*(?P<aside>,[^,.;]{{1,100}},\s*)?(?:[-–—]|{_words(ranges['closing'])})\s*"
                                 rf"{article}{hour}$", re.IGNORECASE),
        range_opener=re.compile(rf"\b{_words(ranges['opening'])}\s+{article}{hour}$", re.IGNORECASE),
        after_opening_only=re.compile(_words(ranges["after_opening_only"]), re.IGNORECASE),
        earlier=re.compile(rf"\b(?P<count>\d{{1,2}}|{earlier_counts.pattern})\s+(?P<unit>{earlier_units.pattern})"
                           rf"\s+{_words(data['earlier']['after'])}\b", re.IGNORECASE),
        months=KeyedWords(data["months"], data["month_abbreviations"]),
        weekdays=KeyedWords(data["weekdays"]),
        relative_days=KeyedWords(data["relative_days"]),
        current_periods=KeyedWords(data["current_periods"]),
        units=KeyedWords(data["units"]),
        counts=KeyedWords(data["numbers"], data["few"], data["article_counts"]),
    )


def _date_pattern(data: dict[str, Table]) -> re.Pattern[str]:
    """Each way of writing a date as one pattern, its group names prefixed by the kind of date they belong to.

    Ordered: at any position ranges are tried before single dates, so "12-14 July" is not read as "14 July".
    """
    words = data["dates"]
    # Month names are matched capitalised or in capitals only: "may" in running text is a verb.
    names = KeyedWords(data["months"], data["month_abbreviations"]).terms
    month_names = alternation(tuple(dict.fromkeys(cased for name in names for cased in (name, _capitals(name)))))
    ordinal = alternation(words["ordinal_suffixes"])
    of = alternation(words["day_of_month"])
    range_join = rf"\s*(?:[-–—]|{alternation(words['day_range'])})\s*"

    def month(kind: str) -> str:
        return f"(?P<{kind}_m>{month_names})"

    def day(kind: str, name: str = "d") -> str:
        return rf"(?P<{kind}_{name}>[0-3]?\d){ordinal}?"

    def year(kind: str) -> str:
        return rf"(?P<{kind}_y>(?:19|20)\d\d)"

    kinds = [
        # 12-14 July 2020, 13 to 14 October, 12-16 July, 2020
        ("range_dm", rf"\b{day('range_dm', 'd1')}{range_join}{day('range_dm', 'd2')}\s+(?:{of}\s+)?{month('range_dm')}"
                     rf"(?:,?\s+{year('range_dm')})?\b"),
        # October 13 to 14, 2020 / July 12-14
        # ("October 1 and 18:00 on October 13": the second number is an hour, not a day)
        ("range_md", rf"\b{month('range_md')}\s+{day('range_md', 'd1')}{range_join}{day('range_md', 'd2')}(?![:.]\d)"
                     rf"(?:,?\s+{year('range_md')})?\b"),
        # 17-October-2020, 8 October 2020, 8 October, 8th of October
        ("dmy", rf"\b{day('dmy')}(?:\s+{of})?[\s\-]+{month('dmy')}(?:[\s,\-]+{year('dmy')})?\b"),
        # October 8, 2020 / October 8
        ("mdy", rf"\b{month('mdy')}\s+{day('mdy')}\b(?!\s*(?:[-–]|{alternation(words['range_to'])})\s*\d)"
                rf"(?:,?\s+{year('mdy')})?(?!\s*{ordinal}\b)"),
        # 2020-10-19
        ("iso", r"\b(?P<iso_y>(?:19|20)\d\d)-(?P<iso_mo>[01]\d)-(?P<iso_d>[0-3]\d)\b"),
        # 10/19/2020 (month first, as in US releases; day first when the first number cannot be a month), 19.10.2020
        ("numeric", r"\b(?P<numeric_a>[0-3]?\d)(?P<numeric_sep>[/.])(?P<numeric_b>[0-3]?\d)(?P=numeric_sep)"
                    r"(?P<numeric_y>(?:19|20)?\d\d)\b"),
        # September 2020
        ("month_year", rf"\b{month('month_year')}\s+{year('month_year')}\b"),
    ]
    # Every date starts with a digit or a month name: the guard skips every other position at once.
    month_starts = _first_characters(month_names)
    guard = _lookahead(set("0123456789") | month_starts) if month_starts else ""
    return re.compile(guard + "(?:" + "|".join(f"(?P<{kind}>{source})" for kind, source in kinds) + ")")


def _relative_pattern(data: dict[str, Table]) -> AfterSeparator:
    """Days and periods named from the statement's day, one group for each way of naming them."""
    periods = data["periods"]

    def words(terms: tuple[str, ...]) -> str:
        return _lower_regex(_words(terms))

    def keyed(*tables: Table) -> str:
        return words(tuple(term for table in tables for terms in table.values() for term in terms))

    # "mid-August": a part of the month ending in a hyphen is written onto it.
    part_of_month = words(tuple(part if part.endswith("-") else part + " " for part in periods["part_of_month"]))
    body = (rf"(?P<day>{keyed(data['relative_days'])})"
            rf"|{words(periods['before_last'])}\s+{words(periods['last'])}\s+"
            rf"(?P<count>\d{{1,3}}|{keyed(data['numbers'], data['few'])})?\s*(?P<unit>{keyed(data['units'])})"
            rf"|{words(periods['before_weekday'])}\s+(?P<weekday>{keyed(data['weekdays'])})"
            rf"|{words(periods['before_month'])}\s+{part_of_month}?(?P<month>{keyed(data['months'])})(?!\s+\d)"
            rf"|(?P<current>{keyed(data['current_periods'])})")
    # Lower-case patterns on the lowered text, without IGNORECASE, behind a class of their first letters: the engine
    # rejects every other position at once (see lexicon.TermSet).
    return at_word_start(rf"{_lookahead(_first_characters(body))}(?:{body})\b")


def days_earlier(text: str, start: int, end: int, language: str = "en") -> int:
    """The days between the report a passage cites and the statement's own (1 when it does not say: reports are daily)."""
    rules = rules_for(language)
    m = rules.earlier.search(text, start, end)
    if m is None:
        return 1
    count = m.group("count")
    number = int(count if count.isdigit() else rules.counts.key(count))
    return max(1, round(number * _UNIT_DAYS[rules.units.key(m.group("unit"))]))


class DateMention(NamedTuple):
    """A date or range of days named in a text. `start`/`end` are its character span."""

    start: int
    end: int
    first: dt.date
    last: dt.date
    precision: str  # "day", "range" or "month"
    as_of: bool  # "as of 8 October", "By 7 October": the day a running total was counted

    def iso(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, reference: dt.date | None, default_year: int | None) -> int | None:
    """A statement that writes "On October 14" means the latest such day on or shortly before it was written."""
    if reference is None:
        return default_year
    candidate = _safe_date(reference.year, month, day)
    if candidate is not None and candidate > reference + dt.timedelta(days=31):
        return reference.year - 1
    return reference.year


def _numeric_order(matches: list[re.Match[str]]) -> bool | None:
    """Whether a document writes its slashed dates day first: True when one of them can only be read so
    ("31/08/21"), False when one can only be read month first ("10/19/2020"), None when none tells."""
    for m in matches:
        if m.lastgroup == "numeric" and m.group("numeric_sep") == "/":
            a, b = int(m.group("numeric_a")), int(m.group("numeric_b"))
            if a > 12 >= b:
                return True
            if b > 12 >= a:
                return False
    return None


def _numeric_day(g: dict[str, str], reference: dt.date | None, day_first: bool | None) -> dt.date | None:
    """ "19.10.2020" is day first; "05/09/21" in the document's order, else in the reading that gives a day, else in
    the one nearest before the statement's date (a statement of 10 September means 4 September by "04/09/21"), else
    month first, as US releases write it."""
    a, b, year = int(g["a"]), int(g["b"]), int(g["y"])
    year += 2000 if year < 100 else 0
    day_first_reading, month_first_reading = _safe_date(year, b, a), _safe_date(year, a, b)
    if g["sep"] != "/" or month_first_reading is None:
        return day_first_reading
    if day_first_reading is None or day_first is False:
        return month_first_reading
    if day_first:
        return day_first_reading
    if reference is not None:
        candidates = [d for d in (month_first_reading, day_first_reading) if d <= reference + dt.timedelta(days=1)]
        if candidates:
            return min(candidates, key=lambda d: abs((reference - d).days))
    return month_first_reading


def _mention(kind: str, m: re.Match[str], reference: dt.date | None, default_year: int | None,
             day_first: bool | None, rules: TimeRules) -> DateMention | None:
    prefix = kind + "_"
    g = {name[len(prefix):]: value for name, value in m.groupdict().items() if name.startswith(prefix)}
    if kind == "iso":
        first = _safe_date(int(g["y"]), int(g["mo"]), int(g["d"]))
        last, precision = first, "day"
    elif kind == "numeric":
        first = _numeric_day(g, reference, day_first)
        last, precision = first, "day"
    elif kind == "month_year":
        month, year = int(rules.months.key(g["m"])), int(g["y"])
        first = dt.date(year, month, 1)
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        precision = "month"
    else:
        month = int(rules.months.key(g["m"]))
        if kind.startswith("range"):
            d1, d2 = int(g["d1"]), int(g["d2"])
            if not 1 <= d1 < d2 <= 31:
                return None
        else:
            d1 = d2 = int(g["d"])
        year = int(g["y"]) if g.get("y") else _infer_year(month, d1, reference, default_year)
        if year is None:
            return None
        first, last = _safe_date(year, month, d1), _safe_date(year, month, d2)
        precision = "range" if d1 != d2 else "day"
    if first is None or last is None:
        return None
    return DateMention(m.start(), m.end(), first, last, precision, as_of=False)


def _relative(m: re.Match[str], reference: dt.date, rules: TimeRules) -> tuple[dt.date, dt.date, str]:
    """The days a relative expression covers, counted back from the statement's date, and their precision."""
    if m.group("day"):
        first_back, last_back = _DAYS_BACK[rules.relative_days.key(m.group("day"))]
        first, last = reference - dt.timedelta(days=first_back), reference - dt.timedelta(days=last_back)
        return first, last, "day" if first == last else "range"
    if m.group("unit"):
        count = m.group("count")
        number = 1 if count is None else int(count if count.isdigit() else rules.counts.key(count))
        days = max(1, round(number * _UNIT_DAYS[rules.units.key(m.group("unit"))]))
        return reference - dt.timedelta(days=days), reference, "range"
    if m.group("weekday"):
        back = (reference.isoweekday() - int(rules.weekdays.key(m.group("weekday")))) % 7
        day = reference - dt.timedelta(days=back)
        return day, day, "day"
    if m.group("current"):
        # "this month": from its first day to the statement's.
        unit = rules.current_periods.key(m.group("current"))
        first = (reference - dt.timedelta(days=reference.weekday()) if unit == "week" else
                 reference.replace(day=1) if unit == "month" else reference.replace(month=1, day=1))
        return first, reference, "range"
    month = int(rules.months.key(m.group("month")))
    year = reference.year if month <= reference.month else reference.year - 1
    first = dt.date(year, month, 1)
    return first, dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1), "month"


def find_dates(text: str, reference: dt.date | None = None, default_year: int | None = None,
               language: str = "en") -> list[DateMention]:
    """Every date and range of days in `text` that can be resolved to days, in order, without overlaps."""
    return scan_dates(text, reference, default_year, language=language)[0]


def scan_dates(text: str, reference: dt.date | None = None, default_year: int | None = None,
               windows: list[tuple[int, int]] | None = None,
               language: str = "en") -> tuple[list[DateMention], list[tuple[int, int]]]:
    """The resolvable dates of `text`, and the spans of every date-like expression (resolvable or not).

    Every written date has a digit, so only the stretches around digits are scanned.
    """
    rules = rules_for(language)
    matches: list[re.Match[str]] = []
    for low, high in digit_windows(text) if windows is None else windows:
        for m in rules.date.finditer(text, low, high):
            if matches and m.start() < matches[-1].end():
                continue  # windows overlap where digits are close together
            matches.append(m)
    # "Between 31/08/21 and 05/09/21": the order one date must be read in is the document's for all of them.
    day_first = _numeric_order(matches)
    spans = [m.span() for m in matches]
    found = [mention for m in matches
             if (mention := _mention(m.lastgroup or "", m, reference, default_year, day_first, rules)) is not None]
    if reference is not None:
        for m in rules.relative.finditer(ascii_lower(text)):
            first, last, precision = _relative(m, reference, rules)
            found.append(DateMention(m.start(), m.end(), first, last, precision, False))
    found.sort(key=lambda d: d.start)
    return [_with_cues(text, d, reference, rules) for d in _joined_ranges(text, found, rules)], spans


def _joined_ranges(text: str, mentions: list[DateMention], rules: TimeRules) -> list[DateMention]:
    """Two days that bound one range joined into it: "from 27 September to 10 October", "between September 27 and
    October 10", each perhaps at an hour ("Between 4 a.m. on 24 February ... and midnight on 30 March")."""
    joined: list[DateMention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if previous is not None and previous.precision == mention.precision == "day" and previous.last < mention.first \
                and (between := rules.range_between.match(text[previous.end:mention.start])) \
                and ((not rules.after_opening_only.fullmatch(between.group().strip()) and not between.group("aside"))
                     or rules.range_opener.search(text, max(0, previous.start - RANGE_OPENER_REACH), previous.start)):
            # "on 27 September and 10 October" are two days; only "between ... and" makes them one range, and
            # only an opening "from"/"between" lets an aside stand between them (", when the attack began,").
            # What is counted over a period is a total as of its last day.
            joined[-1] = DateMention(previous.start, mention.end, previous.first, mention.last, "range", True)
            continue
        joined.append(mention)
    return joined


def _with_cues(text: str, mention: DateMention, reference: dt.date | None, rules: TimeRules) -> DateMention:
    before = text[max(0, mention.start - CUE_REACH):mention.start]
    if reference is not None and mention.last < reference and (rules.since.search(before) or rules.since_began.search(
            text, max(0, mention.start - SINCE_BEGAN_REACH), mention.start)):
        # "since 27 September": from that day to the day of the statement.
        return DateMention(mention.start, mention.end, mention.first, reference, "range", False)
    if rules.night_of.search(before) and mention.first == mention.last:
        # "the night of October 14" spans the evening before.
        mention = DateMention(mention.start, mention.end, mention.first - dt.timedelta(days=1), mention.last,
                              "range", mention.as_of)
    if rules.as_of.search(before):
        mention = DateMention(mention.start, mention.end, mention.first, mention.last, mention.precision, True)
    return mention


HEADER_LINES = 4
HEADER_LINE_MAX = 120
# "YEREVAN, OCTOBER 7, ARMENPRESS.", "Barda, Azerbaijan, October 29, 2020 (AFP) –", "KYIV/MOSCOW, Feb 18, 2024 –":
# a dateline opens its line with the place (and country) it was filed from, each followed by a comma.
DATELINE = re.compile(r"^(?:[A-Z][\w'’.\-/]*(?:\s+[A-Z][\w'’.\-/]*){0,3},\s+){1,3}(?=[0-3]?\d\b|[A-Z][A-Za-z]{2,}\.?\s+\d)")
DATELINE_REACH = 40


def publication_date(text: str, default_year: int | None = None, language: str = "en") -> dt.date | None:
    """The date a statement carries in its heading or dateline ("October 8, 2020, Islamabad"), if any.

    Only short lines near the top count, and datelines opening a paragraph there, so that dates of
    events in the body are not taken for it. A dateline without a year ("Baku, September 28,
    AZERTAC") is read in `default_year` (the profile's), when one is given.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for number, line in enumerate(lines):
        opening = DATELINE.match(line)
        if opening:
            line = line[:opening.end() + DATELINE_REACH]
        elif len(line) > HEADER_LINE_MAX:
            if number > 0:
                continue
            # A dateline opening the first paragraph: "Ministry of Defence, 3 March 2024. In total, ..."
            line = re.split(r"(?<=\d{4})[.:]\s|\s[-–—]\s", line[:HEADER_LINE_MAX], maxsplit=1)[0]
            if len(line) >= HEADER_LINE_MAX:
                continue
        for mention in find_dates(line, language=language):
            if mention.precision == "day":
                return mention.first
    if default_year is not None:
        for line in lines:
            if (opening := DATELINE.match(line)) is not None:
                for mention in find_dates(line[:opening.end() + DATELINE_REACH], None, default_year, language):
                    if mention.precision == "day" and mention.start == opening.end():
                        return mention.first
    return None
