"""Extraction speed: MB/s and claims/s of `extract_claims` over the bundled sample statements repeated.

    python benchmarks/extract_speed.py [--megabytes 20] [--single-megabytes 2]

Prints two figures: a corpus of documents the size of real statements, repeated to about
--megabytes, and one document of --single-megabytes made of the statements end to end (to
show that time grows linearly with a document's length). Runs on one core. Target: 1 MB/s.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from importlib import resources

from claimledger.extract import extract_claims
from claimledger.models import Document
from claimledger.profile import load_profile
from claimledger.extract.timeref import publication_date


def sample_documents() -> list[Document]:
    folder = resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020"
    documents = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".txt"):
            text = entry.read_text(encoding="utf-8")
            documents.append(Document(name=entry.name, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                      published=publication_date(text)))
    return documents


def measure(documents: list[Document], total_bytes: int, label: str) -> None:
    profile = load_profile("nagorno_karabakh_2020")
    extract_claims(documents[0], profile)  # load the profile and compile the lexicon outside the timing
    done_bytes = claims = 0
    started = time.perf_counter()
    while done_bytes < total_bytes:
        for document in documents:
            claims += len(extract_claims(document, profile))
            done_bytes += len(document.text.encode("utf-8"))
    elapsed = time.perf_counter() - started
    megabytes = done_bytes / 1_000_000
    print(f"{label}: {megabytes:.1f} MB in {elapsed:.1f} s = {megabytes / elapsed:.2f} MB/s, "
          f"{claims / elapsed:,.0f} claims/s ({claims:,} claims)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--single-megabytes", type=float, default=2.0)
    args = parser.parse_args()
    documents = sample_documents()
    measure(documents, int(args.megabytes * 1_000_000), "corpus of statements")
    joined = "\n\n".join(d.text for d in documents)
    copies = max(1, int(args.single_megabytes * 1_000_000 / len(joined.encode("utf-8"))))
    big_text = "\n\n".join([joined] * copies)
    big = Document(name="big.txt", text=big_text, content_hash=hashlib.sha256(big_text.encode()).hexdigest(),
                   published=documents[0].published)
    measure([big], 1, "one large document")


if __name__ == "__main__":
    main()
