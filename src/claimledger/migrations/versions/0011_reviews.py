"""Review of claims: their statuses, the corrections reviewers make, and the audit trail of every change.

A claim is reviewed where it stands in its document: its document and span, not its row id, which changes each
time the document is extracted again. So a review (a status with a note and evidence links) and a correction (one
field's new value) are kept by document and span, and applied again to the claim of that span after `reextract`.
`claims.review_status` is the claim's latest status, kept on the row for filtering. The audit trail records every
change: who, when, which claim, which field, the value before and after, and the note; its user name is copied, so
that it reads the same after the user is disabled.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("review_status", sa.Text, nullable=False, server_default="unreviewed"))
    op.create_index("ix_claims_review_status", "claims", ["review_status"])
    op.create_table(
        "claim_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("evidence", sa.Text, nullable=False, server_default="[]"),  # JSON array of URLs
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("ix_claim_reviews_span", "claim_reviews", ["document_id", "span_start", "span_end"])
    op.create_table(
        "claim_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),  # JSON
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_index("ix_claim_corrections_span", "claim_corrections", ["document_id", "span_start", "span_end"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("user_name", sa.Text, nullable=True),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("claim_id", sa.Integer, nullable=True),  # the row at the time; gone after a re-extraction
        sa.Column("field", sa.Text, nullable=True),
        sa.Column("before", sa.Text, nullable=True),  # JSON
        sa.Column("after", sa.Text, nullable=True),  # JSON
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_audit_log_span", "audit_log", ["document_id", "span_start", "span_end"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_span", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_claim_corrections_span", table_name="claim_corrections")
    op.drop_table("claim_corrections")
    op.drop_index("ix_claim_reviews_span", table_name="claim_reviews")
    op.drop_table("claim_reviews")
    op.drop_index("ix_claims_review_status", table_name="claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("review_status")
