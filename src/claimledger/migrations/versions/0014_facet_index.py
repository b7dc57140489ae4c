"""Counting a million claims: one index of the columns a search filters by and its facets count.

A search's total (to COUNTED_AT_ONCE, then COUNTED_AT_MOST) and its facets read every claim it finds. With the index
of one filter (the kind's), SQLite looked each claim of that kind up in the claims' table to test the others (the
outcome, the claimant, the day): a page of the table a claim, about 3 ms for a thousand of a million and seconds for
a broad search's facets. `ix_claims_facets` holds every column a search filters by but its words and places: SQLite
counts from the index alone ("covering"), a tenth of the pages, and the facets of a search by filters are grouped
from it (Ledger._count_facets). Its first column being the kind, it serves what `ix_claims_kind` did, which it
replaces.

`ix_sources_path`: the texts ingested from each path, which a batch mapped over a Dask cluster looks up for its
files (a worker skips extracting a file whose text the ledger holds, as a resumed ingest does).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The kind, then the claim's id: a search gives the kind or not, and never an id, so that SQLite reads the index by
# the kind alone and estimates the claims of a search by its kind as it did by `ix_claims_kind`, choosing the index of
# a page's order for a broad search as before (an index of the kind, the outcome and the claimant would have it read
# 100,000 claims and sort them for a first page of 50: 0.6 s). In the order of their ids the claims of a kind are
# read as they were ingested, no filter's values grouped together: a count stops after as many of them as before.
FACET_COLUMNS = ["kind", "id", "outcome", "claimant", "affected", "actor", "review_status", "origin", "what",
                 "date_end", "date_start", "document_id"]


def upgrade() -> None:
    op.create_index("ix_claims_facets", "claims", FACET_COLUMNS)
    op.drop_index("ix_claims_kind", table_name="claims")
    op.create_index("ix_sources_path", "sources", ["path"])
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_sources_path", table_name="sources")
    op.create_index("ix_claims_kind", "claims", ["kind"])
    op.drop_index("ix_claims_facets", table_name="claims")
