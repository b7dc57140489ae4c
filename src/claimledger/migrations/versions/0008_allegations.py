"""Allegations and denials: the allegations table.

One row per allegation or denial the extractor found in a document (eval/SCHEMA.md, "kind": "allegation"): who
asserts or denies (claimant, speaker) that whom (actor) did what (subject), where and when, and the span that says
so. Ledgers stored before this revision have none until their documents are extracted again (`claimledger ingest`
does it for documents of an older extractor version, `claimledger reextract` for all).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allegations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("stance", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("actor", sa.Text(collation="NOCASE")),
        sa.Column("claimant", sa.Text(collation="NOCASE")),
        sa.Column("speaker", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("extractor_version", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("ix_allegations_document_id", "allegations", ["document_id"])
    op.create_index("ix_allegations_subject_actor", "allegations", ["subject", "actor"])


def downgrade() -> None:
    op.drop_index("ix_allegations_subject_actor", "allegations")
    op.drop_index("ix_allegations_document_id", "allegations")
    op.drop_table("allegations")
