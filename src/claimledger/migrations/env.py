"""Alembic environment for claimledger ledgers.

Run programmatically only: `claimledger.ledger.Ledger` opens a connection, passes it in
`config.attributes["connection"]` and calls `alembic.command.upgrade(config, "head")`, so no
alembic.ini or database URL is needed. The migrations run inside the caller's transaction: a
failed upgrade leaves the ledger as it was.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("claimledger migrations run through claimledger.ledger.Ledger, which passes a connection")

# render_as_batch: SQLite cannot ALTER most of a table; later migrations that change a
# column get Alembic's copy-and-move "batch" mode for free.
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
