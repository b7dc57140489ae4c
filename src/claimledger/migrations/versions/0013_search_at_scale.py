"""Searching a million claims: the index of the claims' ledger order, and a count of the changes to the claims.

`ix_claims_ledger_order` (document, span, id) is the order of a search by "ledger": a page of any broad search is
read from it and stops at the page's end, where the index of the document alone had SQLite sort every claim found
first. It serves what that index did, which it replaces. The orders by date and by value have theirs, of the expressions
they sort by (Ledger.search_claims: undated claims last, vague amounts below every figure).

`ledger_changes` holds one number that every write of a claim or of a claim's places raises (triggers, whichever
code or process writes): what a reader has counted of the claims (totals, facets) it keeps until the number moves.

ANALYZE gives the planner the tables' statistics, so that it chooses between an index of a filter and the index of
the order by how many claims each would read.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

from claimledger.dialects import POSTGRESQL, POSTGRESQL_CHANGE_TRIGGERS, POSTGRESQL_CHANGES_FUNCTION

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

RAISE = "UPDATE ledger_changes SET changes = changes + 1 WHERE id = 1;"
TRIGGERS = {"ledger_changes_claim_insert": "AFTER INSERT ON claims",
            "ledger_changes_claim_update": "AFTER UPDATE ON claims",
            "ledger_changes_claim_delete": "AFTER DELETE ON claims",
            "ledger_changes_place_insert": "AFTER INSERT ON claim_places",
            "ledger_changes_place_delete": "AFTER DELETE ON claim_places"}


def upgrade() -> None:
    op.create_index("ix_claims_ledger_order", "claims", ["document_id", "span_start", "span_end", "id"])
    op.drop_index("ix_claims_document_id", table_name="claims")
    op.execute("CREATE INDEX ix_claims_date_order ON claims (coalesce(date_start, '9999-12-31'), id)")
    op.execute("CREATE INDEX ix_claims_value_order ON claims (coalesce(value, -1.0) DESC, id)")
    op.execute("CREATE TABLE ledger_changes (id INTEGER PRIMARY KEY CHECK (id = 1), changes INTEGER NOT NULL)")
    op.execute("INSERT INTO ledger_changes (id, changes) VALUES (1, 0)")
    if op.get_bind().dialect.name == POSTGRESQL:
        op.execute(POSTGRESQL_CHANGES_FUNCTION)
        for name, when in POSTGRESQL_CHANGE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION ledger_changes_raise()")
    else:
        for name, when in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN {RAISE} END")
    op.execute("ANALYZE")


def downgrade() -> None:
    if op.get_bind().dialect.name == POSTGRESQL:
        for name, when in POSTGRESQL_CHANGE_TRIGGERS.items():
            op.execute(f"DROP TRIGGER {name} ON {when.split()[-1]}")
        op.execute("DROP FUNCTION ledger_changes_raise")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE ledger_changes")
    op.execute("DROP INDEX ix_claims_value_order")
    op.execute("DROP INDEX ix_claims_date_order")
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.drop_index("ix_claims_ledger_order", table_name="claims")
