"""Conflict profiles: what claimledger knows of one war, kept as a TOML data file.

A profile names the sides and every way statements refer to them, the people and
organisations whose claims get reported, the equipment designations used in that war and
the places it is fought over (each with every side's name). A new war is a new file in
`claimledger/profiles/`, or any TOML file passed by path.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from claimledger.errors import ProfileError

PROFILE_PACKAGE = "claimledger.profiles"
DEFAULT_PROFILE = "nagorno_karabakh_2020"


@dataclass(frozen=True, slots=True)
class Side:
    """A party to the war. `aliases` are the names and adjectives that denote it."""

    name: str
    aliases: tuple[str, ...]
    # Words only this side's own statements use for itself or the war ("Artsakh", "Karabakh is Azerbaijan").
    self_terms: tuple[str, ...] = ()
    # Web domains of this side's official publishers, used to tell who wrote a document.
    domains: tuple[str, ...] = ()
    # Where its government sits: an office that signs a statement without naming its side ("Press service of
    # the Ministry of Territorial Administration", datelined "Yerevan, ...") is that side's.
    capitals: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Party:
    """A person or organisation whose statements may be reported; `affiliation` is the claimant named for them."""

    name: str
    affiliation: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EquipmentType:
    """Designations of one kind of equipment ("T-72" is a tank); `category` is a SCHEMA.md materiel category."""

    category: str
    patterns: tuple[str, ...]
    # The category in the visually confirmed loss lists analysts use (Oryx's 24 categories).
    oryx: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A place with every name the sides and transliterations give it; the first name is the display name."""

    names: tuple[str, ...]
    kind: str
    country: str = ""

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass(frozen=True, eq=False)  # hashed by identity: profiles are loaded once and cached by id
class Profile:
    id: str
    title: str
    sides: tuple[Side, ...]
    people: tuple[Party, ...] = ()
    organizations: tuple[Party, ...] = ()
    equipment: tuple[EquipmentType, ...] = ()
    places: tuple[Place, ...] = ()
    # Year assumed for dates written without one when the document gives no date either.
    default_year: int | None = None
    _side_by_name: dict[str, Side] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._side_by_name.update({s.name: s for s in self.sides})

    def side(self, name: str) -> Side:
        return self._side_by_name[name]

    def opposite(self, side_name: str | None) -> str | None:
        """The other side of a two-sided war; None when there is no single other side."""
        if side_name is None or side_name not in self._side_by_name or len(self.sides) != 2:
            return None
        return next(s.name for s in self.sides if s.name != side_name)


def _strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _required(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"{where}: '{key}' is required and must be a non-empty string")
    return value


def _side(table: dict, entry: str, where: str) -> Side:
    """A side (or a party of data/parties.toml) from its TOML table; `entry` and `where` name it in errors."""
    return Side(name=_required(table, "name", entry), aliases=_strings(table, "aliases", where),
                self_terms=_strings(table, "self_terms", where), domains=_strings(table, "domains", where),
                capitals=_strings(table, "capitals", where))


def parse_profile(data: dict, source: str) -> Profile:
    """Build a Profile from parsed TOML, with errors that name the file and the entry."""
    meta = data.get("profile")
    if not isinstance(meta, dict):
        raise ProfileError(f"{source}: missing [profile] table with 'id' and 'title'")
    sides = tuple(_side(s, f"{source} [[sides]] #{i + 1}", f"{source} side {s.get('name')}")
                  for i, s in enumerate(data.get("sides", [])))
    if len(sides) < 2:
        raise ProfileError(f"{source}: a profile needs at least two [[sides]]")

    def parties(key: str) -> tuple[Party, ...]:
        out = []
        for i, p in enumerate(data.get(key, [])):
            where = f"{source} [[{key}]] #{i + 1}"
            out.append(Party(_required(p, "name", where), _required(p, "affiliation", where), _strings(p, "aliases", where)))
        return tuple(out)

    equipment = []
    for i, e in enumerate(data.get("equipment", [])):
        where = f"{source} [[equipment]] #{i + 1}"
        patterns = _strings(e, "patterns", where)
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ProfileError(f"{where}: pattern {pattern!r} is not a valid regular expression: {exc}") from exc
        equipment.append(EquipmentType(_required(e, "category", where), patterns, e.get("oryx", "")))
    places = []
    for i, p in enumerate(data.get("places", [])):
        where = f"{source} [[places]] #{i + 1}"
        names = _strings(p, "names", where)
        if not names:
            raise ProfileError(f"{where}: 'names' must list at least one name")
        places.append(Place(names, p.get("kind", "place"), p.get("country", "")))
    default_year = meta.get("default_year")
    if default_year is not None and not isinstance(default_year, int):
        raise ProfileError(f"{source}: [profile] default_year must be an integer")
    profile = Profile(
        id=_required(meta, "id", f"{source} [profile]"),
        title=_required(meta, "title", f"{source} [profile]"),
        sides=sides,
        people=parties("people"),
        organizations=parties("organizations"),
        equipment=tuple(equipment),
        places=tuple(places),
        default_year=default_year,
    )
    return profile


def available_profiles() -> list[str]:
    """Ids of the profiles shipped in the package."""
    folder = resources.files(PROFILE_PACKAGE)
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


@lru_cache(maxsize=32)
def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """A shipped profile by id, or a profile file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        source, raw = str(path), path.read_bytes()
    else:
        resource = resources.files(PROFILE_PACKAGE) / f"{name_or_path}.toml"
        if not resource.is_file():
            known = ", ".join(available_profiles())
            raise ProfileError(f"unknown profile {name_or_path!r}: give one of {known}, or the path of a .toml profile")
        source, raw = f"{name_or_path}.toml", resource.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
    return parse_profile(data, source)


def _alias_pattern(profile: Profile) -> re.Pattern[str]:
    terms = {alias for side in profile.sides for alias in side.aliases}
    terms |= {name for place in profile.places for name in place.names}
    return _names_pattern(terms)


def _names_pattern(names: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")


GENERIC_PROFILE = "generic"
PARTIES_RESOURCE = "data/parties.toml"


@lru_cache(maxsize=1)
def world_parties() -> tuple[Side, ...]:
    """The parties of wars without a profile (data/parties.toml), each as a side a generic profile can take."""
    source = PARTIES_RESOURCE
    try:
        data = tomllib.loads((resources.files("claimledger") / PARTIES_RESOURCE).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
    parties = []
    for i, p in enumerate(data.get("parties", [])):
        where = f"{source} [[parties]] #{i + 1}"
        parties.append(_side(p, where, where))
    return tuple(parties)


@lru_cache(maxsize=1)
def _world_matchers() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """One matcher of the parties' names and one of their own words: "Israeli aggression" names Israel and is
    a statement of the other side, so the two are counted apart."""
    names = {alias: party.name for party in world_parties() for alias in party.aliases}
    own_words = {term: party.name for party in world_parties() for term in party.self_terms}
    return tuple((_names_pattern(set(table)), table) for table in (names, own_words) if table)


def parties_named(text: str) -> Counter[str]:
    """How often the text names each party of data/parties.toml, or uses the words only that party uses."""
    return Counter(table[m.group()] for pattern, table in _world_matchers() for m in pattern.finditer(text))


@lru_cache(maxsize=64)
def generic_profile(*side_names: str) -> Profile:
    """A profile for a war claimledger has no profile of: its sides are the parties the text names.

    The other parties of data/parties.toml are its organisations, each reporting for itself: a statement of Israel
    and Hezbollah that quotes the Lebanese health ministry gives that toll to Lebanon, not to its author. Cached by
    the sides, so the matchers built for it are compiled once per pair of parties.
    """
    by_name = {party.name: party for party in world_parties()}
    sides = tuple(by_name[name] for name in side_names)
    named = " and ".join(side_names) if side_names else "no party"
    # Not an alias that a side's starts with: "Palestinian" is Palestine's, but "Palestinian Islamic Jihad" is the
    # side's own name, matched where it starts.
    side_aliases = [alias for side in sides for alias in side.aliases]
    others = tuple(Party(party.name, party.name, tuple(alias for alias in party.aliases if not any(
        own.startswith(alias + " ") for own in side_aliases))) for party in world_parties()
        if party.name not in side_names)
    return Profile(id=GENERIC_PROFILE, title=f"no profile fits: sides as the text names them ({named})", sides=sides,
                   organizations=others)


@dataclass(frozen=True, slots=True)
class ProfileChoice:
    """The profile `--profile auto` reads a text with, and why, in words for the user."""

    profile: Profile
    reason: str


def explain_profile_choice(text: str, candidates: list[str] | None = None) -> ProfileChoice:
    """The shipped profile whose sides and places a text names most often, or a generic one.

    A text is read with a profile's war only when it names that war: both of its sides, or one of its
    places. One that names the parties of another war instead ("Russian and Syrian airstrikes in
    Idlib", "Israeli strikes on Gaza") is not read with a wrong war's profile: it gets a generic
    profile whose sides are the two parties it names most (data/parties.toml).
    """
    fits: dict[str, tuple[bool, int]] = {}
    for profile_id in candidates or available_profiles():
        profile = load_profile(profile_id)
        names = [m.group() for m in _alias_pattern(profile).finditer(text)]
        sides_named = {side.name for side in profile.sides if any(n in side.aliases for n in names)}
        places_named = any(n in place.names for n in names for place in profile.places)
        fits[profile_id] = (len(sides_named) == len(profile.sides) or places_named, len(names))
    best_id = max(fits, key=lambda profile_id: fits[profile_id][1])
    best = load_profile(best_id)
    best_fits, best_hits = fits[best_id]
    others = ", ".join(f"{pid}: {n}" for pid, (_, n) in sorted(fits.items()) if pid != best_id)
    own_sides = {side.name for side in best.sides}
    named = parties_named(text)
    foreign = sum(n for name, n in named.items() if name not in own_sides)
    if best_hits == 0 or (foreign and (not best_fits or foreign > best_hits)):
        top = [name for name, _ in named.most_common(2)]
        listed = ", ".join(f"{name} ({named[name]})" for name in top) or "none"
        return ProfileChoice(generic_profile(*top), f"no profile fits ({best_id}: {best_hits} names"
                             f"{', ' + others if others else ''}); sides as the text names them: {listed}")
    return ProfileChoice(best, f"{best_id}: its sides and places are named {best_hits} times"
                         + (f" ({others})" if others else ""))


def choose_profile(text: str, candidates: list[str] | None = None) -> Profile:
    """The profile `--profile auto` reads a text with (see `explain_profile_choice`)."""
    return explain_profile_choice(text, candidates).profile
