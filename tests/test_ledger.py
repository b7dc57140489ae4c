"""The ledger on real SQLite files: schema by migration, all-or-nothing stores, re-extraction, queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import replace
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from sqlalchemy import URL, create_engine, event, func, literal_column, select

from claimledger import EXTRACTOR_VERSION
from claimledger.errors import DocumentStoreError, LedgerError
from claimledger.ledger import ClaimQuery, Ledger, _alembic_config, is_ledger
from claimledger.models import LATEST_MENTIONED, PUBLISHED, Claim, Document, ReferenceDay

GANJA_TEXT = (
    "According to the information of 8 October 2020, 31 civilians were killed and around 150 wounded in Ganja. "
    "Between 1 and 10 October 576 houses were destroyed in Tartar and ganja.\n"
)
FIZULI_TEXT = "The enemy lost 12 tanks near Fizuli on 14 October. Hundreds of residents fled.\n"


def make_document(text: str, name: str, source_path: str | None = None, **fields: object) -> Document:
    return Document(name=name, text=text, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    source_path=source_path, **fields)


def make_claim(doc: str, text: str, quote: str, value: int | float | None, kind: str, outcome: str,
               **fields: object) -> Claim:
    start = text.index(quote)
    return Claim(doc=doc, span=(start, start + len(quote)), quote=quote, value=value, kind=kind, outcome=outcome,
                 **fields)


def ganja_claims() -> list[Claim]:
    t, d = GANJA_TEXT, "ganja.txt"
    return [
        make_claim(d, t, "31 civilians were killed", 31, "casualties", "killed", what=["civilians"],
                   claimant="Azerbaijan", affected="Azerbaijan", actor="Armenia", date="2020-10-08", cumulative=True,
                   places=["Ganja"]),
        make_claim(d, t, "around 150 wounded", 150, "casualties", "wounded", qualifier="approx",
                   claimant="Azerbaijan", date="2020-10-08", places=["Ganja"]),
        make_claim(d, t, "576 houses were destroyed", 576, "damage", "destroyed", what=["houses"],
                   claimant="Azerbaijan", date="2020-10-01/2020-10-10", places=["Tartar", "Ganja", "ganja"]),
    ]


def fizuli_claims() -> list[Claim]:
    t, d = FIZULI_TEXT, "fizuli.txt"
    return [
        make_claim(d, t, "12 tanks", 12, "materiel", "destroyed", what=["tank"], claimant="Armenia",
                   affected="Azerbaijan", date="2020-10-14", places=["Fizuli"]),
        make_claim(d, t, "Hundreds of residents fled", None, "displacement", "displaced", qualifier="approx",
                   claimant="Armenia"),
    ]


@pytest.fixture
def ledger(ledger_db: str) -> Ledger:
    with Ledger(ledger_db) as opened:
        yield opened


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    return fill(ledger)


def fill(ledger: Ledger) -> Ledger:
    """The Ganja and Fizuli documents with their claims, stored."""
    ledger.add_document(make_document(GANJA_TEXT, "ganja.txt", published=dt.date(2020, 10, 8)), ganja_claims(),
                        profile="nagorno_karabakh_2020")
    ledger.add_document(make_document(FIZULI_TEXT, "fizuli.txt"), fizuli_claims(), profile="nagorno_karabakh_2020")
    return ledger


def old_document_row(file_name: str, text: str, extractor_version: str) -> tuple[str, tuple[object, ...]]:
    """The SQL that stores document #1 as an older claimledger did (whose Ledger is gone), with its parameters."""
    return ("INSERT INTO documents (id, content_hash, file_name, media_type, profile, text, char_count, "
            "extractor_version, ingested_at) VALUES (1, 'hash1', ?, 'text/plain', 'nagorno_karabakh_2020', ?, ?, ?, "
            "'2020-10-14T09:00:00+00:00')", (file_name, text, len(text), extractor_version))


def rows(db: Ledger | Path | str, sql: str, *params: object) -> list[tuple]:
    """The rows of `sql` (parameters as ?) in a ledger, an SQLite file or a PostgreSQL database, read directly."""
    if isinstance(db, Ledger):
        db = db.path if db.path is not None else db.name
    if isinstance(db, str) and db.startswith("postgresql://"):
        with psycopg.connect(db, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("?", "%s"), params)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    connection = sqlite3.connect(db)
    try:
        with connection:
            return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Ledger:
    """A ledger file, for what only SQLite has (its file, its PRAGMAs, its query plans)."""
    with Ledger(tmp_path / "ledger.sqlite") as opened:
        yield opened


@pytest.fixture
def sqlite_filled(sqlite_ledger: Ledger) -> Ledger:
    return fill(sqlite_ledger)


# --------------------------------------------------------------------------- schema


def where(ledger: Ledger) -> Path | str:
    """What opens `ledger` again: its file, or its database's URL."""
    return ledger.path if ledger.path is not None else ledger.name


def test_migrations_create_every_table_and_index(sqlite_ledger: Ledger) -> None:
    ledger = sqlite_ledger
    tables = {name for (name,) in rows(ledger, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    search_tables = {name for name in tables if name.startswith("claims_search")}
    # sqlite_stat1: the planner's statistics, which the last migration gathers (ANALYZE).
    assert tables - search_tables - {"sqlite_stat1"} == {"alembic_version", "documents", "sources", "claims", "claim_places",
                                      "gazetteer_places", "gazetteer_names", "reference_counts", "allegations", "users",
                                      "sessions", "api_tokens", "login_failures", "claim_reviews", "claim_corrections",
                                      "audit_log", "ledger_changes"}
    # The full-text index of the claims, with the tables SQLite's FTS5 keeps for it.
    assert search_tables == {
        "claims_search", "claims_search_data", "claims_search_idx", "claims_search_docsize", "claims_search_config",
        "claims_search_content"}
    indexes = {name for (name,) in rows(ledger, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_claims_facets", "ix_claims_claimant", "ix_claims_date_start", "ix_claims_ledger_order",
            "ix_claims_date_order", "ix_claims_value_order",
            "ix_claim_places_place", "ix_sources_path", "ix_sessions_user_id", "ix_api_tokens_user_id",
            "ix_login_failures_username_failed_at", "ix_login_failures_client_failed_at", "ix_claims_review_status",
            "ix_claim_reviews_span", "ix_claim_corrections_span", "ix_audit_log_span"} <= indexes
    columns = {name for (_, name, *_) in rows(ledger, "PRAGMA table_info(claims)")}
    assert {"span_start", "span_end", "value", "what", "date_start", "date_end", "places", "origin", "model",
            "review_status"} <= columns
    document_columns = {name for (_, name, *_) in rows(ledger, "PRAGMA table_info(documents)")}
    assert {"reference_day", "reference_day_source"} <= document_columns
    source_columns = {name for (_, name, *_) in rows(ledger, "PRAGMA table_info(sources)")}
    assert {"path", "file_name", "seen_at", "path_bytes"} <= source_columns
    claims_document_fk = [fk for fk in rows(ledger, "PRAGMA foreign_key_list(claims)") if fk[2] == "documents"]
    assert claims_document_fk[0][6] == "CASCADE"  # on_delete
    user_columns = {name for (_, name, *_) in rows(ledger, "PRAGMA table_info(users)")}
    assert user_columns == {"id", "name", "role", "password_hash", "active", "created_at", "last_login_at"}
    for table in ("sessions", "api_tokens"):
        user_fk = [fk for fk in rows(ledger, f"PRAGMA foreign_key_list({table})") if fk[2] == "users"]
        assert user_fk[0][6] == "CASCADE", table
        assert "token_hash" in {name for (_, name, *_) in rows(ledger, f"PRAGMA table_info({table})")}
    assert rows(ledger, "PRAGMA journal_mode") == [("wal",)]
    assert rows(ledger, "SELECT version_num FROM alembic_version") == [("0014",)]
    assert is_ledger(ledger.path)


def test_reopening_a_ledger_keeps_its_contents(filled: Ledger) -> None:
    filled.close()
    with Ledger(where(filled)) as reopened:
        assert [d.file_name for d in reopened.documents()] == ["ganja.txt", "fizuli.txt"]
        assert len(reopened.claims()) == 5


def test_a_text_file_given_as_ledger_is_refused_with_its_name(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(LedgerError, match=r"notes\.sqlite: not an SQLite database"):
        Ledger(notes)
    assert notes.read_text().startswith("these are my notes")


def test_another_applications_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE bookmarks (url TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(LedgerError, match="not a claimledger ledger .*bookmarks"):
        Ledger(other)
    assert rows(other, "SELECT name FROM sqlite_master") == [("bookmarks",)]
    assert not is_ledger(other)


def test_a_ledger_from_a_newer_claimledger_is_refused(filled: Ledger) -> None:
    filled.close()
    rows(filled, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(LedgerError, match="newer claimledger"):
        Ledger(where(filled))


def test_a_ledger_file_name_may_hold_url_characters(tmp_path: Path) -> None:
    with Ledger(tmp_path / "war?2020#draft.sqlite") as ledger:
        ledger.add_document(make_document(FIZULI_TEXT, "fizuli.txt"), fizuli_claims(), profile="p")
    assert (tmp_path / "war?2020#draft.sqlite").is_file()


def test_a_ledger_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="check that the folder exists"):
        Ledger(tmp_path / "no-such-folder" / "ledger.sqlite")


# --------------------------------------------------------------------------- storing


def test_stored_document_and_claims_read_back_as_given(filled: Ledger) -> None:
    ganja = filled.documents()[0]
    assert (ganja.file_name, ganja.published, ganja.profile, ganja.char_count, ganja.claim_count) == (
        "ganja.txt", dt.date(2020, 10, 8), "nagorno_karabakh_2020", len(GANJA_TEXT), 3)
    assert ganja.text == GANJA_TEXT and ganja.extractor_version == EXTRACTOR_VERSION
    stored = filled.claims(document_id=ganja.id)
    assert [s.claim.to_record() for s in stored] == [c.to_record() for c in ganja_claims()]
    assert all(s.origin == "machine" and s.file_name == "ganja.txt" for s in stored)
    # The value column is REAL: a whole number must come back as 31, not 31.0.
    assert type(stored[0].claim.value) is int
    assert filled.claims(doc="fizuli.txt")[1].claim.value is None


def test_same_text_from_a_second_path_is_one_document_with_two_sources(ledger: Ledger, tmp_path: Path) -> None:
    first = ledger.add_document(make_document(GANJA_TEXT, "ganja.txt", str(tmp_path / "ganja.txt")), ganja_claims(),
                                profile="p")
    again = ledger.add_document(make_document(GANJA_TEXT, "ganja.txt", str(tmp_path / "ganja.txt")), ganja_claims(),
                                profile="p")
    copy = ledger.add_document(make_document(GANJA_TEXT, "copy.txt", str(tmp_path / "copy.txt")), ganja_claims(),
                               profile="p")
    assert (first.created, first.claims_stored) == (True, 3)
    assert (again.created, again.claims_stored, copy.created) == (False, 0, False)
    assert first.document_id == again.document_id == copy.document_id
    assert len(ledger.claims()) == 3
    assert rows(ledger, "SELECT document_id, file_name FROM sources ORDER BY file_name") == [
        (first.document_id, "copy.txt"), (first.document_id, "ganja.txt")]


def test_a_claim_violating_not_null_leaves_no_document_behind(ledger: Ledger) -> None:
    broken = ganja_claims()
    broken[2].kind = None  # type: ignore[assignment]  # what a buggy extractor could hand over
    with pytest.raises(DocumentStoreError, match="cannot store ganja.txt .*(NOT NULL|not-null).*nothing of it was stored"):
        ledger.add_document(make_document(GANJA_TEXT, "ganja.txt", "ganja.txt"), broken, profile="p")
    for table in ("documents", "sources", "claims", "claim_places"):
        assert rows(ledger, f"SELECT count(*) FROM {table}") == [(0,)], table
    # Nothing half-stored blocks the corrected document.
    assert ledger.add_document(make_document(GANJA_TEXT, "ganja.txt"), ganja_claims(), profile="p").created


def test_a_claim_with_a_malformed_date_is_refused_whole(ledger: Ledger) -> None:
    broken = ganja_claims()
    broken[0].date = "8 October 2020"
    with pytest.raises(DocumentStoreError, match="'8 October 2020' is not YYYY-MM-DD"):
        ledger.add_document(make_document(GANJA_TEXT, "ganja.txt"), broken, profile="p")
    assert ledger.documents() == []


def test_places_are_indexed_once_per_claim_whatever_their_case(filled: Ledger) -> None:
    houses = filled.claims(kind="damage")[0]
    assert houses.claim.places == ["Tartar", "Ganja", "ganja"]  # as the extractor gave them
    assert sorted(rows(filled, "SELECT place FROM claim_places WHERE claim_id = ?", houses.id)) == [
        ("Ganja",), ("Tartar",)]


def test_where_the_text_names_each_place_is_stored_and_read_back(ledger: Ledger) -> None:
    # An Armenian statement naming Martuni twice: the claim took the town, not the region before it.
    text = "Shelling of the Martuni region went on. 2 civilians were wounded in the town of Martuni and in Karmir Shuka."
    spans = [(text.rindex("Martuni"), text.rindex("Martuni") + len("Martuni")),
             (text.index("Karmir Shuka"), text.index("Karmir Shuka") + len("Karmir Shuka"))]
    claim = make_claim("martuni.txt", text, "2 civilians", 2, "casualties", "wounded", claimant="Armenia",
                       places=["Martuni", "Karmir Shuka"], place_spans=spans)
    ledger.add_document(make_document(text, "martuni.txt"), [claim], profile="nagorno_karabakh_2020")
    (stored,) = ledger.claims()
    assert stored.claim.place_spans == spans
    assert sorted(rows(ledger, "SELECT substr(d.text, p.span_start + 1, p.span_end - p.span_start), p.span_start "
                                    "FROM claim_places p JOIN claims c ON c.id = p.claim_id "
                                    "JOIN documents d ON d.id = c.document_id")) == [
        ("Karmir Shuka", spans[1][0]), ("Martuni", spans[0][0])]


def test_a_claim_stored_without_place_spans_reads_back_without_them(filled: Ledger) -> None:
    houses = filled.claims(kind="damage")[0]
    assert houses.claim.places == ["Tartar", "Ganja", "ganja"] and houses.claim.place_spans == []
    assert rows(filled, "SELECT DISTINCT span_start, span_end FROM claim_places") == [(None, None)]


def test_a_ledger_made_at_migration_0005_keeps_its_places_without_spans_once_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    engine = create_engine(URL.create("sqlite", database=str(db)))
    with engine.begin() as connection, _alembic_config() as config:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        # Rows as the claimledger of 0005 wrote them, with no column for where a place is named.
        connection.exec_driver_sql(*old_document_row("tartar.txt", "In the city of Tartar 3 civilians were killed.",
                                                     "0.3.0"))
        connection.exec_driver_sql(
            "INSERT INTO claims (id, document_id, span_start, span_end, quote, value, qualifier, unit, kind, outcome, "
            "what, claimant, places, origin, extractor_version, created_at) VALUES (1, 1, 22, 33, '3 civilians', 3, "
            "'exact', 'count', 'casualties', 'killed', '[\"civilians\"]', 'Azerbaijan', '[\"Tartar\"]', 'machine', "
            "'0.3.0', '2020-10-14T09:00:00+00:00')")
        connection.exec_driver_sql(
            "INSERT INTO claim_places (claim_id, place, place_id, kind, precision) VALUES "
            "(1, 'Tartar', 'wof:890433377', 'town', 1)")
    engine.dispose()
    with Ledger(db) as upgraded:
        (stored,) = upgraded.claims()
    assert stored.claim.places == ["Tartar"] and stored.claim.place_spans == []
    assert stored.claim.locations[0].place_id == "wof:890433377"
    assert rows(db, "SELECT span_start, span_end FROM claim_places") == [(None, None)]


# --------------------------------------------------------------------------- re-extraction


def insert_human_claim(db: Ledger | Path, document_id: int) -> int:
    """A reviewer's claim, written with plain SQL as a review tool would."""
    ((claim_id,),) = rows(
        db, "INSERT INTO claims (document_id, span_start, span_end, quote, value, qualifier, unit, kind, outcome, "
        "what, claimant, places, origin, extractor_version, created_at) VALUES "
        "(?, 0, 9, 'According', 1, 'exact', 'count', 'attacks', 'strikes', '[]', 'Azerbaijan', '[\"Ganja\"]', "
        "'human', '', '2020-10-09T00:00:00+00:00') RETURNING id", document_id)
    rows(db, "INSERT INTO claim_places (claim_id, place) VALUES (?, 'Ganja')", claim_id)
    return claim_id


def test_reference_day_and_weapon_model_are_stored_as_given_and_replaced_on_re_extraction(ledger: Ledger) -> None:
    text = "The enemy lost 2 T-72 tanks.\n"
    tanks = make_claim("t.txt", text, "2 T-72 tanks", 2, "materiel", "lost", model="T-72")
    stored = ledger.add_document(make_document(text, "t.txt"), [tanks], profile="nagorno_karabakh_2020",
                                 reference_day=ReferenceDay(dt.date(2020, 10, 8), PUBLISHED))
    assert ledger.document(stored.document_id).reference_day == ReferenceDay(dt.date(2020, 10, 8), PUBLISHED)
    assert [s.claim.model for s in ledger.claims()] == ["T-72"]
    assert rows(ledger, "SELECT reference_day, reference_day_source FROM documents") == [("2020-10-08",
                                                                                               "published")]
    ledger.replace_machine_claims(stored.document_id, [tanks], extractor_version="9.9.9",
                                  reference_day=ReferenceDay(dt.date(2020, 11, 10), LATEST_MENTIONED))
    assert ledger.document(stored.document_id).reference_day == ReferenceDay(dt.date(2020, 11, 10), LATEST_MENTIONED)
    ledger.replace_machine_claims(stored.document_id, [tanks], extractor_version="9.9.9")
    assert ledger.document(stored.document_id).reference_day is None


def test_replace_machine_claims_keeps_human_claims(filled: Ledger) -> None:
    ganja = filled.documents()[0]
    human_id = insert_human_claim(filled, ganja.id)
    replacement = [make_claim("ganja.txt", GANJA_TEXT, "31 civilians", 31, "casualties", "killed", places=["Ganja"])]
    assert filled.replace_machine_claims(ganja.id, replacement, extractor_version="9.9.9") == 1
    stored = filled.claims(document_id=ganja.id)
    assert [(s.origin, s.claim.quote) for s in stored] == [("human", "According"), ("machine", "31 civilians")]
    assert stored[1].claim.extractor_version == "9.9.9"
    assert filled.document(ganja.id).extractor_version == "9.9.9"
    # The old machine claims' places went with them; the human claim's place stayed.
    assert sorted(rows(filled, "SELECT claim_id FROM claim_places WHERE place = 'Ganja'")) == sorted(
        [(human_id,), (stored[1].id,)])
    assert len(filled.claims(document_id=filled.documents()[1].id)) == 2  # the other document is untouched


def test_replace_machine_claims_is_one_transaction(filled: Ledger) -> None:
    ganja = filled.documents()[0]
    before = [s.claim.to_record() for s in filled.claims(document_id=ganja.id)]
    broken = ganja_claims()
    broken[1].outcome = None  # type: ignore[assignment]
    with pytest.raises(DocumentStoreError):
        filled.replace_machine_claims(ganja.id, broken, extractor_version="9.9.9")
    assert [s.claim.to_record() for s in filled.claims(document_id=ganja.id)] == before
    assert filled.document(ganja.id).extractor_version == EXTRACTOR_VERSION


def test_replace_machine_claims_of_an_unknown_document_says_so(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="no document #42"):
        ledger.replace_machine_claims(42, [], extractor_version="9.9.9")


def test_stale_documents_are_those_of_another_extractor_version(ledger: Ledger) -> None:
    old = ledger.add_document(make_document(GANJA_TEXT, "ganja.txt"), [], profile="p", extractor_version="0.0.1")
    ledger.add_document(make_document(FIZULI_TEXT, "fizuli.txt"), [], profile="p")
    assert [d.id for d in ledger.stale_documents(EXTRACTOR_VERSION)] == [old.document_id]
    assert ledger.stale_documents("0.0.1")[0].file_name == "fizuli.txt"


# --------------------------------------------------------------------------- queries


def quotes(found: list) -> list[str]:
    return [s.claim.quote for s in found]


def test_claims_filter_by_kind_claimant_place_and_document(filled: Ledger) -> None:
    assert quotes(filled.claims(kind="materiel")) == ["12 tanks"]
    assert quotes(filled.claims(claimant="armenia")) == ["12 tanks", "Hundreds of residents fled"]
    assert quotes(filled.claims(place="GANJA")) == ["31 civilians were killed", "around 150 wounded",
                                                     "576 houses were destroyed"]
    assert quotes(filled.claims(place="Tartar", kind="damage")) == ["576 houses were destroyed"]
    assert quotes(filled.claims(doc="fizuli.txt", kind="displacement")) == ["Hundreds of residents fled"]
    assert filled.claims(doc="nothing.txt") == [] and filled.claims(place="Shusha") == []


def test_since_and_until_compare_against_the_claims_date_range(filled: Ledger) -> None:
    # The houses claim covers 1-10 October: it overlaps any window touching those days.
    assert quotes(filled.claims(since=dt.date(2020, 10, 9))) == ["576 houses were destroyed", "12 tanks"]
    assert quotes(filled.claims(until=dt.date(2020, 10, 5))) == ["576 houses were destroyed"]
    assert quotes(filled.claims(since=dt.date(2020, 10, 11), until=dt.date(2020, 10, 13))) == []
    assert quotes(filled.claims(since=dt.date(2020, 10, 14), until=dt.date(2020, 10, 14))) == ["12 tanks"]
    # Undated claims cannot be placed in a window, so they are left out of any dated query.
    assert "Hundreds of residents fled" not in quotes(filled.claims(since=dt.date(2000, 1, 1)))


def test_summary_counts_documents_and_claims(filled: Ledger) -> None:
    filled.add_document(make_document("Nothing to count.\n", "empty.txt"), [], profile="p")
    totals = filled.summary()
    assert (totals.documents, totals.claims) == (3, 5)
    assert totals.by_kind == {"casualties": 2, "damage": 1, "materiel": 1, "displacement": 1}
    assert totals.by_claimant == {"Azerbaijan": 3, "Armenia": 2}
    assert [(d.file_name, d.claims) for d in totals.by_document] == [("ganja.txt", 3), ("fizuli.txt", 2),
                                                                       ("empty.txt", 0)]
    assert [d.claim_count for d in filled.documents()] == [3, 2, 0]


# A writer process for the concurrency tests: opens the ledger (creating it if it is new) and stores every document
# of the list given, each with one claim, reporting how many it created.
_WRITER = r"""
import hashlib, json, sys
from claimledger.ledger import Ledger
from claimledger.models import Claim, Document
path, names = sys.argv[1], json.loads(sys.argv[2])
created = 0
with Ledger(path) as ledger:
    for name in names:
        text = f"Statement {name}: 12 civilians were wounded in {name}."
        document = Document(name=f"{name}.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
        claim = Claim(doc=document.name, span=(0, 10), quote=text[:10], value=12, kind="casualties",
                      outcome="wounded", what=["civilians"])
        created += ledger.add_document(document, [claim], profile="generic").created
print(created)
"""


@pytest.fixture(params=("sqlite", "postgresql"))
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where no ledger is yet: a new file's path, or the URL of an empty PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "shared.sqlite"
    return request.getfixturevalue("postgresql_server").create_database(empty=True)


def _concurrent_writers(path: Path | str, lists: list[list[str]]) -> list[int]:
    import json
    import subprocess
    import sys

    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), json.dumps(names)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for names in lists]
    results = [writer.communicate(timeout=300) for writer in writers]
    for writer, (_, err) in zip(writers, results):
        assert writer.returncode == 0, err
    return [int(out) for out, _ in results]


def test_concurrent_writers_into_a_new_ledger_store_every_document_exactly_once(empty_db: Path | str) -> None:
    # Four processes open the same new ledger at once (racing on its migration) and store overlapping lists of
    # documents, one transaction each: every document is stored once, by exactly one of them, with its claim.
    path = empty_db
    names = [f"place{i}" for i in range(120)]
    lists = [names[i * 20:i * 20 + 60] for i in range(4)] + [names[::-1]]
    created = _concurrent_writers(path, lists)
    with Ledger(path) as ledger:
        stored = ledger.documents()
        assert sorted(d.file_name for d in stored) == sorted(f"{name}.txt" for name in names)
        assert sum(created) == len(names)
        assert len(ledger.claims()) == len(names)


def test_concurrent_writers_into_a_ledger_that_exists_lose_no_document(empty_db: Path | str) -> None:
    # A transaction that reads before it writes (is this text stored already?) takes the write lock as it begins:
    # taken at its first write instead, SQLite refuses it at once while another process writes, without waiting
    # (and two PostgreSQL transactions would both find the text new, and one fail on its unique hash).
    path = empty_db
    Ledger(path).close()
    names = [f"town{i}" for i in range(150)]
    created = _concurrent_writers(path, [names, names[50:], names[::-1]])
    with Ledger(path) as ledger:
        assert len(ledger.documents()) == len(names) == sum(created)


def _file_state(path: Path) -> tuple[str, list[str]]:
    """The ledger file's bytes (as a digest) and the files beside it."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def test_a_ledger_open_read_only_reads_everything_and_refuses_every_write(filled: Ledger) -> None:
    filled.close()
    before = rows(filled, "SELECT count(*) FROM documents"), rows(filled, "SELECT count(*) FROM claims")
    with Ledger(where(filled), read_only=True) as reader:
        assert sorted(d.file_name for d in reader.documents()) == ["fizuli.txt", "ganja.txt"]
        assert reader.summary().documents == 2
        with pytest.raises(DocumentStoreError, match="read-only"):
            reader.add_document(make_document("Two tanks were destroyed.", "new.txt"), [], profile="p")
        # Below the API too: the database itself refuses to write through the read-only connection.
        with reader._engine.connect() as connection, pytest.raises(Exception, match="readonly|read-only"):
            connection.exec_driver_sql("DELETE FROM documents")
    assert (rows(filled, "SELECT count(*) FROM documents"), rows(filled, "SELECT count(*) FROM claims")) == before


def ledger_at_revision(db: Path, revision: str) -> Path:
    """A new, empty ledger at `db` as the claimledger of schema `revision` made it."""
    engine = create_engine(URL.create("sqlite", database=str(db)))
    with engine.begin() as connection, _alembic_config() as config:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    return db


def test_a_source_path_that_is_not_utf8_keeps_its_bytes_and_the_file_opens_by_them(tmp_path: Path) -> None:
    import os

    from claimledger.ingest import document_from_text

    folder = os.fsencode(tmp_path)
    names = [b"caf\xe9_bulletin.txt", b"\xd0\xe5\xf7\xfc.txt", "Ստեփանակերտ.txt".encode()]  # Latin-1, cp1251, UTF-8
    with Ledger(tmp_path / "l.sqlite") as ledger:
        for number, name in enumerate(names):
            path = os.path.join(folder, name)
            text = f"Baku, October {number + 3}, 2020. 3 houses were destroyed in Tartar."
            with open(path, "w", encoding="utf-8") as file:
                file.write(text)
            stored = ledger.add_document(document_from_text(text, name=os.fsdecode(name),
                                                            source_path=os.fsdecode(path)), [],
                                         profile="nagorno_karabakh_2020")
            (source,) = ledger.sources(stored.document_id)
            with open(source.os_path, encoding="utf-8") as file:
                assert file.read() == text
            assert source.path_bytes == (None if number == 2 else path)
        shown = [ledger.sources(d.id)[0].file_name for d in ledger.documents()]
    assert shown == ["caf\\xe9_bulletin.txt", "\\xd0\\xe5\\xf7\\xfc.txt", "Ստեփանակերտ.txt"]


def test_a_ledger_made_at_migration_0006_keeps_its_sources_once_upgraded(tmp_path: Path) -> None:
    db = ledger_at_revision(tmp_path / "old.sqlite", "0006")
    with sqlite3.connect(db) as connection:
        connection.execute(*old_document_row("caf\\xe9.txt", "3 houses were destroyed.", "0.3.0"))
        connection.execute("INSERT INTO sources (document_id, path, file_name, seen_at) VALUES "
                           "(1, '/statements/caf\\xe9.txt', 'caf\\xe9.txt', '2020-10-14T09:00:00+00:00')")
    connection.close()
    with Ledger(db) as upgraded:
        (source,) = upgraded.sources(1)
    # What 0006 stored is all that is known of the path: its escaped text, no bytes.
    assert (source.path, source.path_bytes, source.os_path) == ("/statements/caf\\xe9.txt", None,
                                                                "/statements/caf\\xe9.txt")


def test_a_ledger_of_an_older_schema_open_read_only_is_refused_not_upgraded(tmp_path: Path) -> None:
    db = ledger_at_revision(tmp_path / "old.sqlite", "0005")
    before = _file_state(db)
    with pytest.raises(LedgerError, match="older claimledger .*0005.*read-only.*claimledger summary"):
        Ledger(db, read_only=True)
    assert _file_state(db) == before


def test_a_ledger_of_a_newer_schema_or_none_open_read_only_is_refused(filled: Ledger, tmp_path: Path) -> None:
    filled.close()
    rows(filled, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(LedgerError, match="newer claimledger"):
        Ledger(where(filled), read_only=True)
    with pytest.raises(LedgerError, match="no such ledger"):
        Ledger(tmp_path / "missing.sqlite", read_only=True)
    assert not (tmp_path / "missing.sqlite").exists()
    other = tmp_path / "bookmarks.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE bookmarks (url TEXT)").connection.close()
    with pytest.raises(LedgerError, match="not a claimledger ledger"):
        Ledger(other, read_only=True)


def test_allegations_are_stored_with_their_document_read_back_filtered_and_replaced_on_re_extraction(
        ledger: Ledger) -> None:
    from claimledger.ingest import document_from_text
    from claimledger.models import Allegation

    text = ("Yerevan, 29 September 2020. Turkish F-16s took part in the strikes, the ministry said; Baku called "
            "this fake.")
    asserted = Allegation("m.txt", (28, 63), text[28:63], "asserts", "foreign_military", actor="Turkey",
                          claimant="Armenia", date="2020-09-29", places=["Stepanakert"])
    denied = Allegation("m.txt", (86, 104), text[86:104], "denies", "foreign_military", actor="Turkey",
                        claimant="Azerbaijan")
    stored = ledger.add_document(document_from_text(text, name="m.txt"), [], profile="nagorno_karabakh_2020",
                                 allegations=[asserted, denied])
    both = ledger.allegations()
    assert [(s.allegation.stance, s.allegation.claimant, s.file_name) for s in both] == [
        ("asserts", "Armenia", "m.txt"), ("denies", "Azerbaijan", "m.txt")]
    assert both[0].allegation.places == ["Stepanakert"] and both[0].allegation.quote == text[28:63]
    assert both[0].published == dt.date(2020, 9, 29) and both[0].to_record()["kind"] == "allegation"
    assert [s.allegation.stance for s in ledger.allegations(actor="turkey", claimant="azerbaijan")] == ["denies"]
    assert ledger.allegations(subject="war_crime") == []
    ledger.replace_machine_claims(stored.document_id, [], extractor_version="9.9", allegations=[denied])
    assert [s.allegation.stance for s in ledger.allegations()] == ["denies"]


def test_a_figure_lists_the_denials_that_dispute_it(ledger: Ledger) -> None:
    from claimledger.ingest import document_from_text
    from claimledger.models import Allegation

    text = "Moscow, 12 May 2022. Kyiv's figure of 26,000 Russian troops killed is fabricated, the ministry said."
    quote = "26,000 Russian troops killed"
    span = (text.index(quote), text.index(quote) + len(quote))
    claim = Claim(doc="m.txt", span=span, quote=quote, value=26000, kind="casualties", outcome="killed",
                  what=["military"], affected="Russia", claimant="Ukraine")
    denial = Allegation("m.txt", (21, 82), text[21:82], "denies", "loss_claim", actor="Ukraine", claimant="Russia",
                        disputes=[span])
    ledger.add_document(document_from_text(text, name="m.txt"), [claim], profile="russia_ukraine_2022",
                        allegations=[denial])
    (stored,) = ledger.claims()
    (found,) = ledger.disputes(stored.id)
    assert (found.allegation.claimant, found.allegation.disputes) == ("Russia", [span])
    assert ledger.disputes(stored.id + 1) == []


def test_a_ledger_made_at_migration_0009_keeps_its_documents_and_gains_accounts_once_upgraded(tmp_path: Path) -> None:
    db = ledger_at_revision(tmp_path / "old.sqlite", "0009")
    with sqlite3.connect(db) as connection:
        connection.execute(*old_document_row("ganja.txt", "3 houses were destroyed.", "0.5.0"))
    connection.close()
    with pytest.raises(LedgerError, match="older claimledger .*0009"):
        Ledger(db, read_only=True)
    with Ledger(db) as upgraded:
        assert [d.file_name for d in upgraded.documents()] == ["ganja.txt"]
        assert upgraded.users() == []
        added = upgraded.add_user("alice", "viewer", "$argon2id$not-a-real-hash", at=dt.datetime.now(dt.UTC))
        assert (added.name, added.role, added.active, added.last_login_at) == ("alice", "viewer", True, None)
    assert rows(db, "SELECT version_num FROM alembic_version") == [("0014",)]


def test_a_user_name_is_unique_whatever_its_case(ledger: Ledger) -> None:
    from claimledger.errors import UserExistsError

    at = dt.datetime.now(dt.UTC)
    ledger.add_user("alice", "admin", "$argon2id$hash", at=at)
    with pytest.raises(UserExistsError, match="already has a user 'Alice'"):
        ledger.add_user("Alice", "viewer", "$argon2id$hash", at=at)
    assert ledger.user("ALICE").name == "alice"
    # Below the API too: the column's own UNIQUE constraint compares without case.
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.UniqueViolation), match="UNIQUE|unique"):
        rows(ledger, "INSERT INTO users (name, role, password_hash, created_at) "
                     "VALUES ('ALICE', 'viewer', 'x', '2026-01-01T00:00:00+00:00')")


def test_a_ledger_made_at_migration_0010_keeps_its_claims_unreviewed_once_upgraded(tmp_path: Path) -> None:
    db = ledger_at_revision(tmp_path / "old.sqlite", "0010")
    with sqlite3.connect(db) as connection:
        connection.execute(*old_document_row("ganja.txt", "3 houses were destroyed.", "0.5.0"))
        connection.execute("INSERT INTO claims (document_id, span_start, span_end, quote, value, qualifier, unit, kind, "
                           "outcome, what, places, origin, extractor_version, created_at) VALUES (1, 0, 8, '3 houses', "
                           "3, 'exact', 'count', 'damage', 'destroyed', '[\"house\"]', '[]', 'machine', '0.5.0', "
                           "'2020-10-10T00:00:00+00:00')")
    connection.close()
    with Ledger(db) as upgraded:
        (claim,) = upgraded.claims()
        assert claim.review_status == "unreviewed" and upgraded.audit_trail() == [] and upgraded.reviews(claim.id) == []
    assert rows(db, "SELECT version_num FROM alembic_version") == [("0014",)]


# --------------------------------------------------------------------------- search


def searchable_ledger(path: Path | str) -> Ledger:
    """A ledger of two statements and claims made by hand: figures of both sides, places resolved by both names."""
    from claimledger.models import Location

    ledger = Ledger(path)
    texts = {"baku.txt": "The enemy lost 12 tanks near Ağdam. 31 civilians were killed in Ganja. 5 houses burned.",
             "yerevan.txt": "Azerbaijan lost 40 tanks and 3 drones near Stepanakert. 2 civilians died in Martuni."}
    quotes = {"baku.txt": [("12 tanks", 12, "materiel", "destroyed", ["tank"], "Armenia", "Azerbaijan", "Ağdam",
                            Location("Ağdam", "wof:1", "Aghdam / Akna", "city", 40.0, 46.9, 1)),
                           ("31 civilians", 31, "casualties", "killed", ["civilians"], "Azerbaijan", "Azerbaijan",
                            "Ganja", None),
                           ("5 houses", 5, "damage", "destroyed", ["house"], None, "Azerbaijan", None, None)],
              "yerevan.txt": [("40 tanks", 40, "materiel", "destroyed", ["tank", "armored_vehicle"], "Azerbaijan",
                               "Armenia", "Stepanakert",
                               Location("Stepanakert", "wof:2", "Khankendi / Stepanakert", "city", 39.8, 46.75, 1)),
                              ("3 drones", 3, "materiel", "destroyed", ["drone"], "Azerbaijan", "Armenia", None, None),
                              ("2 civilians", 2, "casualties", "killed", ["civilians"], "Armenia", "Armenia",
                               "Martuni", None)]}
    for name, text in texts.items():
        claims = []
        for quote, value, kind, outcome, what, affected, claimant, place, location in quotes[name]:
            start = text.index(quote)
            claims.append(Claim(doc=name, span=(start, start + len(quote)), quote=quote, value=value, kind=kind,
                                outcome=outcome, what=what, affected=affected, claimant=claimant,
                                date="2020-10-0" + str(len(claims) + 1), places=[place] if place else [],
                                locations=[location] if location else []))
        ledger.add_document(Document(name=name, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest()),
                            claims, profile="nagorno_karabakh_2020")
    return ledger


def page_quotes(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.claim.quote for c in page.claims]


@pytest.mark.parametrize("words, expected", [
    ("tanks", ["12 tanks", "40 tanks"]),
    ("tank*", ["12 tanks", "40 tanks"]),
    ("Khankendi", ["40 tanks"]),  # the other side's name of the place the claim names
    ("Agdam", ["12 tanks"]),  # without its diacritics
    ("civilians Armenia", ["2 civilians"]),  # every word, in any field
    ("baku.txt houses", ["5 houses"]),  # the document's name
    ('"AND" ( NEAR', []),  # FTS5 syntax is read as words, never as an error
])
def test_a_search_finds_claims_by_every_word_in_any_of_their_fields(ledger_db: str, words: str,
                                                                     expected: list[str]) -> None:
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        assert sorted(page_quotes(ledger.search_claims(ClaimQuery(text=words)))) == expected


def test_search_filters_combine_and_compare_names_without_case(ledger_db: str) -> None:
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        assert page_quotes(ledger.search_claims(ClaimQuery(kind="materiel", affected="azerbaijan"))) == ["40 tanks", "3 drones"]
        assert page_quotes(ledger.search_claims(ClaimQuery(what="tank"))) == ["12 tanks", "40 tanks"]
        assert page_quotes(ledger.search_claims(ClaimQuery(what="tan"))) == []  # an item whole, not a part of one
        assert page_quotes(ledger.search_claims(ClaimQuery(claimant="ARMENIA", outcome="killed"))) == ["2 civilians"]
        assert page_quotes(ledger.search_claims(ClaimQuery(place="Ganja"))) == ["31 civilians"]
        assert ledger.search_claims(ClaimQuery(review_status="unreviewed")).total == 6
        assert ledger.search_claims(ClaimQuery(origin="human")).total == 0


@pytest.mark.parametrize("sort", ["ledger", "date", "value"])
def test_pages_of_a_search_hold_every_claim_once_in_its_order(ledger_db: str, sort: str) -> None:
    from claimledger.ledger import ClaimQuery, StoredClaim

    with searchable_ledger(ledger_db) as ledger:
        seen: list[StoredClaim] = []
        after = None
        while True:
            page = ledger.search_claims(ClaimQuery(sort=sort, after=after, limit=2))
            assert page.total == 6 and len(page.claims) <= 2
            seen += page.claims
            if page.next_after is None:
                break
            after = page.next_after
        assert sorted(c.id for c in seen) == sorted(c.id for c in ledger.claims())
        if sort == "value":
            assert [c.claim.value for c in seen] == [40, 31, 12, 5, 3, 2]
        elif sort == "date":
            assert [c.claim.date for c in seen] == sorted(c.claim.date for c in seen)
        else:
            assert seen == ledger.claims()
        with pytest.raises(ValueError, match="cursor"):
            ledger.search_claims(ClaimQuery(sort="ledger" if sort != "ledger" else "date", after=page.next_after or
                                            '["%s", 1]' % sort))


def test_facets_count_the_claims_a_search_finds_by_each_field(ledger_db: str) -> None:
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        facets = ledger.claim_facets(ClaimQuery(kind="materiel"))
        names = {document.id: document.file_name for document in ledger.documents()}
    assert facets["claimant"] == [("Armenia", 2), ("Azerbaijan", 1)]
    assert [(names[document_id], count) for document_id, count in facets["document"]] == [("yerevan.txt", 2),
                                                                                          ("baku.txt", 1)]
    assert facets["kind"] == [("materiel", 3)] and facets["review_status"] == [("unreviewed", 3)]


def test_the_search_index_follows_every_write_of_a_claim(ledger_db: str) -> None:
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        tanks = ledger.search_claims(ClaimQuery(text="Khankendi")).claims[0]
        ledger.record_correction(tanks.id, {"claimant": "Artsakh Defence Army"}, note="", user=None,
                                 at=dt.datetime.now(dt.UTC))
        assert page_quotes(ledger.search_claims(ClaimQuery(text="Artsakh"))) == ["40 tanks"]
        document_id = tanks.document_id
        ledger.replace_machine_claims(document_id, [], extractor_version="test")
        assert ledger.search_claims(ClaimQuery(text="Khankendi")).total == 0
        assert rows(ledger, "SELECT count(*) FROM claims_search") == rows(ledger, "SELECT count(*) FROM claims")


def ledger_of_four_kinds(path: Path, documents: int) -> Path:
    """A ledger of `documents` documents of 100 claims each, of four kinds by both sides, closed once, as ingest
    leaves one: with the planner's statistics."""
    kinds = [("materiel", "destroyed", "tanks"), ("casualties", "killed", "civilians"),
             ("damage", "destroyed", "houses"), ("attacks", "strikes", "strikes")]
    sides = ("Armenia", "Azerbaijan")
    with Ledger(path) as ledger:
        for number in range(documents):
            sentences = [f"{index + 1} {kinds[index % 4][2]} on day {index} of report {number}. " for index in range(100)]
            text = "".join(sentences)
            claims, at = [], 0
            for index, sentence in enumerate(sentences):
                kind, outcome, what = kinds[index % 4]
                quote = f"{index + 1} {what}"
                claims.append(Claim(doc=f"d{number}.txt", span=(at, at + len(quote)), quote=quote, value=index + 1,
                                    kind=kind, outcome=outcome, what=[what], date=f"2020-10-{1 + index % 28:02d}",
                                    claimant=sides[number % 2], affected=sides[(number + index) % 2],
                                    actor=sides[(number + index + 1) % 2]))
                at += len(sentence)
            ledger.add_document(make_document(text, f"d{number}.txt"), claims, profile="nagorno_karabakh_2020")
    return path


def query_plan(path: Path, statement: Any) -> str:
    """SQLite's plan of a statement built by the ledger, its values written into the SQL."""
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    sql = str(statement.compile(dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True}))
    return " | ".join(row[-1] for row in rows(path, f"EXPLAIN QUERY PLAN {sql}"))


@pytest.mark.parametrize("sort", ["ledger", "date", "value"])
def test_a_page_of_a_broad_search_is_read_from_the_index_of_its_order_without_sorting(tmp_path: Path,
                                                                                    sort: str) -> None:
    # At a million claims, sorting every claim of a broad search before its first page took seconds.
    from claimledger.ledger import ClaimQuery, _claim_filters, _ClaimRow, _sort_keys

    # Ten thousand claims: statistics sampled from the first thousand rows of each index took every claim for one of
    # a thousand of its kind.
    path = ledger_of_four_kinds(tmp_path / "l.sqlite", documents=100)
    keys = _sort_keys(sort)
    for query in (ClaimQuery(sort=sort), ClaimQuery(kind="materiel", sort=sort),
                  ClaimQuery(text="tanks", sort=sort)):
        statement = select(_ClaimRow.id, *keys).where(*_claim_filters(query, "walk" if query.text else None))
        statement = statement.order_by(keys[0].desc(), _ClaimRow.id) if sort == "value" else statement.order_by(*keys)
        plan = query_plan(path, statement.limit(51))
        assert "TEMP B-TREE" not in plan and f"ix_claims_{sort}_order" in plan, (query, plan)


def test_the_planners_statistics_are_gathered_again_once_the_claims_grow_by_a_tenth(tmp_path: Path) -> None:
    # In full, which costs a second a million claims: not again for a batch that adds a few claims to many.
    path = ledger_of_four_kinds(tmp_path / "l.sqlite", documents=20)
    # The first number of an index's statistics: the rows it was counted at.
    claims_stat = "SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE idx = 'ix_claims_ledger_order'"
    assert rows(path, claims_stat) == [(2000,)]

    def add(name: str, count: int) -> None:
        text = "".join(f"{index + 2} houses were shelled in {name}. " for index in range(count))
        claims = [Claim(doc=name, span=(at, at + len(quote)), quote=quote, value=index + 2, kind="damage",
                        outcome="damaged", what=["houses"])
                  for index in range(count)
                  for quote in [f"{index + 2} houses"]
                  for at in [text.index(f"{quote} were shelled")]]
        with Ledger(path) as ledger:
            ledger.add_document(make_document(text, name), claims, profile="nagorno_karabakh_2020")

    add("few.txt", 150)
    assert rows(path, claims_stat) == [(2000,)]
    add("many.txt", 100)
    assert rows(path, claims_stat) == [(2250,)]


@pytest.mark.parametrize(("query", "finds"), [
    (ClaimQuery(kind="casualties", outcome="killed", claimant="Armenia", since=dt.date(2020, 10, 5)),
     lambda c: c.kind == "casualties" and c.outcome == "killed" and c.claimant == "Armenia" and c.date >= "2020-10-05"),
    (ClaimQuery(kind="materiel", affected="azerbaijan"), lambda c: c.kind == "materiel" and c.affected == "Azerbaijan"),
    (ClaimQuery(kind="damage", actor="Armenia", review_status="unreviewed", until=dt.date(2020, 10, 20)),
     lambda c: c.kind == "damage" and c.actor == "Armenia" and c.date <= "2020-10-20"),
    (ClaimQuery(kind="damage", outcome="destroyed", claimant="AZERBAIJAN", what="houses"),
     lambda c: c.kind == "damage" and c.claimant == "Azerbaijan" and c.what == ["houses"]),
    # No kind: the planner reads the claimant's index (or the filters' in full); the facets are those of the index.
    (ClaimQuery(outcome="killed", claimant="Azerbaijan"), lambda c: c.outcome == "killed" and c.claimant == "Azerbaijan"),
], ids=["kind outcome claimant since", "kind affected", "kind actor status until", "kind outcome claimant what",
        "outcome claimant"])
def test_a_search_is_counted_from_the_index_of_its_filters_alone(tmp_path: Path, query: ClaimQuery,
                                                                 finds: Callable[[Claim], bool]) -> None:
    # At a million claims, counting a thousand claims of a kind looked each of them up in the claims' table to test
    # the other filters; the facets of a broad search took seconds.
    from claimledger.ledger import CLAIM_FACETS, COUNTED_AT_ONCE, _claim_filters, _ClaimRow

    path = ledger_of_four_kinds(tmp_path / "l.sqlite", documents=20)
    filters = _claim_filters(query)
    counted = select(func.count()).select_from(
        select(literal_column("1")).select_from(_ClaimRow).where(*filters).limit(COUNTED_AT_ONCE + 1).subquery())
    if query.kind is not None:
        assert "COVERING INDEX ix_claims_facets" in query_plan(path, counted)
    with Ledger(path, read_only=True) as ledger:
        found = [stored for stored in ledger.claims() if finds(stored.claim)]
        assert 0 < len(found) == ledger.search_claims(query).total
        facets = ledger.claim_facets(query, most=100)
        assert facets is not None
        for facet in CLAIM_FACETS:
            expected = Counter(stored.document_id if facet == "document" else
                               getattr(stored if facet == "review_status" else stored.claim, facet) for stored in found)
            assert dict(facets[facet]) == expected, facet


@pytest.mark.parametrize("strategy", ["join", "walk", "each"])
def test_a_search_by_words_finds_the_same_claims_in_the_same_order_however_the_words_are_looked_up(
        ledger_db: str, monkeypatch: pytest.MonkeyPatch, strategy: str) -> None:
    import claimledger.ledger as ledger_module
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        expected = {}
        for sort in ("ledger", "date", "value"):
            for words in ("tanks", "civilians", "Khankendi", "killed Armenia"):
                expected[sort, words] = [c.id for c in ledger.search_claims(ClaimQuery(text=words, sort=sort)).claims]
        # Costs under which `strategy` is the cheapest, whatever the claims found.
        monkeypatch.setattr(ledger_module, "WORDS_COSTS", {"order": 10**6, "gather": 10**6, "read": 10**6, "ask": 10**6,
                                                           **{"join": {"order": 0}, "walk": {"gather": 0, "read": 0},
                                                              "each": {"ask": 0}}[strategy]})
    # Another ledger object, which has read no page yet (a ledger keeps the pages it read).
    with Ledger(ledger_db, read_only=True) as forced:
        chosen = forced._words_strategy
        strategies = set()

        def recorded(session, query):  # type: ignore[no-untyped-def]
            strategies.add(found := chosen(session, query))
            return found

        monkeypatch.setattr(forced, "_words_strategy", recorded)
        for (sort, words), ids in expected.items():
            page = forced.search_claims(ClaimQuery(text=words, sort=sort))
            assert [c.id for c in page.claims] == ids, (sort, words)
            assert page.total == len(ids)
    assert strategies == {strategy}
    assert all(expected.values())


def test_a_search_is_counted_so_far_and_says_so(ledger_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.ledger as ledger_module
    from claimledger.ledger import ClaimQuery

    # Six claims: counted to two while the page waits, then, asked for again, on to four in the background.
    monkeypatch.setattr(ledger_module, "COUNTED_AT_ONCE", 2)
    monkeypatch.setattr(ledger_module, "COUNTED_AT_MOST", 4)

    def counted_on(search: ClaimQuery) -> tuple[int, bool]:
        ledger.search_claims(search)  # asked for again
        for future in list(ledger._counting.values()):
            future.result(timeout=30)
        page = ledger.search_claims(search)
        return page.total, page.total_exact

    with searchable_ledger(ledger_db) as ledger:
        broad = ledger.search_claims(ClaimQuery(limit=2))
        assert (broad.total, broad.total_exact, len(broad.claims)) == (2, False, 2)
        assert ledger._counting == {}  # asked for once: not counted on
        assert counted_on(ClaimQuery(limit=2)) == (4, False)
        other_page = ledger.search_claims(ClaimQuery(limit=3))  # another page of the same search: counted already
        assert (other_page.total, other_page.total_exact) == (4, False)
        narrow = ledger.search_claims(ClaimQuery(kind="materiel"))
        assert (narrow.total, narrow.total_exact) == (2, False)
        assert counted_on(ClaimQuery(kind="materiel")) == (3, True)
        by_words = ledger.search_claims(ClaimQuery(text="killed"))
        assert (by_words.total, by_words.total_exact) == (2, True)


def test_remembered_totals_and_facets_follow_every_write_of_the_claims(ledger_db: str) -> None:
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        materiel = ClaimQuery(kind="materiel")
        assert ledger.search_claims(materiel).total == 3
        assert ledger.claim_facets(materiel)["review_status"] == [("unreviewed", 3)]
        changes = ledger.changes()
        tanks = ledger.search_claims(ClaimQuery(text="Khankendi")).claims[0]
        ledger.record_review(tanks.id, "disputed", note="", evidence=(), user=None, at=dt.datetime.now(dt.UTC))
        assert ledger.changes() > changes
        assert ledger.claim_facets(materiel)["review_status"] == [("unreviewed", 2), ("disputed", 1)]
        ledger.replace_machine_claims(tanks.document_id, [], extractor_version="test")
        assert ledger.search_claims(materiel).total == 1
        assert ledger.claim_facets(materiel)["claimant"] == [("Azerbaijan", 1)]
    # Another process's write is seen too: the count of changes is kept by the ledger's triggers, not by this object.
    with Ledger(ledger_db, read_only=True) as reader:
        assert reader.search_claims(ClaimQuery()).total == 3
        text = "5 tanks were destroyed."
        with Ledger(ledger_db) as writer:
            writer.add_document(make_document(text, "more.txt"),
                                [make_claim("more.txt", text, "5 tanks", 5, "materiel", "destroyed")],
                                profile="nagorno_karabakh_2020")
        assert reader.search_claims(ClaimQuery()).total == 4


def test_a_page_asked_for_again_is_read_once_until_the_claims_change(ledger_db: str) -> None:
    # The same page for the same search: read from the ledger once, then answered with the one query that says
    # whether the claims changed; another process's review is seen at once.
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db):
        pass
    with Ledger(ledger_db, read_only=True) as reader:
        statements: list[str] = []
        event.listen(reader._engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        materiel = ClaimQuery(kind="materiel", limit=2)
        first = reader.search_claims(materiel)
        read = len(statements)
        assert read > 1
        assert reader.search_claims(materiel) == first
        asked = [sql for sql in statements[read:] if sql.lstrip().upper().startswith("SELECT")]
        assert len(asked) == 1 and "ledger_changes" in asked[0]
        with Ledger(ledger_db) as writer:
            writer.record_review(first.claims[0].id, "corroborated", note="", evidence=(), user=None,
                                 at=dt.datetime.now(dt.UTC))
        again = reader.search_claims(materiel)
        assert again.claims[0].review_status == "corroborated"
        assert reader.search_claims(replace(materiel, after=first.next_after)).claims != first.claims


def test_facets_asked_for_with_a_wait_are_counted_in_the_background_and_kept(ledger_db: str) -> None:
    from claimledger.ledger import ClaimQuery

    with searchable_ledger(ledger_db) as ledger:
        expected = ledger.claim_facets(ClaimQuery(kind="casualties"))
    with Ledger(ledger_db, read_only=True) as reader:
        first = reader.claim_facets(ClaimQuery(kind="casualties"), wait=0)
        assert first is None or first == expected  # not waited for: counted on, unless already done
        assert reader.claim_facets(ClaimQuery(kind="casualties"), wait=30) == expected
        assert reader._counting == {}  # nothing left counting: it is remembered
        assert reader.claim_facets(ClaimQuery(kind="casualties"), wait=0) == expected


def test_one_read_only_ledger_serves_many_threads_at_once(tmp_path: Path) -> None:
    # The web app reads through one read-only Ledger from its 40 request threads. Run in a process of its own: a
    # connection shared by two threads at once crashes the interpreter (it did, under 50 clients).
    import subprocess
    import sys

    with searchable_ledger(tmp_path / "l.sqlite"):
        pass
    script = f"""
import threading
from claimledger.ledger import ClaimQuery, Ledger
ledger = Ledger({str(tmp_path / "l.sqlite")!r}, read_only=True)
expected = [c.id for c in ledger.claims()]
wrong = []
def read():
    for _ in range(30):
        if [c.id for c in ledger.claims()] != expected or ledger.search_claims(ClaimQuery(text="tanks")).total != 2:
            wrong.append(1)
threads = [threading.Thread(target=read) for _ in range(24)]
[t.start() for t in threads]
[t.join() for t in threads]
print(len(wrong))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"


@pytest.mark.parametrize("url", ["mysql://analyst@db.example/war", "oracle+cx_oracle://a:secret@db/war",
                                 "mongodb://db.example:27017/war"])
def test_a_database_url_of_another_kind_than_postgresql_is_refused_without_its_password(url: str) -> None:
    with pytest.raises(LedgerError, match="SQLite files and PostgreSQL databases") as refused:
        Ledger(url)
    assert "secret" not in str(refused.value)


def test_a_postgresql_database_is_a_ledger_once_opened_and_an_unreachable_one_is_a_clear_error(
        postgresql_server: object) -> None:
    empty = postgresql_server.create_database(empty=True)
    assert not is_ledger(empty)
    Ledger(empty).close()
    assert is_ledger(empty)
    closed_port = empty.rsplit(":", 1)[0] + ":1/nowhere"
    assert not is_ledger(closed_port)
    with pytest.raises(LedgerError, match="cannot open the ledger .*PostgreSQL server runs"):
        Ledger(closed_port)
