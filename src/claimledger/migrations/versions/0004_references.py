"""Independent reference counts (visually confirmed losses, UN/NGO tallies) to hold claims against.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimledger.dialects import REAL

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("affected", sa.Text(collation="NOCASE"), nullable=False),
        sa.Column("date", sa.Text, nullable=False),
        sa.Column("date_start", sa.Text, nullable=False),
        sa.Column("date_end", sa.Text, nullable=False),
        sa.Column("value", REAL, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("imported_at", sa.Text, nullable=False),
        # One figure per source, metric and date: importing a corrected file replaces, never duplicates.
        sa.UniqueConstraint("source", "kind", "outcome", "what", "affected", "date", name="uq_reference_counts_metric"),
    )
    op.create_index("ix_reference_counts_kind", "reference_counts", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_reference_counts_kind", "reference_counts")
    op.drop_table("reference_counts")
