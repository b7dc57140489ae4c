"""The weapon model a claim's quote names ("S-300", "T-72", "TB2"), found when the claim is extracted.

Read once by the extractor and stored with the claim (claims.model), so that reconciliation keys series on
it without reading text: "S-300 Air Defence System – 1" is not a revision of "Air Defence Systems – 60"
stated in the same list. The ledger's migration 0005 fills it in for claims stored before it existed.
"""

from __future__ import annotations

import re

from claimledger.extract.numbers import MODEL_DESIGNATION

_MODEL = re.compile(MODEL_DESIGNATION)


def weapon_model(quote: str) -> str | None:
    """The first weapon model designation in `quote`, as written; None when it names none."""
    found = _MODEL.search(quote)
    return found.group() if found else None
