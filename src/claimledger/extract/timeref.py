"""Time: the dates a statement gives, and the day (or range of days) each figure refers to.

War statements write dates in many ways: "October 8, 2020", "8 October 2020", "10/19/2020",
"17-October-2020", "12-14 July", "On the night of October 13 to 14", "today". This module
finds them with their character spans, resolves missing years against the document date
and tells an as-of date of a running total ("according to the information of 8 October",
"By 7 October", "For October 7", "as of") from the date of an event ("On October 14").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claimledger.lang.lexicon import ascii_lower
from claimledger.extract.numbers import digit_windows

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sept.",
                "Sep.", "Oct.", "Nov.", "Dec.")
# Month names are matched capitalised or in capitals only: "may" in running text is a verb.
_MONTH = "(?P<{name}>" + "|".join(
    alt for m in _MONTH_NAMES for alt in {re.escape(m).replace(r"\.", r"\.?"), re.escape(m.upper()).replace(r"\.", r"\.?")}
) + ")"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"


_RANGE_JOIN = r"\s*(?:-|–|—|to|and|until|till)\s*"


def _date_kinds() -> list[tuple[str, str]]:
    """Each way of writing a date, with group names prefixed by its kind so that all can share one pattern.

    Ordered: at any position ranges are tried before single dates, so "12-14 July" is not read as "14 July".
    """
    def month(kind: str) -> str:
        return _MONTH.format(name=f"{kind}_m")

    def day(kind: str, name: str = "d") -> str:
        return _DAY.format(name=f"{kind}_{name}")

    def year(kind: str) -> str:
        return _YEAR.format(name=f"{kind}_y")

    return [
        # 12-14 July 2020, 13 to 14 October, 12-16 July, 2020
        ("range_dm", rf"\b{day('range_dm', 'd1')}{_RANGE_JOIN}{day('range_dm', 'd2')}\s+(?:of\s+)?{month('range_dm')}"
                     rf"(?:,?\s+{year('range_dm')})?\b"),
        # October 13 to 14, 2020 / July 12-14
        # ("October 1 and 18:00 on October 13": the second number is an hour, not a day)
        ("range_md", rf"\b{month('range_md')}\s+{day('range_md', 'd1')}{_RANGE_JOIN}{day('range_md', 'd2')}(?![:.]\d)"
                     rf"(?:,?\s+{year('range_md')})?\b"),
        # 17-October-2020, 8 October 2020, 8 October, 8th of October
        ("dmy", rf"\b{day('dmy')}(?:\s+of)?[\s\-]+{month('dmy')}(?:[\s,\-]+{year('dmy')})?\b"),
        # October 8, 2020 / October 8
        ("mdy", rf"\b{month('mdy')}\s+{day('mdy')}\b(?!\s*(?:-|–|to)\s*\d)(?:,?\s+{year('mdy')})?"
                rf"(?!\s*(?:st|nd|rd|th)\b)"),
        # 2020-10-19
        ("iso", r"\b(?P<iso_y>(?:19|20)\d\d)-(?P<iso_mo>[01]\d)-(?P<iso_d>[0-3]\d)\b"),
        # 10/19/2020 (month first, as in US releases; day first when the first number cannot be a month), 19.10.2020
        ("numeric", r"\b(?P<numeric_a>[0-3]?\d)(?P<numeric_sep>[/.])(?P<numeric_b>[0-3]?\d)(?P=numeric_sep)"
                    r"(?P<numeric_y>(?:19|20)?\d\d)\b"),
        # September 2020
        ("month_year", rf"\b{month('month_year')}\s+{year('month_year')}\b"),
    ]


DATE_KINDS = [kind for kind, _ in _date_kinds()]
# Every date starts with a digit or a capital month name: the guard skips every other position at once.
DATE = re.compile("(?=[0-9JFMASOND])(?:" + "|".join(f"(?P<{kind}>{source})" for kind, source in _date_kinds()) + ")")
_NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}
_UNIT_DAYS = {"day": 1, "days": 1, "hours": 1 / 24, "week": 7, "weeks": 7, "month": 30, "months": 30}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# Expressions dated by the day the statement was written.
# Matched on the ASCII-lowered text without IGNORECASE, so the engine can skip on first letters (see lexicon.TermSet).
RELATIVE = re.compile(
    r"\b(?=[tyslodifw])(?:(?P<day>today|tonight|this\s+morning|this\s+afternoon|this\s+evening|"
    r"since\s+(?:the\s+)?morning|yesterday|last\s+night|the\s+day\s+before\s+yesterday|overnight)"
    r"|(?:during|over|in|for|within)\s+the\s+(?:last|past|previous)\s+(?P<count>\d{1,3}|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|several|few)?\s*(?P<unit>day|days|hours|week|weeks|month|months)"
    r"|(?:on\s+|last\s+)(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:in|during|since|throughout)\s+(?:early\s+|late\s+|mid-)?(?P<month>january|february|march|april|may|june|"
    r"july|august|september|october|november|december)(?!\s+\d)"
    r"|this\s+(?P<this>week|month|year))\b"
)
SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", re.IGNORECASE)
# "since fighting between the SAF and the RSF erupted on 15 April", "since Russia launched its invasion on 24
# February": the day the period began.
# "since the start of their large-scale offensive on 27 September" likewise.
SINCE_BEGAN = re.compile(r"\bsince\s+(?:[^.;]{0,100}?\b(?:began|begun|started|erupted|broke\s+out|launched|commenced)"
                         r"(?:\s+(?:its|their|the|an?)\s+(?:[\w-]+\s+){0,2}?[\w-]+)?\s+(?:on\s+)?|"
                         r"the\s+(?:very\s+)?(?:start|beginning|outbreak|onset)\s+of\s+[^.;]{0,80}?\bon\s+)(?:the\s+)?$",
                         re.IGNORECASE)
SINCE_BEGAN_REACH = 140
NIGHT_OF = re.compile(r"\b(?:the\s+)?night\s+of\s*$", re.I)
AS_OF_CUE = re.compile(
    r"(?:\bas\s+of|\bas\s+at|\bby|\bfor|\bup\s+to|\buntil|\bsince|\binformation\s+of|\bdata\s+of|"
    r"\bstate\s+of|\bstatus\s+of|\bsituation\s+(?:on|of))\s+(?:the\s+)?$",
    re.I,
)


# "issued a day earlier", "two days before": how long before a statement's own count an earlier one was made.
EARLIER = re.compile(r"\b(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)"
                     r"\s+(?:earlier|before|previously)\b", re.IGNORECASE)


def days_earlier(text: str, start: int, end: int) -> int:
    """The days between the report a passage cites and the statement's own (1 when it does not say: reports are daily)."""
    m = EARLIER.search(text, start, end)
    if m is None:
        return 1
    count = m.group("count").lower()
    number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    return max(1, round(number * _UNIT_DAYS[m.group("unit").lower()]))


@dataclass(frozen=True, slots=True)
class DateMention:
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


def _month_of(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


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
             day_first: bool | None = None) -> DateMention | None:
    prefix = kind + "_"
    g = {name[len(prefix):]: value for name, value in m.groupdict().items() if name.startswith(prefix)}
    if kind == "iso":
        first = _safe_date(int(g["y"]), int(g["mo"]), int(g["d"]))
        last, precision = first, "day"
    elif kind == "numeric":
        first = _numeric_day(g, reference, day_first)
        last, precision = first, "day"
    elif kind == "month_year":
        month, year = _month_of(g["m"]), int(g["y"])
        first = dt.date(year, month, 1)
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        precision = "month"
    else:
        month = _month_of(g["m"])
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


def _relative(m: re.Match[str], reference: dt.date) -> tuple[dt.date, dt.date, str]:
    """The days a relative expression covers, counted back from the statement's date, and their precision."""
    if m.group("day"):
        word = re.sub(r"\s+", " ", m.group("day").lower())
        if word == "yesterday":
            day = reference - dt.timedelta(days=1)
            return day, day, "day"
        if word == "the day before yesterday":
            day = reference - dt.timedelta(days=2)
            return day, day, "day"
        if word in ("last night", "overnight"):
            return reference - dt.timedelta(days=1), reference, "range"
        return reference, reference, "day"
    if m.group("unit"):
        count = m.group("count")
        number = 1 if count is None else int(count) if count.isdigit() else _NUMBER_WORDS[count.lower()]
        days = max(1, round(number * _UNIT_DAYS[m.group("unit").lower()]))
        return reference - dt.timedelta(days=days), reference, "range"
    if m.group("weekday"):
        back = (reference.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
        day = reference - dt.timedelta(days=back)
        return day, day, "day"
    if m.group("this"):
        # "this month": from its first day to the statement's.
        unit = m.group("this").lower()
        first = (reference - dt.timedelta(days=reference.weekday()) if unit == "week" else
                 reference.replace(day=1) if unit == "month" else reference.replace(month=1, day=1))
        return first, reference, "range"
    month = MONTHS[m.group("month").lower()]
    year = reference.year if month <= reference.month else reference.year - 1
    first = dt.date(year, month, 1)
    return first, dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1), "month"


def find_dates(text: str, reference: dt.date | None = None, default_year: int | None = None) -> list[DateMention]:
    """Every date and range of days in `text` that can be resolved to days, in order, without overlaps."""
    return scan_dates(text, reference, default_year)[0]


def scan_dates(text: str, reference: dt.date | None = None, default_year: int | None = None,
               windows: list[tuple[int, int]] | None = None) -> tuple[list[DateMention], list[tuple[int, int]]]:
    """The resolvable dates of `text`, and the spans of every date-like expression (resolvable or not).

    Every written date has a digit, so only the stretches around digits are scanned.
    """
    matches: list[re.Match[str]] = []
    for low, high in digit_windows(text) if windows is None else windows:
        for m in DATE.finditer(text, low, high):
            if matches and m.start() < matches[-1].end():
                continue  # windows overlap where digits are close together
            matches.append(m)
    # "Between 31/08/21 and 05/09/21": the order one date must be read in is the document's for all of them.
    day_first = _numeric_order(matches)
    spans = [m.span() for m in matches]
    found = [mention for m in matches
             if (mention := _mention(m.lastgroup or "", m, reference, default_year, day_first)) is not None]
    if reference is not None:
        for m in RELATIVE.finditer(ascii_lower(text)):
            first, last, precision = _relative(m, reference)
            found.append(DateMention(m.start(), m.end(), first, last, precision, False))
    found.sort(key=lambda d: d.start)
    return [_with_cues(text, d, reference) for d in _joined_ranges(text, found)], spans


# "from 27 September to 10 October", "between September 27 and October 10": two days that bound one range,
# each perhaps at an hour ("Between 4 a.m. on 24 February ... and midnight on 30 March", "until the morning of").
_HOUR = (r"(?:(?:\d{1,2}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|am|pm|hours|hrs)?|midnight|noon|midday)\s+(?:on\s+)?|"
         r"the\s+(?:morning|afternoon|evening|night|end)\s+of\s+)?")
RANGE_BETWEEN = re.compile(rf"^\s*(?P<aside>,[^,.;]{{1,100}},\s*)?(?:-|–|—|to|until|till|through|and)\s*(?:the\s+)?{_HOUR}$",
                           re.IGNORECASE)
RANGE_OPENER = re.compile(rf"\b(?:from|between)\s+(?:the\s+)?{_HOUR}$", re.IGNORECASE)
RANGE_OPENER_REACH = 30


def _joined_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    joined: list[DateMention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if previous is not None and previous.precision == mention.precision == "day" and previous.last < mention.first \
                and (between := RANGE_BETWEEN.match(text[previous.end:mention.start])) \
                and ((between.group().strip().lower() != "and" and not between.group("aside"))
                     or RANGE_OPENER.search(text, max(0, previous.start - RANGE_OPENER_REACH), previous.start)):
            # "on 27 September and 10 October" are two days; only "between ... and" makes them one range, and
            # only an opening "from"/"between" lets an aside stand between them (", when the attack began,").
            # What is counted over a period is a total as of its last day.
            joined[-1] = DateMention(previous.start, mention.end, previous.first, mention.last, "range", True)
            continue
        joined.append(mention)
    return joined


def _with_cues(text: str, mention: DateMention, reference: dt.date | None = None) -> DateMention:
    before = text[max(0, mention.start - 40):mention.start]
    if reference is not None and mention.last < reference and (
            SINCE.search(before) or SINCE_BEGAN.search(text, max(0, mention.start - SINCE_BEGAN_REACH), mention.start)):
        # "since 27 September": from that day to the day of the statement.
        return DateMention(mention.start, mention.end, mention.first, reference, "range", False)
    if NIGHT_OF.search(before) and mention.first == mention.last:
        # "the night of October 14" spans the evening before.
        mention = DateMention(mention.start, mention.end, mention.first - dt.timedelta(days=1), mention.last,
                              "range", mention.as_of)
    if AS_OF_CUE.search(before):
        mention = DateMention(mention.start, mention.end, mention.first, mention.last, mention.precision, True)
    return mention


HEADER_LINES = 4
HEADER_LINE_MAX = 120
# "YEREVAN, OCTOBER 7, ARMENPRESS.", "Barda, Azerbaijan, October 29, 2020 (AFP) –", "KYIV/MOSCOW, Feb 18, 2024 –":
# a dateline opens its line with the place (and country) it was filed from, each followed by a comma.
DATELINE = re.compile(r"^(?:[A-Z][\w'’.\-/]*(?:\s+[A-Z][\w'’.\-/]*){0,3},\s+){1,3}(?=[0-3]?\d\b|[A-Z][A-Za-z]{2,}\.?\s+\d)")
DATELINE_REACH = 40


def publication_date(text: str, default_year: int | None = None) -> dt.date | None:
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
        for mention in find_dates(line):
            if mention.precision == "day":
                return mention.first
    if default_year is not None:
        for line in lines:
            if (opening := DATELINE.match(line)) is not None:
                for mention in find_dates(line[:opening.end() + DATELINE_REACH], None, default_year):
                    if mention.precision == "day" and mention.start == opening.end():
                        return mention.first
    return None
