"""Geocoding: the places each claim names, resolved to gazetteer places with a precision level.

A name alone is often ambiguous: Azerbaijan has fifteen villages called Qaradağlı, "Tartar"
is a town and a district, "Aghdam" a town, a district and a county. The text around the name,
where the claim names it (`Claim.place_spans`), decides where it can: "Tartar city" or "the city
of Tartar" wants the settlement, "Terter, Aghdam and Aghjabedi regions" wants districts,
"Garadaghli, Khatunbulag, Garakollu villages of Fuzuli district" wants villages inside (or
nearest to) Fuzuli district. What is still ambiguous goes to the candidate nearest to the other
places the claim or the statement names unambiguously; failing that, to the most populous
settlement.

Precision follows ACLED: 1 the settlement itself, 2 part of or near a named place ("near
Hadrut", "in the Fuzuli direction", "northern Tartar"), 3 only a district, region or country is
known. Names the gazetteer does not know are kept, unresolved; so is an area ("Kharkiv region",
a country) the gazetteer has no area of that name for: it is never a village of a similar name.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import pycountry

from claimledger.gazetteer import Gazetteer, GazetteerPlace, PlaceMatch
from claimledger.lang import load_topic, words
from claimledger.models import Claim, Document, Location
from claimledger.extract.places import is_country_name, rules_for as place_rules_for
from claimledger.profile import Profile

# The gazetteer's kinds of place that a text's words for a settlement or an area ask for.
SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
AREA_KINDS = frozenset({"district", "region", "country"})
# A name of one or two capitalised words, and the names a list joins to it before their kind ("Terter, Aghdam, and
# Aghjabedi regions").
_NAME = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?"
_LISTED = rf"(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME})*"
# How far around a claim to look for an occurrence of a name, for a claim that records no place spans.
NEIGHBOURHOOD = 600


@dataclass(frozen=True)
class GeocodeRules:
    """The words of one language that say which place a name is (lang/<code>/geocode.toml, and the kinds of place of
    lang/<code>/places.toml) compiled into the matchers geocoding reads around a name."""

    # "Tartar city", "Terter, Aghdam, and Aghjabedi regions", "Garadaghli, Khatunbulag villages": matched after it.
    kind_after: re.Pattern[str]
    # "the city of Tartar", "the villages of Blahodatne, Makarivka and Neskuchne": searched before it.
    kind_before: re.Pattern[str]
    # "near Hadrut", "north of Kharkiv", "in the Fuzuli direction": a figure near the place, not at it.
    near_before: re.Pattern[str]
    near_after: re.Pattern[str]
    # "villages of Fuzuli district", "Karmir Shuka in the Martuni region": the area that contains the named place.
    parent_after: re.Pattern[str]
    # The nouns of kind_after and kind_before that name an area, and those that name a settlement.
    area_words: frozenset[str]
    settlement_words: frozenset[str]
    # "northern Gaza Strip": a compass word before the place a part of which is named.
    compass_prefix: re.Pattern[str]


@lru_cache(maxsize=4)
def rules_for(language: str = "en") -> GeocodeRules:
    """The words of `language` that geocoding reads, compiled once."""
    kinds, data = load_topic(language, "places"), load_topic(language, "geocode")
    settlement_words = tuple(noun for nouns in kinds["settlements"].values() for noun in nouns)
    area_words = tuple(noun for nouns in kinds["areas"].values() for noun in nouns)
    near, parent = data["near"], data["parent"]
    return GeocodeRules(
        kind_after=re.compile(rf"{_LISTED}\s+(?P<word>{words(settlement_words + area_words)})\b"),
        kind_before=re.compile(rf"\b(?P<word>{words(data['kind_before']['nouns'])})\s+of\s+(?:the\s+)?"
                               r"(?:(?:[A-Z][\w'’\-]*\s*,\s*)*(?:[A-Z][\w'’\-]*\s+and\s+)?)?$"),
        near_before=re.compile(rf"\b{words(near['before'])}\s+(?:the\s+)?(?:{words(near['settlements'])}\s+of\s+)?$",
                               re.IGNORECASE),
        near_after=re.compile(rf"^(?:[-–][A-Z][\w'’\-]*)*\s+{words(near['after'])}\b"),
        parent_after=re.compile(rf"^{_LISTED}\s+(?:{words(parent['settlements'])}\s+)?"
                                rf"{words(kinds['contained']['prepositions'])}\s+(?:the\s+)?(?P<parent>{_NAME})\s+"
                                rf"{words(parent['areas'])}\b"),
        area_words=frozenset(area_words),
        settlement_words=frozenset(settlement_words),
        compass_prefix=place_rules_for(language).compass_prefix,
    )


class _Places(Protocol):
    """What geocoding asks of a gazetteer."""

    def lookup(self, name: str) -> list[GazetteerPlace]: ...

    def matches(self, name: str) -> list[PlaceMatch]: ...

    def districts_named(self, name: str) -> list[GazetteerPlace]: ...

    def ancestors(self, place: GazetteerPlace) -> list[GazetteerPlace]: ...


def _war_countries(gazetteer: _Places, profile: Profile) -> frozenset[str]:
    """The ISO codes of the countries the profile's sides are (none for a side that is no country: "Houthis")."""
    codes = {match.place.country for side in profile.sides for match in gazetteer.matches(side.name)
             if match.place.kind == "country" and not match.fuzzy}
    for side in profile.sides:
        try:
            codes.add(pycountry.countries.lookup(side.name).alpha_2)
        except LookupError:
            pass
    return frozenset(codes)


class _ProfileAware:
    """A gazetteer whose lookups of a profile place's names keep the candidates its other names share, and find a
    place below a country only in the countries of the profile's war: the gazetteer's Armenian village that one
    source also calls "Харків" is not the Kharkiv of a Ukrainian statement, nor an Azerbaijani village one letter
    off Nyala that of a Sudanese one. A war whose sides are no countries takes no close spelling."""

    def __init__(self, gazetteer: _Places, profile: Profile):
        self._gazetteer = gazetteer
        self._entries = {name: place.names for place in profile.places for name in place.names}
        self._countries = _war_countries(gazetteer, profile)

    def lookup(self, name: str) -> list[GazetteerPlace]:
        candidates = [match.place for match in self._gazetteer.matches(name)
                      if match.place.kind == "country" or match.place.country in self._countries
                      or (not self._countries and not match.fuzzy)]
        others = [n for n in self._entries.get(name, ()) if n != name]
        if len(candidates) > 1 and others:
            shared = {p.id for other in others for p in self._gazetteer.lookup(other)}
            return [c for c in candidates if c.id in shared] or candidates
        return candidates

    def districts_named(self, name: str) -> list[GazetteerPlace]:
        return self._gazetteer.districts_named(name)

    def ancestors(self, place: GazetteerPlace) -> list[GazetteerPlace]:
        return self._gazetteer.ancestors(place)


class _Remembered:
    """A gazetteer's answers kept while one statement is located.

    Its claims name the same few places again and again, each asked for more than once (whether it is
    unambiguous, then which it is), and a name the gazetteer lacks ("Kharkiv" in the Karabakh gazetteer) costs
    a close-spelling search over every name it holds each time it is asked.
    """

    def __init__(self, places: _Places):
        self._places = places
        self._lookups: dict[str, list[GazetteerPlace]] = {}
        self._districts: dict[str, list[GazetteerPlace]] = {}

    def lookup(self, name: str) -> list[GazetteerPlace]:
        if name not in self._lookups:
            self._lookups[name] = self._places.lookup(name)
        return list(self._lookups[name])

    def districts_named(self, name: str) -> list[GazetteerPlace]:
        if name not in self._districts:
            self._districts[name] = self._places.districts_named(name)
        return list(self._districts[name])

    def ancestors(self, place: GazetteerPlace) -> list[GazetteerPlace]:
        return self._places.ancestors(place)


@dataclass(frozen=True, slots=True)
class _Context:
    """What the words around one occurrence of a place name say about it."""

    place: str  # the place named, or the place a part of which is named: "Gaza Strip" of "northern Gaza Strip"
    wants: str | None  # "area" | "settlement" | None
    near: bool
    parent: str | None


def locate_claims(document: Document, claims: list[Claim], gazetteer: Gazetteer,
                  profile: Profile | None = None, language: str = "en") -> list[Claim]:
    """The claims with their places resolved (`Claim.locations`), in the same order, read by the words of `language`.

    A profile's place entries say which names are one place ("Martuni" and "Khojavend"): a name of
    an entry prefers the gazetteer places its other names reach too, over namesakes elsewhere.
    """
    text = document.text
    rules = rules_for(language)
    places = _Remembered(_ProfileAware(gazetteer, profile) if profile is not None else gazetteer)
    # Each place's context is read once, where its claim names it, and so is the one gazetteer place of a name that
    # has only one: the statement's anchor and each claim's own are both centres of those.
    contexts = [[_context(text, name, span, claim.span[0], rules) for name, span in claim.named_places()]
                for claim in claims]
    unambiguous = [[_unambiguous(context, places) for context in claim_contexts] for claim_contexts in contexts]
    anchor = _centroid([place for claim_places in unambiguous for place in claim_places if place is not None])
    located = []
    for claim, claim_contexts, claim_places in zip(claims, contexts, unambiguous):
        claim_anchor = _centroid([place for place in claim_places if place is not None]) or anchor
        locations = [_locate(name, context, places, claim_anchor)
                     for name, context in zip(claim.places, claim_contexts)]
        located.append(replace(claim, locations=locations))
    return located


def _locate(name: str, context: _Context, gazetteer: _Places, anchor: tuple[float, float] | None) -> Location:
    place = _choose(context, gazetteer, anchor)
    if place is None:
        return Location(text=name)
    precision = 3 if place.kind in AREA_KINDS else 2 if context.near else 1
    return Location(text=name, place_id=place.id, display=place.display(), kind=place.kind, lat=place.lat,
                    lon=place.lon, precision=precision)


def _candidates(context: _Context, gazetteer: _Places) -> list[GazetteerPlace]:
    name = context.place
    candidates = gazetteer.lookup(name)
    if context.wants == "area" or is_country_name(name):
        # "Kharkiv region", "Syunik province", "in Sudan" name an area: never a village of the same or a similar
        # name ("Sudan" is one letter off a village Sa'dan); an area the gazetteer lacks stays unresolved.
        kinds = ("country",) if is_country_name(name) else AREA_KINDS
        candidates = [c for c in candidates if c.kind in kinds]
    elif context.wants == "settlement":
        candidates = [c for c in candidates if c.kind in SETTLEMENT_KINDS] or candidates
    if context.parent and len(candidates) > 1:
        areas = gazetteer.districts_named(context.parent)
        area_ids = {a.id for a in areas}
        inside = [c for c in candidates if any(a.id in area_ids for a in gazetteer.ancestors(c))]
        if inside:
            candidates = inside
        elif areas:
            # District borders moved after 2020: the nearest to the named district is the likeliest.
            candidates = sorted(candidates, key=lambda c: min(_distance((c.lat, c.lon), (a.lat, a.lon)) for a in areas))
            candidates = candidates[:1]
    return candidates


def _unambiguous(context: _Context, gazetteer: _Places) -> GazetteerPlace | None:
    candidates = _candidates(context, gazetteer)
    return candidates[0] if len(candidates) == 1 else None


def _choose(context: _Context, gazetteer: _Places, anchor: tuple[float, float] | None) -> GazetteerPlace | None:
    candidates = _candidates(context, gazetteer)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    if context.wants is None:
        # A bare name is the settlement of that name where there is one ("shelling of Tartar").
        candidates = [c for c in candidates if c.kind in SETTLEMENT_KINDS] or candidates
    if anchor is not None:
        return min(candidates, key=lambda c: _distance((c.lat, c.lon), anchor))
    return max(candidates, key=lambda c: c.population or 0)


def _context(text: str, name: str, span: tuple[int, int] | None, position: int, rules: GeocodeRules) -> _Context:
    """What the words around text[span], where the claim names `name`, say of it; a part of a place ("northern X")
    is near it.

    `span` is None for a claim that records no place spans (one built by hand or stored before the ledger kept
    them): then, as before spans were kept, the occurrence of `name` nearest to the claim's start (`position`) is
    read, which may be another mention of the name than the one the claim took.
    """
    core = rules.compass_prefix.sub("", name)
    if core != name:
        # The core is the end of the name as written: "northern Gaza Strip" -> "Gaza Strip".
        inner = _context(text, core, (span[1] - len(core), span[1]) if span is not None else None, position, rules)
        return _Context(core, inner.wants, True, inner.parent)
    if span is None:
        found = _nearest_occurrence(text, name, position)
        if found is None:
            return _Context(name, None, False, None)
        span = (found, found + len(name))
    start, end = span
    before = text[max(0, start - 60):start]
    after = text[end:end + 160]
    kind = rules.kind_after.match(after) or rules.kind_before.search(before)
    word = kind.group("word") if kind else None
    wants = "area" if word in rules.area_words else "settlement" if word in rules.settlement_words else None
    parent = rules.parent_after.match(after)
    near = rules.near_before.search(before) is not None or rules.near_after.match(after) is not None
    return _Context(name, wants, near, parent.group("parent") if parent and wants != "area" else None)


def _nearest_occurrence(text: str, name: str, position: int) -> int | None:
    low, high = max(0, position - NEIGHBOURHOOD), min(len(text), position + NEIGHBOURHOOD)
    best = None
    for m in re.finditer(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", text[low:high]):
        at = low + m.start()
        if best is None or abs(at - position) < abs(best - position):
            best = at
    if best is None:
        found = text.find(name)
        best = found if found >= 0 else None
    return best


def _centroid(places: list[GazetteerPlace]) -> tuple[float, float] | None:
    """The centre of `places` below country level: of those a statement or a claim names unambiguously, where its
    events are."""
    places = [p for p in places if p.kind != "country"]
    if not places:
        return None
    return sum(p.lat for p in places) / len(places), sum(p.lon for p in places) / len(places)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
