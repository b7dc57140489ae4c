"""Full-text search of claims (SQLite's FTS5, PostgreSQL's tsvector): claims_search holds, for each claim, the words it is found by.

They are its quote, what it counts, its claimant, speaker, affected side and actor, its places as written and the
names the gazetteer gives them (so that "Khankendi" finds the claims that say Stepanakert), and its document's
title and file name. Triggers keep it current on every write of a claim or of its places, whichever code makes it.
Existing claims are indexed by this revision. What each backend writes is in `claimledger.dialects`.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

from claimledger.dialects import (POSTGRESQL, POSTGRESQL_SEARCH_TRIGGERS, SQLITE_CLAIM_WORDS,
                                 postgresql_claims_search)

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

def _index(claim: str) -> str:
    return (f"DELETE FROM claims_search WHERE rowid = {claim}; "
            f"INSERT INTO claims_search(rowid, body) {SQLITE_CLAIM_WORDS} WHERE c.id = {claim};")


def upgrade() -> None:
    if op.get_bind().dialect.name == POSTGRESQL:
        for statement in postgresql_claims_search():
            op.execute(statement)
        return
    # Diacritics removed: "Ağdam" is found by "Agdam", "Şuşa" by "Susa".
    op.execute("CREATE VIRTUAL TABLE claims_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    op.execute(f"CREATE TRIGGER claims_search_insert AFTER INSERT ON claims BEGIN {_index('new.id')} END")
    op.execute(f"CREATE TRIGGER claims_search_update AFTER UPDATE ON claims BEGIN {_index('new.id')} END")
    op.execute("CREATE TRIGGER claims_search_delete AFTER DELETE ON claims BEGIN "
               "DELETE FROM claims_search WHERE rowid = old.id; END")
    op.execute(f"CREATE TRIGGER claims_search_place_insert AFTER INSERT ON claim_places BEGIN "
               f"{_index('new.claim_id')} END")
    op.execute(f"CREATE TRIGGER claims_search_place_delete AFTER DELETE ON claim_places BEGIN "
               f"{_index('old.claim_id')} END")
    op.execute(f"INSERT INTO claims_search(rowid, body) {SQLITE_CLAIM_WORDS}")


def downgrade() -> None:
    if op.get_bind().dialect.name == POSTGRESQL:
        for trigger, _, table, _, _ in POSTGRESQL_SEARCH_TRIGGERS:
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
        op.execute("DROP FUNCTION claims_search_claims, claims_search_places")
        op.execute("DROP TABLE claims_search")
        return
    for trigger in ("claims_search_insert", "claims_search_update", "claims_search_delete",
                    "claims_search_place_insert", "claims_search_place_delete"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE claims_search")
