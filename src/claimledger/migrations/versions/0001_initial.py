"""The first ledger schema: documents, their sources, claims and the places of claims.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimledger.dialects import CREATE_NOCASE_COLLATION, POSTGRESQL, REAL

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == POSTGRESQL:
        op.execute(CREATE_NOCASE_COLLATION)  # SQLite has its own
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.Text, nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("char_count", sa.Integer, nullable=False),
        sa.Column("extractor_version", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.Text, nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("seen_at", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "path", name="uq_sources_document_path"),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("value", REAL),
        sa.Column("qualifier", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("affected", sa.Text),
        sa.Column("actor", sa.Text),
        # NOCASE: `--claimant armenia` finds "Armenia" and still uses the index.
        sa.Column("claimant", sa.Text(collation="NOCASE")),
        sa.Column("speaker", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("date_start", sa.Text),
        sa.Column("date_end", sa.Text),
        sa.Column("cumulative", sa.Boolean(create_constraint=False)),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False, server_default="machine"),
        sa.Column("extractor_version", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.CheckConstraint("origin IN ('machine', 'human')", name="ck_claims_origin"),
        sa.CheckConstraint("span_start <= span_end", name="ck_claims_span"),
    )
    op.create_index("ix_claims_kind", "claims", ["kind"])
    op.create_index("ix_claims_claimant", "claims", ["claimant"])
    op.create_index("ix_claims_date_start", "claims", ["date_start"])
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_table(
        "claim_places",
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
        sa.Column("place", sa.Text(collation="NOCASE"), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "place", name="pk_claim_places"),
    )
    op.create_index("ix_claim_places_place", "claim_places", ["place"])


def downgrade() -> None:
    op.drop_table("claim_places")
    op.drop_table("claims")
    op.drop_table("sources")
    op.drop_table("documents")
