"""Typing: what a figure counts (kind, outcome, what) from the words around it.

A figure is typed by two things: the noun phrase it counts ("31 civilians", "five T-72
tanks", "more than 150 times") and the predicate that says what happened to it ("were
killed", "liberated", "hit the city", "the following losses"). The predicate is looked for
right before the figure ("killing 13 civilians", "injured 105"), then after its noun phrase,
skipping coordinated figures ("576 houses and 72 civilian facilities were destroyed");
a figure joined to the previous one ("25 villages and 1 city", "including 12 children")
shares that one's predicate. A figure whose noun is not a conflict count ("5,000 ancient
books", "20 Christian communities") or that has no predicate where one is needed is not a claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from claimledger.lang.lexicon import EarliestOf, Lexicon, TermMatch, TermSet
from claimledger.extract.numbers import RANGE_JOIN, NumberMention

NP_STOP = re.compile(
    r"[,;:.!?()\[\]\n–—|]|\b(?:were|was|have|has|had|are|is|be|been|being|in|on|at|from|by|to|with|for|during|since|"
    r"after|before|and|or|that|which|who|whom|whose|while|when|as|than|into|across|near|along|under|against|per|"
    r"should|would|could|can|will|may|might|must|shall|do|does|did|not|also|only|there|it|they|we|he|she)\b",
    re.IGNORECASE,
)
NP_LEAD = re.compile(r"""\s*(?:of\s+)?(?:the\s+)?["“”‘’«»']?""", re.IGNORECASE)
COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*|\s+as\s+well\s+as\s+)(?:other\s+)?")
JOINED_TO_PREVIOUS = re.compile(
    r"^[\s,]*(?:(?:and|or|&|including|of\s+whom|of\s+them|among\s+them|as\s+well\s+as|plus|with)\b[\s,]*)*$",
    re.IGNORECASE,
)
INCLUDED_IN_PREVIOUS = re.compile(r"\b(?:including|of\s+whom|among\s+them|incl\.)[\s,]*$", re.IGNORECASE)
PART_OF_NEXT = re.compile(r"\s+of\s+(?:the\s+)?\d")
PART_OF_PREVIOUS = re.compile(r"\s+of\s+(?:them|which|these|those)\b", re.IGNORECASE)
RANGE_NEXT = re.compile(r"\s*(?:and|to|-|–)\s*(?:about\s+|around\s+)?\d[\d,.]*\+?", re.IGNORECASE)
# "tanks ‒ 3,753", "Personnel: 2,300": a figure after the label it counts.
INLINE_LABEL = re.compile(r"(?:^|[,:;(]|\band\b)\s*(?P<label>[^,:;()\n]{2,60}?)\s*(?:[‒–—-]|:)\s*$")
INCREMENT = re.compile(r"\s*\(\s*\+")
# "338 (328)": the same count in another report (the previous update, another source), in brackets after it.
BRACKETED_AGAIN = re.compile(r"\s*\(\s*")
CLOSING_BRACKET = re.compile(r"\s*\)")
# "Kyiv region", "Donetsk and Luhansk regions", "the city of Kyiv": a place's name, not a count of regions.
NAMED_BEFORE = re.compile(r"(?-i:[A-Z][\w’'\-]+)\s+$")
NAMED_AFTER = re.compile(r"\s+of\s+(?-i:[A-Z])")
LABEL_END = re.compile(r"(?:[‒–—-]|:)\s*$")


def inline_label(text: str, seg_start: int, position: int) -> re.Match[str] | None:
    """The label before a figure in "tanks ‒ 3,753" (match offsets relative to `seg_start`), if there is one."""
    if not LABEL_END.search(text, max(seg_start, position - 4), position):
        return None  # most figures have no dash or colon before them: skip the costlier search
    return INLINE_LABEL.search(text[seg_start:position])


# "losses", "lost": said of everything a side lost, so any more specific predicate nearby wins.
GENERIC_LOSS = re.compile(r"loss(?:es)?|lost|loses?|losing", re.IGNORECASE)
FILLERS = re.compile(
    # "of those killed (1,232)": a figure in brackets after the word that says what it counts.
    r"^(?:\s|[:–—(-]|\b(?:a\s+total\s+of|total\s+of|in\s+total|the|another|only|just|all|also|altogether|them|of|"
    r"amounted\s+to|amount\s+to|totall?ed|stood\s+at|stand\s+at|reached|were|was|are|is|at|constituted|comprised|"
    r"as\s+many\s+as)\b)*$",
    re.IGNORECASE,
)
AMONG = re.compile(r"(?:\s+\w+)?\s+(?:among|of)\s+(?:the\s+|its\s+|their\s+)?", re.IGNORECASE)
ADJACENT = re.compile(r"\s*(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got|reportedly|also)\s+)*",
                      re.IGNORECASE)
ELLIPSIS = re.compile(r"(?:,|\band|\bwhile|\bwhereas)\s*$", re.IGNORECASE)
COORDINATE = re.compile(r",|\b(?:and|while|whereas|but)\b", re.IGNORECASE)
# "The death toll among the servicemen of the Defence Army has reached 532", "the number of injured rose to 80",
# "the toll since 7 October rises to 326", "raising the number of soldiers killed since 7 October to 326", "the
# adversary's manpower losses amount to 260": a count named before its figure, with who it counts in between. The
# toll's growth verb stands for its noun ("Gaza death toll climbs to 14,128").
TOLL = re.compile(
    # The class of the first letters first: the engine then skips every other position at once.
    r"(?=[bdmnprt])\b(?P<raise>(?:raising|bringing|taking|pushing)\s+(?:the\s+)?)?"
    r"(?:(?P<killed>(?:death\s+)?toll|number\s+of\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:dead|deaths|fatalities|victims|killed))|"
    r"(?P<wounded>number\s+of\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:wounded|injured|injuries))|"
    r"(?P<losses>(?:manpower|personnel)\s+losses))"
    r"(?P<among>(?:\s+(?!has\b|have\b|had\b|is\b|was\b|now\b)[\w\-’']+){0,16}?)"
    r"(?(raise)\s+to|\s+(?:has\s+|have\s+|had\s+)?(?:not\s+changed\s+and\s+)?(?:now\s+|already\s+)?"
    r"(?:risen|rises|rose|reached|reaches|climbed|climbs|increased|increases|grown|grew|grows|jumped|jumps|stood|"
    r"stands|is|was|amounts?|amounted|totals?|totall?ed|came)(?:\s+to|\s+at)?)\s*$",
    re.IGNORECASE,
)
TOLL_REACH = 170
# A clause ends at a full stop, a semicolon, and at the edge of a table cell.
CLAUSE_END = re.compile(r"[;!?|]|\.(?:\s|$)")
TABLE_REACH = 40  # lines a table's header may stand above a row
PEOPLE_REACH = 40
TERM_OVERRUN = 40
FORMATION = re.compile(r"\s+(?:[\w\-]+\s+)?(?:battalions?|brigades?|regiments?|platoons?|divisions?|squads?|"
                       r"detachments?|formations?|battalion\s+tactical\s+groups?|BTGs?)\b", re.IGNORECASE)
ARMY_OF = re.compile(
    r"\b(?:army|armed\s+forces|forces?|troops|contingent|grouping|group|corps|militia)\s+(?:of\s+)?"
    r"(?:about\s+|around\s+|some\s+|more\s+than\s+|over\s+|at\s+least\s+|up\s+to\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)
WORTH = re.compile(r"\bworth\s+(?:of\s+)?(?:about\s+|around\s+|over\s+|more\s+than\s+|nearly\s+|some\s+)?$", re.IGNORECASE)
TIMES = re.compile(r"\s*times\b", re.IGNORECASE)
MAX_NP_WORDS_BEFORE_HEAD = 4
FORWARD_REACH = 400
POSSESSION = re.compile(r"\b(?:has|have|had|possess(?:es)?|numbers?|numbering)\s+(?:an?\s+|some\s+)?$", re.IGNORECASE)

# What a counted "N times" was, named after the verb that counts it.
VERB_NOUNS = {
    "shell": "shelling", "fire": "firing", "fired": "firing", "attack": "attacks", "violat": "ceasefire violations",
    "hit": "strikes", "struck": "strikes", "strike": "strikes", "bomb": "bombings", "launch": "launches",
    "target": "attacks",
}

# For each kind of counted thing, the predicate classes it accepts, in order of preference, and the
# (kind, outcome) each gives.
OUTCOMES_FOR_PEOPLE = [
    ("kill_or_wound", ("casualties", "killed_or_wounded")), ("wound", ("casualties", "wounded")),
    ("kill", ("casualties", "killed")), ("missing", ("casualties", "missing")),
    ("capture", ("casualties", "captured")), ("displace", ("displacement", "displaced")),
]
OUTCOMES_FOR_STRUCTURES = [
    ("destroy_or_damage", ("damage", "destroyed_or_damaged")), ("destroy", ("damage", "destroyed")),
    ("damage", ("damage", "damaged")),
]
OUTCOMES_FOR_MATERIEL = [
    ("destroy_or_disable", ("materiel", "destroyed_or_disabled")), ("destroy", ("materiel", "destroyed")),
    ("capture", ("materiel", "captured")), ("disable", ("materiel", "disabled")), ("lose", ("materiel", "lost")),
]
OUTCOMES_FOR_TERRITORY = [
    ("lose_ground", ("territory", "lost")), ("take", ("territory", "taken")), ("lose", ("territory", "lost")),
]
OUTCOMES_FOR_FORCE = [("deploy", ("force", "deployed")), ("strength", ("force", "strength"))]
OUTCOMES_FOR_ATTACKS = [("strike", ("attacks", "strikes"))]
# What a label's counted thing can have had happen to it, by the family of its words.
FAMILY_OUTCOMES = {"attacks": OUTCOMES_FOR_ATTACKS + OUTCOMES_FOR_MATERIEL[:4], "structures": OUTCOMES_FOR_STRUCTURES,
                   "territory": OUTCOMES_FOR_TERRITORY, "materiel": OUTCOMES_FOR_MATERIEL}


@dataclass(frozen=True, slots=True)
class Typing:
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
UNSPECIFIED_PEOPLE = frozenset({"men", "adults", "persons", "individuals"})


def who_in_context(text: str, typing: Typing, figure_end: int, spans: Sequence[tuple[int, int]], lex: Lexicon, *,
                   after_another: bool) -> Typing:
    """A casualty count of unspecified people typed by who its context says they were.

    "1,340 killed" after "manpower losses:", "Women account for 3,920 of those killed", "Of those
    injured: 225 men" under a civilian casualty heading: a count that names no one (or only "men",
    "adults") counts the civilians or the military its sentence, its list's lead or its document's
    heading speaks of, in that order (`spans`, each searched up to its end, the nearest word last).
    A bare figure `after_another` of its sentence took its people from that one already.
    """
    if typing.kind != "casualties" or typing.what != ("people",):
        return typing
    own = lex.people.match_at(text, _skip_spaces(text, figure_end, len(text)))
    if (own is not None and own.text.lower() not in UNSPECIFIED_PEOPLE) or (own is None and after_another):
        return typing
    for start, end in spans:
        found = [m.key for m in lex.people.finditer(text, start, end) if m.key in ("civilians", "military")]
        if found:
            return replace(typing, what=(found[-1],))
    return typing


@dataclass(frozen=True, slots=True)
class Head:
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


def find_head(text: str, start: int, limit: int, lex: Lexicon,
              families: list[tuple[str, TermSet]] | None = None) -> Head | None:
    """The counted noun(s) right after a figure: the first lexicon term within a few words, with coordinated terms."""
    families = families or _families(lex)
    lead = NP_LEAD.match(text, start, limit)
    pos = lead.end() if lead else start
    if TIMES.match(text, pos, limit):
        m = TIMES.match(text, pos, limit)
        assert m is not None
        return Head("times", (TermMatch("times", m.start(), m.end(), "times"),))
    stop = NP_STOP.search(text, pos, limit)
    np_limit = stop.start() if stop else limit
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
        joint = COORDINATION.match(text, end, limit)
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
    for stop in re.finditer(r"[.;!?]", text[start:position]):
        pass
    return list(lex.predicates.finditer(text, start + stop.end() if stop else start, position))[::-1]


def _strike_in_clause_before(text: str, seg_start: int, position: int,
                             lex: Lexicon) -> tuple[tuple[str, str], str] | None:
    """ "shelled Tartar 35 times": the verb counted by "times" may stand before its object."""
    for m in _predicates_in_clause_before(text, seg_start, position, lex):
        if outcome_of(m, OUTCOMES_FOR_ATTACKS, lex):
            return ("attacks", "strikes"), m.text
    return None


def find_label_head(text: str, start: int, end: int, lex: Lexicon) -> Head | None:
    """The counted things of a list item's label: every term of the family named first ("Tanks & ACVs").

    A territory word in a place's name ("Kharkiv region – 73", "the city of Kyiv – 16") counts nothing: the
    figure counts what the list is about."""
    best: tuple[int, str] | None = None
    for family, terms in _families(lex):
        m = terms.first(text, start, end)
        if m is not None and family == "territory" and _names_a_place(text, start, m, lex):
            m = None
        if m is not None and (best is None or m.start < best[0]):
            best = (m.start, family)
    if best is None:
        return None
    family = best[1]
    return Head(family, tuple(dict(_families(lex))[family].finditer(text, start, end)))


def _names_a_place(text: str, label_start: int, term: TermMatch, lex: Lexicon) -> bool:
    """ "Kharkiv region", "Donetsk and Luhansk regions", "the city of Kyiv"; not "Liberated villages"."""
    if NAMED_AFTER.match(text, term.end):
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


def _heading_predicate(text: str, column: tuple[int, int] | None, lead_predicate: TermMatch | None,
                       intro: tuple[int, int] | None, lex: Lexicon) -> TermMatch | None:
    """The predicate of a figure's column header, else of its list's lead or inline introduction, unless that
    only says "losses" (of equipment as much as of people)."""
    if column is not None:
        found = lex.predicates.first(text, column[0], column[1])
        if found is not None:
            return found
    if lead_predicate is None and intro is not None:
        for lead_predicate in lex.predicates.finditer(text, intro[0], intro[1]):
            pass
    if lead_predicate is not None and not GENERIC_LOSS.fullmatch(lead_predicate.text):
        return lead_predicate
    return None


def _people_before(text: str, predicate: TermMatch, lex: Lexicon) -> str:
    """Who a list's lead says the outcome befell: "80 civilians killed", "the deaths of 70 civilians"."""
    found = None
    for found in lex.people.finditer(text, max(0, predicate.start - PEOPLE_REACH), predicate.start):
        pass
    found = found or lex.people.first(text, predicate.end, predicate.end + PEOPLE_REACH)
    return _people_what(Head("people", (found,))) if found is not None else "people"


def _skip_spaces(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] in " \t\"“”'’«»":
        pos += 1
    return pos


def predicate_before(text: str, seg_start: int, number_start: int, lex: Lexicon) -> TermMatch | None:
    """A predicate that ends just before the figure, with only fillers between ("liberated a total of 25")."""
    window_start = max(seg_start, number_start - 60)
    last = None
    for m in lex.predicates.finditer(text, window_start, number_start):
        last = m
    if last is not None and FILLERS.match(text[last.end:number_start]):
        return last
    return None


def predicate_after(text: str, start: int, limit: int, lex: Lexicon) -> TermMatch | None:
    """The first predicate after the noun phrase, within the clause."""
    clause_end = min(limit, start + FORWARD_REACH)
    stop = CLAUSE_END.search(text, start, clause_end)
    return lex.predicates.first(text, start, stop.start() if stop else clause_end)


def outcome_of(predicate: TermMatch | None, table: list[tuple[str, tuple[str, str]]], lex: Lexicon) -> tuple[str, str] | None:
    if predicate is None:
        return None
    for cls, result in table:
        if lex.predicate_classes[cls].fullmatch(predicate.text):
            return result
    return None


def _people_what(head: Head) -> str:
    keys = {m.key for m in head.matches}
    for key in ("children", "civilians", "military", "people"):
        if key in keys:
            return key
    return "people"


def _words(matches: tuple[TermMatch, ...]) -> tuple[str, ...]:
    seen: list[str] = []
    for m in matches:
        word = re.sub(r"\s+", " ", m.text.lower().strip(" “”\"'"))
        if word not in seen:
            seen.append(word)
    return tuple(seen)


def _keys(matches: tuple[TermMatch, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.key for m in matches))


def classify(text: str, seg_start: int, seg_end: int, mention: NumberMention, lex: Lexicon, *,
             lead_predicate: TermMatch | None = None, previous: Typing | None = None,
             previous_end: int | None = None, label: tuple[int, int] | None = None) -> Typing | None:
    """Type one figure, or None when it does not count anything of a war.

    `lead_predicate` is the predicate of the line that introduces a list ("the following losses");
    `label` is the span of a list item's label ("Tanks & ACVs" in "Tanks & ACVs – 250");
    `previous` is the typing of the figure before it in the same segment, ending at `previous_end`.
    """
    if previous is not None and previous_end is not None and previous_end <= mention.start and \
            INCREMENT.fullmatch(text, previous_end, mention.start):
        # "personnel ‒ about 162,560 (+620)": the count of the figure before, grown by this much since the last report.
        return replace(previous, np_end=mention.end, head=None, thing_start=None, part_of_previous=False,
                       part_of_next=False, included=False, quote_start=mention.start - 1, increment=True)
    if previous is not None and previous_end is not None and previous_end <= mention.start and \
            BRACKETED_AGAIN.fullmatch(text, previous_end, mention.start) and CLOSING_BRACKET.match(text, mention.end):
        return replace(previous, np_end=mention.end, head=None, thing_start=None, part_of_previous=False,
                       part_of_next=False, included=False, quote_start=mention.start - 1)
    head = find_head(text, mention.end, seg_end, lex)
    if head is not None and mention.text.lower() == "one" and len(text[mention.end:head.matches[0].start].split()) > 2:
        head = None  # "one should recall the provocation": "one" as a pronoun
    part_of_previous = False
    labelled = False
    if head is None and previous is not None and previous.head is not None and PART_OF_PREVIOUS.match(text, mention.end):
        head, part_of_previous = previous.head, True
    if head is None and (range_end := RANGE_NEXT.match(text, mention.end)):
        head = find_head(text, range_end.end(), seg_end, lex)  # "between 10 and 15 civilians"
    if head is None and label is None and (inline := inline_label(text, seg_start, mention.start)):
        label = (seg_start + inline.start("label"), seg_start + inline.end("label"))
    column = column_header(text, seg_start, mention.start) if label is not None or "|" in text[seg_start:mention.start] \
        else None
    if column is not None and label is not None and (bar := text.find("|", label[0], label[1])) >= 0:
        label = (label[0], bar)  # a table row's label is its first cell
    if head is None and label is not None:
        head, labelled = find_label_head(text, label[0], label[1], lex), True
    # What a column's header, the list's lead or the words before an inline list's colon say happened ("Area |
    # Killed | Injured", "80 civilians killed ... The breakdown is as follows:", "Children killed by region: Kharkiv
    # region – 12") types the figures whose label names no counted thing or only a category.
    colon = text.rfind(":", seg_start, label[0]) if labelled and label else -1
    heading = _heading_predicate(text, column, lead_predicate, (seg_start, colon) if colon >= 0 else None, lex)
    # The predicates inside a label are its own words on what happened ("Manpower (killed) – 5,959").
    label_predicates = list(lex.predicates.finditer(text, label[0], label[1])) if labelled and label else []
    label_harm = [p for p in label_predicates if outcome_of(p, OUTCOMES_FOR_PEOPLE[:4], lex)]
    if head is not None and head.family in FAMILY_OUTCOMES and heading and not label_harm and \
            outcome_of(heading, OUTCOMES_FOR_PEOPLE[:4], lex) and not outcome_of(heading, FAMILY_OUTCOMES[head.family], lex):
        head = None  # "Long-range strikes (shelling, ...) .... 42" under civilians killed: how they died
    elif head is not None and head.family == "people" and _people_what(head) == "people" and \
            (inline := inline_label(text, seg_start, mention.start)):
        # "personnel ‒ about 162,560 persons were liquidated": the label says who the generic "persons" are.
        label_people = tuple(lex.people.finditer(text, seg_start + inline.start("label"), seg_start + inline.end("label")))
        if label_people:
            head = Head("people", label_people + head.matches)
    np_end = mention.end if part_of_previous or labelled or head is None else head.end
    # A previous phrase reaching past this figure ("20 of 24 drones") contains it; it does not precede it.
    joined = previous is not None and previous_end is not None and previous_end <= mention.start and \
        JOINED_TO_PREVIOUS.match(text[previous_end:mention.start]) is not None
    # "9,900 civilian deaths in Ukraine, including 560 children": a subset of the figure before it.
    included = previous is not None and INCLUDED_IN_PREVIOUS.search(text, seg_start, mention.start) is not None
    # "including 4,506 children and 3,027 women": the second of an included list is included as well.
    included = included or (joined and previous is not None and previous.included)
    if head is None and FORMATION.match(text, mention.end):
        return None  # "the enemy's 2 battalions were destroyed": units, not a count of people or equipment
    if head is None and ARMY_OF.search(text, max(seg_start, mention.start - 40), mention.start):
        return Typing("force", "strength", ("troops",), "count", np_end, None)
    if head is None and previous is not None and previous_end is not None and mention.qualifier == "up_to" and \
            previous_end <= mention.start and RANGE_JOIN.match(text, previous_end, mention.start):
        # "losses amount to 260-280": the high end of a range counts what its low end counts.
        return replace(previous, np_end=mention.end, quote_start=None, thing_start=None)
    if head is None and (toll := TOLL.search(text, max(seg_start, mention.start - TOLL_REACH), mention.start)):
        people = tuple(lex.people.finditer(text, toll.start(), toll.end("among")))
        what = _people_what(Head("people", people)) if people else "people"
        # A side's personnel "losses" cover its dead and its wounded (lexicon [predicates] kill_or_wound).
        outcome = "killed" if toll.group("killed") else "wounded" if toll.group("wounded") else "killed_or_wounded"
        return Typing("casualties", outcome, (what,), "count", np_end, toll.group(0).strip(),
                      thing_start=toll.start(), quote_start=toll.start())
    if head is None:
        before = predicate_before(text, seg_start, mention.start, lex)
        after = predicate_after(text, mention.end, seg_end, lex)
        predicate = (heading if column is not None else None) or before or after or \
            (label_harm[0] if label_harm else None) or (heading if labelled else None)
        if previous and predicate is None and (joined or ELLIPSIS.search(text, seg_start, mention.start)):
            # "146 civilians were killed on the Armenian side and 94 on the Azerbaijani side"
            return Typing(previous.kind, previous.outcome, previous.what, previous.unit, np_end, previous.predicate)
        if previous and before and previous.predicate and before.text.lower() == previous.predicate.lower() and \
                previous_end is not None and COORDINATE.search(text, previous_end, before.start):
            # "Armenia has lost 50 tanks and Azerbaijan has lost 400": the verb said again counts the same thing.
            return Typing(previous.kind, previous.outcome, previous.what, previous.unit, np_end, previous.predicate)
        # A bare figure is a casualty count only when a casualty word types it ("killing 13", "injured 105"), or
        # a capture after people were counted ("killed dozens of them, and 2 were captured").
        counting_people = previous is not None and previous.kind == "casualties"
        result = outcome_of(predicate, OUTCOMES_FOR_PEOPLE[:5 if counting_people else 4], lex)
        if result is None:
            return None
        what = ("people",)
        if previous and previous.kind == "casualties":
            what = previous.including_what or ("people",) if previous.included else previous.what
        elif predicate is heading and heading is not None:
            what = (_people_before(text, heading, lex),)
        return Typing(result[0], result[1], what, "count", np_end, predicate.text if predicate else None)

    who: str | None = None
    if head.family == "people" and (outcome := lex.outcome_nouns.match_at(text, _skip_spaces(text, head.end, seg_end))):
        # "9,900 civilian deaths", "Servicemen killed – 120": the people word says who the outcome befell.
        who, head = _people_what(head), Head("outcome", (outcome,))
    if head.family == "currency":
        return _money(text, seg_start, mention, head, lex)
    if head.family == "outcome":
        return _outcome_noun(text, mention, head, lex, previous, seg_end, who)

    before = predicate_before(text, seg_start, mention.start, lex)
    after = predicate_after(text, max(np_end, mention.end), seg_end, lex)
    # "130 servicemen killed" after "losses amount to": the predicate right after the phrase says more.
    adjacent_after = after is not None and ADJACENT.fullmatch(text, max(np_end, mention.end), after.start) is not None
    candidates = [p for p in ((after, before) if adjacent_after else (before, after)) if p is not None]
    if column is not None and heading is not None:
        candidates.insert(0, heading)
    candidates[0:0] = label_predicates
    if lead_predicate is not None:
        candidates.append(lead_predicate)
    colon = text.rfind(":", seg_start, mention.start)
    if colon >= 0:
        # "The adversary's losses on the fifth day: 11 tanks, 2 helicopters" - the words before the colon type the list.
        candidates.extend(lex.predicates.finditer(text, seg_start, colon))
    if labelled:
        # An inline list takes the predicate that introduces it ("the total combat losses ... were: tanks ‒ 3,753").
        candidates.extend(lex.predicates.finditer(text, seg_start, label[0] if label else mention.start))
    # "the adversary's losses since September 27 amount to 6,500 servicemen": a date stands between;
    # "losses ... total 3,154 killed, 124 UAVs": the UAVs were not killed, they are among the losses.
    earlier: list[TermMatch] | None = None  # found only when the nearer predicates say nothing
    if (joined or included) and previous is not None and previous.predicate:
        inherited = TermMatch("inherited", mention.start, mention.start, previous.predicate)
        # "52 people, including 5 children, and injured 100": the included share the including figure's predicate.
        candidates.insert(0, inherited) if included else candidates.append(inherited)

    candidates.sort(key=lambda p: GENERIC_LOSS.fullmatch(p.text) is not None)  # stable: order kept otherwise

    def first_outcome(table: list[tuple[str, tuple[str, str]]], *, reach_back: bool = True
                      ) -> tuple[tuple[str, str], str] | None:
        """The outcome the nearest predicate gives; failing that, with `reach_back`, one earlier in the clause."""
        nonlocal earlier
        for p in candidates:
            result = outcome_of(p, table, lex)
            if result:
                return result, p.text
        if not reach_back:
            return None
        if earlier is None:
            taken = {candidate.start for candidate in candidates}
            earlier = [p for p in _predicates_in_clause_before(text, seg_start, mention.start, lex)
                       if p.start not in taken]
        for p in earlier:
            result = outcome_of(p, table, lex)
            if result:
                return result, p.text
        return None

    family = head.family
    if family == "times":
        strike = first_outcome(OUTCOMES_FOR_ATTACKS) or _strike_in_clause_before(text, seg_start, mention.start, lex)
        if strike is None:
            return None
        stem = next((noun for verb, noun in VERB_NOUNS.items() if strike[1].lower().startswith(verb)), "attacks")
        return Typing("attacks", "strikes", (stem,), "count", np_end, strike[1])
    possessed = POSSESSION.search(text, max(seg_start, mention.start - 30), mention.start)
    if family == "people":
        if ARMY_OF.search(text, max(seg_start, mention.start - 40), mention.start):
            return Typing("force", "strength", ("troops",), "count", np_end, None)
        typed = first_outcome(OUTCOMES_FOR_PEOPLE)
        if typed:
            (kind, outcome), word = typed
            what = _people_what(head) if kind == "casualties" else (
                "children" if _people_what(head) == "children" else "people")
            return Typing(kind, outcome, (what,), "count", np_end, word, included=included,
                          including_what=() if not included or previous is None else
                          previous.including_what if previous.included else previous.what)
        force_head = find_head(text, mention.end, seg_end, lex, [("force", lex.force)])
        if force_head is not None:
            return _force(force_head, first_outcome(OUTCOMES_FOR_FORCE), np_end, possessed is not None)
        return None
    if family == "force":
        return _force(head, first_outcome(OUTCOMES_FOR_FORCE), np_end, possessed is not None)
    if family == "structures":
        typed = first_outcome(OUTCOMES_FOR_STRUCTURES)
        if typed is None:
            return None
        (kind, outcome), word = typed
        return Typing(kind, outcome, _words(head.matches), "count", np_end, word)
    if family == "territory":
        typed = first_outcome(OUTCOMES_FOR_TERRITORY)
        if typed is None:
            return None
        (kind, outcome), word = typed
        return Typing(kind, outcome, _keys(head.matches), "count", np_end, word)
    if family == "attacks":
        destroyed = first_outcome(OUTCOMES_FOR_MATERIEL[:4])
        strike = first_outcome(OUTCOMES_FOR_ATTACKS)
        if destroyed and not strike:
            # "shot down 32 of the drones", "destroyed 3 ballistic missiles": the weapons are materiel lost.
            category = lex.materiel.first(text, head.matches[0].start, head.end)
            if category is not None or re.search(r"missile|rocket", head.matches[0].text, re.I):
                (kind, outcome), word = destroyed
                what = (category.key,) if category is not None else ("missile_system",)
                return Typing(kind, outcome, what, "count", np_end, word, head=head, part_of_previous=part_of_previous)
        event_noun = re.search(r"attack|strike|shelling|bombard|bombing|raid|assault|offensive|violation|provocation|incident",
                               head.matches[-1].text, re.I)
        if strike is None and not event_noun:
            return None
        return Typing("attacks", "strikes", _words(head.matches), "count", np_end, strike[1] if strike else None,
                      head=head)
    # materiel
    typed = first_outcome(OUTCOMES_FOR_MATERIEL, reach_back=False)
    # "shot down 20 of 24 drones launched by Russia": a verb next to the figure beats one earlier in the clause.
    strike = None if typed else first_outcome(OUTCOMES_FOR_ATTACKS, reach_back=False)
    if typed is None and strike is None:
        typed = first_outcome(OUTCOMES_FOR_MATERIEL)
    if typed is None:
        if strike is None:
            return None
        # "launched 40 Shahed drones", "fired 4 Smerch rockets": what is sent at a target counts attacks.
        projectiles = find_head(text, mention.end, seg_end, lex, [("attacks", lex.attacks)])
        if projectiles is not None:
            return Typing("attacks", "strikes", _words(projectiles.matches), "count", projectiles.end, strike[1],
                          head=projectiles)
        if set(_keys(head.matches)) <= {"uav", "missile_system"}:
            return Typing("attacks", "strikes", _words(head.matches), "count", np_end, strike[1], head=head)
        return None
    (kind, outcome), word = typed
    if joined and previous is not None and previous.kind == "damage" and set(_keys(head.matches)) == {"vehicle"}:
        # "5,800 private properties and 520 vehicles were damaged": vehicles counted with homes are civilian property.
        return Typing("damage", previous.outcome, _words(head.matches), "count", np_end, word)
    return Typing(kind, outcome, _keys(head.matches), "count", np_end, word, head=head,
                  part_of_previous=part_of_previous, part_of_next=PART_OF_NEXT.match(text, mention.end) is not None)


def _force(head: Head, typed: tuple[tuple[str, str], str] | None, np_end: int, possessed: bool) -> Typing | None:
    keys = _keys(head.matches)
    what = keys[:1] if keys else ("troops",)
    if possessed:
        return Typing("force", "strength", what, "count", np_end, None)
    if typed is None:
        # Foreign fighters and mercenaries are counted to say they were brought in.
        if what[0] in ("mercenaries", "fighters"):
            return Typing("force", "deployed", what, "count", np_end, None)
        return None
    (kind, outcome), word = typed
    return Typing(kind, outcome, what, "count", np_end, word)


def _outcome_noun(text: str, mention: NumberMention, head: Head, lex: Lexicon, previous: Typing | None,
                  seg_end: int, who: str | None = None) -> Typing:
    key = head.matches[0].key
    kind, outcome = ("displacement", "displaced") if key == "displaced" else ("casualties", key)
    if who is not None:
        return Typing(kind, outcome, (who,), "count", head.end, head.matches[0].text)
    # "civilian casualties", "one victim today among civilians": who the victims were is named next to the noun.
    nearby = lex.people.first(text, mention.end, head.matches[0].start)
    end = head.end
    among = AMONG.match(text, head.end)
    if nearby is None and among:
        nearby = lex.people.match_at(text, among.end())
    if nearby is None and (after := lex.people.match_at(text, _skip_spaces(text, head.end, seg_end))):
        # "26 killed servicemen": the outcome word stands before the people it befell.
        nearby, end = after, after.end
    if nearby is not None:
        what = nearby.key if nearby.key in ("children", "civilians", "military") else "people"
    elif previous is not None and previous.kind == "casualties":
        what = previous.what[0]
    else:
        what = "people"
    return Typing(kind, outcome, (what,), "count", end, head.matches[0].text)


def _money(text: str, seg_start: int, mention: NumberMention, head: Head, lex: Lexicon) -> Typing | None:
    """ "destroyed military equipment worth 1 billion dollars": the figure is the value of what is named before it."""
    worth = WORTH.search(text, max(seg_start, mention.start - 30), mention.start)
    if worth is None:
        return None
    window_start = max(seg_start, worth.start() - 60)
    thing = None
    for m in lex.materiel.finditer(text, window_start, worth.start()):
        thing = m
    if thing is None:
        return None
    predicate = predicate_before(text, seg_start, thing.start, lex) or lex.predicates.first(
        text, max(seg_start, thing.start - 40), thing.start)
    typed = outcome_of(predicate, OUTCOMES_FOR_MATERIEL, lex)
    if typed is None:
        return None
    return Typing(typed[0], typed[1], (thing.key,), head.matches[0].key, head.end, predicate.text if predicate else None,
                  thing_start=thing.start)
