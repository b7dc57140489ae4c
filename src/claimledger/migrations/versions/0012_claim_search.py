"""Full-text search of claims (SQLite FTS5): claims_search holds, for each claim, the words it is found by.

They are its quote, what it counts, its claimant, speaker, affected side and actor, its places as written and the
names the gazetteer gives them (so that "Khankendi" finds the claims that say Stepanakert), and its document's
title and file name. Triggers keep it current on every write of a claim or of its places, whichever code makes it.
Existing claims are indexed by this revision.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The words of each claim `c` (SQL: a SELECT of rowid and body, to which a WHERE is added).
BODY = """
    SELECT c.id, c.quote || ' ' || c.what || ' ' || coalesce(c.claimant, '') || ' ' || coalesce(c.speaker, '') || ' ' ||
           coalesce(c.affected, '') || ' ' || coalesce(c.actor, '') || ' ' || c.kind || ' ' || c.outcome || ' ' ||
           c.places || ' ' ||
           coalesce((SELECT group_concat(coalesce(p.display, '') || ' ' || p.place, ' ') FROM claim_places p
                     WHERE p.claim_id = c.id), '') || ' ' ||
           coalesce(d.title, '') || ' ' || d.file_name
    FROM claims c JOIN documents d ON d.id = c.document_id
"""


def _index(claim: str) -> str:
    return (f"DELETE FROM claims_search WHERE rowid = {claim}; "
            f"INSERT INTO claims_search(rowid, body) {BODY} WHERE c.id = {claim};")


def upgrade() -> None:
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
    op.execute(f"INSERT INTO claims_search(rowid, body) {BODY}")


def downgrade() -> None:
    for trigger in ("claims_search_insert", "claims_search_update", "claims_search_delete",
                    "claims_search_place_insert", "claims_search_place_delete"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE claims_search")
