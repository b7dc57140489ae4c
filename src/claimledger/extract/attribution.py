"""Attribution: the people a statement names as speakers, and whose voice each of its segments is in.

Statements relay what people say far more often than they speak for themselves: a wire story
opens "Azerbaijani forces lost 260 servicemen, Artsrun Hovhannisyan, a representative of the
Armenian Defence Ministry, told a press conference", quotes him in the next paragraph and goes
on in his voice; a ministry spokesman "made the following statements:" and a list follows. So
attribution is read in two steps, from the language data of `lang/<code>/attribution.toml`:

1. People. Besides the people a profile knows (with their side), any name that the text marks
   as a person's is one: a title before it ("Defence Minister Sergei Shoigu", "spokeswoman ..."),
   an appositive of a role after it ("X, Armenia's Deputy Prime Minister,"), or a reporting verb
   next to it ("X wrote", "said X"). Later mentions by surname ("Kyrylenko wrote") are the same
   person. A person speaks for the side or organisation named in their title or appositive;
   failing that, for the author of the statement.
2. Voices. Each segment is in the voice of the report it makes itself ("according to X", "X
   said"), else of the quote it belongs to (a quote's attribution after its last sentence covers
   the quote's earlier sentences), else of the last report of its paragraph ("He said",
   "the minister added" continue it), else of the statement's story: the person or party the lead
   paragraphs report. A segment with no voice at all is the author's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimledger.lang import alternation, load_topic, words
from claimledger.lang.lexicon import (AfterSeparator, Lexicon, NameSet, TermSet, _class_lookahead, _first_characters,
                                      LiteralLed, first_character_guard)
from claimledger.extract.parties import ReportedClaim, Speaker, matchers_for, reported_claims, side_mentions
from claimledger.profile import Profile
from claimledger.extract.segment import Segment

# Paragraphs at the start of a statement whose reports set the voice of the whole story.
LEAD_PARAGRAPHS = 2
QUOTE_OPEN = "“\""
REPORTING_SEGMENTS = ("sentence", "list_item", "headline", "attribution")
QUOTE_CLOSE = "”\""
# Where a title before a name ends at the latest: a sentence, clause or quote mark (the clause verbs join these).
TITLE_CUTS = (". ", "\n", "; ", ": ", "\"", "“", "”")


class Voice(NamedTuple):
    """Who a segment's figures are claimed by (None: the statement's author) and the person who speaks them."""

    claimant: str | None
    speaker: str | None


@dataclass(frozen=True)
class AttributionRules:
    """The attribution vocabulary of one language compiled into the matchers this stage uses."""

    language: str
    # A capitalised word of a name, with a particle before it ("al-Qudra"); a run of them; the one right before a
    # mention of a profile's person (its first name as this text gives it).
    name_token: re.Pattern[str]
    given_name_before: re.Pattern[str]
    name_run: AfterSeparator
    not_names: frozenset[str]
    title_before: re.Pattern[str]
    appositive_after: re.Pattern[str]
    role: re.Pattern[str]
    verb_after: re.Pattern[str]
    verb_before: re.Pattern[str]
    back_reference: re.Pattern[str]
    # Any word that can make a report, found in one pass (a TermSet, fast on lowered text).
    report_cue: TermSet
    unnamed_report: re.Pattern[str]
    # Where a title before a name ends at the latest (" said": "..., said Hikmet Hajiyev").
    title_cuts: tuple[str, ...]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> AttributionRules:
    data = load_topic(language, "attribution")
    verbs = alternation(data["reporting"]["verbs"])
    adverbials = alternation(data["patterns"]["verb_adverbials"])
    have = words(data["patterns"]["auxiliaries"])
    roles = f"(?i:{alternation(data['roles']['nouns'])})"
    according_to = words(data["reporting"]["according_to"])
    name_token = (rf"(?:{words(data['name_particles']['words'])}[-\s])?"
                  r"[A-Z][a-zà-öø-ÿ]+(?:[-’'][A-Za-zà-öø-ÿ]+)*")
    return AttributionRules(
        language=language,
        name_token=re.compile(name_token),
        given_name_before=re.compile(rf"({name_token})\s+$"),
        name_run=AfterSeparator(rf"{_class_lookahead(_first_characters(name_token))}{name_token}(?:\s+{name_token})*",
                                not_before="\\w’'-"),
        not_names=frozenset(data["not_names"]["words"]),
        title_before=re.compile(rf"\b{alternation(data['titles']['before_name'])}\.?,?\s+$"),
        # "X, a representative of the Armenian Defence Ministry,": a role in the words after the name.
        appositive_after=re.compile(rf"^,\s+(?:(?:{words(data['roles']['openers'])}|[A-Z][\w’'-]*['’]s)\b"
                                    rf"[^.;:!?\n\"“”]{{0,140}}?\b{roles}\b[^.;:!?\n\"“”]{{0,120}}?(?=,)|"
                                    rf"(?:{words(data['roles']['articles'])}\s+)?{roles}\b[^,.;\n\"“”]{{0,160}}"
                                    rf"(?=[,.;]|$))"),
        role=re.compile(rf"\b{roles}\b"),
        verb_after=re.compile(rf"^(?:['’]s)?,?\s+(?:(?:{adverbials}|{have})\s+)*{verbs}\b"),
        verb_before=re.compile(rf"\b{verbs}\s+(?:{adverbials}\s+)?$"),
        # The verbs as written (their spaces one space, as in `verbs`), "according to" with any white space.
        report_cue=TermSet(("cue", term) for term in (*data["reporting"]["verbs"], *data["reporting"]["data_verbs"],
                                                       according_to, *data["reporting"]["participles"])),
        unnamed_report=_guarded(
            rf"(?i:\b{alternation(data['reporting']['unnamed_sources'])})\s+(?:{have}\s+)?(?:{adverbials}\s+)?"
            rf"(?:{verbs}|{alternation(data['reporting']['data_verbs'])})\b|"
            rf"(?i:\b{according_to}\s+{alternation(data['reporting']['unnamed_data'])})\b"),
        back_reference=_guarded(rf"(?i:\b{alternation(data['patterns']['back_references'])})\s+"
                                rf"(?:{adverbials}\s+)*{verbs}\b"),
        title_cuts=(*TITLE_CUTS, *(f" {verb}" for verb in data["patterns"]["clause_verbs"])),
    )


def _guarded(pattern: str) -> LiteralLed | re.Pattern[str]:
    # Searched through every segment that can report: tried only where one of its first words stands, or else
    # behind a guard that skips the positions no alternative starts at.
    return LiteralLed.of(f"{first_character_guard(pattern)}(?:{pattern})")


def find_people(text: str, profile: Profile, lex: Lexicon, language: str = "en") -> list[Speaker]:
    """Every mention of a person the statement names as speaking, in text order."""
    rules = rules_for(language)
    parties = matchers_for(profile, lex, language)
    known = {p.name: p for p in profile.people}
    by_start: dict[int, Speaker] = {}
    for m in parties.people.finditer(text):
        given = rules.given_name_before.search(text[max(0, m.start - 30):m.start])
        if given and given.group(1) not in rules.not_names and f"{given.group(1)} " not in m.text \
                and not known[m.key].name.startswith(given.group(1)):
            continue  # "Kamran Aliyev" is not Ilham Aliyev: a first name the profile's person does not have
        by_start[m.start] = _mention(text, m.start, m.end, m.key, known[m.key].affiliation, rules)
    taken = _Spans((p.start, p.end) for p in by_start.values())
    introduced: dict[str, tuple[int, str | None]] = {}  # full name -> where first named, affiliation
    for run_start, run_end in rules.name_run.spans(text):
        if " " not in (words := text[run_start:run_end]) and "\n" not in words:
            continue  # one capitalised word names no one in full
        for start, end in _name_parts(text, run_start, run_end, rules):
            name = text[start:end]
            if taken.overlaps(start, end) or parties.sides.first(name) or lex.organizations.first(name) \
                    or parties.nationalities.first(name) or not _marked_as_person(text, start, end, rules):
                continue
            if name not in introduced:
                introduced[name] = (start, _affiliation(text, start, end, profile, lex, rules))
            by_start[start] = _mention(text, start, end, name, introduced[name][1], rules)
            taken.add(start, end)
    if introduced:
        # "Kyrylenko wrote": a person named in full once is named by surname afterwards, also where the profile
        # knows another person of that surname whose full name the text has not given before.
        surnames = NameSet((full, full.split()[-1]) for full in introduced)
        named_in_full = {p.name: p.start for p in sorted(by_start.values(), key=lambda p: -p.start)
                         if text[p.start:p.end] == p.name}
        for m in surnames.finditer(text):
            first, affiliation = introduced[m.key]
            if m.start <= first:
                continue
            clash = by_start.get(m.start)
            if clash is not None and (text[clash.start:clash.end] == clash.name
                                      or named_in_full.get(clash.name, m.start) < m.start):
                continue  # the profile's person, named in full before
            if clash is None and taken.overlaps(m.start, m.end):
                continue
            by_start[m.start] = _mention(text, m.start, m.end, m.key, affiliation, rules)
    return [by_start[start] for start in sorted(by_start)]


class _Spans:
    """Non-overlapping spans of text, with an overlap test by bisection (a long document names many people)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        at = bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self._starts, end - 1)  # spans starting before `end`
        return at > 0 and self._ends[at - 1] > start


def _mention(text: str, start: int, end: int, name: str, affiliation: str | None, rules: AttributionRules) -> Speaker:
    appositive = rules.appositive_after.match(text[end:end + 300])
    # Past the appositive and its closing comma, or past the comma that closes a title before the name
    # ("The ministry's representative, Major General Igor Konashenkov, briefed journalists").
    verb_from = end + appositive.end() + 1 if appositive else end + (text[end:end + 1] == ",")
    return Speaker(start, end, verb_from, name, affiliation)


def _name_parts(text: str, run_start: int, run_end: int, rules: AttributionRules) -> list[tuple[int, int]]:
    """The stretches of two to four name tokens in a run of capitalised words, split at words no name has."""
    parts: list[tuple[int, int]] = []
    current: list[re.Match[str]] = []
    for token in rules.name_token.finditer(text, run_start, run_end):
        if token.group() in rules.not_names:
            if 2 <= len(current) <= 4:
                parts.append((current[0].start(), current[-1].end()))
            current = []
        else:
            current.append(token)
    if 2 <= len(current) <= 4:
        parts.append((current[0].start(), current[-1].end()))
    return parts


def _marked_as_person(text: str, start: int, end: int, rules: AttributionRules) -> bool:
    before = text[max(0, start - 40):start]
    after = text[end:end + 300]
    return bool(rules.title_before.search(before) or rules.appositive_after.match(after)
                or rules.verb_after.match(after) or rules.verb_before.search(before))


def _affiliation(text: str, start: int, end: int, profile: Profile, lex: Lexicon,
                 rules: AttributionRules) -> str | None:
    """The side or organisation a person's appositive or title names: "X, Armenia's Deputy Prime Minister,"."""
    appositive = rules.appositive_after.match(text[end:end + 300])
    spans = [(end, end + appositive.end())] if appositive else []
    spans.append((_title_start(text, start, rules), start))
    for span_start, span_end in spans:
        sides = side_mentions(text, span_start, span_end, profile, lex, claimant=None, speaker_side=None,
                              addressee_side=None, language=rules.language)
        if sides:
            return sides[-1].side if span_end == start else sides[0].side
        organisation = lex.organizations.first(text, span_start, span_end)
        if organisation is not None:
            return organisation.key
    return None


def _title_start(text: str, position: int, rules: AttributionRules) -> int:
    """Where the title of a name begins: "the region's Acting Governor Yevgeny Balitsky", or the clause before a
    comma when it names a role ("The official representative of the Russian Ministry of Defence, Major General ...");
    never the clause of what the person says ("The missile was fired by Armenia, Hikmet Hajiyev, ...")."""
    cut = max(text.rfind(mark, 0, position) for mark in rules.title_cuts)
    clause_start = max(cut + 1, position - 150)
    comma = text.rfind(",", clause_start, position)
    if comma < 0:
        return clause_start
    chunk_start = text.rfind(",", clause_start, comma) + 1 or clause_start
    return chunk_start if rules.role.search(text, chunk_start, comma) else comma + 1


def segment_voices(text: str, segments: list[Segment], profile: Profile, lex: Lexicon,
                   people: list[Speaker], language: str = "en") -> tuple[list[list[ReportedClaim]], list[Voice | None]]:
    """For each segment: the reports it makes itself, and the voice its other figures are in (None: the author's)."""
    rules = rules_for(language)
    person_starts = [p.start for p in people]
    # Only segments with a reporting verb or "according to" can report: one pass over the text finds them.
    cues = rules.report_cue.starts(text)
    can_report = [seg.kind in REPORTING_SEGMENTS and bisect_right(cues, seg.end - 1) > bisect_right(cues, seg.start - 1)
                  for seg in segments]
    reports = [reported_claims(text, seg.start, seg.end, profile, lex, _people_in(people, person_starts, seg),
                               language) if can else [] for seg, can in zip(segments, can_report)]
    voices: list[Voice | None] = []
    story: Voice | None = None
    current: Voice | None = None
    last_person: Voice | None = None
    paragraph = -1
    body_paragraphs = 0
    named_in_paragraph = False
    for index, seg in enumerate(segments):
        opens_paragraph = seg.paragraph != paragraph
        if opens_paragraph:
            paragraph, current, named_in_paragraph = seg.paragraph, story, False
            body_paragraphs += seg.kind != "headline"
        own = reports[index]
        if own:
            if current and current.claimant:
                # "Oleksandr Tarnavskyi, commander of the Tavria group, said": a person whose title names no
                # side speaks for the party the paragraph is reporting.
                own = reports[index] = [r._replace(claimant=current.claimant) if r.speaker and not r.claimant else r
                                        for r in own]
            last = max(own, key=lambda r: r.start)
            current = Voice(last.claimant, last.speaker)
            if story is None and seg.kind != "headline" and body_paragraphs <= LEAD_PARAGRAPHS:
                story = current
        elif can_report[index] and rules.unnamed_report.search(text, seg.start, seg.end):
            current = Voice(current.claimant if current else None, None)
        elif can_report[index] and rules.back_reference.search(text, seg.start, seg.end):
            # "He said" opening a paragraph is the person named last; later in a paragraph that named no one
            # ("The minister did not attend. He said ...") it is someone the statement does not name.
            current = last_person if last_person and (opens_paragraph or named_in_paragraph) else Voice(None, None)
        voices.append(current)
        named = _people_in(people, person_starts, seg)
        if named:
            last_person, named_in_paragraph = Voice(named[-1].affiliation, named[-1].name), True
        _quote_backwards(text, segments, index, own, voices)
    # "Ukraine loses 95 troops overnight — Balitsky": the headlines above the story sum up what its lead reports.
    for index, seg in enumerate(segments):
        if seg.kind != "headline" or body_paragraphs == 0:
            break
        if voices[index] is None and story is not None:
            voices[index] = story
    return reports, voices


def _people_in(people: list[Speaker], starts: list[int], seg: Segment) -> list[Speaker]:
    low = bisect_right(starts, seg.start - 1)
    high = bisect_right(starts, seg.end - 1)
    return people[low:high]


def _quote_backwards(text: str, segments: list[Segment], index: int, own: list[ReportedClaim],
                     voices: list[Voice | None]) -> None:
    """ '"As of noon ... 260-280. On the equipment side ...," Hovhannisyan said.': the attribution after a
    quote is the voice of the quote's earlier sentences too."""
    seg = segments[index]
    closing = [r for r in own if r.start <= seg.start + 1 and r.end < seg.end]
    if not closing:
        return
    report = closing[0]
    quoted = text[seg.start:report.end]
    opened_here = "“" in quoted or ('"' in quoted and quoted.count('"') % 2 == 0)
    if not any(c in quoted for c in QUOTE_CLOSE) or opened_here and not (
            _continues_quote(text, segments, index) and index > 0 and _leaves_quote_open(text, segments, index - 1)):
        return
    voice = Voice(report.claimant, report.speaker)
    paragraph = seg.paragraph
    for earlier in range(index - 1, -1, -1):
        before = segments[earlier]
        if before.paragraph != paragraph:
            # A quote runs on into the next paragraph when its paragraph leaves it open and the next one opens
            # with a quote mark again (the English convention for a long quotation).
            if not _continues_quote(text, segments, earlier + 1) or not _leaves_quote_open(text, segments, earlier):
                return
            paragraph = before.paragraph
        voices[earlier] = voice
        opens = any(c in text[before.start:before.end] for c in QUOTE_OPEN)
        if opens and not (_continues_quote(text, segments, earlier) and earlier > 0
                          and _leaves_quote_open(text, segments, earlier - 1)):
            return


def _paragraph_span(segments: list[Segment], index: int) -> tuple[int, int]:
    first = last = index
    while first > 0 and segments[first - 1].paragraph == segments[index].paragraph:
        first -= 1
    while last + 1 < len(segments) and segments[last + 1].paragraph == segments[index].paragraph:
        last += 1
    return segments[first].start, segments[last].end


def _continues_quote(text: str, segments: list[Segment], index: int) -> bool:
    """Whether segment `index` opens its paragraph with a quote mark."""
    seg = segments[index]
    return (index == 0 or segments[index - 1].paragraph != seg.paragraph) and text[seg.start:seg.start + 1] in QUOTE_OPEN


def _leaves_quote_open(text: str, segments: list[Segment], index: int) -> bool:
    """Whether the paragraph of segment `index` ends inside a quotation it opened."""
    start, end = _paragraph_span(segments, index)
    body = text[start:end]
    return body.count("“") > body.count("”") or body.count('"') % 2 == 1
