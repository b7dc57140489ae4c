"""Segmentation: a statement cut into headlines, sentences, list items and interview turns.

Official statements are not plain prose. A press conference has speaker sections
("(by Col Mehman Novruzov, Military Attache)"); a ministry update ends in a losses list
("o Tanks & ACVs – 250") introduced by a lead line that gives its date and side; a daily
digest strings several posts together under headlines; an interview alternates question and
answer turns ("-Hello and welcome", "-It depends on..."); a quote ends with the name of the
person quoted. Each segment records the section, paragraph, speaker and (for list items) the
lead segment it belongs to, so that later stages can look up context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BULLET = re.compile(r"^[ \t]*(?:[\uf0b7\uf0a7\uf076\uf0d8•●▪◦■□➢►\-–—*·o]|\d{1,2}[.)])[ \t]+(?=\S)")
TURN = re.compile(r"^[ \t]*(?:(?P<dash>[-–—])[ \t]*(?=\S)|(?P<label>Q|A|Question|Answer)[ \t]*[:.\-–][ \t]*)")
# "Q:" or "Answer:" opens a new turn even when no blank line comes before it.
TURN_LABEL = re.compile(r"^[ \t]*(?:Q|A|Question|Answer)[ \t]*[:.\-–][ \t]*")
SPEAKER_NOTE = re.compile(r"^\s*(?P<open>\()?\s*by\s+(?P<who>[^()\n]{3,120}?)\s*\)?\s*$", re.IGNORECASE)
INTERVIEW = re.compile(r"\binterview(?:ed)?\b", re.IGNORECASE)
TITLES = re.compile(
    r"^(?:(?:H\.\s?E\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Col\.?|Colonel|Lt\.?|Gen\.?|General|Maj\.?|Major|Capt\.?|Captain|"
    r"President|Prime\s+Minister|Minister|Ambassador|Spokesman|Spokeswoman|Spokesperson|Deputy|Lieutenant|"
    r"Brigadier|Sir|Madam|Professor|Prof\.?)\s+)+"
)
PERSON_NAME = re.compile(r"^[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z][a-zA-Z'’\-]+|de|van|von|Le|La)){1,3}$")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr col gen lt maj capt sgt st no nos vs etc e.g i.e jr sr prof rev gov sen rep art para approx fig "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft inc ltd co corp dept est ca cf".split()
)
# One row of a tally or a table on a line of its own: "tanks – 9,113 (+4);", "Men .... 68", "Killed: 12",
# "Area | Killed | Injured". A row after a row is a row of its own, not the wrapped continuation of the line before,
# whatever that line ends with. The label holds no dash or colon: the wrapped lines of an inline list
# ("losses were: personnel ‒ about 199,270", "MLRS ‒ 562, aircraft ‒ 308") are prose.
ROW = re.compile(
    r"^[ \t]*[^\s|‒–—:][^\n|‒–—:]{0,100}?(?:[ \t]*(?:\.{3,}|…+)[ \t]*|[ \t]+[‒–—-][ \t]*|:[ \t]*)"
    r"(?:(?:about|around|over|more than|up to|some|nearly|almost|at least)[ \t]+)?\d[\d,.]*\+?"
    r"(?:[ \t]*\([ \t]*[+\-−]?[ \t]*\d[\d,.]*[ \t]*\))?(?:[ \t]+[A-Za-z]+){0,2}[ \t]*[;,.]?[ \t]*$"
)
TABLE_ROW = re.compile(r"^[ \t]*\|?[ \t]*[^|\s][^|\n]*\|[ \t]*[^|\s]")
ROW_MAX = 200  # longer than any ROW can match: prose lines are not tried
SENTENCE_END = re.compile(r"[.!?]+(?:\[\d+\])?[\"”’»)\]]*(?:\s+|$|(?=[A-Z][a-z]))")
HEADLINE_MAX = 160


@dataclass(frozen=True, slots=True)
class Segment:
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


def clean_person(name: str) -> str:
    """ "H.E. Mr. Ali Alizada" -> "Ali Alizada"."""
    name = re.split(r",", name, maxsplit=1)[0].strip()
    return TITLES.sub("", name).strip(" .")


def _units(text: str) -> list[_Unit]:
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
                              or len(line) <= ROW_MAX and ROW.match(line) is not None)
        if bullet or previous_blank or not units or units[-1].row or _looks_complete(text, units[-1]) \
                or TURN_LABEL.match(line):
            units.append(_Unit(content_start, content_end, bool(bullet), 1, block, row))
        else:
            last = units[-1]
            last.end, last.lines = content_end, last.lines + 1
        previous_blank = False
    return units


def _looks_complete(text: str, unit: _Unit) -> bool:
    """A short line with no final punctuation followed by another line is a heading, not a wrapped sentence."""
    body = text[unit.start:unit.end]
    if body.endswith(":"):
        return True  # "The breakdown is as follows:" ends its paragraph; a list or table comes next
    return unit.lines == 1 and len(body) < 60 and not body.rstrip().endswith((",", ";", "-", "–", "and", "of", "the"))


# The word a full stop ends ("Mr.", "U.S.", "Armenia."), whole.
LAST_WORD = re.compile(r"(?<![A-Za-z.])([A-Za-z][A-Za-z.]*)\.$")
LAST_WORD_REACH = 60


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], not cut after abbreviations or initials."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() >= end:
            break
        if m.end() == m.start() + 1 and not (text[m.start() - 2:m.start()].isalpha()
                                             and text[m.start() - 2:m.start()].islower()):
            continue  # a full stop with no space after it ends a sentence only after a lower-case word ("position.Armenia")
        # Only the end of the sentence so far is searched: the whole of it would make long texts quadratic.
        word = LAST_WORD.search(text, max(sentence_start, m.start() - LAST_WORD_REACH), m.start() + 1)
        if word and text[m.start()] == "." and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1
                                                 or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word.group(1))):
            continue
        following = text[m.end():m.end() + 2]
        if not following or not (following[0].isupper() or following[0].isdigit() or following[0] in "\"“‘«([#-–•"):
            continue
        spans.append((sentence_start, m.end()))
        sentence_start = m.end()
    spans.append((sentence_start, end))
    return [(s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in spans if text[s:e].strip()]


def _is_headline(text: str, unit: _Unit) -> bool:
    body = text[unit.start:unit.end].strip()
    return (not unit.bullet and unit.lines == 1 and len(body) <= HEADLINE_MAX and len(body.split()) >= 1
            and not body.endswith((".", "!", "?", ":", ";", ",", "–", "-")) and not body[:1].islower()
            and len(split_sentences(text, unit.start, unit.end)) == 1)


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


def segment(text: str, people: Sequence[str] = ()) -> list[Segment]:
    """Cut a statement into segments. `people` are names to recognise as interviewees and quoted speakers."""
    segments: list[Segment] = []
    section = 0
    speaker: str | None = None  # of the current speaker section
    interviewee: str | None = None
    turn: str | None = None
    lead: int | None = None  # the segment introducing the list being read
    list_block = -1
    units = _units(text)
    for paragraph, unit in enumerate(units):
        body = text[unit.start:unit.end]
        note = SPEAKER_NOTE.match(body)
        if note and len(body) < 140 and (note.group("open") or PERSON_NAME.match(clean_person(note.group("who")))):
            section += 1
            speaker, interviewee, turn = clean_person(note.group("who")), None, None
            segments.append(Segment(unit.start, unit.end, "speaker_note", paragraph, section, speaker))
            continue
        turn_marker = TURN.match(body) if interviewee else None
        if turn_marker:
            label = (turn_marker.group("label") or "").lower()
            if label:
                turn = "question" if label.startswith("q") else "answer"
            else:
                turn = "answer" if turn == "question" else "question"
            unit.start += turn_marker.end()
        elif lead is not None and _is_list_item(text, unit, in_list=True) and (unit.bullet or unit.block == list_block):
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn, lead))
            continue
        elif _is_subheading(text, units, paragraph, segments, lead):
            # "Sex" between the rows of a breakdown: the rows after it still belong to the list's lead.
            if lead is None:
                lead, list_block = _lead_index(text, segments), unit.block
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn, lead))
            continue
        elif not _starts_list(text, unit, segments) and _is_headline(text, unit):
            section += 1
            speaker, interviewee, turn, lead = None, None, None, None
            segments.append(Segment(unit.start, unit.end, "headline", paragraph, section))
            interviewee = _interviewee(body, people)
            continue
        elif INTERVIEW.search(body) and interviewee is None:
            interviewee = _interviewee(body, people)
        if _starts_list(text, unit, segments):
            lead, list_block = _lead_index(text, segments), unit.block
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn, lead))
            continue
        lead = None
        if unit.row and _is_list_item(text, unit, in_list=True):
            # A row outside a list ("Total .... 80") is still read as one labelled figure, never cut at its dots.
            segments.append(Segment(unit.start, unit.end, "list_item", paragraph, section, speaker, turn))
            continue
        unit_speaker = interviewee if turn == "answer" else None if turn == "question" else speaker
        sentences = split_sentences(text, unit.start, unit.end)
        attribution = _attribution(text, sentences, people)
        for s, e in sentences:
            if attribution and (s, e) == sentences[-1]:
                segments.append(Segment(s, e, "attribution", paragraph, section, attribution, turn))
            else:
                segments.append(Segment(s, e, "sentence", paragraph, section, attribution or unit_speaker, turn))
    return segments


def _interviewee(body: str, people: Sequence[str]) -> str | None:
    return _known_person(body, people) if INTERVIEW.search(body) else None


def _starts_list(text: str, unit: _Unit, segments: list[Segment]) -> bool:
    """A short bullet item or row right after a line that ends with a colon ("the following losses: –") opens a
    list; so does a table row right under the table's header row ("Area | Killed | Injured")."""
    if not segments or not _is_list_item(text, unit):
        return False
    previous = text[segments[-1].start:segments[-1].end].rstrip(" –—-")
    return previous.endswith(":") or (unit.row and "|" in text[unit.start:unit.end] and "|" in previous)


# A lead that only announces the list; what is broken down was said in the sentence before it.
ANNOUNCEMENT = re.compile(r"(?:the\s+)?(?:breakdown|distribution|details?|figures?|data|numbers?|list|they|these)\s+"
                          r"(?:is|are|was|were)\s+as\s+follows\s*:", re.IGNORECASE)


def _lead_index(text: str, segments: list[Segment]) -> int:
    """The segment that introduces a list starting now: the line before it, or the sentence that line announces
    ("80 civilians were killed. The breakdown is as follows:")."""
    index = len(segments) - 1
    last = segments[index]
    if index > 0 and ANNOUNCEMENT.fullmatch(text, last.start, last.end) and segments[index - 1].kind == "sentence" \
            and segments[index - 1].paragraph == last.paragraph:
        return index - 1
    return index


def _is_subheading(text: str, units: list[_Unit], index: int, segments: list[Segment], lead: int | None) -> bool:
    """A short heading among the rows of a list, or between its lead and its first row ("Sex", "Place of death")."""
    unit = units[index]
    if unit.bullet or unit.row or index + 1 >= len(units) or not segments:
        return False
    following = units[index + 1]
    if not (following.row or following.bullet) or following.block != unit.block:
        return False
    if lead is None and not text[segments[-1].start:segments[-1].end].rstrip(" –—-").endswith(":"):
        return False
    return _is_headline(text, unit) and not any(c.isdigit() for c in text[unit.start:unit.end])


def _attribution(text: str, sentences: list[tuple[int, int]], people: Sequence[str]) -> str | None:
    """A quote that ends with the bare name of the person quoted ("... liberate its lands itself. Ilham Aliyev")."""
    if len(sentences) < 2:
        return None
    s, e = sentences[-1]
    last = text[s:e].strip(" .\"”")
    if last in people:
        return last
    return last if PERSON_NAME.match(last) and len(last.split()) <= 3 and _known_person(last, people) else None
