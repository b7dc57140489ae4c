"""The shared vocabulary of war reporting (lang/en/lexicon.toml) compiled into fast matchers.

Each table of the lexicon becomes a `TermSet`: one compiled alternation whose match tells
which key (for example `children` or `tank`) the matched words belong to. Alternatives are
tried longest first, so "anti-aircraft gun" wins over "gun" at the same position.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from claimledger.lang import load_topic, words
from claimledger.profile import Profile

# A term matches as a whole word: no letter, digit, "_" or "-" before it (AfterSeparator's default) or after it.
WORD_END = r"(?![\w\-])"


class TermMatch(NamedTuple):
    """A match of a TermSet's or NameSet's term: the key of its group, where it is and its text. A named tuple: the
    extractor makes hundreds of thousands a megabyte, and a tuple is made in half the time of a frozen dataclass."""

    key: str
    start: int
    end: int
    text: str


_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
# Texts shorter than this (a name, a clause) are lowered afresh, never cached: caching them too would evict the
# lowered copies of the documents, which every matcher asks for again and again.
_CACHED_LENGTH = 256


def ascii_lower(text: str) -> str:
    """`text` with A-Z lowered and nothing else changed, so offsets stay the same (str.lower() can lengthen text)."""
    return _lower_ascii_letters(text) if len(text) < _CACHED_LENGTH else _ascii_lower_cached(text)


@lru_cache(maxsize=8)
def _ascii_lower_cached(text: str) -> str:
    return _lower_ascii_letters(text)


def _lower_ascii_letters(text: str) -> str:
    # str.lower() of the ASCII stretches only, the rest kept as it is: several times faster than str.translate,
    # which has no fast path for a text with any character outside ASCII.
    if text.isascii():
        return text.lower()
    parts = _NON_ASCII.split(text)
    parts[::2] = [part.lower() for part in parts[::2]]
    return "".join(parts)


# The letters besides A-Z that Python's IGNORECASE matches to ASCII letters ("İ", "ı" to "i", "ſ" to "s", the
# Kelvin sign to "k"), and the ASCII letter each is folded to.
_FOLDED_TO_ASCII = (("İ", "i"), ("ı", "i"), ("ſ", "s"), ("\u212a", "k"))


def ascii_fold(text: str) -> str:
    """`text` as IGNORECASE matching sees it: a lower-case pattern of ASCII letters matches this where the pattern
    with IGNORECASE matches `text` ("Liberated", "lıberated"), at the same offsets."""
    return _fold(text) if len(text) < _CACHED_LENGTH else _ascii_fold_cached(text)


@lru_cache(maxsize=8)
def _ascii_fold_cached(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    folded = ascii_lower(text)
    for letter, ascii_letter in _FOLDED_TO_ASCII:
        if letter in folded:
            folded = folded.replace(letter, ascii_letter)  # one C pass each, and only where the letter occurs
    return folded


def _lower_regex(term: str) -> str:
    """A term's regular expression in lower case, escapes (\\S, \\W, \\D) left as they are."""
    return re.sub(r"(\\.)|([A-Z])", lambda m: m.group(1) or m.group(2).lower(), term)


class TermSet:
    """Groups of terms (regular expressions) matched case-insensitively as whole words; each match names its group.

    Matching runs on an ASCII-lowered copy of the text with lower-case patterns and no IGNORECASE flag:
    the engine then rejects alternatives by their first character at once, several times faster.
    """

    def __init__(self, groups: Iterable[tuple[str, str]]):
        alternatives = sorted(((len(term), key, _lower_regex(term)) for key, term in groups), key=lambda a: -a[0])
        # No group per term: a group before a branch's first letter would hide it from the engine's fast path.
        # Which term matched is found afterwards, once per distinct matched text.
        self._terms = [(key, re.compile(term)) for _, key, term in alternatives]
        self._key_of: dict[str, str] = {}
        # The lower-case terms, longest first: the order the pattern tries them in.
        self.terms = tuple(term for _, _, term in alternatives)
        body = _by_first_letter(self.terms) if self.terms else "(?!x)x"
        self.first_characters = _first_characters("|".join(f"(?:{t})" for t in self.terms)) if self.terms else None
        # A class of the characters a term can start with lets the engine skip every other position at once.
        self._words = LiteralLed.of(f"{_class_lookahead(self.first_characters)}(?:{body}){WORD_END}", not_before=r"\w\-")
        self.pattern = self._words.pattern

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        lowered = ascii_lower(text)
        for low, high in self._words.spans(lowered, start, len(text) if end is None else end):
            yield TermMatch(self._key(lowered[low:high]), low, high, text[low:high])

    def starts(self, text: str, start: int = 0, end: int | None = None) -> list[int]:
        """Where each match of `finditer(text, start, end)` starts, without building the matches."""
        return [low for low, _ in self._words.spans(ascii_lower(text), start, len(text) if end is None else end)]

    def match_at(self, text: str, pos: int, end: int | None = None) -> TermMatch | None:
        m = self.pattern.match(ascii_lower(text), pos, len(text) if end is None else end)
        return TermMatch(self._key(m.group()), m.start(), m.end(), text[m.start():m.end()]) if m else None

    def _key(self, matched: str) -> str:
        key = self._key_of.get(matched)
        if key is None:
            key = next((k for k, term in self._terms if term.fullmatch(matched)), "")
            self._key_of[matched] = key
        return key

    def first(self, text: str, start: int = 0, end: int | None = None) -> TermMatch | None:
        # One search, not a generator: the extractor asks for a first match tens of thousands of times a megabyte.
        lowered = ascii_lower(text)
        found = self._words.first_span(lowered, start, end)
        if found is None:
            return None
        low, high = found
        return TermMatch(self._key(lowered[low:high]), low, high, text[low:high])


class EarliestOf:
    """Several TermSets searched as one for where the earliest match of any of them starts.

    For a caller that would otherwise search each set in turn and keep the leftmost match: one search then finds
    the only position that can win. A position is a match of one of the sets where one of their terms matches as a
    whole word, so the terms of all the sets are gathered by first letter into one alternation, as in a TermSet.
    """

    def __init__(self, sets: Iterable[TermSet]):
        sets = list(sets)
        firsts = [s.first_characters for s in sets]
        guard = _class_lookahead(set().union(*firsts)) if firsts and all(firsts) else ""
        terms = [term for s in sets for term in s.terms]
        body = _by_first_letter(terms) if terms else "(?!x)x"
        self._words = AfterSeparator(f"{guard}(?:{body}){WORD_END}")

    def start(self, text: str, start: int, end: int) -> int | None:
        found = self._words.first_span(ascii_lower(text), start, end)
        return found[0] if found else None


class AfterSeparator:
    """A pattern that matches only where none of the characters of the class `not_before` stands before it,
    searched where one of the others does.

    `(?<![not_before])body` has the engine try the whole pattern afresh at every position of a text, a few hundred
    instructions each. The character before a match, matched as a class instead, is found by the engine's scan for a
    class in a tight loop, and the pattern is tried only after one: a third fewer instructions over a text. The
    scanned class is the ASCII part of `not_before` (\\w as a-z, A-Z, 0-9 and _), which the engine tests at once;
    the whole class is tested after it, through the Unicode database where it must. A match at the very start of a
    text, with no character before it, is tried on its own. `body` never matches an empty string.
    """

    def __init__(self, body: str, not_before: str = r"\w\-", flags: int = 0):
        scanned = _ascii_part(not_before)
        self.pattern = re.compile(f"(?<![{not_before}]){body}", flags)
        self._located = re.compile(f"[^{scanned}](?<![{not_before}]){body}", flags)
        self._not_before = re.compile(f"[{not_before}]", flags)
        self._ascii_separators = frozenset(chr(c) for c in range(128) if not self._not_before.match(chr(c)))

    def spans(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """Where the matches of `pattern.finditer(text, start, end)` are."""
        for m, low in self._located_matches(text, start, len(text) if end is None else end):
            yield low, m.end()

    def first_span(self, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Where the match of `pattern.search(text, start, end)` is."""
        end = len(text) if end is None else end
        if start == 0 and (m := self.pattern.match(text, 0, end)):
            return m.span()
        # A match at `start` has its separator just before it, outside the window: where the lookbehind sees it.
        m = self._located.search(text, start - 1 if start > 0 else 0, end)
        return (m.start() + 1, m.end()) if m else None

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        """`pattern.search(text, start, end)`."""
        end = len(text) if end is None else end
        found = self.first_span(text, start, end)
        return self.pattern.match(text, found[0], end) if found else None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text, start, end)`."""
        end = len(text) if end is None else end
        for m, low in self._located_matches(text, start, end):
            # The match of `pattern` itself, for its span and groups: the same text from the same position.
            yield m if m.start() == low else self.pattern.match(text, low, end)  # type: ignore[misc]

    def _located_matches(self, text: str, start: int, end: int) -> Iterator[tuple[re.Match[str], int]]:
        """Each match in text[start:end] as found (of `pattern` at the text's start, else with its separator), and
        where it starts."""
        at = start
        if start == 0 and (m := self.pattern.match(text, 0, end)):
            yield m, 0
            at = m.end()
        while True:
            # A match at `at` has its separator just before it: where the lookbehind sees it.
            for m in self._located.finditer(text, at - 1 if at > 0 else 0, end):
                yield m, m.start() + 1
                last = text[m.end() - 1]
                if last in self._ascii_separators or not last.isascii() and not self._not_before.match(last):
                    # The next match may start right at this one's end, after its last character ("capital," then
                    # a name), where the engine's scan goes on from: the search starts again on that character.
                    at = m.end()
                    break
            else:
                return


class LiteralLed:
    """A pattern every match of which starts with one of a few literal words, searched only where one stands.

    The words are found in one pass of an Aho-Corasick automaton, and the pattern is tried at each, in order: for a
    pattern of rare first words ("liberated", "yesterday", "villages of") over a whole document, a few tries
    instead of one after every space. The matches are those of `pattern` exactly. `LiteralLed.of` gives one where
    the pattern has such words, of at least MIN_PREFIX characters each, and an AfterSeparator (a plain compiled
    pattern when `not_before` is None) where it has not.
    """

    MIN_PREFIX = 3
    # More words than this would find about every word of a text.
    MAX_PREFIXES = 256

    def __init__(self, pattern: re.Pattern[str], prefixes: Iterable[str], folded: bool):
        self.pattern = pattern
        self.prefixes = frozenset(prefixes)
        # A pattern matched in part or whole without regard to case is searched for its words, in lower case, in the
        # text as ascii_fold gives it: where they are written in any case, which is where it can match and more.
        self.folded = folded
        self._automaton = ahocorasick.Automaton()
        for prefix in self.prefixes:
            self._automaton.add_word(prefix, len(prefix))
        self._automaton.make_automaton()

    @classmethod
    def of(cls, body: str, flags: int = 0, not_before: str | None = None) -> LiteralLed | AfterSeparator | re.Pattern[str]:
        """`(?<![not_before])body` (just `body` when `not_before` is None) searched by its first words if it has some."""
        source = body if not_before is None else f"(?<![{not_before}]){body}"
        pattern = re.compile(source, flags)
        parsed = sre_parser.parse(source, flags)
        prefixes = _literal_prefixes(parsed)
        # A word beyond ASCII could be written in another case, which ascii_fold does not fold.
        any_case = bool(parsed.state.flags & re.IGNORECASE) or _ignores_case_inside(parsed)
        if prefixes is not None and all(len(p) >= cls.MIN_PREFIX and (p.isascii() or not any_case) for p in prefixes):
            return cls(pattern, {ascii_lower(p) for p in prefixes} if any_case else prefixes, any_case)
        return pattern if not_before is None else AfterSeparator(body, not_before, flags)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text, start, end)`."""
        end = len(text) if end is None else end
        searched = ascii_fold(text) if self.folded else text
        # The automaton is given the window as a slice: given the whole text with bounds, it copies all of the text
        # for each call (200 times slower for a window of a 2 MB document), where a slice copies the window alone.
        window = searched if start == 0 and end == len(searched) else searched[start:end]
        starts = sorted({start + last - length + 1 for last, length in self._automaton.iter(window)})
        reached = start
        for at in starts:
            if at >= reached and (m := self.pattern.match(text, at, end)):
                yield m
                reached = m.end()

    def spans(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        for m in self.finditer(text, start, end):
            yield m.span()

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, start, end), None)

    def first_span(self, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        found = self.search(text, start, end)
        return found.span() if found else None


class WithinRuns:
    """A pattern every match of which lies within a run of the characters of one class and holds a match of another
    pattern (`held`, of literal first words), searched only in the runs where one of those words stands.

    For a pattern the engine would try at every capital letter of a text ("X Y district", "in X, Y region") that a
    rarer word decides: its words are found in one pass of an Aho-Corasick automaton, and the pattern searched in the
    run of `run_class` characters around each. No match crosses a character outside the class, so the engine's scan
    of a run starts as it would there in a scan of the whole text, and finds the same matches.
    """

    # How far back from one of the words a run's start is looked for first, then twice as far, and so on.
    LOOK_BACK = 256

    def __init__(self, pattern: re.Pattern[str], held: str, run_class: str):
        self.pattern = pattern
        prefixes = _literal_prefixes(sre_parser.parse(held, pattern.flags))
        if prefixes is None:
            raise ValueError(f"WithinRuns: {held[:60]!r}... does not start with literal words")
        self._folded = bool(pattern.flags & re.IGNORECASE)
        self._automaton = ahocorasick.Automaton()
        for prefix in prefixes:
            word = ascii_lower(prefix) if self._folded else prefix
            self._automaton.add_word(word, len(word))
        self._automaton.make_automaton()
        self._break = re.compile(f"[^{run_class}]")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)`."""
        searched = ascii_fold(text) if self._folded else text
        reached = 0
        for at in sorted({last - length + 1 for last, length in self._automaton.iter(searched)}):
            if at < reached:
                continue  # in a run already searched
            start, end = self._run_start(text, at), self._break.search(text, at)
            reached = len(text) if end is None else end.start()
            yield from self.pattern.finditer(text, start, reached)

    def _run_start(self, text: str, at: int) -> int:
        reach = self.LOOK_BACK
        while True:
            low = max(0, at - reach)
            # The nearest character outside the class before `at`: the first one in the stretch read backwards.
            found = self._break.search(text[low:at][::-1])
            if found is not None:
                return at - found.start()
            if low == 0:
                return 0
            reach *= 2


class LiteralLedSet:
    """Several LiteralLed patterns, each searched over a whole text, in one pass of one automaton for all their first
    words: for a stage that asks where each of a dozen vocabularies matches in a statement.

    `starts(text)` gives, for each key, where `patterns[key].finditer(text)` finds its matches."""

    def __init__(self, patterns: dict[str, LiteralLed]):
        self._patterns = patterns
        folded = {led.folded for led in patterns.values()}
        if len(folded) > 1:
            raise ValueError("LiteralLedSet: patterns that ignore case and patterns that do not")
        self._folded = folded == {True}
        owners: dict[str, list[str]] = {}
        for key, led in patterns.items():
            for prefix in led.prefixes:
                owners.setdefault(prefix, []).append(key)
        self._automaton = ahocorasick.Automaton()
        for prefix, keys in owners.items():
            self._automaton.add_word(prefix, (len(prefix), tuple(keys)))
        self._empty = not owners
        if not self._empty:
            self._automaton.make_automaton()

    def starts(self, text: str) -> dict[str, list[int]]:
        found: dict[str, set[int]] = {key: set() for key in self._patterns}
        if not self._empty:
            searched = ascii_fold(text) if self._folded else text
            for last, (length, keys) in self._automaton.iter(searched):
                for key in keys:
                    found[key].add(last - length + 1)
        matched: dict[str, list[int]] = {}
        for key, candidates in found.items():
            pattern, reached, starts = self._patterns[key].pattern, 0, []
            for at in sorted(candidates):
                if at >= reached and (m := pattern.match(text, at)):
                    starts.append(at)
                    reached = m.end()
            matched[key] = starts
        return matched


def _ignores_case_inside(items) -> bool:  # type: ignore[no-untyped-def]
    """Whether a group of a parsed pattern is matched without regard to case ("(?i:...)")."""
    for op, value in items:
        if op == sre_constants.SUBPATTERN and (value[1] & re.IGNORECASE or _ignores_case_inside(value[-1])):
            return True
        if op == sre_constants.BRANCH and any(_ignores_case_inside(branch) for branch in value[1]):
            return True
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT) and \
                _ignores_case_inside(value[2]):
            return True
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and _ignores_case_inside(value[1]):
            return True
    return False


def _literal_prefixes(items) -> set[str] | None:  # type: ignore[no-untyped-def]
    """Literal strings one of which starts every match of a parsed pattern; None when there are none or too many.
    Assertions are passed over: they consume nothing; so are a group's flags, since the words are looked for in
    any case."""
    found = _prefixes_of(items, {""})
    if found is None:
        return None
    complete = {prefix for prefix, _ in found}
    # A prefix that starts with a shorter one is found where that one is: "capital" for "capital" and "capital,".
    shortest = {prefix for prefix in complete if not any(prefix.startswith(other) and prefix != other
                                                         for other in complete)}
    return shortest if shortest and len(shortest) <= LiteralLed.MAX_PREFIXES else None


def _prefixes_of(items, open_prefixes: set[str]) -> set[tuple[str, bool]] | None:  # type: ignore[no-untyped-def]
    """The (prefix, still open) pairs a parsed sequence leads to from each of `open_prefixes`: an open prefix is all
    that the sequence matched so far, and can go on with what follows."""
    done: set[tuple[str, bool]] = set()
    current = set(open_prefixes)
    for op, value in items:
        if not current:
            break
        if len(current) + len(done) > LiteralLed.MAX_PREFIXES:
            return None
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op == sre_constants.LITERAL:
            current = {prefix + chr(value) for prefix in current}
        elif op == sre_constants.IN and all(kind == sre_constants.LITERAL for kind, _ in value):
            current = {prefix + chr(character) for prefix in current for _, character in value}
        elif op in (sre_constants.SUBPATTERN, sre_constants.BRANCH):
            branches = [value[-1]] if op == sre_constants.SUBPATTERN else value[1]
            following: set[str] = set()
            for branch in branches:
                reached = _prefixes_of(branch, current)
                if reached is None:
                    return None
                done |= {(prefix, False) for prefix, still_open in reached if not still_open}
                following |= {prefix for prefix, still_open in reached if still_open}
            current = following
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] == 0 and value[1] == 1:
            # An optional part: the prefixes that skip it go on; those that take it go on after it too.
            taken = _prefixes_of(value[2], current)
            if taken is None:
                return None
            done |= {(prefix, False) for prefix, still_open in taken if not still_open}
            current = current | {prefix for prefix, still_open in taken if still_open}
        else:
            done |= {(prefix, False) for prefix in current}
            current = set()
    return done | {(prefix, True) for prefix in current}


def at_word_start(body: str, flags: int = 0) -> AfterSeparator:
    """`\\b` + `body` searched as an AfterSeparator, for a body whose every match starts with a letter, a digit or "_":
    there `\\b` is no \\w before it."""
    first = _first_characters(body if not flags & re.IGNORECASE else f"(?i:{body})")
    if first is None or not all(character.isalnum() or character == "_" for character in first):
        raise ValueError(f"at_word_start: a match of {body[:60]!r}... may start with no letter, digit or '_'")
    # The characters a match can start with, tested first: the engine then passes the other words at once.
    guard = "" if body.startswith("(?=") else _class_lookahead(first if not flags & re.IGNORECASE else
                                                                 first | {c.upper() for c in first})
    return AfterSeparator(guard + body, not_before=r"\w", flags=flags)


# The ASCII characters of a class's escapes: a part of each, so that a character outside it may still be in the class.
_ASCII_OF_ESCAPE = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\n\\r\\f\\v"}


def _ascii_part(class_body: str) -> str:
    """A class body of some of the characters of `class_body` (a class of characters and \\w, \\d, \\s), none outside
    ASCII beyond those written as they are."""
    part, index = [], 0
    while index < len(class_body):
        if class_body[index] == "\\":
            escape = class_body[index + 1]
            if escape.isalpha() and escape not in _ASCII_OF_ESCAPE:
                raise ValueError(f"AfterSeparator: the class escape \\{escape} in [{class_body}] has no ASCII part")
            part.append(_ASCII_OF_ESCAPE.get(escape, class_body[index:index + 2]))
            index += 2
        elif index == 0 and class_body[0] == "^":
            raise ValueError(f"AfterSeparator: a negated class [{class_body}] is not a class of characters to avoid")
        else:
            part.append(class_body[index])
            index += 1
    return "".join(part)


def _by_first_letter(terms: Sequence[str]) -> str:
    """An alternation that matches as `(?:t1)|(?:t2)|...` does, at each position the same way, with the terms that
    start with the same character gathered behind it, again at each next character: "s(?:ai(?:d|ys)|tated)".

    The engine tries the branches of an alternation one by one, however many there are; those that open with a
    character are rejected by it at once, but a set of a hundred terms still costs a hundred such tests at every
    word start. Gathered, they cost a test per distinct first character, then one per distinct second character
    of the terms that remain, and so on: two to three times faster for the large sets. Only terms that can match
    at the same position need keep their order, and those that start with different characters never can: the
    terms of each character keep theirs, and a term that starts with no single character (a class escape like
    \\d, a repeat, an empty term) is a barrier no term is moved across.
    """
    parts: list[str] = []
    run: dict[str, list[str]] = {}  # the terms since the last barrier, by first character, each group in order

    def close_run() -> None:
        for character, rests in run.items():
            rest = _by_first_letter(rests) if len(rests) > 1 else rests[0]
            parts.append(re.escape(character) + (f"(?:{rest})" if len(_top_branches(rest)) > 1 else rest))
        run.clear()

    for term in terms:
        for first, rest in _leading_characters(term):
            if first is None:
                close_run()
                parts.append(rest)
            else:
                run.setdefault(first, []).append(rest)
    close_run()
    return "|".join(parts)


# A term is split into at most this many alternatives by its first character ("[- ]" is two, "(?:a|b)?c" three).
_MAX_LEADING = 64


def _leading_characters(term: str) -> list[tuple[str | None, str]]:
    """`term` as alternatives in order, each a first character and the rest of the pattern after it, or (None, the
    alternative) where no single character opens it. "(?:ethnic )?(?:kurds|turks)" is e + "thnic (?:kurds|turks)",
    k + "urds", t + "urks"; "\\d+" is (None, "\\d+")."""
    whole = [(None, term)]
    branches = _top_branches(term)
    if len(branches) > 1:
        found = [split for branch in branches for split in _leading_characters(branch)]
        return found if len(found) <= _MAX_LEADING else whole
    if not term or term[0] in ".^$|)*+?{}]":
        return whole
    end = _atom_end(term, 0)
    rest = term[end:]
    optional = rest[:1] == "?"
    if optional:
        rest = rest[1:]
    if rest[:1] in ("*", "+", "{", "?"):  # a repeat, or a lazy "??": not one character, nor one then the rest
        return whole
    atom = term[:end]
    if atom.startswith("\\"):
        if atom[1:].isalnum():  # \d, \s, \b...: a class or an assertion
            return whole
        found: list[tuple[str | None, str]] = [(atom[1], rest)]
    elif atom.startswith("["):
        characters = _class_characters(atom[1:-1])
        if characters is None:
            return whole
        found = [(character, rest) for character in characters]
    elif atom.startswith("("):
        if not atom.startswith("(?:"):  # a lookaround, flags or a capture
            return whole
        found = [split for branch in _top_branches(atom[3:-1]) for split in _leading_characters(branch + rest)]
    else:
        found = [(atom, rest)]
    if optional:
        found += _leading_characters(rest)
    return found if len(found) <= _MAX_LEADING else whole


def _atom_end(pattern: str, start: int) -> int:
    """Where the atom at `start` ends: an escape, a class, a group (its closing parenthesis) or a character."""
    if pattern[start] == "\\":
        return start + 2
    if pattern[start] == "[":
        index = start + 1
        index += pattern[index:index + 1] == "^"
        index += pattern[index:index + 1] == "]"  # a "]" first in a class is one of its characters
        while pattern[index] != "]":
            index += 2 if pattern[index] == "\\" else 1
        return index + 1
    if pattern[start] == "(":
        depth, index = 0, start
        while True:
            if pattern[index] in "\\[":
                index = _atom_end(pattern, index)
                continue
            depth += {"(": 1, ")": -1}.get(pattern[index], 0)
            index += 1
            if depth == 0:
                return index
    return start + 1


def _top_branches(pattern: str) -> list[str]:
    """The branches of `pattern` split at the "|" outside its groups and classes."""
    if "|" not in pattern:  # most terms and rests: no need to read them character by character
        return [pattern]
    branches, depth, index, start = [], 0, 0, 0
    while index < len(pattern):
        if pattern[index] in "\\[":
            index = _atom_end(pattern, index)
            continue
        if pattern[index] == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        depth += {"(": 1, ")": -1}.get(pattern[index], 0)
        index += 1
    return [*branches, pattern[start:]]


def _class_characters(body: str) -> list[str] | None:
    """The characters of a class "[body]" of characters and small ranges; None for a negated class or one with an
    escape like \\w."""
    if body.startswith("^"):
        return None
    characters: dict[str, None] = {}
    index = 0
    while index < len(body):
        character = body[index]
        if character == "\\":
            if body[index + 1:index + 2].isalnum():
                return None
            character = body[index + 1]
            index += 1
        index += 1
        if body[index:index + 1] == "-" and index + 1 < len(body):
            high = body[index + 1]
            if high == "\\" or not 0 <= ord(high) - ord(character) < _MAX_LEADING:
                return None
            characters.update(dict.fromkeys(map(chr, range(ord(character), ord(high) + 1))))
            index += 2
        else:
            characters[character] = None
    return list(characters)


def _class_lookahead(characters: set[str] | None) -> str:
    return "(?=[" + "".join(re.escape(c) for c in sorted(characters)) + "])" if characters else ""


def first_character_guard(pattern: str) -> str:
    """A lookahead for the characters a match of `pattern` can start with, in either case ("" when any): before an
    IGNORECASE alternation it lets the engine pass every other position without trying each alternative there."""
    first = _first_characters(pattern)
    return "(?i:(?=[" + "".join(re.escape(c) for c in sorted(first)) + "]))" if first else ""


def guarded_words(terms: Iterable[str]) -> re.Pattern[str]:
    """The terms (`lang.words`) as whole words in any case, behind a guard for the characters they start with: for
    words searched in every clause or sentence part, where most positions start none of them."""
    body = words(terms)
    return re.compile(rf"\b{first_character_guard(body)}(?:{body})\b", re.IGNORECASE)


def _first_characters(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can start with; None when it could start with any."""
    first, nullable = _first_of(sre_parser.parse(pattern))
    return None if first is None or nullable else first


def _first_of(items) -> tuple[set[str] | None, bool]:  # type: ignore[no-untyped-def]
    """FIRST set and nullability of a parsed regular-expression sequence."""
    found: set[str] = set()
    for op, value in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op == sre_constants.LITERAL:
            return found | {chr(value)}, False
        if op == sre_constants.IN:
            chars = set()
            for kind, arg in value:
                if kind == sre_constants.LITERAL:
                    chars.add(chr(arg))
                elif kind == sre_constants.RANGE and arg[1] - arg[0] < 128:
                    chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
                else:
                    return None, False
            return found | chars, False
        if op == sre_constants.SUBPATTERN:
            sub, nullable = _first_of(value[-1])
        elif op == sre_constants.BRANCH:
            sub, nullable = set(), False
            for branch in value[1]:
                branch_first, branch_nullable = _first_of(branch)
                if branch_first is None:
                    return None, False
                sub |= branch_first
                nullable = nullable or branch_nullable
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            sub, nullable = _first_of(value[2])
            nullable = nullable or value[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        found |= sub
        if not nullable:
            return found, False
    return found, True


class NameSet:
    """Literal names matched case-sensitively as whole words in one pass (Aho-Corasick), leftmost-longest.

    For the long lists of proper names (places, countries, sides, people) that a regular-expression
    alternation would try one by one at every position.
    """

    def __init__(self, names: Iterable[tuple[str, str]]):
        self._automaton = ahocorasick.Automaton()
        for key, name in names:
            if name and not self._automaton.exists(name):
                self._automaton.add_word(name, (key, len(name)))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        if self._empty:
            return
        end = len(text) if end is None else end
        found = []
        size = len(text)
        # A slice, not iter(text, start, end): the automaton reads the whole string it is given on every call.
        for last, (key, length) in self._automaton.iter(text[start:end]):
            last += start
            first = last - length + 1
            # No letter, digit, "_" or "-" on either side, tested inline: it is asked for every name inside another
            # ("Armenia" in "Armenian"), tens of thousands of times in a long document.
            before = text[first - 1] if first > 0 else " "
            after = text[last + 1] if last + 1 < size else " "
            if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
                found.append((first, -length, key))
        reached = -1
        for first, negative_length, key in sorted(found):
            if first >= reached:
                reached = first - negative_length
                yield TermMatch(key, first, reached, text[first:reached])

    def first(self, text: str, start: int = 0, end: int | None = None) -> TermMatch | None:
        return next(self.finditer(text, start, end), None)


class WordCounts:
    """How many of the literal words of each of several lists a text uses, in one pass (Aho-Corasick).

    A list counts as `len(re.findall(r"(?<!\\w)(?:a|b|...)(?!\\w)", text))` would with its words escaped and in
    their order: at each position the first listed word with no word character on either side, the scan going on
    after it. One pass of the automaton for every list, instead of a pass for each list of an alternation that the
    regular-expression engine tries at every position where one of its words could start.
    """

    def __init__(self, lists: Iterable[Iterable[str]]):
        self._lists = [tuple(words) for words in lists]
        self._automaton = ahocorasick.Automaton()
        for word in {word for words in self._lists for word in words}:
            if not word:
                raise ValueError("WordCounts: an empty word")
            self._automaton.add_word(word, word)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def counts(self, text: str) -> list[int]:
        """Each list's count in `text`, in the order of the lists."""
        starts: dict[str, list[int]] = {}  # each word: where it stands in the text as a whole word
        if not self._empty:
            for last, word in self._automaton.iter(text):
                start = last - len(word) + 1
                if _not_word(text, start - 1) and _not_word(text, last + 1):
                    starts.setdefault(word, []).append(start)
        return [_leftmost_first(sorted((start, order, start + len(word)) for order, word in enumerate(words)
                                       for start in starts.get(word, ())))
                for words in self._lists]


def _not_word(text: str, index: int) -> bool:
    """Whether no character of \\w (what re's lookarounds test) stands at `index`."""
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def _leftmost_first(hits: list[tuple[int, int, int]]) -> int:
    """How many matches a left-to-right scan takes from these sorted (start, order, end) hits: at each start the
    first in order, then on from its end."""
    taken = 0
    reached = -1
    for start, _, end in hits:
        if start >= reached:
            taken += 1
            reached = end
    return taken


@dataclass(frozen=True, eq=False)  # hashed by identity: one per profile, cached
class Lexicon:
    people: TermSet
    outcome_nouns: TermSet
    structures: TermSet
    territory: TermSet
    force: TermSet
    attacks: TermSet
    materiel: TermSet
    currencies: TermSet
    # Every predicate phrase, to find them; `predicate_classes` then tells what a phrase can mean
    # ("lost" kills people but only loses equipment), tried in each kind's order of preference.
    predicates: TermSet
    predicate_classes: dict[str, re.Pattern[str]]
    adversary: TermSet
    self_words: TermSet
    organizations: TermSet
    nationalities: NameSet
    # Cues of running totals by what they say (`period`, `total`, `toll`, `breakdown`, `single_event`): extract.py
    # weighs them against each other, so each group is matched on its own.
    running_totals: dict[str, TermSet]


def _lexicon_data() -> dict[str, dict[str, tuple[str, ...]]]:
    """The English lexicon, lang/en/lexicon.toml, schema-checked and cached by the language loader."""
    return load_topic("en", "lexicon")


def _groups(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(key, term) for key, terms in table.items() for term in terms]


@lru_cache(maxsize=16)
def lexicon_for(profile: Profile) -> Lexicon:
    """The lexicon with the profile's equipment designations added to the materiel terms."""
    data = _lexicon_data()
    designations = [(e.category, p) for e in profile.equipment for p in e.patterns]
    return replace(_shared_lexicon(), materiel=TermSet(_groups(data["materiel"]) + designations))


@lru_cache(maxsize=1)
def _shared_lexicon() -> Lexicon:
    """The lexicon of the language data alone, whose term sets every profile's shares: compiled once, not once a
    profile (a second each, paid by the first document a batch reads with another profile)."""
    data = _lexicon_data()
    return Lexicon(
        people=TermSet(_groups(data["people"])),
        outcome_nouns=TermSet(_groups(data["outcome_nouns"])),
        structures=TermSet(_groups(data["structures"])),
        territory=TermSet(_groups(data["territory"])),
        force=TermSet(_groups(data["force"])),
        attacks=TermSet(_groups(data["attacks"])),
        materiel=TermSet(_groups(data["materiel"])),
        currencies=TermSet(_groups(data["currencies"])),
        predicates=TermSet(_groups(data["predicates"])),
        predicate_classes={
            key: re.compile("(?:" + "|".join(terms) + ")", re.IGNORECASE) for key, terms in data["predicates"].items()
        },
        adversary=TermSet([("adversary", t) for t in data["relative_sides"]["adversary"]]),
        self_words=TermSet([("self", t) for t in data["relative_sides"]["self"]]),
        organizations=TermSet(_groups(data["organizations"])),
        nationalities=NameSet(_groups(data["nationalities"])),
        running_totals={key: TermSet([(key, t) for t in terms]) for key, terms in data["running_totals"].items()},
    )
