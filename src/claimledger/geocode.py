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
from typing import Protocol

from claimledger.gazetteer import Gazetteer, GazetteerPlace
from claimledger.models import Claim, Document, Location
from claimledger.extract.places import is_country_name, rules_for
from claimledger.profile import Profile

SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
AREA_KINDS = frozenset({"district", "region", "country"})
_NAME = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?"
# "Tartar city", "Terter, Aghdam, and Aghjabedi regions", "Garadaghli, Khatunbulag villages"
KIND_AFTER = re.compile(
    rf"(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME})*\s+"
    r"(?P<word>city|cities|towns?|villages?|settlements?|districts?|regions?|rayons?|provinces?|marz|oblasts?)\b")
# "the city of Tartar", "the villages of Blahodatne, Makarivka and Neskuchne"
KIND_BEFORE = re.compile(
    r"\b(?P<word>city|town|villages?|settlements?|districts?|regions?|rayons?|provinces?|marz|oblast)\s+of\s+"
    r"(?:the\s+)?(?:(?:[A-Z][\w'’\-]*\s*,\s*)*(?:[A-Z][\w'’\-]*\s+and\s+)?)?$")
NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|outskirts\s+of|vicinity\s+of|close\s+to|around|(?:north|south|east|west)(?:-?east|-?west)?"
    r"\s+of|direction\s+of|(?:in\s+)?the\s+direction\s+of)\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|village\s+of\s+)?$",
    re.IGNORECASE)
NEAR_AFTER = re.compile(r"^(?:[-–][A-Z][\w'’\-]*)*\s+(?:direction|directions|front|outskirts|area)\b")
# "villages of Fuzuli district", "Naftalan region of Azerbaijan": the area that contains the named place.
PARENT_AFTER = re.compile(
    rf"^(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME})*\s+(?:(?:villages?|settlements?|towns?|city)\s+)?(?:of|in)\s+"
    r"(?:the\s+)?(?P<parent>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?)\s+(?:district|region|rayon|province|marz)\b")
AREA_WORDS = frozenset({"district", "districts", "region", "regions", "rayon", "rayons", "province", "provinces",
                        "marz", "oblast", "oblasts"})
SETTLEMENT_WORDS = frozenset({"city", "cities", "town", "towns", "village", "villages", "settlement", "settlements"})
# How far around a claim to look for an occurrence of a name, for a claim that records no place spans.
NEIGHBOURHOOD = 600


class _Places(Protocol):
    """What geocoding asks of a gazetteer."""

    def lookup(self, name: str) -> list[GazetteerPlace]: ...

    def districts_named(self, name: str) -> list[GazetteerPlace]: ...

    def ancestors(self, place: GazetteerPlace) -> list[GazetteerPlace]: ...


class _ProfileAware:
    """A gazetteer whose lookups of a profile place's names keep the candidates its other names share."""

    def __init__(self, gazetteer: Gazetteer, profile: Profile):
        self._gazetteer = gazetteer
        self._entries = {name: place.names for place in profile.places for name in place.names}

    def lookup(self, name: str) -> list[GazetteerPlace]:
        candidates = self._gazetteer.lookup(name)
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

    wants: str | None  # "area" | "settlement" | None
    near: bool
    parent: str | None


def locate_claims(document: Document, claims: list[Claim], gazetteer: Gazetteer,
                  profile: Profile | None = None) -> list[Claim]:
    """The claims with their places resolved (`Claim.locations`), in the same order.

    A profile's place entries say which names are one place ("Martuni" and "Khojavend"): a name of
    an entry prefers the gazetteer places its other names reach too, over namesakes elsewhere.
    """
    text = document.text
    places = _Remembered(_ProfileAware(gazetteer, profile) if profile is not None else gazetteer)
    # Each place's context is read once, where its claim names it, and so is the one gazetteer place of a name that
    # has only one: the statement's anchor and each claim's own are both centres of those.
    contexts = [[_context(text, name, span, claim.span[0]) for name, span in claim.named_places()]
                for claim in claims]
    unambiguous = [[_unambiguous(name, context, places) for name, context in zip(claim.places, claim_contexts)]
                   for claim, claim_contexts in zip(claims, contexts)]
    anchor = _centroid([place for claim_places in unambiguous for place in claim_places if place is not None])
    located = []
    for claim, claim_contexts, claim_places in zip(claims, contexts, unambiguous):
        claim_anchor = _centroid([place for place in claim_places if place is not None]) or anchor
        locations = [_locate(name, context, places, claim_anchor)
                     for name, context in zip(claim.places, claim_contexts)]
        located.append(replace(claim, locations=locations))
    return located


def _locate(name: str, context: _Context, gazetteer: _Places, anchor: tuple[float, float] | None) -> Location:
    place = _choose(name, context, gazetteer, anchor)
    if place is None:
        return Location(text=name)
    precision = 3 if place.kind in AREA_KINDS else 2 if context.near else 1
    return Location(text=name, place_id=place.id, display=place.display(), kind=place.kind, lat=place.lat,
                    lon=place.lon, precision=precision)


def _candidates(name: str, context: _Context, gazetteer: _Places) -> list[GazetteerPlace]:
    name = _core(name)
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


def _unambiguous(name: str, context: _Context, gazetteer: _Places) -> GazetteerPlace | None:
    candidates = _candidates(name, context, gazetteer)
    return candidates[0] if len(candidates) == 1 else None


def _choose(name: str, context: _Context, gazetteer: _Places,
            anchor: tuple[float, float] | None) -> GazetteerPlace | None:
    candidates = _candidates(name, context, gazetteer)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    if context.wants is None:
        # A bare name is the settlement of that name where there is one ("shelling of Tartar").
        candidates = [c for c in candidates if c.kind in SETTLEMENT_KINDS] or candidates
    if anchor is not None:
        return min(candidates, key=lambda c: _distance((c.lat, c.lon), anchor))
    return max(candidates, key=lambda c: c.population or 0)


def _core(name: str) -> str:
    """ "northern Gaza Strip" -> "Gaza Strip": the place a part of which is named."""
    return rules_for().compass_prefix.sub("", name)


def _context(text: str, name: str, span: tuple[int, int] | None, position: int) -> _Context:
    """What the words around text[span], where the claim names `name`, say of it; a part of a place ("northern X")
    is near it.

    `span` is None for a claim that records no place spans (one built by hand or stored before the ledger kept
    them): then, as before spans were kept, the occurrence of `name` nearest to the claim's start (`position`) is
    read, which may be another mention of the name than the one the claim took.
    """
    core = _core(name)
    if core != name:
        # The core is the end of the name as written: "northern Gaza Strip" -> "Gaza Strip".
        inner = _context(text, core, (span[1] - len(core), span[1]) if span is not None else None, position)
        return _Context(inner.wants, True, inner.parent)
    if span is None:
        found = _nearest_occurrence(text, name, position)
        if found is None:
            return _Context(None, False, None)
        span = (found, found + len(name))
    start, end = span
    before = text[max(0, start - 60):start]
    after = text[end:end + 160]
    kind_after = KIND_AFTER.match(after)
    kind_before = KIND_BEFORE.search(before)
    word = (kind_after or kind_before).group("word").lower() if (kind_after or kind_before) else None
    wants = "area" if word in AREA_WORDS else "settlement" if word in SETTLEMENT_WORDS else None
    parent = PARENT_AFTER.match(after)
    near = NEAR_BEFORE.search(before) is not None or NEAR_AFTER.match(after) is not None
    return _Context(wants, near, parent.group("parent") if parent and wants != "area" else None)


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
