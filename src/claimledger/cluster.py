"""Extraction mapped over a Dask cluster: `ingest --workers N` / `--scheduler ADDRESS`, `extract --to-parquet DIR`.

Files go to the workers in batches of BATCH_FILES (a task a batch: the scheduler's cost is paid once for many
documents); each worker reads, identifies the language and profile of, extracts and geocodes its files, exactly as
`pipeline` does in one process, and sends back each file's document, claims and allegations, or its error. The
process that started the batch stores them in the ledger, a document a transaction, as results come in: the ledger
is written by one process, and a stopped run resumes as `pipeline.ingest_paths` does (a worker is told which texts
each of its paths was stored as, and does not extract a file whose text the ledger holds). `extract --to-parquet`
needs no ledger: the claims come back the same way and are written as the parts of a Parquet dataset.

A file's time limit cannot be a timer signal in a worker's thread (signals reach a process's main thread only): a
watchdog thread ends the worker process past it, its nanny starts another, and the batch is sent again a file a
task, so that the file that ended it is reported and every other one is read.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger import EXTRACTOR_VERSION
from claimledger.errors import ClaimledgerError, ExtractionError, ParquetFolderError, WorkerStoppedError
from claimledger.gazetteer import Gazetteer, GazetteerPlace
from claimledger.ingest import DEFAULT_MAX_BYTES, MAX_PDF_PAGES, expand_inputs, read_document
from claimledger.ledger import Ledger
from claimledger.models import Allegation, Claim, Document
from claimledger.pipeline import (AUTO_PROFILE, DEFAULT_TIMEOUT, FILE_FAILURES, BatchReport, FileResult, Progress,
                                  already_stored, check_language, extract_document, fixed_profile, prepare,
                                  profile_for, store_extracted)

# Files a task: enough that the scheduler's few milliseconds a task are a small share of its extraction, few enough
# that both workers have batches until the end of a run.
BATCH_FILES = 16
# Batches sent ahead of the results per worker: each worker has its next batch when it ends one.
BATCHES_AHEAD = 2
# The exit status of a worker ended by its watchdog (a file past its time limit).
WORKER_TIMEOUT_EXIT = 75


# The texts a ledger holds from each of a batch's paths, by content hash (Ledger.texts_at; none without a ledger).
StoredTexts = Callable[[list[str]], dict[str, set[str]]]


@dataclass(frozen=True, slots=True)
class ExtractionSettings:
    """How every file of a batch is read: the options of `ingest` and `extract`."""

    profile: str = AUTO_PROFILE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = MAX_PDF_PAGES
    timeout: float | None = DEFAULT_TIMEOUT
    encoding: str | None = None


@dataclass(slots=True)
class ExtractedFile:
    """What a worker made of one file: its document and what was extracted from it (claims None: the ledger holds
    its text already, extracted by this extractor), or the error that stopped it."""

    path: str
    document: Document | None = None
    claims: list[Claim] | None = None
    allegations: list[Allegation] = field(default_factory=list)
    profile: str | None = None
    error: ClaimledgerError | None = None


@contextmanager
def cluster_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: of a local cluster of `workers` processes (local_cluster), or of the cluster whose scheduler
    is at `scheduler` ("tcp://host:8786"). Its workers must read the batch's files at the same paths."""
    from distributed import Client

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    with local_cluster(workers or 1) as cluster, Client(cluster) as client:
        yield client


@contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A Dask cluster on this machine of `workers` processes of one thread each, as a batch needs one: a worker
    ended by its watchdog fails its task at once (a scheduler would send it to another worker, which the same file
    would end too), and only that task, since a worker is given a task only when its thread is free (saturation 1)
    and no other waits on it to fail with it; processes, so that ending one ends no other, nor this one."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0,
                          "distributed.scheduler.worker-saturation": 1.0}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                         silence_logs=logging.CRITICAL) as cluster:
        yield cluster


def extract_batch(paths: list[str], settings: ExtractionSettings, stored: dict[str, set[str]],
                  run: str) -> list[ExtractedFile]:
    """The task a worker runs: each of `paths` read and extracted, in order. `stored` gives the texts the ledger
    holds from a path (by content hash); `run` names the batch, whose imported places its plugin gave the worker (a worker builds its gazetteer and compiles its patterns once a run)."""
    gazetteer, fixed = _prepared(run, settings)
    extracted = []
    for path in paths:
        try:
            with _watchdog(settings.timeout):
                document = read_document(Path(path), max_bytes=settings.max_bytes, encoding=settings.encoding,
                                         max_pages=settings.max_pages)
                check_language(document)
                if document.content_hash in stored.get(path, ()):
                    extracted.append(ExtractedFile(path, document))
                    continue
                profile = profile_for(document, fixed)
                allegations: list[Allegation] = []
                claims = extract_document(document, profile, gazetteer, allegations=allegations)
            extracted.append(ExtractedFile(path, document, claims, allegations, profile.id))
        except FILE_FAILURES as err:
            extracted.append(ExtractedFile(path, error=err))
    return extracted


# In a worker process: the places imported into each run's ledger (_places_plugin), and the last run's gazetteer
# and fixed profile.
_run_places: dict[str, list[GazetteerPlace]] = {}
_worker_run: dict[str, tuple[Gazetteer, Any]] = {}


def _places_plugin(run: str, places: list[GazetteerPlace]) -> Any:
    """A worker plugin that gives every worker of the cluster, those started after a worker stopped too, the places
    imported into a run's ledger: sent once a worker, not with every task (a ledger may hold a country's hundred
    thousand places), and kept by the scheduler, where scattered data would be lost with the worker it was on.
    Its class is made here, not at import: no command but those of a cluster pays the 0.4 s of importing
    distributed."""
    from distributed.diagnostics.plugin import WorkerPlugin

    # The class is sent to the workers by value, and with it copies of the globals its methods name: they call the
    # module's functions, sent by name, so that the module's own _run_places is the one filled.
    class RunPlaces(WorkerPlugin):  # type: ignore[misc]
        name = f"claimledger-places-{run}"

        def setup(self, worker: Any) -> None:
            _keep_places(run, places)

        def teardown(self, worker: Any) -> None:
            _keep_places(run, None)

    return RunPlaces()


def _keep_places(run: str, places: list[GazetteerPlace] | None) -> None:
    """In a worker process: the places imported into a run's ledger kept (None: forgotten)."""
    if places is None:
        _run_places.pop(run, None)
    else:
        _run_places[run] = places


def _prepared(run: str, settings: ExtractionSettings) -> tuple[Gazetteer, Any]:
    """The gazetteer and fixed profile of a run, made once in each worker process (the last run's only)."""
    if run not in _worker_run:
        gazetteer = Gazetteer.bundled().with_places(_run_places.get(run, []))
        fixed = fixed_profile(settings.profile)
        prepare(fixed, gazetteer)
        _worker_run.clear()
        _worker_run[run] = gazetteer, fixed
    return _worker_run[run]


@contextmanager
def _watchdog(seconds: float | None) -> Iterator[None]:
    """Ends this worker process when the block runs longer than `seconds` (None or 0: no limit)."""
    if not seconds:
        yield
        return
    timer = threading.Timer(seconds, os._exit, args=(WORKER_TIMEOUT_EXIT,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def ingest_on_cluster(inputs: Iterable[str | Path], ledger: Ledger, *, workers: int | None = None,
                      scheduler: str | None = None, settings: ExtractionSettings = ExtractionSettings(),
                      progress: Progress | None = None, batch_files: int = BATCH_FILES) -> BatchReport:
    """`pipeline.ingest_paths` with the reading and extracting mapped over a Dask cluster (see cluster_client): the
    same documents, claims and allegations stored, and the same report, in the order the files are done."""
    paths, errors = expand_inputs(str(given) for given in inputs)
    report = BatchReport()
    total = len(errors) + len(paths)
    done = 0

    def account(kind: list[FileResult], result: FileResult) -> None:
        nonlocal done
        done += 1
        kind.append(result)
        if progress:
            progress(result, done, total)

    for error in errors:
        account(report.failed, FileResult(error.path, str(error), error=error))
    if not paths:
        return report
    with cluster_client(workers, scheduler) as client:
        for item in _mapped(client, [str(path) for path in paths], settings, batch_files,
                            ledger.imported_places(), lambda batch: ledger.texts_at(batch, EXTRACTOR_VERSION)):
            if item.error is not None:
                account(report.failed, FileResult(item.path, str(item.error), error=item.error))
                continue
            try:
                stored, result = _store(ledger, item)
            except FILE_FAILURES as err:
                account(report.failed, FileResult(item.path, str(err), error=err))
                continue
            account(report.stored if stored else report.duplicate, result)
    return report


def _store(ledger: Ledger, item: ExtractedFile) -> tuple[bool, FileResult]:
    assert item.document is not None
    existing = ledger.find_document(item.document.content_hash)
    if existing is not None and existing.extractor_version == EXTRACTOR_VERSION:
        return already_stored(ledger, existing, item.path)
    if item.claims is None or item.profile is None:
        # The worker was told the ledger held this text; it was deleted since.
        raise ExtractionError(item.path, "its text left the ledger while the batch ran; ingest it again")
    return store_extracted(ledger, item.path, item.document, existing, item.claims, item.allegations, item.profile)


def _mapped(client: Any, paths: list[str], settings: ExtractionSettings, batch_files: int,
            places: list[GazetteerPlace], stored_texts: StoredTexts) -> Iterator[ExtractedFile]:
    """Each file's ExtractedFile, batches sent BATCHES_AHEAD a worker ahead and yielded as they are done. A batch
    whose worker ended (a file past its time limit, or out of memory) is sent again a file a task; a file whose
    worker ended on its own is that file's failure."""
    from uuid import uuid4

    run = uuid4().hex
    plugin = _places_plugin(run, places)
    client.register_plugin(plugin, name=plugin.name)
    try:
        yield from _batches_done(client, paths, settings, batch_files, stored_texts, run)
    finally:
        client.unregister_worker_plugin(plugin.name)


def _batches_done(client: Any, paths: list[str], settings: ExtractionSettings, batch_files: int,
                  stored_texts: StoredTexts, run: str) -> Iterator[ExtractedFile]:
    """The batches of _mapped, sent and read back (see there)."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    waiting = deque(paths[start:start + batch_files] for start in range(0, len(paths), batch_files))
    batch_of: dict[Any, list[str]] = {}
    finished = as_completed()

    def send(batch: list[str]) -> None:
        future = client.submit(extract_batch, batch, settings, stored_texts(batch), run, pure=False)
        batch_of[future] = batch
        finished.add(future)

    for _ in range(max(1, len(client.scheduler_info()["workers"])) * BATCHES_AHEAD):
        if waiting:
            send(waiting.popleft())
    for future in finished:
        batch = batch_of.pop(future)
        if waiting:
            send(waiting.popleft())
        try:
            yield from future.result()
        except (KilledWorker, FutureCancelledError):
            if len(batch) > 1:
                for path in batch:
                    send([path])
                continue
            yield ExtractedFile(batch[0], error=WorkerStoppedError(
                batch[0], f"time limit {settings.timeout:g} s" if settings.timeout else "no time limit"))
        except Exception as err:  # the task failed outside any file's reading: each file of it is a failure
            for path in batch:
                yield ExtractedFile(path, error=ExtractionError(path, f"{type(err).__name__}: {err}"))


def extract_to_parquet(inputs: Iterable[str | Path], folder: Path, *, workers: int | None = None,
                       scheduler: str | None = None, settings: ExtractionSettings = ExtractionSettings(),
                       progress: Progress | None = None, batch_files: int = BATCH_FILES) -> tuple[BatchReport, int]:
    """The claims of every file named by `inputs`, written to `folder` as a Parquet dataset (parts of at most
    PARQUET_PART_CLAIMS claims, `part-00000.parquet`, ...; export.CLAIM_PARQUET_COLUMNS) with nothing stored:
    extracted on a Dask cluster (see cluster_client) when given `workers` or `scheduler`, else in this process.
    The folder must be new or empty: the parts of another run would be read with these. The report of the files
    (a file read is "stored"), and the number of claims written."""
    from claimledger.export import write_claims_parquet

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ParquetFolderError(folder, "it exists and is not an empty folder; give a new one")
    folder.mkdir(parents=True, exist_ok=True)
    report = BatchReport()
    found: list[tuple[str, Claim]] = []
    part = written = 0
    paths, errors = expand_inputs(str(given) for given in inputs)
    total = len(paths) + len(errors)
    extracted = _claims_on_cluster(paths, workers, scheduler, settings, batch_files) if workers or scheduler \
        else _claims_here(paths, settings)
    outcomes: Iterator[tuple[str, list[Claim] | ClaimledgerError]] = \
        itertools.chain(((error.path, error) for error in errors), extracted if paths else ())
    for done, (path, outcome) in enumerate(outcomes, start=1):
        if isinstance(outcome, ClaimledgerError):
            result = FileResult(path, str(outcome), error=outcome)
            report.failed.append(result)
        else:
            found.extend((path, claim) for claim in outcome)
            result = FileResult(path, f"{len(outcome)} claims")
            report.stored.append(result)
        if len(found) >= PARQUET_PART_CLAIMS:
            written += write_claims_parquet(folder / f"part-{part:05d}.parquet", found)
            found, part = [], part + 1
        if progress:
            progress(result, done, total)
    if found or part == 0:
        written += write_claims_parquet(folder / f"part-{part:05d}.parquet", found)
    return report, written


Outcomes = Iterator[tuple[str, list[Claim] | ClaimledgerError]]


def _claims_here(paths: list[Path], settings: ExtractionSettings) -> Outcomes:
    """(path, its claims or its error) of each file, extracted in this process, in order."""
    from claimledger.pipeline import extract_files

    for path, outcome in extract_files(paths, profile=settings.profile, max_bytes=settings.max_bytes,
                                       max_pages=settings.max_pages, timeout=settings.timeout,
                                       encoding=settings.encoding):
        yield str(path), outcome


def _claims_on_cluster(paths: list[Path], workers: int | None, scheduler: str | None,
                       settings: ExtractionSettings, batch_files: int) -> Outcomes:
    """As _claims_here, extracted on a Dask cluster, in the order the files are done."""
    with cluster_client(workers, scheduler) as client:
        for item in _mapped(client, [str(path) for path in paths], settings, batch_files, [], lambda batch: {}):
            yield item.path, item.error or item.claims or []


# Claims a part of a Parquet dataset holds at most: parts of tens of megabytes, as Parquet readers like them.
PARQUET_PART_CLAIMS = 200_000
