"""Where the text names each place of a claim: claim_places.span_start, span_end.

Geocoding reads the words around the occurrence of a place the extractor took ("the city of Tartar", "Tartar
district"); the ledger now keeps that occurrence, so that a place can be checked against the words that name it.
Rows stored before this revision keep NULL: which occurrence the extractor took is known only by extracting
again (`claimledger reextract --force`), not from the stored claim, and a search for the name would record a
guess as evidence.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim_places", sa.Column("span_start", sa.Integer))
    op.add_column("claim_places", sa.Column("span_end", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("claim_places") as batch:
        batch.drop_column("span_end")
        batch.drop_column("span_start")
