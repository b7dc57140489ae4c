"""Numbers: every figure a text states, with its qualifier, and the numbers that are not counts.

Figures come as digits ("1,200", "100+", "1.5 million", "100 thousand"), as words ("five",
"twenty-one", "a dozen", "a hundred") and as vague amounts ("hundreds of", "several") that
carry no value. Qualifiers before or after them ("more than", "about", "at least", "100+",
"or more") become the claim's qualifier.

Many numbers in war statements are not counts: dates, times, years, ages, ordinals,
resolution and article numbers, footnote marks, phone numbers, URLs, percentages and model
designations (T-72, BM-21, S-300, Boeing-757, 2S19, TB2). `trap_spans` finds them so that
no figure is read inside them.

The words are language data (lang/<code>/numbers.toml), compiled once per language by `rules_for`; the
patterns here say how they combine with digits and punctuation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimledger.lang import load_topic, words
from claimledger.lang.lexicon import AfterSeparator, _by_first_letter, _first_characters, ascii_fold, ascii_lower

# Thousands grouped by commas ("12,345"), by spaces as most of Europe writes them ("12 345", with a space, a
# no-break space or a narrow one), or by full stops ("1.000.000": two groups at least, since "1.000" may be one);
# else digits with a decimal part.
_DIGITS = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d{1,3}(?:\.\d{3}){2,}(?![\d.,])"
           r"|\d+(?:\.\d+)?")
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
# The marks that group thousands, read away before a figure's value.
_GROUP_MARKS = str.maketrans("", "", ", \u00a0\u202f")
# After "one": the end of a clause, where "one" may be a pronoun (see NumberRules.pronoun_one).
PRONOUN_ONE_END = re.compile(r"\s*[,;)]")
# A weapon's model: T-72, 2S19, TB2, F-16s, S-300.
_MODEL_FORMS = (r"\b[A-Za-z]+[\-‐]\d+[\w\-]*", r"\b\d+[A-Z]+\d*\w*", r"\b[A-Z]+\d+\w*")
MODEL_DESIGNATION = "(?-i:" + "|".join(_MODEL_FORMS) + ")"


def _starts_lookahead(letters: set[str] | None, digits: bool = False) -> str:
    """A lookahead of the letters (and with `digits`, the digits) a match can start with; "" when it could start with
    any character."""
    return "" if letters is None else "(?=[" + r"\d" * digits + "".join(sorted(letters)) + "])"


def _gathered(terms: Iterable[str]) -> str:
    """The terms longest first, a space standing for any white space, gathered behind their first letters
    (lexicon._by_first_letter): these alternations are tried at every word start."""
    return _by_first_letter(sorted((term.replace(" ", r"\s+") for term in terms), key=len, reverse=True))


def _valued(table: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Each word of a table keyed by numbers, with its number."""
    return {word: int(value) for value, terms in table.items() for word in terms}


@dataclass(frozen=True)
class NumberRules:
    """The number words, qualifiers and the words of the numbers that are no counts (lang/<code>/numbers.toml, with
    time.toml's ordinal suffixes), compiled once per language."""

    # Every figure, matched on the ASCII-lowered text, without IGNORECASE: see lexicon.TermSet for why.
    number: AfterSeparator
    # The value of each number word, and of each scale (also those written after digits only).
    values: dict[str, int]
    scales: dict[str, int]
    counted_sets: dict[str, int]
    # The scales that alone are a vague amount ("several thousand"); the words between number words.
    vague_scales: tuple[str, ...]
    number_join: re.Pattern[str]
    # Searched in the words before every figure, on the text as IGNORECASE sees it (lexicon.ascii_fold).
    qualifier_before: re.Pattern[str]
    qualifiers: tuple[tuple[str, re.Pattern[str]], ...]
    qualifier_after: re.Pattern[str]
    pronoun_one: re.Pattern[str]
    determiner_before: re.Pattern[str]
    words_not_a_count: re.Pattern[str]
    trap: re.Pattern[str]
    range_join: re.Pattern[str]
    range_and: re.Pattern[str]
    between_before: re.Pattern[str]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> NumberRules:
    data = load_topic(language, "numbers")
    joins, not_counts = data["number_joins"], data["not_counts"]
    values = {**_valued(data["units"]), **_valued(data["tens"])}
    scales = _valued(data["scales"])
    # In digits a scale is a thousand or more, or its abbreviation: "1.5 million", "2 bn", never "300 hundred".
    digit_scales = (*(word for word, value in scales.items() if value >= 1_000), *_valued(data["scale_abbreviations"]))
    big_scales = words(tuple(word for word, value in scales.items() if value >= 1_000))
    number_word = _gathered([*values, *scales])
    word_run = (rf"(?:{words(joins['articles'])}\s+(?=(?:{words(tuple(scales))})\b))?(?:{number_word})"
                rf"(?:(?:\s+{words(joins['and'])}\s+|[\s\-]+)(?:{number_word}))*")
    in_words = [rf"(?P<counted_set>(?:{words(joins['set_articles'])}\s+)?{words(tuple(_valued(data['counted_sets'])))})"
                r"(?![\w\-])",
                rf"(?P<words>{word_run})(?![\w\-])", rf"(?P<vague>{_gathered(data['vague']['amounts'])})(?![\w\-])"]
    first_letters = [_first_characters(kind) for kind in in_words]
    qualifiers_before = _gathered(term for terms in data["qualifiers_before"].values() for term in terms)
    after = data["qualifiers_after"]
    units = words(not_counts["time_units"])
    percent = rf"(?:{words(not_counts['percent'])})\b"
    ordinal = words(load_topic(language, "time")["dates"]["ordinal_suffixes"])
    # The traps, in the order the alternation tries them at one position, by what they start with. Only traps that
    # can start at the same position need keep their order, and those of different kinds never can: the trap
    # pattern tries at each position only the traps of its kind, behind a lookahead of it.
    traps_at_digit = (
        # phones; not "260-280": two figures of three digits joined by a dash are a range ("260-280 troops")
        r"\b\d{3}-\d{3}-\d{4}\b", r"\b\d{3}-\d{4}\b",
        rf"\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*{words(not_counts['clock_suffixes'])})?",  # 12:00, 01:00 am
        rf"\b\d{{1,2}}\s*{words(not_counts['hour_words'])}(?!\w)",  # 7 o'clock
        rf"\b\d+\s?{ordinal}\b",  # ordinals: 75th, "2 nd"
        f"(?-i:{_MODEL_FORMS[1]})",  # 2S19
        # ages, durations
        rf"\b\d+[\s\-]*{words(not_counts['age_unit'])}s?[\s\-]*{words(not_counts['old'])}\b", rf"\b\d+-{units}\b",
        rf"\b\d+\s+{units}s?\b",
        # percentages, from the first digit only: tried at each digit of a long run, the pattern would read to the
        # run's end from each, and the scan would take the square of its length
        rf"(?<!\d)\d+(?:\.\d+)?\s*(?:%|{percent})",
    )
    not_after_counted = "".join(f"(?<!{word}\\s)" for word in not_counts["counted_by_number"])
    traps_at_letter = (
        r"https?://\S+|www\.\S+",  # URLs (digits inside e-mail addresses follow letters and are never read)
        # at 08.36
        rf"\b{words(not_counts['before_time'])}\s+\d{{1,2}}\.\d{{2}}\b(?!\s*{big_scales})",
        f"(?-i:{_MODEL_FORMS[0]})", f"(?-i:{_MODEL_FORMS[2]})",  # T-72, F-16s, S-300, TB2
        rf"\b{words(not_counts['aged'])}\s+(?:{words(not_counts['aged_from'])}\s+)?\d+"
        rf"(?:\s*(?:,|{words(not_counts['ages_join'])}|&|-|–)\s*\d+)*",  # ages
        rf"\b(?:{words(not_counts['references'])}|{not_after_counted}{words(not_counts['number'])})\s+"
        rf"(?:{words(not_counts['reference_number'])}\s*)?\d+"
        rf"(?:\s*(?:,|{words(not_counts['references_join'])}|&|-)\s*\d+)*",  # references
        rf"\b{words(not_counts['before_year'])}\s+(?:19|20)\d\d\b",  # years
    )
    traps_at_mark = (
        r"\(\d{3}\)\s*\d{3}[\s\-]\d{4}|\+\d{1,3}[\s\d\-()]{6,}\d",  # phones
        # footnote marks; "66 (65)" after a figure is the same count in another report
        r"\[\d+\]|(?<!\d\s)(?<!\d)\(\d{1,2}\)(?=\s|$)",
        r"\((?:19|20)\d\d\)",  # years
    )
    ranges = data["ranges"]
    return NumberRules(
        # Only a word start is tried, found by the character before it; lookaheads of the characters a figure, and
        # each kind of figure, can start with let the engine pass the other words without entering each kind's group
        # (76 -> 54 ms/MB over the dev and seed texts).
        number=AfterSeparator(
            rf"(?<![A-Za-z]-)"
            rf"{_starts_lookahead(None if None in first_letters else set().union(*first_letters), digits=True)}(?:"
            # "1,2 million": a decimal comma, as much of Europe writes it, where a scale follows (else "1,200").
            rf"(?=\d)(?P<digits>\d+,\d{{1,2}}(?=[\s\-]*{words(digit_scales)}\b)|{_DIGITS})"
            rf"(?![\w/]|-[A-Za-z]|[.,]\d)(?:\s*(?P<plus>\+))?"
            rf"(?:[\s\-]*(?P<scale>{words(digit_scales)})\b)?"
            + "".join(f"|{_starts_lookahead(letters)}{kind}" for letters, kind in zip(first_letters, in_words))
            + ")", not_before="\\w.,/'’"),
        values=values,
        scales={**scales, **_valued(data["scale_abbreviations"])},
        counted_sets=_valued(data["counted_sets"]),
        vague_scales=tuple(scales),
        number_join=re.compile(rf"{words(joins['articles'])}|{words(joins['and'])}"),
        # Lower-case terms gathered by first letter: the guard skips the positions no qualifier starts at, and the
        # engine rejects the others by their letters (it cannot, ignoring case).
        qualifier_before=re.compile(
            rf"{_starts_lookahead(_first_characters(qualifiers_before))}(?P<q>{qualifiers_before})\s+$"),
        qualifiers=tuple((label, re.compile(words(terms), re.IGNORECASE))
                         for label, terms in data["qualifiers_before"].items()),
        qualifier_after=re.compile(
            r"\s*(?:(?P<plus>\+)|" + "|".join(f"(?P<{label}>{words(terms)})\\b" for label, terms in after.items())
            + ")",
            re.IGNORECASE),
        pronoun_one=re.compile(rf"\s+{words(data['pronoun_one']['after'])}\b", re.IGNORECASE),
        determiner_before=re.compile(rf"\b{words(data['pronoun_one']['determiners'])}\s+(?:[a-z\-]+\s+)?$",
                                     re.IGNORECASE),
        # What makes a number written in words no count: "seven days", "two months since", "Seventy per cent",
        # "five-year-old". (Digits are caught by the traps; words are checked where they are found, since the traps
        # scan only around digits.)
        words_not_a_count=re.compile(rf"[\s\-]+(?:{units}s?\b|{percent})|\s*%", re.IGNORECASE),
        # Every trap starts at the start of a word or with a digit, "(", "+", "[", "h" or "w" (URLs): the first
        # lookahead lets the engine pass the inside of words and the spaces at once.
        trap=re.compile(r"(?=\b\w|[\d(+\[hw])(?:" + "|".join(
            f"(?={kind})(?:" + "|".join(f"(?:{trap})" for trap in traps) + ")"
            for kind, traps in ((r"\d", traps_at_digit), ("[a-z]", traps_at_letter), (r"[(+\[]", traps_at_mark)))
            + ")", re.IGNORECASE),
        range_join=re.compile(rf"\s*(?:-|–|{words(ranges['to'])})\s*$|\s+{words(ranges['and'])}\s+$", re.IGNORECASE),
        # A join by "and", as written in lower case: a range only after "between".
        range_and=re.compile(words(ranges["and"])),
        between_before=re.compile(rf"\b{words(ranges['between'])}\s+$", re.IGNORECASE),
    )


# Read by classify, which reads English.
# How far before and after a digit an expression holding it may reach ("resolutions 822", "the night of October 13").
WINDOW_REACH = 48
# Where windows part: a digit, then more than twice the reach of non-digits up to the next digit (or the end). Only
# digits start a match, so the engine skips the rest of the text at once; possessive, each gap is read once.
WINDOWS_APART = re.compile(rf"\d\D{{{2 * WINDOW_REACH + 1},}}+")
DIGIT = re.compile(r"\d")
# The last digit of a text (from a position before it).
LAST_DIGIT = re.compile(r"\d\D*+\Z")


class NumberMention(NamedTuple):
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


def words_to_number(text: str, language: str = "en") -> int:
    """ "twenty-one" -> 21, "two hundred and fifty" -> 250, "a hundred" -> 100."""
    rules = rules_for(language)
    total = current = 0
    for word in re.split(r"[\s\-]+", text.lower()):
        if not word or rules.number_join.fullmatch(word):
            continue
        if word in rules.values:
            current += rules.values[word]
        elif rules.scales[word] < 1_000:  # "two hundred": a scale within a group of three digits
            current = max(current, 1) * rules.scales[word]
        else:
            total += max(current, 1) * rules.scales[word]
            current = 0
    return total + current


# No figure of a war's statements comes near this (the costliest damage claims are trillions): a larger number, or
# one of hundreds of digits whose float is infinite, is no count, and would be no valid JSON.
MAX_FIGURE = 10**15


def _digits_value(digits: str, scale: str | None, rules: NumberRules) -> int | float:
    if DECIMAL_COMMA.fullmatch(digits):
        digits = digits.replace(",", ".")  # "1,2 million" (the pattern reads it so only before a scale)
    digits = digits.translate(_GROUP_MARKS)
    if digits.count(".") > 1:
        digits = digits.replace(".", "")  # "1.000.000" groups by full stops: more than one, so none is a decimal point
    value = float(digits)
    if scale:
        value *= rules.scales[scale.lower()]
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


def trap_spans(text: str, windows: list[tuple[int, int]] | None = None, language: str = "en") -> list[tuple[int, int]]:
    """Spans of `text` holding numbers that are never counts, in order.

    Every trap holds a digit, so only the stretches around digits are scanned: a pass of the
    regular-expression engine costs about the same for each character it looks at.
    """
    trap = rules_for(language).trap
    spans: list[tuple[int, int]] = []
    for low, high in digit_windows(text) if windows is None else windows:
        for m in trap.finditer(text, low, high):
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


class PassedOver(NamedTuple):
    """A figure of a text that made no claim, and why (`claimledger extract --explain`)."""

    start: int
    end: int
    text: str
    reason: str

    def located(self, text: str) -> str:
        """ "3:15: '1000000000000000000' is no claim: ...", by line and column of the text it is in."""
        line = text.count("\n", 0, self.start) + 1
        column = self.start - (text.rfind("\n", 0, self.start) + 1) + 1
        return f"{line}:{column}: {self.text!r} is no claim: {self.reason}"


BEYOND_MAX_FIGURE = f"beyond {MAX_FIGURE:,}, more than anything a war counts"


def find_numbers(text: str, start: int = 0, end: int | None = None, mask: SpanMask | None = None,
                 language: str = "en", passed_over: list[PassedOver] | None = None) -> list[NumberMention]:
    """Every figure in text[start:end] outside the masked spans, with qualifiers attached; the figures it refuses,
    with why, added to `passed_over` when it is given."""
    rules = rules_for(language)
    end = len(text) if end is None else end
    found: list[NumberMention] = []
    folded = ascii_fold(text)
    for m in rules.number.finditer(ascii_lower(text), start, end):
        num_start, num_end = m.span()
        if mask is not None and mask.overlaps(num_start, num_end):
            continue
        if m.group("digits"):
            value: int | float | None = _digits_value(m.group("digits"), m.group("scale"), rules)
            if value > MAX_FIGURE:
                # A run of hundreds of digits (as float, infinite), no count of anything a war has.
                if passed_over is not None:
                    passed_over.append(PassedOver(num_start, num_end, text[num_start:num_end], BEYOND_MAX_FIGURE))
                continue
        elif m.group("counted_set"):
            value = rules.counted_sets[m.group("counted_set").split()[-1]]
        elif m.group("words"):
            words = m.group("words")
            if rules.values.get(words) == 1 and (
                    rules.pronoun_one.match(text, num_end) or PRONOUN_ONE_END.match(text, num_end)
                    and rules.determiner_before.search(text, max(0, num_start - 30), num_start)):
                continue
            if rules.words_not_a_count.match(text, num_end):
                continue
            # "several thousand servicemen": a scale word without "a" or a number before it is a vague amount.
            value = None if words.startswith(rules.vague_scales) else words_to_number(words, language)
        else:
            value = None
        qualifier = "approx" if value is None else "exact"
        span_start = num_start
        q = rules.qualifier_before.search(folded, max(start, num_start - 24), num_start) if value is not None else None
        if q:
            qualifier = next(label for label, terms in rules.qualifiers
                             if terms.fullmatch(text, q.start("q"), q.end("q")))
            span_start = q.start()
        span_end = num_end
        if m.group("plus"):
            qualifier = "at_least"
        elif value is not None:
            after = rules.qualifier_after.match(text, num_end, min(end, num_end + 12))
            if after:
                qualifier = "at_least" if after.lastgroup == "plus" else after.lastgroup
                span_end = after.end()
        found.append(NumberMention(span_start, span_end, num_start, num_end, value, qualifier, text[span_start:span_end]))
    return _ranges(text, found, rules)


def _ranges(text: str, found: list[NumberMention], rules: NumberRules) -> list[NumberMention]:
    """ "between 10 and 15", "10-15", "10 to 15": the low and high ends of one figure."""
    out = list(found)
    for i in range(len(out) - 1):
        low, high = out[i], out[i + 1]
        if low.value is None or high.value is None or low.qualifier != "exact" or high.qualifier != "exact":
            continue
        join = rules.range_join.match(text[low.end:high.start])
        if join is None or not low.value < high.value:
            continue
        if rules.range_and.search(join.group()) and \
                not rules.between_before.search(text[max(0, low.start - 10):low.start]):
            continue
        out[i] = NumberMention(low.start, low.end, low.num_start, low.num_end, low.value, "at_least", low.text)
        out[i + 1] = NumberMention(high.start, high.end, high.num_start, high.num_end, high.value, "up_to", high.text)
    return out
