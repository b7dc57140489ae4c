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
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from claimledger.lexicon import Lexicon, NameSet
from claimledger.profile import Profile

NAME = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}"
PLACE_WORD = r"(?:city|town|village|villages|settlement|settlements|region|regions|district|districts|rayon|province|oblast|municipality)"
PLACE_BEFORE_NAME = re.compile(rf"\b(?:the\s+)?{PLACE_WORD}\s+of\s+(?P<name>{NAME})")
NAME_BEFORE_PLACE = re.compile(rf"(?P<name>{NAME})\s+{PLACE_WORD}\b")
# "the drones which we acquired from Turkey": where weapons were bought, not where anything happened.
BOUGHT_FROM = re.compile(r"\b(?:acquired|purchased|bought|imported|procured|obtained|ordered)\b[^.;:]{0,40}?\bfrom\s+"
                         r"(?:the\s+)?$", re.IGNORECASE)
LOCATIVE = re.compile(r"\b(?:in|from|into|inside|across|near|to|at|on|towards|toward|of)\s+(?:the\s+)?$")
SIDE_LOCATIVE = re.compile(r"\b(?:in|inside|into|territory\s+of|territories\s+of)\s+(?:the\s+)?$")
SPEAKS = re.compile(r"\s+(?:says|said|claims|claimed|reported|reports|announced|denied|denies|accused|accuses|"
                    r"insists|insisted|stated|states)\b")
NOT_PLACES = frozenset({"The", "This", "That", "These", "Those", "Its", "Their", "Our", "Other", "Some", "Several",
                        "Many", "All", "Both", "Each", "Another", "Capital", "Security", "United", "Ministry"})
ENUMERATION = re.compile(
    rf"(?P<list>(?:{NAME}(?:\s*,\s*|\s+and\s+|,\s+and\s+))*{NAME})\s+(?P<noun>villages?|settlements?|towns?|cities|heights?)"
    rf"(?:\s+of\s+(?:the\s+)?{NAME}\s+(?:district|region|rayon|province))?"
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    name: str


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Places named in a list; `what` is the kind of place."""

    start: int
    end: int
    names: tuple[str, ...]
    what: str


@lru_cache(maxsize=16)
def _matchers(profile: Profile) -> tuple[NameSet, NameSet, frozenset[str]]:
    places = NameSet((p.name, n) for p in profile.places for n in p.names)
    country_names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                country_names.add(value)
    country_names |= {"Turkey", "Russia", "Syria", "Iran", "Syrian Arab Republic", "United States", "Kosovo"}
    countries = NameSet(("country", n) for n in sorted(country_names))
    side_words = frozenset(a for s in profile.sides for a in s.aliases)
    return places, countries, side_words


def find_places(text: str, start: int, end: int, profile: Profile, lex: Lexicon) -> list[PlaceMention]:
    """Place names in text[start:end], in order, each once."""
    places, countries, side_words = _matchers(profile)
    found: dict[int, PlaceMention] = {}
    for m in places.finditer(text, start, end):
        # "Artsakh" and "Karabakh" name a side as well as a place: a place only where something is located in it.
        if m.text in side_words and not SIDE_LOCATIVE.search(text[max(start, m.start - 30):m.start]):
            continue
        found[m.start] = PlaceMention(m.start, m.end, m.text)
    for m in countries.finditer(text, start, end):
        before = text[max(start, m.start - 30):m.start]
        if m.text in side_words:
            if SIDE_LOCATIVE.search(before):
                found.setdefault(m.start, PlaceMention(m.start, m.end, m.text))
        elif LOCATIVE.search(before) and not BOUGHT_FROM.search(text, max(start, m.start - 60), m.start):
            found.setdefault(m.start, PlaceMention(m.start, m.end, m.text))
    for pattern in (PLACE_BEFORE_NAME, NAME_BEFORE_PLACE):
        for m in pattern.finditer(text, start, end):
            name = m.group("name")
            first = name.split()[0]
            if first in NOT_PLACES or name in side_words or first in side_words or any(
                    p.start <= m.start("name") < p.end for p in found.values()):
                continue
            if lex.nationalities.first(name) is not None and lex.nationalities.first(name).text == name:
                continue
            found.setdefault(m.start("name"), PlaceMention(m.start("name"), m.end("name"), name))
    unique: dict[str, PlaceMention] = {}
    for mention in sorted(found.values(), key=lambda p: p.start):
        if SPEAKS.match(text, mention.end):
            continue  # "Moscow says", "Baku claimed": a capital standing for its government

        unique.setdefault(mention.name, mention)
    return list(unique.values())


TAKE_VERB = re.compile(
    r"\b(?:liberated|liberating|freed|captured|capturing|took\s+control\s+of|taken\s+control\s+of|seized|occupied|"
    r"retook|recaptured|regained|established\s+control\s+over)\s+(?:the\s+)?(?:(?:villages?|settlements?|towns?|cities|heights?)\s+of\s+)?",
    re.IGNORECASE,
)
WHAT_OF_NOUN = {"village": "village", "villages": "village", "settlement": "settlement", "settlements": "settlement",
                "town": "town", "towns": "town", "cities": "city", "height": "height", "heights": "height"}


def find_enumerations(text: str, start: int, end: int, profile: Profile) -> list[Enumeration]:
    """Lists of named places after a verb of taking ground; each list is one claim of as many places as names."""
    _, _, side_words = _matchers(profile)
    results = []
    for verb in TAKE_VERB.finditer(text, start, end):
        pos = verb.end()
        names: list[str] = []
        what = "settlement"
        list_end = pos
        noun_before = re.search(r"(villages?|settlements?|towns?|cities|heights?)\s+of\s+$", verb.group(), re.IGNORECASE)
        if noun_before:
            what = WHAT_OF_NOUN[noun_before.group(1).lower()]
        while True:
            m = ENUMERATION.match(text, pos, end)
            if m is None:
                break
            group = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("list")) if n.strip()]
            if any(n in side_words or n.split()[0] in NOT_PLACES for n in group):
                break
            names.extend(group)
            what = WHAT_OF_NOUN[m.group("noun").lower()]
            list_end = m.end()
            joint = re.match(r"\s*,?\s*(?:and|as\s+well\s+as)\s+", text[list_end:end])
            if joint is None:
                break
            pos = list_end + joint.end()
        if noun_before and not names:
            m = re.match(rf"(?:{NAME})(?:\s*,\s*(?:and\s+)?(?:{NAME})|\s+and\s+(?:{NAME}))*", text[pos:end])
            if m:
                names = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group()) if n.strip()]
                list_end = pos + m.end()
        if len(names) >= 2:
            results.append(Enumeration(verb.start(), list_end, tuple(names), what))
    return results
