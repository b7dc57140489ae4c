"""Build the shipped gazetteer, src/claimledger/data/gazetteer_az_am.jsonl.gz.

    .venv/bin/python scripts/build_gazetteer.py [--source DIR] [--overrides FILE] [--out FILE]

Reads the three CSV files of `../shared/data/gazetteer/` (Who's On First and GeoNames rows for
Azerbaijan and Armenia and the hand-checked Karabakh crosswalk; their SOURCE.md says how they
were made) and the curated corrections in `src/claimledger/data/gazetteer_overrides.toml`.
The output is the same bytes for the same inputs: rebuild after changing either, and
tests/test_gazetteer.py checks that the shipped file is up to date.

What is kept and how:
- WOF rows that are neither deprecated nor superseded: the countries; AZ macroregions (the
  economic regions) as regions; WOF regions as districts in AZ (rayons and cities with
  district status) and as regions in AM (marzer); localities as cities, towns or villages;
  neighbourhoods. County rows are left out: in AZ they are WOF's pre-2017 rayon layer (all
  deprecated but one duplicate), in AM the Soviet raions abolished in 1995. AM localadmins
  (communities, each named like its village) are kept only as the village itself where WOF
  has no locality of that name within 5 km. A town WOF has twice (two localities with one
  Wikidata id within 2 km, one without a GeoNames id) is kept once, with the names of both.
- GeoNames cities500 rows are merged into the WOF record with their geonameid, else into a
  settlement of the same name within 5 km that has none, else kept as places of their own.
- Names: WOF's az, hy, en, ru names, its variants and the GeoNames alternate names; a name
  of unknown language is tagged 'hy' in Armenian script, 'ru' in Cyrillic, else 'und'.
- The English name: for AZ, the GeoNames name when it is plain ASCII, else the Azerbaijani
  name spelled as in English (Qubadlı -> Gubadli); for AM, the GeoNames or WOF name.
- Parent: a neighbourhood's city; a settlement's district (AZ) or region (AM) as WOF places
  it; where WOF places it nowhere, or in the other country, the district most of its 5
  nearest placed neighbours share (the nearest within 15 km, 3 of 5 agreeing), else its country.
- Kind of a settlement: `claimledger.gazetteer.settlement_kind` (population, GeoNames feature
  code, and whether its district is named after it).
- Corrections: the overrides (drops before the GeoNames rows are merged, fixes and additions
  after), and the crosswalk's spellings as English names of the records it chose. Parents and
  kinds are derived last, except where an override sets them.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import sys
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.gazetteer import (BUNDLED_DATA, KINDS, NAME_LANGS, SIDES, GazetteerPlace, PlaceName, name_keys,
                                   script_lang, settlement_kind, write_places)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "claimledger" / "data"
DEFAULT_SOURCE = Path(os.environ.get("CLAIMLEDGER_SHARED", REPO.parent / "shared")) / "data" / "gazetteer"
WOF_FILE = "wof_az_am_places.csv"
CITIES_FILE = "geonames_cities500_az_am.csv"
CROSSWALK_FILE = "karabakh_targets_crosswalk.csv"
OVERRIDES_FILE = DATA / "gazetteer_overrides.toml"

COUNTRY_IDS = {"AZ": "wof:85632717", "AM": "wof:85632773"}
# Two records of one settlement (a cities500 row and a WOF record, a community and its village) lie this close.
SAME_PLACE_KM = 5.0
# Two WOF localities with one Wikidata id are one town when this close.
DUPLICATE_KM = 2.0
# A settlement WOF does not place takes the district of its nearest placed neighbours.
NEIGHBOURS = 5
NEIGHBOURS_AGREEING = 3
NEIGHBOUR_KM = 15.0
# Coordinates of added places derived from neighbours are given to 0.01° (about 1 km): they are an area, not a point.
NEAR_DECIMALS = 2
COORDINATE_DECIMALS = 5
SETTLEMENT_TYPES = ("locality", "localadmin", "neighbourhood", "cities500")
CROSSWALK_CONFIDENCE = ("high", "medium")

_AZERBAIJANI_TO_ENGLISH = str.maketrans({
    "ə": "a", "Ə": "A", "x": "kh", "X": "Kh", "q": "g", "Q": "G", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh",
    "ğ": "gh", "Ğ": "Gh", "ı": "i", "I": "I", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U",
})
# c is j, but not in the "ch" of a name already spelled the English way ("Chyrakhly").
_AZERBAIJANI_C = re.compile(r"[cC](?!h)")
_DISTRICT_SUFFIX = re.compile(r"\s+(?:rayonu|rayon|şəhəri)$", re.IGNORECASE)
_ENGLISH_LOOKING = re.compile(r"[A-Za-z][A-Za-z0-9 '’.()\-]*")


class BuildError(Exception):
    """The inputs are inconsistent: the message says what to fix."""


@dataclass
class Draft:
    """A place being built: its source fields, then what the build derives."""

    id: str
    country: str
    lat: float
    lon: float
    source_type: str  # the WOF placetype, 'cities500' or 'override'
    names: list[PlaceName]
    name: str = ""
    kind: str = ""
    parent_id: str | None = None
    population: int | None = None
    wikidata: str | None = None
    geonames_id: int | None = None
    feature_code: str | None = None
    wof_parent: str | None = None
    wof_region: str | None = None
    fixed: set[str] = field(default_factory=set)  # fields an override set, not derived

    def add_names(self, names: list[PlaceName]) -> None:
        known = {name.text for name in self.names}
        for name in names:
            if name.text and name.text not in known:
                self.names.append(name)
                known.add(name.text)

    def keys(self) -> set[str]:
        return {key for name in self.names for key in name_keys(name.text)}


# --------------------------------------------------------------------------- reading


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise BuildError(f"{path}: no such file; give the folder of the shared gazetteer data with --source")
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def wof_drafts(rows: list[dict[str, str]]) -> dict[str, Draft]:
    current = [row for row in rows if not row["deprecated"] and not row["superseded_by"]]
    drafts: dict[str, Draft] = {}
    communities = []
    for row in current:
        if row["placetype"] not in ("country", "macroregion", "region", "locality", "localadmin", "neighbourhood"):
            continue
        names = [PlaceName(row[column], lang) for column, lang in
                 (("name_az", "az"), ("name_hy", "hy"), ("name_en", "en"), ("name_ru", "ru"))]
        names += [PlaceName(text, script_lang(text)) for text in [row["name"], *row["variants"].split("|")]]
        draft = Draft(
            id=f"wof:{row['wof_id']}", country=row["country"], lat=float(row["lat"]), lon=float(row["lon"]),
            source_type=row["placetype"], names=[], population=int(row["population_gn"] or 0) or None,
            wikidata=row["wikidata"] or None, geonames_id=int(row["geonameid"]) if row["geonameid"] else None,
            feature_code=row["gn_feature_code"] or None, wof_parent=_wof_id(row["parent_id"]),
            wof_region=_wof_id(row["region_id"]),
        )
        draft.add_names(names)
        draft.name = english_name(draft, row)
        if row["placetype"] == "localadmin":
            communities.append(draft)
        else:
            drafts[draft.id] = draft
    _merge_duplicate_localities(drafts)
    localities = PointIndex([d for d in drafts.values() if d.source_type == "locality"])
    for community in communities:
        if not any(d.keys() & community.keys() for _, d in localities.nearest(community, SAME_PLACE_KM)):
            drafts[community.id] = community
    return drafts


def _merge_duplicate_localities(drafts: dict[str, Draft]) -> None:
    """WOF has some towns twice (Stepanakert, Lənkəran, Qəbələ...): two localities with one Wikidata id, a
    kilometre or two apart, one of them without a GeoNames id. That one's names go to the other and it is left out."""
    by_wikidata: dict[str, list[Draft]] = {}
    for draft in drafts.values():
        if draft.source_type == "locality" and draft.wikidata:
            by_wikidata.setdefault(draft.wikidata, []).append(draft)
    for same in by_wikidata.values():
        kept = [d for d in same if d.geonames_id is not None]
        if len(kept) != 1:
            continue
        for duplicate in same:
            if duplicate.geonames_id is None and distance_km(duplicate, kept[0]) <= DUPLICATE_KM:
                kept[0].add_names(duplicate.names)
                del drafts[duplicate.id]


def _wof_id(value: str) -> str | None:
    return f"wof:{value}" if value and not value.startswith("-") else None


def english_name(draft: Draft, row: dict[str, str]) -> str:
    if row["placetype"] in ("country", "macroregion"):  # WOF's names for these are English
        return row["name_en"] or row["name"]
    if draft.country == "AZ":
        azerbaijani = _DISTRICT_SUFFIX.sub("", row["name_az"] or row["name"])
        return as_english(azerbaijani)
    for candidate in (row["name"], row["name_en"]):
        if _ENGLISH_LOOKING.fullmatch(candidate):
            return candidate
    return row["name"]


def as_english(azerbaijani: str) -> str:
    """An Azerbaijani name spelled as English texts spell it: Qubadlı -> Gubadli, Xankəndi -> Khankandi."""
    text = _AZERBAIJANI_C.sub(lambda m: "j" if m.group() == "c" else "J", unicodedata.normalize("NFC", azerbaijani))
    text = text.translate(_AZERBAIJANI_TO_ENGLISH)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def merge_cities500(drafts: dict[str, Draft], rows: list[dict[str, str]]) -> None:
    by_geonames_id: dict[int, Draft] = {}
    for draft in drafts.values():
        if draft.geonames_id is not None and draft.source_type in SETTLEMENT_TYPES:
            if draft.geonames_id in by_geonames_id:
                raise BuildError(f"{draft.id} and {by_geonames_id[draft.geonames_id].id} have one GeoNames id "
                                 f"({draft.geonames_id}); drop one or clear its id in the overrides")
            by_geonames_id[draft.geonames_id] = draft
    settlements = PointIndex([d for d in drafts.values() if d.source_type in SETTLEMENT_TYPES])
    for row in rows:
        geonames_id = int(row["geonameid"])
        names = [PlaceName(text, script_lang(text)) for text in [row["name"], *row["alternatenames"].split("|")]]
        population = int(row["population"] or 0) or None
        draft = by_geonames_id.get(geonames_id)
        if draft is None:
            here = Draft(id=f"gn:{geonames_id}", country=row["country"], lat=float(row["lat"]), lon=float(row["lon"]),
                         source_type="cities500", names=[])
            keys = set(name_keys(row["name"]))
            draft = next((d for _, d in settlements.nearest(here, SAME_PLACE_KM)
                          if d.geonames_id is None and d.keys() & keys), None)
            if draft is None:
                draft = drafts[here.id] = here
            draft.geonames_id = geonames_id
        draft.add_names(names)
        draft.population = population or draft.population
        if _ENGLISH_LOOKING.fullmatch(row["name"]):
            draft.name = row["name"]
        elif not draft.name:
            draft.name = as_english(row["name"])


# --------------------------------------------------------------------------- geometry


def distance_km(a: Draft, b: Draft) -> float:
    # Equirectangular: exact enough within the few kilometres it decides on.
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


class PointIndex:
    """Drafts by latitude, to find the ones near a point without measuring the distance to all of them."""

    def __init__(self, drafts: list[Draft]) -> None:
        self._drafts = sorted(drafts, key=lambda d: (d.lat, d.id))
        self._latitudes = [d.lat for d in self._drafts]

    def nearest(self, draft: Draft, km: float, limit: int | None = None) -> list[tuple[float, Draft]]:
        """The drafts within `km` of `draft` in its country (not itself), nearest first, with their distance."""
        span = km / 110.0  # a degree of latitude is at least 110 km
        window = self._drafts[bisect_left(self._latitudes, draft.lat - span):
                              bisect_right(self._latitudes, draft.lat + span)]
        found = sorted(((distance_km(draft, d), d.id, d) for d in window
                        if d.id != draft.id and d.country == draft.country), key=lambda item: (item[0], item[1]))
        return [(distance, d) for distance, _, d in found if distance <= km][:limit]


# --------------------------------------------------------------------------- overrides


OVERRIDE_KEYS = {
    "drop": {"id", "note"},
    "fix": {"id", "ids", "note", "name", "kind", "parent", "clear", "drop_names", "names", "sides"},
    "add": {"id", "note", "name", "kind", "country", "parent", "lat", "lon", "near", "names", "sides", "wikidata",
            "geonames_id", "population"},
    "crosswalk_skip": {"spelling", "note"},
}
CLEARABLE = {"geonames_id", "wikidata", "population"}


def read_overrides(path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        overrides = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise BuildError(f"{path}: cannot be read ({err})") from None
    for section, entries in overrides.items():
        if section not in OVERRIDE_KEYS:
            raise BuildError(f"{path}: unknown section [[{section}]]; the sections are {', '.join(OVERRIDE_KEYS)}")
        for entry in entries:
            label = entry.get("id") or entry.get("ids") or entry.get("spelling")
            unknown = set(entry) - OVERRIDE_KEYS[section]
            if unknown:
                raise BuildError(f"{path}: [[{section}]] {label}: unknown keys {', '.join(sorted(unknown))}")
            if not str(entry.get("note", "")).strip():
                raise BuildError(f"{path}: [[{section}]] {label}: every override needs a note saying why")
            for name in entry.get("names", []):
                if not (isinstance(name, list) and len(name) == 2 and name[1] in NAME_LANGS):
                    raise BuildError(f"{path}: [[{section}]] {label}: name {name!r} is not [text, lang] with lang "
                                     f"one of {', '.join(NAME_LANGS)}")
    return overrides


def apply_drops(drafts: dict[str, Draft], overrides: dict[str, list[dict[str, Any]]]) -> None:
    for entry in overrides.get("drop", []):
        if drafts.pop(entry["id"], None) is None:
            raise BuildError(f"overrides: [[drop]] {entry['id']} is not in the data (any more?)")


def apply_fixes(drafts: dict[str, Draft], overrides: dict[str, list[dict[str, Any]]]) -> None:
    for entry in overrides.get("fix", []):
        for place_id in entry.get("ids", [entry.get("id")]):
            _fix(_existing(drafts, place_id, "overrides: [[fix]]"), entry)


def _fix(draft: Draft, entry: dict[str, Any]) -> None:
    dropped = set(entry.get("drop_names", []))
    missing = dropped - {name.text for name in draft.names}
    if missing:
        raise BuildError(f"overrides: [[fix]] {draft.id}: it has no name {', '.join(sorted(missing))}")
    draft.names = [name for name in draft.names if name.text not in dropped]
    for field_name in entry.get("clear", []):
        if field_name not in CLEARABLE:
            raise BuildError(f"overrides: [[fix]] {draft.id}: {field_name} cannot be cleared")
        setattr(draft, field_name, None)
    _set_fields(draft, entry)


def apply_adds(drafts: dict[str, Draft], overrides: dict[str, list[dict[str, Any]]]) -> None:
    for entry in overrides.get("add", []):
        if entry["id"] in drafts:
            raise BuildError(f"overrides: [[add]] {entry['id']} is already in the data")
        needed = {"name", "kind", "country"} | ({"parent"} if entry.get("kind") != "country" else set())
        missing = needed - set(entry) | ({"near or lat and lon"} if "near" not in entry and not
                                         {"lat", "lon"} <= set(entry) else set())
        if missing:
            raise BuildError(f"overrides: [[add]] {entry['id']}: give {', '.join(sorted(missing))}")
        if "near" in entry:
            near = [_existing(drafts, place_id, f"overrides: [[add]] {entry['id']}") for place_id in entry["near"]]
            lat = round(sum(d.lat for d in near) / len(near), NEAR_DECIMALS)
            lon = round(sum(d.lon for d in near) / len(near), NEAR_DECIMALS)
        else:
            lat, lon = float(entry["lat"]), float(entry["lon"])
        draft = Draft(id=entry["id"], country=entry["country"], lat=lat, lon=lon, source_type="override", names=[],
                      wikidata=entry.get("wikidata"), geonames_id=entry.get("geonames_id"),
                      population=entry.get("population"))
        _set_fields(draft, entry)
        drafts[draft.id] = draft


def _set_fields(draft: Draft, entry: dict[str, Any]) -> None:
    for key, field_name in (("name", "name"), ("kind", "kind"), ("parent", "parent_id")):
        if key in entry:
            setattr(draft, field_name, entry[key])
            draft.fixed.add(field_name)
    sides = entry.get("sides", {})
    if set(sides) - set(SIDES):
        raise BuildError(f"overrides: {draft.id}: sides are {' and '.join(SIDES)}")
    side_names = [PlaceName(sides[side], "en", side) for side in SIDES if side in sides]
    draft.names = [name for name in draft.names if name.text not in sides.values()]
    draft.names[:0] = side_names
    # A name the override gives that the record already has keeps its place and takes the override's language.
    given = {text: PlaceName(text, lang) for text, lang in entry.get("names", [])}
    draft.names = [given.pop(name.text, name) if name.side is None else name for name in draft.names]
    draft.names += given.values()


def _existing(drafts: dict[str, Draft], place_id: str, needed_by: str) -> Draft:
    if place_id not in drafts:
        raise BuildError(f"{needed_by} refers to {place_id}, which is not in the data (any more?)")
    return drafts[place_id]


def add_crosswalk_spellings(drafts: dict[str, Draft], rows: list[dict[str, str]],
                            overrides: dict[str, list[dict[str, Any]]]) -> None:
    """The crosswalk's spellings of each target become English names of the record it chose for it."""
    skipped = {entry["spelling"] for entry in overrides.get("crosswalk_skip", [])}
    for row in rows:
        if row["confidence"] not in CROSSWALK_CONFIDENCE:
            continue
        draft = _existing(drafts, f"wof:{row['wof_id']}", f"the crosswalk row {row['target']!r}")
        draft.add_names([PlaceName(spelling.strip(), "en") for spelling in row["target"].split("/")
                         if spelling.strip() not in skipped])


# --------------------------------------------------------------------------- derived fields


def derive_kinds_and_parents(drafts: dict[str, Draft]) -> None:
    kinds = {"country": "country", "macroregion": "region", "neighbourhood": "neighbourhood"}
    for draft in drafts.values():
        if "kind" not in draft.fixed and draft.source_type in kinds:
            draft.kind = kinds[draft.source_type]
        elif "kind" not in draft.fixed and draft.source_type == "region":
            draft.kind = "district" if draft.country == "AZ" else "region"
    for draft in drafts.values():
        if "parent_id" in draft.fixed:
            continue
        if draft.kind == "country":
            draft.parent_id = None
        elif draft.kind in ("region", "district"):
            # An AZ district lies in its economic region; the regions lie in their country.
            parent = drafts.get(draft.wof_parent or "")
            if draft.kind == "district" and parent is not None and parent.kind == "region":
                draft.parent_id = parent.id
            else:
                draft.parent_id = COUNTRY_IDS[draft.country]
        else:
            draft.parent_id = _placed_parent(draft, drafts)
    _infer_parents(drafts)
    for draft in drafts.values():
        if not draft.kind:
            parent = drafts.get(draft.parent_id or "")
            seat = parent is not None and parent.kind == "district" and bool(_own_keys(draft) & _own_keys(parent))
            draft.kind = settlement_kind(draft.feature_code, draft.population, seat=seat)


def _placed_parent(draft: Draft, drafts: dict[str, Draft]) -> str | None:
    """The city of a neighbourhood, or the district or region WOF places a settlement in (in its own country)."""
    parent = drafts.get(draft.wof_parent or "")
    if draft.source_type == "neighbourhood" and parent is not None and parent.source_type == "locality":
        return parent.id
    for candidate in (drafts.get(draft.wof_region or ""), parent):
        if candidate is not None and candidate.kind in ("district", "region") and candidate.country == draft.country:
            return candidate.id
    return None


def _infer_parents(drafts: dict[str, Draft]) -> None:
    placed = PointIndex([d for d in drafts.values() if d.source_type in SETTLEMENT_TYPES and d.parent_id is not None
                         and drafts[d.parent_id].kind in ("district", "region")])
    for draft in drafts.values():
        if draft.parent_id is not None or draft.kind == "country":
            continue
        # The 5 nearest within a wide radius; the nearest of them must be within NEIGHBOUR_KM.
        near = placed.nearest(draft, 4 * NEIGHBOUR_KM, NEIGHBOURS)
        best = Counter(d.parent_id for _, d in near).most_common(1)
        if near and near[0][0] <= NEIGHBOUR_KM and best[0][1] >= NEIGHBOURS_AGREEING:
            draft.parent_id = best[0][0]
        else:
            draft.parent_id = COUNTRY_IDS[draft.country]


def _own_keys(draft: Draft) -> set[str]:
    return set(name_keys(draft.name)) | {key for name in draft.names if name.lang in ("az", "en")
                                         for key in name_keys(name.text)}


# --------------------------------------------------------------------------- checks and output


def check(drafts: dict[str, Draft], crosswalk: list[dict[str, str]]) -> None:
    problems = []
    by_geonames_id: dict[int, str] = {}
    for draft in drafts.values():
        if draft.kind not in KINDS:
            problems.append(f"{draft.id}: kind {draft.kind!r}")
        if not draft.name or not draft.names:
            problems.append(f"{draft.id}: no name")
        if draft.parent_id is not None and draft.parent_id not in drafts:
            problems.append(f"{draft.id}: parent {draft.parent_id} is not in the data")
        problems += [f"{draft.id}: name {n.text!r} has language {n.lang!r}" for n in draft.names
                     if n.lang not in NAME_LANGS]
        if draft.geonames_id is not None:
            if draft.geonames_id in by_geonames_id:
                problems.append(f"{draft.id} and {by_geonames_id[draft.geonames_id]} have one GeoNames id "
                                f"({draft.geonames_id}); clear the wrong one in the overrides")
            by_geonames_id[draft.geonames_id] = draft.id
    for row in crosswalk:
        if row["confidence"] in CROSSWALK_CONFIDENCE and f"wof:{row['wof_id']}" not in drafts:
            problems.append(f"the crosswalk's record for {row['target']!r}, wof:{row['wof_id']}, was left out")
    if problems:
        raise BuildError("the gazetteer is inconsistent:\n  " + "\n  ".join(problems))


def build(source: Path, overrides_path: Path) -> list[GazetteerPlace]:
    overrides = read_overrides(overrides_path)
    drafts = wof_drafts(read_csv(source / WOF_FILE))
    apply_drops(drafts, overrides)  # first: a dropped duplicate must not take a GeoNames row
    merge_cities500(drafts, read_csv(source / CITIES_FILE))
    apply_fixes(drafts, overrides)
    apply_adds(drafts, overrides)
    crosswalk = read_csv(source / CROSSWALK_FILE)
    add_crosswalk_spellings(drafts, crosswalk, overrides)
    derive_kinds_and_parents(drafts)
    check(drafts, crosswalk)
    return [
        GazetteerPlace(id=d.id, name=d.name, kind=d.kind, country=d.country, lat=round(d.lat, COORDINATE_DECIMALS),
                       lon=round(d.lon, COORDINATE_DECIMALS), parent_id=d.parent_id, names=tuple(d.names),
                       population=d.population, wikidata=d.wikidata, geonames_id=d.geonames_id)
        for d in sorted(drafts.values(), key=lambda d: d.id)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help=f"folder of the shared gazetteer CSV files (default: {DEFAULT_SOURCE})")
    parser.add_argument("--overrides", type=Path, default=OVERRIDES_FILE, help="the curated overrides (TOML)")
    parser.add_argument("--out", type=Path, default=DATA / BUNDLED_DATA, help="the file to write")
    args = parser.parse_args(argv)
    try:
        places = build(args.source, args.overrides)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    write_places(places, args.out)
    kinds = Counter(place.kind for place in places)
    print(f"{args.out}: {len(places)} places ({', '.join(f'{kinds[k]} {k}' for k in KINDS if kinds[k])}), "
          f"{sum(len(p.names) for p in places)} names, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
