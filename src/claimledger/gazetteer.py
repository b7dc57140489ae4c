"""The gazetteer: the places of Azerbaijan and Armenia with every side's names, and a fast lookup.

In this war almost every place has two names, one per side (Stepanakert/Khankendi,
Shushi/Shusha), and many transliterations (Tartar, Terter, Tərtər). The gazetteer holds each
place once with all its names, each tagged with a language ('az', 'hy', 'en', 'ru', or 'und'
when unknown); the English names each side of the war uses also carry that side ('az' or
'hy'), so that `display()` shows both: "Khankendi / Stepanakert".

The shipped data, `data/gazetteer_az_am.jsonl.gz`, is built by `scripts/build_gazetteer.py`
from Who's On First and GeoNames with the corrections in `data/gazetteer_overrides.toml`
(sources and licences: `data/ATTRIBUTION.md`). More places can be read from any GeoNames dump
(`read_geonames_dump`), stored in a ledger and added with `Gazetteer.with_places`.

Matching: a name is reduced to a few keys (`name_keys`): case, diacritics and Armenian and
Cyrillic script are folded away, and Azerbaijani Latin letters are read both the way English
spells them (Qubadlı -> gubadli, Xankəndi -> khankandi) and as plain letters (qubadli), so
that "Gubadli", "Qubadli" and "Qubadlı" meet. Two names match when they share a key. Only when
no name matches that way does a lookup try a close spelling (one edit off, two for long names)
among names written in the query's script.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from claimledger.errors import GazetteerError, GeoNamesLineError

KINDS = ("country", "region", "district", "city", "town", "village", "neighbourhood", "height")
NAME_LANGS = ("az", "hy", "en", "ru", "und")
SIDES = ("az", "hy")
BUNDLED_DATA = "gazetteer_az_am.jsonl.gz"
# A bare name is more often the country or the city than the district or the village of that
# name; lookups list every match in this order and the caller decides with its context.
RESULT_ORDER = ("country", "city", "town", "district", "region", "village", "neighbourhood", "height")
CITY_POPULATION = 50_000
TOWN_POPULATION = 5_000
# Close spellings are tried only for names this long, at most one edit off (two from 9 letters).
FUZZY_MIN_LENGTH = 5
FUZZY_TWO_EDITS_LENGTH = 9
GEONAMES_COLUMNS = 19
# A dump is read line by line; progress is told every this many lines (allCountries.txt has 13 million).
PROGRESS_LINES = 1000

_KIND_RANK = {kind: rank for rank, kind in enumerate(RESULT_ORDER)}


# --------------------------------------------------------------------------- plain data


@dataclass(frozen=True, slots=True)
class PlaceName:
    text: str
    lang: str  # 'az' | 'hy' | 'en' | 'ru' | 'und'
    # 'az' or 'hy': the English name that side of the war uses for the place ("Khankendi", "Stepanakert").
    side: str | None = None


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    id: str  # 'wof:421193975', 'gn:146970', 'ovr:teke', 'country:IQ'
    name: str  # English display name
    kind: str  # one of KINDS
    country: str  # ISO 3166 alpha-2
    lat: float
    lon: float
    parent_id: str | None
    names: tuple[PlaceName, ...]
    population: int | None = None
    wikidata: str | None = None
    geonames_id: int | None = None

    def display(self) -> str:
        """Both sides' names where they differ, else the English name.

        The two names are in alphabetical order, so that neither side's name comes first by rule:
        "Khankendi / Stepanakert", "Shusha / Shushi".
        """
        by_side: dict[str, str] = {}
        for name in self.names:
            if name.side is not None:
                by_side.setdefault(name.side, name.text)
        shown = sorted(set(by_side.values()), key=str.casefold)
        return " / ".join(shown) if len(shown) > 1 else self.name


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place found by a lookup, with the name of it that matched (`fuzzy`: a close spelling, not an exact one)."""

    place: GazetteerPlace
    name: PlaceName
    fuzzy: bool = False


# --------------------------------------------------------------------------- names


# Words that say what kind of place a name is, dropped at its end: "Ağdam rayonu", "Fuzuli district".
_PLACE_WORD = re.compile(r"(?<=\S)\s+(?:district|region|city|town|village|rayonu|rayon|raion|şəhəri|şəhər|marz|province"
                         r"|oblast|район|շրջան|մարզ)\.?$")
# Apostrophes and aspiration marks of transliterations are dropped, not spaced: "Step'anakert", "K’arvacharr".
_APOSTROPHES = re.compile("['’‘`´ʹʻʼʽʿ՚՛]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_LATIN_LETTER = re.compile("[\u0400-\u052f\u0530-\u058f]")
# The c of "ch", which Azerbaijani hardly writes and English does ("Karvachar"), is hidden behind a
# private-use character while Azerbaijani letters are read, so that it is not read as j.
_CH, _HIDDEN_CH = "ch", "\ue000"
# Azerbaijani Latin letters as English spells them (the spelling of the government's English statements) ...
_AZERBAIJANI_AS_ENGLISH = {"x": "kh", "q": "g", "c": "j", "ç": "ch", "ş": "sh", "ğ": "gh", "ı": "i", "ö": "o", "ü": "u",
                           _HIDDEN_CH: _CH}
_SCHWA_AS_A = str.maketrans({**_AZERBAIJANI_AS_ENGLISH, "ə": "a", "ǝ": "a", "ä": "a"})
# ... and with ə as e, the other usual spelling (Xocavənd -> Khojavend, Tərtər -> Terter).
_SCHWA_AS_E = str.maketrans({**_AZERBAIJANI_AS_ENGLISH, "ə": "e", "ǝ": "e", "ä": "e"})
# Plain letters: only what has no ASCII base letter of its own (Qubadlı -> qubadli, Ağdam -> agdam).
_PLAIN = str.maketrans({"ə": "e", "ǝ": "e", "ı": "i", _HIDDEN_CH: _CH})
_AZERBAIJANI_LETTER = re.compile("[əǝäxqcçşğıöü]")
# Letters Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
                               "ħ": "h", "ŧ": "t"})
# Armenian and Cyrillic (Russian, with the few letters of Ukrainian and Azerbaijani Cyrillic) to
# Latin, close to the BGN/PCGN romanizations English texts use; lower case only (text is casefolded).
_ARMENIAN = str.maketrans({
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y", "թ": "t", "ժ": "zh", "ի": "i",
    "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n",
    "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "ts",
    "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f",
})
_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ә": "a", "ғ": "gh", "ҹ": "j", "ү": "u", "ө": "o", "һ": "h",
    "ҝ": "g", "ј": "y",
})
# Initial Armenian ե/ո and Cyrillic е are read "ye"/"vo" (Երևան, Ոսկեպար, Евлах: Yerevan, Voskepar, Yevlakh).
_WORD_INITIAL = re.compile(r"(?<!\w)(?:ե|ո(?!ւ)|е)")
_WORD_INITIAL_LATIN = {"ե": "ye", "ո": "vo", "е": "ye"}


def name_script(text: str) -> str:
    """'latin', 'armenian', 'cyrillic' or 'other': the script of the first letter of `text`."""
    for char in text:
        if char.isalpha():
            code = ord(char)
            if 0x0530 <= code <= 0x058F or 0xFB13 <= code <= 0xFB17:
                return "armenian"
            if 0x0400 <= code <= 0x052F:
                return "cyrillic"
            if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
                return "latin"
            return "other"
    return "other"


def script_lang(text: str) -> str:
    """The language tag a name of unknown language gets: 'hy' in Armenian script, 'ru' in Cyrillic, else 'und'."""
    return {"armenian": "hy", "cyrillic": "ru"}.get(name_script(text), "und")


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("i\u0307", "i")  # "İ" casefolds to i + dot
    return _PLACE_WORD.sub("", _APOSTROPHES.sub("", text).strip())


def _read_letters(text: str, table: dict[int, str]) -> str:
    return text.replace(_CH, _HIDDEN_CH).translate(table) if _CH in text else text.translate(table)


def _finish(text: str) -> str:
    if _NON_LATIN_LETTER.search(text):
        text = _WORD_INITIAL.sub(lambda m: _WORD_INITIAL_LATIN[m.group()], text).replace("ու", "u")
        text = text.translate(_ARMENIAN).translate(_CYRILLIC)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.translate(_UNDECOMPOSED)
    return " ".join(_NON_WORD.split(text)).strip()


def normalize_name(text: str) -> str:
    """The main matching key of a place name.

    Case and diacritics folded, Azerbaijani letters spelled as in English (ə->a, x->kh, q->g,
    c->j but not in "ch", ç->ch, ş->sh, ğ->gh, ı->i, ö->o, ü->u), Armenian and Cyrillic script
    romanized, apostrophes dropped, other punctuation a space, and a trailing "district",
    "rayonu", "şəhəri", "city"... dropped: "Xankəndi Şəhəri" -> "khankandi", "Степанакерт" ->
    "stepanakert".
    """
    return _finish(_read_letters(_prepare(text), _SCHWA_AS_A))


@lru_cache(maxsize=1 << 18)
def name_keys(text: str) -> tuple[str, ...]:
    """Every key a name is indexed under, `normalize_name` first.

    The others: the same with ə read as e, the plain-letter fold, and the first key without
    its spaces (compounds are written both ways: "Tap Qaraqoyunlu", "Tapqaraqoyunlu").
    "Tərtər" -> ("tartar", "terter"), "Qubadlı" -> ("gubadli", "qubadli"), "Cabrayil" -> ("jabrayil", "cabrayil").
    """
    prepared = _prepare(text)
    # Most names have none of the letters read two ways: one reading, finished once.
    readings = (dict.fromkeys(_read_letters(prepared, table) for table in (_SCHWA_AS_A, _SCHWA_AS_E, _PLAIN))
                if _AZERBAIJANI_LETTER.search(prepared) else (prepared,))
    keys = [_finish(reading) for reading in readings]
    keys.append(keys[0].replace(" ", ""))
    return tuple(key for key in dict.fromkeys(keys) if key)


def settlement_kind(feature_code: str | None, population: int | None, *, seat: bool = False) -> str:
    """City, town or village, from a GeoNames feature code and the population.

    A capital (PPLC) or a place of 50,000 people is a city; the seat of an administrative
    division (PPLA, PPLA2, or `seat`: the settlement its district is named after) or a place
    of 5,000 people is a town; any other populated place is a village.
    """
    people = population or 0
    if feature_code == "PPLC" or people >= CITY_POPULATION:
        return "city"
    if seat or feature_code in ("PPLA", "PPLA2") or people >= TOWN_POPULATION:
        return "town"
    return "village"


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Places and an index of their names. Immutable: `with_places` makes a new one."""

    def __init__(self, places: Iterable[GazetteerPlace]) -> None:
        self._places: dict[str, GazetteerPlace] = {place.id: place for place in places}
        self._by_geonames_id = {place.geonames_id: place.id for place in self._places.values()
                                if place.geonames_id is not None}
        self._order = list(self._places.values())
        # key -> (place position, name position) for every name indexed under that key
        self._index: dict[str, list[tuple[int, int]]] = {}
        for place_position, place in enumerate(self._order):
            for name_position, name in enumerate(place.names):
                for key in name_keys(name.text):
                    self._index.setdefault(key, []).append((place_position, name_position))

    @classmethod
    def bundled(cls) -> Gazetteer:
        """The shipped places of Azerbaijan and Armenia (and the countries statements name), loaded once."""
        return _bundled()

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[GazetteerPlace]:
        return iter(self._order)

    def with_places(self, places: Iterable[GazetteerPlace]) -> Gazetteer:
        """This gazetteer plus `places` (for example those imported into a ledger).

        A place with an id already here replaces it. A place whose GeoNames id a place here
        already has is the same place under another id: its names are added to that place.
        """
        places = list(places)
        if not places:  # a ledger with nothing imported: no new index to build
            return self
        merged = dict(self._places)
        by_geonames_id = dict(self._by_geonames_id)
        for place in places:
            same = by_geonames_id.get(place.geonames_id) if place.geonames_id is not None else None
            if same is not None and same != place.id and place.id not in merged:
                known = merged[same]
                texts = {name.text for name in known.names}
                merged[same] = replace(known, names=known.names + tuple(n for n in place.names if n.text not in texts))
                continue
            merged[place.id] = place
            if place.geonames_id is not None:
                by_geonames_id.setdefault(place.geonames_id, place.id)
        return Gazetteer(merged.values())

    def get(self, place_id: str) -> GazetteerPlace | None:
        """The place with this id; 'gn:N' also finds the place of GeoNames id N under its own id."""
        place = self._places.get(place_id)
        if place is None and place_id.startswith("gn:") and place_id[3:].isdigit():
            same = self._by_geonames_id.get(int(place_id[3:]))
            place = self._places.get(same) if same is not None else None
        return place

    def parent(self, place: GazetteerPlace) -> GazetteerPlace | None:
        return self.get(place.parent_id) if place.parent_id else None

    def ancestors(self, place: GazetteerPlace) -> list[GazetteerPlace]:
        """The parent, its parent and so on up to the country, nearest first."""
        found: list[GazetteerPlace] = []
        seen = {place.id}
        parent = self.parent(place)
        while parent is not None and parent.id not in seen:  # a cycle in imported data must not hang a lookup
            found.append(parent)
            seen.add(parent.id)
            parent = self.parent(parent)
        return found

    def matches(self, name: str) -> list[PlaceMatch]:
        """Every place one of whose names matches `name`, with the name that matched; see `lookup`."""
        script = name_script(name)
        keys = set(name_keys(name))
        hits = self._hits(keys)
        fuzzy = not hits
        if fuzzy:
            keys = set(self._close_keys(name))
            hits = self._hits(keys, script=script)
        found = []
        for position, name_positions in hits.items():
            place = self._order[position]
            # Of the names that matched, show the one written most like the query.
            shown = min(name_positions, key=lambda n: (place.names[n].text.casefold() != name.casefold(),
                                                       name_script(place.names[n].text) != script, n))
            named_so = any(not keys.isdisjoint(name_keys(text)) for text in _main_names(place))
            found.append((_result_rank(place, named_so), PlaceMatch(place, place.names[shown], fuzzy)))
        return [match for _, match in sorted(found, key=lambda item: item[0])]

    def lookup(self, name: str) -> list[GazetteerPlace]:
        """Every place one of whose names matches `name` after `normalize_name`.

        Exact matches of the keys first; only when there is none, the places with the closest
        spelling (one edit off, two for long names) among names in the same script. Ordered by
        kind (country, city, town, district, region, village, neighbourhood, height), then
        population, then whether a main name matched (the English name or a side's name), then
        the number of names (a better-known place has more), then id. Every match is kept:
        "Garadaghli" is fourteen villages, and the caller picks with its context.
        """
        return [match.place for match in self.matches(name)]

    def districts_named(self, name: str) -> list[GazetteerPlace]:
        """The districts and regions matching `name`, for "X district" in a text."""
        return [place for place in self.lookup(name) if place.kind in ("district", "region")]

    def _hits(self, keys: Iterable[str], *, script: str | None = None) -> dict[int, list[int]]:
        """Place position -> positions of its names indexed under any of `keys` (and written in `script`)."""
        hits: dict[int, list[int]] = {}
        for key in keys:
            for place_position, name_position in self._index.get(key, ()):
                if script is None or name_script(self._order[place_position].names[name_position].text) == script:
                    hits.setdefault(place_position, []).append(name_position)
        return hits

    def _close_keys(self, name: str) -> list[str]:
        """The indexed keys nearest to `name`'s (one edit off, two for long names), among names in its script."""
        key = normalize_name(name)
        if len(key) < FUZZY_MIN_LENGTH:
            return []
        edits = 2 if len(key) >= FUZZY_TWO_EDITS_LENGTH else 1
        # Optimal string alignment: a swap of two letters ("Shusah") is one edit, as a typist makes it.
        close = process.extract(key, self._keys_by_script.get(name_script(name), ()), scorer=OSA.distance,
                                score_cutoff=edits, limit=None)
        nearest = min((distance for _, distance, _ in close), default=None)
        return [candidate for candidate, distance, _ in close if distance == nearest]

    @cached_property
    def _keys_by_script(self) -> dict[str, list[str]]:
        # Built on the first close-spelling search only: most lookups never need it.
        keys_by_script: dict[str, set[str]] = {}
        for place in self._order:
            for name in place.names:
                keys_by_script.setdefault(name_script(name.text), set()).update(name_keys(name.text))
        return {script: sorted(keys) for script, keys in keys_by_script.items()}


def _main_names(place: GazetteerPlace) -> Iterator[str]:
    """The English name and the names each side uses: what a place is called, not what it was or is also called."""
    yield place.name
    yield from (name.text for name in place.names if name.side is not None)


def _result_rank(place: GazetteerPlace, named_so: bool) -> tuple[int, int, bool, int, str]:
    # `named_so`: one of the place's main names matched, not only one of its other names ("Talish" is
    # the English name of one village and an old Azerbaijani name of another).
    return (_KIND_RANK.get(place.kind, len(_KIND_RANK)), -(place.population or 0), not named_so, -len(place.names),
            place.id)


@lru_cache(maxsize=1)
def _bundled() -> Gazetteer:
    return Gazetteer(read_places(resources.files("claimledger") / "data" / BUNDLED_DATA))


# --------------------------------------------------------------------------- the data file


def place_to_record(place: GazetteerPlace) -> dict[str, Any]:
    """A place as one JSON object of the data file; names are [text, lang] or [text, lang, side]."""
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "parent_id": place.parent_id,
        "population": place.population,
        "wikidata": place.wikidata,
        "geonames_id": place.geonames_id,
        "names": [[n.text, n.lang] if n.side is None else [n.text, n.lang, n.side] for n in place.names],
    }


def place_from_record(record: dict[str, Any]) -> GazetteerPlace:
    return GazetteerPlace(
        id=record["id"],
        name=record["name"],
        kind=record["kind"],
        country=record["country"],
        lat=float(record["lat"]),
        lon=float(record["lon"]),
        parent_id=record["parent_id"],
        names=tuple(PlaceName(*name) for name in record["names"]),
        population=record["population"],
        wikidata=record["wikidata"],
        geonames_id=record["geonames_id"],
    )


def write_places(places: Iterable[GazetteerPlace], path: Path) -> None:
    """Write places as gzipped JSON lines, byte for byte the same for the same places."""
    lines = "".join(json.dumps(place_to_record(place), ensure_ascii=False, separators=(",", ":")) + "\n"
                    for place in places)
    # mtime=0 and no file name in the header: the same data makes the same bytes.
    path.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))


def read_places(source: Traversable | Path) -> list[GazetteerPlace]:
    """The places of a file written by `write_places`."""
    try:
        text = gzip.decompress(source.read_bytes()).decode("utf-8")
        return [place_from_record(json.loads(line)) for line in text.splitlines()]
    except (OSError, EOFError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise GazetteerError(f"{source}: the gazetteer data cannot be read ({err}); reinstall claimledger, or "
                             f"rebuild the file with scripts/build_gazetteer.py") from None


# --------------------------------------------------------------------------- GeoNames dumps


_GEONAMES_HEIGHTS = frozenset({"MT", "MTS", "HLL", "HLLS", "PK", "PKS"})
_GEONAMES_ADMIN_KINDS = {"PCLI": "country", "ADM1": "region", "ADM2": "district"}


def geonames_kind(feature_class: str, feature_code: str, population: int | None) -> str | None:
    """The kind of a GeoNames feature, or None for what is not a place here (rivers, roads, hotels...).

    Populated places (class P) are cities, towns or villages (PPLX, a section of one, a
    neighbourhood); ADM1 units are regions, ADM2 units districts, PCLI a country; mountains,
    hills and peaks (class T) heights.
    """
    if feature_class == "P":
        return "neighbourhood" if feature_code == "PPLX" else settlement_kind(feature_code, population)
    if feature_class == "A":
        return _GEONAMES_ADMIN_KINDS.get(feature_code)
    if feature_class == "T" and feature_code in _GEONAMES_HEIGHTS:
        return "height"
    return None


def read_geonames_dump(path: str | Path, *, on_error: Callable[[GeoNamesLineError], None],
                       on_progress: Callable[[int], None] | None = None) -> Iterator[GazetteerPlace]:
    """The places of a GeoNames dump (XX.txt, allCountries.txt: 19 tab-separated columns, no header).

    Each line that is not a GeoNames feature goes to `on_error` and the rest are read on;
    features that are not places here (`geonames_kind`) are left out. `on_progress` gets the
    number of bytes read so far, every PROGRESS_LINES lines and at the end. Ids are
    'gn:<geonameid>'; a place's parent is its ADM2 unit, else its ADM1 unit, else its
    country, when the dump has it.
    """
    path = Path(path)
    units = _geonames_units(path)
    done = 0
    with path.open("rb") as dump:
        for number, raw in enumerate(dump, start=1):
            done += len(raw)
            if on_progress is not None and number % PROGRESS_LINES == 0:
                on_progress(done)
            if not raw.strip():
                continue
            try:
                place = _geonames_place(raw, units)
            except ValueError as err:
                on_error(GeoNamesLineError(path, number, str(err)))
                continue
            if place is not None:
                yield place
    if on_progress is not None:
        on_progress(done)


def _geonames_units(path: Path) -> dict[tuple[str, ...], str]:
    """(country,), (country, admin1) and (country, admin1, admin2) -> the id of that unit, from a first pass."""
    units: dict[tuple[str, ...], str] = {}
    with path.open("rb") as dump:
        for raw in dump:
            columns = raw.decode("utf-8", errors="replace").rstrip("\r\n").split("\t")
            if len(columns) != GEONAMES_COLUMNS or columns[6] != "A" or not columns[0].isdigit():
                continue  # every bad line is reported by the second pass
            country, admin1, admin2 = columns[8], columns[10], columns[11]
            code = {"PCLI": (country,), "ADM1": (country, admin1), "ADM2": (country, admin1, admin2)}.get(columns[7])
            if code is not None:
                units.setdefault(code, f"gn:{columns[0]}")
    return units


def _geonames_place(raw: bytes, units: dict[tuple[str, ...], str]) -> GazetteerPlace | None:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the line is not UTF-8 text") from None
    columns = line.rstrip("\r\n").split("\t")
    if len(columns) != GEONAMES_COLUMNS:
        raise ValueError(f"{GEONAMES_COLUMNS} tab-separated columns expected, found {len(columns)}")
    (geonameid, name, asciiname, alternates, lat, lon, feature_class, feature_code, country, _, admin1, admin2,
     *_, population) = columns[:15]
    if not geonameid.isdigit():
        raise ValueError(f"geonameid {geonameid!r} is not a number")
    if not name.strip():
        raise ValueError("the name column is empty")
    latitude, longitude = _coordinate(lat, "latitude", 90), _coordinate(lon, "longitude", 180)
    if population and not population.isdigit():
        raise ValueError(f"population {population!r} is not a number")
    people = int(population) if population else None
    kind = geonames_kind(feature_class, feature_code, people)
    if kind is None:
        return None
    place_id = f"gn:{geonameid}"
    if kind == "country":
        parent_keys: tuple[tuple[str, ...], ...] = ()
    elif kind == "region":
        parent_keys = ((country,),)
    elif kind == "district":
        parent_keys = ((country, admin1), (country,))
    else:
        parent_keys = ((country, admin1, admin2), (country, admin1), (country,))
    parent_id = next((units[key] for key in parent_keys if key in units and units[key] != place_id), None)
    names: dict[str, PlaceName] = {}
    for text in (name, asciiname, *alternates.split(",")):
        text = text.strip()
        if text and text not in names:
            names[text] = PlaceName(text, script_lang(text))
    return GazetteerPlace(id=place_id, name=name.strip(), kind=kind, country=country, lat=latitude, lon=longitude,
                          parent_id=parent_id, names=tuple(names.values()), population=people or None,
                          geonames_id=int(geonameid))


def _coordinate(text: str, what: str, limit: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not -limit <= value <= limit:
        raise ValueError(f"{what} {text!r} is out of range")
    return value
