"""A small read-only web view of a claims ledger: documents, their highlighted claims, JSON."""

from __future__ import annotations

from claimledger.web.app import create_app, serve

__all__ = ["create_app", "serve"]
