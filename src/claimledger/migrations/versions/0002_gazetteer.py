"""Places imported into a ledger and their names, beside the gazetteer shipped with claimledger.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimledger.dialects import REAL

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gazetteer_places",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("lat", REAL, nullable=False),
        sa.Column("lon", REAL, nullable=False),
        sa.Column("parent_id", sa.Text),
        sa.Column("population", sa.Integer),
        sa.Column("wikidata", sa.Text),
        sa.Column("geonames_id", sa.Integer),
        sa.Column("source", sa.Text, nullable=False),
        # The kinds of this revision, written out: a migration must not change when the code does.
        sa.CheckConstraint("kind IN ('country', 'region', 'district', 'city', 'town', 'village', 'neighbourhood', "
                           "'height')", name="ck_gazetteer_places_kind"),
    )
    op.create_index("ix_gazetteer_places_geonames_id", "gazetteer_places", ["geonames_id"])
    op.create_table(
        "gazetteer_names",
        sa.Column("place_id", sa.Text, sa.ForeignKey("gazetteer_places.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("lang", sa.Text, nullable=False),
        sa.Column("side", sa.Text),
        sa.Column("normalized", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("place_id", "position", name="pk_gazetteer_names"),
        sa.CheckConstraint("lang IN ('az', 'hy', 'en', 'ru', 'und')", name="ck_gazetteer_names_lang"),
        sa.CheckConstraint("side IS NULL OR side IN ('az', 'hy')", name="ck_gazetteer_names_side"),
    )
    op.create_index("ix_gazetteer_names_normalized", "gazetteer_names", ["normalized"])


def downgrade() -> None:
    op.drop_table("gazetteer_names")
    op.drop_table("gazetteer_places")
