"""The bytes of a source path that is not UTF-8: sources.path_bytes.

The file system hands such a path to Python with each byte that is not UTF-8 as a surrogate, which SQLite's text
cannot hold, so `sources.path` keeps it with those bytes written as \\xNN: readable, but not the name of the file.
`path_bytes` keeps the path's own bytes, so that the file can be found again; it is NULL for every UTF-8 path
(the text is the path) and for rows stored before this revision (their escaped text is all that is known).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sources", sa.Column("path_bytes", sa.LargeBinary))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("path_bytes")
