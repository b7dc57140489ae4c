"""What the ledger's two database backends, SQLite and PostgreSQL, write differently in SQL: the one module that
knows both. The migrations and `claimledger.ledger` ask it; neither spells a backend's own syntax.

- Types: a figure, a latitude or a longitude is a double on both (SQLite's REAL is one; PostgreSQL's is 4 bytes,
  which would turn 1,234,567 into 1,234,570).
- Comparing without case: SQLite's NOCASE collation; on PostgreSQL a nondeterministic ICU collation of the same
  name, made by the first migration, so that every column declared `COLLATE "NOCASE"` compares "Armenia" equal to
  "armenia" and its index serves that comparison on both.
- Full-text search of the claims (`claims_search`): SQLite's FTS5 with diacritics removed; PostgreSQL's tsvector
  of the same words through `unaccent`, in a table kept current by statement triggers.
- The count of changes to the claims (`ledger_changes`): row triggers on SQLite, statement triggers on PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.dialects import postgresql, sqlite

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# A double on both backends (see the module's docstring).
REAL = sa.REAL().with_variant(postgresql.DOUBLE_PRECISION(), POSTGRESQL)

# ICU's root locale at strength 2: letters compare without case, but with their accents (as SQLite's NOCASE does).
CREATE_NOCASE_COLLATION = ("CREATE COLLATION IF NOT EXISTS \"NOCASE\" "
                           "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)")

# The words of each claim `c` (a SELECT of the claim's id and its words, to which a WHERE is added): its quote, what
# it counts, its claimant, speaker, affected side and actor, its places as written and the names the gazetteer gives
# them (so that "Khankendi" finds the claims that say Stepanakert), and its document's title and file name.
_CLAIM_WORDS = """
    SELECT c.id, c.quote || ' ' || c.what || ' ' || coalesce(c.claimant, '') || ' ' || coalesce(c.speaker, '') || ' ' ||
           coalesce(c.affected, '') || ' ' || coalesce(c.actor, '') || ' ' || c.kind || ' ' || c.outcome || ' ' ||
           c.places || ' ' ||
           coalesce((SELECT {concatenated} FROM claim_places p WHERE p.claim_id = c.id), '') || ' ' ||
           coalesce(d.title, '') || ' ' || d.file_name
    FROM claims c JOIN documents d ON d.id = c.document_id
"""
_PLACE_NAMES = "coalesce(p.display, '') || ' ' || p.place"
SQLITE_CLAIM_WORDS = _CLAIM_WORDS.format(concatenated=f"group_concat({_PLACE_NAMES}, ' ')")
POSTGRESQL_CLAIM_WORDS = _CLAIM_WORDS.format(concatenated=f"string_agg({_PLACE_NAMES}, ' ')")


def postgresql_claims_search() -> list[str]:
    """The statements that make PostgreSQL's `claims_search` and keep it current, whichever code or process writes.

    One row per claim (`rowid`, as FTS5 names it, so that both are queried alike), deleted with its claim. The triggers
    are per statement, with the statement's rows as a table: a document's claims and their places are indexed in two
    statements, not one per row."""
    # Split at every ASCII punctuation mark but the apostrophe, hyphen and underscore, as a search's words are
    # (search_words), not by PostgreSQL's parser alone, which keeps "baku.txt" or "ganja/tartar" one word where FTS5
    # and a search make two of it. Collation "C" for the expression: the columns' own (NOCASE) takes none.
    indexed = ("to_tsvector('simple', unaccent(regexp_replace(words.body COLLATE \"C\", "
               "'[][!\"#$%&()*+,./:;<=>?@\\\\^`{|}~]+', ' ', 'g')))")

    def reindex(claim_id: str, rows: str) -> str:
        return (f"DELETE FROM claims_search WHERE rowid IN (SELECT {claim_id} FROM {rows}); "
                f"INSERT INTO claims_search (rowid, body) SELECT words.id, {indexed} "
                f"FROM ({POSTGRESQL_CLAIM_WORDS} WHERE c.id IN (SELECT {claim_id} FROM {rows})) AS words (id, body);")

    statements = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TABLE claims_search (rowid INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE, "
        "body TSVECTOR NOT NULL)",
        "CREATE INDEX ix_claims_search_body ON claims_search USING gin (body)",
    ]
    for function, rows, claim_id in (("claims_search_claims", "changed_claims", "id"),
                                     ("claims_search_places", "changed_places", "claim_id")):
        statements.append(f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                          f"{reindex(claim_id, rows)} RETURN NULL; END $$")
    for trigger, event, table, rows, function in POSTGRESQL_SEARCH_TRIGGERS:
        statements.append(f"CREATE TRIGGER {trigger} AFTER {event} ON {table} "
                          f"REFERENCING {'OLD' if event == 'DELETE' else 'NEW'} TABLE AS {rows} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    statements.append(f"INSERT INTO claims_search (rowid, body) SELECT words.id, {indexed} "
                      f"FROM ({POSTGRESQL_CLAIM_WORDS}) AS words (id, body)")
    return statements


# A claim deleted takes its row of the index with it (the foreign key); its places' rows, deleted with it, index it
# again to nothing.
POSTGRESQL_SEARCH_TRIGGERS = (
    ("claims_search_insert", "INSERT", "claims", "changed_claims", "claims_search_claims"),
    ("claims_search_update", "UPDATE", "claims", "changed_claims", "claims_search_claims"),
    ("claims_search_place_insert", "INSERT", "claim_places", "changed_places", "claims_search_places"),
    ("claims_search_place_delete", "DELETE", "claim_places", "changed_places", "claims_search_places"),
)

# The statement triggers that raise PostgreSQL's count of changes to the claims, on each write of claims or places.
POSTGRESQL_CHANGE_TRIGGERS = {
    "ledger_changes_claim_insert": "AFTER INSERT ON claims",
    "ledger_changes_claim_update": "AFTER UPDATE ON claims",
    "ledger_changes_claim_delete": "AFTER DELETE ON claims",
    "ledger_changes_place_insert": "AFTER INSERT ON claim_places",
    "ledger_changes_place_delete": "AFTER DELETE ON claim_places",
}
POSTGRESQL_CHANGES_FUNCTION = (
    "CREATE FUNCTION ledger_changes_raise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE ledger_changes SET changes = changes + 1 WHERE id = 1; RETURN NULL; END $$")

# The words of a search: letters, digits, apostrophes and hyphens, a trailing * asking for words that begin so.
_SEARCH_WORDS = re.compile(r"[\w'’-]+\*?")


def search_words(words: str) -> list[str]:
    """The words a search for `words` looks up ("tank*" a prefix), in their order; none in punctuation alone."""
    return _SEARCH_WORDS.findall(words)


class holds_words(ColumnElement[bool]):  # noqa: N801 (a SQL condition, named as SQLAlchemy's are)
    """The condition that a row of `claims_search` holds every one of `words` (`search_words`), in each backend's
    full-text query, where each word is quoted (no word is read as query syntax) and a trailing * kept as a
    prefix search ("tank*"). Both queries are bound; each backend's SQL reads its own."""

    # No Boolean type: SQLite's SQL would then compare the condition to 1, which MATCH refuses.
    inherit_cache = True
    _traverse_internals = [("fts5", InternalTraversal.dp_clauseelement),
                           ("tsquery", InternalTraversal.dp_clauseelement)]

    def __init__(self, words: list[str]) -> None:
        fts5 = " ".join(f'"{word.rstrip("*").replace(chr(34), "")}"' + ("*" if word.endswith("*") else "")
                        for word in words)
        tsquery = " & ".join("'" + word.rstrip("*").replace("'", "''") + "'" + (":*" if word.endswith("*") else "")
                             for word in words)
        self.fts5 = sa.literal(fts5)
        self.tsquery = sa.literal(tsquery)


@compiles(holds_words, SQLITE)
def _fts5_match(element: holds_words, compiler: SQLCompiler, **kw: Any) -> str:
    return f"claims_search MATCH {compiler.process(element.fts5, **kw)}"


@compiles(holds_words, POSTGRESQL)
def _tsquery_match(element: holds_words, compiler: SQLCompiler, **kw: Any) -> str:
    return f"claims_search.body @@ to_tsquery('simple', unaccent({compiler.process(element.tsquery, **kw)}))"


def upsert(table: sa.Table | type, dialect: str) -> sa.Insert:
    """An INSERT of the backend, which both give `on_conflict_do_update`."""
    if dialect == POSTGRESQL:
        return postgresql.insert(table)
    return sqlite.insert(table)
