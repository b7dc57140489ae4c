"""Numbers: every figure a text states, with its qualifier, and the numbers that are not counts.

Figures come as digits ("1,200", "100+", "1.5 million", "100 thousand"), as words ("five",
"twenty-one", "a dozen", "a hundred") and as vague amounts ("hundreds of", "several") that
carry no value. Qualifiers before or after them ("more than", "about", "at least", "100+",
"or more") become the claim's qualifier.

Many numbers in war statements are not counts: dates, times, years, ages, ordinals,
resolution and article numbers, footnote marks, phone numbers, URLs, percentages and model
designations (T-72, BM-21, S-300, Boeing-757, 2S19, TB2). `trap_spans` finds them so that
no figure is read inside them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claimledger.lang.lexicon import _by_first_letter, _first_characters, ascii_fold, ascii_lower

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "mln": 1_000_000, "bn": 1_000_000_000}

# Gathered behind their first letters (lexicon._by_first_letter): the number words are tried at every word start.
_WORD = _by_first_letter(sorted([*UNITS, *TENS, "hundred", "thousand", "million", "billion"], key=len, reverse=True))
_WORD_RUN = rf"(?:an?\s+(?=(?:hundred|thousand|million|billion)\b))?(?:{_WORD})(?:(?:\s+and\s+|[\s\-]+)(?:{_WORD}))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_VAGUE = _by_first_letter([
    r"hundreds\s+of\s+thousands", r"tens\s+of\s+thousands", "hundreds", "thousands", "millions", "dozens", "scores",
    # "multiple launch rocket systems" is a weapon, not an amount.
    "several", r"a\s+number\s+of", "numerous", r"a\s+few", r"a\s+couple\s+of", r"multiple(?![\s\-]+launch)",
    r"(?<!how\s)many(?!\s+as\b)"])

_IN_WORDS = [rf"(?P<dozen>(?:a\s+)?dozen)(?![\w\-])", rf"(?P<words>{_WORD_RUN})(?![\w\-])",
             rf"(?P<vague>{_VAGUE})(?![\w\-])"]
_FIRST_LETTERS = [_first_characters(kind) for kind in _IN_WORDS]


def _starts_lookahead(letters: set[str] | None, digits: bool = False) -> str:
    """A lookahead of the letters (and with `digits`, the digits) a match can start with; "" when it could start with
    any character."""
    return "" if letters is None else "(?=[" + r"\d" * digits + "".join(sorted(letters)) + "])"


# Every word start is tried: lookaheads of the characters a figure, and each kind of figure, can start with let the
# engine pass the other words without entering each kind's group (76 -> 54 ms/MB over the dev and seed texts).
NUMBER = re.compile(
    rf"(?<![\w.,/'’])(?<![A-Za-z]-)"
    rf"{_starts_lookahead(None if None in _FIRST_LETTERS else set().union(*_FIRST_LETTERS), digits=True)}(?:"
    rf"(?=\d)(?P<digits>{_DIGITS})(?![\w/]|-[A-Za-z]|[.,]\d)(?:\s*(?P<plus>\+))?"
    rf"(?:[\s\-]*(?P<scale>thousand|million|billion|mln|bn)\b)?"
    + "".join(f"|{_starts_lookahead(letters)}{kind}" for letters, kind in zip(_FIRST_LETTERS, _IN_WORDS))
    + ")"
)  # matched on the ASCII-lowered text, without IGNORECASE: see lexicon.TermSet for why

_QUALIFIERS_BEFORE = _by_first_letter([
    "about", "around", "approximately", r"approx\.", "roughly", "some", r"an\s+estimated", "estimated", "nearly",
    "almost", r"close\s+to", r"just\s+under", r"more\s+than", r"well\s+over", r"just\s+over", "over", "above",
    r"in\s+excess\s+of", r"upwards\s+of", r"at\s+least", r"no\s+fewer\s+than", r"no\s+less\s+than",
    r"not\s+less\s+than", r"a\s+minimum\s+of", r"up\s+to", r"as\s+many\s+as", r"at\s+most", r"no\s+more\s+than",
    r"fewer\s+than", r"less\s+than", "under", r"a\s+total\s+of", r"total\s+of", r"in\s+total"])
# Searched in the words before every figure, on the text as IGNORECASE sees it (lexicon.ascii_fold) with lower-case
# terms gathered by first letter: the guard skips the positions no qualifier starts at, and the engine rejects the
# others by their letters (it cannot, ignoring case).
QUALIFIER_BEFORE = re.compile(
    rf"{_starts_lookahead(_first_characters(_QUALIFIERS_BEFORE))}(?P<q>{_QUALIFIERS_BEFORE})\s+$")
# "one of them", "the confidential one, illustrated with ...": a pronoun, not a figure ("killing one, wounding
# two" counts: no determiner stands before it).
PRONOUN_ONE = re.compile(r"\s+(?:of|another|by\s+one|or\s+another)\b", re.IGNORECASE)
PRONOUN_ONE_END = re.compile(r"\s*[,;)]")
DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|each|every|which|any)\s+(?:[a-z\-]+\s+)?$", re.IGNORECASE)
# What makes a number written in words no count: "seven days", "two months since", "Seventy per cent", "five-year-old".
# (Digits are caught by the traps; words are checked where they are found, since the traps scan only around digits.)
WORDS_NOT_A_COUNT = re.compile(r"[\s\-]+(?:(?:hours?|days?|weeks?|months?|years?)\b|per\s*cent\b|percent\b)|\s*%",
                               re.IGNORECASE)
SCALE_WORDS = ("hundred", "thousand", "million", "billion")
QUALIFIER_AFTER = re.compile(r"\s*(?:(?P<plus>\+)|(?P<more>or\s+more|-?plus)\b|(?P<so>or\s+so)\b)", re.IGNORECASE)

QUALIFIERS = {
    "about": "approx", "around": "approx", "approximately": "approx", "approx.": "approx", "roughly": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx",
    "nearly": "almost", "almost": "almost", "close to": "almost", "just under": "almost",
    "more than": "more_than", "over": "more_than", "well over": "more_than", "just over": "more_than",
    "above": "more_than", "in excess of": "more_than", "upwards of": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least", "not less than": "at_least",
    "a minimum of": "at_least",
    "up to": "up_to", "as many as": "up_to", "at most": "up_to", "no more than": "up_to", "fewer than": "up_to",
    "less than": "up_to", "under": "up_to",
    "a total of": "exact", "total of": "exact", "in total": "exact",
}

# A weapon's model: T-72, 2S19, TB2, F-16s, S-300.
_MODEL_FORMS = (r"\b[A-Za-z]+[\-‐]\d+[\w\-]*", r"\b\d+[A-Z]+\d*\w*", r"\b[A-Z]+\d+\w*")
MODEL_DESIGNATION = "(?-i:" + "|".join(_MODEL_FORMS) + ")"

# The traps, in the order the alternation tries them at one position, by what they start with. Only traps that can
# start at the same position need keep their order, and those of different kinds never can: TRAP tries at each
# position only the traps of its kind, behind a lookahead of it, instead of every trap one after another.
_TRAPS_AT_DIGIT = (
    # phones; not "260-280": two figures of three digits joined by a dash are a range ("260-280 troops")
    r"\b\d{3}-\d{3}-\d{4}\b", r"\b\d{3}-\d{4}\b",
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?",  # 12:00, 01:00 am
    r"\b\d{1,2}\s*(?:o['’]clock|a\.m\.|p\.m\.|am|pm|hrs)(?!\w)",  # 7 o'clock
    r"\b\d+\s?(?:st|nd|rd|th)\b",  # ordinals: 75th, "2 nd"
    f"(?-i:{_MODEL_FORMS[1]})",  # 2S19
    # ages, durations
    r"\b\d+[\s\-]*years?[\s\-]*old\b", r"\b\d+-year\b", r"\b\d+-(?:day|week|month|hour)\b",
    r"\b\d+\s+(?:hours?|days?|weeks?|months?|years?)\b",
    r"\d+(?:\.\d+)?\s*(?:%|per\s*cent\b|percent\b)",  # percentages
)
_TRAPS_AT_LETTER = (
    r"https?://\S+|www\.\S+",  # URLs (digits inside e-mail addresses follow letters and are never read)
    # at 08.36
    r"\b(?:at|since|from|until|till|to|by|about|around)\s+\d{1,2}\.\d{2}\b(?!\s*(?:thousand|million|billion))",
    f"(?-i:{_MODEL_FORMS[0]})", f"(?-i:{_MODEL_FORMS[2]})",  # T-72, F-16s, S-300, TB2
    r"\baged\s+(?:between\s+|from\s+)?\d+(?:\s*(?:,|and|&|to|-|–)\s*\d+)*",  # ages
    r"\b(?:resolutions?|articles?|paragraphs?|clauses?|sections?|chapters?|protocols?|No\.|Nos\.|"
    # "civilian casualties number 36 dead": the verb, not a reference number.
    r"(?<!casualties\s)(?<!deaths\s)(?<!victims\s)(?<!losses\s)(?<!toll\s)numbers?|pages?|"
    r"pp?\.|decrees?|orders?|laws?|sessions?|points?)\s+(?:No\.\s*)?\d+(?:\s*(?:,|and|&|-)\s*\d+)*",  # references
    r"\b(?:in|of|since|from|until|till|by|year|years|before|after|during|early|late|mid)\s+(?:19|20)\d\d\b",  # years
)
_TRAPS_AT_MARK = (
    r"\(\d{3}\)\s*\d{3}[\s\-]\d{4}|\+\d{1,3}[\s\d\-()]{6,}\d",  # phones
    # footnote marks; "66 (65)" after a figure is the same count in another report
    r"\[\d+\]|(?<!\d\s)(?<!\d)\(\d{1,2}\)(?=\s|$)",
    r"\((?:19|20)\d\d\)",  # years
)
# Every trap starts at the start of a word or with a digit, "(", "+", "[", "h" or "w" (URLs): the first lookahead
# lets the engine pass the inside of words and the spaces at once.
TRAP = re.compile(r"(?=\b\w|[\d(+\[hw])(?:" + "|".join(
    f"(?={kind})(?:" + "|".join(f"(?:{trap})" for trap in traps) + ")"
    for kind, traps in ((r"\d", _TRAPS_AT_DIGIT), ("[a-z]", _TRAPS_AT_LETTER), (r"[(+\[]", _TRAPS_AT_MARK))) + ")",
    re.IGNORECASE)
# How far before and after a digit an expression holding it may reach ("resolutions 822", "the night of October 13").
WINDOW_REACH = 48
# Where windows part: a digit, then more than twice the reach of non-digits up to the next digit (or the end). Only
# digits start a match, so the engine skips the rest of the text at once; possessive, each gap is read once.
WINDOWS_APART = re.compile(rf"\d\D{{{2 * WINDOW_REACH + 1},}}+")
DIGIT = re.compile(r"\d")
# The last digit of a text (from a position before it).
LAST_DIGIT = re.compile(r"\d\D*+\Z")


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A figure in a text. `start`/`end` include its qualifier; `num_start`/`num_end` cover the numeral only."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: int | float | None
    qualifier: str
    text: str

    @property
    def vague(self) -> bool:
        return self.value is None


def words_to_number(text: str) -> int:
    """ "twenty-one" -> 21, "two hundred and fifty" -> 250, "a hundred" -> 100."""
    total = current = 0
    for word in re.split(r"[\s\-]+", text.lower()):
        if word in ("and", "a", "an", ""):
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * SCALES[word]
            current = 0
    return total + current


def _digits_value(digits: str, scale: str | None) -> int | float:
    value = float(digits.replace(",", ""))
    if scale:
        value *= SCALES[scale.lower()]
    return int(value) if value.is_integer() else value


def digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around its digits, merged: where dates, times and designations can be.

    The window of each run of digits reaches WINDOW_REACH characters either side, and windows that touch merge: a
    merged window runs from the first digit of a cluster to the last, where clusters are apart by more than twice
    the reach. Found from the gaps between clusters, not by a loop over every run of digits.
    """
    first = DIGIT.search(text)
    if first is None:
        return []
    size = len(text)
    windows: list[tuple[int, int]] = []
    cluster_start = first.start()
    for gap in WINDOWS_APART.finditer(text, cluster_start):
        windows.append((max(0, cluster_start - WINDOW_REACH), min(size, gap.start() + 1 + WINDOW_REACH)))
        cluster_start = gap.end()
    # Unless the last gap runs to the end, a digit stands where it ends: the last cluster runs to the text's last.
    last = LAST_DIGIT.search(text, cluster_start)
    if last is not None:
        windows.append((max(0, cluster_start - WINDOW_REACH), min(size, last.start() + 1 + WINDOW_REACH)))
    return windows


def trap_spans(text: str, windows: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of `text` holding numbers that are never counts, in order.

    Every trap holds a digit, so only the stretches around digits are scanned: a pass of the
    regular-expression engine costs about the same for each character it looks at.
    """
    spans: list[tuple[int, int]] = []
    for low, high in digit_windows(text) if windows is None else windows:
        for m in TRAP.finditer(text, low, high):
            if not spans or m.start() >= spans[-1][1]:
                spans.append(m.span())
    return spans


class SpanMask:
    """Fast "does this range touch a masked span" over sorted, merged spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._starts = [s for s, _ in merged]
        self._spans = merged

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._spans[i][1] > start


def find_numbers(text: str, start: int = 0, end: int | None = None, mask: SpanMask | None = None) -> list[NumberMention]:
    """Every figure in text[start:end] outside the masked spans, with qualifiers attached."""
    end = len(text) if end is None else end
    found: list[NumberMention] = []
    folded = ascii_fold(text)
    for m in NUMBER.finditer(ascii_lower(text), start, end):
        num_start, num_end = m.span()
        if mask is not None and mask.overlaps(num_start, num_end):
            continue
        if m.group("digits"):
            value: int | float | None = _digits_value(m.group("digits"), m.group("scale"))
        elif m.group("dozen"):
            value = 12
        elif m.group("words"):
            words = m.group("words")
            if words == "one" and (PRONOUN_ONE.match(text, num_end) or PRONOUN_ONE_END.match(text, num_end)
                                   and DETERMINER_BEFORE.search(text, max(0, num_start - 30), num_start)):
                continue
            if WORDS_NOT_A_COUNT.match(text, num_end):
                continue
            # "several thousand servicemen": a scale word without "a" or a number before it is a vague amount.
            value = None if words.startswith(SCALE_WORDS) else words_to_number(words)
        else:
            value = None
        qualifier = "approx" if value is None else "exact"
        span_start = num_start
        q = QUALIFIER_BEFORE.search(folded, max(start, num_start - 24), num_start) if value is not None else None
        if q:
            qualifier = QUALIFIERS[re.sub(r"\s+", " ", text[q.start("q"):q.end("q")].lower())]
            span_start = q.start()
        span_end = num_end
        if m.group("plus"):
            qualifier = "at_least"
        elif value is not None:
            after = QUALIFIER_AFTER.match(text, num_end, min(end, num_end + 12))
            if after:
                qualifier = "approx" if after.group("so") else "at_least"
                span_end = after.end()
        found.append(NumberMention(span_start, span_end, num_start, num_end, value, qualifier, text[span_start:span_end]))
    return _ranges(text, found)


RANGE_JOIN = re.compile(r"\s*(?:-|–|to)\s*$|\s+and\s+$", re.IGNORECASE)


def _ranges(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """ "between 10 and 15", "10-15", "10 to 15": the low and high ends of one figure."""
    out = list(found)
    for i in range(len(out) - 1):
        low, high = out[i], out[i + 1]
        if low.value is None or high.value is None or low.qualifier != "exact" or high.qualifier != "exact":
            continue
        join = RANGE_JOIN.match(text[low.end:high.start])
        if join is None or not low.value < high.value:
            continue
        if "and" in join.group() and not re.search(r"\bbetween\s+$", text[max(0, low.start - 10):low.start], re.I):
            continue
        out[i] = NumberMention(low.start, low.end, low.num_start, low.num_end, low.value, "at_least", low.text)
        out[i + 1] = NumberMention(high.start, high.end, high.num_start, high.num_end, high.value, "up_to", high.text)
    return out
