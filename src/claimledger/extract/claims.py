"""The claims stage: every figure of a statement made a claim, with what it counts, whose loss it is, who claims it,
its date and its places, from the layers the earlier stages added to the Doc (see extract/__init__.py).

`event_windows` serves the periods stage, which needs the running-total cues read here.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, TypeVar

from claimledger import EXTRACTOR_VERSION
from claimledger.extract.classify import Typing, classify, inline_label, who_in_context
from claimledger.extract.classify import rules_for as classify_rules_for
from claimledger.extract.parties import rules_for as party_rules_for
from claimledger.extract.designation import weapon_model
from claimledger.extract.doc import Doc
from claimledger.extract.numbers import NumberMention, PassedOver
from claimledger.extract.parties import (ReportedClaim, SideMention, side_mentions,
                                         speaker_affiliation)
from claimledger.extract.places import (Clauses, PlaceMention, clause_places, find_enumerations, find_places,
                                        nearest_occurrences, sentence_clauses, story_places)
from claimledger.extract.places import rules_for as place_rules_for
from claimledger.extract.segment import Segment
from claimledger.extract.timeref import DateMention, days_earlier
from claimledger.lang import alternation, load_topic, words
from claimledger.lang.lexicon import Lexicon, TermMatch, first_character_guard, guarded_words
from claimledger.models import Claim
from claimledger.profile import Profile

T = TypeVar("T")
SHORT_SENTENCE = 60
# Why a figure the figures stage found made no claim (`claimledger extract --explain`).
COUNTS_NOTHING = ("counts nothing a claim is about: no people, equipment, buildings, ground, forces or attacks are "
                  "named with it")
ONE_EVENT = "names one event, and counts nothing"
IN_SPEAKER_LINE = "stands in the line that says who speaks"
HARM_KINDS = ("casualties", "damage", "displacement", "attacks")
# How many sentences back a part ("of the dead") looks for the figure it is part of, and how near its sentence's
# start it must be to be its subject ("Some 5,840 of the dead", not "... 1,400 people, most of them civilians").
BREAKDOWN_REACH = 4
BREAKDOWN_OPENING = 30
# "338 (328)": a figure in brackets.
BRACKETED = re.compile(r"\(\s*\Z")


@dataclass(frozen=True)
class ClaimRules:
    """The words the claims stage reads (lang/<code>/claims.toml, with sides.toml's loss verbs, places.toml's
    anaphora and classify.toml's approximations and toll verbs), compiled once per language."""

    language: str

    # "260 and 280 servicemen ... killed": a quote that says what befell the people.
    explicit_outcome: re.Pattern[str]
    # "the enemy lost 570 servicemen": a side's count of the other side's personnel losses.
    loss_verb: re.Pattern[str]
    loss_noun: re.Pattern[str]
    # "hit the city and its villages", "wounded in the same fighting": sentences that speak of a place or an event
    # named before them.
    anaphora: re.Pattern[str]
    running_total: re.Pattern[str]
    # Clauses a running-total cue does not reach across: "the Army lost 40 servicemen over the past day; the total
    # ...", "nine soldiers killed on Tuesday, raising the number killed since 7 October to 326".
    total_clause_break: re.Pattern[str]
    event_date_cue: re.Pattern[str]
    reported_before: re.Pattern[str]
    reported_after: re.Pattern[str]
    single_event: re.Pattern[str]
    single_event_before: re.Pattern[str]
    repelled: re.Pattern[str]
    article: re.Pattern[str]
    active_verb_after: re.Pattern[str]
    owner_after: re.Pattern[str]
    # "25 of those deaths", "32 of them": a part of the figure before (classify.toml [joins] part_of_previous).
    part_of: re.Pattern[str]
    # "the Armenian side has lost 50 tanks, and the adversary has lost 400": a later clause's subject (sides.toml).
    clause_break: re.Pattern[str]
    coordinated_subject: re.Pattern[str]
    # "Kyiv's figure of 26,000 Russian troops killed is fabricated": words that call a figure of the sentence part
    # they stand in false (allegations.toml [denial] of_figures), so that it is the other side's, not the denier's.
    figure_denied: re.Pattern[str]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> ClaimRules:
    data = load_topic(language, "claims")
    totals, single = data["running_totals"], data["single_events"]
    approximately = words(load_topic(language, "classify")["approximations"]["words"])
    raising = words(load_topic(language, "classify")["tolls"]["raising"])
    statement_verb = words(data["statements"]["verbs"])
    # Periods written with dates, and the war named as a cause; the worded cues are lexicon.toml [running_totals].
    running_total = (
        rf"\b(?:{words(totals['phrases'])}|"
        rf"{words(totals['since'])}\s+(?:\d{{1,2}}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d+)|"
        rf"{words(totals['from'])}\s+(?:\d{{1,2}}(?:\.\d{{2}}\.|\s+[A-Z][a-z]+)|[A-Z][a-z]+\s+\d+)|"
        rf"{words(totals['caused_by'])}\s+(?:the\s+)?(?:[\w’'\-]+\s+){{0,2}}{words(totals['wars'])})\b"
    )
    return ClaimRules(
        language=language,
        explicit_outcome=re.compile(rf"\b{alternation(data['explicit_outcomes']['words'])}\b", re.IGNORECASE),
        loss_verb=re.compile(alternation(load_topic(language, "sides")["loss_verbs"]["verbs"]), re.IGNORECASE),
        loss_noun=re.compile(alternation(load_topic(language, "sides")["loss_verbs"]["nouns"]), re.IGNORECASE),
        anaphora=place_rules_for(language).anaphora,
        # Searched through every segment with figures: the guard skips the positions no alternative starts at.
        running_total=re.compile(f"{first_character_guard(running_total)}(?:{running_total})", re.IGNORECASE),
        total_clause_break=re.compile(rf";|,\s+(?={raising}\s+the\b)", re.IGNORECASE),
        event_date_cue=re.compile(rf"(?:\b{words(data['event_dates']['cues'])}\s+(?:the\s+)?|^\W*)$", re.IGNORECASE),
        reported_before=re.compile(rf"\b{statement_verb}\s+(?:\w+\s+)?$", re.IGNORECASE),
        reported_after=re.compile(rf"(?:\s+[\w’'-]+){{0,3}}?\s*,?\s*{statement_verb}\b", re.IGNORECASE),
        # "during only one attack", "in one missile strike", "in one Israeli air strike".
        single_event=re.compile(rf"\s*(?:[\w’'-]+\s+){{0,2}}?{words(single['nouns'])}\b", re.IGNORECASE),
        single_event_before=re.compile(rf"\b{words(single['prepositions'])}\s+(?:{words(single['restrictors'])}\s+)?$",
                                       re.IGNORECASE),
        repelled=re.compile(rf"\b{words(data['repelled']['verbs'])}\s+(?:{words(data['repelled']['determiners'])}\s+)?"
                            rf"(?:{approximately}\s+)?$", re.IGNORECASE),
        article=re.compile(rf"\b{words(data['singular']['articles'])}\s+", re.IGNORECASE),
        active_verb_after=re.compile(rf"\s+(?:\w+ly\s+)?(?:[a-z]+ed|{words(data['singular']['active_verbs'])})\b"),
        part_of=classify_rules_for(language).part_of_previous,
        clause_break=party_rules_for(language).clause_break,
        coordinated_subject=party_rules_for(language).coordinated_subject,
        owner_after=re.compile(rf"\b{words(data['forces']['owner_prepositions'])}\s+(?:the\s+)?$", re.IGNORECASE),
        figure_denied=guarded_words(load_topic(language, "allegations")["denial"]["of_figures"]),
    )


def _rules(doc: Doc) -> ClaimRules:
    return rules_for(doc.language)


def build_claims(doc: Doc) -> None:
    """The claims stage: each segment's figures (and lists of places taken) typed, attributed, dated and placed."""
    text, profile = doc.text, doc.profile
    claims: list[Claim] = []
    for index, seg in enumerate(doc.segments):
        figures = doc.figures.get(index, [])
        if seg.kind in ("speaker_note", "attribution"):
            doc.passed_over.extend(PassedOver(f.start, f.end, f.text, IN_SPEAKER_LINE) for f in figures)
            continue
        enumerations = find_enumerations(text, seg.start, seg.end, profile) if index in doc.take_verbs else []
        if not figures and not enumerations:
            continue
        claims.extend(_claims_of_segment(doc, index, seg, figures, enumerations))
    claims.sort(key=lambda c: c.span)
    doc.passed_over.sort(key=lambda figure: figure.start)
    _same_figure_same_outcome(claims, _rules(doc))
    _headline_read_by_its_story(doc, claims)
    doc.claims = claims


def _headline_read_by_its_story(doc: Doc, claims: list[Claim]) -> None:
    """A headline's figure that the story states again is the story's: it happened when the story says ("IDF names
    nine soldiers killed" over "nine soldiers who were killed on Tuesday", "Russia loses another 1,440 troops in a
    day" over "Over the past day, 26 October, ... 1,440 soldiers"), and counts whom the story says ("toll rises to
    326" over "the number of soldiers killed ... to 326"). A headline's own words are short of both: a figure
    dated only by the statement's day, or counting only "people", takes the story's."""
    headline = doc.segments[0] if doc.segments and doc.segments[0].kind == "headline" else None
    published = doc.document.published.isoformat() if doc.document.published else None
    if headline is None:
        return
    in_story = [c for c in claims if c.span[0] >= headline.end]
    for claim in claims:
        if claim.span[1] > headline.end:
            break
        same = [c for c in in_story if (c.value, c.kind, c.outcome, c.cumulative) ==
                (claim.value, claim.kind, claim.outcome, claim.cumulative)]
        if claim.what == ["people"]:
            whats = {tuple(c.what) for c in same if c.what != ["people"]}
            if len(whats) == 1:
                claim.what = list(next(iter(whats)))
        same = [c for c in same if c.what == claim.what and c.date is not None]
        if claim.cumulative or claim.date != published or claim.date_precision != "day" or not same:
            continue  # a running total is dated at its as-of day, the statement's
        # The day the story names beats its tally's "(+1,440)" since the report before.
        same = [c for c in same if c.date_precision == "day"] or same
        if len({(c.date, c.date_precision) for c in same}) == 1:
            claim.date, claim.date_precision = same[0].date, same[0].date_precision


def _same_figure_same_outcome(claims: list[Claim], rules: ClaimRules) -> None:
    """A casualty figure stated again in the same document counts the same thing: where one statement of it names
    what befell the people ("260 and 280 servicemen ... killed") and another only that they were lost or counted
    ("Azerbaijan lost 260-280 troops"), the second takes the first's outcome."""
    explicit: dict[tuple, set[str]] = {}
    for claim in claims:
        if claim.kind == "casualties" and rules.explicit_outcome.search(claim.quote):
            explicit.setdefault(_figure_key(claim), set()).add(claim.outcome)
    for claim in claims:
        outcomes = explicit.get(_figure_key(claim)) if claim.kind == "casualties" else None
        if outcomes and len(outcomes) == 1 and not rules.explicit_outcome.search(claim.quote):
            claim.outcome = next(iter(outcomes))


def _figure_key(claim: Claim) -> tuple:
    return claim.value, claim.qualifier, claim.affected, tuple(claim.what)


def by_segment(segments: list[Segment], items: list[T], position: Callable[[T], int]) -> dict[int, list[T]]:
    """Items grouped by the index of the segment their position falls in."""
    starts = [s.start for s in segments]
    grouped: dict[int, list[T]] = {}
    for item in items:
        at = position(item)
        index = bisect_right(starts, at) - 1
        if index >= 0 and at < segments[index].end:
            grouped.setdefault(index, []).append(item)
    return grouped


def _claims_of_segment(doc: Doc, index: int, seg: Segment, figures: list[NumberMention],
                       enumerations: list) -> list[Claim]:
    text, lex, profile, rules = doc.text, doc.lex, doc.profile, _rules(doc)
    lead = doc.segments[seg.lead] if seg.lead is not None else None
    lead_predicate = _last_predicate(text, lead, lex) if lead else None
    typed: list[tuple[NumberMention, Typing]] = []
    previous: Typing | None = None
    previous_end: int | None = None
    for figure in figures:
        label = (seg.start, figure.start) if seg.kind == "list_item" else None
        typing = classify(text, seg.start, seg.end, figure, lex, lead_predicate=lead_predicate, previous=previous,
                          previous_end=previous_end, label=label, language=rules.language)
        if typing is None:
            doc.passed_over.append(PassedOver(figure.start, figure.end, figure.text, COUNTS_NOTHING))
            continue
        if (figure.value == 1 and figure.text.lower() == "one" and rules.single_event.match(text, figure.end)
                and rules.single_event_before.search(text, seg.start, figure.start)):
            # "during only one attack on Barda": names the event, does not count attacks
            doc.passed_over.append(PassedOver(figure.start, figure.end, figure.text, ONE_EVENT))
            continue
        typing = who_in_context(text, typing, figure.end, _context_spans(doc, seg, lead, figure.start), lex,
                                after_another=previous is not None, language=rules.language)
        typed.append((figure, typing))
        previous, previous_end = typing, typing.np_end
    typed.extend(_singular_materiel(text, seg, lex, figures, rules))
    if not typed and not enumerations:
        return []

    reports = doc.reports[index]
    voice = None if seg.speaker else doc.voices[index]
    segment_claimant = speaker_affiliation(seg.speaker, profile) or doc.author
    addressee = speaker_affiliation(doc.interviewees.get(seg.section), profile) if seg.turn == "question" else None
    scope_start = lead.start if lead else seg.start
    mentions = side_mentions(text, scope_start, seg.end, profile, lex, claimant=segment_claimant,
                             speaker_side=segment_claimant, addressee_side=addressee)
    # "the Armenian side has reported 320 deaths": a side that reports figures of no one named reports its own;
    # the sides of a neighbouring sentence are not borrowed for them.
    if not any(m.role for m in mentions) and not any(r.claimant in _side_names(profile) and not r.speaker
                                                     for r in reports):
        # "… an attack on Barda, which killed 21 civilians. Armenian forces fired a Smerch rocket …":
        # who did it is often said in the sentence before or after the count.
        # The sentence before first: "Armenian forces fired a missile at Ganja. As a result, 13 civilians were
        # killed ... The enemy was hit with retaliatory strikes" — the next sentence is about something else.
        for neighbour in _neighbours(doc, index, seg):
            mentions += [m for m in side_mentions(text, neighbour.start, neighbour.end, profile, lex,
                                                  claimant=segment_claimant, speaker_side=segment_claimant,
                                                  addressee_side=addressee) if m.role]
            if mentions:
                break
    # A side named inside a counted phrase ("3 enemy artillery batteries") owns what is counted.
    counted = [(figure.end, typing.np_end) for figure, typing in typed if typing.kind != "force"]
    mentions = [m._replace(role="affected") if any(start <= m.start < end for start, end in counted) else m
                for m in mentions]
    clause_ends = [start for start, _ in _clause_breaks(doc, seg)]
    cues = _running_total_cues(doc, index, seg, lead)
    since_last = doc.lex.running_totals["change"].first(text, seg.start, seg.end) is not None
    counted_before, bracketed_before = (False, False) if since_last else _counted_before(doc, index, seg, lead)

    claims = []
    part_of_next: list[bool] = []
    # Split into clauses once for all the segment's figures, each of which is placed by its own clause.
    clauses = sentence_clauses(text, seg.start, seg.end)
    for figure, typing in typed:
        # A report of the figure's own sentence first, then the voice the sentence is in, then the author's.
        claimant, speaker = voice_at(doc, index, seg, figure.start)
        if claimant in _side_names(profile) and claimant == segment_claimant and \
                _denied_where(doc, seg, figure.start, rules):
            # A figure quoted to be called false is the other side's claim, not the denier's: the denial is its own
            # line (extract/allegations.py), which links to it.
            claimant, speaker = profile.opposite(claimant), None
        if typing.part_of_previous and claims and claims[-1].kind == "attacks":
            # "launched 40 drones; air defence shot down 32 of them": the attacker lost them.
            affected, actor = claims[-1].actor, claims[-1].affected
        elif claims and claims[-1].kind == typing.kind and rules.part_of.match(text, figure.end):
            # "Azerbaijan's civilian toll has passed 60, with 25 of those deaths ...": whose the whole is, the part is.
            affected, actor = claims[-1].affected, claims[-1].actor
        else:
            # A third party's own forces are its own ("Russia has brought 1,100 peacekeepers", Shoigu said).
            own = claimant in _side_names(profile) or (typing.kind == "force" and claimant is not None)
            affected, actor = _sides(typing, figure, mentions, claimant if own else segment_claimant, profile, rules, text,
                                     doc.location)
        if typing.kind == "casualties" and typing.outcome == "killed" and typing.what == ("military",) and \
                typing.predicate and rules.loss_verb.fullmatch(typing.predicate) and claimant in _side_names(profile) and \
                affected == profile.opposite(claimant):
            typing = typing._replace(outcome="killed_or_wounded")  # the other side's losses (lang/en/sides.toml)
        elif typing.kind == "casualties" and typing.outcome == "killed_or_wounded" and typing.predicate and \
                rules.loss_noun.fullmatch(typing.predicate) and claimant in _side_names(profile) and affected == claimant:
            typing = typing._replace(outcome="killed")  # "Armenia puts its own losses at 2,400 soldiers": its dead
        dating = _date(doc, index, seg, lead, figure.start, typing.kind)
        clause = bisect_left(clause_ends, figure.start)
        cumulative_cue = any(bisect_left(clause_ends, cue) == clause or cue < seg.start for cue in cues)
        # A force's size is a state, never a running total; troops brought in can be ("360,000 reservists have been
        # called up since the war began"), and are otherwise of no stated period (None).
        standing = typing.kind == "force" and typing.outcome == "strength"
        running = not standing and bool(dating.as_of or cumulative_cue)
        if running and not dating.as_of and not _has_own_date(doc, seg, lead):
            dating = _published(doc)  # "so far": counted on the day of the statement
        if running and (typing.increment or since_last):
            # "552 (+6)", "since the previous update, four more children": added since the previous day's tally.
            dating, running = _day_before_to(dating), False
        elif running and (counted_before or bracketed_before and BRACKETED.search(text, max(seg.start, figure.start - 4), figure.start)):
            dating = _counted_earlier(dating, days_earlier(text, seg.start, seg.end))
        cumulative = (True if running else None) if typing.kind == "force" else running
        span = _claim_span(text, seg, figure, typing, rules.language)
        part_of_next.append(typing.part_of_next)
        places = _places(doc, index, seg, lead, figure.start, span, clauses)
        claims.append(Claim(
            doc=doc.document.name, span=span, quote=text[span[0]:span[1]], value=figure.value,
            qualifier=figure.qualifier, unit=typing.unit, kind=typing.kind, outcome=typing.outcome,
            what=list(typing.what), affected=affected if typing.kind != "force" else None, actor=actor,
            claimant=claimant, speaker=speaker, date=dating.date, date_precision=dating.precision,
            cumulative=cumulative, places=[p.name for p in places], place_spans=[(p.start, p.end) for p in places],
            extractor_version=EXTRACTOR_VERSION, model=weapon_model(text[span[0]:span[1]]),
        ))
    for position, (part, whole) in enumerate(zip(claims, claims[1:])):
        if part_of_next[position] and whole.kind == "attacks":
            # "shot down 20 of 24 drones launched by Russia": what was shot down was the attacker's.
            part.affected, part.actor = whole.actor, whole.affected
    for enum in enumerations:
        territory = Typing("territory", "taken", enum.what, "count", enum.end, None)
        pseudo = NumberMention(enum.start, enum.end, enum.start, enum.end, len(enum.names), "enumerated", "")
        affected, actor = _sides(territory, pseudo, mentions, segment_claimant, profile, rules, text)
        dating = _date(doc, index, seg, lead, enum.start, "territory")
        claims.append(Claim(
            doc=doc.document.name, span=(enum.start, enum.end), quote=text[enum.start:enum.end],
            value=len(enum.names), qualifier="enumerated", kind="territory", outcome="taken", what=list(enum.what),
            affected=affected, actor=actor, claimant=(voice.claimant or segment_claimant) if voice else segment_claimant,
            speaker=voice.speaker if voice else seg.speaker, date=dating.date,
            date_precision=dating.precision, cumulative=False, places=list(enum.names),
            place_spans=[(p.start, p.end) for p in enum.places], extractor_version=EXTRACTOR_VERSION,
            model=weapon_model(text[enum.start:enum.end]),
        ))
    return claims


def _context_spans(doc: Doc, seg: Segment, lead: Segment | None, position: int) -> list[tuple[int, int]]:
    """Where to read who a figure's unspecified people were: its sentence up to it, its list's lead, the
    document's heading ("Ukraine: civilian casualty update")."""
    spans = [(seg.start, position)]
    if lead is not None:
        spans.append((lead.start, lead.end))
    heading = doc.segments[0]
    if heading.kind == "headline" and heading is not seg and heading is not lead:
        spans.append((heading.start, heading.end))
    return spans


def _neighbours(doc: Doc, index: int, seg: Segment) -> list[Segment]:
    """The sentences just before and after a segment in its paragraph."""
    return [doc.segments[i] for i in (index - 1, index + 1)
            if 0 <= i < len(doc.segments) and doc.segments[i].paragraph == seg.paragraph
            and doc.segments[i].kind == "sentence"]


def _claim_span(text: str, seg: Segment, figure: NumberMention, typing: Typing, language: str) -> tuple[int, int]:
    """The quote of a claim: its figure and what it counts; a list item or "label – figure" line whole."""
    if typing.quote_start is not None:
        return typing.quote_start, max(figure.end, typing.np_end)
    if seg.kind == "list_item":
        return seg.start, seg.end
    label = inline_label(text, seg.start, figure.start, language) if typing.np_end <= figure.end else None
    start = seg.start + label.start("label") if label else figure.start
    return start, max(figure.end, typing.np_end)


def _side_names(profile: Profile) -> set[str]:
    return {s.name for s in profile.sides}


def _last_predicate(text: str, lead: Segment, lex: Lexicon) -> TermMatch | None:
    last = None
    for m in lex.predicates.finditer(text, lead.start, lead.end):
        last = m
    return last


def _singular_materiel(text: str, seg: Segment, lex: Lexicon, figures: list[NumberMention],
                       rules: ClaimRules) -> list[tuple[NumberMention, Typing]]:
    """ "an unmanned aerial vehicle (UAV) ... was destroyed": one piece of equipment, counted by its article."""
    if seg.kind != "sentence" or lex.materiel.first(text, seg.start, seg.end) is None:
        return []
    found = []
    for m in rules.article.finditer(text, seg.start, seg.end):
        start = m.start()
        if any(f.start <= start < f.end for f in figures) or lex.materiel.first(text, m.end(), m.end() + 60) is None:
            continue
        mention = NumberMention(start, m.end() - 1, start, m.end() - 1, 1, "exact", m.group())
        typing = classify(text, seg.start, seg.end, mention, lex, language=rules.language)
        if typing is not None and typing.kind == "materiel" and typing.unit == "count" and typing.outcome != "lost" \
                and not rules.active_verb_after.match(text, typing.np_end):
            found.append((mention, typing))
    return found


def voice_at(doc: Doc, index: int, seg: Segment, position: int) -> tuple[str | None, str | None]:
    """Who claims what segment `index` says at `position`, and the person who says it, as for a figure there: the
    report that covers it ("Armenia said ..."), else the voice the segment is in, else its speaker's side or the
    statement's author."""
    segment_claimant = speaker_affiliation(seg.speaker, doc.profile) or doc.author
    voice = None if seg.speaker else doc.voices[index]
    report = _report_covering(doc.reports[index], position) or voice
    if report is None:
        return segment_claimant, seg.speaker
    return report.claimant or segment_claimant, report.speaker


def _denied_where(doc: Doc, seg: Segment, position: int, rules: ClaimRules) -> bool:
    """Whether the part of its segment a figure stands in (between semicolons) calls a figure false."""
    start = doc.text.rfind(";", seg.start, position) + 1 or seg.start
    end = doc.text.find(";", position, seg.end)
    return rules.figure_denied.search(doc.text, start, seg.end if end < 0 else end) is not None


def _report_covering(reports: list[ReportedClaim], position: int) -> ReportedClaim | None:
    covering = [r for r in reports if r.start <= position < r.end]
    return max(covering, key=lambda r: r.start) if covering else None


def _sides(typing: Typing, figure: NumberMention, mentions: list[SideMention], claimant: str | None,
           profile: Profile, rules: ClaimRules, text: str, location: str | None = None) -> tuple[str | None, str | None]:
    """(affected, actor) of a claim from the sides named around it, else from what such claims usually mean:
    a side's own harm or the other side's loss in its own statement, the harm done in the country a third
    party's statement is about (`location`)."""
    inside = [m for m in mentions if figure.end <= m.start < typing.np_end]
    if typing.thing_start is not None:
        # "Armenian military equipment worth ...": the side named right before the counted thing.
        inside = [m for m in mentions if m.end <= typing.thing_start
                  and re.fullmatch(r"[\w\s-]{0,25}", text[m.end:typing.thing_start]) and
                  len(text[m.end:typing.thing_start].split()) <= 1][-1:]
    possessive = [m for m in mentions if m.end <= figure.start and re.fullmatch(r"['’]s\s*", text[m.end:figure.start])]
    if typing.kind == "force":
        following = [m for m in mentions if m.start >= typing.np_end and
                     rules.owner_after.search(text, max(0, m.start - 12), m.start)]
        foreign = typing.what and typing.what[0] in ("mercenaries", "fighters")
        # "According to our intelligence, there are 2,000 mercenaries": a side named somewhere before foreign
        # fighters is not who they fight for; only one attached to them is.
        before = [] if foreign else [m for m in mentions if m.end <= figure.start and m.role != "affected"]
        owner = (inside or possessive or following or before[-1:] or [None])[0]
        if owner is not None:
            return None, owner.side
        return None, profile.opposite(claimant) if foreign else claimant

    if typing.kind == "attacks" and claimant in _side_names(profile) and \
            rules.repelled.search(text, max(0, figure.start - 40), figure.start):
        # "repelled 7 attacks": the attacks were the other side's, on the side that speaks.
        return claimant, profile.opposite(claimant)

    def nearest(role: str) -> SideMention | None:
        # "the Armenian side has lost 50 tanks, and the adversary has lost 400": the subject of a later clause
        # is not the figure's.
        candidates = [m for m in mentions if m.role == role and not (
            m.subject and m.start >= figure.end and (rules.clause_break.search(text, figure.end, m.start)
                                                     or rules.coordinated_subject.search(text, figure.end, m.start)))]
        return min(candidates, key=lambda m: abs(m.start - figure.start)) if candidates else None

    affected_mention = (inside or possessive or [nearest("affected")])[0]
    actor_mention = nearest("actor")
    affected = affected_mention.side if affected_mention else None
    actor = actor_mention.side if actor_mention else None
    if affected_mention and actor_mention and actor == affected:
        # Both roles point at one side: trust the mention nearer the figure, the other side takes the other role.
        if inside or possessive or abs(affected_mention.start - figure.start) <= abs(actor_mention.start - figure.start):
            actor = None
        else:
            affected = None
    affected = affected or profile.opposite(actor)
    actor = actor or profile.opposite(affected)
    if affected is None and actor is None and claimant in _side_names(profile):
        own_loss = typing.kind in HARM_KINDS or (typing.kind == "territory" and typing.outcome == "lost")
        affected = claimant if own_loss else profile.opposite(claimant)
        actor = profile.opposite(affected)
    elif affected is None and actor is None and location and typing.kind in ("casualties", "damage", "displacement"):
        affected, actor = location, profile.opposite(location)
    return affected, actor


def _running_total_cues(doc: Doc, index: int, seg: Segment, lead: Segment | None, reach: int = BREAKDOWN_REACH
                        ) -> list[int]:
    """Where a segment (or its list's lead) says that its figures are running totals.

    A period ("since 27 September", "in this war") always does. A sum ("in total") does unless its
    sentence is about one attack or operation ("... captured in this operation – 25,184 men in all").
    A growing toll ("has risen to", "so far") does unless the sentence, the one before it or the
    headline names the one attack it is the toll of: SCHEMA.md counts one attack's toll as no running
    total. A part of an earlier figure ("Some 5,840 of the dead are children") is one when the figure
    it is part of is.
    """
    text, cues_of = doc.text, doc.lex.running_totals
    start = lead.start if lead else seg.start

    def found(group: str, low: int = start, high: int = seg.end) -> list[int]:
        return [m.start for m in cues_of[group].finditer(text, low, high)]

    cues = [m.start() for m in _rules(doc).running_total.finditer(text, start, seg.end)] + found("period")
    single_here = bool(found("single_event"))
    if not single_here:
        cues += found("total")
    tolls = found("toll")
    if tolls and not single_here:
        before = doc.segments[index - 1] if index > 0 and doc.segments[index - 1].paragraph == seg.paragraph else None
        headline = doc.segments[0] if doc.segments[0].kind == "headline" and index > 0 else None
        if not any(s is not None and found("single_event", s.start, s.end) for s in (before, headline)):
            cues += tolls
    # "Some 5,840 of the dead" opens its sentence; "Most children were affected in the following regions:" can
    # stand anywhere in it or in its list's lead.
    parts = found("breakdown", seg.start, min(seg.end, seg.start + BREAKDOWN_OPENING)) + found("by_place") \
        if not cues and reach else []
    if parts:
        # A list's items are read from before their lead: the items before this one are its parts too.
        first = doc.segments.index(lead) if lead is not None else index
        for earlier in range(first - 1, max(-1, first - 1 - reach), -1):
            other = doc.segments[earlier]
            if other.section != seg.section:
                break
            if _running_total_cues(doc, earlier, other, None, reach - 1):
                return parts
            if re.search(r"\d", text[other.start:other.end]):
                break  # the figure it is part of is no running total
    return sorted(cues)


def _places(doc: Doc, index: int, seg: Segment, lead: Segment | None, position: int,
            quote: tuple[int, int], clauses: Clauses) -> list[PlaceMention]:
    """Where the figure at `position` happened, each place where the text names it: the places its own quote names
    ("Kharkiv region – 73" in an inline list), else those of its own clause (places.clause_places); failing that,
    of its list's lead; of the nearest earlier sentence of its paragraph, where its sentence points back to one or
    is short; or the one place the whole story is about (places.story_places). Each name once (find_places gives
    each once), at its occurrence in that sentence nearest to the figure (places.nearest_occurrences), or where the
    headline or lead names the story's place."""
    text, profile, lex = doc.text, doc.profile, doc.lex
    in_sentence = _places_in(doc, seg.start, seg.end)
    if quoted := [p for p in in_sentence if quote[0] <= p.start and p.end <= quote[1]]:
        return quoted
    own = clause_places(text, seg.start, seg.end, position, in_sentence, clauses=clauses)
    if own:
        return nearest_occurrences(own, text, seg.start, seg.end, position, profile, lex)
    if lead is not None and (found := _places_in(doc, lead.start, lead.end)):
        return nearest_occurrences(found, text, lead.start, lead.end, position, profile, lex)
    if (seg.end - seg.start < SHORT_SENTENCE or _points_back(doc, seg)) and \
            (placed := _placed_earlier_in_paragraph(doc, index)) is not None:
        earlier = doc.segments[placed]
        return nearest_occurrences(_places_in(doc, earlier.start, earlier.end), text, earlier.start, earlier.end,
                                   position, profile, lex)
    # The story's headline, else its lead paragraph (the first paragraph of sentences), names its one place; not
    # for the lead paragraph's own figures, which its sentences have placed or left unplaced above.
    first = doc.segments[0] if doc.segments else None
    headline = (first.start, first.end) if first is not None and first.kind == "headline" else None
    lead_paragraph = _lead_paragraph(doc)
    if lead_paragraph is not None and lead_paragraph[0] == seg.paragraph:
        lead_paragraph = None
    return list(story_places(text, headline, lead_paragraph[1:] if lead_paragraph else None, profile, lex))


def _placed_earlier_in_paragraph(doc: Doc, index: int) -> int | None:
    """The nearest segment before segment `index`, in an unbroken run of sentences and list items of its paragraph,
    that names a place (other than a dateline's); or None.

    What each segment's walk back found is remembered for the segments after it: a paragraph of thousands of
    segments (a file of one line with no full stop, cut at MAX_SENTENCE) is walked once, not once for each figure."""
    seg = doc.segments[index]
    walked = []
    found = None
    at = index - 1
    while at >= 0:
        earlier = doc.segments[at]
        if earlier.paragraph != seg.paragraph or earlier.kind not in ("sentence", "list_item"):
            break
        if at in doc.placed_earlier:
            found = doc.placed_earlier[at]
            break
        walked.append(at)
        places = _places_in(doc, earlier.start, earlier.end)
        if places and not _is_dateline(doc, earlier, places):
            found = at
            break
        at -= 1
    for each in walked:
        doc.placed_earlier[each] = found
    return found


def _lead_paragraph(doc: Doc) -> tuple[int, int, int] | None:
    """The document's first paragraph of sentences: its number, start and end; found once for all its figures."""
    if doc.lead_paragraph is None:
        opening = next((i for i, s in enumerate(doc.segments) if s.kind == "sentence"), None)
        found: tuple[int, int, int] | tuple[()] = ()
        if opening is not None:
            paragraph, last = doc.segments[opening].paragraph, opening
            while last + 1 < len(doc.segments) and doc.segments[last + 1].paragraph == paragraph:
                last += 1
            found = (paragraph, doc.segments[opening].start, doc.segments[last].end)
        doc.lead_paragraph = found
    return doc.lead_paragraph or None


def _points_back(doc: Doc, seg: Segment) -> bool:
    """Whether a segment points back to an earlier sentence ("there", "the same village"), asked once for all its
    figures."""
    found = doc.points_back.get(seg.start)
    if found is None:
        found = doc.points_back[seg.start] = _rules(doc).anaphora.search(doc.text, seg.start, seg.end) is not None
    return found


def _places_in(doc: Doc, start: int, end: int) -> list[PlaceMention]:
    """The places text[start:end] names (places.find_places), found once per stretch of the document."""
    found = doc.places_in.get((start, end))
    if found is None:
        found = doc.places_in[(start, end)] = find_places(doc.text, start, end, doc.profile, doc.lex, doc.language)
    return found


def _is_dateline(doc: Doc, seg: Segment, places: list) -> bool:
    """ "Yerevan, October 30, 2020.": where the statement was issued, not where anything happened."""
    dates = _dates_in(doc, seg.start, seg.end)
    rest = doc.text[seg.start:seg.end]
    for span in sorted([(d.start, d.end) for d in dates] + [(p.start, p.end) for p in places], reverse=True):
        rest = rest[:span[0] - seg.start] + rest[span[1] - seg.start:]
    return bool(dates) and len(re.findall(r"\w+", rest)) <= 2


def _dates_in(doc: Doc, start: int, end: int, months: bool = True) -> list[DateMention]:
    low, high = bisect_left(doc.date_starts, start), bisect_left(doc.date_starts, end)
    return [d for d in doc.dates[low:high] if months or d.precision != "month"]


def event_windows(doc: Doc, counting: set[int]) -> frozenset[int]:
    """Where the periods start that bound the events of their sentence rather than a count.

    "Between 24 February and 30 March, OHCHR recorded 3,167 civilian casualties", or a list's lead "The losses
    from 24.02.22 to 27.10.24 are as follows:", count over their period: what follows is part of a running total
    as of its last day. "From 4 to 7 September our army launched a series of offensives", a sentence that counts
    nothing and speaks of no total, tells when the fighting was: the figures that follow ("Enemy casualties:
    1,340 killed") are that fighting's, over those days.
    """
    counting = counting | {lead for i in counting if (lead := doc.segments[i].lead) is not None}
    windows: set[int] = set()
    for index, seg in enumerate(doc.segments):
        if index in counting:
            continue
        periods = [d.start for d in _dates_in(doc, seg.start, seg.end) if d.as_of and d.first != d.last]
        if periods and not _running_total_cues(doc, index, seg, None, reach=0):
            windows.update(periods)
    return frozenset(windows)


def _has_own_date(doc: Doc, seg: Segment, lead: Segment | None) -> bool:
    return bool(_dates_in(doc, seg.start, seg.end) or (lead and _dates_in(doc, lead.start, lead.end)))


class _Dating(NamedTuple):
    """The day or days a figure refers to, how precisely, and whether it is the as-of day of a running total."""

    date: str | None
    precision: str | None
    as_of: bool = False


def _dating(mention: DateMention, as_of: bool = False) -> _Dating:
    if as_of and mention.last != mention.first:
        # "From 24 February 2022 to 15 October 2023, OHCHR recorded 27,768": counted as of the period's last day.
        return _Dating(mention.last.isoformat(), "day", True)
    return _Dating(mention.iso(), mention.precision, as_of)


def _date(doc: Doc, index: int, seg: Segment, lead: Segment | None, position: int, kind: str) -> _Dating:
    """When a figure happened or was counted.

    The figure's own sentence comes first (an as-of date of its own clause over any other, else the
    nearest event date before the figure: not the day a statement was made, "The IDF on Wednesday
    released the names of nine soldiers killed on Tuesday"); a list item takes its lead's date;
    otherwise the latest event date given earlier in the same section ("On the night of October 13
    to 14, ..."), or the as-of day of a bulletin's count given anywhere before ("Between 24 February
    and 30 March, OHCHR recorded ...", then "Of those killed: 250 men ..."), which makes the figure
    part of that running total; otherwise the document's date.
    """
    clause = _clause_bounds(doc, seg, position)
    # A date after the figure's clause is the next clause's: "3 more died, taking the toll since 27 September to 69".
    own = _dates_in(doc, seg.start, clause[1]) or (_dates_in(doc, lead.start, lead.end) if lead else [])
    if own:
        as_of = [d for d in own if d.as_of and (d.start < seg.start or clause[0] <= d.start)]
        if as_of:
            return _dating(min(as_of, key=lambda d: abs(d.start - position)), as_of=True)
        events = [d for d in own if not _is_reporting_day(doc.text, d, _rules(doc))] or own
        before = [d for d in events if d.start < position]
        return _dating(before[-1] if before else events[0])
    if kind == "force":
        return _Dating(None, None)
    if (earlier := _dated_earlier_in_section(doc, index)) is not None:
        return earlier
    counted = bisect_left(doc.as_of_dates, seg.start, key=lambda d: d.start)
    if counted:
        return _dating(doc.as_of_dates[counted - 1], as_of=True)
    return _published(doc)


def _dated_earlier_in_section(doc: Doc, index: int) -> _Dating | None:
    """The date the nearest earlier segment of its section gives segment `index`'s figures: the last of its days of
    fighting, as-of days or event dates; or None.

    What each segment's walk back found is remembered for the segments after it, as in
    _placed_earlier_in_paragraph."""
    section = doc.segments[index].section
    walked = []
    found = None
    at = index - 1
    while at >= 0 and doc.segments[at].section == section:
        if at in doc.dated_earlier:
            found = doc.dated_earlier[at]
            break
        walked.append(at)
        if (found := _date_of_earlier(doc, doc.segments[at])) is not None:
            break
        at -= 1
    for each in walked:
        doc.dated_earlier[each] = found
    return found


def _date_of_earlier(doc: Doc, earlier: Segment) -> _Dating | None:
    """The date an earlier sentence gives the figures after it, if it gives one."""
    # A month named in an earlier sentence is background, not the date of this figure.
    for d in reversed(_dates_in(doc, earlier.start, earlier.end, months=False)):
        if d.start in doc.windows:
            return _dating(d)  # the days of the fighting it tells of
        if d.as_of:
            return _dating(d, as_of=True)
        if _rules(doc).event_date_cue.search(doc.text[max(earlier.start, d.start - 40):d.start]):
            return _dating(d)  # a date borrowed from an earlier sentence does not make a running total
    return None


def _clause_bounds(doc: Doc, seg: Segment, position: int) -> tuple[int, int]:
    """The stretch of its segment between the clause breaks around `position`."""
    breaks = _clause_breaks(doc, seg)
    after = bisect_left(breaks, position, key=lambda span: span[0])
    return (breaks[after - 1][1] if after else seg.start), (breaks[after][0] if after < len(breaks) else seg.end)


def _clause_breaks(doc: Doc, seg: Segment) -> list[tuple[int, int]]:
    """The spans of a segment's clause breaks, found once for all its figures: a segment can be a whole file of one
    line, where a search for each figure would take time growing with the square of its length."""
    found = doc.clause_breaks.get(seg.start)
    if found is None:
        found = doc.clause_breaks[seg.start] = [m.span() for m in _rules(doc).total_clause_break.finditer(
            doc.text, seg.start, seg.end)]
    return found


def _is_reporting_day(text: str, mention: DateMention, rules: ClaimRules) -> bool:
    """ "said on Sunday", "on Wednesday released": the day a statement was made, not the day of its figures."""
    return bool(rules.reported_before.search(text, max(0, mention.start - 30), mention.start)
                or rules.reported_after.match(text, mention.end))


def _counted_before(doc: Doc, index: int, seg: Segment, lead: Segment | None) -> tuple[bool, bool]:
    """Whether a segment's figures are those of the report before this one ("The previous update, issued a day
    earlier, stood at 3,090"), and whether its bracketed ones are, as its lead or the caption above the lead says
    ("Casualties by area (previous update in brackets)")."""
    cues = doc.lex.running_totals
    if cues["previous_report"].first(doc.text, seg.start, seg.end) is not None:
        return True, False
    heads = [lead, doc.segments[seg.lead - 1] if seg.lead else None] if lead is not None else []
    return False, any(h is not None and cues["bracketed_previous"].first(doc.text, h.start, h.end) for h in heads)


def _counted_earlier(dating: _Dating, days: int) -> _Dating:
    """A running total of the report `days` before the one dated `dating`."""
    if dating.date is None:
        return dating
    last = dt.date.fromisoformat(dating.date.rsplit("/", 1)[-1])
    return _Dating((last - dt.timedelta(days=days)).isoformat(), "day", dating.as_of)


def _day_before_to(dating: _Dating) -> _Dating:
    """The change a daily tally gives beside a running total happened between the previous tally and its as-of day."""
    if dating.date is None:
        return dating
    last = dt.date.fromisoformat(dating.date.rsplit("/", 1)[-1])
    return _Dating(f"{(last - dt.timedelta(days=1)).isoformat()}/{last.isoformat()}", "range")


def _published(doc: Doc) -> _Dating:
    published = doc.document.published
    return _Dating(published.isoformat(), "day") if published else _Dating(None, None)
