"""The real `claimledger` command, through Typer's runner and as a process, over real files and ledgers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from importlib import resources
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from claimledger import EXTRACTOR_VERSION, __version__
from claimledger.cli import app
from claimledger.ledger import Ledger
from claimledger.models import Allegation, Claim, Document

SAMPLES = resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020"
FIRST_SAMPLE = "000_2d557154594d2a18.txt"
CLAIMLEDGER = Path(sys.executable).parent / "claimledger"

STATEMENT = (
    "Statement of the Ministry of Defence, 8 October 2020. 31 civilians were killed in Ganja and Barda. "
    "From 1 to 10 October the enemy lost 12 tanks.\n"
)


def run(*args: str | Path, stdin: str | None = None) -> Result:
    # A wide terminal, so that Rich tables do not wrap the words the tests look for.
    return CliRunner(env={"COLUMNS": "200"}).invoke(app, [str(a) for a in args], input=stdin)


@pytest.fixture
def hand_made_ledger(ledger_db: str) -> str:
    """A ledger with claims built by hand, so the query commands do not depend on the extractor: a file, or a
    PostgreSQL database (the commands' assertions are the same)."""
    db = ledger_db

    def claim(quote: str, value: int, kind: str, outcome: str, **fields: object) -> Claim:
        start = STATEMENT.index(quote)
        return Claim(doc="statement.txt", span=(start, start + len(quote)), quote=quote, value=value, kind=kind,
                     outcome=outcome, claimant="Azerbaijan", **fields)

    document = Document(name="statement.txt", text=STATEMENT,
                        content_hash=hashlib.sha256(STATEMENT.encode()).hexdigest())
    claims = [
        claim("31 civilians", 31, "casualties", "killed", what=["civilians"], affected="Azerbaijan", actor="Armenia",
              date="2020-10-08", cumulative=False, places=["Ganja", "Barda"]),
        claim("12 tanks", 12, "materiel", "destroyed", what=["tank", "armored_vehicle"], affected="Armenia",
              date="2020-10-01/2020-10-10", cumulative=True),
    ]
    with Ledger(db) as ledger:
        ledger.add_document(document, claims, profile="nagorno_karabakh_2020")
    return db


# --------------------------------------------------------------------------- ingest


def test_batch_with_an_empty_and_a_binary_file_exits_with_the_number_of_failures(
        tmp_path: Path, bad_batch: Path) -> None:
    db = tmp_path / "ledger.sqlite"
    result = run("ingest", bad_batch, "--db", db)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert errors == [line for line in errors if line.startswith("error: ")] and len(errors) == 2
    assert "binary.txt" in errors[0] and "binary" in errors[0]
    assert "empty.txt" in errors[1] and "empty" in errors[1]
    assert "Traceback" not in result.output
    assert "stored 1, already present 0, failed 2" in result.stdout
    with Ledger(db) as ledger:
        assert [d.file_name for d in ledger.documents()] == ["good.txt"]


def test_ingesting_twice_reports_the_statements_already_present(ledger_db: str) -> None:
    db = ledger_db
    with resources.as_file(SAMPLES) as samples:
        assert run("ingest", samples, "--db", db).exit_code == 0
        again = run("ingest", samples, "--db", db)
    assert again.exit_code == 0
    assert "stored 0, already present 5, failed 0" in again.stdout


def test_concurrent_ingests_of_overlapping_folders_store_each_statement_once(tmp_path: Path, ledger_db: str) -> None:
    # Three `claimledger ingest` processes at once into one new ledger, over folders that share statements: each
    # statement is stored by one of them, the others find it present, and none fails.
    folders = [tmp_path / name for name in ("a", "b", "c")]
    texts = [f"Statement {i} of the Ministry of Defence, 8 October 2020. {i + 2} civilians were wounded in Tartar.\n"
             for i in range(24)]
    for index, folder in enumerate(folders):
        folder.mkdir()
        for i in range(index * 8, index * 8 + 16):
            (folder / f"s{i}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    db = ledger_db
    ingests = [subprocess.Popen([str(CLAIMLEDGER), "ingest", str(folder), "--db", str(db)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for folder in folders]
    outputs = [ingest.communicate(timeout=300) for ingest in ingests]
    assert [ingest.returncode for ingest in ingests] == [0, 0, 0], outputs
    stored = sum(int(re.search(r"stored (\d+)", out).group(1)) for out, _ in outputs)
    with Ledger(db) as ledger:
        assert len(ledger.documents()) == len(texts) == stored


def _war_statements(count: int) -> list[str]:
    """`count` distinct one-line statements, of both sides' voices in turn."""
    return [f"Baku, October {1 + i % 28}, 2020. Armenian forces shelled Tartar; {i + 2} civilians were wounded and "
            f"{i + 5} houses destroyed.\n" if i % 2 == 0 else
            f"Stepanakert, October {1 + i % 28}, 2020. Azerbaijani drones struck Martuni; {i + 3} civilians were "
            f"killed and {i + 4} buildings damaged.\n" for i in range(count)]


def _document_count(db: Path) -> int:
    """The documents in the ledger, read as any reader would while it is written; 0 before it has a table."""
    try:
        # mode=ro: never creates the file an ingest is about to create.
        with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _ledger_state(db: Path) -> dict[str, object]:
    """What the ledger holds, by text (content hash) rather than by row id; and what would betray a torn write."""
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)) as connection:
        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted(connection.execute(sql).fetchall(), key=repr)

        return {
            "integrity": rows("PRAGMA integrity_check"),
            "foreign_key_violations": rows("PRAGMA foreign_key_check"),
            "orphans": {
                "claims": rows("SELECT id FROM claims WHERE document_id NOT IN (SELECT id FROM documents)"),
                "claim_places": rows("SELECT claim_id, place FROM claim_places "
                                     "WHERE claim_id NOT IN (SELECT id FROM claims)"),
                "sources": rows("SELECT id FROM sources WHERE document_id NOT IN (SELECT id FROM documents)"),
                "documents without a source": rows("SELECT id FROM documents "
                                                   "WHERE id NOT IN (SELECT document_id FROM sources)"),
            },
            "documents": Counter(hash_ for (hash_,) in connection.execute("SELECT content_hash FROM documents")),
            "claims": rows("SELECT d.content_hash, c.span_start, c.span_end, c.quote, c.value, c.kind, c.outcome, "
                           "c.claimant, c.what, c.places, c.date FROM claims c JOIN documents d "
                           "ON d.id = c.document_id"),
            "claim_places": rows("SELECT d.content_hash, c.span_start, p.place, p.place_id FROM claim_places p "
                                 "JOIN claims c ON c.id = p.claim_id JOIN documents d ON d.id = c.document_id"),
            "sources": rows("SELECT d.content_hash, s.path FROM sources s JOIN documents d ON d.id = s.document_id"),
        }


def _assert_sound(state: dict[str, object], when: str) -> None:
    assert state["integrity"] == [("ok",)], when
    assert state["foreign_key_violations"] == [], when
    assert state["orphans"] == {"claims": [], "claim_places": [], "sources": [], "documents without a source": []}, \
        when
    assert all(n == 1 for n in state["documents"].values()), f"{when}: a document stored twice"


def test_ingest_killed_with_sigkill_at_random_points_and_rerun_leaves_the_ledger_of_one_uninterrupted_ingest(
        tmp_path: Path) -> None:
    # `claimledger ingest` killed -9 (no handler runs, no rollback but SQLite's own) while it starts, migrates a new
    # ledger, and stores a batch, then run again into the same ledger, again and again: the ledger is never torn (no
    # claim without its document, nor a place without its claim), and once an ingest finishes it holds exactly what
    # one uninterrupted ingest of the folder stores.
    folder = tmp_path / "statements"
    folder.mkdir()
    texts = _war_statements(40)
    for i, text in enumerate(texts):
        (folder / f"s{i:02d}.txt").write_text(text, encoding="utf-8")

    def start(db: Path) -> subprocess.Popen[str]:
        return subprocess.Popen([str(CLAIMLEDGER), "ingest", str(folder), "--db", str(db)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    # The uninterrupted ingest, timed: when it stores its first statement and how long a statement takes.
    reference = tmp_path / "reference.sqlite"
    began = time.monotonic()
    ingest = start(reference)
    first_stored = last_stored = None
    while ingest.poll() is None:
        count = _document_count(reference)
        if count and first_stored is None:
            first_stored = time.monotonic() - began
        if count == len(texts) and last_stored is None:
            last_stored = time.monotonic() - began
        time.sleep(0.005)
    out, err = ingest.communicate()
    assert ingest.returncode == 0, err
    assert f"stored {len(texts)}, already present 0, failed 0" in out
    first_stored = first_stored or time.monotonic() - began
    per_statement = ((last_stored or first_stored) - first_stored) / (len(texts) - 1)
    expected = _ledger_state(reference)
    _assert_sound(expected, "the uninterrupted ingest")
    assert len(expected["documents"]) == len(texts)

    def wait(ingest: subprocess.Popen[str], until: Callable[[], bool], *, seconds: float = 120.0) -> None:
        """Until `until()` holds, the ingest has ended or `seconds` have passed."""
        deadline = time.monotonic() + seconds
        while not until() and ingest.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)

    # Kill points, reproducible from the seed. The first while the new ledger is created and migrated: a random
    # instant of the 0.1 s after its file appears. One while the command starts (opening the ledger, compiling the
    # patterns): a random time before the first statement is stored (or then, if it comes sooner). Three mid-batch:
    # once the ledger holds a random number of the statements left, plus a random part of the time one statement
    # takes, so that the kill lands anywhere in reading, extracting or storing the next one. The last two are set by
    # the ledger's progress rather than the clock alone, so that they land where meant on a slow or busy machine too.
    rng = random.Random(20201027)
    phases = ["start-up", "mid-batch", "mid-batch", "mid-batch"]
    rng.shuffle(phases)
    db = tmp_path / "killed.sqlite"
    kills: list[tuple[str, float, int, int, int | None]] = []  # phase, seconds, documents before and after, exit
    for phase in ["creation", *phases]:
        fraction, jitter = rng.random(), rng.random()
        before = _document_count(db)
        began = time.monotonic()
        ingest = start(db)
        if phase == "creation":
            wait(ingest, db.exists)
            time.sleep(fraction * 0.1)
        elif phase == "start-up":
            wait(ingest, lambda: _document_count(db) > before, seconds=0.3 + fraction * max(0.0, first_stored - 0.3))
        else:
            target = before + 1 + int(fraction * 0.4 * (len(texts) - before - 1))
            wait(ingest, lambda: _document_count(db) >= target)
            time.sleep(jitter * per_statement)
        killed_at = time.monotonic() - began
        ingest.send_signal(signal.SIGKILL)
        _, err = ingest.communicate()
        kills.append((phase, round(killed_at, 3), before, _document_count(db), ingest.returncode))
        assert ingest.returncode == -signal.SIGKILL, f"the ingest ended before it was killed: {kills}\n{err}"
        tables: set[str] = set()
        if db.exists():
            with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], kills
                tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if {"documents", "claims", "claim_places", "sources"} <= tables:
            _assert_sound(_ledger_state(db), f"after the kills {kills}")
        print(f"kill {kills[-1]} (phase, s after start, documents before, after, exit status): {len(tables)} tables")
    assert any(before < after < len(texts) for _, _, before, after, _ in kills), \
        f"no kill landed while the batch was being stored: {kills}"

    left = len(texts) - _document_count(db)
    ingest = start(db)
    out, err = ingest.communicate(timeout=120)
    assert ingest.returncode == 0, (err, kills)
    assert f"stored {left}, already present {len(texts) - left}, failed 0" in out, (out, kills)
    final = _ledger_state(db)
    _assert_sound(final, "after the last, complete ingest")
    assert final == expected, kills


def test_a_file_name_is_shown_escaped_in_its_error_line(tmp_path: Path) -> None:
    # A name with a newline cannot forge a second error line, nor one with a terminal's escape code colour it.
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "ok.txt").write_text(STATEMENT, encoding="utf-8")
    (folder / "empty\nstatement.txt: stored\x1b[31m.txt").write_text("", encoding="utf-8")
    done = subprocess.run([str(CLAIMLEDGER), "ingest", str(folder), "--db", str(tmp_path / "l.sqlite")],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "empty" in line]
    assert len(errors) == 1 and "empty\\nstatement.txt: stored\\x1b[31m.txt" in errors[0], done.stderr


def test_a_file_over_the_time_limit_fails_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    # One statement of tens of thousands of figures takes many seconds; with --timeout 2 it fails with one line
    # saying so, the statement beside it is stored, and the exit status counts the one failure.
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_slow.txt").write_text("1 " * 150_000 + "civilians were wounded.\n", encoding="utf-8")
    (folder / "b_ok.txt").write_text(STATEMENT, encoding="utf-8")
    db = tmp_path / "l.sqlite"
    done = subprocess.run([str(CLAIMLEDGER), "ingest", str(folder), "--db", str(db), "--timeout", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "a_slow.txt: reading it took longer than the time limit (2 s)" in done.stderr
    assert "stored 1, already present 0, failed 1" in done.stdout
    extracted = subprocess.run([str(CLAIMLEDGER), "extract", str(folder), "--timeout", "2"], capture_output=True,
                               text=True, timeout=120)
    assert extracted.returncode == 1 and "took longer than the time limit" in extracted.stderr
    assert '"doc": "b_ok.txt"' in extracted.stdout or "b_ok.txt" in extracted.stdout
    with Ledger(db) as ledger:
        assert [d.file_name for d in ledger.documents()] == ["b_ok.txt"]


def test_ingest_on_a_terminal_shows_documents_done_their_rate_and_the_time_left(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # stderr as a terminal 100 columns wide: the bar rich draws there while a batch of statements is read.
    from rich.console import Console

    import claimledger.cli as cli_module

    shown = io.StringIO()
    monkeypatch.setattr(cli_module, "stderr", lambda: Console(file=shown, force_terminal=True, width=100))
    for number in range(4):
        (tmp_path / f"s{number}.txt").write_text(f"Baku, 5 October 2020. {number + 3} civilians were killed in "
                                                 "Tartar, the ministry said.", encoding="utf-8")
    result = run("ingest", *sorted(tmp_path.glob("s*.txt")), "--db", tmp_path / "l.sqlite")
    assert result.exit_code == 0, result.output
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.getvalue())
    assert "4/4" in drawn and re.search(r"[\d.,]+ documents/s", drawn), drawn[-500:]


def test_ingest_into_a_file_that_is_not_sqlite_is_a_one_line_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 50)
    with resources.as_file(SAMPLES / FIRST_SAMPLE) as sample:
        result = run("ingest", sample, "--db", notes)
    assert result.exit_code == 1
    assert result.stderr == f"error: {notes}: not an SQLite database; give the path of a claimledger ledger, " \
                            f"or a new file name to create one\n"


def test_ingest_with_an_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    result = run("ingest", tmp_path, "--db", tmp_path / "l.sqlite", "--profile", "narnia")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown profile 'narnia': give one of nagorno_karabakh_2020")


# --------------------------------------------------------------------------- extract


def test_extract_jsonl_prints_only_claim_lines_on_stdout(tmp_path: Path, bad_batch: Path) -> None:
    # A file's quantitative claims in text order, then its allegations in text order: lines of SCHEMA.md each.
    result = run("extract", bad_batch / "good.txt", bad_batch / "empty.txt", "--format", "jsonl")
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["doc"] for r in records} == {"good.txt"}
    claims = [r for r in records if r["kind"] != "allegation"]
    allegations = [r for r in records if r["kind"] == "allegation"]
    assert records == claims + allegations
    assert set(claims[0]) == set(Claim(doc="", span=(0, 0), quote="", value=0, kind="", outcome="").to_record())
    assert all(set(r) == set(Allegation(doc="", span=(0, 0), quote="", stance="", subject="").to_record())
               for r in allegations)
    for kind in (claims, allegations):
        assert [r["span"] for r in kind] == sorted(r["span"] for r in kind)
    assert result.stderr.startswith(f"error: {bad_batch / 'empty.txt'}: the file is empty")
    assert not (tmp_path / "claimledger.sqlite").exists()


def test_extract_jsonl_from_the_installed_command_is_clean_json_lines(tmp_path: Path, bad_batch: Path) -> None:
    done = subprocess.run([str(CLAIMLEDGER), "extract", str(bad_batch), "--format", "jsonl"], capture_output=True,
                          text=True, encoding="utf-8", cwd=tmp_path)
    assert done.returncode == 2
    assert all(json.loads(line)["doc"] == "good.txt" for line in done.stdout.splitlines())
    assert len(done.stderr.splitlines()) == 2 and "Traceback" not in done.stderr


def test_extract_explains_which_profile_each_file_is_read_with(tmp_path: Path) -> None:
    karabakh = tmp_path / "karabakh.txt"
    karabakh.write_text("Baku, 3 October 2020\n\nArmenian forces shelled Tartar; 3 Azerbaijani civilians were "
                        "killed.", encoding="utf-8")
    yemen = tmp_path / "yemen.txt"
    yemen.write_text("Sanaa, 3 March 2022\n\nAn air strike by the Saudi-led coalition killed 14 people, the "
                     "Houthi-run health ministry said.", encoding="utf-8")
    result = run("extract", karabakh, yemen, "--explain-profile")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{karabakh}: profile nagorno_karabakh_2020 — ")
    assert lines[1].startswith(f"{yemen}: profile generic — no profile fits")
    assert "Houthis" in lines[1] and "Saudi-led coalition" in lines[1]
    assert all(json.loads(line) for line in result.stdout.splitlines())


def test_extract_explains_which_figures_made_no_claim_and_why(tmp_path: Path) -> None:
    statement = tmp_path / "bulletin\x1b[31m.txt"
    statement.write_text("Yerevan, October 6, 2020.\nThe adversary lost 14 tanks and " + "8" * 24 + " soldiers, "
                         "the 2 ministries said.", encoding="utf-8")
    result = run("extract", statement, "--explain")
    assert result.exit_code == 0
    name = "bulletin\\x1b[31m.txt"  # escaped: a file name cannot drive the terminal
    assert result.stderr.splitlines() == [
        f"{tmp_path}/{name}:2:33: '{'8' * 24}' is no claim: beyond 1,000,000,000,000,000, more than anything a war "
        "counts",
        f"{tmp_path}/{name}:2:72: '2' is no claim: counts nothing a claim is about: no people, equipment, buildings, "
        "ground, forces or attacks are named with it"]
    assert [json.loads(line)["value"] for line in result.stdout.splitlines()] == [14]
    # Without --explain, nothing of it on stderr.
    assert run("extract", statement).stderr == ""


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_max_pages_refuses_a_longer_pdf_with_one_error_line_and_the_batch_goes_on(tmp_path: Path,
                                                                                 command: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for page in ("Azerbaijani shelling wounded 4 civilians in Martuni.", "Armenian rockets hit 3 houses in Barda.",
                 "Russian strikes damaged 12 buildings in Kharkiv."):
        pdf.add_page()
        pdf.cell(0, 10, page)
    (tmp_path / "long.pdf").write_bytes(bytes(pdf.output()))
    (tmp_path / "short.txt").write_text("Kyiv, 3 March 2022. Ukrainian forces shot down 5 Russian drones.",
                                        encoding="utf-8")
    extra = ["--db", tmp_path / "war.sqlite"] if command == "ingest" else []
    refused = run(command, tmp_path, "--max-pages", "2", *extra)
    assert refused.exit_code == 1
    (line,) = [line for line in refused.stderr.splitlines() if "long.pdf" in line]
    assert "3 pages, limit 2" in line
    if command == "extract":
        assert [json.loads(line)["doc"] for line in refused.stdout.splitlines()] == ["short.txt"]
    assert run(command, tmp_path / "long.pdf", "--max-pages", "3", *extra).exit_code == 0


def test_extract_table_shows_the_claims(tmp_path: Path) -> None:
    with resources.as_file(SAMPLES / FIRST_SAMPLE) as sample:
        result = run("extract", sample, "--format", "table")
    assert result.exit_code == 0
    assert "claims" in result.stdout and "casualties" in result.stdout


# --------------------------------------------------------------------------- claims


def test_claims_csv_parses_with_the_csv_module(hand_made_ledger: str) -> None:
    result = run("claims", "--db", hand_made_ledger, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["quote"], r["value"], r["kind"]) for r in rows] == [("31 civilians", "31", "casualties"),
                                                                    ("12 tanks", "12", "materiel")]
    assert rows[0]["places"] == "Ganja; Barda" and rows[1]["places"] == ""
    assert rows[1]["what"] == "tank; armored_vehicle"
    assert (rows[0]["cumulative"], rows[1]["cumulative"]) == ("false", "true")
    assert (rows[1]["event_date"], rows[1]["event_date_end"]) == ("2020-10-01", "2020-10-10")
    assert rows[0]["speaker"] == ""
    assert STATEMENT[int(rows[1]["span_start"]):int(rows[1]["span_end"])] == "12 tanks"


def test_claims_filters_on_the_command_line(hand_made_ledger: str) -> None:
    def quotes(*options: str) -> list[str]:
        result = run("claims", "--db", hand_made_ledger, "--format", "jsonl", *options)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["quote"] for line in result.stdout.splitlines()]

    assert quotes() == ["31 civilians", "12 tanks"]
    assert quotes("--kind", "materiel") == ["12 tanks"]
    assert quotes("--place", "barda") == ["31 civilians"]
    assert quotes("--claimant", "AZERBAIJAN", "--since", "2020-10-09") == ["12 tanks"]
    assert quotes("--until", "2020-09-30") == []
    assert quotes("--doc", "statement.txt", "--until", "2020-10-08") == ["31 civilians", "12 tanks"]


def test_claims_jsonl_lines_carry_the_claim_id(hand_made_ledger: str) -> None:
    result = run("claims", "--db", hand_made_ledger, "--format", "jsonl", "--kind", "casualties")
    record = json.loads(result.stdout)
    assert record["id"] == 1 and record["value"] == 31 and record["places"] == ["Ganja", "Barda"]


def test_claims_table_lists_the_claims(hand_made_ledger: str) -> None:
    result = run("claims", "--db", hand_made_ledger)
    assert result.exit_code == 0
    assert "2 claims" in result.stdout and "Azerbaijan" in result.stdout


def test_claims_with_an_unknown_kind_is_a_usage_error(hand_made_ledger: str) -> None:
    result = run("claims", "--db", hand_made_ledger, "--kind", "weather")
    assert result.exit_code == 2
    assert "'weather' is not a kind" in result.stderr


@pytest.mark.parametrize("command", ["claims", "summary", "serve", "reextract"])
def test_reading_a_missing_ledger_says_to_ingest_first(tmp_path: Path, command: str) -> None:
    db = tmp_path / "missing.sqlite"
    result = run(command, "--db", db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no ledger at {db}; run `claimledger ingest")
    assert not db.exists()


def test_a_db_that_is_not_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    notes = tmp_path / "war.sqlite"
    notes.write_text("Casualty notes, typed by hand.\n" * 40)
    result = run("claims", "--db", notes)
    assert result.exit_code == 1
    assert result.stderr == f"error: {notes}: not an SQLite database; give the path of a claimledger ledger, " \
                            f"or a new file name to create one\n"


# --------------------------------------------------------------------------- summary, reextract, demo, misc


def test_summary_counts_per_kind_claimant_and_document(hand_made_ledger: str) -> None:
    result = run("summary", "--db", hand_made_ledger)
    assert result.exit_code == 0
    assert "1 documents, 2 claims" in result.stdout
    for heading in ("claims per kind", "claims per claimant", "claims per document"):
        assert heading in result.stdout
    assert "statement.txt" in result.stdout and "materiel" in result.stdout


def test_reextract_replaces_stale_machine_claims(hand_made_ledger: str) -> None:
    result = run("reextract", "--db", hand_made_ledger, "--force")
    assert result.exit_code == 0
    assert f"re-extracted 1 documents with extractor {EXTRACTOR_VERSION}" in result.stdout
    assert run("reextract", "--db", hand_made_ledger).stdout.startswith("re-extracted 0 documents")


def test_demo_without_serving_builds_a_fresh_ledger_from_the_bundled_samples(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    assert run("demo", "--db", db, "--no-serve").exit_code == 0
    result = run("demo", "--db", db, "--no-serve")  # deleted and rebuilt, not added to
    assert result.exit_code == 0
    assert "stored 20, already present 0, failed 0" in result.stdout
    assert "20 documents" in result.stdout and "claims per kind" in result.stdout
    with Ledger(db) as ledger:
        assert len(ledger.documents()) == 20


def test_demo_will_not_delete_a_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    precious = tmp_path / "thesis.sqlite"
    precious.write_text("years of work\n")
    result = run("demo", "--db", precious, "--no-serve")
    assert result.exit_code == 1
    assert "is not a claimledger ledger" in result.stderr
    assert precious.read_text() == "years of work\n"


def test_demo_will_not_replace_a_ledger_of_other_statements_unless_told(tmp_path: Path) -> None:
    # `claimledger demo --db war.sqlite` on a team's ledger would replace its statements with the bundled samples.
    db = tmp_path / "war.sqlite"
    statement = tmp_path / "mod_2020-10-08.txt"
    statement.write_text(STATEMENT, encoding="utf-8")
    assert run("ingest", statement, "--db", db).exit_code == 0
    result = run("demo", "--db", db, "--no-serve")
    assert result.exit_code == 1
    assert "holds 1 documents besides the bundled samples (such as mod_2020-10-08.txt)" in result.stderr
    assert "--replace" in result.stderr
    with Ledger(db) as ledger:
        assert [d.file_name for d in ledger.documents()] == ["mod_2020-10-08.txt"]
    assert run("demo", "--db", db, "--no-serve", "--replace").exit_code == 0
    with Ledger(db) as ledger:
        assert len(ledger.documents()) == 20 and "mod_2020-10-08.txt" not in {d.file_name for d in ledger.documents()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`claimledger serve --db DB OPTIONS...` on a free port, once it answers: its URL on 127.0.0.1 and its process
    (its stderr is read after it ends)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(CLAIMLEDGER), "serve", "--db", str(db), "--port", str(port), *options],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30  # a start-up limit, not a timing under test
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                httpx.get(f"{url}/static/style.css", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "claimledger serve did not start"
                time.sleep(0.1)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_serves_the_ledger_over_http(hand_made_ledger: str) -> None:
    with serving(hand_made_ledger) as (url, _):
        documents = httpx.get(f"{url}/api/documents", timeout=5).json()
    assert [(d["file_name"], d["claim_count"]) for d in documents] == [("statement.txt", 2)]


def test_serve_with_workers_answers_from_several_processes_each_with_the_options_given(hand_made_ledger: str,
                                                                                        tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("w") as written:
        server = subprocess.Popen([str(CLAIMLEDGER), "serve", "--db", str(hand_made_ledger), "--port", str(port),
                                   "--workers", "2", "--private"], stdout=subprocess.DEVNULL, stderr=written, text=True)
    try:
        deadline = time.monotonic() + 60  # a start-up limit, not a timing under test
        while len(re.findall(r"Started server process \[(\d+)\]", log.read_text())) < 2:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        for _ in range(10):
            # --private reached every worker: each sends a reader to log in.
            answer = httpx.get(f"{url}/", timeout=10)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
            assert httpx.get(f"{url}/api/documents", timeout=10).status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
    workers = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
    assert len(workers) == 2 and str(server.pid) not in workers


def _listening_addresses(port: int) -> set[str]:
    """The addresses of the sockets listening on `port` of this machine, as Linux lists them in /proc/net."""
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                # Each 32-bit word of the address is written in the machine's byte order (little-endian here).
                raw = b"".join(bytes.fromhex(address[i:i + 8])[::-1] for i in range(0, len(address), 8))
                found.add(socket.inet_ntop(family, raw))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux's /proc/net")
def test_serve_listens_on_127_0_0_1_alone_unless_told_otherwise(hand_made_ledger: str) -> None:
    with serving(hand_made_ledger) as (url, _):
        assert _listening_addresses(int(url.rsplit(":", 1)[1])) == {"127.0.0.1"}
    with serving(hand_made_ledger, "--host", "0.0.0.0") as (url, _):
        assert _listening_addresses(int(url.rsplit(":", 1)[1])) == {"0.0.0.0"}


def test_four_concurrent_ingests_beside_a_serving_web_view_store_each_statement_once_and_every_read_succeeds(
        tmp_path: Path) -> None:
    # `claimledger serve` reads a ledger while four `claimledger ingest` processes write it at once, over folders
    # that share statements: every request the whole time is a 200 with a JSON list that only grows (a document,
    # once shown, stays, with all its claims), no ingest waits itself into "database is locked", and each
    # statement is stored once.
    texts = _war_statements(40)
    folders = [tmp_path / name for name in ("a", "b", "c", "d")]
    for index, folder in enumerate(folders):
        folder.mkdir()
        for i in range(index * 10, index * 10 + 20):  # every statement in two of the folders
            (folder / f"s{i % len(texts):02d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    # The server opens the ledger read-only, so it must exist: a first ingest of one of the statements creates it.
    first = tmp_path / "first"
    first.mkdir()
    (first / "first.txt").write_text(texts[25], encoding="utf-8")
    db = tmp_path / "shared.sqlite"
    created = subprocess.run([str(CLAIMLEDGER), "ingest", str(first), "--db", str(db)], capture_output=True,
                             text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    outputs = [created.stdout]
    errors = [created.stderr]

    port = free_port()
    url = f"http://127.0.0.1:{port}/api/documents"
    server_log = tmp_path / "server.log"  # a file, not a pipe: the access log of hundreds of requests would fill it
    with server_log.open("w") as log:
        server = subprocess.Popen([str(CLAIMLEDGER), "serve", "--db", str(db), "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, text=True)
    ingests: list[subprocess.Popen[str]] = []
    try:
        deadline = time.monotonic() + 30  # a start-up limit, not a timing under test
        while True:
            assert server.poll() is None, server_log.read_text()
            try:
                assert len(httpx.get(url, timeout=5).json()) == 1
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "claimledger serve did not start"
                time.sleep(0.1)

        logs = [(tmp_path / f"ingest_{folder.name}.out", tmp_path / f"ingest_{folder.name}.err") for folder in folders]
        for folder, (out, err) in zip(folders, logs):
            with out.open("w") as stdout, err.open("w") as stderr:
                ingests.append(subprocess.Popen([str(CLAIMLEDGER), "ingest", str(folder), "--db", str(db)],
                                                stdout=stdout, stderr=stderr, text=True))
        failures: list[str] = []
        seen: dict[str, int] = {}  # content hash -> its claim count, as first shown
        counts: list[int] = []
        deadline = time.monotonic() + 300
        while any(ingest.poll() is None for ingest in ingests) and time.monotonic() < deadline:
            try:
                response = httpx.get(url, timeout=30)
            except httpx.HTTPError as err:
                failures.append(f"{type(err).__name__}: {err}")
                continue
            if response.status_code != 200:
                failures.append(f"{response.status_code}: {response.text[:500]}")
                continue
            try:
                documents = response.json()
            except ValueError:
                failures.append(f"not JSON: {response.text[:500]}")
                continue
            hashes = [document["content_hash"] for document in documents]
            if len(set(hashes)) != len(hashes):
                failures.append(f"a document listed twice: {sorted(hashes)}")
            if not set(seen) <= set(hashes):
                failures.append(f"documents shown before are gone: {sorted(set(seen) - set(hashes))}")
            for document in documents:
                if seen.setdefault(document["content_hash"], document["claim_count"]) != document["claim_count"]:
                    failures.append(f"the claims of {document['file_name']} changed: {document}")
            counts.append(len(documents))
            time.sleep(0.01)
        for ingest in ingests:
            ingest.wait(timeout=60)
    finally:
        for ingest in ingests:
            if ingest.poll() is None:
                ingest.kill()
                ingest.wait()
        server.terminate()
        server.wait(timeout=30)

    print(f"{len(counts)} reads during the ingests, documents shown: {sorted(Counter(counts).items())}")
    assert failures == [], failures[:10]
    assert counts == sorted(counts), counts
    # The reads overlapped the writes: some response showed a ledger half stored.
    assert any(1 < count < len(texts) for count in counts), counts
    assert [ingest.returncode for ingest in ingests] == [0, 0, 0, 0], [err.read_text() for _, err in logs]
    outputs += [out.read_text() for out, _ in logs]
    errors += [err.read_text() for _, err in logs]
    assert [line for error in errors for line in error.splitlines()
            if "locked" in line.lower() or "error" in line.lower()] == []
    assert all(re.search(r"failed 0\b", output) for output in outputs), outputs
    stored = sum(int(re.search(r"stored (\d+)", output).group(1)) for output in outputs)
    present = sum(int(re.search(r"already present (\d+)", output).group(1)) for output in outputs[1:])
    assert stored == len(texts), outputs
    assert present == 4 * 20 - (len(texts) - 1), outputs  # 80 files of which 39 texts were new
    state = _ledger_state(db)
    _assert_sound(state, "after the concurrent ingests")
    assert state["documents"] == Counter(hashlib.sha256(text.encode()).hexdigest() for text in texts)
    with Ledger(db) as ledger:
        final = {document.content_hash: document.claim_count for document in ledger.documents()}
    assert seen == final  # each document was shown from the first with all the claims it ends with
    server_output = server_log.read_text()
    assert "Traceback" not in server_output and " 500 " not in server_output, server_output[-3000:]


def test_profiles_lists_the_shipped_profiles() -> None:
    result = run("profiles")
    assert result.exit_code == 0
    assert "nagorno_karabakh_2020" in result.stdout and "russia_ukraine_2022" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"claimledger {__version__} (extractor {EXTRACTOR_VERSION})\n"


def test_a_statement_whose_file_name_is_not_utf8_is_stored_under_its_escaped_name(tmp_path: Path) -> None:
    # A name in Latin-1 ("café" as one byte é) comes from the file system as surrogates, which SQLite cannot store.
    import os

    folder = tmp_path / "batch"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9_statement.txt"), "w", encoding="utf-8") as file:
        file.write(STATEMENT)
    db = tmp_path / "l.sqlite"
    done = subprocess.run([str(CLAIMLEDGER), "ingest", str(folder), "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "stored 1, already present 0, failed 0" in done.stdout
    with Ledger(db) as ledger:
        (document,) = ledger.documents()
        assert document.file_name == "caf\\xe9_statement.txt"
        (source,) = ledger.sources(document.id)
        assert source.path_bytes == os.path.join(os.fsencode(folder), b"caf\xe9_statement.txt")


def test_a_batch_in_a_known_encoding_is_read_in_it(tmp_path: Path) -> None:
    # A cp1252 statement of one side and a cp1251 one of the other, too short for their encodings to be guessed:
    # refused by default with the option to use, read right when it is named; an unknown name is a usage error.
    latin = tmp_path / "ua.txt"
    latin.write_bytes("Kyiv \u2013 \u201c12 tanks\u201d destroyed near Bakhmut, the ministry said.".encode("cp1252"))
    cyrillic = tmp_path / "ru.txt"
    cyrillic.write_bytes("Минобороны: 12 танков уничтожено.".encode("cp1251"))
    for path in (latin, cyrillic):
        plain = run("extract", path, "--format", "jsonl")
        assert plain.exit_code == 1 and "not in a known encoding" in plain.stderr and "--encoding" in plain.stderr
    named = run("extract", latin, "--format", "jsonl", "--encoding", "cp1252")
    assert named.exit_code == 0, named.stderr
    assert [json.loads(line)["quote"] for line in named.stdout.splitlines()] == ["12 tanks"]
    db = tmp_path / "l.sqlite"
    assert run("ingest", cyrillic, "--db", db, "--encoding", "cp1251").exit_code == 0
    with Ledger(db) as ledger:
        assert [d.text for d in ledger.documents()] == ["Минобороны: 12 танков уничтожено."]
    bogus = run("extract", latin, "--encoding", "no-such-codec")
    assert bogus.exit_code == 2 and "no encoding Python knows" in bogus.stderr


def test_allegations_lists_them_filtered_and_pairs_the_contested_ones(tmp_path: Path) -> None:
    # One side's accusation and the other side's denial of it, in two statements of their own.
    armenian = tmp_path / "am.txt"
    armenian.write_text("Yerevan, 29 September 2020. The Armenian Defence Ministry said Turkish F-16 fighters took "
                        "part in the strikes on Stepanakert.", encoding="utf-8")
    azerbaijani = tmp_path / "az.txt"
    azerbaijani.write_text("Baku, 30 September 2020. The Ministry of Defence of Azerbaijan said Armenia spreads fake "
                           "news as if Turkish F-16s take part in the fighting.", encoding="utf-8")
    db = tmp_path / "war.sqlite"
    assert run("ingest", armenian, azerbaijani, "--db", db).exit_code == 0
    listed = run("allegations", "--db", db, "--format", "jsonl")
    assert listed.exit_code == 0, listed.stderr
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["doc"], r["stance"], r["subject"], r["actor"], r["claimant"]) for r in records] == [
        ("am.txt", "asserts", "foreign_military", "Turkey", "Armenia"),
        ("az.txt", "denies", "foreign_military", "Turkey", "Azerbaijan")]
    only = run("allegations", "--db", db, "--claimant", "azerbaijan", "--format", "jsonl")
    assert [json.loads(line)["stance"] for line in only.stdout.splitlines()] == ["denies"]
    contested = run("allegations", "--db", db, "--contested")
    assert contested.exit_code == 0
    assert "foreign_military · Turkey: asserted by Armenia (1) · denied by Azerbaijan (1)" in contested.stdout
    assert "Turkish F-16 fighters took part" in contested.stdout and "as if Turkish F-16s" in contested.stdout
    # The other side's word stays with a contested act filtered by one claimant.
    pairs = run("allegations", "--db", db, "--contested", "--claimant", "Armenia", "--format", "jsonl")
    (pair,) = [json.loads(line) for line in pairs.stdout.splitlines()]
    assert [s["claimant"] for s in pair["asserted"]] == ["Armenia"] and [s["claimant"] for s in pair["denied"]] == [
        "Azerbaijan"]
    wrong = run("allegations", "--db", db, "--subject", "treason")
    assert wrong.exit_code == 2 and "is no subject" in wrong.stderr


# --------------------------------------------------------------------------- users

PASSWORD = "correct horse battery staple"


def test_user_add_asks_for_the_password_twice_hidden_and_user_list_shows_the_user(hand_made_ledger: str) -> None:
    added = run("user", "add", "alice", "--role", "analyst", "--db", hand_made_ledger,
                stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.stderr
    assert "Password:" in added.stdout and "Repeat for confirmation:" in added.stdout
    assert PASSWORD not in added.stdout
    assert added.stdout.endswith(f"added alice (analyst) to {hand_made_ledger}\n")
    listed = run("user", "list", "--db", hand_made_ledger)
    assert listed.exit_code == 0
    assert re.search(r"alice\s+│\s+analyst\s+│\s+yes\s+│\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+│\s+never",
                     listed.stdout)
    with Ledger(hand_made_ledger) as ledger:
        assert ledger.user("alice").password_hash.startswith("$argon2id$")


def test_user_add_with_two_passwords_that_differ_asks_again(hand_made_ledger: str) -> None:
    added = run("user", "add", "alice", "--role", "viewer", "--db", hand_made_ledger,
                stdin=f"{PASSWORD}\n{PASSWORD}!\n{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.stderr
    assert "do not match" in added.stdout + added.stderr


@pytest.mark.parametrize(("name", "password", "message"), [
    ("carol", "", "the password is empty; give one of at least 12 characters"),
    ("carol", "too short", "the password is 9 characters long; give one of at least 12"),
    ("alice smith", PASSWORD, "'alice smith' cannot be a user name: use 1 to 64 letters"),
    ("ALICE", PASSWORD, "already has a user 'ALICE' (user names compare case-insensitively)"),
])
def test_user_add_refuses_a_weak_password_a_bad_name_or_a_taken_one_with_what_to_do(
        hand_made_ledger: str, name: str, password: str, message: str) -> None:
    assert run("user", "add", "alice", "--role", "admin", "--db", hand_made_ledger, "--password-stdin",
               stdin=f"{PASSWORD}\n").exit_code == 0
    refused = run("user", "add", name, "--role", "viewer", "--db", hand_made_ledger, "--password-stdin",
                  stdin=f"{password}\n")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: ") and message in refused.stderr
    with Ledger(hand_made_ledger) as ledger:
        assert [user.name for user in ledger.users()] == ["alice"]


def test_user_add_with_an_unknown_role_is_a_usage_error(hand_made_ledger: str) -> None:
    refused = run("user", "add", "alice", "--role", "root", "--db", hand_made_ledger, "--password-stdin",
                  stdin=f"{PASSWORD}\n")
    assert refused.exit_code == 2 and "'root' is not one of 'viewer', 'analyst', 'admin'" in refused.stderr


@pytest.mark.parametrize("command", [["disable", "bob"], ["token", "bob"], ["tokens", "bob"], ["revoke-token", "7"]])
def test_user_commands_on_a_user_or_token_that_is_not_there_say_how_to_list_them(hand_made_ledger: str,
                                                                                  command: list[str]) -> None:
    refused = run("user", *command, "--db", hand_made_ledger)
    assert refused.exit_code == 1
    assert f"error: {hand_made_ledger} has no " in refused.stderr and "`claimledger user " in refused.stderr


def test_user_commands_on_a_missing_ledger_say_to_ingest_first(tmp_path: Path) -> None:
    db = tmp_path / "missing.sqlite"
    refused = run("user", "add", "alice", "--role", "admin", "--db", db, "--password-stdin", stdin=f"{PASSWORD}\n")
    assert refused.exit_code == 1 and refused.stderr.startswith(f"error: no ledger at {db}")
    assert not db.exists()


def test_users_made_disabled_and_given_tokens_by_the_installed_command(hand_made_ledger: str) -> None:
    def user(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(CLAIMLEDGER), "user", *args, "--db", str(hand_made_ledger)], input=stdin,
                              capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})

    added = user("add", "alice", "--role", "admin", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    assert user("add", "bob", "--role", "viewer", "--password-stdin", stdin=f"{PASSWORD}\r\n").returncode == 0
    made = user("token", "bob", "--label", "nightly export")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert re.fullmatch(r"cl_[A-Za-z0-9_-]{43}", secret)  # stdout is the token alone, for scripts
    assert "shown this once" in made.stderr and "claimledger user revoke-token 1" in made.stderr
    listed = user("tokens", "bob")
    assert re.search(r"1\s+│\s+nightly export\s+│.*UTC\s+│\s+never\s+│\s+│", listed.stdout)
    assert secret not in listed.stdout
    assert user("revoke-token", "1").stdout == f"revoked API token #1 of bob in {hand_made_ledger}\n"
    disabled = user("disable", "bob")
    assert disabled.returncode == 0
    assert "disabled bob" in disabled.stdout and "sessions are ended and their API tokens revoked" in disabled.stdout
    listed = user("list")
    assert re.search(r"alice\s+│\s+admin\s+│\s+yes", listed.stdout)
    assert re.search(r"bob\s+│\s+viewer\s+│\s+no \(disabled\)", listed.stdout)
    with Ledger(hand_made_ledger) as ledger:
        from claimledger.accounts import Accounts

        accounts = Accounts(ledger)
        # The line end the password came with on stdin is not part of it.
        assert accounts.log_in("alice", PASSWORD, "127.0.0.1").user.name == "alice"
        assert accounts.api_token_user(secret) is None


def test_serve_private_sends_readers_to_log_in_and_warns_when_no_one_can(hand_made_ledger: str) -> None:
    with serving(hand_made_ledger, "--private") as (url, server):
        page = httpx.get(f"{url}/documents/1", timeout=5)
        api = httpx.get(f"{url}/api/documents", timeout=5)
        login = httpx.get(f"{url}/login", timeout=5)
    assert (page.status_code, page.headers["location"]) == (303, "/login?next=%2Fdocuments%2F1")
    assert api.status_code == 401 and "log" in api.json()["detail"]
    assert login.status_code == 200
    warning = server.stderr.read()
    assert f"warning: {hand_made_ledger} is served private and has no active user, so nobody can log in" in warning
    assert f"claimledger user add NAME --role admin --db {hand_made_ledger}" in warning
