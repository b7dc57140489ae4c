"""The gazetteer: name folding, every side's names and spellings of the war's places, the shipped data and
its overrides, GeoNames imports into a real ledger and the `claimledger gazetteer` commands."""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from typer.testing import CliRunner, Result

from claimledger.cli import app
from claimledger.errors import GeoNamesLineError
from claimledger.gazetteer import (BUNDLED_DATA, Gazetteer, GazetteerPlace, PlaceName, name_keys, normalize_name,
                                   read_geonames_dump, read_places, write_places)
from claimledger.ledger import Ledger, _alembic_config

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED", REPO.parent / "shared"))
SOURCE = SHARED / "data" / "gazetteer"
SHIPPED = REPO / "src" / "claimledger" / "data" / BUNDLED_DATA

GAZETTEER = Gazetteer.bundled()

# The records of the war's places, by the ids of the shipped data.
STEPANAKERT = "wof:421193975"
SHUSHA = "wof:421174129"
MARTAKERT = "wof:421204865"
KALBAJAR = "wof:890441267"
LACHIN = "wof:1125773715"
KHOJAVEND = "wof:1125861049"
GUBADLI = "wof:421169387"
JABRAYIL = "wof:890443189"
FUZULI = "wof:1242939353"
MADAGIZ = "wof:1209142461"
KHOJAVEND_DISTRICT = "wof:85668611"
LACHIN_DISTRICT = "wof:85668621"
KHANKENDI_DISTRICT = "wof:85668691"
KHOJALY_DISTRICT = "wof:85668657"
TARTAR_DISTRICT = "wof:85668653"
AZERBAIJAN = "wof:85632717"


def run(*args: str | Path) -> Result:
    # A wide terminal, so that Rich tables do not wrap the words the tests look for.
    return CliRunner(env={"COLUMNS": "250"}).invoke(app, [str(a) for a in args])


def ids(name: str) -> list[str]:
    return [place.id for place in GAZETTEER.lookup(name)]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("text", "key"), [
    ("Tərtər", "tartar"),  # ə -> a
    ("Xocalı", "khojali"),  # x -> kh, c -> j, ı -> i
    ("Qubadlı", "gubadli"),  # q -> g
    ("Çıraqlı", "chiragli"),  # ç -> ch
    ("Şuşa", "shusha"),  # ş -> sh
    ("Ağdam", "aghdam"),  # ğ -> gh
    ("Göygöl", "goygol"),  # ö -> o
    ("Füzuli", "fuzuli"),  # ü -> u
    ("İSMAYILLI", "ismayilli"),  # dotted capital I
    ("Kǝlbǝcǝr", "kalbajar"),  # the turned e some sources write for ə
    ("Xankändi", "khankandi"),  # ä, the older Latin letter for ə
    ("Aķdärä", "akdara"),  # other diacritics folded
])
def test_azerbaijani_letters_are_read_as_english_spells_them(text: str, key: str) -> None:
    assert normalize_name(text) == key


@pytest.mark.parametrize(("text", "key"), [
    ("Ստեփանակերտ", "stepanakert"),
    ("Շուշի", "shushi"),
    ("Մարտակերտ", "martakert"),
    ("Քարվաճառ", "karvachar"),
    ("Բերձոր", "berdzor"),
    ("Երևան", "yerevan"),  # initial ե, and և
    ("Ոսկեպար", "voskepar"),  # initial ո
    ("Степанакерт", "stepanakert"),
    ("Ханкенди", "khankendi"),
    ("Гянджа", "gyandzha"),
    ("Шуша", "shusha"),
    ("Евлах", "yevlakh"),  # initial е
    ("Джебраил", "dzhebrail"),
])
def test_armenian_and_cyrillic_scripts_are_romanized(text: str, key: str) -> None:
    assert normalize_name(text) == key


@pytest.mark.parametrize(("text", "key"), [
    ("Ağdam rayonu", "aghdam"),
    ("Xankəndi Şəhəri", "khankandi"),
    ("Fuzuli district", "fuzuli"),
    ("Ganja City", "ganja"),
    ("Syunik region", "syunik"),
    ("Лачинский район", "lachinskiy"),
    ("Ասկերանի շրջան", "askerani"),
    ("Step'anakert", "stepanakert"),  # apostrophes of transliterations are dropped, not spaced
    ("K’arvacharr", "karvacharr"),
    ("Orta-Qərvənd", "orta garvand"),
    ("  Ganja  ", "ganja"),
    ("Region", "region"),  # a name that is only a place word keeps it
])
def test_place_words_and_punctuation(text: str, key: str) -> None:
    assert normalize_name(text) == key


def test_a_name_has_several_keys_so_that_every_spelling_meets() -> None:
    assert name_keys("Tərtər") == ("tartar", "terter")
    assert name_keys("Qubadlı") == ("gubadli", "qubadli")
    assert name_keys("Cabrayil") == ("jabrayil", "cabrayil")
    assert "tapgaragoyunlu" in name_keys("Tap Qaraqoyunlu")
    assert name_keys("Ստեփանակերտ") == ("stepanakert",)


# --------------------------------------------------------------------------- lookups of the war's places


@pytest.mark.parametrize(("name", "place_id"), [
    ("Mingachevir", "wof:421178467"),
    ("Mingəçevir", "wof:421178467"),
    ("Ganja", "wof:421168739"),
    ("Gence", "wof:421168739"),
    ("Gəncə", "wof:421168739"),
    ("Gyandzha", "wof:421168739"),
    ("Tartar", "wof:890433377"),
    ("Terter", "wof:890433377"),
    ("Tərtər", "wof:890433377"),
    ("Aghdam", "wof:1125818957"),
    ("Agdam", "wof:1125818957"),
    ("Fuzuli", FUZULI),
    ("Fizuli", FUZULI),
    ("Füzuli", FUZULI),
    ("Varanda", FUZULI),
    ("Naftalan", "wof:421178465"),
    ("Barda", "wof:421196771"),
    ("Khatunbulag", "wof:1242936337"),
    ("Garakollu", "wof:1277152923"),
    ("Bulutan", "wof:1326563855"),
    ("Melikjanli", "wof:1243103917"),
    ("Kemertuk", "ovr:kemertuk"),
    ("Teke", "ovr:teke"),
    ("Tagaser", "wof:1243292251"),
    ("Iraq", "country:IQ"),
    ("Syria", "country:SY"),
    ("Stepanakert", STEPANAKERT),
    ("Khankendi", STEPANAKERT),
    ("Ստեփանակերտ", STEPANAKERT),
    ("Степанакерт", STEPANAKERT),
    ("Shushi", SHUSHA),
    ("Shusha", SHUSHA),
    ("Martakert", MARTAKERT),
    ("Aghdere", MARTAKERT),
    ("Karvachar", KALBAJAR),
    ("Kalbajar", KALBAJAR),
    ("Berdzor", LACHIN),
    ("Lachin", LACHIN),
    ("Khojavend", KHOJAVEND),
    ("Kashatagh", "ovr:kashatagh"),
    ("Gubadli", GUBADLI),
    ("Kubatly", GUBADLI),
    ("Qubadlı", GUBADLI),
    ("Jrakan", JABRAYIL),
    ("Jabrayil", JABRAYIL),
    ("Jebrail", JABRAYIL),
    ("Cabrayil", JABRAYIL),
    ("Madagiz", MADAGIZ),
    ("Sugovushan", MADAGIZ),
    ("Hadrut", "wof:1125938249"),
])
def test_every_name_and_spelling_finds_its_place_first(name: str, place_id: str) -> None:
    assert ids(name)[0] == place_id


@pytest.mark.parametrize(("name", "place_id", "also"), [
    # Fourteen villages are called Qaradağlı; the one of the Khojavend district is among them.
    ("Garadaghli", "wof:1310442495", "wof:1310381395"),
    # The Karabakh town and the town of Gegharkunik, Armenia.
    ("Martuni", KHOJAVEND, "wof:421169491"),
    # The village of the Tartar district, and others called Talış.
    ("Talish", "wof:1310537695", "wof:1343559013"),
])
def test_a_name_of_several_places_finds_them_all(name: str, place_id: str, also: str) -> None:
    assert {place_id, also} <= set(ids(name))


def test_tovuz_is_the_azerbaijani_town_and_district_not_tavush_in_armenia() -> None:
    found = GAZETTEER.lookup("Tovuz")
    assert [p.id for p in found[:1]] == ["wof:421168733"]
    assert "wof:85668241" in [p.id for p in found]  # the district
    assert "wof:85668095" not in [p.id for p in found]  # Tavush province, Armenia


def test_a_town_and_its_district_are_both_found_the_town_first() -> None:
    assert ids("Fuzuli district")[:2] == [FUZULI, "wof:85668351"]
    assert [p.id for p in GAZETTEER.districts_named("Fuzuli")] == ["wof:85668351"]
    assert [p.id for p in GAZETTEER.districts_named("Khojavend")] == [KHOJAVEND_DISTRICT]


def test_a_close_spelling_is_found_when_nothing_matches_exactly() -> None:
    found = GAZETTEER.matches("Stepanakertt")
    assert found[0].place.id == STEPANAKERT and found[0].fuzzy
    assert GAZETTEER.lookup("Shusah")[0].id == SHUSHA  # two letters swapped: one edit
    assert not GAZETTEER.matches("Stepanakert")[0].fuzzy


def test_close_spellings_are_only_looked_for_in_the_queries_script_and_not_for_short_names() -> None:
    found = GAZETTEER.matches("Ստեփանակերդ")
    assert found[0].place.id == STEPANAKERT
    assert all("\u0530" <= m.name.text[0] <= "\u058f" for m in found)
    assert GAZETTEER.lookup("Tekk") == []
    assert GAZETTEER.lookup("Nowhere-at-all") == []


def test_the_matched_name_is_the_one_written_like_the_query() -> None:
    assert GAZETTEER.matches("Степанакерт")[0].name == PlaceName("Степанакерт", "ru")
    assert GAZETTEER.matches("Fizuli")[0].name.text == "Fizuli"


# --------------------------------------------------------------------------- display, parents, overrides


@pytest.mark.parametrize(("place_id", "shown"), [
    (STEPANAKERT, "Khankendi / Stepanakert"),
    (SHUSHA, "Shusha / Shushi"),
    (MARTAKERT, "Aghdere / Martakert"),
    (KALBAJAR, "Kalbajar / Karvachar"),
    (LACHIN, "Berdzor / Lachin"),
    (KHOJAVEND, "Khojavend / Martuni"),
    (JABRAYIL, "Jabrayil / Jrakan"),
    (FUZULI, "Fuzuli / Varanda"),
    (MADAGIZ, "Mataghis / Sugovushan"),
    (KHANKENDI_DISTRICT, "Khankendi / Stepanakert"),
    ("wof:1125938249", "Hadrut"),  # one name for both sides
    ("ovr:teke", "Teke"),
    ("country:IQ", "Iraq"),
])
def test_display_shows_both_sides_names_in_alphabetical_order(place_id: str, shown: str) -> None:
    assert GAZETTEER.get(place_id).display() == shown


def test_display_order_does_not_depend_on_which_side_is_listed_first() -> None:
    def place(*names: PlaceName) -> GazetteerPlace:
        return GazetteerPlace("ovr:x", "X", "town", "AZ", 40.0, 47.0, None, names)

    stepanakert, khankendi = PlaceName("Stepanakert", "en", "hy"), PlaceName("Khankendi", "en", "az")
    assert place(stepanakert, khankendi).display() == place(khankendi, stepanakert).display()
    assert place(PlaceName("Hadrut", "en", "az"), PlaceName("Hadrut", "en", "hy")).display() == "X"


def test_parents_and_ancestors() -> None:
    bulutan = GAZETTEER.get("wof:1326563855")
    district = GAZETTEER.parent(bulutan)
    assert (district.id, district.kind, district.name) == (KHOJAVEND_DISTRICT, "district", "Khojavend")
    assert [p.id for p in GAZETTEER.ancestors(bulutan)] == [KHOJAVEND_DISTRICT, "wof:1108808615", AZERBAIJAN]
    assert [p.id for p in GAZETTEER.ancestors(GAZETTEER.get(STEPANAKERT))] == [
        KHANKENDI_DISTRICT, "wof:1108808615", AZERBAIJAN]
    assert GAZETTEER.get("ovr:teke").parent_id == KHOJAVEND_DISTRICT
    assert GAZETTEER.parent(GAZETTEER.get("country:IQ")) is None


def test_the_overrides_are_applied() -> None:
    # Teke and Kemertuk, absent from the sources, are added near the villages named with them.
    teke = GAZETTEER.get("ovr:teke")
    assert teke.kind == "village" and (teke.lat, teke.lon) == (39.53, 47.06)
    # The Laçın district is not called Lankaran any more, and Lankaran is not found there.
    lachin = GAZETTEER.get(LACHIN_DISTRICT)
    assert lachin.name == "Lachin" and lachin.kind == "district"
    assert not any(normalize_name(n.text) in ("lankaran", "lenkeran") for n in lachin.names)
    assert LACHIN_DISTRICT not in ids("Lankaran")
    assert GAZETTEER.parent(GAZETTEER.get(LACHIN)).id == LACHIN_DISTRICT
    # The swapped Xankəndi and Xocalı district names are swapped back.
    assert GAZETTEER.get(KHANKENDI_DISTRICT).name == "Khankendi"
    assert PlaceName("Xankəndi", "az") in GAZETTEER.get(KHANKENDI_DISTRICT).names
    assert GAZETTEER.get(KHOJALY_DISTRICT).display() == "Askeran / Khojaly"
    assert KHOJALY_DISTRICT not in ids("Xankəndi Şəhəri")
    # Madagiz has its post-2020 name and its district.
    madagiz = GAZETTEER.get(MADAGIZ)
    assert PlaceName("Suqovuşan", "az") in madagiz.names and madagiz.parent_id == TARTAR_DISTRICT
    # The Naftalan city no longer carries the Goranboy district's ids.
    assert GAZETTEER.get("wof:85668693").geonames_id is None
    assert "wof:85668693" not in ids("Goranboy")


def test_every_place_is_well_formed() -> None:
    kinds = {"country", "region", "district", "city", "town", "village", "neighbourhood", "height"}
    for place in GAZETTEER:
        assert place.kind in kinds and place.names and place.name, place
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180, place
        assert place.parent_id is None or GAZETTEER.get(place.parent_id) is not None, place
        assert all(n.lang in ("az", "hy", "en", "ru", "und") and n.side in (None, "az", "hy") for n in place.names)
    assert {p.country for p in GAZETTEER if p.kind == "country"} >= {"AZ", "AM", "IQ", "SY", "TR", "RU", "IR"}


# --------------------------------------------------------------------------- the data file


def test_the_shipped_file_is_up_to_date_with_its_sources_and_overrides(tmp_path: Path) -> None:
    if not (SOURCE / "wof_az_am_places.csv").is_file():
        pytest.skip(f"the gazetteer sources are not at {SOURCE}: check out the shared folder beside the "
                    f"repository or set CLAIMLEDGER_SHARED to rebuild and compare")
    rebuilt = tmp_path / BUNDLED_DATA
    built = subprocess.run([sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--source", str(SOURCE),
                            "--out", str(rebuilt)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    # The text, not the gzip bytes: another zlib may compress the same text differently.
    assert gzip.decompress(rebuilt.read_bytes()) == gzip.decompress(SHIPPED.read_bytes()), (
        "the shipped gazetteer is stale: run .venv/bin/python scripts/build_gazetteer.py")


def test_writing_the_same_places_makes_the_same_bytes(tmp_path: Path) -> None:
    places = [GAZETTEER.get(STEPANAKERT), GAZETTEER.get("ovr:teke")]
    write_places(places, tmp_path / "a.jsonl.gz")
    write_places(places, tmp_path / "b.jsonl.gz")
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()
    assert read_places(tmp_path / "a.jsonl.gz") == places


def test_with_places_merges_a_place_known_by_its_geonames_id() -> None:
    stepanakert = GazetteerPlace("gn:146970", "Stepanakert", "city", "AZ", 39.8, 46.75, None,
                                 (PlaceName("Qwertyabad", "und"),), geonames_id=146970)
    village = GazetteerPlace("gn:999999001", "Newplace", "village", "AZ", 40.0, 47.0, "gn:146970",
                             (PlaceName("Newplace", "und"),), geonames_id=999999001)
    more = GAZETTEER.with_places([stepanakert, village])
    assert len(more) == len(GAZETTEER) + 1
    assert ids("Qwertyabad") == [] and [p.id for p in more.lookup("Qwertyabad")] == [STEPANAKERT]
    assert more.get("gn:146970").id == STEPANAKERT
    assert more.parent(more.get("gn:999999001")).id == STEPANAKERT
    assert len(Gazetteer.bundled()) == len(GAZETTEER)  # the shipped gazetteer is unchanged
    assert GAZETTEER.with_places([]) is GAZETTEER


# --------------------------------------------------------------------------- GeoNames dumps


def dump_line(geonameid: int, name: str, alternates: str, lat: float, lon: float, feature_class: str,
              feature_code: str, country: str, admin1: str = "", admin2: str = "", population: int = 0) -> str:
    """A line of a GeoNames dump in its 19 tab-separated columns."""
    columns = [str(geonameid), name, name, alternates, str(lat), str(lon), feature_class, feature_code, country, "",
               admin1, admin2, "", "", str(population), "", "500", "Asia/Tbilisi", "2024-01-15"]
    return "\t".join(columns) + "\n"


GEORGIA_DUMP = "".join([
    dump_line(614540, "Georgia", "Sakartvelo,Грузия,Վրաստան", 42.0, 43.5, "A", "PCLI", "GE", "00",
              population=3731000),
    dump_line(865543, "Kvemo Kartli", "Kvemo Kartli Region,Квемо-Картли", 41.45, 44.45, "A", "ADM1", "GE", "66"),
    dump_line(611403, "Rustavi", "Rustavi,Рустави,Ռուսթավի", 41.54949, 44.99323, "P", "PPLA", "GE", "66",
              population=128680),
    dump_line(614455, "Marneuli", "Marneuli,Борчалу,Borchaly", 41.47588, 44.80895, "P", "PPL", "GE", "66",
              population=20211),
    dump_line(614999, "Sadakhlo", "Sadakhlo,Sadaxlı", 41.2445, 44.8086, "P", "PPL", "GE", "66", population=3000),
    dump_line(614300, "Mtkvari", "Kura,Kür", 41.5, 44.9, "H", "STM", "GE", "66"),  # a river: not a place here
    dump_line(614880, "Kazbek", "Mkinvartsveri,Казбек", 42.69976, 44.51774, "T", "MT", "GE", "", ),
])


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "GE.txt"
    path.write_text(GEORGIA_DUMP + "this line is not a GeoNames feature\n", encoding="utf-8")
    return path


def test_a_geonames_dump_is_read_with_kinds_parents_and_names(dump: Path) -> None:
    errors: list[GeoNamesLineError] = []
    progress: list[int] = []
    places = {p.id: p for p in read_geonames_dump(dump, on_error=errors.append, on_progress=progress.append)}
    assert sorted(places) == ["gn:611403", "gn:614455", "gn:614540", "gn:614880", "gn:614999", "gn:865543"]
    kinds = {p.name: (p.kind, p.parent_id) for p in places.values()}
    assert kinds == {"Georgia": ("country", None), "Kvemo Kartli": ("region", "gn:614540"),
                     "Rustavi": ("city", "gn:865543"), "Marneuli": ("town", "gn:865543"),
                     "Sadakhlo": ("village", "gn:865543"), "Kazbek": ("height", "gn:614540")}
    rustavi = places["gn:611403"]
    assert rustavi.names == (PlaceName("Rustavi", "und"), PlaceName("Рустави", "ru"), PlaceName("Ռուսթավի", "hy"))
    assert (rustavi.population, rustavi.geonames_id, rustavi.country) == (128680, 611403, "GE")
    assert [str(e) for e in errors] == [
        f"{dump}, line 8: not a GeoNames place (19 tab-separated columns expected, found 1); the line was skipped"]
    assert progress[-1] == dump.stat().st_size


@pytest.mark.parametrize(("line", "detail"), [
    (dump_line(1, "X", "", 41.0, 44.0, "P", "PPL", "GE").replace("1\t", "one\t", 1), "geonameid 'one' is not a number"),
    (dump_line(2, "X", "", 91.0, 44.0, "P", "PPL", "GE"), "latitude '91.0' is out of range"),
    (dump_line(3, "X", "", 41.0, 44.0, "P", "PPL", "GE").replace("\t44.0\t", "\teast\t"),
     "longitude 'east' is not a number"),
    (dump_line(4, "", "", 41.0, 44.0, "P", "PPL", "GE"), "the name column is empty"),
    (dump_line(5, "X", "", 41.0, 44.0, "P", "PPL", "GE", population=0).replace("\t0\t", "\tmany\t"),
     "population 'many' is not a number"),
    ("6\tX\tX\t\t41.0\t44.0\tP\tPPL\n", "19 tab-separated columns expected, found 8"),
])
def test_a_malformed_line_is_reported_with_its_file_and_number_and_the_rest_is_read(
        tmp_path: Path, line: str, detail: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(GEORGIA_DUMP[:GEORGIA_DUMP.index("\n") + 1] + line + GEORGIA_DUMP, encoding="utf-8")
    errors: list[GeoNamesLineError] = []
    places = list(read_geonames_dump(path, on_error=errors.append))
    assert len(places) == 7  # the first line twice, and the other five places
    assert [(e.line, e.detail) for e in errors] == [(2, detail)]
    assert str(path) in str(errors[0])


def test_a_line_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(GEORGIA_DUMP.encode() + dump_line(7, "Tbilisi", "", 41.7, 44.8, "P", "PPLC", "GE")
                     .replace("Tbilisi", "T\xeebilisi").encode("latin-1"))
    errors: list[GeoNamesLineError] = []
    assert len(list(read_geonames_dump(path, on_error=errors.append))) == 6
    assert [(e.line, e.detail) for e in errors] == [(8, "the line is not UTF-8 text")]


# --------------------------------------------------------------------------- the ledger and the CLI


def test_imported_places_are_stored_in_the_ledger_and_replaced_on_import(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    places = list(read_geonames_dump(_write(tmp_path / "GE.txt", GEORGIA_DUMP), on_error=pytest.fail))
    with Ledger(db) as ledger:
        assert ledger.import_places(places, "geonames-import") == 6
        assert ledger.import_places(places[:2], "geonames-import") == 2
        assert ledger.imported_places() == sorted(places, key=lambda p: p.id)
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("SELECT COUNT(*) FROM gazetteer_places").fetchone() == (6,)
        assert connection.execute("SELECT p.name, n.name, n.lang FROM gazetteer_names n JOIN gazetteer_places p "
                                  "ON p.id = n.place_id WHERE n.normalized = 'rustavi' ORDER BY n.position"
                                  ).fetchall() == [("Rustavi", "Rustavi", "und"), ("Rustavi", "Рустави", "ru"),
                                                   ("Rustavi", "Ռուսթավի", "hy")]
        plan = " ".join(row[-1] for row in connection.execute(
            "EXPLAIN QUERY PLAN SELECT place_id FROM gazetteer_names WHERE normalized = 'rustavi'"))
        assert "ix_gazetteer_names_normalized" in plan
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            connection.execute("DELETE FROM gazetteer_places WHERE id = 'gn:611403'")
        orphans = connection.execute("SELECT COUNT(*) FROM gazetteer_names WHERE place_id = 'gn:611403'")
        assert orphans.fetchone() == (0,)
    finally:
        connection.close()


def test_a_ledger_made_before_the_gazetteer_tables_is_upgraded_and_keeps_its_documents(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with Ledger(db) as ledger, ledger._engine.begin() as connection, _alembic_config() as config:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    connection = sqlite3.connect(db)
    with connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        connection.execute("INSERT INTO documents (content_hash, file_name, media_type, profile, text, char_count, "
                           "extractor_version, ingested_at) VALUES ('h', 'old.txt', 'text/plain', 'p', 'x', 1, "
                           "'0', '2020-10-08T00:00:00+00:00')")
    connection.close()
    with Ledger(db) as ledger:
        assert [d.file_name for d in ledger.documents()] == ["old.txt"]
        assert ledger.imported_places() == []
        assert ledger.import_places(GAZETTEER.lookup("Teke"), "test") == 1


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_imports_a_dump_and_looks_its_places_up_in_that_ledger(tmp_path: Path, dump: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    result = run("gazetteer", "import", "geonames", dump, "--db", db)
    assert result.exit_code == 1  # one line failed
    assert result.stdout.strip() == f"imported 6 places from {dump}, 1 lines failed (ledger: {db})"
    assert result.stderr.strip() == (f"error: {dump}, line 8: not a GeoNames place (19 tab-separated columns "
                                     f"expected, found 1); the line was skipped")

    found = run("gazetteer", "lookup", "Ռուսթավի", "--db", db)
    assert found.exit_code == 0, found.output
    assert "gn:611403" in found.stdout and "Kvemo Kartli" in found.stdout and "Ռուսթավի (hy)" in found.stdout
    # The country's names go to the shipped record of Georgia, which has the same GeoNames id.
    assert "country:GE" in run("gazetteer", "lookup", "Sakartvelo", "--db", db).stdout
    # Without the ledger, the shipped gazetteer does not know Marneuli.
    assert "gn:614455" in run("gazetteer", "lookup", "Marneuli", "--db", db).stdout
    missing = run("gazetteer", "lookup", "Marneuli")
    assert missing.exit_code == 1 and "no place is named 'Marneuli'" in missing.stderr


def test_cli_lookup_shows_both_sides_names_and_every_candidate() -> None:
    result = run("gazetteer", "lookup", "Martuni")
    assert result.exit_code == 0, result.output
    assert "Khojavend / Martuni" in result.stdout and KHOJAVEND in result.stdout
    assert "wof:421169491" in result.stdout and "Gegharkunik" in result.stdout  # the Armenian town
    assert "Martuni (en)" in result.stdout
    close = run("gazetteer", "lookup", "Stepanakertt")
    assert "close spelling" in close.stdout and "Khankendi / Stepanakert" in close.stdout


def test_cli_import_of_a_missing_file_or_into_a_missing_ledger_is_one_error_line(tmp_path: Path) -> None:
    result = run("gazetteer", "import", "geonames", tmp_path / "AZ.txt", "--db", tmp_path / "l.sqlite")
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {tmp_path / 'AZ.txt'}: no such file")
    assert not (tmp_path / "l.sqlite").exists()
    result = run("gazetteer", "lookup", "Ganja", "--db", tmp_path / "none.sqlite")
    assert result.exit_code == 1 and "no ledger at" in result.stderr
