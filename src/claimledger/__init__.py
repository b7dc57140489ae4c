"""claimledger: an evidence-grade ledger of attributed quantitative claims from war statements.

The claims of one statement's text, as `claimledger extract` finds them in a file:

    import claimledger

    for claim in claimledger.extract(text, date="2020-10-08"):
        print(claim.claimant, claim.value, claim.what, claim.date)

`extract(text, *, date=None, profile="auto", name="text", publisher=None, language=None)`
returns `models.Claim`s (`claim.to_record()` is one line of the claims interchange format).
`date` (a `datetime.date` or an ISO string) is the statement's publication date, against which
"yesterday" is resolved; `profile` a shipped profile's id, a .toml path, a `Profile` or "auto";
`language` overrides the detected one. A text without claims, an empty one too, gives [].
A profile that cannot be loaded raises `errors.ProfileError`, a date that is not a day
`errors.DateArgumentError`, and a text in a language claimledger cannot read (it reads
English) `errors.UnsupportedLanguageError`.

The library is a pipeline of plain functions over plain data:

    ingest.read_document(path) -> Document
    extract.extract_claims(document, profile) -> list[Claim]
    ledger.Ledger(path).add_document(document, claims, profile=profile.id)

The CLI (`claimledger.cli`) and the web app (`claimledger.web`) are thin layers over these.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimledger.models import Claim

__version__ = "0.1.0"

# Stored with every machine claim; bump it whenever extraction output can change so that
# `claimledger reextract` knows which documents' claims are stale.
EXTRACTOR_VERSION = "0.5.0"


class _Package(types.ModuleType):
    """This package, with `extract` always the API function, loaded on first use.

    `claimledger.extract` is also the name of the extraction stage module, and importing a
    submodule sets the package attribute of its name to it. The setter below ignores that, so
    `claimledger.extract(text)` works whatever was imported before; the stage module is still
    imported by `from claimledger.extract import extract_claims`. Loaded lazily because it loads
    the whole pipeline, which `import claimledger` (for EXTRACTOR_VERSION) must not.
    """

    @property
    def extract(self) -> Callable[..., list[Claim]]:
        from claimledger.api import extract

        return extract

    @extract.setter
    def extract(self, submodule: types.ModuleType) -> None:
        pass


sys.modules[__name__].__class__ = _Package
