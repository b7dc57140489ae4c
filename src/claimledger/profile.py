"""Conflict profiles: what claimledger knows of one war, kept as a TOML data file.

A profile names the sides and every way statements refer to them, the people and
organisations whose claims get reported, the equipment designations used in that war and
the places it is fought over (each with every side's name). A new war is a new file in
`claimledger/profiles/`, or any TOML file passed by path.
"""

from __future__ import annotations

import re
import tomllib
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


def parse_profile(data: dict, source: str) -> Profile:
    """Build a Profile from parsed TOML, with errors that name the file and the entry."""
    meta = data.get("profile")
    if not isinstance(meta, dict):
        raise ProfileError(f"{source}: missing [profile] table with 'id' and 'title'")
    sides = tuple(
        Side(
            name=_required(s, "name", f"{source} [[sides]] #{i + 1}"),
            aliases=_strings(s, "aliases", f"{source} side {s.get('name')}"),
            self_terms=_strings(s, "self_terms", f"{source} side {s.get('name')}"),
            domains=_strings(s, "domains", f"{source} side {s.get('name')}"),
        )
        for i, s in enumerate(data.get("sides", []))
    )
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
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")\b")


def choose_profile(text: str, candidates: list[str] | None = None) -> Profile:
    """The shipped profile whose sides and places a text names most often (the `--profile auto` choice)."""
    best, best_hits = load_profile(DEFAULT_PROFILE), -1
    for profile_id in candidates or available_profiles():
        profile = load_profile(profile_id)
        hits = len(_alias_pattern(profile).findall(text))
        if hits > best_hits:
            best, best_hits = profile, hits
    return best
