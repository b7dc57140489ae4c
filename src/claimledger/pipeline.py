"""Batches: files in, claims out (`extract_files`) or into a ledger (`ingest_paths`, `reextract`).

Each file goes read -> language check -> profile -> extract -> store on its own. A file that
cannot be read, is in a language claimledger cannot read, or that the extractor fails on,
becomes one failure in the report, with nothing of it stored, and the batch goes on with the
next file.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pycountry

from claimledger import EXTRACTOR_VERSION
from claimledger.errors import (ClaimledgerError, DocumentStoreError, ExtractionError, FileTimeoutError, InputError,
                                LedgerError, ProfileError, TooManyClaimsError, UnsupportedLanguageError)
from claimledger.extract import read
from claimledger.extract.numbers import PassedOver
from claimledger.gazetteer import Gazetteer
from claimledger.geocode import locate_claims
from claimledger.ingest import DEFAULT_MAX_BYTES, MAX_PDF_PAGES, detect_language, expand_inputs, read_document
from claimledger.ledger import Ledger, LedgerSummary, StoredDocument, is_ledger, server_url
from claimledger.lang import available_languages
from claimledger.models import Allegation, Claim, Document, ReferenceDay
from claimledger.profile import Profile, ProfileChoice, explain_profile_choice, load_profile
from claimledger.extract.reference_day import find_reference_day

AUTO_PROFILE = "auto"
# The languages claimledger has language data for (a folder of lang/): its statements are read by
# those rules, and a statement in any other language would be misread by them.
SUPPORTED_LANGUAGES = available_languages()
# The failures that belong to one file; any other error (a ledger that cannot be opened, an
# unknown profile) stops the batch, since every later file would fail the same way.
FILE_FAILURES = (InputError, ExtractionError, DocumentStoreError)
# Seconds a file may take to be read and extracted (--timeout).
DEFAULT_TIMEOUT = 60.0
# Claims of one document stored at most: the longest statements hold a few hundred.
MAX_CLAIMS = 10_000


@dataclass(frozen=True, slots=True)
class FileResult:
    """What became of one input: a message for the user, and the error when it failed."""

    path: str
    message: str
    document_id: int | None = None
    error: ClaimledgerError | None = None


@dataclass(slots=True)
class BatchReport:
    stored: list[FileResult] = field(default_factory=list)
    duplicate: list[FileResult] = field(default_factory=list)  # already in the ledger
    failed: list[FileResult] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """The number of failed files, as a process exit status can carry it."""
        return min(len(self.failed), 255)


# Called after each input with its result, the number of inputs done and the number in all.
Progress = Callable[[FileResult, int, int], None]


def fixed_profile(profile: str) -> Profile | None:
    """The profile to use for every document, or None for `auto` (chosen per document)."""
    return None if profile == AUTO_PROFILE else load_profile(profile)


def profile_for(document: Document, fixed: Profile | None) -> Profile:
    return profile_choice(document, fixed).profile


def profile_choice(document: Document, fixed: Profile | None) -> ProfileChoice:
    """The profile a document is read with, and why (`--explain-profile`)."""
    if fixed is not None:
        return ProfileChoice(fixed, f"{fixed.id}: given with --profile")
    return explain_profile_choice(document.text)


def check_language(document: Document) -> None:
    """Refuse a document written in a language without language data; one of unknown language is read as English.

    `Document.language` is set only when the detector is sure (see `ingest.detect_language`), so a
    loss tally or a text dense with place names is never refused for a wrong guess.
    """
    if document.language is None or document.language in SUPPORTED_LANGUAGES:
        return
    supported = " or ".join(_language_name(code) for code in SUPPORTED_LANGUAGES)
    raise UnsupportedLanguageError(document.source_path or document.name,
                                   f"{_language_name(document.language)}, {document.language}", supported)


def _language_name(code: str) -> str:
    language = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    return language.name if language else code


def extract_document(document: Document, profile: Profile, gazetteer: Gazetteer,
                     max_claims: int = MAX_CLAIMS, passed_over: list[PassedOver] | None = None,
                     allegations: list[Allegation] | None = None) -> list[Claim]:
    """The document's claims with their places located, a crash turned into an ExtractionError naming its file;
    TooManyClaimsError past `max_claims`. The figures that made no claim, with why, are added to `passed_over`, and
    the document's allegations and denials to `allegations`, when they are given."""
    try:
        doc = read(document, profile)
        claims = doc.claims
        if passed_over is not None:
            passed_over.extend(doc.passed_over)
        if allegations is not None:
            allegations.extend(doc.allegations)
        if len(claims) > max_claims:
            raise TooManyClaimsError(document.source_path or document.name, f"{len(claims):,} > {max_claims:,}")
        return locate_claims(document, claims, gazetteer, profile, document.language or "en")
    except (FileTimeoutError, TooManyClaimsError):
        raise  # the file's time is up (time_limit), or it is no statement: no bug
    except Exception as err:  # any other exception here is an extractor bug; the batch must survive it
        raise ExtractionError(document.source_path or document.name, f"{type(err).__name__}: {err}") from err


def ledger_gazetteer(ledger: Ledger) -> Gazetteer:
    """The shipped gazetteer with the places imported into this ledger (`claimledger gazetteer import`)."""
    return Gazetteer.bundled().with_places(ledger.imported_places())


@contextmanager
def time_limit(seconds: float | None, path: str | Path) -> Iterator[None]:
    """FileTimeoutError for `path` when the block runs longer than `seconds` (None or 0: no limit).

    A timer signal, so only in the main thread of a process that may set one (elsewhere the block runs unlimited):
    the regular-expression engine checks for signals as it runs, so a pattern that would run for minutes is
    stopped too."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTimeoutError(path, f"{seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# A statement that every stage reads something of, to compile the vocabularies before a file's time starts, long
# enough that its language is identified.
_PREPARING_TEXT = ("Statement of the Ministry of Defence, 8 October 2020. 3 civilians were wounded in the city when "
                   "the enemy shelled houses and a school during the night; the shelling went on until the morning.")


def prepare(fixed: Profile | None, gazetteer: Gazetteer) -> None:
    """Compile the patterns of the language files and of the profile a batch starts with, and load the language
    identifier's model, once, before any file's time limit runs: it takes seconds, and the first file would
    otherwise pay for it."""
    document = Document(name="preparing.txt", text=_PREPARING_TEXT, content_hash="")
    detect_language(document.text)
    extract_document(document, profile_for(document, fixed), gazetteer)


def extract_files(inputs: Iterable[str | Path], *, profile: str = AUTO_PROFILE, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_pages: int = MAX_PDF_PAGES,
                  on_profile: Callable[[Path, ProfileChoice], None] | None = None,
                  on_passed_over: Callable[[Path, list[str]], None] | None = None,
                  on_allegations: Callable[[Path, list[Allegation]], None] | None = None,
                  timeout: float | None = DEFAULT_TIMEOUT, encoding: str | None = None
                  ) -> Iterator[tuple[Path, list[Claim] | ClaimledgerError]]:
    """The claims of each file named by `inputs` (files, folders, globs), or why it has none; nothing is stored.

    Inputs that name no file come first, then the files in sorted order, each with its claims in text order.
    `on_profile` is told which profile each file is read with, and why; `on_passed_over`, which of its figures made
    no claim and why, a line for each ("3:15: '2' is no claim: ...", by line and column); `on_allegations`, its
    allegations and denials, after its claims.
    """
    fixed = fixed_profile(profile)
    gazetteer = Gazetteer.bundled()
    paths, errors = expand_inputs(str(given) for given in inputs)
    for error in errors:
        yield Path(error.path), error
    if paths and timeout:
        prepare(fixed, gazetteer)
    for path in paths:
        try:
            with time_limit(timeout, path):
                document = read_document(path, max_bytes=max_bytes, encoding=encoding, max_pages=max_pages)
                check_language(document)
                choice = profile_choice(document, fixed)
                passed_over: list[PassedOver] = []
                allegations: list[Allegation] = []
                claims = extract_document(document, choice.profile, gazetteer, passed_over=passed_over,
                                          allegations=allegations)
        except (InputError, ExtractionError) as err:
            yield path, err
            continue
        if on_profile is not None:
            on_profile(path, choice)
        if on_passed_over is not None:
            on_passed_over(path, [figure.located(document.text) for figure in passed_over])
        yield path, claims
        if on_allegations is not None:
            on_allegations(path, allegations)


def ingest_paths(inputs: Iterable[str | Path], ledger: Ledger, *, profile: str = AUTO_PROFILE,
                 max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT, encoding: str | None = None,
                 max_pages: int = MAX_PDF_PAGES) -> BatchReport:
    """Read, extract and store every file named by `inputs`, each in its own transaction; reading and extracting a
    file may take `timeout` seconds (a file over it fails, and the batch goes on).

    A text already in the ledger is not stored twice; only its new path is recorded. If its
    machine claims came from another extractor version, they are re-extracted and replaced.
    """
    fixed = fixed_profile(profile)
    gazetteer = ledger_gazetteer(ledger)
    paths, errors = expand_inputs(str(given) for given in inputs)
    total = len(errors) + len(paths)
    report = BatchReport()
    if paths and timeout:
        prepare(fixed, gazetteer)
    for done, error in enumerate(errors, start=1):
        result = FileResult(error.path, str(error), error=error)
        report.failed.append(result)
        if progress:
            progress(result, done, total)
    for done, path in enumerate(paths, start=len(errors) + 1):
        try:
            stored, result = _ingest_file(path, ledger, fixed, gazetteer, max_bytes, timeout, encoding, max_pages)
            (report.stored if stored else report.duplicate).append(result)
        except FILE_FAILURES as err:
            result = FileResult(str(path), str(err), error=err)
            report.failed.append(result)
        if progress:
            progress(result, done, total)
    return report


def build_demo_ledger(db: str | Path, *, replace: bool = False, progress: Progress | None = None
                      ) -> tuple[BatchReport, LedgerSummary]:
    """A fresh ledger at `db` of the bundled sample statements (`claimledger demo`), and its summary.

    The file at `db` is replaced only when it is no ledger at all (refused: it may be anything), when it holds
    nothing but the samples, or with `replace`: a ledger of other documents is someone's work. A PostgreSQL
    database is never replaced: it is a team's shared ledger.
    """
    if (url := server_url(db)) is not None:
        raise LedgerError(f"{url.render_as_string(hide_password=True)}: demo builds a fresh ledger file, "
                          f"and never replaces a PostgreSQL ledger; give a file with --db, or ingest the samples "
                          f"into the database with `claimledger ingest`")
    db = Path(db)
    if db.exists() and not is_ledger(db):
        raise LedgerError(f"{db} exists and is not a claimledger ledger; demo replaces its ledger file, so give "
                          f"another --db")
    with resources.as_file(resources.files("claimledger") / "sample_data") as samples:
        if db.exists() and not replace:
            sample_names = {path.name for path in Path(samples).rglob("*") if path.is_file()}
            with Ledger(db) as existing:
                others = [d.file_name for d in existing.documents() if d.file_name not in sample_names]
            if others:
                raise LedgerError(f"{db} holds {len(others)} documents besides the bundled samples (such as "
                                  f"{others[0]}); demo would replace them: give another --db, or --replace")
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        with Ledger(db) as ledger:
            report = ingest_paths([samples], ledger, progress=progress)
            return report, ledger.summary()


def _ingest_file(path: Path, ledger: Ledger, fixed: Profile | None, gazetteer: Gazetteer,
                 max_bytes: int, timeout: float | None, encoding: str | None,
                 max_pages: int) -> tuple[bool, FileResult]:
    """(True, result) when the file's text was new to the ledger, (False, result) when it was there already."""
    # The time limit covers reading and extracting, never a write: a transaction is not cut short.
    with time_limit(timeout, path):
        document = read_document(path, max_bytes=max_bytes, encoding=encoding, max_pages=max_pages)
        check_language(document)
    existing = ledger.find_document(document.content_hash)
    if existing is not None and existing.extractor_version == EXTRACTOR_VERSION:
        return already_stored(ledger, existing, path)
    profile = profile_for(document, fixed)
    allegations: list[Allegation] = []
    with time_limit(timeout, path):
        claims = extract_document(document, profile, gazetteer, allegations=allegations)
    return store_extracted(ledger, path, document, existing, claims, allegations, profile.id)


def already_stored(ledger: Ledger, existing: StoredDocument, path: str | Path) -> tuple[bool, FileResult]:
    """A file whose text the ledger holds, extracted by this extractor: its path recorded, nothing else."""
    ledger.record_source(existing.id, path)
    return False, FileResult(str(path), f"already in the ledger as document #{existing.id} ({existing.file_name})",
                             existing.id)


def store_extracted(ledger: Ledger, path: str | Path, document: Document, existing: StoredDocument | None,
                    claims: list[Claim], allegations: list[Allegation], profile: str) -> tuple[bool, FileResult]:
    """A file's document with the claims and allegations extracted from it (here or by a Dask worker), stored: new
    (True), or replacing the machine claims of `existing`, its text as stored by an older extractor (False)."""
    if existing is not None:
        count = ledger.replace_machine_claims(existing.id, claims, extractor_version=EXTRACTOR_VERSION,
                                              profile=profile, reference_day=_reference_day(existing),
                                              allegations=allegations)
        ledger.record_source(existing.id, path)
        return False, FileResult(str(path), f"already in the ledger as document #{existing.id} ({existing.file_name}); "
                                            f"its {count} machine claims re-extracted with extractor "
                                            f"{EXTRACTOR_VERSION}", existing.id)
    # Ingested today: a date the text mentions after today is a plan or a typing error, not its time of writing.
    result = ledger.add_document(document, claims, profile=profile, reference_day=find_reference_day(
        document.text, document.published, dt.datetime.now(dt.UTC).date()), allegations=allegations)
    if not result.created:  # another process stored the same text in between
        return False, FileResult(str(path), f"already in the ledger as document #{result.document_id}",
                                 result.document_id)
    return True, FileResult(str(path), f"stored as document #{result.document_id} with "
                                       f"{result.claims_stored} claims", result.document_id)


def reextract(ledger: Ledger, *, force: bool = False, profile: str | None = None) -> int:
    """Re-extract the machine claims of stale documents (all documents with `force`); returns how many.

    Each document is extracted again with the profile it was ingested with, unless `profile`
    (an id, a .toml path or `auto`) is given. Human claims are kept. Each document is replaced
    in its own transaction, so an interrupted run can simply be run again.
    """
    documents = ledger.documents() if force else ledger.stale_documents(EXTRACTOR_VERSION)
    fixed = fixed_profile(profile) if profile is not None else None
    gazetteer = ledger_gazetteer(ledger)
    for stored in documents:
        document = _document_of(stored)
        chosen = _stored_profile(stored) if profile is None else profile_for(document, fixed)
        allegations: list[Allegation] = []
        claims = extract_document(document, chosen, gazetteer, allegations=allegations)
        ledger.replace_machine_claims(stored.id, claims, extractor_version=EXTRACTOR_VERSION, profile=chosen.id,
                                      reference_day=_reference_day(stored), allegations=allegations)
    return len(documents)


def _reference_day(stored: StoredDocument) -> ReferenceDay | None:
    """A stored document's reference day found again, by the rule of this extractor, as of when it was ingested."""
    return find_reference_day(stored.text, stored.published, stored.ingested_at.date())


def _stored_profile(stored: StoredDocument) -> Profile:
    try:
        return load_profile(stored.profile)
    except ProfileError as err:
        raise ProfileError(f"document #{stored.id} ({stored.file_name}) was extracted with profile "
                           f"{stored.profile!r}, which cannot be loaded ({err}); give its .toml file with "
                           f"--profile") from None


def _document_of(stored: StoredDocument) -> Document:
    return Document(
        name=stored.file_name,
        text=stored.text,
        content_hash=stored.content_hash,
        media_type=stored.media_type,
        title=stored.title,
        publisher=stored.publisher,
        published=stored.published,
        language=stored.language,
    )
