"""Segmentation: a statement cut into headlines, sentences, list items and interview turns.

Official statements are not plain prose. A press conference has speaker sections
("(by Col Mehman Novruzov, Military Attache)"); a ministry update ends in a losses list
("o Tanks & ACVs – 250") introduced by a lead line that gives its date and side; a daily
digest strings several posts together under headlines; an interview alternates question and
answer turns ("-Hello and welcome", "-It depends on..."); a quote ends with the name of the
person quoted. Each segment records the section, paragraph, speaker and (for list items) the
lead segment it belongs to, so that later stages can look up context.

The words are the language's (`lang/<code>/segments.toml`: interview labels, titles, abbreviations, list
announcements), compiled once per language by `rules_for`; the layout itself (bullets, rows, punctuation) is here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimledger.lang import alternation, load_topic, words as _words
from claimledger.lang.lexicon import AfterSeparator, LiteralLed, _lower_regex

BULLET = re.compile(r"^[ \t]*(?:[\uf0b7\uf0a7\uf076\uf0d8•●▪◦■□➢►\-–—*·o]|\d{1,2}[.)])[ \t]+(?=\S)")
TABLE_ROW = re.compile(r"^[ \t]*\|?[ \t]*[^|\s][^|\n]*\|[ \t]*[^|\s]")
ROW_MAX = 200  # longer than any row can match: prose lines are not tried
# A row's figure: a line with no digit is no row, and is not tried (the row pattern tries every way to cut it).
ROW_FIGURE = re.compile(r"\d")
SENTENCE_END = re.compile(r"[.!?]+(?:\[\d+\])?[\"”’»)\]]*(?:\s+|$|(?=[A-Z][a-z]))")
HEADLINE_MAX = 160
# The longest sentence read as one: the longest of the statements we have read is about 600 characters, and a
# "sentence" of megabytes (a file of one line with no full stop) would make every search of a figure's sentence
# take time growing with its length, and the whole file with the square of it. Longer ones are cut at a clause
# break near the limit (_within_limit).
MAX_SENTENCE = 4000


@dataclass(frozen=True)
class SegmentRules:
    """The layout vocabulary of one language (lang/<code>/segments.toml) compiled into the matchers this module uses."""

    # A turn of an interview: a dash, or a question's or an answer's label ("Q:", "Answer -").
    turn: re.Pattern[str]
    # "Q:" or "Answer:" opens a new turn even when no blank line comes before it.
    turn_label: re.Pattern[str]
    interview: LiteralLed | AfterSeparator | re.Pattern[str]
    speaker_note: re.Pattern[str]
    titles: re.Pattern[str]
    person_name: re.Pattern[str]
    abbreviation: re.Pattern[str]
    unfinished_line: re.Pattern[str]
    # One row of a tally or a table on a line of its own: "tanks – 9,113 (+4);", "Men .... 68", "Killed: 12",
    # "Area | Killed | Injured". A row after a row is a row of its own, not the wrapped continuation of the line
    # before, whatever that line ends with. The label holds no dash or colon: the wrapped lines of an inline list
    # ("losses were: personnel ‒ about 199,270", "MLRS ‒ 562, aircraft ‒ 308") are prose.
    row: re.Pattern[str]
    # A lead that only announces the list; what is broken down was said in the sentence before it.
    announcement: re.Pattern[str]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> SegmentRules:
    data = load_topic(language, "segments")
    interview, speakers, announcement = data["interview"], data["speakers"], data["announcement"]
    # As written, one space apart: a row's text is matched as it stands.
    row_qualifiers = alternation(data["lists"]["row_qualifiers"])
    label = (rf"(?:(?P<question>{_words(interview['question_labels'])})"
             rf"|(?P<answer>{_words(interview['answer_labels'])}))[ \t]*[:.\-–][ \t]*")
    return SegmentRules(
        turn=re.compile(rf"^[ \t]*(?:(?P<dash>[-–—])[ \t]*(?=\S)|{label})"),
        turn_label=re.compile(rf"^[ \t]*{label}"),
        interview=LiteralLed.of(rf"{_words(interview['words'])}\b", re.IGNORECASE, not_before="\\w"),
        speaker_note=re.compile(rf"^\s*(?P<open>\()?\s*{_words(speakers['note'])}\s+"
                                r"(?P<who>[^()\n]{3,120}?)\s*\)?\s*$", re.IGNORECASE),
        titles=re.compile(rf"^(?:{_words(speakers['titles'])}\s+)+"),
        person_name=re.compile(rf"^[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z][a-zA-Z'’\-]+|{_words(speakers['name_particles'])}))"
                               r"{1,3}$"),
        # Matched on the lowered word: several times faster than IGNORECASE, asked at nearly every full stop.
        abbreviation=re.compile(_lower_regex(_words(data["sentences"]["abbreviations"]))),
        unfinished_line=re.compile(rf"{_words(data['sentences']['unfinished_line_ends'])}\Z"),
        row=re.compile(
            r"^[ \t]*[^\s|‒–—:][^\n|‒–—:]{0,100}?(?:[ \t]*(?:\.{3,}|…+)[ \t]*|[ \t]+[‒–—-][ \t]*|:[ \t]*)"
            rf"(?:{row_qualifiers}[ \t]+)?\d[\d,.]*\+?"
            r"(?:[ \t]*\([ \t]*[+\-−]?[ \t]*\d[\d,.]*[ \t]*\))?(?:[ \t]+[A-Za-z]+){0,2}[ \t]*[;,.]?[ \t]*$"),
        announcement=re.compile(rf"(?:{_words(announcement['article'])}\s+)?{_words(announcement['subjects'])}\s+"
                                rf"{_words(announcement['verbs'])}\s+{_words(announcement['follows'])}\s*:",
                                re.IGNORECASE),
    )


class Segment(NamedTuple):
    """A span of the document text that claims are read from, with its place in the document's structure."""

    start: int
    end: int
    kind: str  # headline | sentence | list_item | speaker_note | attribution
    paragraph: int
    section: int
    speaker: str | None = None
    turn: str | None = None  # question | answer, inside an interview
    lead: int | None = None  # for list items: index of the segment that introduces the list


@dataclass(slots=True)
class _Unit:
    """Lines of one paragraph or bullet item before they are cut into segments."""

    start: int
    end: int
    bullet: bool
    lines: int
    block: int
    row: bool = False  # a tally or table row: a list item without a bullet


def clean_person(name: str, language: str = "en") -> str:
    """ "H.E. Mr. Ali Alizada" -> "Ali Alizada"."""
    name = re.split(r",", name, maxsplit=1)[0].strip()
    return rules_for(language).titles.sub("", name).strip(" .")


def _units(text: str, rules: SegmentRules) -> list[_Unit]:
    units: list[_Unit] = []
    block = 0
    pos = 0
    previous_blank = True
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line.strip():
            if not previous_blank:
                block += 1
            previous_blank = True
            continue
        bullet = BULLET.match(line)
        content_start = line_start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        content_end = line_start + len(line.rstrip())
        row = not bullet and ("|" in line and TABLE_ROW.match(line) is not None
                              or len(line) <= ROW_MAX and ROW_FIGURE.search(line) is not None
                              and rules.row.match(line) is not None)
        if bullet or previous_blank or not units or units[-1].row or _looks_complete(text, units[-1], rules) \
                or rules.turn_label.match(line):
            units.append(_Unit(content_start, content_end, bool(bullet), 1, block, row))
        else:
            last = units[-1]
            last.end, last.lines = content_end, last.lines + 1
        previous_blank = False
    return units


def _looks_complete(text: str, unit: _Unit, rules: SegmentRules) -> bool:
    """A short line with no final punctuation followed by another line is a heading, not a wrapped sentence."""
    body = text[unit.start:unit.end]
    if body.endswith(":"):
        return True  # "The breakdown is as follows:" ends its paragraph; a list or table comes next
    ending = body.rstrip()
    return unit.lines == 1 and len(body) < 60 and not ending.endswith((",", ";", "-", "–")) \
        and not rules.unfinished_line.search(ending)


# The word a full stop ends ("Mr.", "U.S.", "Armenia."), whole: a run of these characters that starts with a letter.
WORD_WITH_DOTS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
LAST_WORD_REACH = 60
INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def _word_before_stop(text: str, stop: int, reach_start: int) -> str | None:
    """The word the full stop at `stop` ends, without the stop, when it starts at or after `reach_start`. Read
    backwards from the stop, a character at a time: a pattern searched over the stretch before it would be tried at
    each of its positions, for every full stop of the text."""
    start = stop
    while start > reach_start and text[start - 1] in WORD_WITH_DOTS:
        start -= 1
    if start == stop or text[start] == "." or start > 0 and text[start - 1] in WORD_WITH_DOTS:
        return None  # no word; a run of dots; or a word that starts before `reach_start`
    return text[start:stop]


def split_sentences(text: str, start: int, end: int, language: str = "en") -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], not cut after abbreviations or initials."""
    return _sentences(text, start, end, rules_for(language))


def _sentences(text: str, start: int, end: int, rules: SegmentRules) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() >= end:
            break
        if m.end() == m.start() + 1 and not (text[m.start() - 2:m.start()].isalpha()
                                             and text[m.start() - 2:m.start()].islower()):
            continue  # a full stop with no space after it ends a sentence only after a lower-case word ("position.Armenia")
        # Only the end of the sentence so far is read: the whole of it would make long texts quadratic.
        word = _word_before_stop(text, m.start(), max(sentence_start, m.start() - LAST_WORD_REACH)) \
            if text[m.start()] == "." else None
        if word and (rules.abbreviation.fullmatch(word.lower()) or len(word) == 1 or INITIALS.fullmatch(word)):
            continue
        following = text[m.end():m.end() + 2]
        if not following or not (following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘«([#-–•"):
            continue
        spans.append((sentence_start, m.end()))
        sentence_start = m.end()
    spans.append((sentence_start, end))
    return [(s, e - (len(text[s:e]) - len(text[s:e].rstrip())))
            for whole in spans for s, e in _within_limit(text, *whole) if text[s:e].strip()]


def _within_limit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence as pieces of at most MAX_SENTENCE characters: each cut after the last semicolon or comma in the
    second half of a piece, else after its last space, else at the limit."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit, half = start + MAX_SENTENCE, start + MAX_SENTENCE // 2
        window = text[half:limit]
        at = max(window.rfind("; "), window.rfind(", "))
        cut = half + at + 2 if at >= 0 else (half + window.rfind(" ") + 1 if " " in window else limit)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _is_headline(text: str, unit: _Unit, rules: SegmentRules) -> bool:
    body = text[unit.start:unit.end].strip()
    return (not unit.bullet and unit.lines == 1 and len(body) <= HEADLINE_MAX and len(body.split()) >= 1
            and not body.endswith((".", "!", "?", ":", ";", ",", "–", "-")) and not body[:1].islower()
            and len(_sentences(text, unit.start, unit.end, rules)) == 1)


def _is_list_item(text: str, unit: _Unit, *, in_list: bool = False) -> bool:
    body = text[unit.start:unit.end]
    # A full stop ends a sentence, except after the last bullet of a list that is already open
    # ("• tanks ‒ 3,483,\n• armoured combat vehicles ‒ 6,750.").
    closes = body.rstrip().endswith(".") and not (in_list and (unit.bullet or unit.row))
    return len(body) <= 120 and not closes and (
        unit.bullet or unit.row or re.search(r"(?:\s[–—-]\s*|:\s*)\S*\d", body) is not None)


def _known_person(body: str, people: Sequence[str]) -> str | None:
    for name in people:
        if re.search(rf"\b{re.escape(name)}\b", body):
            return name
    return None


def segment(text: str, people: Sequence[str] = (), language: str = "en") -> list[Segment]:
    """Cut a statement into segments. `people` are names to recognise as interviewees and quoted speakers."""
    rules = rules_for(language)
    segments: list[Segment] = []
    section = 0
    speaker: str | None = None  # of the current speaker section
    interviewee: str | None = None
    turn: str | None = None
    lead: int | None = None  # the segment introducing the list being read
    list_block = -1
    units = _units(text, rules)
    # Most statements are no interview: one search of the whole text spares one of each paragraph.
    mentions_interview = rules.interview.search(text) is not None
    for paragraph, unit in enumerate(units):
        body = text[unit.start:unit.end]
        note = rules.speaker_note.match(body)
        if note and len(body) < 140 and (note.group("open")
                                         or rules.person_name.match(clean_person(note.group("who"), language))):
            section += 1
            speaker, interviewee, turn = clean_person(note.group("who"), language), None, None
            segments.append(Segment(unit.start, unit.end, "speaker_note", paragraph, section, speaker))
            continue
        turn_marker = rules.turn.match(body) if interviewee else None
        if turn_marker:
            # A label says which turn it opens; a dash opens the other one.
            turn = ("question" if turn_marker.group("question") else "answer" if turn_marker.group("answer")
                    else "answer" if turn == "question" else "question")
            unit.start += turn_marker.end()
        elif lead is not None and _is_list_item(text, unit, in_list=True) and (unit.bullet or unit.block == list_block):
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn, lead))
            continue
        elif _is_subheading(text, units, paragraph, segments, lead, rules):
            # "Sex" between the rows of a breakdown: the rows after it still belong to the list's lead.
            if lead is None:
                lead, list_block = _lead_index(text, segments, rules), unit.block
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn, lead))
            continue
        elif not _starts_list(text, unit, segments) and _is_headline(text, unit, rules):
            section += 1
            speaker, interviewee, turn, lead = None, None, None, None
            segments.append(Segment(unit.start, unit.end, "headline", paragraph, section))
            interviewee = _interviewee(body, people, rules)
            continue
        elif mentions_interview and interviewee is None and rules.interview.search(body):
            interviewee = _interviewee(body, people, rules)
        if _starts_list(text, unit, segments):
            lead, list_block = _lead_index(text, segments, rules), unit.block
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn, lead))
            continue
        lead = None
        if unit.row and _is_list_item(text, unit, in_list=True):
            # A row outside a list ("Total .... 80") is still read as one labelled figure, never cut at its dots.
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn))
            continue
        unit_speaker = interviewee if turn == "answer" else None if turn == "question" else speaker
        sentences = _sentences(text, unit.start, unit.end, rules)
        attribution = _attribution(text, sentences, people, rules)
        for s, e in sentences:
            if attribution and (s, e) == sentences[-1]:
                segments.append(Segment(s, e, "attribution", paragraph, section, attribution, turn))
            else:
                segments.append(Segment(s, e, "sentence", paragraph, section, attribution or unit_speaker, turn))
    return segments


def _interviewee(body: str, people: Sequence[str], rules: SegmentRules) -> str | None:
    return _known_person(body, people) if rules.interview.search(body) else None


def _starts_list(text: str, unit: _Unit, segments: list[Segment]) -> bool:
    """A short bullet item or row right after a line that ends with a colon ("the following losses: –") opens a
    list; so does a table row right under the table's header row ("Area | Killed | Injured")."""
    if not segments or not _is_list_item(text, unit):
        return False
    previous = text[segments[-1].start:segments[-1].end].rstrip(" –—-")
    return previous.endswith(":") or (unit.row and "|" in text[unit.start:unit.end] and "|" in previous)


def _lead_index(text: str, segments: list[Segment], rules: SegmentRules) -> int:
    """The segment that introduces a list starting now: the line before it, or the sentence that line announces
    ("80 civilians were killed. The breakdown is as follows:")."""
    index = len(segments) - 1
    last = segments[index]
    if index > 0 and rules.announcement.fullmatch(text, last.start, last.end) \
            and segments[index - 1].kind == "sentence" and segments[index - 1].paragraph == last.paragraph:
        return index - 1
    return index


def _is_subheading(text: str, units: list[_Unit], index: int, segments: list[Segment], lead: int | None,
                   rules: SegmentRules) -> bool:
    """A short heading among the rows of a list, or between its lead and its first row ("Sex", "Place of death")."""
    unit = units[index]
    if unit.bullet or unit.row or index + 1 >= len(units) or not segments:
        return False
    following = units[index + 1]
    if not (following.row or following.bullet) or following.block != unit.block:
        return False
    if lead is None and not text[segments[-1].start:segments[-1].end].rstrip(" –—-").endswith(":"):
        return False
    return _is_headline(text, unit, rules) and not any(c.isdigit() for c in text[unit.start:unit.end])


def _attribution(text: str, sentences: list[tuple[int, int]], people: Sequence[str], rules: SegmentRules) -> str | None:
    """A quote that ends with the bare name of the person quoted ("... liberate its lands itself. Ilham Aliyev")."""
    if len(sentences) < 2:
        return None
    s, e = sentences[-1]
    last = text[s:e].strip(" .\"”")
    if last in people:
        return last
    return last if rules.person_name.match(last) and len(last.split()) <= 3 and _known_person(last, people) else None
