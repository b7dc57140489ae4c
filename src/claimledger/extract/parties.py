"""Parties: who claims a figure, who suffered what it counts, and who is said to have done it.

The claimant is the side whose statement it is, found from the words only one side uses of
itself or the war ("Artsakh", "Karabakh is Azerbaijan", "occupied territories", official web
domains, "Embassy of the Republic of ..."), unless the text reports someone else's claim
("Macron ... saying that 300 fighters", "according to the Armenian defence ministry").

Sides are found by their aliases and by relative words: "the enemy" and "the adversary" are
the side opposite the claimant, "we" and "our" the speaker's side, and "your" in an
interviewer's question the interviewee's side. Each mention gets a role from the words around
it: "by the Azerbaijan Army" and "Armenian deliberate targeting" name the actor;
"Azerbaijani civilians", "vehicles of the enemy" and "Azerbaijan lost" name the affected side.

The words are language data (lang/<code>/sides.toml, and attribution.toml for reports), compiled once per
language by `rules_for`; the patterns here say how they combine with names, digits and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimledger.lang import alternation, load_topic, words
from claimledger.lang.lexicon import Lexicon, LiteralLed, NameSet, WordCounts, first_character_guard
from claimledger.profile import Profile


def _before_mention(pattern: str) -> LiteralLed | re.Pattern[str]:
    """`pattern`, matched ignoring case, behind a lookahead of the letters it starts with: it is searched through the
    words before every mention of a side, and the engine would otherwise try each of its words at every position."""
    return LiteralLed.of(f"{first_character_guard(pattern)}(?:{pattern})", re.IGNORECASE)


@dataclass(frozen=True)
class PartyRules:
    """The words around a side's mention that give its role, of offices and of reports (lang/<code>/sides.toml, with
    attribution.toml's reporting verbs and [reports]), compiled once per language."""

    # Before a mention: "by the Azerbaijan Army", "the armed forces of", "attacks on the", "territories of".
    actor_before: re.Pattern[str]
    forces_of: re.Pattern[str]
    affected_before: re.Pattern[str]
    location_of: re.Pattern[str]
    speakers_of: re.Pattern[str]
    possessed_by: re.Pattern[str]
    liberated_from: re.Pattern[str]
    in_country: re.Pattern[str]
    place_before: re.Pattern[str]
    # After a mention: "'s drones", " lost", " positions were destroyed", " troops", "'s occupation".
    actor_after: re.Pattern[str]
    affected_after: re.Pattern[str]
    passive_after: re.Pattern[str]
    force_noun_after: re.Pattern[str]
    held_after: re.Pattern[str]
    # Offices: the pattern of an office of a side before the side's aliases, and of a heading with the side's
    # office (its aliases to be formatted in); an office signing a heading by itself.
    office_of: str
    side_office_heading: str
    office_heading: re.Pattern[str]
    source_credit: re.Pattern[str]
    # Clauses.
    clause_join: re.Pattern[str]
    clause_break: re.Pattern[str]
    coordinated_subject: re.Pattern[str]
    clause_before: re.Pattern[str]
    addressee: re.Pattern[str]
    # Reports: "X said that", "..., said X", "X ..., saying that", "according to X".
    report_lead: re.Pattern[str]
    reports_ahead: re.Pattern[str]
    saying_after: re.Pattern[str]
    said_before: re.Pattern[str]
    according_to_before: re.Pattern[str]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> PartyRules:
    data = load_topic(language, "sides")
    reports = load_topic(language, "attribution")["reports"]
    grammar, actors, affected, offices = data["grammar"], data["actors"], data["affected"], data["offices"]
    article = rf"(?:{words(grammar['articles'])}\s+)?"
    of_side = rf"\s+{words(grammar['of'])}\s+{article}(?:{words(grammar['state_titles'])}\s+)?$"
    have = words(grammar["have"])
    possessive = r"(?:['’]s)?"
    conjunctions = words(data["clauses"]["conjunctions"])
    # "said", "told", "made the following statements": the reporting verbs, their spaces as written (one space).
    reporting_verbs = alternation(load_topic(language, "attribution")["reporting"]["verbs"])
    # Case kept: a title's words are lower case, or capitalised words of any kind.
    title_words = rf"(?:{words(reports['title_words'])}|[A-Z][\w\-’']+)"
    office_names = words(offices["names"])
    # Tried in the file's order: see sides.toml [credits].
    credit_lines = "|".join(term.replace(" ", r"\s+") for term in data["credits"]["lines"])
    return PartyRules(
        actor_before=_before_mention(rf"\b(?:{words(actors['before'])}|{alternation(data['fighting']['nouns'])}\s+"
                                     rf"{words(actors['fought'])})\s+{article}$"),
        forces_of=_before_mention(rf"\b{words(actors['forces_of'])}{of_side}"),
        affected_before=_before_mention(rf"\b{words(affected['before'])}\s+{article}$"),
        location_of=_before_mention(rf"\b{words(data['locations']['nouns_of'])}{of_side}"),
        speakers_of=_before_mention(rf"\b{words(data['speakers']['nouns_of'])}{of_side}"),
        # "positions of", "depots of", "a column of" the side's troops: what belongs to them, not what they did
        # ("attacks of Azerbaijani troops" are theirs to have done). The nouns' spaces as written (one space).
        possessed_by=_before_mention(rf"\b{alternation(data['possessions']['nouns'])}\s+{words(grammar['of'])}\s+"
                                     rf"{article}$"),
        liberated_from=re.compile(rf"\b{words(affected['liberated_from'])}\s+{article}$"),
        in_country=_before_mention(rf"\b{words(data['locations']['inside'])}\s+$"),
        place_before=_before_mention(rf"\b{words(data['locations']['before_place'])}\s+$"),
        actor_after=re.compile(rf"^{possessive}\s+(?:{words(actors['modifiers'])}\s+)*{words(actors['harm_after'])}\b",
                               re.IGNORECASE),
        affected_after=re.compile(
            rf"^{possessive}\s+(?:{words(affected['forces'])}\s+)*(?:{have}\s+)?(?:also\s+)?"
            rf"(?:{words(grammar['be'])}\s+)?{words(affected['losses'])}\b|"
            # "the Armenian side has 180 killed servicemen": a side that has a count of harm.
            rf"^{possessive}\s+(?:{words(affected['counting_forces'])}\s+)*{have}\s+"
            rf"(?={words(affected['count_qualifiers'])}?\s*\d)",
            re.IGNORECASE),
        # Up to two words between the side and the passive, none of them its auxiliary.
        passive_after=re.compile(
            rf"^{possessive}(?:\s+(?!{words((*grammar['be_past'], *grammar['have'], *grammar['be']))}\b)[\w\-]+){{0,2}}"
            rf"\s+(?:{words(affected['passive_adverbs'])}\s+)*{words(affected['passive_auxiliaries'])}\s+"
            rf"(?:\w+ly\s+)?{words(affected['participles'])}\b",
            re.IGNORECASE),
        force_noun_after=re.compile(rf"^{possessive}\s+{words(data['possessions']['owners'])}\b", re.IGNORECASE),
        held_after=re.compile(rf"{possessive}\s+{words(affected['held'])}\b"),
        # "Ministry of Defence of the Republic of Armenia": an office of a side, the side named after it. Only the
        # words of the office's own name stand between: "Ministry of Health spokesman on the 14th day of the Israeli
        # aggression" is no office of Israel.
        office_of=(rf"\b(?:{office_names}|{words(offices['of_side'])})\b"
                   rf"(?:\s+(?:{words(offices['name_words'])}|[A-Z][\w’'-]*)){{0,6}}?"
                   rf"\s+{words(grammar['of'])}\s+{article}(?:{words(grammar['state_titles'])}\s+)?"),
        # A heading line that opens with the side: "Azerbaijan's Prosecutor General's Office", "Statement by the
        # Armenian Foreign Ministry". A heading opens a line, or follows the dateline on the line ("Yerevan, October
        # 20, 2020. Armenian MoD: ...").
        side_office_heading=(rf"(?m)(?:^|(?<=\.\s))[ \t]*(?:{words(offices['heading_kinds'])}\s+"
                             rf"{words(offices['heading_by'])}\s+)?(?:{words(grammar['written_articles'])}\s+)?"
                             rf"(?:{{aliases}}){possessive}\s+(?:[A-Z][\w’'-]*\s+){{{{0,3}}}}?"
                             rf"(?:{office_names}|{words(offices['after_side'])})\b"),
        # A heading that an office signs: "Press service of the Ministry of ...", "Yerevan, ... – Ministry of
        # Defence".
        office_heading=re.compile(rf"\b(?:{office_names}|{words(offices['signers'])})\b"),
        source_credit=re.compile(rf"(?im)^[ \t]*(?:{credit_lines})[ \t]*[:\-–]?[ \t]*(\S[^\n]{{2,200}})$"),
        # "..., Ukrainian officials claim, while Moscow says ...": the attribution ends its clause.
        clause_join=re.compile(rf"\s*[,;]\s*{conjunctions}\b", re.IGNORECASE),
        # Where one clause ends and a coordinate one begins, anywhere in a stretch of text.
        clause_break=re.compile(rf"[,;]\s*{conjunctions}\b|;", re.IGNORECASE),
        # "... 50 tanks and Azerbaijan has lost 400": a conjunction right before a side that is a clause's subject.
        coordinated_subject=_before_mention(rf"\b{words(data['clauses']['before_subject'])}\s+{article}$"),
        # "The missile was fired by Armenia, Hikmet Hajiyev, ..., said on Sunday": a clause ends in a comma (or a
        # quote) before the attribution and its title, so the attribution reports that clause, not what follows.
        clause_before=re.compile(
            rf"[,”\"]\s*(?:{words(grammar['written_articles'])}\s+)?"
            rf"(?:(?!{words((*data['clauses']['conjunctions'], *data['clauses']['subordinators']))}\s)"
            r"[\w\-’'.]+\s+){0,8}$", re.DOTALL),
        addressee=re.compile(rf"\b{words(data['addressee']['words'])}\b", re.IGNORECASE),
        # "X said that ...", "France's foreign minister ... has said that", "Macron, after his remarks saying that".
        report_lead=re.compile(
            rf"^{possessive}(?:\s+{title_words}){{0,6}}(?:\s*,?\s*{words(reports['introducing'])}\s+"
            rf"{words(reports['possessives'])}\s+{words(reports['nouns'])}\s+{words(reports['saying'])}|"
            rf"\s+(?:{have}\s+)?(?:also\s+)?{reporting_verbs})\b"
            rf"(?!\s+{article}{words(reports['not_reported'])}\b)(?:\s+{words(reports['that'])}\b)?"),
        # "... said on Sunday that 12 ...", "... told reporters: '...'": the attribution reports what follows it.
        reports_ahead=re.compile(rf"[^\d\"“:.;]*?\b{words(reports['that'])}\b|\s*[:\"“]"),
        # A person's clause that goes on in a participle of speech: "X gave an official figure, saying that ...".
        saying_after=re.compile(rf"[^.;:!?\"“”]{{0,160}}?,\s+{words(reports['going_on'])}\b"),
        said_before=re.compile(rf"\b{words(reports['inverted'])}\s+{article}(?:{title_words}\s+){{0,6}}$"),
        according_to_before=re.compile(rf"\b{words(reports['according_to'])}\s+{article}(?:[\w\-]+\s+){{0,3}}$",
                                       re.IGNORECASE),
    )


# Read by the claims stage, which reads English.


# A clause before an attribution is words, not a stray mark: "…, Hikmet Hajiyev, … said" needs something to report.
MIN_CLAUSE = 10
# What may follow an attribution that ends its sentence.
ONLY_MARKS = re.compile(r"[\s.,;:!?”\"’')\]]*")
# "Ukraine: civilian casualty update": a heading's label after the side.
LABEL_AFTER = re.compile(r"\s*:")


class SideMention(NamedTuple):
    start: int
    end: int
    side: str
    role: str | None  # actor | affected | None
    # The side is the subject of the verb after it ("the adversary has lost", "Armenian forces shelled"):
    # it speaks of what follows, not of a figure in an earlier clause.
    subject: bool = False


class ReportedClaim(NamedTuple):
    """A claim reported in the text: numbers in [start, end) are `claimant`'s, said by `speaker`."""

    start: int
    end: int
    claimant: str
    speaker: str | None


@dataclass(frozen=True)
class PartyMatchers:
    sides: NameSet
    people: NameSet
    organizations: NameSet
    nationalities: NameSet
    # The sides' capitals, each standing for its government where it reports or denies ("Baku denied it").
    capitals: NameSet
    # Per side: the words only its own statements use, and its offices signing a heading.
    self_terms: WordCounts
    offices: dict[str, re.Pattern[str]]
    heading_offices: dict[str, re.Pattern[str]]
    # Per side: a dateline in its capital ("Yerevan, September 29, 2020 –").
    datelines: dict[str, re.Pattern[str]]


@lru_cache(maxsize=16)
def matchers_for(profile: Profile, lex: Lexicon, language: str = "en") -> PartyMatchers:
    rules = rules_for(language)
    # Side names and adjectives are capitalised in English; matching case keeps "armenian" in URLs out.
    sides = NameSet((s.name, a) for s in profile.sides for a in s.aliases)
    people = NameSet((p.name, alias) for p in profile.people for alias in (p.name, *p.aliases))
    organizations = NameSet((o.affiliation, alias) for o in profile.organizations for alias in (o.name, *o.aliases))
    # Counted over the whole text, every side's in one pass.
    self_terms = WordCounts(s.self_terms for s in profile.sides)
    offices = {s.name: re.compile(rules.office_of + "(?:" + "|".join(map(re.escape, s.aliases)) + r")\b")
               for s in profile.sides}
    heading_offices = {s.name: re.compile(rules.side_office_heading.format(aliases="|".join(map(re.escape, s.aliases))))
                       for s in profile.sides}
    datelines = {s.name: re.compile(r"(?m)^[ \t]*(?:" + "|".join(map(re.escape, s.capitals)) + r")\b[^\n]{0,40}?\d",
                                    re.IGNORECASE) for s in profile.sides if s.capitals}
    capitals = NameSet((s.name, capital) for s in profile.sides for capital in s.capitals)
    return PartyMatchers(sides, people, organizations, lex.nationalities, capitals, self_terms, offices,
                         heading_offices, datelines)


HEADING_CHARS = 200


def author_side(text: str, profile: Profile, lex: Lexicon, head_chars: int = 600, language: str = "en") -> str | None:
    """The side whose statement a document is, or the organisation that published it; None when unclear.

    An office of a side signing the heading, or the side's web domains, decide first; then an
    organisation named at the top; then the words only one side uses of itself and the war.
    """
    head = text[:head_chars]
    rules = rules_for(language)
    parties = matchers_for(profile, lex, language)
    official = {side.name: 0 for side in profile.sides}
    for side in profile.sides:
        official[side.name] += 3 * sum(text.count(domain) for domain in side.domains)
        official[side.name] += 5 * len(parties.offices[side.name].findall(head))
        official[side.name] += 5 * len(parties.heading_offices[side.name].findall(head, 0, HEADING_CHARS))
    decided = _unique_best(official)
    if decided:
        return decided
    if rules.office_heading.search(head, 0, HEADING_CHARS):
        # An office that signs without its side's name is the office of the capital on the dateline.
        datelined = {side.name: 5 for side in profile.sides
                     if side.capitals and parties.datelines[side.name].search(head)}
        if decided := _unique_best(datelined):
            return decided
    organization = lex.organizations.first(text[:200])
    if organization is not None:
        return organization.key
    for credit in rules.source_credit.finditer(text):
        # "Source: UN Office for the Coordination of Humanitarian Affairs (OCHA)": a credit line names the author.
        credited = lex.organizations.first(text, credit.start(1), credit.end(1)) or \
            parties.organizations.first(text, credit.start(1), credit.end(1))
        if credited is not None:
            return credited.key
    # Only now the whole text: counting each side's own words is the costliest and the weakest sign.
    usage = {side.name: used for side, used in zip(profile.sides, parties.self_terms.counts(text))}
    return _unique_best({name: official[name] + usage[name] for name in usage})


def location_side(text: str, profile: Profile, lex: Lexicon, language: str = "en") -> str | None:
    """The side whose country a statement is about ("Ukraine: civilian casualty update", "killed in Ukraine").

    A third party's count of civilians harmed there is that side's loss (SCHEMA.md: casualties a body
    counts inside a state's total keep that state as affected), when the sentence itself says nothing.
    """
    rules = rules_for(language)
    parties = matchers_for(profile, lex, language)
    counts = {side.name: 0 for side in profile.sides}
    for m in parties.sides.finditer(text):
        if m.text == m.key and (rules.in_country.search(text, max(0, m.start - 12), m.start)
                                or LABEL_AFTER.match(text, m.end) and (m.start == 0 or text[m.start - 1] == "\n")):
            counts[m.key] += 1
    return _unique_best(counts)




def _unique_best(scores: dict[str, int]) -> str | None:
    if not scores:
        return None
    best = max(scores.values())
    winners = [name for name, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def side_mentions(text: str, start: int, end: int, profile: Profile, lex: Lexicon, *, claimant: str | None,
                  speaker_side: str | None, addressee_side: str | None, language: str = "en") -> list[SideMention]:
    """Every mention of a side in text[start:end], with the side it denotes and its role."""
    rules = rules_for(language)
    parties = matchers_for(profile, lex, language)
    found: list[SideMention] = []
    for m in parties.sides.finditer(text, start, end):
        found.append(_with_role(rules, text, start, end, m.start, m.end, m.key))
    other = profile.opposite(claimant)
    if other:
        for m in lex.adversary.finditer(text, start, end):
            found.append(_with_role(rules, text, start, end, m.start, m.end, other))
    if speaker_side:
        for m in lex.self_words.finditer(text, start, end):
            found.append(_with_role(rules, text, start, end, m.start, m.end, speaker_side))
    if addressee_side:
        for m in rules.addressee.finditer(text, start, end):
            found.append(_with_role(rules, text, start, end, m.start(), m.end(), addressee_side))
    found.sort(key=lambda s: s.start)
    return found


def _with_role(rules: PartyRules, text: str, seg_start: int, seg_end: int, start: int, end: int,
               side: str) -> SideMention:
    before = text[max(seg_start, start - 40):start]
    after = text[end:min(seg_end, end + 60)]
    if rules.liberated_from.search(before) and rules.held_after.match(after):
        role: str | None = "affected"  # "liberated from Armenia's occupation"
    elif rules.actor_before.search(before) or rules.forces_of.search(before):
        role = "actor"
    elif rules.passive_after.match(after):
        role = "affected"
    elif rules.possessed_by.search(before) and rules.force_noun_after.match(after):
        role = "affected"  # "areas of concentration of Ukrainian troops were hit": a thing of the side's troops
    elif rules.affected_after.match(after):
        return SideMention(start, end, side, "affected", subject=True)
    elif rules.actor_after.match(after):
        return SideMention(start, end, side, "actor", subject=True)
    elif rules.affected_before.search(before) and not rules.location_of.search(before) \
            and not rules.speakers_of.search(before):
        role = "affected"
    else:
        role = None
    return SideMention(start, end, side, role)


class Speaker(NamedTuple):
    """A person named in a segment: where the name is, where a verb of theirs may start (after an
    appositive: "X, a representative of the ministry, said"), and whom they speak for (None: unknown)."""

    start: int
    end: int
    verb_from: int
    name: str
    affiliation: str | None


def reported_claims(text: str, start: int, end: int, profile: Profile, lex: Lexicon,
                    people: Sequence[Speaker] | None = None, language: str = "en") -> list[ReportedClaim]:
    """Stretches of a segment that report another party's claim, with that party and its speaker.

    `people` are the persons named in the segment (attribution.find_people); without it, those of the
    profile. A person whose side is unknown reports with claimant None: the statement's author's.
    """
    rules = rules_for(language)
    parties = matchers_for(profile, lex, language)
    entities: list[tuple[int, int, int, str | None, str | None]] = []  # start, end, verb from, claimant, speaker
    if people is None:
        for m in parties.people.finditer(text, start, end):
            person = next(p for p in profile.people if p.name == m.key)
            entities.append((m.start, m.end, m.end, person.affiliation, person.name))
    else:
        entities.extend((p.start, p.end, p.verb_from, p.affiliation, p.name) for p in people)
    for matcher in (parties.organizations, lex.organizations):
        for m in matcher.finditer(text, start, end):
            if not any(s <= m.start < e for s, e, *_ in entities):
                entities.append((m.start, m.end, m.end, m.key, None))
    for m in parties.sides.finditer(text, start, end):
        if not any(s <= m.start < e for s, e, *_ in entities):
            entities.append((m.start, m.end, m.end, m.key, None))
    for m in parties.nationalities.finditer(text, start, end):
        if not any(s <= m.start < e for s, e, *_ in entities):
            entities.append((m.start, m.end, m.end, m.key, None))
    for m in parties.capitals.finditer(text, start, end):
        # "Baku reported that ...": a capital standing for its government, where it leads a report; "officials in
        # Kyiv said" is said in the place.
        if not any(s <= m.start < e for s, e, *_ in entities) and rules.report_lead.match(text[m.end:min(end, m.end + 80)]) \
                and not rules.place_before.search(text, max(start, m.start - 12), m.start):
            entities.append((m.start, m.end, m.end, m.key, None))
    entities.sort()
    reports: list[ReportedClaim] = []
    for e_start, name_end, e_end, claimant, speaker in entities:
        after = text[e_end:min(end, e_end + 80)]
        before = text[max(start, e_start - 60):e_start]
        # "X said that ...", "France's foreign minister ... has said that", "Macron, after his remarks saying that"
        lead = rules.report_lead.match(after)
        rest = text[e_end + lead.end():end] if lead else ""
        sentence_start = _sentence_start(text, start, e_start)
        if lead and (ONLY_MARKS.fullmatch(rest) or rules.clause_join.match(rest) or (
                _clause_before(rules, text, sentence_start, e_start) and not rules.reports_ahead.match(rest))):
            # "..., the Armenian Foreign Ministry said." reports what comes before it.
            reports.append(ReportedClaim(_sentence_start(text, start, e_start), e_start, claimant, speaker))
            continue
        if lead:
            reports.append(ReportedClaim(e_end + lead.end(), end, claimant, speaker))
            continue
        if speaker and (saying := rules.saying_after.match(text, e_end, end)):
            # "President X for the first time gave a figure, saying on Sunday that ...": what the participle says.
            reports.append(ReportedClaim(saying.end(), end, claimant, speaker))
            continue
        if rules.said_before.search(before) and _clause_before(rules, text, sentence_start, e_start):
            # '"... the toll has reached nine," said Hikmet Hajiyev': the inverted attribution ends its clause.
            reports.append(ReportedClaim(sentence_start, e_start, claimant, speaker))
            continue
        if rules.according_to_before.search(before):
            reports.append(ReportedClaim(e_end, end, claimant, speaker))
            reports.append(ReportedClaim(_sentence_start(text, start, e_start), e_start, claimant, speaker))
    # "Ukrainian army spokesman Ivan Bondar said", "said Azerbaijani Defence Ministry spokesman X": the person
    # reports, the side named in the title is theirs; it makes no report of its own over the same words.
    by_person = {r.start for r in reports if r.speaker}
    return [r for r in reports if (r.claimant or r.speaker) and (r.speaker or r.start not in by_person)]


def _clause_before(rules: PartyRules, text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends in a clause of its own closed by a comma or quote, then at most a title."""
    found = rules.clause_before.search(text, start, end)
    return found is not None and found.start() - start >= MIN_CLAUSE


def _sentence_start(text: str, segment_start: int, position: int) -> int:
    return max(segment_start, text.rfind(".", segment_start, position) + 1)


def speaker_affiliation(name: str | None, profile: Profile) -> str | None:
    if not name:
        return None
    for person in profile.people:
        if name == person.name or name in person.aliases:
            return person.affiliation
    return None
