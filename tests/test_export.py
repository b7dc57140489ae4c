"""Exports of a real ledger: GeoJSON that GIS tools open, and the CLI's export and place search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.export import geojson
from claimledger.ledger import Ledger

STATEMENT = ("Stepanakert, October 14, 2020.\n\nAs a result of the Azerbaijani shelling of Stepanakert, 2 civilians "
             "were killed near Shushi. Dozens of houses were destroyed in Martuni district. The adversary lost "
             "15 tanks in Zyxwvut village.\n")


def run(*args: object) -> object:
    return CliRunner(env={"COLUMNS": "200"}).invoke(app, [str(a) for a in args])


def ledger_of(tmp_path: Path) -> Path:
    (tmp_path / "statement.txt").write_text(STATEMENT, encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    result = run("ingest", tmp_path / "statement.txt", "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_locations_are_stored_and_read_back_with_both_names_and_precision(tmp_path: Path) -> None:
    with Ledger(ledger_of(tmp_path)) as ledger:
        (killed,) = [c.claim for c in ledger.claims() if c.claim.value == 2]
    stepanakert, shushi = killed.locations
    assert stepanakert.precision == 1 and "Khankendi" in stepanakert.display and "Stepanakert" in stepanakert.display
    assert shushi.precision == 2 and "Shusha" in shushi.display  # "near Shushi"
    assert killed.date_precision == "day"


def test_geojson_is_rfc7946_points_with_flat_properties(tmp_path: Path) -> None:
    with Ledger(ledger_of(tmp_path)) as ledger:
        exported = geojson(ledger.claims())
    collection = exported.collection
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert 44 < lon < 48 and 38 < lat < 42  # longitude first, as RFC 7946 requires
        assert all(not isinstance(v, (list, dict)) for v in feature["properties"].values())
    # "Zyxwvut village" is kept as a place but has no coordinates: its claim is counted, not mapped.
    assert exported.claims_without_coordinates == 1


def test_export_command_writes_a_geojson_file(tmp_path: Path) -> None:
    db = ledger_of(tmp_path)
    out = tmp_path / "claims.geojson"
    result = run("export", "--db", db, "--format", "geojson", "--out", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert "features for" in result.stderr


def test_export_jsonl_carries_locations(tmp_path: Path) -> None:
    result = run("export", "--db", ledger_of(tmp_path), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(loc["place_id"] for r in records for loc in r["locations"])


def test_place_search_finds_a_place_by_the_other_sides_name(tmp_path: Path) -> None:
    db = ledger_of(tmp_path)
    by_text = run("claims", "--db", db, "--place", "Stepanakert", "--format", "jsonl")
    by_other_name = run("claims", "--db", db, "--place", "Khankendi", "--format", "jsonl")
    assert by_text.exit_code == by_other_name.exit_code == 0
    assert by_text.stdout == by_other_name.stdout and by_text.stdout.strip()


def test_json_output_is_strict_and_says_what_to_do_with_a_value_json_cannot_hold() -> None:
    # Python's json writes Infinity and NaN, which no other JSON reader accepts.
    import math

    from claimledger.errors import ClaimledgerError
    from claimledger.export import strict_json

    assert strict_json({"value": 12, "place": "Şuşa"}) == '{"value": 12, "place": "Şuşa"}'
    for value in (math.inf, -math.inf, math.nan):
        with pytest.raises(ClaimledgerError, match="a value JSON cannot hold .*reextract --force"):
            strict_json({"value": value})


def test_the_table_export_has_a_row_per_claim_in_acled_like_columns(tmp_path: Path) -> None:
    import csv
    import io

    from claimledger.export import CLAIM_COLUMNS

    result = run("export", "--db", ledger_of(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(CLAIM_COLUMNS)
    by_value = {row["value"]: row for row in rows}
    killed = by_value["2"]
    assert (killed["event_date"], killed["publication_date"], killed["time_precision"]) == \
        ("2020-10-14", "2020-10-14", "day")
    assert (killed["claimant"], killed["affected"], killed["actor"]) == ("Armenia", "Armenia", "Azerbaijan")
    assert "Khankendi" in killed["location_names"] and "Stepanakert" in killed["location_names"]
    assert 39 < float(killed["latitude"]) < 40.5 and 46 < float(killed["longitude"]) < 47.5
    assert killed["geo_precision"] == "1" and killed["country"]
    assert killed["quote_sentence"].startswith("As a result of the Azerbaijani shelling") and \
        killed["quote_sentence"].endswith("near Shushi.")
    assert killed["source_file"] == "statement.txt" and killed["source_url"].startswith("file:///")
    # A claim whose place is not in the gazetteer is a row too, with its place named and no coordinates.
    tanks = by_value["15"]
    assert (tanks["latitude"], tanks["longitude"], tanks["geo_precision"]) == ("", "", "")
    assert "Zyxwvut" in tanks["places"]


def test_the_parquet_export_loads_back_with_pandas_in_typed_columns(tmp_path: Path) -> None:
    import pandas

    db = ledger_of(tmp_path)
    out = tmp_path / "claims.parquet"
    result = run("export", "--db", db, "--format", "parquet", "--out", out)
    assert result.exit_code == 0, result.output
    frame = pandas.read_parquet(out)
    with Ledger(db) as ledger:
        stored = ledger.claims()
    assert sorted(frame["claim_id"]) == sorted(c.id for c in stored)
    assert frame["value"].dtype.kind == "f" and frame["latitude"].dtype.kind == "f"
    assert frame["latitude"].isna().sum() == sum(1 for c in stored if not any(l.lat for l in c.claim.locations))
    csv_frame = pandas.read_csv(__import__("io").StringIO(run("export", "--db", db, "--format", "csv").stdout))
    assert list(csv_frame.columns) == list(frame.columns) and len(csv_frame) == len(frame)


def test_a_parquet_export_needs_a_file_to_write(tmp_path: Path) -> None:
    result = run("export", "--db", ledger_of(tmp_path), "--format", "parquet")
    assert result.exit_code != 0 and "--out" in result.output


def test_the_map_counts_each_place_as_the_claims_located_there_say_without_reading_them(tmp_path: Path) -> None:
    # The bundled corpus, both sides' voices and third parties: places named by either side's name, claims located
    # at several places or at none, precisions 1 to 3.
    from importlib import resources

    from claimledger.export import ledger_map
    from claimledger.pipeline import ingest_paths

    with Ledger(tmp_path / "l.sqlite") as ledger:
        ingest_paths([Path(str(resources.files("claimledger") / "sample_data"))], ledger)
        stored = ledger.claims()
        places, located, unlocated = ledger_map(ledger)
    expected: dict[str, dict[str, object]] = {}
    without = 0
    for item in stored:
        at = {loc.place_id: loc for loc in item.claim.locations if loc.place_id and loc.lat is not None}
        without += not at
        for place_id, location in at.items():
            entry = expected.setdefault(place_id, {"names": location.label(), "text": location.text,
                                                   "precisions": [], "by_kind": {}})
            entry["precisions"].append(location.precision)  # type: ignore[attr-defined]
            entry["by_kind"][item.claim.kind] = entry["by_kind"].get(item.claim.kind, 0) + 1  # type: ignore[index]
    assert (located, unlocated) == (len(stored) - without, without) and without > 0
    assert len(places) == len(expected) > 5
    assert [p.claims for p in places] == sorted((p.claims for p in places), reverse=True)
    for place in places:
        entry = expected[place.place_id]
        assert (place.names, place.text, place.by_kind, place.claims) == (
            entry["names"], entry["text"], entry["by_kind"], sum(entry["by_kind"].values()))  # type: ignore[union-attr]
        assert place.precision == min((p for p in entry["precisions"] if p is not None), default=None)  # type: ignore[union-attr]
    assert any(" / " in place.names for place in places)  # both sides' names


def test_the_map_kept_by_a_reader_moves_when_another_process_stores_claims(tmp_path: Path) -> None:
    # The map is counted once and kept until the claims change, by whichever process writes them.
    from claimledger.export import ledger_map

    db = ledger_of(tmp_path)
    (tmp_path / "more.txt").write_text("Yerevan, 10 October 2020. Armenia's Ministry of Defence said 4 civilians were "
                                       "wounded in Stepanakert and 2 in Martuni.", encoding="utf-8")
    with Ledger(db, read_only=True) as reader:
        before, located, unlocated = ledger_map(reader)
        assert ledger_map(reader) == (before, located, unlocated)
        assert run("ingest", tmp_path / "more.txt", "--db", db).exit_code == 0  # type: ignore[attr-defined]
        after, located_after, unlocated_after = ledger_map(reader)
    assert located_after + unlocated_after == located + unlocated + 2
    assert sum(p.claims for p in after) > sum(p.claims for p in before)
