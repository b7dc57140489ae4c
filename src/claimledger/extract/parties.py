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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claimledger.lang import alternation, load_topic
from claimledger.lang.lexicon import Lexicon, NameSet, WordCounts, first_character_guard
from claimledger.profile import Profile


def _before_mention(pattern: str) -> re.Pattern[str]:
    """`pattern`, matched ignoring case, behind a lookahead of the letters it starts with: it is searched through the
    words before every mention of a side, and the engine would otherwise try each of its words at every position."""
    return re.compile(f"{first_character_guard(pattern)}(?:{pattern})", re.IGNORECASE)


ACTOR_BEFORE = _before_mention(r"\b(?:by|from\s+the\s+side\s+of|launched\s+by|carried\s+out\s+by|used\s+by|"
                               rf"{alternation(load_topic('en', 'sides')['fighting']['nouns'])}\s+(?:with|against))"
                               r"\s+(?:the\s+)?$")
FORCES_OF = _before_mention(
    r"\b(?:armed\s+forces|army|forces|troops|units|military|government|leadership|regime|side|artillery|"
    r"aggression|operations?|offensive|provocations?|"
    r"ministry\s+of\s+defen[cs]e|military-political\s+leadership)\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?$")
HARM_WORDS = (
    r"attack\w*|shell\w*|fir(?:e|es|ed|ing)|launch\w*|strik\w*|struck|hit\w*|target\w*|kill\w*|destroy\w*|liberat\w*|"
    r"captur\w*|occup\w*|bomb\w*|aggression|provocations?|used|us(?:es|ing)|violat\w*|recruit\w*|deploy\w*|transport\w*|"
    r"brought|bring\w*|eliminat\w*|neutrali\w*|shot|seiz\w*|took|retook|invad\w*|advanc\w*|offensive|missiles?|"
    r"drones?|rockets?|artillery|armed\s+forces|army|troops|forces|units|side|soldiers|servicemen"
)
ACTOR_AFTER = re.compile(
    rf"^(?:['’]s)?\s+(?:(?:deliberate(?:ly)?|intensive(?:ly)?|also|already|just|reportedly|once\s+again|again|repeatedly|"
    rf"blatantly|massive(?:ly)?|"
    rf"heavy|constant|continued|latest|illegal(?:ly)?|brutal(?:ly)?|armed|has|have|had|"
    rf"criminal|reckless|military|regular|cross-border)\s+)*(?:{HARM_WORDS})\b",
    re.IGNORECASE,
)
AFFECTED_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:armed\s+forces|army|forces|troops|side|military|manpower|personnel|equipment|combat)\s+)*"
    r"(?:has\s+|have\s+|had\s+)?"
    r"(?:also\s+)?(?:is\s+|are\s+)?(?:lost|loses|lose|losing|suffered|losses|casualties|has\s+the\s+following\s+losses|the\s+following\s+losses)\b|"
    # "the Armenian side has 180 killed servicemen": a side that has a count of harm.
    r"^(?:['’]s)?\s+(?:(?:armed\s+forces|army|forces|troops|side|military)\s+)*(?:has|have|had)\s+"
    r"(?=(?:about|around|over|more\s+than|at\s+least|nearly|almost)?\s*\d)",
    re.IGNORECASE,
)
PASSIVE_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s+(?!was\b|were\b|has\b|have\b|had\b|is\b|are\b)[\w\-]+){0,2}\s+"
    r"(?:(?:also|once\s+again|again|completely|partially)\s+)*(?:was|were|has\s+been|have\s+been|had\s+been|is|are|"
    r"being|got)\s+(?:\w+ly\s+)?(?:destroyed|killed|wounded|injured|hit|shelled|attacked|targeted|damaged|disabled|"
    r"neutrali[sz]ed|captured|driven\s+back|eliminated|shot\s+down|downed|defeated|forced)\b",
    re.IGNORECASE,
)
# "territories of Azerbaijan", "villages of Fuzuli district": where something is, not who suffered it.
LOCATION_OF = _before_mention(
    r"\b(?:territory|territories|lands?|soil|cities|city|towns?|villages?|regions?|districts?|parts?|areas?|border|"
    r"capital|side\s+of\s+the\s+border)\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?$")
# "according to the authorities of Azerbaijan": who speaks for a side, not who suffered.
SPEAKERS_OF = _before_mention(
    r"\b(?:authorities|government|ministry|ministries|president|officials?|leadership|representatives?|embassy|"
    r"parliament|ombudsman|prosecutor(?:['’]s\s+office)?|spokes(?:man|woman|person)|minister)\s+of\s+(?:the\s+)?"
    r"(?:Republic\s+of\s+)?$")
# "positions of", "depots of", "a column of" the side's troops (lang/en/sides.toml): what belongs to them, not what
# they did ("attacks of Azerbaijani troops" are theirs to have done).
POSSESSED_BY = _before_mention(
    rf"\b{alternation(load_topic('en', 'sides')['possessions']['nouns'])}\s+of\s+(?:the\s+)?$")
FORCE_NOUN_AFTER = re.compile(r"^(?:['’]s)?\s+(?:armed\s+forces|army|forces|troops|units|servicem[ae]n|soldiers|"
                              r"military|formations|fighters)\b", re.IGNORECASE)
AFFECTED_BEFORE = _before_mention(
    r"\b(?:against|on|upon|at|towards|of|from|inflicted\s+on|losses\s+of|positions\s+of)\s+(?:the\s+)?$")
OFFICES = (r"Embassy|Ministry|Mission|Government|Office|Administration|Consulate|General\s+Staff|Armed\s+Forces|"
           r"Ombudsman|Prosecutor")
# "Ministry of Defence of the Republic of Armenia": an office of a side, the side named after it.
# Only the words of the office's own name stand between: "Ministry of Health spokesman on the 14th day of the Israeli
# aggression" is no office of Israel.
OFFICE_OF = (rf"\b(?:{OFFICES}|Permanent\s+Representative)\b(?:\s+(?:of|for|and|the|[A-Z][\w’'-]*)){{0,6}}?"
             rf"\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?")
# "Armenian Foreign Ministry": an office named after the side.
OFFICE_WORDS = rf"(?:{OFFICES}|MoD|MFA|Defen[cs]e\s+Ministry|Foreign\s+Ministry|Presidential|President)"
# A heading line that opens with the side: "Azerbaijan's Prosecutor General's Office", "Statement by the Armenian
# Foreign Ministry".
# A heading opens a line, or follows the dateline on the line ("Yerevan, October 20, 2020. Armenian MoD: ...").
SIDE_OFFICE_HEADING = (r"(?m)(?:^|(?<=\.\s))[ \t]*(?:(?:Statement|Press\s+release|Comment|Information|Briefing|Declaration|Address)"
                       r"\s+(?:by|of|from)\s+)?(?:the\s+|The\s+)?(?:{aliases})(?:['’]s)?\s+(?:[A-Z][\w’'-]*\s+){{0,3}}?"
                       + OFFICE_WORDS + r"\b")
# A heading that an office signs: "Press service of the Ministry of ...", "Yerevan, ... – Ministry of Defence".
OFFICE_HEADING = re.compile(rf"\b(?:{OFFICES}|Press\s+service|Service|Agency|Committee|Council|Command)\b")
# "..., Ukrainian officials claim, while Moscow says ...": the attribution ends its clause.
CLAUSE_JOIN = re.compile(r"\s*[,;]\s*(?:while|whereas|but|and|although)\b", re.IGNORECASE)
# Where one clause ends and a coordinate one begins, anywhere in a stretch of text.
CLAUSE_BREAK = re.compile(r"[,;]\s*(?:while|whereas|but|and|although)\b|;", re.IGNORECASE)
# "... 50 tanks and Azerbaijan has lost 400": a conjunction right before a side that is a clause's subject.
COORDINATED_SUBJECT = _before_mention(r"\b(?:and|while|whereas|but)\s+(?:the\s+)?$")
YOU = re.compile(r"\b(?:your|you)\b", re.IGNORECASE)
# "said", "told", "wrote on Telegram", "made the following statements": the language file's reporting verbs.
REPORTING_VERBS = alternation(load_topic("en", "attribution")["reporting"]["verbs"])
REPORT_NOUNS = r"remarks|statement|statements|claim|claims|report|reports|words|allegations?|assertion|estimates?"
TITLE_WORDS = (r"(?:foreign|defen[cs]e|prime|deputy|minister|ministry|of|the|president|spokes(?:man|woman|person)|"
               r"officials?|side|authorities|government|MoD|MFA|leadership|press|service|secretary|general|army|"
               r"armed|forces?|air|navy|naval|military|command|governor|mayor|police|administration|intelligence|"
               r"office|human|rights|ombuds\w*|[A-Z][\w\-’']+)")
REPORT_LEAD = re.compile(
    rf"^(?:['’]s)?(?:\s+{TITLE_WORDS}){{0,6}}(?:\s*,?\s*(?:after|in|with)\s+(?:his|her|their|its)\s+"
    rf"(?:{REPORT_NOUNS})\s+(?:saying|claiming|stating|that)|\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?"
    rf"(?:{REPORTING_VERBS}))\b(?!\s+(?:the\s+)?(?:lives|life|responsibility)\b)(?:\s+that\b)?"
)


# "The missile was fired by Armenia, Hikmet Hajiyev, ..., said on Sunday": a clause ends in a comma (or a quote)
# before the attribution and its title, so the attribution reports that clause, not what follows the verb.
CLAUSE_BEFORE = re.compile(r"[,”\"]\s*(?:the\s+|The\s+)?"
                           r"(?:(?!(?:while|whereas|but|and|although|as|when|if|yet)\s)[\w\-’'.]+\s+){0,8}$", re.DOTALL)
# A clause before an attribution is words, not a stray mark: "…, Hikmet Hajiyev, … said" needs something to report.
MIN_CLAUSE = 10
# "... said on Sunday that 12 ...", "... told reporters: '...'": the attribution reports what follows it.
REPORTS_AHEAD = re.compile(r"[^\d\"“:.;]*?\bthat\b|\s*[:\"“]")
# A person's clause that goes on in a participle of speech: "X gave an official figure, saying that ...".
SAYING_AFTER = re.compile(r"[^.;:!?\"“”]{0,160}?,\s+(?:saying|adding|stating|claiming|noting|declaring|writing)\b")
SAID_BEFORE = re.compile(rf"\b(?:said|says|stated|wrote|added|noted|reported|told\s+\w+)\s+(?:the\s+)?"
                         rf"(?:{TITLE_WORDS}\s+){{0,6}}$")


@dataclass(frozen=True, slots=True)
class SideMention:
    start: int
    end: int
    side: str
    role: str | None  # actor | affected | None
    # The side is the subject of the verb after it ("the adversary has lost", "Armenian forces shelled"):
    # it speaks of what follows, not of a figure in an earlier clause.
    subject: bool = False


@dataclass(frozen=True, slots=True)
class ReportedClaim:
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
    # Per side: the words only its own statements use, and its offices signing a heading.
    self_terms: WordCounts
    offices: dict[str, re.Pattern[str]]
    heading_offices: dict[str, re.Pattern[str]]
    # Per side: a dateline in its capital ("Yerevan, September 29, 2020 –").
    datelines: dict[str, re.Pattern[str]]


@lru_cache(maxsize=16)
def matchers_for(profile: Profile, lex: Lexicon) -> PartyMatchers:
    # Side names and adjectives are capitalised in English; matching case keeps "armenian" in URLs out.
    sides = NameSet((s.name, a) for s in profile.sides for a in s.aliases)
    people = NameSet((p.name, alias) for p in profile.people for alias in (p.name, *p.aliases))
    organizations = NameSet((o.affiliation, alias) for o in profile.organizations for alias in (o.name, *o.aliases))
    # Counted over the whole text, every side's in one pass.
    self_terms = WordCounts(s.self_terms for s in profile.sides)
    offices = {s.name: re.compile(OFFICE_OF + "(?:" + "|".join(map(re.escape, s.aliases)) + r")\b")
               for s in profile.sides}
    heading_offices = {s.name: re.compile(SIDE_OFFICE_HEADING.format(aliases="|".join(map(re.escape, s.aliases))))
                       for s in profile.sides}
    datelines = {s.name: re.compile(r"(?m)^[ \t]*(?:" + "|".join(map(re.escape, s.capitals)) + r")\b[^\n]{0,40}?\d",
                                    re.IGNORECASE) for s in profile.sides if s.capitals}
    return PartyMatchers(sides, people, organizations, lex.nationalities, self_terms, offices, heading_offices,
                         datelines)


HEADING_CHARS = 200


def author_side(text: str, profile: Profile, lex: Lexicon, head_chars: int = 600) -> str | None:
    """The side whose statement a document is, or the organisation that published it; None when unclear.

    An office of a side signing the heading, or the side's web domains, decide first; then an
    organisation named at the top; then the words only one side uses of itself and the war.
    """
    head = text[:head_chars]
    parties = matchers_for(profile, lex)
    official = {side.name: 0 for side in profile.sides}
    for side in profile.sides:
        official[side.name] += 3 * sum(text.count(domain) for domain in side.domains)
        official[side.name] += 5 * len(parties.offices[side.name].findall(head))
        official[side.name] += 5 * len(parties.heading_offices[side.name].findall(head, 0, HEADING_CHARS))
    decided = _unique_best(official)
    if decided:
        return decided
    if OFFICE_HEADING.search(head, 0, HEADING_CHARS):
        # An office that signs without its side's name is the office of the capital on the dateline.
        datelined = {side.name: 5 for side in profile.sides
                     if side.capitals and parties.datelines[side.name].search(head)}
        if decided := _unique_best(datelined):
            return decided
    organization = lex.organizations.first(text[:200])
    if organization is not None:
        return organization.key
    for credit in SOURCE_CREDIT.finditer(text):
        # "Source: UN Office for the Coordination of Humanitarian Affairs (OCHA)": a credit line names the author.
        credited = lex.organizations.first(text, credit.start(1), credit.end(1)) or \
            parties.organizations.first(text, credit.start(1), credit.end(1))
        if credited is not None:
            return credited.key
    # Only now the whole text: counting each side's own words is the costliest and the weakest sign.
    usage = {side.name: used for side, used in zip(profile.sides, parties.self_terms.counts(text))}
    return _unique_best({name: official[name] + usage[name] for name in usage})


def location_side(text: str, profile: Profile, lex: Lexicon) -> str | None:
    """The side whose country a statement is about ("Ukraine: civilian casualty update", "killed in Ukraine").

    A third party's count of civilians harmed there is that side's loss (SCHEMA.md: casualties a body
    counts inside a state's total keep that state as affected), when the sentence itself says nothing.
    """
    parties = matchers_for(profile, lex)
    counts = {side.name: 0 for side in profile.sides}
    for m in parties.sides.finditer(text):
        if m.text == m.key and (IN_COUNTRY.search(text, max(0, m.start - 12), m.start)
                                or LABEL_AFTER.match(text, m.end) and (m.start == 0 or text[m.start - 1] == "\n")):
            counts[m.key] += 1
    return _unique_best(counts)


# A line that credits the statement to its author, at its top or its foot.
SOURCE_CREDIT = re.compile(r"(?im)^[ \t]*(?:source|sources|published\s+by|issued\s+by|prepared\s+by|produced\s+by|©)"
                           r"[ \t]*[:\-–]?[ \t]*(\S[^\n]{2,200})$")
# "in Ukraine", "across Ukraine"; "Ukraine: civilian casualty update" (a heading's label).
IN_COUNTRY = _before_mention(r"\b(?:in|across|inside|throughout|within)\s+$")
LABEL_AFTER = re.compile(r"\s*:")


def _unique_best(scores: dict[str, int]) -> str | None:
    if not scores:
        return None
    best = max(scores.values())
    winners = [name for name, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def side_mentions(text: str, start: int, end: int, profile: Profile, lex: Lexicon, *, claimant: str | None,
                  speaker_side: str | None, addressee_side: str | None) -> list[SideMention]:
    """Every mention of a side in text[start:end], with the side it denotes and its role."""
    parties = matchers_for(profile, lex)
    found: list[SideMention] = []
    for m in parties.sides.finditer(text, start, end):
        found.append(_with_role(text, start, end, m.start, m.end, m.key))
    other = profile.opposite(claimant)
    if other:
        for m in lex.adversary.finditer(text, start, end):
            found.append(_with_role(text, start, end, m.start, m.end, other))
    if speaker_side:
        for m in lex.self_words.finditer(text, start, end):
            found.append(_with_role(text, start, end, m.start, m.end, speaker_side))
    if addressee_side:
        for m in YOU.finditer(text, start, end):
            found.append(_with_role(text, start, end, m.start(), m.end(), addressee_side))
    found.sort(key=lambda s: s.start)
    return found


# "liberated from Armenia's occupation": compiled once, read for every mention of a side.
FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
OCCUPATION_AFTER = re.compile(r"(?:['’]s)?\s+(?:occupation|control)\b")


def _with_role(text: str, seg_start: int, seg_end: int, start: int, end: int, side: str) -> SideMention:
    before = text[max(seg_start, start - 40):start]
    after = text[end:min(seg_end, end + 60)]
    if FROM_BEFORE.search(before) and OCCUPATION_AFTER.match(after):
        role: str | None = "affected"  # "liberated from Armenia's occupation"
    elif ACTOR_BEFORE.search(before) or FORCES_OF.search(before):
        role = "actor"
    elif PASSIVE_AFTER.match(after):
        role = "affected"
    elif POSSESSED_BY.search(before) and FORCE_NOUN_AFTER.match(after):
        role = "affected"  # "areas of concentration of Ukrainian troops were hit": a thing of the side's troops
    elif AFFECTED_AFTER.match(after):
        return SideMention(start, end, side, "affected", subject=True)
    elif ACTOR_AFTER.match(after):
        return SideMention(start, end, side, "actor", subject=True)
    elif AFFECTED_BEFORE.search(before) and not LOCATION_OF.search(before) and not SPEAKERS_OF.search(before):
        role = "affected"
    else:
        role = None
    return SideMention(start, end, side, role)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person named in a segment: where the name is, where a verb of theirs may start (after an
    appositive: "X, a representative of the ministry, said"), and whom they speak for (None: unknown)."""

    start: int
    end: int
    verb_from: int
    name: str
    affiliation: str | None


# What may follow an attribution that ends its sentence; "according to (the) X": compiled once, read for every party
# named in a segment that can report.
ONLY_MARKS = re.compile(r"[\s.,;:!?”\"’')\]]*")
ACCORDING_TO_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}$", re.IGNORECASE)


def reported_claims(text: str, start: int, end: int, profile: Profile, lex: Lexicon,
                    people: Sequence[Speaker] | None = None) -> list[ReportedClaim]:
    """Stretches of a segment that report another party's claim, with that party and its speaker.

    `people` are the persons named in the segment (attribution.find_people); without it, those of the
    profile. A person whose side is unknown reports with claimant None: the statement's author's.
    """
    parties = matchers_for(profile, lex)
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
    entities.sort()
    reports: list[ReportedClaim] = []
    for e_start, name_end, e_end, claimant, speaker in entities:
        after = text[e_end:min(end, e_end + 80)]
        before = text[max(start, e_start - 60):e_start]
        # "X said that ...", "France's foreign minister ... has said that", "Macron, after his remarks saying that"
        lead = REPORT_LEAD.match(after)
        rest = text[e_end + lead.end():end] if lead else ""
        sentence_start = _sentence_start(text, start, e_start)
        if lead and (ONLY_MARKS.fullmatch(rest) or CLAUSE_JOIN.match(rest) or (
                _clause_before(text, sentence_start, e_start) and not REPORTS_AHEAD.match(rest))):
            # "..., the Armenian Foreign Ministry said." reports what comes before it.
            reports.append(ReportedClaim(_sentence_start(text, start, e_start), e_start, claimant, speaker))
            continue
        if lead:
            reports.append(ReportedClaim(e_end + lead.end(), end, claimant, speaker))
            continue
        if speaker and (saying := SAYING_AFTER.match(text, e_end, end)):
            # "President X for the first time gave a figure, saying on Sunday that ...": what the participle says.
            reports.append(ReportedClaim(saying.end(), end, claimant, speaker))
            continue
        if SAID_BEFORE.search(before) and _clause_before(text, sentence_start, e_start):
            # '"... the toll has reached nine," said Hikmet Hajiyev': the inverted attribution ends its clause.
            reports.append(ReportedClaim(sentence_start, e_start, claimant, speaker))
            continue
        if ACCORDING_TO_BEFORE.search(before):
            reports.append(ReportedClaim(e_end, end, claimant, speaker))
            reports.append(ReportedClaim(_sentence_start(text, start, e_start), e_start, claimant, speaker))
    # "Ukrainian army spokesman Ivan Bondar said", "said Azerbaijani Defence Ministry spokesman X": the person
    # reports, the side named in the title is theirs; it makes no report of its own over the same words.
    by_person = {r.start for r in reports if r.speaker}
    return [r for r in reports if (r.claimant or r.speaker) and (r.speaker or r.start not in by_person)]


def _clause_before(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends in a clause of its own closed by a comma or quote, then at most a title."""
    found = CLAUSE_BEFORE.search(text, start, end)
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
