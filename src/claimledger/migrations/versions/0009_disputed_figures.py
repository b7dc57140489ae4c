"""The figures a denial disputes: allegations.disputed_spans.

A statement that quotes a figure only to call it false ("Kyiv's figure of 26,000 Russian troops killed is
fabricated") disputes it: the figure is stored as its original claimant's claim, and the denial keeps the spans of
the claims of its document it disputes, as a JSON array of [start, end] pairs (empty for an assertion, and for
rows stored before this revision until their documents are extracted again).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("allegations", sa.Column("disputed_spans", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("allegations") as batch:
        batch.drop_column("disputed_spans")
