"""Extraction mapped over a real local Dask cluster of two worker processes, compared with one process's."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from claimledger import EXTRACTOR_VERSION
from claimledger.cluster import ExtractionSettings, extract_batch, extract_to_parquet, ingest_on_cluster, local_cluster
from claimledger.errors import BinaryFileError, ParquetFolderError, WorkerStoppedError
from claimledger.gazetteer import GazetteerPlace, PlaceName
from claimledger.ledger import Ledger
from claimledger.pipeline import ingest_paths

SAMPLES = Path(str(resources.files("claimledger") / "sample_data"))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a local cluster of two worker processes, shared by this module's tests."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


def ledger_contents(path: Path) -> list[Any]:
    """Everything extraction stored, by document: its file, profile, reference day, claims and allegations."""
    with Ledger(path, read_only=True) as ledger:
        contents = []
        for document in sorted(ledger.documents(), key=lambda d: d.content_hash):
            contents.append((document.file_name, document.profile, document.reference_day,
                             [stored.claim.to_record() | {"locations": stored.to_record()["locations"]}
                              for stored in ledger.claims(document_id=document.id)],
                             [stored.allegation.to_record() for stored in ledger.allegations(document_id=document.id)]))
        return contents


def statement(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_a_batch_ingested_on_two_workers_stores_what_one_process_stores_claim_for_claim(tmp_path: Path,
                                                                                       scheduler: str) -> None:
    # The bundled corpus: both sides' voices and third parties, claims, allegations and denials.
    with Ledger(tmp_path / "one.sqlite") as ledger:
        alone = ingest_paths([SAMPLES], ledger)
    with Ledger(tmp_path / "two.sqlite") as ledger:
        mapped = ingest_on_cluster([SAMPLES], ledger, scheduler=scheduler, batch_files=3)
    assert len(mapped.stored) == len(alone.stored) == 20 and not mapped.failed
    expected = ledger_contents(tmp_path / "one.sqlite")
    assert sum(len(claims) for *_, claims, _ in expected) > 100
    assert any(allegations for *_, allegations in expected)
    assert ledger_contents(tmp_path / "two.sqlite") == expected


def test_an_ingest_on_a_cluster_run_again_stores_nothing_twice_and_extracts_nothing(
        tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "statements"
    armenian = statement(folder, "mod_am.txt", "Yerevan, 12 October 2020. The Ministry of Defence of Armenia said "
                                               "that 4 civilians were killed in Stepanakert by Azerbaijani shelling.")
    statement(folder, "mod_az.txt", "Baku, 12 October 2020. The Ministry of Defence of Azerbaijan said that 9 "
                                    "civilians were killed in Ganja by an Armenian missile strike.")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        first = ingest_on_cluster([folder], ledger, scheduler=scheduler)
        again = ingest_on_cluster([folder], ledger, scheduler=scheduler)
        assert len(first.stored) == 2 and len(again.duplicate) == 2 and not again.stored and not again.failed
        assert len(ledger.documents()) == 2
        stored = ledger.texts_at([armenian], EXTRACTOR_VERSION)
        # A path given relative to the working folder, as on a command line, is the source stored absolute.
        monkeypatch.chdir(folder)
        assert ledger.texts_at(["mod_am.txt"], EXTRACTOR_VERSION) == {"mod_am.txt": stored[str(armenian)]}
    # A worker told which texts the ledger holds from a path reads the file and extracts nothing of it.
    (skipped,) = extract_batch([str(armenian)], ExtractionSettings(), stored, "resumed")
    assert skipped.document is not None and skipped.claims is None and skipped.error is None
    (extracted,) = extract_batch([str(armenian)], ExtractionSettings(), {}, "resumed")
    assert extracted.claims and extracted.claims[0].value == 4


def test_a_file_past_its_time_limit_ends_its_worker_alone_and_the_rest_of_the_batch_is_stored(
        tmp_path: Path, scheduler: str) -> None:
    folder = tmp_path / "statements"
    sentence = "On 3 October 2020 the Armenian side shelled Tartar, and 2 civilians were wounded. "
    statement(folder, "long.txt", sentence * 40_000)  # 3 MB: seconds to read, past a limit of one
    statement(folder, "short_az.txt", "Baku, 4 October. The Ministry of Defence of Azerbaijan reported 3 civilians "
                                      "wounded in Tartar.")
    statement(folder, "short_am.txt", "Yerevan, 4 October. The Ministry of Defence of Armenia said 5 servicemen were "
                                      "killed near Hadrut.")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        report = ingest_on_cluster([folder], ledger, scheduler=scheduler, settings=ExtractionSettings(
            timeout=1, max_bytes=10_000_000))
        assert sorted(Path(result.path).name for result in report.stored) == ["short_am.txt", "short_az.txt"]
        (failed,) = report.failed
        assert isinstance(failed.error, WorkerStoppedError) and "long.txt" in failed.message
        assert "time limit 1 s" in failed.message and "--timeout" in failed.message
        assert sorted(d.file_name for d in ledger.documents()) == ["short_am.txt", "short_az.txt"]


def test_hostile_files_on_a_cluster_fail_each_with_its_reason_and_the_batch_goes_on(tmp_path: Path,
                                                                                   scheduler: str) -> None:
    folder = tmp_path / "statements"
    (folder / "binary.txt").parent.mkdir(parents=True)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    statement(folder, "ok.html", "<html><head><title>MoD</title><script>alert(1)</script></head><body><p>Baku, 5 "
                                 "October 2020. Azerbaijan's Ministry of Defence said 7 Armenian tanks were "
                                 "destroyed.</p></body></html>")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        report = ingest_on_cluster([folder], ledger, scheduler=scheduler)
        assert [Path(result.path).name for result in report.stored] == ["ok.html"]
        reasons = {Path(result.path).name: result for result in report.failed}
        assert set(reasons) == {"binary.txt", "empty.txt"}
        assert isinstance(reasons["binary.txt"].error, BinaryFileError)
        assert "binary.txt: the file is binary" in reasons["binary.txt"].message
        assert report.exit_status == 2
        (document,) = ledger.documents()
        assert "alert" not in document.text


def test_the_places_imported_into_a_ledger_locate_claims_on_every_worker(tmp_path: Path, scheduler: str) -> None:
    # A village no shipped gazetteer knows, imported into the ledger: the workers locate it as one process does.
    village = GazetteerPlace("gn:999999101", "Zorbalik", "village", "AZ", 40.61, 45.98, None,
                             (PlaceName("Zorbalik", "az", "az"), PlaceName("Zorbalikavan", "hy", "hy")),
                             geonames_id=999999101)
    folder = tmp_path / "statements"
    statement(folder, "az.txt", "Baku, 6 October 2020. Azerbaijan's Ministry of Defence said 3 houses were destroyed "
                                "in the village of Zorbalik by Armenian shelling.")
    statement(folder, "am.txt", "Yerevan, 6 October 2020. Armenia's Ministry of Defence said 2 soldiers were wounded "
                                "near the village of Zorbalikavan.")
    located = {}
    for name, ingest in (("one", lambda ledger: ingest_paths([folder], ledger)),
                         ("two", lambda ledger: ingest_on_cluster([folder], ledger, scheduler=scheduler))):
        with Ledger(tmp_path / f"{name}.sqlite") as ledger:
            ledger.import_places([village], "test")
            ingest(ledger)
            located[name] = sorted((c.claim.doc, [loc.place_id for loc in c.claim.locations]) for c in ledger.claims())
    assert located["two"] == located["one"]
    assert located["two"] == [("am.txt", ["gn:999999101"]), ("az.txt", ["gn:999999101"])]


def test_extract_to_parquet_on_two_workers_writes_the_claims_extract_prints(tmp_path: Path, scheduler: str) -> None:
    import pandas as pd

    printed = subprocess.run([sys.executable, "-m", "claimledger", "extract", str(SAMPLES)], capture_output=True,
                             text=True, check=True).stdout
    claims = [record for line in printed.splitlines() if (record := json.loads(line))["kind"] != "allegation"]
    report, written = extract_to_parquet([SAMPLES], tmp_path / "claims", scheduler=scheduler, batch_files=4)
    assert written == len(claims) and len(report.stored) == 20 and not report.failed
    table = pd.read_parquet(tmp_path / "claims")
    rows = sorted(({**{k: (list(v) if k in ("what", "places") else v) for k, v in row.items()
                       if k not in ("path", "span_start", "span_end")},
                    "span": [row["span_start"], row["span_end"]]} for row in table.to_dict("records")),
                  key=lambda r: (r["doc"], r["span"]))
    expected = sorted(claims, key=lambda r: (r["doc"], r["span"]))
    normalized = [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()} for row in rows]
    assert normalized == expected


def test_extract_to_parquet_refuses_a_folder_that_holds_files(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "part-00000.parquet").write_bytes(b"another run")
    with pytest.raises(ParquetFolderError, match="claims: it exists and is not an empty folder"):
        extract_to_parquet([SAMPLES], tmp_path / "claims")


def test_cli_ingests_on_workers_and_counts_failures_in_its_exit_status(tmp_path: Path) -> None:
    folder = tmp_path / "statements"
    statement(folder, "az.txt", "Baku, 7 October 2020. Azerbaijan's Ministry of Defence said 12 Armenian tanks "
                                "were destroyed.")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    ran = subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(folder), "--db",
                          str(tmp_path / "l.sqlite"), "--workers", "2"], capture_output=True, text=True)
    assert ran.returncode == 1, ran.stderr
    assert "stored 1, already present 0, failed 1" in ran.stdout
    assert "broken.txt: the file is binary" in ran.stderr
    refused = subprocess.run([sys.executable, "-m", "claimledger", "extract", str(folder), "--workers", "2"],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "--to-parquet" in refused.stderr
