"""Places: where a figure happened, as the text names it.

Three sources of names: the profile's places (each with every side's name and the common
transliterations, so "Tartar", "Terter" and "Tərtər" are one place), country names after a
locative word ("from Iraq", "in Syria"), and any capitalised name the text itself calls a
place ("the city of X", "X district", "Y villages"). Names of the warring sides count as
places only when the text locates something in them ("in Armenia"), not when it names an
actor ("Armenia fired"). Lists of named places that were taken ("liberated Garadaghli,
Khatunbulag, Garakollu villages of Fuzuli district, and Bulutan ... villages") are found here
too: they are territory claims whose figure is the number of names.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pycountry

from claimledger.errors import ProfileError
from claimledger.lang import alternation, load_topic, words
from claimledger.lang.lexicon import (AfterSeparator, Lexicon, LiteralLed, NameSet, WithinRuns, ascii_fold,
                                      at_word_start, first_character_guard)
from claimledger.profile import Profile

# A capitalised word, or one after the Arabic article as transliterated in lower case ("Maarat al-Numan",
# "Deir ez-Zor"), up to three of them. The letters of a word are taken possessively (*+): whatever follows a word
# in these patterns (a space, a comma, the end) is no word character, so giving letters back never makes a match,
# and not trying it makes the whole-text scans of _document_places a fifth faster.
_WORD = r"(?:[A-Z]|(?:a[dlnrstz]|ash|e[dlnrstz])-[A-Z])[\w'’\-]*+"
NAME = rf"[A-Z][\w'’\-]*+(?:\s+{_WORD}){{0,2}}"
NAME_LIST = rf"{NAME}(?:\s*,\s*(?:and\s+)?{NAME}|\s+and\s+{NAME})*"
NAME_RUN = re.compile(NAME_LIST)
# The characters a name and the space between its words are made of: a name and the word of its kind after it lie
# within one run of them (lexicon.WithinRuns).
NAME_RUN_CHARACTERS = r"\w'’\-\s"
# Where a list of names ("A, B and C", "A, and B") divides.
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def list_mentions(text: str, start: int, end: int) -> list[PlaceMention]:
    """The names of the list text[start:end] as written, each where it stands: "Talish, Mataghis and Hadrut" ->
    Talish, Mataghis, Hadrut."""
    mentions = []
    at = start
    for separator in [*LIST_SEPARATOR.finditer(text, start, end), None]:
        piece_end = separator.start() if separator is not None else end
        piece = text[at:piece_end]
        if name := piece.strip():
            name_start = at + len(piece) - len(piece.lstrip())
            mentions.append(PlaceMention(name_start, name_start + len(name), name))
        at = separator.end() if separator is not None else end
    return mentions


# "Gaza, Friday 20 October 2023", "MOSCOW, November 13", "KHARTOUM –": the line that says where a story was filed
# names a place, though not the place of its figures. A line is found by the newline before it, which the engine
# skips to at once ("^" in MULTILINE mode is tried at every character): search "\n" + text.
DATELINE = re.compile(r"\n[ \t]*(?P<name>[A-Z][\w'’\-]+(?:[ \t][A-Z][\w'’\-]+)?)[ \t]*(?:,[ \t]*(?:[A-Z][a-z]+,?[ \t]+)?"
                      r"(?:\d{1,2}[ \t]+[A-Z][a-zA-Z]{2,}|[A-Z][a-zA-Z]{2,}\.?[ \t]+\d{1,2}\b)|(?<=[A-Z]{3})[ \t]+[–—-][ \t])")


@dataclass(frozen=True)
class PlaceRules:
    """The place vocabulary of one language (lang/<code>/places.toml) compiled into the matchers this stage uses."""

    name_before_kind: re.Pattern[str]
    # Searched over whole texts: only in the runs of name characters that hold one of their closing words (the words
    # of a kind of place after a name are too common in other words for that to pay).
    name_with_end: WithinRuns
    short_form: re.Pattern[str]
    kind_before_names: LiteralLed | AfterSeparator | re.Pattern[str]
    not_name_end: frozenset[str]
    not_places: frozenset[str]
    country_locative: re.Pattern[str]
    side_locative: re.Pattern[str]
    compass_before: re.Pattern[str]
    compass_prefix: re.Pattern[str]
    clause_break: re.Pattern[str]
    clause_part: re.Pattern[str]
    part_count: re.Pattern[str]
    anaphora: re.Pattern[str]
    government_after: re.Pattern[str]
    government_before: re.Pattern[str]
    # "the drones which we acquired from Turkey": where weapons were bought, not where anything happened.
    bought_from: re.Pattern[str]
    # "near Shushakend in the Khojaly district", "in Kramatorsk, Donetsk region": the area is only where the place lies.
    contained: WithinRuns
    # Lists of places taken: the verb (matched on lexicon.ascii_fold(text)), the list after it and its parts.
    take_verb: LiteralLed | AfterSeparator | re.Pattern[str]
    enumeration: re.Pattern[str]
    in_district: re.Pattern[str]
    last_of_another_kind: re.Pattern[str]
    group_of: re.Pattern[str]
    group_join: re.Pattern[str]
    kind_of_noun: dict[str, str]  # "villages" -> "village": the kind of place each noun of a list names


def _guarded(pattern: str) -> LiteralLed | re.Pattern[str]:
    # Searched through a sentence for each of its figures: tried only where one of its first words stands, or else
    # behind a guard that skips the positions no alternative starts at.
    return LiteralLed.of(f"{first_character_guard(pattern)}(?:{pattern})", re.IGNORECASE)


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> PlaceRules:
    data = load_topic(language, "places")
    markers, locatives, government = data["markers"], data["locatives"], data["government"]
    contained, taken = data["contained"], data["taken"]
    compass = alternation(locatives["compass"])
    adjectives = alternation(locatives["adjectives"] + locatives["compass"])
    # The kinds of place a list of places taken counts, and the nouns (singular first) of the areas it says its
    # places lie in.
    countable = data["settlements"] | data["positions"]
    kind_of_noun = {noun: kind for kind, nouns in countable.items() for noun in nouns}
    list_nouns = words(_known(taken["nouns"], kind_of_noun, language, "[taken] nouns"))
    list_areas = [data["areas"][kind] for kind in _known(taken["area_kinds"], data["areas"], language,
                                                          "[taken] area_kinds")]
    take_verb = rf"{words(taken['verbs'])}\s+(?:the\s+)?(?:(?P<noun>{list_nouns})\s+of\s+)?"
    return PlaceRules(
        name_before_kind=re.compile(rf"(?P<name>{NAME})\s+{alternation(markers['after_name'])}\b"),
        name_with_end=WithinRuns(re.compile(rf"(?P<name>[A-Z][\w'’\-]*+\s+(?:{_WORD}\s+){{0,2}}"
                                            rf"{alternation(markers['name_end'])})\b"),
                                 alternation(markers["name_end"]), NAME_RUN_CHARACTERS),
        short_form=re.compile(rf"\s+{alternation(markers['short_form'])}$"),
        kind_before_names=LiteralLed.of(rf"{alternation(markers['before_name'])}\s+(?:the\s+)?(?P<list>{NAME_LIST})",
                                        not_before="\\w"),
        not_name_end=frozenset(markers["not_name_end"]),
        not_places=frozenset(data["not_places"]["words"]),
        country_locative=re.compile(rf"(?:\b(?i:{alternation(locatives['before_country'])})\s+(?:the\s+)?|"
                                    rf"\b{compass}\s+)$"),
        side_locative=re.compile(rf"(?:\b(?i:{alternation(locatives['before_side'])})\s+(?:the\s+)?"
                                 rf"(?:{adjectives}\s+)?|\b{compass}\s+)$"),
        compass_before=re.compile(rf"\b{compass}\s+$"),
        compass_prefix=re.compile(rf"^{compass}\s+"),
        clause_break=re.compile(alternation(data["clauses"]["breaks"]), re.IGNORECASE),
        clause_part=_guarded(rf"\b{alternation(data['clauses']['parts'])}"),
        part_count=re.compile(rf"\s*(?:{alternation(data['clauses']['count_words'])})", re.IGNORECASE),
        anaphora=_guarded(rf"\b{alternation(data['anaphora']['words'])}\b"),
        government_after=re.compile(rf"(?:\s+(?:{words(government['auxiliaries'])}\s+)?"
                                    rf"{alternation(government['verbs_after'])}|"
                                    rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?{alternation(government['owned_after'])})\b"),
        government_before=re.compile(rf"\b{alternation(government['before'])}\s+$"),
        bought_from=_guarded(rf"\b{words(data['bought_from']['verbs'])}\b[^.;:]{{0,40}}?\bfrom\s+(?:the\s+)?$"),
        contained=WithinRuns(at_word_start(
            rf"{words(contained['place_before'])}\s+(?P<inner>{NAME})"
            rf"(?:\s*,\s*|\s+{words(contained['place_between'])}\s+(?:the\s+)?)(?P<outer>{NAME})\s+"
            rf"{words(contained['place_areas'])}\b").pattern, words(contained["place_areas"]), rf"{NAME_RUN_CHARACTERS},"),
        # In lower case without IGNORECASE, a class of the first letters in lower case leading: the engine then rejects
        # every other position at once (a scan of the whole document, twice as fast).
        take_verb=LiteralLed.of(take_verb, not_before="\\w"),
        # "Garadaghli, Khatunbulag villages of Fuzuli district": names, their kind and their area in the singular.
        enumeration=re.compile(rf"(?P<list>(?:{NAME}(?:\s*,\s*|\s+and\s+|,\s+and\s+))*{NAME})\s+(?P<noun>{list_nouns})"
                               rf"(?:\s+of\s+(?:the\s+)?{NAME}\s+{words(nouns[0] for nouns in list_areas)})?"),
        # "... B in Fuzuli district": the district a run of listed villages lies in (not itself a place taken), in
        # either number.
        in_district=re.compile(rf"\s+{words(contained['prepositions'])}\s+(?:the\s+)?{NAME}\s+"
                               rf"{words(noun for nouns in list_areas for noun in nouns)}\b"),
        # "..., and the strategically important Murov height": a last place of another kind closing a list.
        last_of_another_kind=re.compile(rf"\s*,?\s*and\s+the\s+(?:[a-z][\w-]*\s+){{0,3}}(?P<name>{NAME})\s+"
                                        rf"(?P<noun>{words(nouns[0] for nouns in countable.values())})\b"),
        # "the city of X", "the villages of A, B and C": a kind of place and the names of that kind.
        group_of=re.compile(rf"(?:the\s+)?(?P<noun>{words(kind_of_noun)})\s+of\s+(?P<list>{NAME_LIST})"),
        group_join=re.compile(rf"\s*,?\s*{words(taken['joins'])}\s+"),
        kind_of_noun=kind_of_noun,
    )


def _known(entries: tuple[str, ...], known: Collection[str], language: str, table: str) -> tuple[str, ...]:
    """`entries`, each one of `known` (the nouns of the kinds of place, or the kinds), or a ProfileError naming the
    one that is not: a list noun without a kind would fail only when a text used it."""
    for entry in entries:
        if entry not in known:
            raise ProfileError(f"lang/{language}/places.toml {table}: {entry!r} is not one of {', '.join(known)}")
    return entries


class PlaceMention(NamedTuple):
    start: int
    end: int
    name: str
    country: bool = False  # a country's name: the place of a figure only where nothing more specific is named


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Places named in a list, each where the list names it; `what` are the kinds of place it names ("the city of X
    and the villages of ...")."""

    start: int
    end: int
    places: tuple[PlaceMention, ...]
    what: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(place.name for place in self.places)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.add(value)
    return frozenset(names | {"Turkey", "Russia", "Syria", "Iran", "Syrian Arab Republic", "United States", "Kosovo"})


def is_country_name(name: str) -> bool:
    """Whether `name` is a country's name, as this stage recognises countries."""
    return name in _country_names()


@lru_cache(maxsize=16)
def _matchers(profile: Profile) -> tuple[NameSet, NameSet, frozenset[str]]:
    places = NameSet((p.name, n) for p in profile.places for n in p.names)
    countries = NameSet(("country", n) for n in sorted(_country_names()))
    side_words = frozenset(a for s in profile.sides for a in s.aliases)
    return places, countries, side_words


def find_places(text: str, start: int, end: int, profile: Profile, lex: Lexicon,
                language: str = "en") -> list[PlaceMention]:
    """Place names in text[start:end], in order, each once."""
    unique: dict[str, PlaceMention] = {}
    for mention in _mentions(text, start, end, profile, lex, language):
        unique.setdefault(mention.name, mention)
    return list(unique.values())


def nearest_occurrences(chosen: list[PlaceMention], text: str, start: int, end: int, position: int, profile: Profile,
                        lex: Lexicon, language: str = "en") -> list[PlaceMention]:
    """The places `chosen` among find_places(text, start, end, ...), each at its occurrence in text[start:end] nearest
    to the figure at `position`.

    find_places gives a name once, where it is first named; the words a figure's place is read by may be at a later
    occurrence: "the head of the Kharkiv Regional Military Administration [said] the conflict has cost the lives of
    606 civilians in the Kharkiv region" places 606 in the Kharkiv region, not in the administration's name.
    """
    occurrences: dict[str, list[PlaceMention]] = {}
    for mention in _mentions(text, start, end, profile, lex, language):
        occurrences.setdefault(mention.name, []).append(mention)
    return [min(occurrences[place.name], key=lambda m: abs(m.start - position)) for place in chosen]


@lru_cache(maxsize=256)  # a sentence's places are asked for once for each figure in it
def _mentions(text: str, start: int, end: int, profile: Profile, lex: Lexicon,
              language: str) -> tuple[PlaceMention, ...]:
    """Every place named in text[start:end], in order, as often as it is named."""
    rules = rules_for(language)
    places, countries, side_words = _matchers(profile)
    marked = _document_places(text, profile, lex, language)
    candidates: list[PlaceMention] = []
    for names in (places, marked.names):
        for m in names.finditer(text, start, end):
            # "Artsakh", "Karabakh" and "Gaza" name a side as well as a place: a place only where something is
            # located in it.
            if m.text not in side_words or rules.side_locative.search(text, max(start, m.start - 40), m.start):
                candidates.append(PlaceMention(m.start, m.end, m.text))
    for m in countries.finditer(text, start, end):
        locative = rules.side_locative if m.text in side_words else rules.country_locative
        if locative.search(text, max(start, m.start - 30), m.start) and not rules.bought_from.search(
                text, max(start, m.start - 60), m.start):
            candidates.append(PlaceMention(m.start, m.end, m.text, country=True))
    mentions: list[PlaceMention] = []
    reached = -1
    for mention in sorted(candidates, key=lambda p: (p.start, -p.end)):
        if mention.start < reached:
            continue  # one name, one place: the longest reading of it ("Gaza City", not "Gaza")
        reached = mention.end
        if (rules.government_after.match(text, mention.end) or mention.start in marked.containers
                or mention.start in marked.datelines
                or rules.government_before.search(text, max(start, mention.start - 10), mention.start)):
            # "Moscow says", "by Baku": a capital standing for its government; "X in the Y district": X is the
            # place; "Gaza, 20 October": where the statement was issued
            continue
        compass = rules.compass_before.search(text, max(start, mention.start - 20), mention.start)
        if compass:
            mention = PlaceMention(compass.start(), mention.end, text[compass.start():mention.end], mention.country)
        mentions.append(mention)
    return tuple(mentions)


@dataclass(frozen=True, slots=True)
class Clauses:
    """A sentence's clauses, and in each the parts its counts open ("including 1.4 million who ...")."""

    spans: tuple[tuple[int, int], ...]
    parts: tuple[tuple[tuple[int, int], ...], ...]


def sentence_clauses(text: str, start: int, end: int, language: str = "en") -> Clauses:
    """The clauses of text[start:end] (a sentence) and their counts' parts, for clause_places."""
    rules = rules_for(language)
    bounds = [start]
    for m in rules.clause_break.finditer(text, start, end):
        bounds.append(m.end())
    bounds.append(end)
    spans = tuple(zip(bounds, bounds[1:]))
    parts = []
    for low, high in spans:
        openers = [m for m in rules.clause_part.finditer(text, low, high) if rules.part_count.match(text, m.end())]
        parts.append(tuple((m.start(), nxt.start() if nxt else high) for m, nxt in zip(openers, [*openers[1:], None])))
    return Clauses(spans, tuple(parts))


def clause_places(text: str, start: int, end: int, position: int, places: list[PlaceMention],
                  language: str = "en", clauses: Clauses | None = None) -> list[PlaceMention]:
    """The places of text[start:end] (a sentence) that the figure at `position` takes: those of its own clause,
    else those of the nearest clause before it that names one.

    "… killed 3 in Tartar, while in Barda 12 houses were damaged": 3 is Tartar's and 12 Barda's. A figure after
    "including" takes the places of that part first ("2 million displaced inside Sudan, including 1.4 million who
    fled the capital, Khartoum"); the figure before it takes the whole clause's, the included place too.
    `clauses`, the sentence's sentence_clauses, when its other figures have them already.
    """
    clauses = clauses or sentence_clauses(text, start, end, language)
    own = next((i for i, (low, high) in enumerate(clauses.spans) if low <= position < high), len(clauses.spans) - 1)

    def of_clause(low: int, high: int, parts: tuple[tuple[int, int], ...]) -> list[PlaceMention]:
        """The places of a clause outside its counts' parts, or those of the part the figure is in."""
        mine = next((part for part in parts if part[0] <= position < part[1]), None)
        if mine is not None and (inside := [p for p in places if mine[0] <= p.start < mine[1]]):
            return inside
        return [p for p in places if low <= p.start < high and not any(a <= p.start < b for a, b in parts)]

    for (low, high), parts in reversed(list(zip(clauses.spans, clauses.parts))[:own + 1]):
        if found := of_clause(low, high, parts):
            return found
    return []


@lru_cache(maxsize=8)
def story_places(text: str, headline: tuple[int, int] | None, lead: tuple[int, int] | None, profile: Profile,
                 lex: Lexicon, language: str = "en") -> tuple[PlaceMention, ...]:
    """The one place a story is about, where its headline or lead names it, for its figures that name no place and
    point back to none; or none.

    A headline about one strike on one city ("Death toll of the Kramatorsk station strike rises to 50"), or one
    report on one place ("Sudan: humanitarian update"), names the place of all the story's figures; when the
    headline names no place, the lead paragraph may ("... the killing of civilians in Artsakh"). That holds only
    when the body is about that place too: at least half of the places the body names are it (or, for a country,
    half of the countries). A daily bulletin that names a dozen places has no single place, whatever its headline.
    """
    places, countries, _ = _matchers(profile)
    marked = _document_places(text, profile, lex, language)
    candidate = None
    if headline is not None:
        named = list(find_places(text, *headline, profile, lex, language))
        label = HEADLINE_LABEL.match(text, *headline)
        if label:
            name = label.group("name").title() if label.group("name").isupper() else label.group("name")
            for names, country in ((countries, True), (places, False), (marked.names, False)):
                known = names.first(name)
                if known is not None and known.text == name:
                    named.append(PlaceMention(label.start("name"), label.end("name"), name, country))
                    break
        candidate = _single_place(named)
        if named and candidate is None:
            return ()
    if candidate is None and lead is not None:
        candidate = _single_place(find_places(text, *lead, profile, lex, language))
    if candidate is None:
        return ()
    body = [m for m in _mentions(text, headline[1] if headline else 0, len(text), profile, lex, language)
            if m.country == candidate.country]
    same = sum(_same_place(m.name, candidate.name, language) for m in body)
    return (candidate,) if body and 2 * same >= len(body) else ()


# "SUDAN: Humanitarian Update", "Nagorno-Karabakh: Unlawful Attacks on Medical Facilities": a headline's label.
HEADLINE_LABEL = re.compile(r"[ \t]*(?P<name>[A-Z][\w'’\-]*(?:[ \t][A-Z][\w'’\-]*)?)[ \t]*:")


def _single_place(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The one place of a headline or lead, where it first names it: its one place below country level, or else its
    one country."""
    for country in (False, True):
        names: dict[str, PlaceMention] = {}
        for mention in mentions:
            if mention.country == country:
                names.setdefault(mention.name, mention)
        if names:
            return next(iter(names.values())) if len(names) == 1 else None
    return None


def _same_place(name: str, other: str, language: str) -> bool:
    """ "northern Gaza Strip", "Gaza Strip", "Gaza": one place named more or less closely."""
    prefix = rules_for(language).compass_prefix
    words, others = prefix.sub("", name).split(), prefix.sub("", other).split()
    shorter = min(len(words), len(others))
    return words[:shorter] == others[:shorter]


@dataclass(frozen=True)
class _DocumentPlaces:
    """What a whole text says of its places, read once: the names it marks as places anywhere, and where an area
    is named only as the one another named place lies in."""

    names: NameSet
    containers: frozenset[int]
    datelines: frozenset[int]


@lru_cache(maxsize=8)
def _document_places(text: str, profile: Profile, lex: Lexicon, language: str) -> _DocumentPlaces:
    """The names the text itself marks as places ("Idlib province", "the city of X", "the Gaza Strip", a dateline's
    city), so that the same name is a place where the text does not mark it again ("airstrikes in Idlib")."""
    rules = rules_for(language)
    found: set[str] = set()

    def keep(name: str) -> None:
        words = name.split()
        while words and words[0] in rules.not_places:
            words.pop(0)  # "Several villages", "The Gaza Strip": the name is what follows
        name = " ".join(words)
        if not name or name in rules.not_name_end:
            return  # a side's name is kept: where it is matched, it is a place only where something lies in it
        nationality = lex.nationalities.first(name)
        if nationality is not None and nationality.text == name:
            return  # "Armenian villages": whose villages, not which
        found.add(name)
        short = rules.short_form.search(name)
        if short:
            found.add(name[:short.start()])  # "Gaza City", "the Gaza Strip": then "Gaza" is a place of the text

    for m in rules.name_before_kind.finditer(text):
        keep(m.group("name"))
    for m in rules.name_with_end.finditer(text):
        keep(m.group("name"))
    for m in rules.kind_before_names.finditer(text):
        for listed in list_mentions(text, m.start("list"), m.end("list")):
            keep(listed.name)
    datelines = set()
    for m in DATELINE.finditer("\n" + text):  # the newline before the first line: offsets are one more
        keep(m.group("name").title() if m.group("name").isupper() else m.group("name"))
        datelines.add(m.start("name") - 1)
    containers = set()
    for m in rules.contained.finditer(text):
        keep(m.group("inner"))
        containers.add(m.start("outer"))
    return _DocumentPlaces(NameSet(("marked", n) for n in sorted(found)), frozenset(containers), frozenset(datelines))


def take_verb_starts(text: str, language: str = "en") -> list[int]:
    """Where the verbs of taking ground start ("liberated", "took control of"), over the whole text."""
    return [start for start, _ in rules_for(language).take_verb.spans(ascii_fold(text))]


def find_enumerations(text: str, start: int, end: int, profile: Profile, language: str = "en") -> list[Enumeration]:
    """Lists of named places after a verb of taking ground; each list is one claim of as many places as names."""
    _, _, side_words = _matchers(profile)
    rules = rules_for(language)
    results = []
    for verb in rules.take_verb.finditer(ascii_fold(text), start, end):
        pos = verb.end()
        listed: list[PlaceMention] = []
        noun_before = verb.group("noun")  # "liberated the villages of ..."
        what = rules.kind_of_noun[noun_before] if noun_before else "settlement"
        list_end = pos
        while True:
            m = rules.enumeration.match(text, pos, end)
            if m is None:
                break
            group = list_mentions(text, m.start("list"), m.end("list"))
            if any(p.name in side_words or p.name.split()[0] in rules.not_places for p in group):
                break
            listed.extend(group)
            what = rules.kind_of_noun[m.group("noun")]
            list_end = m.end()
            joint = rules.group_join.match(text, list_end, end)
            if joint is None:
                break
            pos = joint.end()
        kinds = (what,)
        if noun_before and not listed:
            # "the villages of A, B in Fuzuli district, C and D in Jabrayil district, and the Murov height": runs of
            # names, each run perhaps placed in its district, and perhaps a last place of another kind.
            at = pos
            while (run := NAME_RUN.match(text, at, end)):
                listed.extend(list_mentions(text, run.start(), run.end()))
                at = list_end = run.end()
                district = rules.in_district.match(text, at, end)
                if district is None:
                    break
                at = list_end = district.end()
                more = re.match(r"\s*,\s*(?:and\s+)?(?!the\b)", text[at:end])
                if more is None:
                    break
                at += more.end()
            last = listed and rules.last_of_another_kind.match(text, list_end, end)
            if last:
                listed.append(PlaceMention(last.start("name"), last.end("name"), last.group("name")))
                kinds = tuple(dict.fromkeys((what, rules.kind_of_noun[last.group("noun")])))
                list_end = last.end()
        if not listed and (after_colon := _groups_after_colon(text, pos, end, rules)):
            # "the settlements liberated today by our Army: the city of X and the villages of A, B and C"
            list_end, grouped = after_colon
            listed = [place for _, group in grouped for place in group]
            kinds = tuple(dict.fromkeys(kind for kind, _ in grouped))
        if len(listed) >= 2:
            results.append(Enumeration(verb.start(), list_end, tuple(listed), kinds))
    return results


# The words between a verb of taking ground and the list it announces after a colon.
TO_COLON = re.compile(r"[^.;:\n]{0,80}:\s*")


def _groups_after_colon(text: str, pos: int, end: int,
                        rules: PlaceRules) -> tuple[int, list[tuple[str, list[PlaceMention]]]] | None:
    """The groups of a list announced by a colon ("...: the city of X and the villages of A, B"), and its end."""
    colon = TO_COLON.match(text, pos, end)
    if colon is None:
        return None
    at, groups = colon.end(), []
    while (m := rules.group_of.match(text, at, end)) is not None:
        groups.append((rules.kind_of_noun[m.group("noun")], list_mentions(text, m.start("list"), m.end("list"))))
        at = m.end()
        joint = re.match(r"\s*,?\s*and\s+", text[at:end])
        if joint is None:
            break
        at += joint.end()
    return (m.end() if m else at, groups) if groups else None
