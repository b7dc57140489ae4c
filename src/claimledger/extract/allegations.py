"""Allegations and denials: who accuses whom of what conduct, and who calls it false.

A statement of war says as much about conduct as about numbers: "the armed forces of Armenia
blatantly violated the ceasefire", "Turkish F-16s take part — which has no grounds". Each
sentence is read in its parts (cut at semicolons); a part states an act of conduct of a subject
of SCHEMA.md's vocabulary where the words of that subject stand in it
(`lang/<code>/allegations.toml`: "mercenaries", "cluster munitions", "violated the truce"), and
denies it where a word of denial does ("fake", "groundless", "as if"). When a part holds the
words of several subjects, each clause of it (cut at commas) is taken for its most specific one.

Who is accused is the side the part names as doing it (a side's forces, "by Armenia"), a third
state named with armed forces for foreign military involvement ("Turkish F-16s"), or else the
other side of the claimant's; for a denied report of a loss, the side that claimed to inflict it.
Who claims it is read as for a figure (`claims.voice_at`), except that a denial is its
speaker's, not the party whose report it quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimledger import EXTRACTOR_VERSION
from claimledger.errors import ProfileError
from claimledger.extract.claims import _dates_in, _places_in, voice_at
from claimledger.extract.doc import Doc
from claimledger.extract.parties import SideMention, matchers_for, side_mentions, speaker_affiliation
from claimledger.extract.segment import Segment
from claimledger.lang import load_topic, words
from claimledger.lang.lexicon import LiteralLed, LiteralLedSet, TermMatch, guarded_words
from claimledger.models import ALLEGATION_SUBJECTS, Allegation, Claim

DENIED_LOSS = "loss_claim"
FOREIGN_MILITARY = "foreign_military"
FOREIGN_FIGHTERS = "foreign_fighters"
ATTACK_ON_CIVILIANS = "attack_on_civilians"
# The words of a third state's support ("with the backing of Turkey"): foreign military involvement only where the
# part states no act of its own.
SUPPORTING = "supporting"
# The verbs of an attack, indexed beside the subjects (see _CueIndex).
ATTACK_VERB = "attack verb"
DENIAL = "denial"
# Where a part is cut into propositions, and a proposition's clause ends.
PART_BREAK = re.compile(r";|\s[–—]\s")
CLAUSE_BREAK = re.compile(r",(?!\d)|[;:()]|\s[–—]\s")  # not the comma of "1,400"
# Where a clause's stretches that each may state an act of their own are joined.
AND_JOIN = re.compile(r"\sand\s", re.IGNORECASE)
# Characters before (or after "by") a denial verb in which the side that denies is named ("Baku denied it").
DENIER_REACH = 60
DENIED_BY = re.compile(r"\s+by\s+")


@dataclass(frozen=True)
class AllegationRules:
    """The allegation vocabulary of one language (lang/<code>/allegations.toml), compiled."""

    cues: tuple[tuple[str, LiteralLed], ...]  # each subject's words, the most specific first
    searched: LiteralLedSet  # the cues, the attack verbs and the words of denial, for _CueIndex
    denial: LiteralLed
    denial_verb: re.Pattern[str]
    fighters_after: re.Pattern[str]
    not_conduct: re.Pattern[str]
    negation_before: re.Pattern[str]
    attack_verb: re.Pattern[str]
    military_target: re.Pattern[str]
    legitimate_target: re.Pattern[str]
    misfire: re.Pattern[str]
    intent: re.Pattern[str]
    contrastive: re.Pattern[str]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> AllegationRules:
    data = load_topic(language, "allegations")
    source = f"lang/{language}/allegations.toml"
    order = data["order"]["subjects"]
    if sorted(order) != sorted(ALLEGATION_SUBJECTS) or sorted(data["subjects"]) != sorted(ALLEGATION_SUBJECTS):
        raise ProfileError(f"{source}: [subjects] and [order] subjects must each name every subject of SCHEMA.md "
                           f"once ({', '.join(ALLEGATION_SUBJECTS)})")
    # The attacks set against what did it are attacks too, each denied where it stands ([denial] contrastive).
    attacks = {ATTACK_ON_CIVILIANS: data["denial"]["contrastive"]}
    cues = tuple((subject, _word_led(data["subjects"][subject] + attacks.get(subject, ()), source))
                 for subject in order) + (
        (SUPPORTING, _word_led(data["support"]["words"], source)),)
    denial = _word_led(data["denial"]["markers"] + data["denial"]["contrastive"], source)
    attack_verb = _word_led(data["clauses"]["attack_verbs"], source)
    return AllegationRules(
        cues=cues,
        searched=LiteralLedSet({**dict(cues), ATTACK_VERB: attack_verb, DENIAL: denial}),
        denial=denial,
        denial_verb=guarded_words(data["denial"]["verbs"]),
        fighters_after=re.compile(rf"[\s-]+{words(data['actors']['fighter_nouns'])}\b", re.IGNORECASE),
        not_conduct=guarded_words(data["clauses"]["not_conduct"]),
        negation_before=re.compile(rf"\b{words(data['clauses']['negation_before'])}\s+$", re.IGNORECASE),
        attack_verb=attack_verb.pattern,
        military_target=guarded_words(data["clauses"]["military_targets"]),
        legitimate_target=guarded_words(data["clauses"]["legitimate_targets"]),
        misfire=guarded_words(data["clauses"]["misfires"]),
        intent=guarded_words(data["clauses"]["intent"]),
        contrastive=guarded_words(data["denial"]["contrastive"]),
    )


def _word_led(terms: tuple[str, ...], source: str) -> LiteralLed:
    """Words matched case-insensitively from a word's start, tried only where one of their literal first words stands
    (they are searched in every statement, once over its whole text: _CueIndex). A first word of one or two letters
    ("no grounds", "as if") is matched with the single space after it, which makes the literal words long enough."""
    written = [re.sub(r"^([A-Za-z]{1,2}) ", r"\1\\x20", term) for term in terms]
    led = LiteralLed.of(rf"\b{words(written)}(?!\w)", re.IGNORECASE)
    if not isinstance(led, LiteralLed):
        raise ProfileError(f"{source}: every entry of a list must start with a literal word (of {LiteralLed.MIN_PREFIX} "
                           f"letters or more, or a short word and a space); one of these does not: {terms[:3]}...")
    return led


def find_allegations(doc: Doc) -> list[Allegation]:
    """Every allegation and denial of the document, in text order."""
    rules = rules_for(doc.language)
    cues = _CueIndex(doc, rules)
    found: list[Allegation] = []
    for index, seg in enumerate(doc.segments):
        if seg.kind in ("speaker_note", "attribution"):
            continue
        start = seg.start
        for brk in [*PART_BREAK.finditer(doc.text, seg.start, seg.end), None]:
            end = brk.start() if brk else seg.end
            found.extend(_allegations_of_part(doc, index, seg, start, end, rules, cues, found))
            start = brk.end() if brk else end
    return found


class _CueIndex:
    """Where each subject's words, the verbs of an attack and the words of denial may start in a document, found in
    one pass over the whole text (rules.searched): a clause is then tried only there, not searched from each of its
    positions."""

    def __init__(self, doc: Doc, rules: AllegationRules):
        text = doc.text
        found = rules.searched.starts(text)
        self._claimed = doc.claims  # in text order
        self._claims = [claim.span[0] for claim in doc.claims]
        # The sides named in a part, by its span, claimant and addressee (see _actor).
        self.mentions: dict[tuple[int, int, str | None, str | None], list[SideMention]] = {}
        self._denials = found.pop(DENIAL)
        self._starts = found
        self._text, self._denial = text, rules.denial.pattern
        self._any = sorted(at for starts in self._starts.values() for at in starts)

    def starts(self, subject: str, start: int, end: int) -> list[int]:
        """Where the words of `subject` may start in text[start:end]."""
        found = self._starts[subject]
        return found[bisect_left(found, start):bisect_left(found, end)]

    def any_in(self, start: int, end: int) -> bool:
        """Whether the words of some subject, or a verb of an attack, may start in text[start:end]."""
        at = bisect_left(self._any, start)
        return at < len(self._any) and self._any[at] < end

    def claim_in(self, start: int, end: int) -> bool:
        """Whether a quantitative claim starts in text[start:end]."""
        at = bisect_left(self._claims, start)
        return at < len(self._claims) and self._claims[at] < end

    def claimed(self, start: int, end: int) -> list[Claim]:
        """The quantitative claims that start in text[start:end]."""
        return self._claimed[bisect_left(self._claims, start):bisect_left(self._claims, end)]

    def claims_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the quantitative claims that start in text[start:end]."""
        return [c.span for c in self.claimed(start, end)]

    def denial(self, start: int, end: int) -> re.Match[str] | None:
        """The first word of denial in text[start:end]."""
        for at in self._denials[bisect_left(self._denials, start):bisect_left(self._denials, end)]:
            if found := self._denial.match(self._text, at, end):
                return found
        return None


class _Proposition(NamedTuple):
    subject: str
    start: int
    end: int
    cue: int


def _allegations_of_part(doc: Doc, index: int, seg: Segment, start: int, end: int, rules: AllegationRules,
                         cues: _CueIndex, earlier: list[Allegation]) -> list[Allegation]:
    text = doc.text
    denial = cues.denial(start, end)
    if denial is None and not cues.any_in(start, end):
        return []  # most parts: no word of any subject, nothing denied
    stance = "denies" if denial is not None else "asserts"
    propositions = [p for clause in _clauses(text, start, end)
                    if cues.any_in(*clause) and not rules.not_conduct.search(text, *clause)
                    for p in _propositions(doc, *clause, denied=denial is not None, rules=rules, cues=cues)]
    subjects = {p.subject for p in propositions}
    if DENIED_LOSS in subjects and len(subjects) > 1:
        # "lost", "destroyed": words of the denied act's own subject
        propositions = [p for p in propositions if p.subject != DENIED_LOSS]
    if len(subjects - {SUPPORTING}) >= 1:
        # "Azerbaijan, with the backing of Turkey, unleashed a war": the support is part of the act it backs
        propositions = [p for p in propositions if p.subject != SUPPORTING]
    if not propositions:
        if denial is None:
            return []
        if cues.claim_in(start, end):
            # "Kyiv's figure of 26,000 Russian troops killed is fabricated": the figure it quotes is what it denies.
            claimant, speaker = _denier_and_speaker(doc, index, seg, start, end, denial.start(), rules)
            return [_allegation(doc, (start, end), "denies", DENIED_LOSS,
                                _denied_loss_actor(doc, index, start, end, claimant, cues), claimant, speaker, start,
                                end, denial.start(), cues)]
        return _denial_of_earlier(doc, index, seg, start, end, denial.start(), rules, cues, earlier)
    if stance == "asserts":
        claimant, speaker = voice_at(doc, index, seg, propositions[0].cue)
    else:
        claimant, speaker = _denier_and_speaker(doc, index, seg, start, end, denial.start(), rules)
    addressee = speaker_affiliation(doc.interviewees.get(seg.section), doc.profile) if seg.turn == "question" else None
    # "caused by a failed launch and not by an Israeli strike": only the act set against the other is denied.
    contrast = denial.start() if denial is not None and rules.contrastive.match(text, denial.start()) else None
    found: list[Allegation] = []
    for proposition in propositions:
        subject = FOREIGN_MILITARY if proposition.subject == SUPPORTING else proposition.subject
        span = (proposition.start, proposition.end)
        own_stance = "asserts" if contrast is not None and not span[0] <= contrast < span[1] else stance
        actor = (_denied_loss_actor(doc, index, start, end, claimant, cues) if subject == DENIED_LOSS else
                 _actor(doc, subject, own_stance, claimant, start, end, span, proposition.cue, rules, addressee,
                        cues))
        if actor is _OWN:
            continue  # a side telling of its own operations accuses no one
        if found and (found[-1].subject, found[-1].actor, found[-1].stance) == (subject, actor, own_stance):
            # The clauses of one act ("shelled the villages of X, Y and Z, as well as the town of W"): one claim.
            last = found[-1]
            last.span = (last.span[0], span[1])
            last.quote = text[last.span[0]:last.span[1]]
            last.places = [p.name for p in _places_in(doc, *last.span)]
            continue
        found.append(_allegation(doc, span, own_stance, subject, actor, claimant, speaker, start, end,
                                 proposition.cue, cues))
    return found


def _allegation(doc: Doc, span: tuple[int, int], stance: str, subject: str, actor: str | None,
                claimant: str | None, speaker: str | None, start: int, end: int, cue: int,
                cues: _CueIndex) -> Allegation:
    dates = _dates_in(doc, start, end)
    before = [d for d in dates if d.start < cue]
    date = (before[-1] if before else dates[0]).iso() if dates else None
    # A denial disputes the figures of its part of the sentence: those it quotes to call them false.
    disputes = cues.claims_in(start, end) if stance == "denies" else []
    return Allegation(doc=doc.document.name, span=span, quote=doc.text[span[0]:span[1]], stance=stance,
                      subject=subject, actor=actor, claimant=claimant, speaker=speaker, date=date,
                      places=[p.name for p in _places_in(doc, *span)], extractor_version=EXTRACTOR_VERSION,
                      disputes=disputes)


def _denial_of_earlier(doc: Doc, index: int, seg: Segment, start: int, end: int, marker: int,
                       rules: AllegationRules, cues: _CueIndex, earlier: list[Allegation]) -> list[Allegation]:
    """ "That report, too, was denied", "All of this is a lie": a denial that names no act denies the one told just
    before it (the allegation of the sentence before, or the figures the other side gave there)."""
    before = doc.segments[index - 1] if index > 0 else None
    if before is not None and before.paragraph != seg.paragraph and before.end + 2 < seg.start:
        before = None  # a sentence of another paragraph, not the one just before on the next line
    claimant, speaker = _denier_and_speaker(doc, index, seg, start, end, marker, rules)
    # What was told in the sentence before, or earlier in this one ("Armenia said ...; Baku denied it").
    told = earlier[-1] if earlier and (before.start if before else seg.start) <= earlier[-1].span[0] < start else None
    if told is not None:
        subject, actor = told.subject, told.actor
    elif before is not None and cues.claim_in(before.start, before.end):
        subject, actor = DENIED_LOSS, _denied_loss_actor(doc, index, start, end, claimant, cues)
    else:
        return []
    return [_allegation(doc, (start, end), "denies", subject, actor, claimant, speaker, start, end, marker, cues)]


def _propositions(doc: Doc, start: int, end: int, *, denied: bool, rules: AllegationRules,
                  cues: _CueIndex) -> list[_Proposition]:
    """The acts a clause states: in each of its stretches joined by "and", the most specific subject whose words
    begin there ("Turkey has used its air force against Artsakh and has moved thousands of mercenaries")."""
    text = doc.text
    joins = [m.start() for m in AND_JOIN.finditer(text, start, end)]
    best: dict[int, tuple[int, str, int]] = {}  # stretch -> (rank of subject, subject, cue start)
    for rank, (subject, cue) in enumerate(_cues(doc, start, end, denied, rules, cues)):
        stretch = bisect_right(joins, cue)
        if stretch not in best or rank < best[stretch][0] or rank == best[stretch][0] and cue < best[stretch][2]:
            best[stretch] = (rank, subject, cue)
    bounds = [start, *joins, end]
    taken = sorted(best.items())
    # A stretch that states no act of its own belongs to the act before it ("shelled Stepanakert and Shushi").
    return [_Proposition(subject, start if number == 0 else bounds[stretch] + len(" and "),
                         bounds[taken[number + 1][0]] if number + 1 < len(taken) else end, cue)
            for number, (stretch, (_, subject, cue)) in enumerate(taken)]


def _cues(doc: Doc, start: int, end: int, denied: bool, rules: AllegationRules,
          index: _CueIndex) -> list[tuple[str, int]]:
    """Every subject whose words text[start:end] holds and where they start, the most specific subject first: a list
    ordered as rules.cues, where a subject may come more than once."""
    text = doc.text
    parties = matchers_for(doc.profile, doc.lex, doc.language)
    found = []
    for subject, pattern in rules.cues:
        if subject == DENIED_LOSS and not denied:
            continue  # a loss is an allegation only as the other side's report that this one calls false
        candidates = index.starts(subject, start, end)
        if not candidates or subject == ATTACK_ON_CIVILIANS and rules.legitimate_target.search(text, start, end):
            continue  # "as legitimate military targets they were neutralised"
        plain = pattern.pattern
        reached = start
        for at in candidates:
            if at < reached or (cue := plain.match(text, at, end)) is None:
                continue
            reached = cue.end()
            if rules.negation_before.search(text, max(start, at - 10), at):
                continue  # "no mercenary has"
            if subject == ATTACK_ON_CIVILIANS and (_misfire_around(text, start, end, at, rules)
                                                   or _counted_toll(text, start, end, at, cue.end(), rules, index)):
                continue
            if subject == FOREIGN_MILITARY and (side := parties.sides.first(text, at, cue.end())) \
                    and side.start == at:
                continue  # "the Russian army" in Russia's war: a side's own forces, not a third state's
            found.append((subject, at))
    verbs = index.starts(ATTACK_VERB, start, end)
    if verbs and not rules.military_target.search(text, start, end) \
            and not rules.legitimate_target.search(text, start, end):
        places = [p for p in _places_in(doc, start, end) if not p.country]
        for at in verbs:
            verb = rules.attack_verb.match(text, at, end)
            place = next((place for place in places if verb and place.start >= verb.end()), None)
            if verb and place and not _misfire_around(text, start, end, at, rules) \
                    and not _counted_toll(text, start, end, at, place.start, rules, index):
                found.append((ATTACK_ON_CIVILIANS, at))  # "struck the Kramatorsk railway station"
    # Each subject's cues in text order, the subjects in rules.cues' order (the rank _propositions reads).
    order = {subject: rank for rank, (subject, _) in enumerate(rules.cues)}
    return sorted(found, key=lambda item: (order[item[0]], item[1]))


def _misfire_around(text: str, start: int, end: int, at: int, rules: AllegationRules) -> bool:
    """Whether the stretch of the clause text[start:end] that the words of an attack at `at` stand in (between its
    "and"s) says that what struck was a misfire: no attack on civilians, whoever it blames ("the blast was caused by a
    failed launch", though not in "... and not by an Israeli strike")."""
    joins = list(AND_JOIN.finditer(text, start, end))
    low = max([m.end() for m in joins if m.end() <= at], default=start)
    high = min([m.start() for m in joins if m.start() >= at], default=end)
    if rules.misfire.search(text, low, high) is not None:
        return True
    # "An Islamic Jihad rocket misfire, not an Israeli strike, hit the hospital": the clause goes on after the attack
    # set against its subject, which is the clause before that one.
    sentence = max(text.rfind(mark, 0, start) for mark in (".", "\n", "!", "?")) + 1
    before = _clauses(text, sentence, start)[-2:] if low == start else []
    return len(before) == 2 and rules.contrastive.fullmatch(text, *before[1]) is not None \
        and rules.misfire.search(text, *before[0]) is not None


def _counted_toll(text: str, start: int, end: int, at: int, cue_end: int, rules: AllegationRules,
                  index: _CueIndex) -> bool:
    """Whether the words of an attack at text[at:cue_end] (to what it hit, or to the place it was), in the clause
    text[start:end], count the objects it damaged: a figure of damage stands in them ("Israeli strikes had hit 95
    government buildings and 255 schools", "hit 40 houses and a hospital") and the clause holds no word of intent or
    crime and no one killed or wounded. SCHEMA.md's bare toll line: a figure, not an allegation. Civilians killed by
    attacks are an attack on civilians ("Armenia's attacks killed 101 civilians", "hit 14 buildings and killed 23
    civilians"), and rockets counted are the attack on what it names."""
    claims = index.claimed(start, end)
    counted = any(claim.kind == "damage" and claim.span[0] < cue_end and at < claim.span[1] for claim in claims) \
        and not any(claim.kind == "casualties" for claim in claims)
    return counted and rules.intent.search(text, start, end) is None


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] cut at its commas, colons and brackets, each clause without its spaces at either end."""
    spans = []
    at = start
    for brk in [*CLAUSE_BREAK.finditer(text, start, end), None]:
        stop = brk.start() if brk else end
        chunk = text[at:stop]
        if chunk.strip():
            left = at + len(chunk) - len(chunk.lstrip())
            spans.append((left, left + len(chunk.strip())))
        at = brk.end() if brk else end
    return spans


def _denier_and_speaker(doc: Doc, index: int, seg: Segment, start: int, end: int, marker: int,
                        rules: AllegationRules) -> tuple[str | None, str | None]:
    """Who denies in text[start:end], and the person who does: the side named with a verb of denial ("Baku denied
    it", "was denied by the Armenian Defence Ministry"), else the segment's speaker or the statement's author, who
    call the other side's report false; else the voice the denial is reported in."""
    speaker = seg.speaker
    verb = rules.denial_verb.search(doc.text, start, end)
    if verb is not None:
        parties = matchers_for(doc.profile, doc.lex, doc.language)
        before = (max(start, verb.start() - DENIER_REACH), verb.start())
        named = [(m.start, m.key) for names in (parties.sides, parties.capitals)
                 for m in names.finditer(doc.text, *before)]
        if named:
            return max(named)[1], speaker
        by = DENIED_BY.match(doc.text, verb.end(), end)
        if by and (after := parties.sides.first(doc.text, by.end(), min(end, by.end() + DENIER_REACH))):
            return after.key, speaker
    own = speaker_affiliation(seg.speaker, doc.profile) or doc.author
    if own is not None:
        return own, speaker
    return voice_at(doc, index, seg, marker)


def _actor(doc: Doc, subject: str, stance: str, claimant: str | None, start: int, end: int, span: tuple[int, int],
           cue: int, rules: AllegationRules, addressee: str | None, cues: _CueIndex) -> str | None:
    """Who allegedly did it (see the module's docstring); `addressee` is the side a question is put to ("your
    side")."""
    profile, text = doc.profile, doc.text
    other = profile.opposite(claimant)
    sides = {side.name for side in profile.sides}
    if subject in (FOREIGN_MILITARY, FOREIGN_FIGHTERS):
        third = [m for m in doc.lex.nationalities.finditer(text, start, end) if m.key not in sides]
    if subject == FOREIGN_MILITARY:
        chosen = _nearest(third, cue)
        return chosen.key if chosen else other
    # The part's sides, read once for all the acts it states.
    key = (start, end, claimant, addressee)
    if (mentions := cues.mentions.get(key)) is None:
        mentions = cues.mentions[key] = side_mentions(text, start, end, profile, doc.lex, claimant=claimant,
                                                      speaker_side=claimant, addressee_side=addressee,
                                                      language=doc.language)
    if subject == FOREIGN_FIGHTERS:
        # Who brought them in: named before the act ("Turkey transferred mercenaries"), else after it ("fighting on
        # the Azerbaijani side"); not where the fighters are from ("Syrian mercenaries", "fighters from Syria"), nor,
        # in an accusation, the accuser.
        named = [(m.start, m.side) for m in mentions] + [(m.start, m.key) for m in third]
        named = [(at, party) for at, party in named if not _origin_of_fighters(text, at, rules)
                 and (stance == "denies" or party != claimant)]
        before = [item for item in named if item[0] < cue]
        after = [item for item in named if item[0] >= cue]
        if before:
            return before[-1][1]
        if after:
            return after[0][1]
        return claimant if stance == "denies" else other
    if stance == "asserts" and other is not None:
        # A side accuses the other side, unless the side that acts is its own ("our army launched").
        acting = [m for m in mentions if span[0] <= m.start < cue and m.role == "actor"]
        return _OWN if acting and all(m.side == claimant for m in acting) else other
    within = [m for m in mentions if span[0] <= m.start < span[1]] or mentions
    for candidates in ([m for m in within if m.role == "actor" and m.start < cue],
                       [m for m in within if m.role == "actor"],
                       [m for m in within if m.role is None]):
        if candidates:
            return _nearest(candidates, cue).side  # type: ignore[union-attr]
    return claimant if stance == "denies" else None


def _denied_loss_actor(doc: Doc, index: int, start: int, end: int, denier: str | None, cues: _CueIndex) -> str | None:
    """Who is said to have inflicted a loss that `denier` calls a false report: the side that the loss is not of.

    The loss is of the side whose harm the disputed figures count: those of the denial's own part of the sentence,
    else another party's figures in the sentence before it or after it in its paragraph ("They inflate the casualty
    figures. The ministry had claimed that 500 people were killed."; the denier's own are not what it calls false);
    with no such figure near, the other side's report is denied. The other side's toll of its own dead is blamed on
    the denier, as is a toll of no side's dead that another party gives (the "Hamas-run health ministry" of a
    statement whose sides are Israel and Islamic Jihad); the denier's own losses, reported by the other side, on
    that side.
    """
    other = doc.profile.opposite(denier)
    claims = cues.claimed(start, end)
    seg = doc.segments[index]
    for near in (index - 1, index + 1) if not claims else ():
        if 0 <= near < len(doc.segments) and doc.segments[near].paragraph == seg.paragraph:
            # Another party's figures only: the denier's own ("our forces destroyed 12 tanks") are not what it denies.
            claims = [claim for claim in cues.claimed(doc.segments[near].start, doc.segments[near].end)
                      if claim.claimant != denier]
            if claims:
                break
    if not claims:
        # No figure of another party near ("Armenian reports that an Azerbaijani Su-25 was shot down are false"):
        # the other side's report of what it did.
        return other
    affected = next((claim.affected for claim in claims if claim.affected), None)
    if affected is None and any(claim.claimant not in (None, denier) for claim in claims):
        return denier  # a toll that another party gives, of no side named: its own dead, blamed on the denier
    if affected is None or affected not in {side.name for side in doc.profile.sides}:
        return other
    return doc.profile.opposite(affected)


def _origin_of_fighters(text: str, start: int, rules: AllegationRules) -> bool:
    """Whether the party named at `start` is where fighters are from ("Syrian mercenaries", "fighters from Syria")."""
    return bool(rules.fighters_after.match(text, text.find(" ", start) if " " in text[start:start + 40] else start)
                ) or text[max(0, start - 5):start].lower() == "from "


# What _actor gives for an act of the claimant's own side.
_OWN = "<own side>"


def _nearest(mentions: list, position: int) -> SideMention | TermMatch | None:
    return min(mentions, key=lambda m: abs(m.start - position)) if mentions else None
