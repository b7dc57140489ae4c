"""Typing: what a figure counts (kind, outcome, what) from the words around it.

A figure is typed by two things: the noun phrase it counts ("31 civilians", "five T-72
tanks", "more than 150 times") and the predicate that says what happened to it ("were
killed", "liberated", "hit the city", "the following losses"). The predicate is looked for
right before the figure ("killing 13 civilians", "injured 105"), then after its noun phrase,
skipping coordinated figures ("576 houses and 72 civilian facilities were destroyed");
a figure joined to the previous one ("25 villages and 1 city", "including 12 children")
shares that one's predicate. A figure whose noun is not a conflict count ("5,000 ancient
books", "20 Christian communities") or that has no predicate where one is needed is not a claim.

`classify()` is a loop over `RULES`, in order: each rule reads one thing about the figure (a
`Figure`, whose phrase, predicates and joins are read once, when a rule first asks) and
either types it, says it counts nothing of a war (`NOT_A_COUNT`), or leaves it to the next.
The words every rule reads are data: `lang/<code>/classify.toml` (what ends a phrase, what
joins two figures, how a toll is named, which predicate gives which outcome) and the counted
nouns and predicates of `lang/<code>/lexicon.toml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from claimledger.errors import ProfileError
from claimledger.lang import load_topic, words as _words
from claimledger.lang.lexicon import EarliestOf, Lexicon, TermMatch, TermSet, first_character_guard
from claimledger.extract.numbers import NumberMention
from claimledger.extract.numbers import rules_for as number_rules_for

# The kinds and outcomes of SCHEMA.md, which the outcome tables of a language may give.
SCHEMA_OUTCOMES = {
    "casualties": {"killed", "wounded", "killed_or_wounded", "missing", "captured"},
    "displacement": {"displaced"},
    "damage": {"destroyed", "damaged", "destroyed_or_damaged"},
    "materiel": {"destroyed", "disabled", "destroyed_or_disabled", "captured", "lost"},
    "territory": {"taken", "lost"},
    "force": {"deployed", "strength"},
    "attacks": {"strikes"},
}
# "tanks ‒ 3,483 (+4)": the change since the previous report.
INCREMENT = re.compile(r"\s*\(\s*\+")
# "338 (328)": the same count in another report (the previous update, another source), in brackets after it.
BRACKETED_AGAIN = re.compile(r"\s*\(\s*")
CLOSING_BRACKET = re.compile(r"\s*\)")
# "Kyiv region", "Donetsk and Luhansk regions": a place's name, not a count of regions.
NAMED_BEFORE = re.compile(r"(?-i:[A-Z][\w’'\-]+)\s+$")
LABEL_END = re.compile(r"(?:[‒–—-]|:)\s*$")
# A clause ends at a full stop, a semicolon, and at the edge of a table cell.
CLAUSE_END = re.compile(r"[;!?|]|\.(?:\s|$)")
SENTENCE_STOP = re.compile(r"[.;!?]")
TOLL_REACH = 170
TABLE_REACH = 40  # lines a table's header may stand above a row
PEOPLE_REACH = 40
# The longest word of inclusion (classify.toml's joins.included), with room to spare.
INCLUSION_REACH = 40
TERM_OVERRUN = 40
MAX_NP_WORDS_BEFORE_HEAD = 4
# How far after a figure its counted noun is looked for: the words before it, the word it starts in, and then as many
# characters as the longest term runs on.
WORDS_AHEAD = re.compile(rf"(?:\S+\s+){{0,{MAX_NP_WORDS_BEFORE_HEAD + 1}}}")
HEAD_SLACK = 2 * TERM_OVERRUN
FORWARD_REACH = 400
# The people keys of the lexicon from the most specific: a head naming children and people counts children.
PEOPLE_BY_SPECIFICITY = ("children", "civilians", "military", "people")

OutcomeTable = tuple[tuple[str, tuple[str, str]], ...]


@dataclass(frozen=True)
class ClassifyRules:
    """The words of one language that the typing rules read (lang/<code>/classify.toml), compiled once."""

    np_lead: re.Pattern[str]
    np_stop: re.Pattern[str]
    coordination: re.Pattern[str]
    pronoun_numbers: frozenset[str]
    # "losses amount to 260-280": the words between the two ends of a range (numbers.toml).
    range_join: re.Pattern[str]
    others: re.Pattern[str]
    times: re.Pattern[str]
    named_after: re.Pattern[str]
    inline_label: re.Pattern[str]
    formation: re.Pattern[str]
    army_of: re.Pattern[str]
    possession: re.Pattern[str]
    worth: re.Pattern[str]
    joined_to_previous: re.Pattern[str]
    included_in_previous: re.Pattern[str]
    part_of_previous: re.Pattern[str]
    part_of_next: re.Pattern[str]
    range_next: re.Pattern[str]
    ellipsis: re.Pattern[str]
    coordinate: re.Pattern[str]
    fillers: re.Pattern[str]
    adjacent: re.Pattern[str]
    among: re.Pattern[str]
    copula: re.Pattern[str]
    # "lie in ruins or have been damaged": the words between two predicates of one count.
    alternative: re.Pattern[str]
    toll: re.Pattern[str]
    event_noun: re.Pattern[str]
    weapon_noun: re.Pattern[str]
    verb_nouns: tuple[tuple[str, str], ...]
    unspecified_people: frozenset[str]
    military_context: TermSet
    generic_loss: re.Pattern[str]
    people_outcomes: OutcomeTable
    # Fighters are killed, wounded, missing or captured, not displaced ("200 soldiers fled the battlefield").
    fighter_outcomes: OutcomeTable
    harm_outcomes: OutcomeTable
    harm_or_capture_outcomes: OutcomeTable
    structure_outcomes: OutcomeTable
    weapon_outcomes: OutcomeTable
    materiel_outcomes: OutcomeTable
    territory_outcomes: OutcomeTable
    force_outcomes: OutcomeTable
    attack_outcomes: OutcomeTable
    # What a list label's counted thing can have had happen to it, by the family of its words.
    family_outcomes: dict[str, OutcomeTable]


def _outcome_table(data: dict, name: str, source: str) -> OutcomeTable:
    rows = []
    for predicate_class, value in data[name].items():
        if len(value) != 2 or value[1] not in SCHEMA_OUTCOMES.get(value[0], ()):
            raise ProfileError(f"{source} [{name}] {predicate_class}: must be [kind, outcome] of SCHEMA.md, "
                               f"not {list(value)}")
        rows.append((predicate_class, (value[0], value[1])))
    return tuple(rows)


def _inclusion_words(joins: dict, source: str) -> list[str]:
    """The words of inclusion ("including", "of whom"), each short enough to be found INCLUSION_REACH characters
    before a figure."""
    if too_long := [word for word in joins["included"] if len(word) > INCLUSION_REACH]:
        raise ProfileError(f"{source} [joins] included: {too_long[0]!r} is longer than {INCLUSION_REACH} characters, "
                           "the most a word of inclusion is looked for before a figure; shorten it")
    return joins["included"]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> ClassifyRules:
    """The typing vocabulary of `language`, compiled."""
    data = load_topic(language, "classify")
    source = f"lang/{language}/classify.toml"
    phrase, joins, forces, tolls = data["phrase"], data["joins"], data["forces"], data["tolls"]
    approximately = _words(data["approximations"]["words"])
    outcomes = {name: _outcome_table(data, name, source) for name in data if name.startswith("outcomes_of_")}
    harm, capture = outcomes["outcomes_of_harm"], outcomes["outcomes_of_capture"]
    weapons, attacks = outcomes["outcomes_of_weapons"], outcomes["outcomes_of_attacks"]
    toll = (
        rf"\b(?P<raise>{_words(tolls['raising'])}\s+(?:the\s+)?)?"
        rf"(?:(?P<killed>{_words(tolls['killed'])}|{_words(tolls['number_of'])}\s+(?:the\s+)?(?:[\w\-]+\s+){{0,2}}?"
        rf"{_words(tolls['dead'])})|"
        rf"(?P<wounded>{_words(tolls['number_of'])}\s+(?:the\s+)?(?:[\w\-]+\s+){{0,2}}?{_words(tolls['wounded'])})|"
        rf"(?P<losses>{_words(tolls['losses'])}))"
        # Who the toll counts, up to the words that start its verb.
        rf"(?P<among>(?:\s+(?!{_words(tolls['not_among'])}\b)[\w\-’']+){{0,16}}?)"
        rf"(?(raise)\s+{_words(tolls['raised_to'])}|\s+(?:{_words(tolls['growth_auxiliaries'])}\s+)?"
        rf"(?:{_words(tolls['unchanged'])}\s+)?(?:{_words(tolls['growth_adverbs'])}\s+)?{_words(tolls['growth'])}"
        rf"(?:\s+{_words(tolls['growth_particles'])})?)\s*$"
    )
    return ClassifyRules(
        np_lead=re.compile(r"\s*" + "".join(rf"(?:{_words([w])}\s+)?" for w in phrase["leading_words"])
                           + r"""["“”‘’«»']?""", re.IGNORECASE),
        np_stop=re.compile(rf"[,;:.!?()\[\]\n–—|]|\b{_words(phrase['stop_words'])}\b", re.IGNORECASE),
        coordination=re.compile(rf"\s*(?:,\s*(?:{_words(phrase['coordinators'])}\s+)?|\s+{_words(phrase['coordinators'])}"
                                rf"\s+|\s*&\s*)(?:{_words(phrase['coordinated_modifiers'])}\s+)?", re.IGNORECASE),
        pronoun_numbers=frozenset(w.lower() for w in phrase["pronoun_numbers"]),
        range_join=number_rules_for(language).range_join,
        others=re.compile(rf"\s+(?:{_words(phrase['others'])})\b", re.IGNORECASE),
        times=re.compile(rf"\s*{_words(phrase['times'])}\b", re.IGNORECASE),
        named_after=re.compile(rf"\s+{_words(phrase['name_of'])}\s+(?-i:[A-Z])", re.IGNORECASE),
        # "tanks ‒ 3,753", "Personnel: 2,300": a figure after the label it counts.
        inline_label=re.compile(rf"(?:^|[,:;(]|\b{_words(phrase['coordinators'])}\b)\s*(?P<label>[^,:;()\n]{{2,60}}?)"
                                r"\s*(?:[‒–—-]|:)\s*$", re.IGNORECASE),
        formation=re.compile(rf"\s+(?:[\w\-]+\s+)?{_words(data['formations']['nouns'])}\b", re.IGNORECASE),
        army_of=re.compile(rf"\b{_words(forces['nouns'])}\s+(?:of\s+)?(?:{approximately}\s+)?$", re.IGNORECASE),
        possession=re.compile(rf"\b{_words(forces['possession_verbs'])}\s+(?:{_words(forces['possession_articles'])}\s+)?$",
                              re.IGNORECASE),
        worth=re.compile(rf"\b{_words(data['value']['words'])}\s+(?:{approximately}\s+)?$", re.IGNORECASE),
        joined_to_previous=re.compile(rf"^[\s,]*(?:{_words(joins['to_previous'])}\b[\s,]*)*$", re.IGNORECASE),
        included_in_previous=re.compile(rf"\b{_words(_inclusion_words(joins, source))}[\s,]*$", re.IGNORECASE),
        part_of_previous=re.compile(rf"\s+{_words(joins['part_of_previous'])}\b", re.IGNORECASE),
        part_of_next=re.compile(rf"\s+{_words(joins['part_of_next'])}\s+\d", re.IGNORECASE),
        range_next=re.compile(rf"\s*(?:{_words(joins['range_to'])}|-|–)\s*(?:{approximately}\s+)?\d[\d,.]*\+?",
                              re.IGNORECASE),
        ellipsis=re.compile(rf"(?:,|\b{_words(joins['clauses'])})\s*$", re.IGNORECASE),
        coordinate=re.compile(rf",|\b{_words(joins['clauses'])}\b", re.IGNORECASE),
        fillers=re.compile(rf"^(?:\s|[:–—(-]|\b{_words(data['fillers']['words'])}\b)*$", re.IGNORECASE),
        adjacent=re.compile(rf"\s*(?:{_words(data['fillers']['auxiliaries'])}\s+)*", re.IGNORECASE),
        among=re.compile(rf"(?:\s+\w+)?\s+{_words(data['fillers']['among'])}\s+"
                         rf"(?:{_words(data['fillers']['among_determiners'])}\s+)?", re.IGNORECASE),
        copula=re.compile(rf"\s+{_words(data['fillers']['copulas'])}\s+", re.IGNORECASE),
        alternative=re.compile(rf"\s*,?\s*{_words(data['fillers']['alternatives'])}\s+"
                               rf"(?:{_words(data['fillers']['auxiliaries'])}\s+)*$", re.IGNORECASE),
        # The class of a toll's first letters first: the engine then skips every other position at once.
        toll=re.compile(first_character_guard(toll) + toll, re.IGNORECASE),
        event_noun=re.compile(_words(data["attacks"]["event_stems"]), re.IGNORECASE),
        weapon_noun=re.compile(_words(data["attacks"]["weapon_stems"]), re.IGNORECASE),
        verb_nouns=tuple((stem.lower(), noun) for noun, stems in data["times_verbs"].items() for stem in stems),
        unspecified_people=frozenset(w.lower() for w in data["unspecified_people"]["words"]),
        military_context=TermSet(("military", term.replace(" ", r"\s+")) for term in data["military_context"]["words"]),
        generic_loss=re.compile(_words(data["generic_predicates"]["words"]), re.IGNORECASE),
        people_outcomes=harm + capture + outcomes["outcomes_of_displacement"],
        fighter_outcomes=harm + capture,
        harm_outcomes=harm,
        harm_or_capture_outcomes=harm + capture,
        structure_outcomes=outcomes["outcomes_of_structures"],
        weapon_outcomes=weapons,
        materiel_outcomes=weapons + outcomes["outcomes_of_materiel_lost"],
        territory_outcomes=outcomes["outcomes_of_territory"],
        force_outcomes=outcomes["outcomes_of_force"],
        attack_outcomes=attacks,
        family_outcomes={"attacks": attacks + weapons, "structures": outcomes["outcomes_of_structures"],
                         "territory": outcomes["outcomes_of_territory"],
                         "materiel": weapons + outcomes["outcomes_of_materiel_lost"]},
    )


class Typing(NamedTuple):
    """What a figure counts. `np_end` is where its noun phrase ends; `predicate` the words that typed it."""

    kind: str
    outcome: str
    what: tuple[str, ...]
    unit: str
    np_end: int
    predicate: str | None
    # Where the counted thing starts when it is named before the figure ("equipment worth 1 billion dollars").
    thing_start: int | None = None
    head: Head | None = None
    # "shot down 32 of them": the figure counts part of what the previous figure counted.
    part_of_previous: bool = False
    # "shot down 20 of 24 drones": the figure counts part of what the next figure counts.
    part_of_next: bool = False
    # "including 12 children": a subset of the previous figure, whose kind of people later figures do not share.
    included: bool = False
    # What the figure an included one belongs to counts: "43 civilians, including 3 children, ... and 206 were
    # wounded" — the 206 are civilians.
    including_what: tuple[str, ...] = ()
    # Where the quote begins when the count is named well before its figure ("the death toll ... has reached 532").
    quote_start: int | None = None
    # "tanks ‒ 3,483 (+4)": the change since the previous report, not a running total.
    increment: bool = False


# Heads that say people were harmed but not who they were: "250 men" in a civilian casualty table.


def inline_label(text: str, seg_start: int, position: int, language: str = "en") -> re.Match[str] | None:
    """The label before a figure in "tanks ‒ 3,753" (match offsets relative to `seg_start`), if there is one."""
    return inline_label_of(text, seg_start, position, rules_for(language))


def who_in_context(text: str, typing: Typing, figure_end: int, spans: Sequence[tuple[int, int]], lex: Lexicon, *,
                   after_another: bool, language: str = "en") -> Typing:
    """A casualty count of unspecified people typed by who its context says they were.

    "1,340 killed" after "manpower losses:", "Women account for 3,920 of those killed", "Of those
    injured: 225 men" under a civilian casualty heading: a count that names no one (or only "men",
    "adults") counts the civilians or the military its sentence, its list's lead or its document's
    heading speaks of, in that order (`spans`, each searched up to its end, the nearest word last).
    A bare figure `after_another` of its sentence took its people from that one already.
    """
    if typing.kind != "casualties" or typing.what != ("people",):
        return typing
    rules = rules_for(language)
    own = lex.people.match_at(text, _skip_spaces(text, figure_end, len(text)))
    if (own is not None and own.text.lower() not in rules.unspecified_people) or (own is None and after_another):
        return typing
    for start, end in spans:
        found = [m for m in lex.people.finditer(text, start, end) if m.key in ("civilians", "military")]
        found += rules.military_context.finditer(text, start, end)  # "Enemy casualties: 1,340 killed"
        if found:
            return typing._replace(what=(max(found, key=lambda m: m.start).key,))
    return typing


class Head(NamedTuple):
    family: str  # people | outcome | structures | territory | force | attacks | materiel | currency | times
    matches: tuple[TermMatch, ...]

    @property
    def end(self) -> int:
        return self.matches[-1].end


def _families(lex: Lexicon) -> list[tuple[str, TermSet]]:
    return [("materiel", lex.materiel), ("attacks", lex.attacks), ("structures", lex.structures),
            ("territory", lex.territory), ("outcome", lex.outcome_nouns), ("people", lex.people),
            ("force", lex.force), ("currency", lex.currencies)]


@lru_cache(maxsize=16)  # one per lexicon and family list: compiled once, not for each figure
def _earliest_of(sets: tuple[TermSet, ...]) -> EarliestOf:
    return EarliestOf(sets)


def find_head(text: str, start: int, limit: int, lex: Lexicon, rules: ClassifyRules,
              families: list[tuple[str, TermSet]] | None = None) -> Head | None:
    """The counted noun(s) right after a figure: the first lexicon term within a few words, with coordinated terms."""
    families = families or _families(lex)
    lead = rules.np_lead.match(text, start, limit)
    pos = lead.end() if lead else start
    if times := rules.times.match(text, pos, limit):
        return Head("times", (TermMatch("times", times.start(), times.end(), "times"),))
    # The counted noun is a few words away: the phrase is read no further than the words it may be among, so that a
    # sentence of thousands of figures ("1 1 1 ...") is not read to its end from each of them.
    reach = min(limit, WORDS_AHEAD.match(text, pos, limit).end() + HEAD_SLACK)  # type: ignore[union-attr]
    stop = rules.np_stop.search(text, pos, reach)
    np_limit = stop.start() if stop else reach
    # A term may run past the stop word that ends the phrase when it starts before it ("commercial and industrial
    # facilities"); the stop is there for the words that follow the counted noun.
    term_limit = min(limit, np_limit + TERM_OVERRUN)
    at = _earliest_of(tuple(terms for _, terms in families)).start(text, pos, term_limit)
    if at is None or at >= np_limit:
        return None
    # Only the families with a term where the earliest one starts can win: the longest there, the first on a tie.
    family, first = "", TermMatch("", at, at, "")
    for name, terms in families:
        m = terms.match_at(text, at, term_limit)
        if m is not None and m.end > first.end:
            family, first = name, m
    if len(text[pos:first.start].split()) > MAX_NP_WORDS_BEFORE_HEAD:
        return None
    matches = [first]
    terms = dict(families)[family]
    end = first.end
    # Later terms of the same family in the phrase ("T-72 tanks", "BM-21 Grad MLRS") or coordinated with it
    # ("cities, towns and villages", "Tanks & ACVs") belong to the same head.
    while True:
        nxt = terms.match_at(text, _skip_spaces(text, end, np_limit))
        if nxt is not None and nxt.end <= limit:
            matches.append(nxt)
            end = nxt.end
            continue
        joint = rules.coordination.match(text, end, limit)
        if joint is None:
            break
        nxt = terms.match_at(text, joint.end())
        if nxt is None or nxt.end > limit:
            break
        matches.append(nxt)
        end = nxt.end
    return Head(family, tuple(matches))


def _predicates_in_clause_before(text: str, seg_start: int, position: int, lex: Lexicon) -> list[TermMatch]:
    """The predicates earlier in the figure's clause, nearest first: what happened when nothing nearer says."""
    start = max(seg_start, position - 80)
    stop = None
    for stop in SENTENCE_STOP.finditer(text, start, position):
        pass
    return list(lex.predicates.finditer(text, stop.end() if stop else start, position))[::-1]


def find_label_head(text: str, start: int, end: int, lex: Lexicon, rules: ClassifyRules) -> Head | None:
    """The counted things of a list item's label: every term of the family named first ("Tanks & ACVs").

    A territory word in a place's name ("Kharkiv region – 73", "the city of Kyiv – 16") counts nothing: the
    figure counts what the list is about."""
    best: tuple[int, str] | None = None
    for family, terms in _families(lex):
        m = terms.first(text, start, end)
        if m is not None and family == "territory" and _names_a_place(text, start, m, lex, rules):
            m = None
        if m is not None and (best is None or m.start < best[0]):
            best = (m.start, family)
    if best is None:
        return None
    family = best[1]
    return Head(family, tuple(dict(_families(lex))[family].finditer(text, start, end)))


def _names_a_place(text: str, label_start: int, term: TermMatch, lex: Lexicon, rules: ClassifyRules) -> bool:
    """ "Kharkiv region", "Donetsk and Luhansk regions", "the city of Kyiv"; not "Liberated villages"."""
    if rules.named_after.match(text, term.end):
        return True
    name = NAMED_BEFORE.search(text, label_start, term.start)
    return name is not None and lex.predicates.match_at(text, name.start()) is None


def column_header(text: str, seg_start: int, position: int) -> tuple[int, int] | None:
    """The span of the header cell above a table cell ("Killed" over "| 338 |"), if the row is a table's.

    The header is the nearest line above made of cells with no digits in them; the cell is the one with as many
    "|" before it on its line as the figure has on its row.
    """
    row_start = text.rfind("\n", 0, position) + 1
    row_start = max(row_start, seg_start)
    column = text.count("|", row_start, position)
    if column == 0:
        return None
    line_end = row_start - 1
    for _ in range(TABLE_REACH):
        if line_end <= 0:
            return None
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end]
        if "|" not in line:
            return None
        if not any(c.isdigit() for c in line):
            bars = [i for i, c in enumerate(line) if c == "|"]
            if len(bars) < column:
                return None
            cell_end = bars[column] if column < len(bars) else len(line)
            return line_start + bars[column - 1] + 1, line_start + cell_end
        line_end = line_start - 1
    return None


def _skip_spaces(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] in " \t\"“”'’«»":
        pos += 1
    return pos


def predicate_before(text: str, seg_start: int, number_start: int, lex: Lexicon, rules: ClassifyRules
                     ) -> TermMatch | None:
    """A predicate that ends just before the figure, with only fillers between ("liberated a total of 25")."""
    window_start = max(seg_start, number_start - 60)
    last = None
    for m in lex.predicates.finditer(text, window_start, number_start):
        last = m
    if last is not None and rules.fillers.match(text[last.end:number_start]):
        return last
    return None


def predicate_after(text: str, start: int, limit: int, lex: Lexicon) -> TermMatch | None:
    """The first predicate after the noun phrase, within the clause."""
    clause_end = min(limit, start + FORWARD_REACH)
    stop = CLAUSE_END.search(text, start, clause_end)
    return lex.predicates.first(text, start, stop.start() if stop else clause_end)


def outcome_of(predicate: TermMatch | None, table: OutcomeTable, lex: Lexicon) -> tuple[str, str] | None:
    """The (kind, outcome) the first class of `table` that `predicate` belongs to gives."""
    if predicate is None:
        return None
    for cls, result in table:
        if lex.predicate_classes[cls].fullmatch(predicate.text):
            return result
    return None


def _people_what(head: Head) -> str:
    keys = {m.key for m in head.matches}
    return next((key for key in PEOPLE_BY_SPECIFICITY if key in keys), "people")


def _written(matches: tuple[TermMatch, ...]) -> tuple[str, ...]:
    """The counted things as the text words them ("private houses", "schools"), each once."""
    seen: list[str] = []
    for m in matches:
        word = re.sub(r"\s+", " ", m.text.lower().strip(" “”\"'"))
        if word not in seen:
            seen.append(word)
    return tuple(seen)


def _keys(matches: tuple[TermMatch, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.key for m in matches))


class Phrase(NamedTuple):
    """What the words right around a figure count: its head noun(s), or the label, column or lead that types it."""

    head: Head | None
    np_end: int
    # "shot down 32 of them": the head is the previous figure's.
    part_of_previous: bool
    # The figure is a list item's or table row's, typed by its label (`label`, the label's span).
    labelled: bool
    label: tuple[int, int] | None
    column: tuple[int, int] | None
    # What a column's header, the list's lead or the words before an inline list's colon say happened.
    heading: TermMatch | None
    # The predicates inside a label, and those of them that say people were harmed ("Manpower (killed) – 5,959").
    label_predicates: tuple[TermMatch, ...]
    label_harm: tuple[TermMatch, ...]
    # "9,900 civilian deaths": who an outcome noun befell, named before it (the head is then the outcome noun).
    befell: str | None


class NotACount:
    """The verdict of a rule that the figure counts nothing of a war."""

    def __repr__(self) -> str:
        return "NOT_A_COUNT"


NOT_A_COUNT = NotACount()
Verdict = Typing | NotACount | None  # None: the rule does not apply, the next one decides


class Figure:
    """One figure being typed: its words, the figure before it, and what the rules read of them, each read once."""

    def __init__(self, text: str, seg_start: int, seg_end: int, mention: NumberMention, lex: Lexicon,
                 rules: ClassifyRules, lead_predicate: TermMatch | None, previous: Typing | None,
                 previous_end: int | None, label: tuple[int, int] | None):
        self.text, self.seg_start, self.seg_end, self.mention = text, seg_start, seg_end, mention
        self.lex, self.rules, self.lead_predicate, self.given_label = lex, rules, lead_predicate, label
        # The figure before counts only when it ends before this one: "20 of 24 drones" contains the 20.
        self.previous = previous if previous_end is not None and previous_end <= mention.start else None
        self.previous_end = previous_end if self.previous is not None else None
        self.any_previous = previous

    @cached_property
    def phrase(self) -> Phrase:
        return _read_phrase(self)

    @property
    def head(self) -> Head | None:
        return self.phrase.head

    @property
    def np_end(self) -> int:
        return self.phrase.np_end

    @cached_property
    def joined(self) -> bool:
        """ "25 villages and 1 city", "52 people, including 5 children": joined to the figure before."""
        return self.previous_end is not None and \
            self.rules.joined_to_previous.match(self.text[self.previous_end:self.mention.start]) is not None

    @cached_property
    def included(self) -> bool:
        """ "9,900 civilian deaths, including 560 children and 300 women": a subset of the figure before."""
        found = self.any_previous is not None and _ends_in_inclusion(self.text, self.seg_start, self.mention.start,
                                                                     self.rules)
        return found or (self.joined and self.previous is not None and self.previous.included)

    @cached_property
    def before(self) -> TermMatch | None:
        return predicate_before(self.text, self.seg_start, self.mention.start, self.lex, self.rules)

    @cached_property
    def after(self) -> TermMatch | None:
        return predicate_after(self.text, max(self.np_end, self.mention.end), self.seg_end, self.lex)

    @cached_property
    def possessed(self) -> bool:
        """ "Armenia has 200 tanks": what a side holds."""
        return self.rules.possession.search(self.text, max(self.seg_start, self.mention.start - 30),
                                            self.mention.start) is not None

    def toll_before(self) -> re.Match[str] | None:
        """ "the death toll among the servicemen has reached", "personnel losses have reached": a count named before
        its figure."""
        return self.rules.toll.search(self.text, max(self.seg_start, self.mention.start - TOLL_REACH),
                                      self.mention.start)

    def army_before(self) -> bool:
        """ "an army of 50,000": a force's strength named before its figure."""
        return self.rules.army_of.search(self.text, max(self.seg_start, self.mention.start - 40),
                                         self.mention.start) is not None

    def like(self, p: Typing) -> Typing:
        """The typing of a figure before, for this figure ("146 civilians ... and 94 on the Azerbaijani side")."""
        return Typing(p.kind, p.outcome, p.what, p.unit, self.np_end, p.predicate)

    @cached_property
    def candidates(self) -> list[TermMatch]:
        """The predicates that may say what happened to the counted head, nearest and most specific first."""
        text, phrase, lex = self.text, self.phrase, self.lex
        adjacent_after = self.after is not None and \
            self.rules.adjacent.fullmatch(text, max(self.np_end, self.mention.end), self.after.start) is not None
        # "130 servicemen killed" after "losses amount to": the predicate right after the phrase says more.
        nearest = (self.after, self.before) if adjacent_after else (self.before, self.after)
        candidates = [p for p in nearest if p is not None]
        if phrase.head is not None and not phrase.part_of_previous and not phrase.labelled and \
                self.mention.end < phrase.head.matches[0].start:
            # "120 of the damaged houses", "the 35 burned tanks": what befell them, said inside the phrase.
            candidates += lex.predicates.finditer(text, self.mention.end, phrase.head.matches[0].start)
        if phrase.column is not None and phrase.heading is not None:
            candidates.insert(0, phrase.heading)
        candidates[0:0] = phrase.label_predicates
        if self.lead_predicate is not None:
            candidates.append(self.lead_predicate)
        colon = text.rfind(":", self.seg_start, self.mention.start)
        if colon >= 0:
            # "The adversary's losses on the fifth day: 11 tanks, 2 helicopters": the words before the colon.
            candidates.extend(lex.predicates.finditer(text, self.seg_start, colon))
        if phrase.labelled:
            # An inline list takes the predicate that introduces it ("the total combat losses ... were: tanks ‒ 3,753").
            candidates.extend(lex.predicates.finditer(text, self.seg_start,
                                                      phrase.label[0] if phrase.label else self.mention.start))
        if (self.joined or self.included) and self.any_previous is not None and self.any_previous.predicate:
            inherited = TermMatch("inherited", self.mention.start, self.mention.start, self.any_previous.predicate)
            # "52 people, including 5 children, and injured 100": the included share the including figure's predicate.
            candidates.insert(0, inherited) if self.included else candidates.append(inherited)
        # "losses ... total 3,154 killed, 124 UAVs": "losses" only when nothing more specific is near (a stable sort).
        candidates.sort(key=lambda p: self.rules.generic_loss.fullmatch(p.text) is not None)
        return candidates

    @cached_property
    def earlier(self) -> list[TermMatch]:
        """The predicates earlier in the clause that are not candidates: "the adversary's losses since September 27
        amount to 6,500 servicemen" (a date stands between)."""
        taken = {candidate.start for candidate in self.candidates}
        return [p for p in _predicates_in_clause_before(self.text, self.seg_start, self.mention.start, self.lex)
                if p.start not in taken]

    def first_outcome(self, table: OutcomeTable, *, reach_back: bool = True) -> tuple[tuple[str, str], str] | None:
        """The outcome the nearest predicate gives, and its words; failing that, with `reach_back`, one earlier in
        the clause."""
        for p in (*self.candidates, *(self.earlier if reach_back else ())):
            result = outcome_of(p, table, self.lex)
            if result:
                return result, p.text
        return None


def _ends_in_inclusion(text: str, start: int, end: int, rules: ClassifyRules) -> bool:
    """Whether text[start:end] ends in a word of inclusion ("including", "of whom"), with spaces or commas after it.

    Searched back from the end over the spaces and commas, then in the few characters before them: a search from
    the segment's start, for each figure of it, would take time growing with the square of a long segment's length.
    """
    stop = end
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] == ","):
        stop -= 1
    return rules.included_in_previous.search(text, max(start, stop - INCLUSION_REACH), end) is not None


def _read_phrase(f: Figure) -> Phrase:
    text, lex, rules, mention, seg_start = f.text, f.lex, f.rules, f.mention, f.seg_start
    head = find_head(text, mention.end, f.seg_end, lex, rules)
    if head is not None and mention.text.lower() in rules.pronoun_numbers and \
            len(text[mention.end:head.matches[0].start].split()) > 2:
        head = None  # "one should recall the provocation": "one" as a pronoun
    part_of_previous = labelled = False
    previous = f.any_previous
    if head is None and previous is not None and previous.head is not None and \
            rules.part_of_previous.match(text, mention.end):
        head, part_of_previous = previous.head, True
    others_end = None
    if head is None and (others := rules.others.match(text, mention.end)) and \
            (previous is None or previous.head is not None or previous.kind in ("casualties", "displacement")):
        # "91 killed, and 236 others were taken to hospital": more of what the figure before counts.
        others_end = others.end()
        if previous is not None and previous.head is not None:
            head = previous.head
        else:
            who = previous.what[0] if previous is not None and previous.what[0] in PEOPLE_BY_SPECIFICITY else "people"
            head = Head("people", (TermMatch(who, others.start(), others_end, text[others.start():others_end]),))
    if head is None and (range_end := rules.range_next.match(text, mention.end)):
        head = find_head(text, range_end.end(), f.seg_end, lex, rules)  # "between 10 and 15 civilians"
    label = f.given_label
    if head is None and label is None and (inline := inline_label_of(text, seg_start, mention.start, rules)):
        label = (seg_start + inline.start("label"), seg_start + inline.end("label"))
    column = column_header(text, seg_start, mention.start) \
        if label is not None or "|" in text[seg_start:mention.start] else None
    if column is not None and label is not None and (bar := text.find("|", label[0], label[1])) >= 0:
        label = (label[0], bar)  # a table row's label is its first cell
    if head is None and label is not None:
        head, labelled = find_label_head(text, label[0], label[1], lex, rules), True
    # "Area | Killed | Injured", "80 civilians killed ... The breakdown is as follows:", "Children killed by region:
    # Kharkiv region – 12": the heading types the figures whose label names no counted thing or only a category.
    colon = text.rfind(":", seg_start, label[0]) if labelled and label else -1
    heading = _heading_predicate(text, column, f.lead_predicate, (seg_start, colon) if colon >= 0 else None, lex,
                                 rules)
    label_predicates = tuple(lex.predicates.finditer(text, label[0], label[1])) if labelled and label else ()
    label_harm = tuple(p for p in label_predicates if outcome_of(p, rules.harm_outcomes, lex))
    if head is not None and head.family in rules.family_outcomes and heading and not label_harm and \
            outcome_of(heading, rules.harm_outcomes, lex) and \
            not outcome_of(heading, rules.family_outcomes[head.family], lex):
        head = None  # "Long-range strikes (shelling, ...) .... 42" under civilians killed: how they died
    elif head is not None and head.family == "people" and _people_what(head) == "people" and \
            (inline := inline_label_of(text, seg_start, mention.start, rules)):
        # "personnel ‒ about 162,560 persons were liquidated": the label says who the generic "persons" are.
        label_people = tuple(lex.people.finditer(text, seg_start + inline.start("label"),
                                                 seg_start + inline.end("label")))
        if label_people:
            head = Head("people", label_people + head.matches)
    np_end = others_end or (mention.end if part_of_previous or labelled or head is None else head.end)
    befell = None
    if head is not None and head.family == "people" and \
            (outcome := lex.outcome_nouns.match_at(text, _skip_spaces(text, head.end, f.seg_end))):
        # "9,900 civilian deaths", "Servicemen killed – 120": the people word says who the outcome befell.
        befell, head = _people_what(head), Head("outcome", (outcome,))
    return Phrase(head, np_end, part_of_previous, labelled, label, column, heading, label_predicates, label_harm,
                  befell)


def inline_label_of(text: str, seg_start: int, position: int, rules: ClassifyRules) -> re.Match[str] | None:
    if not LABEL_END.search(text, max(seg_start, position - 4), position):
        return None  # most figures have no dash or colon before them: skip the costlier search
    return rules.inline_label.search(text[seg_start:position])


def _heading_predicate(text: str, column: tuple[int, int] | None, lead_predicate: TermMatch | None,
                       intro: tuple[int, int] | None, lex: Lexicon, rules: ClassifyRules) -> TermMatch | None:
    """The predicate of a figure's column header, else of its list's lead or inline introduction, unless that
    only says "losses" (of equipment as much as of people)."""
    if column is not None:
        found = lex.predicates.first(text, column[0], column[1])
        if found is not None:
            return found
    if lead_predicate is None and intro is not None:
        for lead_predicate in lex.predicates.finditer(text, intro[0], intro[1]):
            pass
    if lead_predicate is not None and not rules.generic_loss.fullmatch(lead_predicate.text):
        return lead_predicate
    return None


def _people_before(text: str, predicate: TermMatch, lex: Lexicon) -> str:
    """Who a list's lead says the outcome befell: "80 civilians killed", "the deaths of 70 civilians"."""
    found = None
    for found in lex.people.finditer(text, max(0, predicate.start - PEOPLE_REACH), predicate.start):
        pass
    found = found or lex.people.first(text, predicate.end, predicate.end + PEOPLE_REACH)
    return _people_what(Head("people", (found,))) if found is not None else "people"


# The rules, in the order they are tried. The first ones read the figure's neighbours, the next ones a figure with
# no counted noun after it, the last ones the family of its noun.

def increment_of_previous(f: Figure) -> Verdict:
    """ "personnel ‒ about 162,560 (+620)": the count of the figure before, grown by this much since the last report."""
    if f.previous is None or not INCREMENT.fullmatch(f.text, f.previous_end, f.mention.start):
        return None
    return f.previous._replace(np_end=f.mention.end, head=None, thing_start=None, part_of_previous=False,
                   part_of_next=False, included=False, quote_start=f.mention.start - 1, increment=True)


def same_count_in_brackets(f: Figure) -> Verdict:
    """ "338 (328)": the figure before as another report gives it."""
    if f.previous is None or not BRACKETED_AGAIN.fullmatch(f.text, f.previous_end, f.mention.start) or \
            not CLOSING_BRACKET.match(f.text, f.mention.end):
        return None
    return f.previous._replace(np_end=f.mention.end, head=None, thing_start=None, part_of_previous=False,
                   part_of_next=False, included=False, quote_start=f.mention.start - 1)


def units_not_people(f: Figure) -> Verdict:
    """ "the enemy's 2 battalions were destroyed": units, not a count of people or equipment."""
    return NOT_A_COUNT if f.head is None and f.rules.formation.match(f.text, f.mention.end) else None


def army_named_before(f: Figure) -> Verdict:
    """ "a contingent of some 2,000": a force's strength."""
    if f.head is None and f.army_before():
        return Typing("force", "strength", ("troops",), "count", f.np_end, None)
    return None


def high_end_of_range(f: Figure) -> Verdict:
    """ "losses amount to 260-280": the high end of a range counts what its low end counts."""
    if f.head is None and f.previous is not None and f.mention.qualifier == "up_to" and \
            f.rules.range_join.match(f.text, f.previous_end, f.mention.start):
        return f.previous._replace(np_end=f.mention.end, quote_start=None, thing_start=None)
    return None


def toll_named_before(f: Figure) -> Verdict:
    """ "The death toll among the servicemen has reached 532", "the number of injured rose to 80"."""
    if f.head is not None:
        return None
    toll = f.toll_before()
    if toll is None:
        return None
    people = tuple(f.lex.people.finditer(f.text, toll.start(), toll.end("among")))
    what = _people_what(Head("people", people)) if people else "people"
    # A side's personnel "losses" cover its dead and its wounded (lexicon [predicates] kill_or_wound).
    outcome = "killed" if toll.group("killed") else "wounded" if toll.group("wounded") else "killed_or_wounded"
    return Typing("casualties", outcome, (what,), "count", f.np_end, toll.group(0).strip(),
                  thing_start=toll.start(), quote_start=toll.start())


def _bare_predicate(f: Figure) -> TermMatch | None:
    """What types a figure with no counted noun: its column's header, the verb before or after it, its label's."""
    phrase = f.phrase
    return (phrase.heading if phrase.column is not None else None) or f.before or f.after or \
        (phrase.label_harm[0] if phrase.label_harm else None) or (phrase.heading if phrase.labelled else None)


def elided_like_previous(f: Figure) -> Verdict:
    """ "146 civilians were killed on the Armenian side and 94 on the Azerbaijani side": the noun and verb elided."""
    if f.head is None and f.any_previous is not None and _bare_predicate(f) is None and \
            (f.joined or f.rules.ellipsis.search(f.text, f.seg_start, f.mention.start)):
        return f.like(f.any_previous)
    return None


def verb_said_again(f: Figure) -> Verdict:
    """ "Armenia has lost 50 tanks and Azerbaijan has lost 400": the verb said again counts the same thing."""
    p = f.previous
    if f.head is None and p is not None and f.before and p.predicate and \
            f.before.text.lower() == p.predicate.lower() and \
            f.rules.coordinate.search(f.text, f.previous_end, f.before.start):
        return f.like(p)
    return None


def casualty_verb(f: Figure) -> Verdict:
    """A figure with no counted noun counts casualties when a casualty word types it ("killing 13", "injured
    105"), or a capture after people were counted ("killed dozens of them, and 2 were captured"); else nothing."""
    if f.head is not None:
        return None
    predicate = _bare_predicate(f)
    previous = f.any_previous
    counting_people = previous is not None and previous.kind == "casualties"
    # "Over 2.1 million of them are displaced", "40,000 of them fled": a part of people counted before.
    of_people = f.rules.part_of_previous.match(f.text, f.mention.end) is not None
    table = f.rules.people_outcomes if of_people else \
        f.rules.harm_or_capture_outcomes if counting_people else f.rules.harm_outcomes
    result = outcome_of(predicate, table, f.lex)
    if result is None:
        return NOT_A_COUNT
    what: tuple[str, ...] = ("people",)
    if previous is not None and counting_people:
        what = previous.including_what or ("people",) if previous.included else previous.what
    elif predicate is f.phrase.heading and predicate is not None:
        what = (_people_before(f.text, predicate, f.lex),)
    return Typing(result[0], result[1], what, "count", f.np_end, predicate.text if predicate else None)


def value_of_materiel(f: Figure) -> Verdict:
    """ "destroyed military equipment worth 1 billion dollars": the figure is the value of what is named before."""
    if f.head is None or f.head.family != "currency":
        return None
    text, lex, seg_start = f.text, f.lex, f.seg_start
    worth = f.rules.worth.search(text, max(seg_start, f.mention.start - 30), f.mention.start)
    if worth is None:
        return NOT_A_COUNT
    thing = None
    for thing in lex.materiel.finditer(text, max(seg_start, worth.start() - 60), worth.start()):
        pass
    if thing is None:
        return NOT_A_COUNT
    predicate = predicate_before(text, seg_start, thing.start, lex, f.rules) or lex.predicates.first(
        text, max(seg_start, thing.start - 40), thing.start)
    typed = outcome_of(predicate, f.rules.materiel_outcomes, lex)
    if typed is None:
        return NOT_A_COUNT
    return Typing(typed[0], typed[1], (thing.key,), f.head.matches[0].key, f.head.end,
                  predicate.text if predicate else None, thing_start=thing.start)


def outcome_noun(f: Figure) -> Verdict:
    """ "150 wounded", "one victim today among civilians", "26 killed servicemen": a noun that is its own outcome."""
    head = f.head
    if head is None or head.family != "outcome":
        return None
    key = head.matches[0].key
    kind, outcome = ("displacement", "displaced") if key == "displaced" else ("casualties", key)
    if f.phrase.befell is not None:
        return Typing(kind, outcome, (f.phrase.befell,), "count", head.end, head.matches[0].text)
    text, lex = f.text, f.lex
    # Who the victims were is named next to the noun: "civilian casualties", "victims among civilians".
    nearby = lex.people.first(text, f.mention.end, head.matches[0].start)
    end = head.end
    among = f.rules.among.match(text, head.end)
    if nearby is None and among:
        nearby = lex.people.match_at(text, among.end())
    if nearby is None and (copula := f.rules.copula.match(text, head.end)):
        nearby = lex.people.match_at(text, copula.end())  # "six of the injured are minors"
    if nearby is None and (after := lex.people.match_at(text, _skip_spaces(text, head.end, f.seg_end))):
        nearby, end = after, after.end  # "26 killed servicemen": the outcome word before the people it befell
    if nearby is not None:
        what = nearby.key if nearby.key in ("children", "civilians", "military") else "people"
    elif f.any_previous is not None and f.any_previous.kind == "casualties":
        what = f.any_previous.what[0]
    else:
        what = "people"
    return Typing(kind, outcome, (what,), "count", end, head.matches[0].text)


def events_counted_in_times(f: Figure) -> Verdict:
    """ "shelled Tartar 35 times": the verb names what was counted."""
    if f.head is None or f.head.family != "times":
        return None
    strike = f.first_outcome(f.rules.attack_outcomes) or _strike_in_clause_before(f)
    if strike is None:
        return NOT_A_COUNT
    verb = strike[1].lower()
    noun = next((noun for stem, noun in f.rules.verb_nouns if verb.startswith(stem)), "attacks")
    return Typing("attacks", "strikes", (noun,), "count", f.np_end, strike[1])


def _strike_in_clause_before(f: Figure) -> tuple[tuple[str, str], str] | None:
    """ "shelled Tartar 35 times": the verb counted by "times" may stand before its object."""
    for m in _predicates_in_clause_before(f.text, f.seg_start, f.mention.start, f.lex):
        if outcome_of(m, f.rules.attack_outcomes, f.lex):
            return ("attacks", "strikes"), m.text
    return None


def people_harmed(f: Figure) -> Verdict:
    """ "31 civilians were killed", "5,000 people fled": people and what befell them, or a force they make up."""
    head = f.head
    if head is None or head.family != "people":
        return None
    if f.army_before():
        return Typing("force", "strength", ("troops",), "count", f.np_end, None)
    who = _people_what(head)
    if who == "people" and (toll := f.toll_before()) is not None:
        # "Russian personnel losses have reached about 689,040 people": the toll says who the people are.
        named = tuple(f.lex.people.finditer(f.text, toll.start(), toll.end("among")))
        who = _people_what(Head("people", named)) if named else "military" if toll.group("losses") else who
    typed = f.first_outcome(f.rules.fighter_outcomes if who == "military" else f.rules.people_outcomes)
    if typed:
        (kind, outcome), word = typed
        what = who if kind == "casualties" else "children" if who == "children" else "people"
        previous = f.any_previous
        return Typing(kind, outcome, (what,), "count", f.np_end, word, head=head, included=f.included,
                      including_what=() if not f.included or previous is None else
                      previous.including_what if previous.included else previous.what)
    force_head = find_head(f.text, f.mention.end, f.seg_end, f.lex, f.rules, [("force", f.lex.force)])
    return _force(f, force_head) if force_head is not None else NOT_A_COUNT


def force_named(f: Figure) -> Verdict:
    """ "2,000 mercenaries were brought in", "an army numbering 8,000 troops"."""
    if f.head is None or f.head.family != "force":
        return None
    return _force(f, f.head)


def _force(f: Figure, head: Head) -> Verdict:
    keys = _keys(head.matches)
    what = keys[:1] if keys else ("troops",)
    if f.possessed:
        return Typing("force", "strength", what, "count", f.np_end, None)
    typed = f.first_outcome(f.rules.force_outcomes)
    if typed is None:
        # Foreign fighters and mercenaries are counted to say they were brought in.
        if what[0] in ("mercenaries", "fighters"):
            return Typing("force", "deployed", what, "count", f.np_end, None)
        return NOT_A_COUNT
    (kind, outcome), word = typed
    return Typing(kind, outcome, what, "count", f.np_end, word)


def structures_hit(f: Figure) -> Verdict:
    """ "576 houses were destroyed": damage, the things as the text words them."""
    if f.head is None or f.head.family != "structures":
        return None
    typed = f.first_outcome(f.rules.structure_outcomes)
    if typed is None:
        return NOT_A_COUNT
    (kind, outcome), word = typed
    if outcome in ("destroyed", "damaged") and f.after is not None and f.after.text == word and \
            (other := predicate_after(f.text, f.after.end, f.seg_end, f.lex)) is not None and \
            f.rules.alternative.fullmatch(f.text, f.after.end, other.start) and \
            outcome_of(other, f.rules.structure_outcomes, f.lex) == (kind, "damaged" if outcome == "destroyed" else "destroyed"):
        # "2,000 houses lie in ruins or have been damaged": some of the count destroyed, the rest damaged.
        outcome, word = "destroyed_or_damaged", f.text[f.after.start:other.end]
    return Typing(kind, outcome, _written(f.head.matches), "count", f.np_end, word, head=f.head)


def territory_changed_hands(f: Figure) -> Verdict:
    """ "liberated 25 villages": territory taken or lost."""
    if f.head is None or f.head.family != "territory":
        return None
    typed = f.first_outcome(f.rules.territory_outcomes)
    if typed is None:
        return NOT_A_COUNT
    (kind, outcome), word = typed
    return Typing(kind, outcome, _keys(f.head.matches), "count", f.np_end, word)


def attacks_or_weapons_downed(f: Figure) -> Verdict:
    """ "42 artillery attacks", "fired 12 rockets"; "shot down 32 of the drones" counts materiel."""
    head = f.head
    if head is None or head.family != "attacks":
        return None
    strike = f.first_outcome(f.rules.attack_outcomes)
    # "destroyed 3 ballistic missiles", "the enemy lost five attack drones": weapons, materiel lost; "two missile
    # attacks that flattened rows of houses" are events, whatever they destroyed.
    category = f.lex.materiel.first(f.text, head.matches[0].start, head.end)
    event = f.rules.event_noun.search(head.matches[-1].text) is not None
    weapon = category is not None or (not event and f.rules.weapon_noun.search(head.matches[0].text) is not None)
    lost = f.first_outcome(f.rules.materiel_outcomes) if weapon and not strike else None
    if lost:
        (kind, outcome), word = lost
        what = (category.key,) if category is not None else ("other",)  # a munition, not its launcher
        return Typing(kind, outcome, what, "count", f.np_end, word, head=head,
                      part_of_previous=f.phrase.part_of_previous)
    if strike is None and not event:
        return NOT_A_COUNT
    return Typing("attacks", "strikes", _written(head.matches), "count", f.np_end, strike[1] if strike else None,
                  head=head)


def materiel_lost_or_used(f: Figure) -> Verdict:
    """ "destroyed 5 T-72 tanks"; "launched 40 Shahed drones" counts attacks."""
    head = f.head
    if head is None or head.family != "materiel":
        return None
    typed = f.first_outcome(f.rules.materiel_outcomes, reach_back=False)
    # "shot down 20 of 24 drones launched by Russia": a verb next to the figure beats one earlier in the clause.
    strike = None if typed else f.first_outcome(f.rules.attack_outcomes, reach_back=False)
    if typed is None and strike is None:
        typed = f.first_outcome(f.rules.materiel_outcomes)
    if typed is None and strike is None:
        # "Armenia has 200 tanks"; "brought 1,100 peacekeepers and 168 pieces of equipment", "1,960 servicemen, 90
        # BTR-82A armoured personnel carriers and 380 units of equipment": materiel counted with a force is of it.
        keys = _keys(head.matches)
        if f.possessed:
            return Typing("force", "strength", keys, "count", f.np_end, None)
        if f.previous is not None and f.previous.kind == "force" and \
                (f.joined or f.rules.ellipsis.search(f.text, f.previous_end, f.mention.start)):
            return Typing("force", f.previous.outcome, keys, "count", f.np_end, f.previous.predicate)
        return NOT_A_COUNT
    if typed is None:
        # "launched 40 Shahed drones", "fired 4 Smerch rockets": what is sent at a target counts attacks.
        projectiles = find_head(f.text, f.mention.end, f.seg_end, f.lex, f.rules, [("attacks", f.lex.attacks)])
        if projectiles is not None:
            return Typing("attacks", "strikes", _written(projectiles.matches), "count", projectiles.end, strike[1],
                          head=projectiles)
        if set(_keys(head.matches)) <= {"uav", "missile_system"}:
            return Typing("attacks", "strikes", _written(head.matches), "count", f.np_end, strike[1], head=head)
        return NOT_A_COUNT
    (kind, outcome), word = typed
    if f.joined and f.previous is not None and f.previous.kind == "damage" and set(_keys(head.matches)) == {"vehicle"}:
        # "5,800 private properties and 520 vehicles were damaged": vehicles counted with homes are civilian property.
        return Typing("damage", f.previous.outcome, _written(head.matches), "count", f.np_end, word)
    return Typing(kind, outcome, _keys(head.matches), "count", f.np_end, word, head=head,
                  part_of_previous=f.phrase.part_of_previous,
                  part_of_next=f.rules.part_of_next.match(f.text, f.mention.end) is not None)


RULES: tuple[Callable[[Figure], Verdict], ...] = (
    increment_of_previous, same_count_in_brackets,
    units_not_people, army_named_before, high_end_of_range, toll_named_before, elided_like_previous, verb_said_again,
    casualty_verb,
    value_of_materiel, outcome_noun, events_counted_in_times, people_harmed, force_named, structures_hit,
    territory_changed_hands, attacks_or_weapons_downed, materiel_lost_or_used,
)


def classify(text: str, seg_start: int, seg_end: int, mention: NumberMention, lex: Lexicon, *,
             lead_predicate: TermMatch | None = None, previous: Typing | None = None,
             previous_end: int | None = None, label: tuple[int, int] | None = None, language: str = "en"
             ) -> Typing | None:
    """Type one figure, or None when it does not count anything of a war: the verdict of the first rule that has one.

    `lead_predicate` is the predicate of the line that introduces a list ("the following losses");
    `label` is the span of a list item's label ("Tanks & ACVs" in "Tanks & ACVs – 250");
    `previous` is the typing of the figure before it in the same segment, ending at `previous_end`.
    """
    figure = Figure(text, seg_start, seg_end, mention, lex, rules_for(language), lead_predicate, previous,
                    previous_end, label)
    for rule in RULES:
        verdict = rule(figure)
        if verdict is not None:
            return None if verdict is NOT_A_COUNT else verdict  # type: ignore[return-value]
    return None
