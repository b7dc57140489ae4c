"""Resolved places of claims (gazetteer id, both sides' names, coordinates, precision) and date precision.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimledger.dialects import REAL

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LOCATION_COLUMNS = ("place_id", "display", "kind", "lat", "lon", "precision")


def upgrade() -> None:
    op.add_column("claims", sa.Column("date_precision", sa.Text))
    op.add_column("claim_places", sa.Column("place_id", sa.Text))
    op.add_column("claim_places", sa.Column("display", sa.Text))
    op.add_column("claim_places", sa.Column("kind", sa.Text))
    op.add_column("claim_places", sa.Column("lat", REAL))
    op.add_column("claim_places", sa.Column("lon", REAL))
    op.add_column("claim_places", sa.Column("precision", sa.Integer))
    op.create_index("ix_claim_places_place_id", "claim_places", ["place_id"])


def downgrade() -> None:
    op.drop_index("ix_claim_places_place_id", "claim_places")
    with op.batch_alter_table("claim_places") as batch:
        for column in LOCATION_COLUMNS:
            batch.drop_column(column)
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("date_precision")
