"""`python -m claimledger` runs the command-line interface."""

from claimledger.cli import app

app()
