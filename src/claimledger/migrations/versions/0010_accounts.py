"""Accounts of the web app: users, sessions, API tokens and the failed log-ins the rate limit counts.

A user has a role (viewer, analyst or admin) and an argon2 hash of their password, never the password. A session
or an API token is stored as the SHA-256 of its secret, which only the browser or the script holding it knows.
Failed log-ins are stored, not kept in a server's memory, so that their limit holds across the processes serving
one ledger and across restarts. Ledgers stored before this revision have no users until one is added
(`claimledger user add`).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        # NOCASE, so that "Alice" cannot be added beside "alice": one person, one name.
        sa.Column("name", sa.Text(collation="NOCASE"), nullable=False, unique=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean(create_constraint=False), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_login_at", sa.Text),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_seen_at", sa.Text, nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("label", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_used_at", sa.Text),
        sa.Column("revoked_at", sa.Text),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("failed_at", sa.Text, nullable=False),
    )
    op.create_index("ix_login_failures_username_failed_at", "login_failures", ["username", "failed_at"])
    op.create_index("ix_login_failures_client_failed_at", "login_failures", ["client", "failed_at"])


def downgrade() -> None:
    op.drop_index("ix_login_failures_client_failed_at", "login_failures")
    op.drop_index("ix_login_failures_username_failed_at", "login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_api_tokens_user_id", "api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_sessions_user_id", "sessions")
    op.drop_table("sessions")
    op.drop_table("users")
