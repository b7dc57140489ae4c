"""What reconciliation reads, recorded at extraction: the weapon model of each claim, each document's reference day.

Before this revision `reconcile` searched every claim's quote for a weapon model and every document's text for
the day its undated figures stand at, each time it ran. Both are now found when a document is stored and kept
here. Existing rows are filled in from their stored quote and text with the same functions the extractor
calls (`designation.weapon_model`, `reference_day.find_reference_day`), human claims too, so a ledger reconciles
as before the moment it is upgraded, without `claimledger reextract`.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from claimledger.extract.designation import weapon_model
from claimledger.extract.reference_day import find_reference_day

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The tables as this revision knows them, not the current ORM model: later revisions may change that.
_documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                      sa.column("published", sa.Text), sa.column("ingested_at", sa.Text),
                      sa.column("reference_day", sa.Text), sa.column("reference_day_source", sa.Text))
_claims = sa.table("claims", sa.column("id", sa.Integer), sa.column("quote", sa.Text), sa.column("model", sa.Text))


def upgrade() -> None:
    op.add_column("documents", sa.Column("reference_day", sa.Text))
    op.add_column("documents", sa.Column("reference_day_source", sa.Text))
    op.add_column("claims", sa.Column("model", sa.Text))
    connection = op.get_bind()
    days = []
    for document_id, text, published, ingested_at in connection.execute(
            sa.select(_documents.c.id, _documents.c.text, _documents.c.published, _documents.c.ingested_at)):
        found = find_reference_day(text, dt.date.fromisoformat(published) if published else None,
                                   dt.datetime.fromisoformat(ingested_at).date())
        if found is not None:
            days.append({"row_id": document_id, "day": found.day.isoformat(), "source": found.source})
    if days:
        connection.execute(_documents.update().where(_documents.c.id == sa.bindparam("row_id"))
                           .values(reference_day=sa.bindparam("day"), reference_day_source=sa.bindparam("source")),
                           days)
    models = [{"row_id": claim_id, "found": model}
              for claim_id, quote in connection.execute(sa.select(_claims.c.id, _claims.c.quote))
              if (model := weapon_model(quote)) is not None]
    if models:
        connection.execute(_claims.update().where(_claims.c.id == sa.bindparam("row_id"))
                           .values(model=sa.bindparam("found")), models)


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("model")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("reference_day_source")
        batch.drop_column("reference_day")
