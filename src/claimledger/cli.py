"""The `claimledger` command: a thin layer over `pipeline`, `ledger` and `web`.

Data goes to stdout, everything else (progress, errors) to stderr, so output can be piped.
Errors a user can fix are printed as one line, "error: <message>", without a traceback.
Batch commands exit with the number of files that failed (0 when all went well).
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from claimledger import EXTRACTOR_VERSION, __version__
from claimledger.accounts import Accounts, Role, utc_minute
from claimledger.errors import (ClaimledgerError, FileMissingError, GeoNamesLineError, LedgerError, ReferenceRowError,
                                shown)
from claimledger.export import (AUDIT_COLUMNS, ClaimSources, audit_rows, claim_reviews, claim_rows, claim_sources,
                                geojson, strict_json, write_csv, write_parquet)
from claimledger.gazetteer import Gazetteer, read_geonames_dump
from claimledger.ingest import DEFAULT_MAX_BYTES, MAX_PDF_PAGES
from claimledger.ledger import (Ledger, LedgerSummary, ReferenceCount, StoredAllegation, StoredClaim, StoredUser,
                                server_url)
from claimledger.cluster import ExtractionSettings, extract_to_parquet, ingest_on_cluster
from claimledger.contested import contested_acts
from claimledger.models import ALLEGATION_SUBJECTS, KINDS, Allegation, Claim
from claimledger.pipeline import (AUTO_PROFILE, DEFAULT_TIMEOUT, BatchReport, FileResult, build_demo_ledger,
                                  extract_files, ingest_paths, ledger_gazetteer, reextract)
from claimledger.pipeline import Progress as PipelineProgress
from claimledger.profile import ProfileChoice, available_profiles, load_profile
from claimledger.reconcile import (REFERENCE_COLUMNS, STATED, DocumentDays, FigurePoint, compare, document_days, find_figure,
                                   ratios, read_reference_csv, reporting_bias)
from claimledger.reconcile import anomalies as find_anomalies
from claimledger.reconcile import figures as figure_series
from claimledger.review import CORRECTABLE_FIELDS, REVIEW_STATUSES, Reviews

DEFAULT_DB = "claimledger.sqlite"
DEFAULT_DEMO_DB = "claimledger-demo.sqlite"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

app = typer.Typer(
    name="claimledger",
    no_args_is_help=True,
    add_completion=False,
    # Locals can hold whole documents: a bug report should not print them.
    pretty_exceptions_show_locals=False,
)


def stdout() -> Console:
    # Made per command, not at import, so that the terminal width (COLUMNS) is read when it runs.
    return Console()


def stderr() -> Console:
    return Console(stderr=True)


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class ClaimsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    geojson = "geojson"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"


DbOption = Annotated[str, typer.Option(
    "--db", help="The ledger: an SQLite file, or a PostgreSQL database (postgresql://USER@HOST:PORT/DATABASE).")]
ProfileOption = Annotated[str, typer.Option(
    "--profile", help="Conflict profile: 'auto' (picked per document), a shipped id (see `claimledger profiles`) "
                      "or the path of a .toml profile.")]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", min=1, help="Files larger than this are refused.")]
MaxPagesOption = Annotated[int, typer.Option("--max-pages", min=1, help="PDFs of more pages than this are refused.")]
def _known_encoding(name: str | None) -> str | None:
    if name is not None:
        try:
            codecs.lookup(name)
        except LookupError:
            raise typer.BadParameter(f"{name!r} is no encoding Python knows (e.g. utf-8, cp1252, cp1251, latin-1)")
    return name


EncodingOption = Annotated[str | None, typer.Option(
    "--encoding", callback=_known_encoding, show_default=False,
    help="Encoding of the text files (without a byte-order mark), when it is known; by default UTF-8, else guessed.")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", min=0, help="Seconds a file may take to be read and extracted (0: no limit); a file over it fails.")]
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", min=1, show_default=False,
    help="Read and extract the files on a local Dask cluster of this many processes (one a core).")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", show_default=False, metavar="ADDRESS",
    help="Read and extract the files on the Dask cluster of this scheduler (tcp://host:8786), whose workers read "
         "them at the same paths.")]
HostOption = Annotated[str, typer.Option("--host", help="Address to serve on.")]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to serve on.")]
PrivateOption = Annotated[bool, typer.Option(
    "--private", help="Only users who log in may read (add them with `claimledger user add`); public by default.")]


def print_error(message: str, console: Console | None = None) -> None:
    # No markup, highlighting or wrapping: a message is one plain line, whatever it quotes.
    (console or stderr()).print(f"error: {message}", markup=False, highlight=False, emoji=False, soft_wrap=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Report a ClaimledgerError as one line on stderr and exit with status 1."""
    try:
        yield
    except ClaimledgerError as err:
        print_error(str(err))
        raise typer.Exit(1) from None


@contextmanager
def piped_stdout() -> Iterator[None]:
    """Stop quietly when whoever reads stdout stops reading (`claimledger claims --format jsonl | head`)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the broken pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None


def existing_ledger(db: str) -> Ledger:
    """The ledger at `db`, for commands that only make sense on one that exists (a PostgreSQL database exists
    beforehand: opened, it is made a ledger if it is empty)."""
    if server_url(db) is None and not Path(db).exists():
        raise LedgerError(f"no ledger at {db}; run `claimledger ingest FILE... --db {db}` first")
    return Ledger(db)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimledger {__version__} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """A ledger of attributed quantitative claims from the official statements of a war."""


# --------------------------------------------------------------------------- ingest / extract


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Statement files (.txt, .html, .pdf), folders or glob patterns.",
                                               metavar="PATH", show_default=False)],
    db: DbOption = DEFAULT_DB,
    profile: ProfileOption = AUTO_PROFILE,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_pages: MaxPagesOption = MAX_PDF_PAGES,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    encoding: EncodingOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Read statements, extract their claims and store them in the ledger.

    The exit status is the number of files that failed (0 when all went well).
    """
    with user_errors(), Ledger(db) as ledger:
        with _progress_bar() as show:
            if workers or scheduler:
                report = ingest_on_cluster(paths, ledger, workers=workers, scheduler=scheduler, progress=show,
                                           settings=ExtractionSettings(profile, max_bytes, max_pages, timeout, encoding))
            else:
                report = ingest_paths(paths, ledger, profile=profile, max_bytes=max_bytes, progress=show,
                                      timeout=timeout, encoding=encoding, max_pages=max_pages)
    typer.echo(_batch_line(report, db))
    if report.exit_status:
        raise typer.Exit(report.exit_status)


class DocumentRateColumn(ProgressColumn):
    """How many documents a second a batch reads, as rich estimates a task's speed from its last updates."""

    def render(self, task: Task) -> Text:
        return Text("" if task.speed is None else f"{task.speed:,.1f} documents/s", style="progress.data.speed")


@contextmanager
def _progress_bar() -> Iterator[PipelineProgress]:
    """A progress callback for a batch: a bar on stderr (when it is a terminal) with the documents done of all, their
    rate and the time left, each failure's line above it."""
    console = stderr()
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), DocumentRateColumn(),
                        TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal)
    task = progress.add_task("ingesting", total=None)

    def show(result: FileResult, done: int, total: int) -> None:
        progress.update(task, completed=done, total=total, description=Path(result.path).name)
        if result.error is not None:
            print_error(result.message, progress.console)

    with progress:
        yield show


def _batch_line(report: BatchReport, db: str) -> str:
    return (f"stored {len(report.stored)}, already present {len(report.duplicate)}, "
            f"failed {len(report.failed)} (ledger: {db})")


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Statement files, folders or glob patterns.", metavar="FILE",
                                               show_default=False)],
    output_format: Annotated[ExtractFormat, typer.Option(
        "--format", help="jsonl: the claims interchange format, a claim a line; table: for reading.")
    ] = ExtractFormat.jsonl,
    profile: ProfileOption = AUTO_PROFILE,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_pages: MaxPagesOption = MAX_PDF_PAGES,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    encoding: EncodingOption = None,
    explain_profile: Annotated[bool, typer.Option(
        "--explain-profile", help="Say on stderr which conflict profile each file is read with, and why.")] = False,
    explain_figures: Annotated[bool, typer.Option(
        "--explain", help="Say on stderr which figures of each file made no claim, and why.")] = False,
    to_parquet: Annotated[Path | None, typer.Option(
        "--to-parquet", metavar="DIR", show_default=False, file_okay=False,
        help="Write the claims as a Parquet dataset in this new folder (parts of up to 200,000 claims) instead of "
             "printing them.")] = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Print the claims of statements without storing anything.

    The exit status is the number of files that failed (0 when all went well).
    """
    if (workers or scheduler) and to_parquet is None:
        raise typer.BadParameter("extracting on a Dask cluster writes a Parquet dataset: give --to-parquet DIR too",
                                 param_hint="--workers/--scheduler")
    if to_parquet is not None:
        with user_errors(), _progress_bar() as show:
            report, claims = extract_to_parquet(files, to_parquet, workers=workers, scheduler=scheduler,
                                                progress=show, settings=ExtractionSettings(
                                                    profile, max_bytes, max_pages, timeout, encoding))
        typer.echo(f"{claims} claims of {len(report.stored)} files written to {to_parquet}, failed "
                   f"{len(report.failed)}")
        if report.exit_status:
            raise typer.Exit(report.exit_status)
        return
    failed = 0
    found: list[tuple[int | None, Claim]] = []

    def explain(path: Path, choice: ProfileChoice) -> None:
        stderr().print(f"{shown(path)}: profile {choice.profile.id} — {choice.reason}", markup=False, highlight=False,
                       soft_wrap=True)

    def allegations(path: Path, found: list[Allegation]) -> None:
        sys.stdout.writelines(strict_json(allegation.to_record()) + "\n" for allegation in found)
        sys.stdout.flush()

    def passed_over(path: Path, figures: list[str]) -> None:
        for figure in figures:
            stderr().print(f"{shown(path)}:{figure}", markup=False, highlight=False, soft_wrap=True)

    with user_errors(), piped_stdout():
        for _, outcome in extract_files(files, profile=profile, max_bytes=max_bytes, max_pages=max_pages,
                                        timeout=timeout, encoding=encoding, on_profile=explain if explain_profile else None,
                                        on_passed_over=passed_over if explain_figures else None,
                                        on_allegations=allegations if output_format is ExtractFormat.jsonl else None):
            if isinstance(outcome, ClaimledgerError):
                failed += 1
                print_error(str(outcome))
            elif output_format is ExtractFormat.jsonl:
                sys.stdout.writelines(strict_json(claim.to_record()) + "\n" for claim in outcome)
                sys.stdout.flush()
            else:
                found.extend((None, claim) for claim in outcome)
    if output_format is ExtractFormat.table:
        stdout().print(_claims_table(found, title=f"{len(found)} claims"))
    if failed:
        raise typer.Exit(min(failed, 255))


# --------------------------------------------------------------------------- reading the ledger


KindOption = Annotated[str | None, typer.Option(help=f"One of: {', '.join(KINDS)}.", show_default=False)]
ClaimantOption = Annotated[str | None, typer.Option(help="Who makes the claim (case-insensitive).", show_default=False)]
PlaceOption = Annotated[str | None, typer.Option(
    help="A place the claim is about, by any of its names (case-insensitive).", show_default=False)]
SinceOption = Annotated[datetime | None, typer.Option(
    formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", show_default=False,
    help="Claims dated on or after this day; undated claims are left out.")]
UntilOption = Annotated[datetime | None, typer.Option(
    formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", show_default=False, help="Claims dated on or before this day.")]
DocOption = Annotated[str | None, typer.Option(help="Only the document with this file name.", show_default=False)]


def _filtered_claims(db: str, kind: str | None, claimant: str | None, place: str | None, since: datetime | None,
                     until: datetime | None, doc: str | None) -> tuple[list[StoredClaim], ClaimSources]:
    """The claims the filters keep, and what the table export reads beside them."""
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"{kind!r} is not a kind; give one of {', '.join(KINDS)}", param_hint="--kind")
    with user_errors(), existing_ledger(db) as ledger:
        gazetteer = ledger_gazetteer(ledger)
        # "--place Stepanakert" also finds the claims that name Khankendi: the same place to the gazetteer.
        place_ids = [p.id for p in gazetteer.lookup(place)] if place else []
        found = ledger.claims(kind=kind, claimant=claimant, place=place, place_ids=place_ids, doc=doc,
                              since=since.date() if since else None, until=until.date() if until else None)
        return found, claim_sources(ledger, found, gazetteer)


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    kind: KindOption = None,
    claimant: ClaimantOption = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    doc: DocOption = None,
    output_format: Annotated[ClaimsFormat, typer.Option(
        "--format", help="table (for reading), jsonl (a claim a line) or csv.")] = ClaimsFormat.table,
) -> None:
    """List the claims in the ledger, filtered."""
    found, context = _filtered_claims(db, kind, claimant, place, since, until, doc)
    with piped_stdout():
        if output_format is ClaimsFormat.table:
            stdout().print(_claims_table([(c.id, c.claim) for c in found], title=f"{len(found)} claims in {db}"))
        elif output_format is ClaimsFormat.jsonl:
            sys.stdout.writelines(strict_json(c.to_record()) + "\n" for c in found)
        else:
            write_csv(sys.stdout, claim_rows(found, context))


class AllegationsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


SUBJECTS_HELP = ", ".join(ALLEGATION_SUBJECTS)


@app.command()
def allegations(
    db: DbOption = DEFAULT_DB,
    subject: Annotated[str | None, typer.Option(help=f"One of: {SUBJECTS_HELP}.", show_default=False)] = None,
    actor: Annotated[str | None, typer.Option(
        help="Who allegedly did it (case-insensitive): Turkey, Armenia, ...", show_default=False)] = None,
    claimant: ClaimantOption = None,
    contested: Annotated[bool, typer.Option(
        "--contested", help="Only the acts one claimant asserts and another denies, both sides' words together.")
    ] = False,
    output_format: Annotated[AllegationsFormat, typer.Option(
        "--format", help="table (for reading) or jsonl (an allegation a line).")] = AllegationsFormat.table,
) -> None:
    """List the allegations and denials in the ledger: who accuses whom of what, and who calls it false."""
    if subject is not None and subject not in ALLEGATION_SUBJECTS:
        raise typer.BadParameter(f"{subject!r} is no subject; give one of {SUBJECTS_HELP}", param_hint="--subject")
    with user_errors(), existing_ledger(db) as ledger:
        # A contested act's other side is wanted whoever its claimant is: filtered by claimant after pairing.
        found = ledger.allegations(subject=subject, actor=actor, claimant=None if contested else claimant)
    with piped_stdout():
        if not contested:
            if output_format is AllegationsFormat.jsonl:
                sys.stdout.writelines(strict_json(stored.to_record()) + "\n" for stored in found)
            else:
                stdout().print(_allegations_table(found, f"{len(found)} allegations and denials in {db}"))
            return
        acts = contested_acts(found, involving=claimant)
        if output_format is AllegationsFormat.jsonl:
            sys.stdout.writelines(strict_json({
                "subject": act.subject, "actor": act.actor,
                "asserted": [s.to_record() for s in act.asserted], "denied": [s.to_record() for s in act.denied],
            }) + "\n" for act in acts)
            return
        if not acts:
            stdout().print(f"no act in {db} is asserted by one claimant and denied by another")
        for act in acts:
            title = (f"{act.subject} · {act.actor or 'actor not named'}: asserted by {act.claimants_text('asserts')}"
                     f" · denied by {act.claimants_text('denies')}")
            stdout().print(_allegations_table([*act.asserted, *act.denied], title))


def _allegations_table(found: Sequence[StoredAllegation], title: str) -> Table:
    table = Table(title=Text(title), show_lines=False)
    for column in ("id", "stance", "subject", "actor", "claimant", "date", "doc", "quote"):
        table.add_column(column, overflow="fold")
    for stored in found:
        a = stored.allegation
        table.add_row(str(stored.id), a.stance, a.subject, _text(a.actor), _text(a.claimant),
                      _text(a.date or (stored.published.isoformat() if stored.published else None)), a.doc,
                      Text(a.quote))
    return table


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", help="geojson (the claims' places, for QGIS and other GIS), jsonl or csv.")] = ExportFormat.geojson,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.",
                                             dir_okay=False, show_default=False)] = None,
    kind: KindOption = None,
    claimant: ClaimantOption = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    doc: DocOption = None,
    site: Annotated[str, typer.Option("--site", help="claimreview: the address of the web app that shows each "
                                                     "claim (at /claims/N).")] = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}",
    publisher: Annotated[str, typer.Option("--publisher", help="claimreview: the organisation that publishes the "
                                                               "reviews.")] = "claimledger",
) -> None:
    """Export the ledger's claims, filtered, for other tools.

    csv and parquet: a row per claim in ACLED-like columns (event and publication dates, claimant, actor, affected,
    admin areas, coordinates and geo precision, source and the quote's sentence), located or not. claimreview:
    schema.org ClaimReview JSON-LD of the reviewed claims, for fact-checking tools and search engines."""
    found, context = _filtered_claims(db, kind, claimant, place, since, until, doc)
    if output_format is ExportFormat.claimreview:
        with user_errors(), existing_ledger(db) as ledger:
            reviews = {stored.id: ledger.reviews(stored.id) for stored in found}
        with user_errors(), (open(out, "w", encoding="utf-8") if out else nullcontext(sys.stdout)) as stream:
            reviewed = claim_reviews(found, reviews, context, site=site, publisher=publisher)
            stream.write(strict_json(reviewed, indent=2))
            stream.write("\n")
        stderr().print(f"{len(reviewed)} reviewed claims of {len(found)}")
        return
    if output_format is ExportFormat.parquet:
        if out is None:
            raise typer.BadParameter("Parquet is a binary file: give the file to write with --out", param_hint="--out")
        with user_errors():
            count = write_parquet(out, claim_rows(found, context))
        stderr().print(f"{count} claims written to {out}")
        return
    with user_errors(), (open(out, "w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)) as stream:
        if output_format is ExportFormat.geojson:
            result = geojson(found)
            stream.write(strict_json(result.collection))
            stream.write("\n")
            stderr().print(f"{len(result.collection['features'])} features for {result.claims_mapped} claims; "
                           f"{result.claims_without_coordinates} claims have no located place and are left out")
        elif output_format is ExportFormat.jsonl:
            stream.writelines(strict_json(c.to_record()) + "\n" for c in found)
        else:
            write_csv(stream, claim_rows(found, context))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _value(claim: Claim) -> str:
    if claim.value is None:
        return "(vague)"
    figure = f"{claim.value:,}"
    if claim.qualifier not in ("exact", "enumerated"):
        figure = f"{claim.qualifier.replace('_', ' ')} {figure}"
    return figure if claim.unit == "count" else f"{figure} {claim.unit}"


def _claims_table(rows: list[tuple[int | None, Claim]], *, title: str) -> Table:
    table = Table(title=title, show_lines=False)
    with_ids = any(claim_id is not None for claim_id, _ in rows)
    if with_ids:
        table.add_column("id", justify="right")
    for column in ("doc", "value", "claim", "claimant", "affected", "actor", "date", "places", "quote"):
        table.add_column(column, justify="right" if column == "value" else "left", overflow="fold")
    for claim_id, claim in rows:
        what = f": {_text(claim.what)}" if claim.what else ""
        cells = [claim.doc, _value(claim), f"{claim.kind} {claim.outcome}{what}", _text(claim.claimant),
                 _text(claim.affected), _text(claim.actor), _text(claim.date), claim.place_labels(), claim.quote]
        table.add_row(*([str(claim_id)] if with_ids else []), *cells)
    return table


@app.command()
def summary(db: DbOption = DEFAULT_DB) -> None:
    """Count the ledger's documents and claims, by kind, claimant and document."""
    with user_errors(), existing_ledger(db) as ledger:
        totals = ledger.summary()
    print_summary(totals, db)


def print_summary(totals: LedgerSummary, db: str) -> None:
    console = stdout()
    console.print(f"{db}: {totals.documents} documents, {totals.claims} claims", markup=False, highlight=False,
                  soft_wrap=True)
    for title, counts in (("claims per kind", totals.by_kind), ("claims per claimant", totals.by_claimant)):
        table = Table(title=title)
        table.add_column(title.removeprefix("claims per "))
        table.add_column("claims", justify="right")
        for name, count in counts.items():
            table.add_row(name or "(unattributed)", str(count))
        console.print(table)
    table = Table(title="claims per document")
    table.add_column("id", justify="right")
    table.add_column("document")
    table.add_column("claims", justify="right")
    for row in totals.by_document:
        table.add_row(str(row.document_id), row.file_name, str(row.claims))
    console.print(table)


@app.command("reextract")
def reextract_command(
    db: DbOption = DEFAULT_DB,
    force: Annotated[bool, typer.Option("--force", help="Re-extract every document, not only the stale ones.")] = False,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="Profile to extract with (default: each document's own).", show_default=False)] = None,
) -> None:
    """Re-extract the machine claims of documents stored by an older extractor (human claims are kept)."""
    with user_errors(), existing_ledger(db) as ledger:
        count = reextract(ledger, force=force, profile=profile)
    typer.echo(f"re-extracted {count} documents with extractor {EXTRACTOR_VERSION} (ledger: {db})")


# --------------------------------------------------------------------------- web


def _serve(db: str, host: str, port: int, private: bool, workers: int = 1) -> None:
    # Imported here: the web stack (FastAPI, uvicorn) would slow every other command's start.
    from claimledger.web.app import serve as serve_web

    if private:
        with Ledger(db) as ledger:
            if not any(user.active for user in Accounts(ledger).users()):
                stderr().print(f"warning: {db} is served private and has no active user, so nobody can log in; add "
                               f"one with `claimledger user add NAME --role admin --db {db}`", markup=False,
                               highlight=False, soft_wrap=True)
    typer.echo(f"serving {db} on http://{host}:{port}{' to users who log in' if private else ''} (Ctrl+C to stop)",
               err=True)
    serve_web(db, host, port, private=private, workers=workers)


@app.command()
def serve(db: DbOption = DEFAULT_DB, host: HostOption = DEFAULT_HOST, port: PortOption = DEFAULT_PORT,
          private: PrivateOption = False,
          workers: Annotated[int, typer.Option(
              "--workers", min=1, max=64,
              help="Processes that answer requests (one per core for many readers at once).")] = 1) -> None:
    """Serve the ledger as a web site: documents with their claims highlighted, to read; log in to do more."""
    with user_errors():
        existing_ledger(db).close()  # opened once so a bad file fails here, not on the first request
        _serve(db, host, port, private, workers)


@app.command()
def demo(
    db: DbOption = DEFAULT_DEMO_DB,
    host: HostOption = DEFAULT_HOST,
    port: PortOption = DEFAULT_PORT,
    private: PrivateOption = False,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build the demo ledger but do not serve it.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace the ledger at --db even when it holds documents other than the samples.")] = False,
) -> None:
    """Build a fresh ledger from the bundled sample statements, summarise it and serve it."""
    with user_errors(), _progress_bar() as show:
        report, totals = build_demo_ledger(db, replace=replace, progress=show)
    typer.echo(_batch_line(report, db))
    print_summary(totals, db)
    if report.exit_status:
        raise typer.Exit(report.exit_status)
    if not no_serve:
        with user_errors():
            _serve(db, host, port, private)


@app.command()
def profiles() -> None:
    """List the conflict profiles shipped with claimledger."""
    table = Table(title="conflict profiles (use with --profile)")
    table.add_column("id")
    table.add_column("title")
    table.add_column("sides")
    with user_errors():
        for profile_id in available_profiles():
            profile = load_profile(profile_id)
            table.add_row(profile.id, profile.title, ", ".join(side.name for side in profile.sides))
    stdout().print(table)


# --------------------------------------------------------------------------- users


# --------------------------------------------------------------------------- review


ClaimIdArgument = Annotated[int, typer.Argument(metavar="CLAIM", help="The claim's id (`claimledger claims` lists "
                                                                      "them).", show_default=False)]
ReviewerOption = Annotated[str, typer.Option("--user", help="The reviewer: a user of role analyst or admin "
                                                            "(`claimledger user add`).", show_default=False)]
NoteOption = Annotated[str, typer.Option("--note", help="Why: what the reviewer read or checked.")]


@contextmanager
def _reviews(db: str, reviewer: str) -> Iterator[tuple[Reviews, StoredUser]]:
    with user_errors(), existing_ledger(db) as ledger:
        yield Reviews(ledger, ledger_gazetteer(ledger)), Accounts(ledger).user(reviewer)


@app.command()
def review(
    claim_id: ClaimIdArgument,
    status: Annotated[str, typer.Option("--status", help=f"One of {', '.join(REVIEW_STATUSES)}.", show_default=False)],
    reviewer: ReviewerOption,
    db: DbOption = DEFAULT_DB,
    note: NoteOption = "",
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", help="A link to what shows it (https://...); give it again for more.", show_default=False)] = None,
) -> None:
    """Give a claim a review status, with a note and evidence links; it is kept after re-extraction."""
    with _reviews(db, reviewer) as (reviews, user):
        done = reviews.review(claim_id, user, status, note=note, evidence=evidence or [])
    typer.echo(f"claim #{claim_id} is {done.status} (review #{done.id} by {done.user_name})")


@app.command()
def correct(
    claim_id: ClaimIdArgument,
    values: Annotated[list[str], typer.Option(
        "--set", metavar="FIELD=VALUE", help=f"A field's right value ({', '.join(CORRECTABLE_FIELDS)}; lists as "
                                             f"'a; b', an empty value for none); give it again for more.",
        show_default=False)],
    reviewer: ReviewerOption,
    db: DbOption = DEFAULT_DB,
    note: NoteOption = "",
) -> None:
    """Correct fields of a claim; the corrections are kept after re-extraction and written in the audit trail."""
    typed: dict[str, str] = {}
    for given in values:
        name, sign, value = given.partition("=")
        if not sign:
            raise typer.BadParameter(f"{given!r} is not FIELD=VALUE (for example claimant=Armenia)", param_hint="--set")
        typed[name.strip()] = value
    with _reviews(db, reviewer) as (reviews, user):
        corrected = reviews.correct(claim_id, user, typed, note=note)
    stdout().print(_claims_table([(corrected.id, corrected.claim)], title=f"claim #{claim_id} corrected in {db}"))


class AuditFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def audit(
    db: DbOption = DEFAULT_DB,
    claim_id: Annotated[int | None, typer.Option("--claim", help="Only the changes to this claim (across "
                                                                 "re-extractions).", show_default=False)] = None,
    output_format: Annotated[AuditFormat, typer.Option("--format", help="table, jsonl or csv.")] = AuditFormat.table,
) -> None:
    """The audit trail: every review, correction and added claim, who made it and when, before and after."""
    with user_errors(), existing_ledger(db) as ledger:
        entries = ledger.audit_trail(claim_id)
    with piped_stdout():
        if output_format is AuditFormat.jsonl:
            sys.stdout.writelines(strict_json(entry.to_record()) + "\n" for entry in entries)
        elif output_format is AuditFormat.csv:
            write_csv(sys.stdout, audit_rows(entries), AUDIT_COLUMNS)
        else:
            table = Table(title=f"{len(entries)} changes in {db}")
            for column in ("at", "user", "action", "claim", "field", "before", "after", "note"):
                table.add_column(column, overflow="fold")
            for entry in entries:
                table.add_row(utc_minute(entry.at), Text(entry.user_name or ""), entry.action,
                              str(entry.claim_id or ""), entry.field or "", Text(strict_json(entry.before)),
                              Text(strict_json(entry.after)), Text(entry.note))
            stdout().print(table)


user_app = typer.Typer(no_args_is_help=True, help="The users of the web app, their roles and API tokens.")
app.add_typer(user_app, name="user")

UserNameArgument = Annotated[str, typer.Argument(metavar="NAME", help="The user's name.", show_default=False)]


@contextmanager
def _accounts(db: str) -> Iterator[Accounts]:
    with user_errors(), existing_ledger(db) as ledger:
        yield Accounts(ledger)


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line, as `echo "$PASSWORD" | claimledger user add ...` writes it: the line end is not part of it.
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def user_add(
    name: UserNameArgument,
    role: Annotated[Role, typer.Option("--role", help="viewer: reads; analyst: also reviews claims; admin: also "
                                                      "manages users.", show_default=False)],
    db: DbOption = DEFAULT_DB,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input (for scripts), instead "
                                 "of asking for it twice.")] = False,
) -> None:
    """Add a user of the web app; their password is asked for, hidden, twice (at least 12 characters)."""
    with _accounts(db) as accounts:
        accounts.check_new_name(name)  # before the password is typed for nothing
        added = accounts.add_user(name, _new_password(password_stdin), role)
    typer.echo(f"added {added.name} ({added.role}) to {db}")


@user_app.command("list")
def user_list(db: DbOption = DEFAULT_DB) -> None:
    """List the users: name, role, whether they are active, when they were added and last logged in."""
    with _accounts(db) as accounts:
        users = accounts.users()
    table = Table(title=f"{len(users)} users in {db}")
    for column in ("name", "role", "active", "created", "last login"):
        table.add_column(column)
    for user in users:
        table.add_row(user.name, user.role, "yes" if user.active else "no (disabled)", utc_minute(user.created_at),
                      utc_minute(user.last_login_at) or "never")
    stdout().print(table)


@user_app.command("disable")
def user_disable(name: UserNameArgument, db: DbOption = DEFAULT_DB) -> None:
    """Disable a user: they can no longer log in, their sessions end and their API tokens are revoked, at once."""
    with _accounts(db) as accounts:
        disabled = accounts.disable_user(name)
    typer.echo(f"disabled {disabled.name} in {db}: their sessions are ended and their API tokens revoked")


@user_app.command("token")
def user_token(
    name: UserNameArgument,
    db: DbOption = DEFAULT_DB,
    label: Annotated[str | None, typer.Option("--label", help="What the token is for, to tell it from others.",
                                              show_default=False)] = None,
) -> None:
    """Make an API token for a user and print it, this once: scripts send it as `Authorization: Bearer TOKEN`."""
    with _accounts(db) as accounts:
        made = accounts.create_api_token(name, label)
    typer.echo(made.secret)
    typer.echo(f"API token #{made.token.id} of {made.token.user.name}: it is shown this once, so keep it now; revoke "
               f"it with `claimledger user revoke-token {made.token.id} --db {db}`", err=True)


@user_app.command("tokens")
def user_tokens(name: UserNameArgument, db: DbOption = DEFAULT_DB) -> None:
    """List a user's API tokens (never their secrets): number, label, when made, last used and revoked."""
    with _accounts(db) as accounts:
        tokens = accounts.api_tokens(name)
    table = Table(title=f"{len(tokens)} API tokens of {name} in {db}")
    for column in ("id", "label", "created", "last used", "revoked"):
        table.add_column(column, justify="right" if column == "id" else "left")
    for token in tokens:
        table.add_row(str(token.id), Text(token.label or ""), utc_minute(token.created_at),
                      utc_minute(token.last_used_at) or "never", utc_minute(token.revoked_at))
    stdout().print(table)


@user_app.command("revoke-token")
def user_revoke_token(
    token_id: Annotated[int, typer.Argument(metavar="ID", help="The token's number (`claimledger user tokens NAME`).",
                                            show_default=False)],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Revoke an API token: from now on it is refused."""
    with _accounts(db) as accounts:
        revoked = accounts.revoke_api_token(token_id)
    typer.echo(f"revoked API token #{revoked.id} of {revoked.user.name} in {db}")


# --------------------------------------------------------------------------- gazetteer


GEONAMES_SOURCE = "geonames-import"

gazetteer_app = typer.Typer(no_args_is_help=True,
                            help="Places with both sides' names: look a name up, import more places.")
gazetteer_import_app = typer.Typer(no_args_is_help=True, help="Import places into a ledger.")
app.add_typer(gazetteer_app, name="gazetteer")
gazetteer_app.add_typer(gazetteer_import_app, name="import")


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name in any spelling or script: Stepanakert, Xankəndi, "
                                             "Ստեփանակերտ, Степанакерт.", show_default=False)],
    db: Annotated[str | None, typer.Option("--db", help="Also search the places imported into this ledger.",
                                           show_default=False)] = None,
) -> None:
    """List every place a name can mean, with both sides' names; exits with 1 when there is none."""
    with user_errors():
        gazetteer = Gazetteer.bundled()
        if db is not None:
            with existing_ledger(db) as ledger:
                gazetteer = gazetteer.with_places(ledger.imported_places())
        found = gazetteer.matches(name)
    if not found:
        print_error(f"no place is named {name!r}, nor spelled close to it")
        raise typer.Exit(1)
    table = Table(title=Text(f"{len(found)} places named {name}"))
    for column in ("id", "place", "kind", "country", "in", "lat", "lon", "matched name"):
        table.add_column(column, justify="right" if column in ("lat", "lon") else "left", overflow="fold")
    for match in found:
        place, parent = match.place, gazetteer.parent(match.place)
        matched = f"{match.name.text} ({match.name.lang}{', close spelling' if match.fuzzy else ''})"
        # Text, not markup: a name may hold brackets.
        table.add_row(*(Text(cell) for cell in (place.id, place.display(), place.kind, place.country,
                                                 parent.display() if parent else "", f"{place.lat:.4f}",
                                                 f"{place.lon:.4f}", matched)))
    stdout().print(table)


@gazetteer_import_app.command("geonames")
def gazetteer_import_geonames(
    file: Annotated[Path, typer.Argument(help="A GeoNames dump: XX.txt or allCountries.txt, tab-separated, "
                                              "19 columns.", dir_okay=False, show_default=False)],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Import the places of a GeoNames dump into a ledger: populated places, ADM1 and ADM2 units, heights.

    Other features (rivers, roads, buildings...) are left out. A place already imported is
    replaced. Lines that cannot be read are reported and skipped; the exit status is their
    number (0 when every line was read).
    """
    failed = 0
    with user_errors():
        if not file.is_file():
            raise FileMissingError(file)
        console = stderr()
        progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                            console=console, transient=True, disable=not console.is_terminal)
        task = progress.add_task(file.name, total=file.stat().st_size)

        def report(error: GeoNamesLineError) -> None:
            nonlocal failed
            failed += 1
            print_error(str(error), progress.console)

        with progress, Ledger(db) as ledger:
            stored = ledger.import_places(
                read_geonames_dump(file, on_error=report,
                                   on_progress=lambda done: progress.update(task, completed=done)),
                GEONAMES_SOURCE)
    typer.echo(f"imported {stored} places from {file}, {failed} lines failed (ledger: {db})")
    if failed:
        raise typer.Exit(min(failed, 255))


# --------------------------------------------------------------------------- figures, anomalies, references


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", help="table (for reading) or json.")]

reference_app = typer.Typer(no_args_is_help=True,
                            help="Independent reference figures (visually confirmed losses, UN/NGO counts).")
app.add_typer(reference_app, name="reference")


@dataclass(frozen=True, slots=True)
class _LedgerFigures:
    """What reconciliation reads from a ledger: the claims, where undated figures stand, the references."""

    claims: list[StoredClaim]
    days: DocumentDays
    references: list[ReferenceCount]


def _ledger_figures(db: str, kind: str | None = None, claimant: str | None = None) -> _LedgerFigures:
    with user_errors(), existing_ledger(db) as ledger:
        return _LedgerFigures(claims=ledger.claims(kind=kind, claimant=claimant),
                              days=document_days(ledger.documents()),
                              references=[stored.reference for stored in ledger.references()])


def _print_json(data: object) -> None:
    with piped_stdout():
        # default=str: dates as ISO text.
        sys.stdout.write(strict_json(data, indent=2, default=str) + "\n")


def _figure_value(point: FigurePoint) -> str:
    figure = f"{point.value:,}"
    return figure if point.qualifier in ("exact", "enumerated") else f"{point.qualifier.replace('_', ' ')} {figure}"


def _when(point: FigurePoint) -> str:
    if point.day is None:
        return "undated"
    return point.date if point.day_basis == STATED else f"{point.day} ({point.day_basis})"


def _running(point: FigurePoint) -> str:
    return {True: "running total", False: "event", None: ""}[point.cumulative]


@app.command()
def figures(
    db: DbOption = DEFAULT_DB,
    kind: KindOption = None,
    claimant: ClaimantOption = None,
    output_format: ReportFormatOption = ReportFormat.table,
) -> None:
    """List the series of figures: each claimant's figure for each metric over time (undated points last)."""
    view = _ledger_figures(db, kind, claimant)
    found = figure_series(view.claims, view.days)
    if output_format is ReportFormat.json:
        _print_json([asdict(figure) for figure in found])
        return
    table = Table(title=f"{len(found)} series in {db}")
    for column in ("id", "series", "points", "first", "last"):
        table.add_column(column, overflow="fold")
    for figure in found:
        first, last = figure.points[0], figure.points[-1]
        table.add_row(figure.id, Text(figure.label), str(len(figure.points)),
                      f"{_figure_value(first)}, {_when(first)}", f"{_figure_value(last)}, {_when(last)}")
    stdout().print(table)


@app.command()
def figure(
    figure_id: Annotated[str, typer.Argument(metavar="ID", help="A series id from `claimledger figures`.",
                                             show_default=False)],
    db: DbOption = DEFAULT_DB,
    output_format: ReportFormatOption = ReportFormat.table,
) -> None:
    """Show one series: every point with its date, quote and document."""
    view = _ledger_figures(db)
    found = find_figure(view.claims, figure_id, view.days)
    if found is None:
        print_error(f"no series {figure_id!r} in {db}; `claimledger figures` lists them")
        raise typer.Exit(1)
    if output_format is ReportFormat.json:
        _print_json(asdict(found))
        return
    table = Table(title=Text(f"{found.label} [{found.id}]"))
    for column in ("claim", "date", "value", "", "change", "document", "quote"):
        table.add_column(column, justify="right" if column in ("claim", "value", "change") else "left",
                         overflow="fold")
    previous_total: FigurePoint | None = None
    for point in found.points:
        change = ""
        if point.cumulative and point.day is not None:
            # How the running total moved since the one before it: "+70", or "-10" for a revision down.
            if previous_total is not None:
                change = f"{point.value - previous_total.value:+,}"
            previous_total = point
        table.add_row(str(point.claim_id), _when(point), _figure_value(point), _running(point), change,
                      Text(point.file_name), Text(point.quote))
    stdout().print(table)


@app.command()
def anomalies(db: DbOption = DEFAULT_DB, output_format: ReportFormatOption = ReportFormat.table) -> None:
    """List the figures that contradict each other or themselves (the rules: `claimledger.reconcile`)."""
    view = _ledger_figures(db)
    found = find_anomalies(view.claims, view.days)
    if output_format is ReportFormat.json:
        _print_json([asdict(anomaly) for anomaly in found])
        return
    table = Table(title=f"{len(found)} anomalies in {db}")
    for column in ("type", "claims", "reason"):
        table.add_column(column, overflow="fold")
    for anomaly in found:
        table.add_row(anomaly.type, ", ".join(map(str, anomaly.claim_ids)), Text(anomaly.reason))
    stdout().print(table)


@app.command("compare")
def compare_command(
    metric: Annotated[str | None, typer.Option("--metric", help="A series id from `claimledger figures`: compare "
                                                               "every claimant's figures of what it counts.",
                                               show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"One of: {', '.join(KINDS)}.", show_default=False)] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help="killed, destroyed, lost...",
                                                show_default=False)] = None,
    what: Annotated[list[str] | None, typer.Option("--what", help="What is counted; repeat for several (tank, "
                                                                  "armored_vehicle).", show_default=False)] = None,
    affected: Annotated[str | None, typer.Option("--affected", help="Whose losses.", show_default=False)] = None,
    model: Annotated[str | None, typer.Option("--model", help="A weapon model the figures name (S-300).",
                                              show_default=False)] = None,
    db: DbOption = DEFAULT_DB,
    output_format: ReportFormatOption = ReportFormat.table,
) -> None:
    """Put every claimant's figures of one metric side by side, with the references and low / best / high.

    Name the metric by a series (--metric ID) or by --kind, --outcome, --what and --affected.
    """
    view = _ledger_figures(db)
    if metric is not None:
        series = find_figure(view.claims, metric, view.days)
        if series is None:
            raise typer.BadParameter(f"no series {metric!r} in {db}; `claimledger figures` lists them",
                                     param_hint="--metric")
        kind, outcome, what = series.key.metric.kind, series.key.metric.outcome, list(series.key.metric.what)
        affected, model = series.key.metric.affected, series.key.metric.model
    if kind is None or outcome is None or affected is None:
        raise typer.BadParameter("give --metric, or --kind, --outcome, --what and --affected", param_hint="--metric")
    if kind not in KINDS:
        raise typer.BadParameter(f"{kind!r} is not a kind; give one of {', '.join(KINDS)}", param_hint="--kind")
    result = compare(view.claims, kind, outcome, what or [], affected, view.references, days=view.days, model=model)
    if not result.lines and not result.references:
        print_error(f"no figures of {result.metric.label()} in {db}; `claimledger figures` lists the series there "
                    f"are, with their kind, outcome, what and affected side")
        raise typer.Exit(1)
    if output_format is ReportFormat.json:
        _print_json(asdict(result))
        return
    console = stdout()
    table = Table(title=Text(f"{result.metric.label()}: who says what"))
    for column in ("date", "claimant", "value", "", "claim", "document", "quote"):
        table.add_column(column, justify="right" if column in ("value", "claim") else "left", overflow="fold")
    rows = [(point.day, _when(point), line.claimant or "(unattributed)", _figure_value(point),
             _running(point), str(point.claim_id), point.file_name, point.quote)
            for line in result.lines for point in line.points]
    rows += [(reference.day, reference.date, f"reference: {reference.source}", f"{reference.value:,}", "confirmed",
              "", reference.url or "", reference.note or "") for reference in result.references]
    for _, *cells in sorted(rows, key=lambda row: (row[0] is None, row[0] or date.min)):
        table.add_row(*(Text(cell) for cell in cells))
    console.print(table)
    ranges = Table(title="low / best / high per day (latest running total of each party on or before the day)")
    for column in ("day", "low", "best", "high", "best from"):
        ranges.add_column(column, justify="left" if column in ("day", "best from") else "right")
    for day_range in result.ranges:
        ranges.add_row(day_range.day.isoformat(), f"{day_range.low:,}", f"{day_range.best:,}", f"{day_range.high:,}",
                       Text(day_range.best_from))
    console.print(ranges)


@reference_app.command("import")
def reference_import(
    file: Annotated[Path, typer.Argument(help="A CSV with the columns " + ",".join(REFERENCE_COLUMNS) + "; what may "
                                              "list several separated by ';'.", dir_okay=False, show_default=False)],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Import independent reference figures from a CSV. Bad rows are reported and skipped; the exit status is
    their number (0 when every row was read)."""
    failed = 0

    def report(error: ReferenceRowError) -> None:
        nonlocal failed
        failed += 1
        print_error(str(error))

    with user_errors():
        found = read_reference_csv(file, on_error=report)
        with Ledger(db) as ledger:
            stored = ledger.import_references(found)
    typer.echo(f"imported {stored} reference figures from {file}, {failed} rows failed (ledger: {db})")
    if failed:
        raise typer.Exit(min(failed, 255))


@app.command()
def bias(db: DbOption = DEFAULT_DB, output_format: ReportFormatOption = ReportFormat.table) -> None:
    """Claimed ÷ independently confirmed, per metric and claimant, and each claimant's median for its own
    losses and for the other side's."""
    view = _ledger_figures(db)
    found_ratios = ratios(view.claims, view.references, view.days)
    estimates = reporting_bias(view.claims, view.references, view.days)
    if output_format is ReportFormat.json:
        _print_json({"ratios": [asdict(ratio) for ratio in found_ratios],
                     "bias": [asdict(estimate) for estimate in estimates]})
        return
    console = stdout()
    table = Table(title="claimed ÷ confirmed")
    for column in ("claimant", "metric", "claimed", "claim date", "confirmed", "source", "reference date", "ratio"):
        table.add_column(column, justify="right" if column in ("claimed", "confirmed", "ratio") else "left",
                         overflow="fold")
    for ratio in found_ratios:
        table.add_row(Text(ratio.claimant or "(unattributed)"), Text(ratio.metric.label()), f"{ratio.claimed:,}",
                      ratio.claimed_date, f"{ratio.reference.value:,}", Text(ratio.reference.source),
                      ratio.reference.date, f"{ratio.ratio:.2f}")
    console.print(table)
    summary_table = Table(title="reporting bias: median claimed ÷ confirmed (1 = as confirmed)")
    for column in ("claimant", "own losses", "metrics", "other side's losses", "metrics "):
        summary_table.add_column(column, justify="left" if column == "claimant" else "right")
    for estimate in estimates:
        summary_table.add_row(
            Text(estimate.claimant or "(unattributed)"),
            "" if estimate.own_losses_ratio is None else f"{estimate.own_losses_ratio:.2f}",
            str(estimate.own_losses_metrics),
            "" if estimate.other_losses_ratio is None else f"{estimate.other_losses_ratio:.2f}",
            str(estimate.other_losses_metrics))
    console.print(summary_table)


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="The folder to write index.html and charts/ into; an earlier "
                                                    "report there is replaced, other files are left alone.",
                                      show_default=False)],
    db: DbOption = DEFAULT_DB,
    title: Annotated[str | None, typer.Option("--title", help="The report's title.", show_default=False)] = None,
) -> None:
    """Write an HTML report with charts: series over time, claimants side by side, claimed against confirmed,
    anomalies, allegations and the contested ones. The folder is self-contained: zip it and attach it."""
    # Imported here: matplotlib would slow every other command's start.
    from claimledger.report import DEFAULT_TITLE, write_report

    view = _ledger_figures(db)
    with user_errors(), existing_ledger(db) as ledger:
        allegations = ledger.allegations()
    with user_errors():
        written = write_report(out, view.claims, view.days, view.references, ledger_name=str(db),
                               title=title or DEFAULT_TITLE, allegations=allegations)
    typer.echo(f"wrote {written.index} with {len(written.charts)} charts")
