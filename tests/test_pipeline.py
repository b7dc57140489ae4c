"""Batches over real files into real SQLite ledgers: idempotent ingestion, bad files, re-extraction."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from claimledger import EXTRACTOR_VERSION
from claimledger.errors import (BinaryFileError, EmptyFileError, FileMissingError, ProfileError,
                               UnsupportedLanguageError)
from claimledger.ingest import read_document
from claimledger.ledger import Ledger
from claimledger.models import LATEST_MENTIONED, PUBLISHED, Claim, ReferenceDay
from claimledger.pipeline import FileResult, extract_files, ingest_paths, reextract

SAMPLES = resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020"
FIRST_SAMPLE = "000_2d557154594d2a18.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the bundled sample statements (five files)."""
    folder = tmp_path / "statements"
    with resources.as_file(SAMPLES) as samples:
        shutil.copytree(samples, folder)
    return folder


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    with Ledger(tmp_path / "ledger.sqlite") as opened:
        yield opened


def count(db: Path, table: str) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def test_ingesting_the_same_folder_twice_stores_each_statement_once(corpus: Path, ledger: Ledger) -> None:
    first = ingest_paths([corpus], ledger)
    assert (len(first.stored), len(first.duplicate), len(first.failed)) == (5, 0, 0)
    claims_after_first = [s.claim.to_record() for s in ledger.claims()]
    second = ingest_paths([corpus], ledger)
    assert (len(second.stored), len(second.duplicate), len(second.failed), second.exit_status) == (0, 5, 0, 0)
    assert all("already in the ledger as document #" in r.message for r in second.duplicate)
    assert len(ledger.documents()) == 5
    assert [s.claim.to_record() for s in ledger.claims()] == claims_after_first
    assert count(ledger.path, "sources") == 5


def test_a_copy_under_another_name_is_recorded_as_a_second_source(corpus: Path, ledger: Ledger) -> None:
    ingest_paths([corpus], ledger)
    shutil.copy(corpus / FIRST_SAMPLE, corpus / "forwarded-by-embassy.txt")
    report = ingest_paths([corpus / "forwarded-by-embassy.txt"], ledger)
    original = ledger.find_document(read_document(corpus / FIRST_SAMPLE).content_hash)
    assert [r.document_id for r in report.duplicate] == [original.id]
    assert len(ledger.documents()) == 5
    connection = sqlite3.connect(ledger.path)
    sources = connection.execute("SELECT file_name, path FROM sources WHERE document_id = ? ORDER BY file_name",
                                 (original.id,)).fetchall()
    connection.close()
    assert sources == [(FIRST_SAMPLE, str(corpus / FIRST_SAMPLE)),
                       ("forwarded-by-embassy.txt", str(corpus / "forwarded-by-embassy.txt"))]


def test_an_empty_and_a_binary_file_fail_alone_and_the_good_one_is_stored(
        tmp_path: Path, bad_batch: Path, ledger: Ledger) -> None:
    report = ingest_paths([bad_batch], ledger)
    assert [Path(r.path).name for r in report.stored] == ["good.txt"]
    assert {Path(r.path).name: type(r.error) for r in report.failed} == {"binary.txt": BinaryFileError,
                                                                          "empty.txt": EmptyFileError}
    assert all(r.message.startswith(r.path) for r in report.failed)
    assert report.exit_status == 2
    assert [d.file_name for d in ledger.documents()] == ["good.txt"]
    assert count(ledger.path, "sources") == 1


def test_an_input_naming_no_file_is_one_failure(corpus: Path, ledger: Ledger) -> None:
    report = ingest_paths([corpus / FIRST_SAMPLE, corpus / "missing.txt"], ledger)
    assert len(report.stored) == 1
    assert [type(r.error) for r in report.failed] == [FileMissingError]


ARMENIAN_REPORT_HY = (
    "Հայաստանի պաշտպանության նախարարության տվյալներով՝ գիշերվա ընթացքում հակառակորդը կորցրել է "
    "տասնյակ անօդաչու թռչող սարքեր, իսկ սահմանամերձ գյուղերի հրետակոծությունը շարունակվում է։\n"
)
FRENCH_REPORT = (
    "Selon le ministère de la Défense, l'adversaire a perdu au cours de la nuit plusieurs dizaines de "
    "drones et de blindés, et les bombardements des villages frontaliers continuent.\n"
)
ENGLISH_TALLY = "Enemy losses:\nTanks – 12\nArtillery systems – 5\nUAVs – 3\n"


def test_a_statement_in_armenian_fails_alone_and_the_english_ones_are_stored(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "armenian.txt").write_text(ARMENIAN_REPORT_HY, encoding="utf-8")
    (folder / "tally.txt").write_text(ENGLISH_TALLY, encoding="utf-8")
    with resources.as_file(SAMPLES / FIRST_SAMPLE) as sample:
        shutil.copy(sample, folder / FIRST_SAMPLE)
    report = ingest_paths([folder], ledger)
    assert sorted(Path(r.path).name for r in report.stored) == [FIRST_SAMPLE, "tally.txt"]
    [failure] = report.failed
    assert isinstance(failure.error, UnsupportedLanguageError)
    assert failure.message == (f"{folder / 'armenian.txt'}: it is written in a language claimledger cannot read "
                               "(Armenian, hy); claimledger reads English statements: translate it, or add "
                               "language files for it")
    assert report.exit_status == 1
    assert sorted(d.file_name for d in ledger.documents()) == [FIRST_SAMPLE, "tally.txt"]


def test_extract_files_refuses_a_french_statement_and_reads_an_english_tally(tmp_path: Path) -> None:
    (tmp_path / "french.txt").write_text(FRENCH_REPORT, encoding="utf-8")
    (tmp_path / "tally.txt").write_text(ENGLISH_TALLY, encoding="utf-8")
    outcomes = dict(extract_files([tmp_path]))
    assert isinstance(outcomes[tmp_path / "french.txt"], UnsupportedLanguageError)
    assert "(French, fr)" in str(outcomes[tmp_path / "french.txt"])
    assert [claim.value for claim in outcomes[tmp_path / "tally.txt"]] == [12, 5, 3]


def test_progress_hears_of_every_input_in_turn(tmp_path: Path, bad_batch: Path, ledger: Ledger) -> None:
    heard: list[tuple[str, int, int]] = []

    def progress(result: FileResult, done: int, total: int) -> None:
        heard.append((Path(result.path).name, done, total))

    ingest_paths([bad_batch, tmp_path / "missing.txt"], ledger, progress=progress)
    assert heard == [("missing.txt", 1, 4), ("binary.txt", 2, 4), ("empty.txt", 3, 4), ("good.txt", 4, 4)]


def test_an_unknown_profile_stops_the_batch_before_any_file(corpus: Path, ledger: Ledger) -> None:
    with pytest.raises(ProfileError, match="unknown profile 'narnia'"):
        ingest_paths([corpus], ledger, profile="narnia")
    assert ledger.documents() == []


def test_a_named_profile_is_recorded_for_each_document(corpus: Path, ledger: Ledger) -> None:
    ingest_paths([corpus / FIRST_SAMPLE], ledger, profile="russia_ukraine_2022")
    assert [d.profile for d in ledger.documents()] == ["russia_ukraine_2022"]


def test_auto_profile_picks_the_war_the_statement_is_about(corpus: Path, ledger: Ledger) -> None:
    ingest_paths([corpus], ledger)
    assert {d.profile for d in ledger.documents()} == {"nagorno_karabakh_2020"}


def old_extractor_claim(doc: str) -> Claim:
    return Claim(doc=doc, span=(0, 9), quote="Statement", value=99, kind="attacks", outcome="strikes",
                 extractor_version="0.0.1")


def test_ingest_re_extracts_a_document_stored_by_an_older_extractor(corpus: Path, ledger: Ledger) -> None:
    document = read_document(corpus / FIRST_SAMPLE)
    stored = ledger.add_document(document, [old_extractor_claim(document.name)], profile="nagorno_karabakh_2020",
                                 extractor_version="0.0.1")
    report = ingest_paths([corpus / FIRST_SAMPLE], ledger)
    assert "re-extracted with extractor" in report.duplicate[0].message
    refreshed = ledger.document(stored.document_id)
    assert refreshed.extractor_version == EXTRACTOR_VERSION
    assert all(s.claim.extractor_version == EXTRACTOR_VERSION for s in ledger.claims())
    assert "Statement" not in [s.claim.quote for s in ledger.claims()]


def test_reextract_picks_only_stale_documents_unless_forced(corpus: Path, ledger: Ledger) -> None:
    ingest_paths([corpus], ledger)
    old_text = "Statement of the Ministry of Defence: 3 tanks of the enemy were destroyed near Fuzuli.\n"
    (corpus.parent / "old.txt").write_text(old_text, encoding="utf-8")
    document = read_document(corpus.parent / "old.txt")
    old = ledger.add_document(document, [old_extractor_claim("old.txt")], profile="nagorno_karabakh_2020",
                              extractor_version="0.0.1")
    assert reextract(ledger) == 1
    assert ledger.stale_documents(EXTRACTOR_VERSION) == []
    assert "Statement" not in [s.claim.quote for s in ledger.claims(document_id=old.document_id)]
    assert reextract(ledger) == 0
    assert reextract(ledger, force=True) == 6


def test_ingest_records_each_documents_reference_day_and_each_claims_weapon_model(corpus: Path,
                                                                                  ledger: Ledger) -> None:
    """What reconciliation reads is in the ledger's rows: it reads no text itself."""
    ingest_paths([corpus], ledger)
    days = {d.file_name[:3]: d.reference_day for d in ledger.documents()}
    assert days["000"] == ReferenceDay(dt.date(2020, 10, 8), PUBLISHED)
    # 004 gives no publication date; it looks back on the war, which ended on November 10.
    assert days["004"] == ReferenceDay(dt.date(2020, 11, 10), LATEST_MENTIONED)
    models = {s.claim.quote: s.claim.model for s in ledger.claims()}
    assert models["S-300 Air Defence System – 1"] == "S-300" and models["five T-72 tanks"] == "T-72"
    assert models["Air Defence Systems – 60"] is None
    stored = sqlite3.connect(ledger.path)
    try:
        assert stored.execute("SELECT reference_day, reference_day_source FROM documents WHERE file_name LIKE '004%'"
                              ).fetchall() == [("2020-11-10", "latest_mentioned")]
        assert stored.execute("SELECT model FROM claims WHERE quote = 'five T-72 tanks'").fetchall() == [("T-72",)]
    finally:
        stored.close()


def test_ingest_stores_where_the_text_names_each_place_of_a_claim(corpus: Path, ledger: Ledger) -> None:
    ingest_paths([corpus], ledger)
    stored = sqlite3.connect(ledger.path)
    try:
        placed = stored.execute("SELECT p.place, substr(d.text, p.span_start + 1, p.span_end - p.span_start) "
                                "FROM claim_places p JOIN claims c ON c.id = p.claim_id "
                                "JOIN documents d ON d.id = c.document_id").fetchall()
    finally:
        stored.close()
    assert placed and all(place == named for place, named in placed)


def test_reextract_refreshes_the_reference_day_and_the_weapon_models(corpus: Path, ledger: Ledger) -> None:
    """A document stored without them (by an older extractor, or an API call that gave none) gets them again."""
    document = read_document(corpus / FIRST_SAMPLE)
    ledger.add_document(document, [old_extractor_claim(document.name)], profile="nagorno_karabakh_2020",
                        extractor_version="0.0.1")
    assert ledger.documents()[0].reference_day is None
    assert reextract(ledger) == 1
    assert ledger.documents()[0].reference_day == ReferenceDay(dt.date(2020, 10, 8), PUBLISHED)
    assert "S-300" in [s.claim.model for s in ledger.claims()]


def test_reextract_of_a_document_whose_profile_is_gone_says_how_to_go_on(corpus: Path, ledger: Ledger) -> None:
    document = read_document(corpus / FIRST_SAMPLE)
    ledger.add_document(document, [], profile="my_own_war", extractor_version="0.0.1")
    with pytest.raises(ProfileError, match=r"extracted with profile 'my_own_war'.*--profile"):
        reextract(ledger)
    assert reextract(ledger, profile="auto") == 1
    assert ledger.documents()[0].profile == "nagorno_karabakh_2020"


def test_extract_files_gives_claims_or_the_error_of_each_file(tmp_path: Path, bad_batch: Path) -> None:
    outcomes = dict(extract_files([bad_batch, tmp_path / "missing.txt"]))
    assert isinstance(outcomes[tmp_path / "missing.txt"], FileMissingError)
    assert isinstance(outcomes[bad_batch / "empty.txt"], EmptyFileError)
    assert isinstance(outcomes[bad_batch / "binary.txt"], BinaryFileError)
    claims = outcomes[bad_batch / "good.txt"]
    assert claims and all(c.doc == "good.txt" for c in claims)
    assert [c.span for c in claims] == sorted(c.span for c in claims)
    assert not (tmp_path / "claimledger.sqlite").exists()


def test_a_document_of_more_claims_than_the_limit_is_refused_whole() -> None:
    # A table of thousands of tallies is no statement: refused with its count, rather than stored by the thousand
    # or cut at some claim.
    from claimledger.errors import TooManyClaimsError
    from claimledger.gazetteer import Gazetteer
    from claimledger.ingest import document_from_text
    from claimledger.pipeline import extract_document
    from claimledger.profile import load_profile

    lines = "".join(f"In the village of Talish {n} houses were destroyed.\n\n" for n in range(2, 9))
    document = document_from_text(lines, name="table.txt")
    profile = load_profile("nagorno_karabakh_2020")
    assert len(extract_document(document, profile, Gazetteer.bundled(), max_claims=7)) == 7
    with pytest.raises(TooManyClaimsError, match="table.txt: it holds more claims than the limit \\(7 > 6\\)"):
        extract_document(document, profile, Gazetteer.bundled(), max_claims=6)


def test_a_file_of_one_line_of_five_megabytes_is_read_whole_within_the_time_limit(tmp_path: Path) -> None:
    # One "sentence" of five megabytes (no full stop, no line break), a figure every two kilobytes: each search of a
    # figure's sentence would take time growing with its length, and the file would take hours. Cut into sentences
    # of at most segment.MAX_SENTENCE characters, it is read in seconds, well within the default time limit.
    prose = ("the shelling of the town went on while the residents stayed in their basements and the officials of "
             "the district said again that ")
    unit = prose * 16 + "12 soldiers were wounded, "
    path = tmp_path / "one_line.txt"
    path.write_text(unit * (5_000_000 // len(unit)), encoding="utf-8")
    ((read, outcome),) = list(extract_files([path], profile="nagorno_karabakh_2020"))
    assert read == path
    assert not isinstance(outcome, Exception), outcome
    assert len(outcome) == 5_000_000 // len(unit)
    assert {(claim.value, claim.outcome) for claim in outcome} == {(12, "wounded")}


def test_the_demo_ledger_is_rebuilt_over_one_of_only_the_samples_and_never_over_other_work(tmp_path: Path) -> None:
    from claimledger.errors import LedgerError
    from claimledger.pipeline import build_demo_ledger

    db = tmp_path / "demo.sqlite"
    first, totals = build_demo_ledger(db)
    assert len(first.stored) == totals.documents == 20 and not first.failed
    again, _ = build_demo_ledger(db)  # only the samples: replaced, nothing asked
    assert len(again.stored) == 20
    statement = tmp_path / "team" / "statement.txt"
    statement.parent.mkdir()
    statement.write_text("Kyiv, 3 March 2022. Ukrainian air defence shot down 7 Russian drones.", encoding="utf-8")
    with Ledger(db) as ledger:
        ingest_paths([statement], ledger)
    with pytest.raises(LedgerError, match="1 documents besides the bundled samples"):
        build_demo_ledger(db)
    with Ledger(db) as ledger:
        assert len(ledger.documents()) == 21
    _, replaced = build_demo_ledger(db, replace=True)
    assert replaced.documents == 20


def test_a_folder_of_hostile_files_stores_the_good_ones_and_fails_each_other_alone(tmp_path: Path, corpus: Path,
                                                                                  ledger: Ledger) -> None:
    # One of each kind of hostile input beside two good statements, into a ledger that already holds five: each bad
    # file is one failure naming it and its reason, the good ones are stored, and nothing stored before is lost.
    import os

    from test_ingest import _bomb_pdf

    assert len(ingest_paths([corpus], ledger).stored) == 5
    batch = tmp_path / "hostile"
    batch.mkdir()
    (batch / "good_am.txt").write_text("Stepanakert, 3 October 2020. Azerbaijani shelling wounded 4 civilians in "
                                       "Martuni.", encoding="utf-8")
    (batch / "good_az.txt").write_text("Baku, 4 October 2020. Armenian rockets killed 3 civilians in Tartar.",
                                       encoding="utf-8")
    (batch / "loop.txt").symlink_to("loop.txt")
    (batch / "sub").mkdir()
    (batch / "sub" / "up").symlink_to("..")
    os.mkfifo(batch / "pipe.txt")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (batch / "bomb.pdf").write_bytes(_bomb_pdf(100_000_000))
    (batch / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    (batch / "abyss.html").write_text(f"<html>{'<div>' * 100_000}3 killed{'</div>' * 100_000}</html>",
                                      encoding="utf-8")
    (batch / "mixed.txt").write_bytes("Kyiv – 12 tanks, ".encode() + "“5 drones” – said".encode("cp1252"))
    (batch / "digits.txt").write_text("7" * 50_000, encoding="utf-8")
    (batch / "one_line.txt").write_text(("the shelling went on and " * 40 + "12 soldiers were wounded, ") * 400,
                                        encoding="utf-8")
    report = ingest_paths([batch], ledger)
    assert sorted(Path(r.path).name for r in report.stored) == ["digits.txt", "good_am.txt", "good_az.txt",
                                                               "one_line.txt"]
    failed = {Path(r.path).name: r.message for r in report.failed}
    assert sorted(failed) == ["abyss.html", "binary.txt", "bomb.pdf", "loop.txt", "mixed.txt", "pipe.txt",
                              "truncated.pdf"]
    assert all(message.startswith(str(batch / name) + ": ") for name, message in failed.items())
    assert "symbolic links" in failed["loop.txt"] and "decompression bomb" in failed["bomb.pdf"]
    assert report.exit_status == 7
    assert len(ledger.documents()) == 9


def test_ingest_stores_the_allegations_and_reextract_replaces_them_alike(corpus: Path, ledger: Ledger) -> None:
    ingest_paths([corpus], ledger)
    first = [(s.file_name, s.allegation.to_record()) for s in ledger.allegations()]
    assert first and {record["kind"] for _, record in first} == {"allegation"}
    assert reextract(ledger, force=True) == 5
    assert [(s.file_name, s.allegation.to_record()) for s in ledger.allegations()] == first
