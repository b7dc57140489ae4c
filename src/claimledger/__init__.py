"""claimledger: an evidence-grade ledger of attributed quantitative claims from war statements.

The library is a pipeline of plain functions over plain data:

    ingest.read_document(path) -> Document
    extract.extract_claims(document, profile) -> list[Claim]
    ledger.Ledger(path).add_document(document, claims, profile=profile.id)

The CLI (`claimledger.cli`) and the web app (`claimledger.web`) are thin layers over these.
"""

__version__ = "0.1.0"

# Stored with every machine claim; bump it whenever extraction output can change so that
# `claimledger reextract` knows which documents' claims are stale.
EXTRACTOR_VERSION = "0.2.0"
