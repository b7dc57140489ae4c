"""Extraction on a local Dask cluster: the speed-up of a second worker, and what the scheduler costs a document.

    python benchmarks/cluster_speed.py [--copies 30] [--batch-files 16]

The corpus is the bundled sample statements (both sides' voices and third parties), each copied --copies times
with a line of its own so that every copy is a text of its own, written to a temporary folder. Measured in one
run, on clusters started beforehand (their start, seconds of processes importing the extractor, is not the
extraction's):

- one process: `extract --to-parquet` without a cluster (pipeline.extract_files, as `extract` reads);
- a cluster of one worker, then of two: the same, the files mapped over the workers in batches;
- `ingest` into a new SQLite ledger, in one process and on the two workers.

Prints each run's seconds and MB/s, the scheduler's cost a document (one worker's time less one process's, a
document), and the efficiency of the second worker (the one-worker time over twice the two-worker time; target
issue 12: at least 0.8, a two-worker run at least 1.6 times the one-worker's speed).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from importlib import resources
from pathlib import Path

from claimledger.cluster import BATCH_FILES, extract_to_parquet, ingest_on_cluster, local_cluster
from claimledger.ledger import Ledger
from claimledger.pipeline import ingest_paths


def corpus(folder: Path, copies: int) -> tuple[int, int]:
    """The sample statements, `copies` times each, in `folder`: (documents, bytes)."""
    samples = Path(str(resources.files("claimledger") / "sample_data"))
    documents = size = 0
    for copy in range(copies):
        for source in sorted(samples.rglob("*")):
            if source.suffix not in {".txt", ".html"}:
                continue
            text = source.read_text(encoding="utf-8")
            # A line of its own after the first (a headline, a dateline): each copy a text of its own, read alike.
            first, _, rest = text.partition("\n")
            copied = f"{first}\n(copy {copy})\n{rest}" if source.suffix == ".txt" else \
                text.replace("<p>", f"<p>(copy {copy}) ", 1)
            target = folder / f"{copy:04d}_{source.name}"
            target.write_text(copied, encoding="utf-8")
            documents += 1
            size += len(copied.encode())
    return documents, size


def timed(label: str, run: object, megabytes: float) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.1f} s ({megabytes / seconds:.2f} MB/s)", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--batch-files", type=int, default=BATCH_FILES)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimledger-cluster-bench-"))
    try:
        statements = work / "statements"
        statements.mkdir()
        documents, size = corpus(statements, args.copies)
        megabytes = size / 1e6
        print(f"{documents:,} documents, {megabytes:.1f} MB", flush=True)
        outputs = iter(range(100))

        def to_parquet(**where: object) -> None:
            report, _ = extract_to_parquet([statements], work / f"parquet{next(outputs)}", batch_files=args.batch_files,
                                           **where)  # type: ignore[arg-type]
            assert not report.failed, report.failed[0].message

        to_parquet()  # the patterns compiled, the caches warm, as in each worker below
        alone = timed("extract, one process", to_parquet, megabytes)
        with local_cluster(1) as cluster:
            to_parquet(scheduler=cluster.scheduler_address)  # each worker's patterns compiled, its caches warm
            one = timed("extract, 1 worker", lambda: to_parquet(scheduler=cluster.scheduler_address), megabytes)
        with local_cluster(2) as cluster:
            to_parquet(scheduler=cluster.scheduler_address)
            two = timed("extract, 2 workers", lambda: to_parquet(scheduler=cluster.scheduler_address), megabytes)

            def ingest_on_two() -> None:
                with Ledger(work / "two.sqlite") as ledger:
                    report = ingest_on_cluster([statements], ledger, scheduler=cluster.scheduler_address,
                                               batch_files=args.batch_files)
                assert len(report.stored) == documents

            def ingest_alone() -> None:
                with Ledger(work / "one.sqlite") as ledger:
                    report = ingest_paths([statements], ledger)
                assert len(report.stored) == documents

            ingest_one_process = timed("ingest, one process", ingest_alone, megabytes)
            ingest_two = timed("ingest, 2 workers", ingest_on_two, megabytes)
        print(f"scheduler's cost a document (1 worker less one process): {(one - alone) / documents * 1000:.2f} ms")
        print(f"2 workers: {one / two:.2f}x the speed of 1 (efficiency {one / (2 * two):.2f}; target >= 0.8); "
              f"ingest {ingest_one_process / ingest_two:.2f}x one process's")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
