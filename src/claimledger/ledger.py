"""The ledger: an SQLite file, or a PostgreSQL database, of documents and the claims found in them.

The file is meant to be opened as is in Datasette, `sqlite3` or pandas, so every column has a
plain type: dates and times are ISO 8601 TEXT, lists are JSON arrays in TEXT, booleans are 0/1.
The schema is created and upgraded only by the Alembic migrations shipped in
`claimledger/migrations`, run whenever a ledger is opened; `alembic_version` holds the revision.
A PostgreSQL ledger has the same tables and columns (what each backend writes differently, in SQL, is in
`claimledger.dialects`).

documents     one row per distinct text (by content hash), however many files carried it
    id                  INTEGER primary key
    content_hash        TEXT UNIQUE, SHA-256 of the UTF-8 text
    file_name           TEXT, base name of the file it was first ingested from
    title, publisher    TEXT or NULL, as the file gives them
    published           TEXT YYYY-MM-DD or NULL
    language            TEXT ISO 639-1 code or NULL
    media_type          TEXT (text/plain, text/html, application/pdf)
    profile             TEXT, id of the conflict profile the claims were extracted with
    text                TEXT, the exact text claim spans index into
    char_count          INTEGER, length of text in characters
    extractor_version   TEXT, version of the extractor that made its machine claims
    ingested_at         TEXT, UTC timestamp
    reference_day       TEXT YYYY-MM-DD or NULL: the day its figures stated without a date stand at
    reference_day_source TEXT or NULL: how that day was found, 'published' (the publication date) or
                        'latest_mentioned' (the latest date the text mentions up to ingestion); both are
                        found from the text when the document is stored or re-extracted

sources       every path a document was ingested from (one row per distinct path)
    id, document_id (-> documents, ON DELETE CASCADE), path TEXT (absolute), file_name TEXT,
    seen_at TEXT (UTC timestamp of the latest ingestion from that path); a path that is not UTF-8 is stored
    with each such byte as \\xNN in path and file_name, and as its own bytes in path_bytes BLOB (NULL otherwise)

claims        one row per claim, in the fields of the claims interchange format (SCHEMA.md)
    id, document_id (-> documents, ON DELETE CASCADE)
    span_start, span_end INTEGER, half-open character range into documents.text
    quote TEXT, value REAL (NULL for vague amounts: "hundreds of"), qualifier TEXT, unit TEXT
    kind TEXT, outcome TEXT, what TEXT (JSON array)
    affected, actor, claimant, speaker TEXT or NULL (claimant compares case-insensitively)
    date TEXT: YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD or NULL
    date_start, date_end TEXT YYYY-MM-DD: the two ends of `date`, for range queries
    cumulative BOOLEAN or NULL (a running total), places TEXT (JSON array)
    date_precision TEXT: 'day', 'range' (of days) or 'month' 
    model TEXT or NULL: the weapon model the quote names ('S-300', 'T-72'), which keys series apart
    origin TEXT: 'machine' (made by the extractor) or 'human' (made by a reviewer)
    extractor_version TEXT, created_at TEXT (UTC timestamp)
    indexes on kind, claimant, date_start, document_id

claim_places  the places of each claim, one row each, for indexed place queries
    claim_id (-> claims, ON DELETE CASCADE), place TEXT as the claim names it (compares case-insensitively)
    place_id TEXT: the gazetteer place it resolved to ('wof:421193975'), NULL when unresolved
    display TEXT: both sides' names ("Khankendi / Stepanakert"), kind TEXT, lat, lon REAL
    precision INTEGER: 1 the settlement itself, 2 part of or near a named place, 3 only a district,
        region or country (as in ACLED)
    span_start, span_end INTEGER: where documents.text names the place, half-open, the name as written
        ("northern Gaza Strip"; for the place of a story, where its headline or lead names it); NULL for
        places stored before the ledger kept them (`claimledger reextract --force` records them) or a
        reviewer's claim

allegations   one row per allegation or denial (SCHEMA.md, "kind": "allegation"), replaced with its document's
              machine claims on re-extraction
    id, document_id (-> documents, ON DELETE CASCADE), span_start, span_end INTEGER, quote TEXT
    stance TEXT ('asserts' or 'denies'), subject TEXT (SCHEMA.md's vocabulary), actor, claimant TEXT or NULL
    (compare case-insensitively), speaker TEXT or NULL, date TEXT or NULL, places TEXT (JSON array)
    extractor_version TEXT, created_at TEXT (UTC timestamp); indexes on document_id and (subject, actor)
    disputed_spans TEXT: a denial's JSON array of the [start, end] spans of the claims of its document it calls
    false ("Kyiv's figure of 26,000 ... is fabricated"), those claims stored as their original claimant's

gazetteer_places  places imported into this ledger (`claimledger gazetteer import`), beside the
              gazetteer shipped with claimledger, which is not copied here
    id TEXT primary key ('gn:146970' for a GeoNames import), name TEXT (English display name),
    kind TEXT (country, region, district, city, town, village, neighbourhood, height),
    country TEXT (ISO 3166 alpha-2), lat, lon REAL, parent_id TEXT or NULL (the id of the place it
    lies in, here or in the shipped gazetteer), population INTEGER, wikidata TEXT, geonames_id INTEGER,
    source TEXT (where it was imported from: 'geonames-import', ...)
    index on geonames_id

gazetteer_names   every name of an imported place
    place_id (-> gazetteer_places, ON DELETE CASCADE), position INTEGER (order of the names), name TEXT,
    lang TEXT ('az', 'hy', 'en', 'ru' or 'und'), side TEXT or NULL ('az' or 'hy': the English name that
    side of the war uses), normalized TEXT (`claimledger.gazetteer.normalize_name(name)`)
    index on normalized: `SELECT place_id FROM gazetteer_names WHERE normalized = 'stepanakert'`

reference_counts  independent figures to hold claims against (visually confirmed losses, UN or NGO tallies),
              imported with `claimledger reference import FILE.csv`
    id, source TEXT (who counted: 'Oryx'), kind, outcome TEXT, what TEXT (JSON array),
    affected TEXT (whose losses; compares case-insensitively), date TEXT (YYYY-MM-DD or a range),
    date_start, date_end TEXT YYYY-MM-DD, value REAL, url, note TEXT or NULL, imported_at TEXT (UTC timestamp)
    unique on (source, kind, outcome, what, affected, date): a re-import replaces the figure

users         the accounts of the web app (`claimledger user add`; the rules are in `claimledger.accounts`)
    id, name TEXT UNIQUE (compares case-insensitively), role TEXT ('viewer', 'analyst' or 'admin'),
    password_hash TEXT (argon2, in its PHC string form: never the password), active BOOLEAN (0: disabled, which ends
    their sessions and revokes their tokens), created_at, last_login_at TEXT or NULL (UTC timestamps)

sessions      one row per logged-in browser; deleted at log-out, when it expires, or when its user is disabled
    id, user_id (-> users, ON DELETE CASCADE), token_hash TEXT UNIQUE (SHA-256 hex of the cookie's secret, which is
    not stored), created_at, last_seen_at TEXT (UTC timestamps: a session expires by age and by idleness)

api_tokens    the tokens scripts send as `Authorization: Bearer ...` (`claimledger user token`)
    id, user_id (-> users, ON DELETE CASCADE), token_hash TEXT UNIQUE (SHA-256 hex of the token, which is not
    stored), label TEXT or NULL, created_at, last_used_at, revoked_at TEXT or NULL (UTC timestamps)

login_failures  the failed log-ins of the last minutes, which the log-in rate limit counts
    id, username TEXT (as typed, lowercased), client TEXT (the address it came from), failed_at TEXT (UTC timestamp)
    indexes on (username, failed_at) and (client, failed_at)

For example, the claims about Ganja, with the file they come from:

    SELECT d.file_name, c.value, c.kind, c.outcome, c.claimant, c.date, c.quote
    FROM claims c JOIN documents d ON d.id = c.document_id
    JOIN claim_places p ON p.claim_id = c.id WHERE p.place = 'Ganja';

The `Ledger` class is the only code that touches the database: it hands out frozen
dataclasses (`StoredDocument`, `StoredClaim`, ...), never ORM objects.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import (URL, Boolean, ColumnElement, Connection, Float, ForeignKey, Integer, LargeBinary, Select,
                        Text, and_, create_engine, delete, event, exc, exists, false, func, insert, literal_column, or_,
                        select, table, tuple_, type_coerce, update)
from sqlalchemy import column as sql_column
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool, QueuePool
from sqlalchemy.types import TypeDecorator

from claimledger import EXTRACTOR_VERSION
from claimledger.dialects import POSTGRESQL, SQLITE, holds_words, search_words, upsert
from claimledger.errors import DocumentStoreError, LedgerError, UserExistsError
from claimledger.gazetteer import GazetteerPlace, PlaceName, normalize_name
from claimledger.models import Allegation, Claim, Document, Location, ReferenceDay

MACHINE = "machine"
HUMAN = "human"
# A claim's review status, from none to the reviewer's verdicts (claimledger.review).
UNREVIEWED = "unreviewed"
REVIEW_STATUSES = (UNREVIEWED, "corroborated", "disputed", "refuted")
# Connections of a read-only ledger kept open, and how many more it opens under load (the web app's requests run in
# a pool of 40 threads).
READ_POOL_SIZE = 8
READ_POOL_OVERFLOW = 48
# Seconds a writer waits for another process's write to finish before trying again, and how many times it tries.
BUSY_TIMEOUT = 30.0
WRITE_ATTEMPTS = 4
# Seconds to wait for a PostgreSQL server to answer a connection, and the key of the lock its writers take in turn
# (an advisory lock: claimledger's own, of no table).
CONNECT_TIMEOUT = 10
WRITE_LOCK = 0x636C61696D  # "claim"
# Imported places are written this many at a time: a country dump is tens of thousands.
PLACE_BATCH = 1000


# --------------------------------------------------------------------------- plain data out


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    content_hash: str
    file_name: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    language: str | None
    media_type: str
    profile: str
    text: str
    char_count: int
    extractor_version: str
    ingested_at: dt.datetime
    claim_count: int
    reference_day: ReferenceDay | None  # where its undated figures stand, as extraction found it


@dataclass(frozen=True, slots=True)
class StoredSource:
    """A path a document was ingested from, and when last."""

    path: str  # absolute; a byte that is not UTF-8 written as \xNN
    file_name: str
    seen_at: dt.datetime
    path_bytes: bytes | None  # the path's own bytes, where they are not UTF-8 (None otherwise)

    @property
    def os_path(self) -> str | bytes:
        """The path to open the file by: its own bytes where they are not UTF-8."""
        return self.path_bytes if self.path_bytes is not None else self.path


@dataclass(frozen=True, slots=True)
class StoredAllegation:
    """An allegation or denial as stored: its row id, and its document's id, file name and publication date."""

    id: int
    document_id: int
    file_name: str
    published: dt.date | None
    allegation: Allegation

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, **self.allegation.to_record(),
                "published": self.published.isoformat() if self.published else None}


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim as stored: its row id, its document, and who made it ('machine' or 'human')."""

    id: int
    document_id: int
    file_name: str
    claim: Claim
    origin: str = MACHINE
    review_status: str = UNREVIEWED

    def to_record(self) -> dict[str, Any]:
        """The interchange format's fields, the claim's id, and what the ledger adds: date precision, locations,
        who made it and its review status."""
        return {"id": self.id, **self.claim.to_record(), "date_precision": self.claim.date_precision,
                "locations": [location.to_record() for location in self.claim.locations], "origin": self.origin,
                "review_status": self.review_status}


@dataclass(frozen=True, slots=True)
class LocatedPlace:
    """A gazetteer place claims were located at (Ledger.located_places): the first of them in ledger order names
    it (`text` as the claim writes it, `display` every side's name), how many claims of each kind are located there,
    and their finest precision."""

    place_id: str
    text: str
    display: str | None
    lat: float
    lon: float
    precision: int | None
    by_kind: dict[str, int]


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """A search of the claims: words (full text: the quote, what is counted, the parties, the places under every
    name the gazetteer gives them, the document's title), filters (each compared case-insensitively where it is
    a name), an order and a page.

    `sort`: "ledger" (documents in the order stored, claims in text order), "date" (the claim's first day, undated
    last) or "value" (largest first). `after` is the cursor of the page before (ClaimPage.next_after): pages are
    read by keyset, so a page far down a million claims costs what the first one does."""

    text: str | None = None
    kind: str | None = None
    outcome: str | None = None
    what: str | None = None
    claimant: str | None = None
    affected: str | None = None
    actor: str | None = None
    place: str | None = None
    place_ids: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    review_status: str | None = None
    document_id: int | None = None
    origin: str | None = None
    sort: str = "ledger"
    after: str | None = None
    limit: int = 50


CLAIM_SORTS = ("ledger", "date", "value")
# The fields a search of the claims counts its results by (Ledger.claim_facets).
CLAIM_FACETS = ("kind", "outcome", "claimant", "affected", "actor", "review_status", "document")


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """A page of a search: its claims, how many claims the whole search finds, and the cursor of the next page
    (None on the last). A search of more claims than are counted (COUNTED_AT_ONCE at first, COUNTED_AT_MOST once
    counted on in the background) is counted that far (`total_exact` False): the count of a search of a million
    claims would cost more than its page."""

    claims: list[StoredClaim]
    total: int
    next_after: str | None
    total_exact: bool = True


# How far a search's claims are counted, as search engines do ("more than 10,000 results"): to COUNTED_AT_ONCE while
# its page waits, then, once it is asked for again, on to COUNTED_AT_MOST in the background (see Ledger._total).
COUNTED_AT_ONCE = 1_000
COUNTED_AT_MOST = 10_000
# How many searches' totals and facets a ledger keeps until its claims change.
REMEMBERED_COUNTS = 512
# How many pages of searches a ledger keeps until its claims change, of at most how many claims each: the pages that
# many readers open (a list's first page, the links of the home page) are read once a change.
REMEMBERED_PAGES = 256
REMEMBERED_PAGE_LIMIT = 100
# How far a table's rows may have grown or shrunk since its planner's statistics were gathered before they are
# gathered again (see _gather_statistics).
STATISTICS_DRIFT = 0.1
# How many searches' facets may wait to be counted in the background at once.
COUNTED_IN_BACKGROUND = 16


@dataclass(frozen=True, slots=True)
class StoredReview:
    """A reviewer's verdict on a claim: its status, why (the note) and the evidence links, by whom and when."""

    id: int
    status: str
    note: str
    evidence: tuple[str, ...]
    user_name: str | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change to a claim: who made it and when, what (a review, a correction of a field, a claim added), the
    value before and after (as JSON values), and the note. `claim_id` is the row the change was made to, which a
    later re-extraction replaces; `document_id` and `span` say which claim it is for good."""

    id: int
    at: dt.datetime
    user_name: str | None
    action: str
    document_id: int
    span: tuple[int, int]
    claim_id: int | None
    field: str | None
    before: Any
    after: Any
    note: str

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "user": self.user_name, "action": self.action,
                "document_id": self.document_id, "span": list(self.span), "claim_id": self.claim_id,
                "field": self.field, "before": self.before, "after": self.after, "note": self.note}


@dataclass(frozen=True, slots=True)
class ReferenceCount:
    """An independent figure for one metric: e.g. Oryx's visually confirmed Armenian tank losses by a date."""

    source: str
    kind: str
    outcome: str
    what: tuple[str, ...]
    affected: str
    date: str  # YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD
    value: float
    url: str | None = None
    note: str | None = None

    @property
    def day(self) -> dt.date:
        """The day the figure stands at: the end of its date range."""
        return date_bounds(self.date)[1]


@dataclass(frozen=True, slots=True)
class StoredReference:
    id: int
    reference: ReferenceCount
    imported_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoreResult:
    document_id: int
    created: bool  # False: the same text was already in the ledger, nothing new was stored
    claims_stored: int


@dataclass(frozen=True, slots=True)
class DocumentClaimCount:
    document_id: int
    file_name: str
    claims: int


@dataclass(frozen=True, slots=True)
class LedgerSummary:
    documents: int
    claims: int
    by_kind: dict[str, int]
    by_claimant: dict[str | None, int]  # None: claims with no claimant
    by_document: list[DocumentClaimCount]


@dataclass(frozen=True, slots=True)
class StoredUser:
    """An account of the web app. Its password is known only by its hash."""

    id: int
    name: str
    role: str  # 'viewer', 'analyst' or 'admin' (claimledger.accounts.Role)
    active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    password_hash: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A logged-in browser's session: whose, and since when it was made and last used."""

    id: int
    user: StoredUser
    created_at: dt.datetime
    last_seen_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredApiToken:
    """An API token, without its secret: whose, what it is for, when it was made, last used and revoked."""

    id: int
    user: StoredUser
    label: str | None
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """Whether a log-in may be checked, and the failures counted against it: those of its user name and those from
    its client since the start of the window, oldest first."""

    allowed: bool
    failures_by_username: tuple[dt.datetime, ...]
    failures_by_client: tuple[dt.datetime, ...]


# --------------------------------------------------------------------------- ORM (private)


class _JSONList(TypeDecorator[list[str]]):
    """A list of strings kept as a JSON array in a TEXT column, readable by any SQLite tool."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Any) -> str | None:
        return None if value is None else json.dumps(list(value), ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Any) -> list[str]:
        return json.loads(value) if value else []


class _Base(DeclarativeBase):
    pass


class _DocumentRow(_Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(Text, unique=True)
    file_name: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(Text)
    profile: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    char_count: Mapped[int] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[str] = mapped_column(Text)
    reference_day: Mapped[str | None] = mapped_column(Text)
    reference_day_source: Mapped[str | None] = mapped_column(Text)


class _SourceRow(_Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[str] = mapped_column(Text)
    path_bytes: Mapped[bytes | None] = mapped_column(LargeBinary)


class _ClaimRow(_Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    what: Mapped[list[str]] = mapped_column(_JSONList)
    affected: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(Text(collation="NOCASE"))
    speaker: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(Text)
    date_end: Mapped[str | None] = mapped_column(Text)
    cumulative: Mapped[bool | None] = mapped_column(Boolean(create_constraint=False))
    places: Mapped[list[str]] = mapped_column(_JSONList)
    date_precision: Mapped[str | None] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)
    review_status: Mapped[str] = mapped_column(Text, default=UNREVIEWED)


class _ReviewRow(_Base):
    __tablename__ = "claim_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(_JSONList)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(Text)


class _CorrectionRow(_Base):
    __tablename__ = "claim_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)  # JSON
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(Text)


class _AuditRow(_Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    user_name: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    note: Mapped[str] = mapped_column(Text)


class _AllegationRow(_Base):
    __tablename__ = "allegations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    stance: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text(collation="NOCASE"))
    claimant: Mapped[str | None] = mapped_column(Text(collation="NOCASE"))
    speaker: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    places: Mapped[list[str]] = mapped_column(_JSONList)
    extractor_version: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)
    disputed_spans: Mapped[str] = mapped_column(Text, server_default="[]")


class _ClaimPlaceRow(_Base):
    __tablename__ = "claim_places"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    place: Mapped[str] = mapped_column(Text(collation="NOCASE"), primary_key=True)
    place_id: Mapped[str | None] = mapped_column(Text)
    display: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class _GazetteerPlaceRow(_Base):
    __tablename__ = "gazetteer_places"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(Text)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    parent_id: Mapped[str | None] = mapped_column(Text)
    population: Mapped[int | None] = mapped_column(Integer)
    wikidata: Mapped[str | None] = mapped_column(Text)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)


class _GazetteerNameRow(_Base):
    __tablename__ = "gazetteer_names"

    place_id: Mapped[str] = mapped_column(ForeignKey("gazetteer_places.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(Text)
    side: Mapped[str | None] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)


class _ReferenceCountRow(_Base):
    __tablename__ = "reference_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    what: Mapped[list[str]] = mapped_column(_JSONList)
    affected: Mapped[str] = mapped_column(Text(collation="NOCASE"))
    date: Mapped[str] = mapped_column(Text)
    date_start: Mapped[str] = mapped_column(Text)
    date_end: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[str] = mapped_column(Text)


class _UserRow(_Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text(collation="NOCASE"), unique=True)
    role: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    created_at: Mapped[str] = mapped_column(Text)
    last_login_at: Mapped[str | None] = mapped_column(Text)


class _SessionRow(_Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[str] = mapped_column(Text)
    last_seen_at: Mapped[str] = mapped_column(Text)


class _ApiTokenRow(_Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(Text, unique=True)
    label: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(Text)
    last_used_at: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[str | None] = mapped_column(Text)


class _LoginFailureRow(_Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(Text)
    client: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[str] = mapped_column(Text)


# --------------------------------------------------------------------------- migrations


@contextmanager
def _alembic_config() -> Iterator[Config]:
    # as_file: the migrations must be real files for Alembic, even if the package is zipped.
    with resources.as_file(resources.files("claimledger") / "migrations") as folder:
        config = Config()
        # Config values go through ConfigParser interpolation, where "%" is special.
        config.set_main_option("script_location", str(folder).replace("%", "%%"))
        yield config


@lru_cache(maxsize=1)
def _head_revision() -> str | None:
    with _alembic_config() as config:
        return ScriptDirectory.from_config(config).get_current_head()


def storable_name(name: str) -> str:
    """A file name as the ledger stores it: one whose bytes are not UTF-8 (which the file system hands Python as
    surrogates, and SQLite cannot store) with each such byte written as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _utc_now() -> str:
    return _timestamp(dt.datetime.now(dt.UTC))


def _timestamp(at: dt.datetime) -> str:
    """A moment as the ledger stores it: UTC, to the second, in one form, so that timestamps compare as text."""
    return at.astimezone(dt.UTC).isoformat(timespec="seconds")


def _moment(stored: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(stored) if stored is not None else None


def _date_range(claim: Claim) -> tuple[str | None, str | None]:
    """The first and last day of a claim's date, checked; (None, None) when it has none."""
    if claim.date is None:
        return None, None
    ends = claim.date.split("/")
    try:
        # Length first: fromisoformat also takes "20201008", which the interchange format does not.
        if len(ends) > 2 or any(len(end) != 10 for end in ends):
            raise ValueError
        first, last = dt.date.fromisoformat(ends[0]), dt.date.fromisoformat(ends[-1])
        if last < first:
            raise ValueError
    except ValueError:
        raise ValueError(f"claim {claim.quote!r}: date {claim.date!r} is not YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD "
                         f"(first day first)") from None
    return first.isoformat(), last.isoformat()


def date_bounds(date: str) -> tuple[dt.date, dt.date]:
    """The first and last day of "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD"; ValueError when it is neither."""
    ends = date.split("/")
    try:
        if len(ends) > 2 or any(len(end) != 10 for end in ends):
            raise ValueError
        first, last = dt.date.fromisoformat(ends[0]), dt.date.fromisoformat(ends[-1])
        if last < first:
            raise ValueError
    except ValueError:
        raise ValueError(f"date {date!r} is not YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD (first day first)") from None
    return first, last


def _stored_value(value: float | None) -> int | float | None:
    # The column is REAL: give back 31, not 31.0, for a figure stated as a whole number.
    return int(value) if value is not None and float(value).is_integer() else value


def server_url(target: str | Path) -> URL | None:
    """The database server a ledger is named by (`postgresql://user@host:port/database`), or None for the path of an
    SQLite file. LedgerError for a URL of a database claimledger does not keep ledgers in."""
    if isinstance(target, Path) or not _URL_SCHEME.match(target):
        return None
    try:
        url = make_url(target)
    except exc.ArgumentError as err:
        raise LedgerError(f"{target}: not a database URL ({err}); give postgresql://USER@HOST:PORT/DATABASE or the "
                          f"path of an SQLite file") from None
    if url.get_backend_name() != POSTGRESQL:
        raise LedgerError(f"{url.render_as_string(hide_password=True)}: claimledger keeps ledgers in SQLite files and "
                          f"PostgreSQL databases; give postgresql://USER@HOST:PORT/DATABASE or the path of a file")
    return url


# A URL's scheme ("postgresql://", "postgresql+psycopg://"); a Windows drive ("C:\\") is not one.
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9_+.-]+://")


# The tables that make a database a claimledger ledger, whichever backend holds it.
_LEDGER_TABLES = {"alembic_version", "documents", "claims"}


def is_ledger(target: str | Path) -> bool:
    """Whether `target` is an SQLite file, or a PostgreSQL database, holding a claimledger ledger (read without
    changing it)."""
    url = server_url(target)
    if url is not None:
        engine = create_engine(_with_driver(url), poolclass=NullPool)
        try:
            with engine.connect() as connection:
                return _LEDGER_TABLES <= _tables(connection)
        except exc.DBAPIError:
            return False
        finally:
            engine.dispose()
    path = Path(target)
    if not path.is_file():
        return False
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False
    return _LEDGER_TABLES <= tables


# --------------------------------------------------------------------------- the ledger


class Ledger:
    """A ledger, created or upgraded to the current schema when opened: an SQLite file, or a PostgreSQL database
    named by its URL (`postgresql://user@host:port/database`, made beforehand and empty or a ledger), where several
    analysts' processes read and write at once.

    With `read_only`, the ledger is opened read-only (the web view): the database itself refuses every write; it must
    exist and be at the current schema, and it is never upgraded.
    """

    def __init__(self, target: str | Path, *, read_only: bool = False) -> None:
        self.read_only = read_only
        url = server_url(target)
        # Where the ledger is, as messages name it: the file, or the URL without its password.
        self.name = url.render_as_string(hide_password=True) if url is not None else str(target)
        # The file of an SQLite ledger; None for a server's.
        self.path: Path | None = None if url is not None else Path(target)
        # Its short name, for titles: the file's name ("claimledger.sqlite"), or the database's.
        self.label = self.path.name if self.path is not None else str(url.database if url is not None else "")
        self.dialect = POSTGRESQL if url is not None else SQLITE
        if url is not None:
            self._engine, self._write_engine = _server_engines(url, read_only)
        else:
            self._engine, self._write_engine = self._file_engines(Path(target), read_only)
        # Totals and facets of searches, by the search and the number of changes to the claims they were counted at.
        self._counted: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        # Pages of searches, by the search and the number of changes they were read at.
        self._pages: OrderedDict[tuple[Any, ...], ClaimPage] = OrderedDict()
        self._counted_lock = threading.Lock()
        self._counting: dict[tuple[Any, ...], Future[Any]] = {}
        self._background: ThreadPoolExecutor | None = None
        self._wrote = False
        try:
            self._check_revision() if read_only else self._migrate()
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _file_engines(path: Path, read_only: bool) -> tuple[Engine, Engine]:
        """The engines that read and write an SQLite file."""
        if path.is_dir():
            raise LedgerError(f"{path}: is a folder; give the path of a ledger file (e.g. {path / 'claimledger.sqlite'})")
        if read_only and not path.is_file():
            raise LedgerError(f"{path}: no such ledger; ingest some documents into it first")
        # URL.create, not an f-string: a file name may hold "?" or "#".
        url = URL.create(SQLITE, database=str(path))
        if read_only:
            # A URI, so that SQLite itself refuses every write: the name's "?", "#" and "%" escaped in it.
            uri = f"file:{quote(str(path.absolute()))}?mode=ro"
            # A pool of connections each lent to one thread at a time: for the "sqlite://" of a creator SQLAlchemy
            # would keep one connection per thread for at most five threads, and close one still in use by a sixth
            # (a crash of the web app's shared reader under 50 clients).
            reader = create_engine("sqlite://", creator=lambda: sqlite3.connect(
                uri, uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False), poolclass=QueuePool,
                pool_size=READ_POOL_SIZE, max_overflow=READ_POOL_OVERFLOW)
            event.listen(reader, "connect", _configure_reading)
            event.listen(reader, "begin", _begin)
            return reader, reader
        # Reads and writes go through engines of their own: a write transaction takes the write lock as it
        # begins, a read never does (see _begin_writing).
        reader = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
        writer = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
        for engine, begin in ((reader, _begin), (writer, _begin_writing)):
            event.listen(engine, "connect", _configure_connection)
            event.listen(engine, "begin", begin)
        return reader, writer

    def _check_revision(self) -> None:
        """A ledger opened read-only is read only at the current schema: an older one would need upgrading."""
        try:
            with self._engine.connect() as connection:
                tables = _tables(connection)
                if "alembic_version" not in tables:
                    raise LedgerError(f"{self.name}: not a claimledger ledger; give the path of one")
                current = MigrationContext.configure(connection).get_current_revision()
        except exc.DBAPIError as err:
            raise LedgerError(f"{self.name}: cannot read the ledger ({str(err.orig).strip()}); check that it is a "
                              f"claimledger ledger and that you may read it") from None
        if current == _head_revision():
            return
        with _alembic_config() as config:
            known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if current in known:
            raise LedgerError(f"{self.name}: written by an older claimledger (schema {current}), and opened "
                              f"read-only, so not upgraded; upgrade it with a command that writes to it, such as "
                              f"`claimledger summary --db {self.name}`")
        raise LedgerError(f"{self.name}: its schema ({current}) is of a newer claimledger: upgrade claimledger")

    def _migrate(self) -> None:
        try:
            # A write transaction from the start: two processes opening a new file at once migrate it one after
            # the other, and the second finds it at the head revision.
            with self._write_engine.begin() as connection:
                tables = _tables(connection)
                if tables and "alembic_version" not in tables:
                    raise LedgerError(
                        f"{self.name}: an {'SQLite' if self.dialect == SQLITE else 'PostgreSQL'} database, but not a "
                        f"claimledger ledger (it has tables {', '.join(sorted(tables))}); give "
                        f"{'a new file name' if self.dialect == SQLITE else 'an empty database'} to create a ledger")
                current = MigrationContext.configure(connection).get_current_revision()
                if current == _head_revision():
                    return
                with _alembic_config() as config:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
        except exc.DBAPIError as err:
            detail = str(err.orig)
            if "file is not a database" in detail:
                raise LedgerError(f"{self.name}: not an SQLite database; give the path of a claimledger ledger, "
                                  f"or a new file name to create one") from None
            if self.dialect == POSTGRESQL:
                # One line: the server's message may span several.
                raise LedgerError(f"{self.name}: cannot open the ledger ({' '.join(detail.split())}); check that "
                                  f"the PostgreSQL server runs, that the database exists (createdb) and that its user "
                                  f"may create tables in it") from None
            raise LedgerError(f"{self.name}: cannot open the ledger ({detail}); check that the folder exists "
                              f"and that you may write to it") from None
        except CommandError as err:
            raise LedgerError(f"{self.name}: its schema cannot be upgraded ({err}); it may have been written by a "
                              f"newer claimledger: upgrade claimledger") from None

    def close(self) -> None:
        if self._background is not None:
            self._background.shutdown(wait=True, cancel_futures=True)
        # PostgreSQL's autovacuum gathers its statistics itself.
        if self._wrote and self.dialect == SQLITE:
            try:
                with self._write_engine.connect() as connection:
                    _gather_statistics(connection)
                    connection.commit()
            except exc.DBAPIError:
                pass  # a ledger that cannot be written to now (locked, its disk full) keeps its older statistics
        self._engine.dispose()
        if self._write_engine is not self._engine:
            self._write_engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _writing(self, what: str) -> Iterator[Session]:
        """One transaction: all of it is stored, or on any error nothing, and DocumentStoreError says why."""
        if self.read_only:
            raise DocumentStoreError(f"{self.name}: cannot store {what}: the ledger is open read-only")
        try:
            with Session(self._write_engine) as session, session.begin():
                yield session
            self._wrote = True
        except (exc.SQLAlchemyError, ValueError) as err:
            # The first line: PostgreSQL's next ones repeat the whole row, the document's text and all.
            detail = (str(err.orig) if isinstance(err, exc.DBAPIError) else str(err)).strip().split("\n")[0]
            raise DocumentStoreError(f"{self.name}: cannot store {what} ({detail}); nothing of it was stored") from err

    # ------------------------------------------------------------------ writing

    def add_document(self, document: Document, claims: Sequence[Claim], *, profile: str,
                     extractor_version: str = EXTRACTOR_VERSION, reference_day: ReferenceDay | None = None,
                     allegations: Sequence[Allegation] = ()) -> StoreResult:
        """Store a document with its machine claims, in one transaction.

        A text already in the ledger (same content hash) is not stored again, nor are its
        claims; only the path it came from is recorded as one more source. `reference_day` is where
        its undated figures stand (`reference_day.find_reference_day`, as the pipeline computes it):
        the ledger reads no text, and without it those figures stay undated.
        """
        with self._writing(document.name) as session:
            existing = session.scalar(select(_DocumentRow.id).where(_DocumentRow.content_hash == document.content_hash))
            if existing is not None:
                self._record_source(session, existing, document.source_path)
                return StoreResult(existing, created=False, claims_stored=0)
            row = _DocumentRow(
                content_hash=document.content_hash,
                file_name=storable_name(document.name),
                title=document.title,
                publisher=document.publisher,
                published=document.published.isoformat() if document.published else None,
                language=document.language,
                media_type=document.media_type,
                profile=profile,
                text=document.text,
                char_count=len(document.text),
                extractor_version=extractor_version,
                ingested_at=_utc_now(),
                **_reference_day_columns(reference_day),
            )
            session.add(row)
            session.flush()
            self._insert_claims(session, row.id, claims, extractor_version)
            self._insert_allegations(session, row.id, allegations, extractor_version)
            self._record_source(session, row.id, document.source_path)
            return StoreResult(row.id, created=True, claims_stored=len(claims))

    def record_source(self, document_id: int, path: str | Path) -> None:
        """Record that a document was (again) ingested from `path`."""
        with self._writing(f"the source {path}") as session:
            self._record_source(session, document_id, str(path))

    def replace_machine_claims(self, document_id: int, claims: Sequence[Claim], *, extractor_version: str,
                               profile: str | None = None, reference_day: ReferenceDay | None = None,
                               allegations: Sequence[Allegation] = ()) -> int:
        """Swap a document's machine claims for `claims`, and its allegations for `allegations`, in one transaction;
        human claims stay.

        `profile`, when given, is recorded as the profile the new claims were extracted with.
        `reference_day` replaces the stored one, like the claims it is extraction output: None
        leaves the document's undated figures undated. Returns the number of claims stored.
        """
        with self._writing(f"the claims of document #{document_id}") as session:
            document = session.get(_DocumentRow, document_id)
            if document is None:
                raise LedgerError(f"{self.name}: no document #{document_id}")
            session.execute(delete(_ClaimRow).where(_ClaimRow.document_id == document_id, _ClaimRow.origin == MACHINE))
            session.execute(delete(_AllegationRow).where(_AllegationRow.document_id == document_id))
            self._insert_claims(session, document_id, claims, extractor_version)
            self._insert_allegations(session, document_id, allegations, extractor_version)
            self._apply_reviews_again(session, document_id)
            document.extractor_version = extractor_version
            for column, value in _reference_day_columns(reference_day).items():
                setattr(document, column, value)
            if profile is not None:
                document.profile = profile
        return len(claims)

    def _apply_reviews_again(self, session: Session, document_id: int) -> None:
        """After a document's machine claims are made again: each reviewer's correction and latest status applied to
        the new claim of the same span (a claim whose span the extractor no longer finds keeps its review history,
        for no claim)."""
        machine = {(row.span_start, row.span_end): row for row in session.scalars(select(_ClaimRow).where(
            _ClaimRow.document_id == document_id, _ClaimRow.origin == MACHINE))}
        for correction in session.scalars(select(_CorrectionRow).where(_CorrectionRow.document_id == document_id)
                                          .order_by(_CorrectionRow.id)):
            row = machine.get((correction.span_start, correction.span_end))
            if row is not None:
                _set_field(session, row, correction.field, json.loads(correction.value))
        for review in session.scalars(select(_ReviewRow).where(_ReviewRow.document_id == document_id)
                                      .order_by(_ReviewRow.id)):
            row = machine.get((review.span_start, review.span_end))
            if row is not None:
                row.review_status = review.status

    # ------------------------------------------------------------------ review

    def claim(self, claim_id: int) -> StoredClaim | None:
        """The claim of this id, with its places."""
        found = self.claims(claim_ids=[claim_id])
        return found[0] if found else None

    def record_review(self, claim_id: int, status: str, *, note: str, evidence: Sequence[str], user: StoredUser | None,
                      at: dt.datetime) -> StoredReview:
        """A reviewer's verdict on a claim, its status now, and the change in the audit trail, in one transaction."""
        if status not in REVIEW_STATUSES:
            raise ValueError(f"{status!r} is no review status; give one of {', '.join(REVIEW_STATUSES)}")
        with self._writing(f"the review of claim #{claim_id}") as session:
            row = self._claim_row(session, claim_id)
            review = _ReviewRow(document_id=row.document_id, span_start=row.span_start, span_end=row.span_end,
                                status=status, note=note, evidence=list(evidence),
                                user_id=user.id if user else None, created_at=_timestamp(at))
            session.add(review)
            session.add(_audit_row(row, user, at, "review", "review_status", row.review_status, status,
                                   _with_evidence(note, evidence)))
            row.review_status = status
            session.flush()
            return _stored_review(review, user.name if user else None)

    def record_correction(self, claim_id: int, changes: dict[str, Any], *, note: str, user: StoredUser | None,
                          at: dt.datetime, locations: Sequence[Location] = ()) -> StoredClaim:
        """A reviewer's new values of some fields of a claim (CORRECTABLE_FIELDS), each kept to be applied again
        after a re-extraction and written in the audit trail, in one transaction. `locations` are the resolved
        places of a corrected `places`."""
        unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: no field a reviewer corrects; give {', '.join(CORRECTABLE_FIELDS)}")
        with self._writing(f"the correction of claim #{claim_id}") as session:
            row = self._claim_row(session, claim_id)
            for name, value in changes.items():
                before = _field_value(row, name)
                if before == value:
                    continue
                session.add(_CorrectionRow(document_id=row.document_id, span_start=row.span_start,
                                           span_end=row.span_end, field=name, value=json.dumps(value),
                                           user_id=user.id if user else None, created_at=_timestamp(at)))
                session.add(_audit_row(row, user, at, "correct", name, before, value, note))
                _set_field(session, row, name, value, locations)
        found = self.claim(claim_id)
        assert found is not None  # it was just written
        return found

    def add_human_claim(self, document_id: int, claim: Claim, *, note: str, user: StoredUser | None,
                        at: dt.datetime) -> StoredClaim:
        """A claim a reviewer adds where the machine missed it: stored as a human claim, which no re-extraction
        replaces, with the addition in the audit trail."""
        with self._writing(f"a claim added to document #{document_id}") as session:
            if session.get(_DocumentRow, document_id) is None:
                raise LedgerError(f"{self.name}: no document #{document_id}")
            (claim_id,) = self._insert_claims(session, document_id, [claim], EXTRACTOR_VERSION, origin=HUMAN)
            row = session.get(_ClaimRow, claim_id)
            session.add(_audit_row(row, user, at, "add", None, None, claim.to_record(), note))
        found = self.claim(claim_id)
        assert found is not None
        return found

    def reviews(self, claim_id: int) -> list[StoredReview]:
        """The reviews of a claim (of its document and span), oldest first."""
        with Session(self._engine) as session:
            row = session.get(_ClaimRow, claim_id)
            if row is None:
                return []
            query = (select(_ReviewRow, _UserRow.name).outerjoin(_UserRow, _UserRow.id == _ReviewRow.user_id)
                     .where(_ReviewRow.document_id == row.document_id, _ReviewRow.span_start == row.span_start,
                            _ReviewRow.span_end == row.span_end).order_by(_ReviewRow.id))
            return [_stored_review(review, name) for review, name in session.execute(query)]

    def audit_trail(self, claim_id: int | None = None) -> list[AuditEntry]:
        """The changes to a claim (of its document and span: its history across re-extractions), or to every claim,
        oldest first."""
        query = select(_AuditRow).order_by(_AuditRow.id)
        with Session(self._engine) as session:
            if claim_id is not None:
                row = session.get(_ClaimRow, claim_id)
                if row is None:
                    return []
                query = query.where(_AuditRow.document_id == row.document_id, _AuditRow.span_start == row.span_start,
                                    _AuditRow.span_end == row.span_end)
            return [_audit_entry(entry) for entry in session.scalars(query)]

    def _claim_row(self, session: Session, claim_id: int) -> _ClaimRow:
        row = session.get(_ClaimRow, claim_id)
        if row is None:
            raise LedgerError(f"{self.name}: no claim #{claim_id}; list them with `claimledger claims --db {self.name}`")
        return row

    def _insert_allegations(self, session: Session, document_id: int, allegations: Sequence[Allegation],
                            extractor_version: str) -> None:
        if not allegations:
            return
        created_at = _utc_now()
        session.execute(insert(_AllegationRow.__table__), [
            {"document_id": document_id, "span_start": a.span[0], "span_end": a.span[1], "quote": a.quote,
             "stance": a.stance, "subject": a.subject, "actor": a.actor, "claimant": a.claimant,
             "speaker": a.speaker, "date": a.date, "places": list(a.places),
             "extractor_version": a.extractor_version or extractor_version, "created_at": created_at,
             "disputed_spans": json.dumps([list(span) for span in a.disputes])}
            for a in allegations])

    def allegations(self, *, subject: str | None = None, actor: str | None = None, claimant: str | None = None,
                    stance: str | None = None, document_id: int | None = None) -> list[StoredAllegation]:
        """Allegations and denials in document and text order, filtered by every criterion given (actor and
        claimant compare case-insensitively)."""
        query = (select(_AllegationRow, _DocumentRow.file_name, _DocumentRow.published)
                 .join(_DocumentRow, _DocumentRow.id == _AllegationRow.document_id)
                 .order_by(_AllegationRow.document_id, _AllegationRow.span_start, _AllegationRow.id))
        for column, wanted in ((_AllegationRow.subject, subject), (_AllegationRow.actor, actor),
                               (_AllegationRow.claimant, claimant), (_AllegationRow.stance, stance),
                               (_AllegationRow.document_id, document_id)):
            if wanted is not None:
                query = query.where(column == wanted)
        with Session(self._engine) as session:
            return [StoredAllegation(row.id, row.document_id, file_name,
                                     dt.date.fromisoformat(published) if published else None,
                                     Allegation(doc=file_name, span=(row.span_start, row.span_end), quote=row.quote,
                                                stance=row.stance, subject=row.subject, actor=row.actor,
                                                claimant=row.claimant, speaker=row.speaker, date=row.date,
                                                places=row.places, extractor_version=row.extractor_version,
                                                disputes=[(a, b) for a, b in json.loads(row.disputed_spans)]))
                    for row, file_name, published in session.execute(query)]

    def disputes(self, claim_id: int) -> list[StoredAllegation]:
        """The denials that call the claim `claim_id` false (its statement quotes it to deny it), in text order."""
        with Session(self._engine) as session:
            claim = session.get(_ClaimRow, claim_id)
        if claim is None:
            return []
        span = (claim.span_start, claim.span_end)
        return [stored for stored in self.allegations(stance="denies", document_id=claim.document_id)
                if span in stored.allegation.disputes]

    def _insert_claims(self, session: Session, document_id: int, claims: Sequence[Claim],
                       extractor_version: str, origin: str = MACHINE) -> list[int]:
        """Insert the claims and their places, each in one statement of many rows (not a row and a flush per claim);
        the new rows' ids, in order."""
        if not claims:
            return []
        created_at = _utc_now()
        rows = []
        for claim in claims:
            date_start, date_end = _date_range(claim)
            rows.append({"document_id": document_id, "span_start": claim.span[0], "span_end": claim.span[1],
                         "quote": claim.quote, "value": claim.value, "qualifier": claim.qualifier, "unit": claim.unit,
                         "kind": claim.kind, "outcome": claim.outcome, "what": list(claim.what),
                         "affected": claim.affected, "actor": claim.actor, "claimant": claim.claimant,
                         "speaker": claim.speaker, "date": claim.date, "date_start": date_start, "date_end": date_end,
                         "cumulative": claim.cumulative, "places": list(claim.places),
                         "date_precision": claim.date_precision, "model": claim.model, "origin": origin,
                         "extractor_version": claim.extractor_version or extractor_version, "created_at": created_at,
                         "review_status": UNREVIEWED})
        # Through the tables, not the ORM's bulk insert, which builds each row again (a sixth of a document's store).
        claim_table = _ClaimRow.__table__
        ids = list(session.scalars(insert(claim_table).returning(claim_table.c.id, sort_by_parameter_order=True), rows))
        place_rows = []
        for claim_id, claim in zip(ids, claims):
            # One row per place however it is capitalised (the column compares case-insensitively), with where the
            # first of its spellings is named.
            places = {place.casefold(): (place, span) for place, span in reversed(claim.named_places())}
            located = {loc.text.casefold(): loc for loc in claim.locations}
            place_rows += [_claim_place_values(claim_id, place, span, located.get(place.casefold()))
                           for place, span in places.values()]
        if place_rows:
            session.execute(insert(_ClaimPlaceRow.__table__), place_rows)
        return ids

    def _record_source(self, session: Session, document_id: int, path: str | None) -> None:
        if path is None:  # a document built in memory, not read from a file
            return
        original = str(Path(path).absolute())
        absolute = storable_name(original)
        seen_at = _utc_now()
        updated = session.execute(update(_SourceRow).where(_SourceRow.document_id == document_id,
                                                           _SourceRow.path == absolute).values(seen_at=seen_at))
        if updated.rowcount == 0:
            session.add(_SourceRow(document_id=document_id, path=absolute, file_name=storable_name(Path(path).name),
                                   seen_at=seen_at, path_bytes=os.fsencode(original) if absolute != original else None))

    def import_places(self, places: Iterable[GazetteerPlace], source: str) -> int:
        """Store places (a place already stored under its id is replaced, names and all), in one transaction.

        `places` may be a generator over a large dump: it is read and written in batches.
        Returns the number of places stored.
        """
        stored = 0
        with self._writing(f"the places from {source}") as session:
            for batch in _batches(places, PLACE_BATCH):
                by_id = {place.id: place for place in batch}  # a dump may hold one id twice: the last wins
                upsert_places = upsert(_GazetteerPlaceRow, self.dialect)
                session.execute(upsert_places.on_conflict_do_update(
                    index_elements=["id"],
                    set_={column: upsert_places.excluded[column] for column in
                          ("name", "kind", "country", "lat", "lon", "parent_id", "population", "wikidata",
                           "geonames_id", "source")}),
                    [_place_row(place, source) for place in by_id.values()])
                session.execute(delete(_GazetteerNameRow).where(_GazetteerNameRow.place_id.in_(list(by_id))))
                session.execute(insert(_GazetteerNameRow), [
                    {"place_id": place.id, "position": position, "name": name.text, "lang": name.lang,
                     "side": name.side, "normalized": normalize_name(name.text)}
                    for place in by_id.values() for position, name in enumerate(place.names)])
                stored += len(by_id)
        return stored

    def import_references(self, references: Iterable[ReferenceCount]) -> int:
        """Store independent reference figures in one transaction; one already stored for the same source,
        metric and date is replaced. Returns the number stored."""
        rows = []
        imported_at = _utc_now()
        for reference in references:
            first, last = date_bounds(reference.date)
            rows.append({"source": reference.source, "kind": reference.kind, "outcome": reference.outcome,
                         "what": sorted(reference.what), "affected": reference.affected, "date": reference.date,
                         "date_start": first.isoformat(), "date_end": last.isoformat(), "value": reference.value,
                         "url": reference.url, "note": reference.note, "imported_at": imported_at})
        if not rows:
            return 0
        with self._writing("the reference figures") as session:
            upsert_references = upsert(_ReferenceCountRow, self.dialect)
            session.execute(upsert_references.on_conflict_do_update(
                index_elements=["source", "kind", "outcome", "what", "affected", "date"],
                set_={column: upsert_references.excluded[column] for column in ("value", "url", "note", "imported_at")}), rows)
        return len(rows)

    def references(self) -> list[StoredReference]:
        """Every reference figure, by metric and date."""
        with Session(self._engine) as session:
            return [StoredReference(
                id=row.id,
                reference=ReferenceCount(source=row.source, kind=row.kind, outcome=row.outcome, what=tuple(row.what),
                                         affected=row.affected, date=row.date, value=_stored_value(row.value),
                                         url=row.url, note=row.note),
                imported_at=dt.datetime.fromisoformat(row.imported_at))
                for row in session.scalars(select(_ReferenceCountRow).order_by(
                    _ReferenceCountRow.kind, _ReferenceCountRow.outcome, _ReferenceCountRow.affected,
                    _ReferenceCountRow.date_end, _ReferenceCountRow.source))]

    # ------------------------------------------------------------------ reading

    def imported_places(self) -> list[GazetteerPlace]:
        """Every place imported into this ledger, by id (add them to the shipped ones with `Gazetteer.with_places`)."""
        places, names = _GazetteerPlaceRow.__table__, _GazetteerNameRow.__table__
        # Core rows, not ORM objects: a country dump is a hundred thousand places.
        with self._engine.connect() as connection:
            names_of: dict[str, list[PlaceName]] = {}
            for place_id, text, lang, side in connection.execute(
                    select(names.c.place_id, names.c.name, names.c.lang, names.c.side)
                    .order_by(names.c.place_id, names.c.position)):
                names_of.setdefault(place_id, []).append(PlaceName(text, lang, side))
            return [GazetteerPlace(id=place_id, name=name, kind=kind, country=country, lat=lat, lon=lon,
                                   parent_id=parent_id, names=tuple(names_of.get(place_id, ())), population=population,
                                   wikidata=wikidata, geonames_id=geonames_id)
                    for place_id, name, kind, country, lat, lon, parent_id, population, wikidata, geonames_id
                    in connection.execute(select(places.c.id, places.c.name, places.c.kind, places.c.country,
                                                 places.c.lat, places.c.lon, places.c.parent_id, places.c.population,
                                                 places.c.wikidata, places.c.geonames_id).order_by(places.c.id))]

    def _select_documents(self) -> Select[tuple[_DocumentRow, int]]:
        # Each document's claims counted by the index of the ledger order (its document first): a lookup of one
        # document reads its own claims' entries, not a count of every claim of the ledger.
        claims = (select(func.count()).select_from(_ClaimRow).where(_ClaimRow.document_id == _DocumentRow.id)
                  .correlate(_DocumentRow).scalar_subquery())
        return select(_DocumentRow, claims).order_by(_DocumentRow.id)

    def _read_documents(self, query: Select[tuple[_DocumentRow, int]]) -> list[StoredDocument]:
        with Session(self._engine) as session:
            return [_stored_document(row, count) for row, count in session.execute(query)]

    def documents(self) -> list[StoredDocument]:
        """Every document, oldest first, with its number of claims."""
        return self._read_documents(self._select_documents())

    def document(self, document_id: int) -> StoredDocument | None:
        found = self._read_documents(self._select_documents().where(_DocumentRow.id == document_id))
        return found[0] if found else None

    def file_names(self, document_ids: Sequence[int]) -> dict[int, str]:
        """The file name of each of these documents that the ledger has, by id (their texts are not read)."""
        with Session(self._engine) as session:
            rows = session.execute(select(_DocumentRow.id, _DocumentRow.file_name)
                                   .where(_DocumentRow.id.in_(list(document_ids))))
            return {document_id: file_name for document_id, file_name in rows}

    def reference_days(self, document_ids: Sequence[int] | None = None) -> dict[int, ReferenceDay]:
        """Where each document's undated figures stand, by document id, for the documents that have such a day
        (all, or those of `document_ids`); their texts are not read."""
        query = select(_DocumentRow.id, _DocumentRow.reference_day, _DocumentRow.reference_day_source)
        chosen = [query] if document_ids is None else \
            [query.where(_DocumentRow.id.in_(ids)) for ids in _batches(dict.fromkeys(document_ids))]
        with Session(self._engine) as session:
            return {document_id: reference_day for each in chosen for document_id, day, source in session.execute(each)
                    if (reference_day := _reference_day(day, source)) is not None}

    def sources(self, document_id: int) -> list[StoredSource]:
        """Every path the document was ingested from, in the order they were first seen."""
        with Session(self._engine) as session:
            rows = session.scalars(select(_SourceRow).where(_SourceRow.document_id == document_id)
                                   .order_by(_SourceRow.id))
            return [StoredSource(row.path, row.file_name, dt.datetime.fromisoformat(row.seen_at), row.path_bytes)
                    for row in rows]

    def located_places(self) -> tuple[list[LocatedPlace], int, int]:
        """Every place claims were located at (a gazetteer place with coordinates), how many claims were located at
        one or more and how many at none: counted by SQL, so that a map of a million claims reads their places' rows,
        not the claims (3 s), and kept until the claims change."""
        with Session(self._engine) as session:
            return self._remembered(session, ("located places",), lambda: _located_places(session.connection()))  # type: ignore[no-any-return]

    def texts_at(self, paths: Sequence[str | Path], extractor_version: str) -> dict[str, set[str]]:
        """For each of `paths` the ledger has ingested, the content hashes of the texts read from it whose claims
        `extractor_version` made: a file whose text is among them need not be extracted again."""
        # A source's path is stored absolute (_record_source): `paths` are looked up so, and answered as given.
        given_as = {storable_name(str(Path(path).absolute())): str(path) for path in paths}
        found: dict[str, set[str]] = {}
        with Session(self._engine) as session:
            for batch in _batches(list(given_as)):
                for path, content_hash in session.execute(
                        select(_SourceRow.path, _DocumentRow.content_hash)
                        .join(_DocumentRow, _DocumentRow.id == _SourceRow.document_id)
                        .where(_SourceRow.path.in_(batch), _DocumentRow.extractor_version == extractor_version)):
                    found.setdefault(given_as[path], set()).add(content_hash)
        return found

    def find_document(self, content_hash: str) -> StoredDocument | None:
        """The document with this text, if the ledger has it."""
        found = self._read_documents(self._select_documents().where(_DocumentRow.content_hash == content_hash))
        return found[0] if found else None

    def stale_documents(self, extractor_version: str) -> list[StoredDocument]:
        """Documents whose machine claims were made by another extractor version than `extractor_version`."""
        return self._read_documents(self._select_documents().where(_DocumentRow.extractor_version != extractor_version))

    def claims(self, *, document_id: int | None = None, kind: str | None = None, claimant: str | None = None,
               place: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
               doc: str | None = None, place_ids: Sequence[str] = (), review_status: str | None = None,
               claim_ids: Sequence[int] | None = None, outcome: str | None = None,
               affected: str | None = None) -> list[StoredClaim]:
        """Claims in document and text order, filtered by every criterion given.

        `since`/`until` keep claims whose date range overlaps [since, until], so a claim dated
        2020-10-01/2020-10-10 is kept for `since=2020-10-05`; claims with no date are left out
        when either is given. `claimant`, `affected` and `place` compare case-insensitively; `place_ids`
        (gazetteer ids) also match claims whose place was resolved to one of them; `doc` is a file name.
        """
        filters = _claim_filters(ClaimQuery(kind=kind, outcome=outcome, claimant=claimant, affected=affected,
                                            place=place, place_ids=tuple(place_ids), since=since, until=until,
                                            review_status=review_status, document_id=document_id))
        query = _select_claims().where(*filters)
        if doc is not None:
            query = query.where(_DocumentRow.file_name == doc)
        if claim_ids is not None:
            query = query.where(_ClaimRow.id.in_(list(claim_ids)))
        with Session(self._engine) as session:
            return _read_claims(session, query)

    def search_claims(self, query: ClaimQuery) -> ClaimPage:
        """A page of the claims a search finds, in its order (see ClaimQuery).

        A page of up to REMEMBERED_PAGE_LIMIT claims is kept until the ledger's claims change, and the same page is
        given to every caller that asks for it again: read it, do not change it."""
        if query.sort not in CLAIM_SORTS:
            raise ValueError(f"{query.sort!r} is no order of claims; give one of {', '.join(CLAIM_SORTS)}")
        keys = _sort_keys(query.sort)
        limit = max(1, min(query.limit, 500))
        with Session(self._engine) as session:
            changes = self._changes(session)
            page_key = ("page", replace(query, limit=limit), changes)
            if limit <= REMEMBERED_PAGE_LIMIT and (known := self._known(page_key, self._pages)) is not None:
                return self._counted_on(known[1], query, changes)
            words = self._words_strategy(session, query)
            select_ids = select(_ClaimRow.id, *keys).where(*_claim_filters(query, words))
            if query.after:
                select_ids = select_ids.where(_after_cursor(keys, query.after, query.sort))
            select_ids = select_ids.order_by(keys[0].desc(), _ClaimRow.id) if query.sort == "value" else \
                select_ids.order_by(*keys)
            rows = list(session.execute(select_ids.limit(limit + 1)))
            total, total_exact = self._total(session, query, changes)
            more = len(rows) > limit
            rows = rows[:limit]
            by_id = {stored.id: stored for stored in _read_claims(
                session, _select_claims().where(_ClaimRow.id.in_([row[0] for row in rows])))} if rows else {}
        found = [by_id[row[0]] for row in rows if row[0] in by_id]
        page = ClaimPage(found, total, _cursor(rows[-1][1:], query.sort) if more and rows else None,
                         total_exact=total_exact)
        if limit <= REMEMBERED_PAGE_LIMIT:
            self._remember(page_key, page, self._pages, REMEMBERED_PAGES)
        return page

    def _total(self, session: Session, query: ClaimQuery, changes: int) -> tuple[int, bool]:
        """How many claims a search finds, and whether that is all of them (kept until the claims change).

        Counted to COUNTED_AT_ONCE while the page waits: a count reads every claim it finds (30 ms for 10,000 of a
        million). A search that finds more is "more than COUNTED_AT_ONCE"; asked for again (another of its pages, a
        reload), it is counted on to COUNTED_AT_MOST in the background (see _ask_again)."""
        key = ("total", _counted_query(query), changes)
        known = self._known(key)
        if known is not None:
            return known[1]  # type: ignore[no-any-return]
        found = _count_claims(session, query, COUNTED_AT_ONCE)
        if found <= COUNTED_AT_ONCE:
            self._remember(key, (found, True))
            return found, True
        self._ask_again(key, query)
        return COUNTED_AT_ONCE, False

    def _counted_on(self, page: ClaimPage, query: ClaimQuery, changes: int) -> ClaimPage:
        """A remembered page, asked for again, with its search's total as counted on since (see _total)."""
        if page.total_exact or page.total >= COUNTED_AT_MOST:
            return page
        key = ("total", _counted_query(query), changes)
        known = self._known(key)
        if known is None:
            self._ask_again(key, query)
            return page
        return replace(page, total=known[1][0], total_exact=known[1][1])

    def _ask_again(self, key: tuple[Any, ...], query: ClaimQuery) -> None:
        """Counts a search of more than COUNTED_AT_ONCE claims on to COUNTED_AT_MOST in the background, remembered under
        `key`, once it is asked for a second time: a search asked for once (most of an API's) is not worth the
        count's time, one that is read on is."""
        asked = ("asked", *key)
        if self._known(asked) is None:
            self._remember(asked, True)
            return
        self._in_background(key, lambda session: (min(found := _count_claims(session, query, COUNTED_AT_MOST),
                                                      COUNTED_AT_MOST), found <= COUNTED_AT_MOST))

    def claim_facets(self, query: ClaimQuery, *, most: int = 15,
                     wait: float | None = None) -> dict[str, list[tuple[str | int | None, int]]] | None:
        """For each of CLAIM_FACETS, the values the claims a search finds have, and how many have each, most first
        (at most `most`; the document by its id).

        Kept until the ledger's claims change: counting a broad search reads every claim it finds (seconds at a
        million). With `wait`, they are counted in the background and None is returned if they are not counted
        within `wait` seconds (or too many other searches are being counted): asked again once they are, they
        are there at once."""
        key = ("facets", _counted_query(query), most)
        if wait is None:
            with Session(self._engine) as session:
                return self._remembered(session, key, lambda: self._count_facets(session, query, most))
        with Session(self._engine) as session:
            counted_key = (*key, self._changes(session))
        known = self._known(counted_key)
        if known is not None:
            return known[1]
        future = self._in_background(counted_key, lambda session: self._count_facets(session, query, most))
        if future is None:
            return None
        try:
            return future.result(timeout=wait)
        except TimeoutError:
            return None

    def _count_facets(self, session: Session, query: ClaimQuery,
                      most: int) -> dict[str, list[tuple[str | int | None, int]]]:
        filters = _claim_filters(query, "join" if query.text else None)
        # A search by filters alone reads many claims: they are counted from the index of the filters (migration
        # 0014), read in its order. Left to itself, SQLite's planner would read a facet's own index to group its
        # values without sorting them, and look every claim up in the table to test the filters: 1 s for one facet
        # of a million claims, where the index of the filters and a sort take 0.1 s. A search by words, places or a
        # document reads the few claims they lead to, by their ids.
        by_filters = not (query.text or query.place or query.place_ids or query.document_id is not None)
        facets: dict[str, list[tuple[str | int | None, int]]] = {}
        for facet in CLAIM_FACETS:
            column = _ClaimRow.document_id if facet == "document" else getattr(_ClaimRow, facet)
            counted = (select(column, func.count()).select_from(_ClaimRow).where(*filters)
                       .group_by(column).order_by(func.count().desc(), column).limit(most))
            if by_filters:
                counted = counted.with_hint(_ClaimRow, "INDEXED BY ix_claims_facets", "sqlite")
            facets[facet] = [(value, n) for value, n in session.execute(counted)]
        return facets

    def _in_background(self, key: tuple[Any, ...], count: Callable[[Session], Any]) -> Future[Any] | None:
        """What `count` counts, counted in the background and remembered under `key` (which ends with the claims'
        changes): the count under way, or None when COUNTED_IN_BACKGROUND other counts wait already."""
        with self._counted_lock:
            future = self._counting.get(key)
            if future is None:
                if len(self._counting) >= COUNTED_IN_BACKGROUND:
                    return None
                future = self._counter().submit(self._count_and_remember, key, count)
                self._counting[key] = future
        return future

    def _count_and_remember(self, key: tuple[Any, ...], count: Callable[[Session], Any]) -> Any:
        try:
            with Session(self._engine) as session:
                counted = count(session)
            self._remember(key, counted)
            return counted
        finally:
            with self._counted_lock:
                self._counting.pop(key, None)

    def _counter(self) -> ThreadPoolExecutor:
        """The one thread that counts totals and facets in the background (made on first use; the lock is held)."""
        if self._background is None:
            self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimledger-counts")
        return self._background

    def changes(self) -> int:
        """How many times the ledger's claims or their places have been written: a number that moves with each."""
        with Session(self._engine) as session:
            return self._changes(session)

    @staticmethod
    def _changes(session: Session) -> int:
        return session.scalar(sql_text("SELECT changes FROM ledger_changes WHERE id = 1")) or 0

    def _remembered(self, session: Session, key: tuple[Any, ...], count: Callable[[], Any]) -> Any:
        """What `count` counts, kept under `key` until the claims change (at most REMEMBERED_COUNTS of them)."""
        key = (*key, self._changes(session))
        known = self._known(key)
        if known is not None:
            return known[1]
        counted = count()
        self._remember(key, counted)
        return counted

    def _known(self, key: tuple[Any, ...], kept: OrderedDict[tuple[Any, ...], Any] | None = None
               ) -> tuple[bool, Any] | None:
        """(True, what was counted under `key`, which ends with the claims' changes it was counted at), or None;
        looked up among the counts, or in `kept` (the pages)."""
        kept = self._counted if kept is None else kept
        with self._counted_lock:
            if key in kept:
                kept.move_to_end(key)
                return True, kept[key]
        return None

    def _remember(self, key: tuple[Any, ...], counted: Any, kept: OrderedDict[tuple[Any, ...], Any] | None = None,
                  most: int = REMEMBERED_COUNTS) -> None:
        kept = self._counted if kept is None else kept
        with self._counted_lock:
            kept[key] = counted
            while len(kept) > most:
                kept.popitem(last=False)

    def _words_strategy(self, session: Session, query: ClaimQuery) -> str | None:
        """How a search's words are looked up for a page of it in its order, whichever costs least (WORDS_COSTS)
        by the claims that hold them, counted as far as that decides:

        - "join": the claims that hold them are found, then ordered (few claims hold them);
        - "walk": their ids are gathered in a set, and the index of the order is read until the page is full of
          claims in the set (many);
        - "each": the index of the order is read and each claim asked whether it holds them (most of the ledger).

        The walk and asking read about `claims / found` claims for each claim of the page."""
        if not query.text or not (words := search_words(query.text)):
            return None
        claims = self._remembered(session, ("claims",), lambda: session.scalar(
            select(func.max(_ClaimRow.id))) or 0)
        read = max(1, query.limit) * claims  # claims read in order for a page, times the claims that hold the words
        costs = WORDS_COSTS
        # Beyond this many, asking each claim costs less than the walk: found**2 = (ask - read) * read / gather.
        enough = int((max(0.0, costs["ask"] - costs["read"]) * read / max(costs["gather"], 1e-9)) ** 0.5) + 1
        holding = select(literal_column("1")).select_from(_CLAIMS_SEARCH).where(holds_words(words)).limit(enough)
        found = max(1, session.scalar(select(func.count()).select_from(holding.subquery())) or 0)
        return min((costs["order"] * found, "join"), (costs["gather"] * found + costs["read"] * read / found, "walk"),
                   (costs["ask"] * read / found, "each"))[1]

    def summary(self) -> LedgerSummary:
        with Session(self._engine) as session:
            documents = session.scalar(select(func.count()).select_from(_DocumentRow)) or 0
            claims = session.scalar(select(func.count()).select_from(_ClaimRow)) or 0
            by_kind = session.execute(select(_ClaimRow.kind, func.count()).group_by(_ClaimRow.kind)
                                      .order_by(func.count().desc(), _ClaimRow.kind)).all()
            by_claimant = session.execute(select(_ClaimRow.claimant, func.count()).group_by(_ClaimRow.claimant)
                                          .order_by(func.count().desc(), _ClaimRow.claimant)).all()
            by_document = session.execute(
                select(_DocumentRow.id, _DocumentRow.file_name, func.count(_ClaimRow.id))
                .outerjoin(_ClaimRow, _ClaimRow.document_id == _DocumentRow.id)
                .group_by(_DocumentRow.id).order_by(_DocumentRow.id)).all()
        return LedgerSummary(
            documents=documents,
            claims=claims,
            by_kind={kind: n for kind, n in by_kind},
            by_claimant={claimant: n for claimant, n in by_claimant},
            by_document=[DocumentClaimCount(id_, name, n) for id_, name, n in by_document],
        )

    # ------------------------------------------------------------------ accounts

    def add_user(self, name: str, role: str, password_hash: str, *, at: dt.datetime) -> StoredUser:
        """Store a new, active user; UserExistsError when the name is taken (compared case-insensitively)."""
        with self._writing(f"the user {name}") as session:
            if session.scalar(select(_UserRow.id).where(_UserRow.name == name)) is not None:
                raise UserExistsError(name, self.name)
            row = _UserRow(name=name, role=role, password_hash=password_hash, active=True, created_at=_timestamp(at))
            session.add(row)
            session.flush()
            return _stored_user(row)

    def user(self, name: str) -> StoredUser | None:
        """The user of this name (compared case-insensitively), active or not."""
        with Session(self._engine) as session:
            row = session.scalar(select(_UserRow).where(_UserRow.name == name))
            return _stored_user(row) if row is not None else None

    def users(self) -> list[StoredUser]:
        """Every user, by name."""
        with Session(self._engine) as session:
            return [_stored_user(row) for row in session.scalars(select(_UserRow).order_by(_UserRow.name))]

    def disable_user(self, name: str, *, at: dt.datetime) -> StoredUser | None:
        """Disable a user, delete their sessions and revoke their API tokens, in one transaction; None when there is
        no such user."""
        with self._writing(f"the user {name}") as session:
            row = session.scalar(select(_UserRow).where(_UserRow.name == name))
            if row is None:
                return None
            row.active = False
            session.execute(delete(_SessionRow).where(_SessionRow.user_id == row.id))
            session.execute(update(_ApiTokenRow).where(_ApiTokenRow.user_id == row.id,
                                                       _ApiTokenRow.revoked_at.is_(None))
                            .values(revoked_at=_timestamp(at)))
            session.flush()
            return _stored_user(row)

    def record_login_attempt(self, username: str, client: str, *, at: dt.datetime, since: dt.datetime,
                             limit: int) -> LoginAttempt:
        """Record a log-in about to be checked as failed, unless `limit` failures of its user name, or from its
        client, are recorded after `since`.

        One write transaction, which takes the write lock as it begins: log-ins tried at once, by any process, are
        counted one after the other, and none passes the limit beside another. The caller forgets the failure when
        the log-in succeeds (`forget_login_failures`). Failures up to `since` are deleted first: no limit counts
        them any more."""
        with self._writing(f"a log-in attempt of {username}") as session:
            session.execute(delete(_LoginFailureRow).where(_LoginFailureRow.failed_at <= _timestamp(since)))

            def failures(matching: Any) -> tuple[dt.datetime, ...]:
                return tuple(dt.datetime.fromisoformat(failed_at) for failed_at in session.scalars(
                    select(_LoginFailureRow.failed_at).where(matching).order_by(_LoginFailureRow.failed_at)))

            by_username = failures(_LoginFailureRow.username == username)
            by_client = failures(_LoginFailureRow.client == client)
            allowed = len(by_username) < limit and len(by_client) < limit
            if allowed:
                session.add(_LoginFailureRow(username=username, client=client, failed_at=_timestamp(at)))
            return LoginAttempt(allowed, by_username, by_client)

    def forget_login_failures(self, username: str, client: str) -> None:
        """Delete the failed log-ins of this user name from this client: they were its own user's typing."""
        with self._writing(f"the log-in of {username}") as session:
            session.execute(delete(_LoginFailureRow).where(_LoginFailureRow.username == username,
                                                           _LoginFailureRow.client == client))

    def open_session(self, user_id: int, token_hash: str, *, at: dt.datetime,
                     rehashed_password: str | None = None) -> None:
        """Store a new session of the user and their log-in, in one transaction: the time of it, and the password's
        new hash when it was hashed again with other parameters."""
        with self._writing(f"a session of user #{user_id}") as session:
            logged_in: dict[str, str] = {"last_login_at": _timestamp(at)}
            if rehashed_password is not None:
                logged_in["password_hash"] = rehashed_password
            session.execute(update(_UserRow).where(_UserRow.id == user_id).values(**logged_in))
            session.add(_SessionRow(user_id=user_id, token_hash=token_hash, created_at=_timestamp(at),
                                    last_seen_at=_timestamp(at)))

    def find_session(self, token_hash: str) -> StoredSession | None:
        """The session of this token hash, if there is one and its user is active."""
        with Session(self._engine) as session:
            found = session.execute(select(_SessionRow, _UserRow).join(_UserRow, _UserRow.id == _SessionRow.user_id)
                                    .where(_SessionRow.token_hash == token_hash, _UserRow.active.is_(True))).first()
            if found is None:
                return None
            row, user = found
            return StoredSession(row.id, _stored_user(user), dt.datetime.fromisoformat(row.created_at),
                                 dt.datetime.fromisoformat(row.last_seen_at))

    def touch_session(self, session_id: int, *, at: dt.datetime) -> None:
        with self._writing(f"session #{session_id}") as session:
            session.execute(update(_SessionRow).where(_SessionRow.id == session_id)
                            .values(last_seen_at=_timestamp(at)))

    def end_session(self, token_hash: str) -> None:
        with self._writing("the end of a session") as session:
            session.execute(delete(_SessionRow).where(_SessionRow.token_hash == token_hash))

    def end_expired_sessions(self, *, made_by: dt.datetime, seen_by: dt.datetime) -> None:
        """Delete every session made at or before `made_by`, or last used at or before `seen_by`."""
        with self._writing("the end of expired sessions") as session:
            session.execute(delete(_SessionRow).where(or_(_SessionRow.created_at <= _timestamp(made_by),
                                                          _SessionRow.last_seen_at <= _timestamp(seen_by))))

    def add_api_token(self, user_id: int, token_hash: str, label: str | None, *, at: dt.datetime) -> StoredApiToken:
        with self._writing(f"an API token of user #{user_id}") as session:
            row = _ApiTokenRow(user_id=user_id, token_hash=token_hash, label=label, created_at=_timestamp(at))
            session.add(row)
            session.flush()
            return _stored_api_token(row, session.get_one(_UserRow, user_id))

    def find_api_token(self, token_hash: str) -> StoredApiToken | None:
        """The API token of this hash, if there is one, it is not revoked and its user is active."""
        with Session(self._engine) as session:
            found = session.execute(select(_ApiTokenRow, _UserRow).join(_UserRow, _UserRow.id == _ApiTokenRow.user_id)
                                    .where(_ApiTokenRow.token_hash == token_hash, _ApiTokenRow.revoked_at.is_(None),
                                           _UserRow.active.is_(True))).first()
            return _stored_api_token(*found) if found is not None else None

    def api_tokens(self, user_id: int) -> list[StoredApiToken]:
        """Every API token of the user, revoked or not, oldest first."""
        with Session(self._engine) as session:
            return [_stored_api_token(row, user) for row, user in session.execute(
                select(_ApiTokenRow, _UserRow).join(_UserRow, _UserRow.id == _ApiTokenRow.user_id)
                .where(_ApiTokenRow.user_id == user_id).order_by(_ApiTokenRow.id))]

    def revoke_api_token(self, token_id: int, *, at: dt.datetime) -> StoredApiToken | None:
        """Revoke an API token (one revoked already keeps the time it was); None when there is no such token."""
        with self._writing(f"API token #{token_id}") as session:
            row = session.get(_ApiTokenRow, token_id)
            if row is None:
                return None
            row.revoked_at = row.revoked_at or _timestamp(at)
            session.flush()
            return _stored_api_token(row, session.get_one(_UserRow, row.user_id))

    def touch_api_token(self, token_id: int, *, at: dt.datetime) -> None:
        with self._writing(f"API token #{token_id}") as session:
            session.execute(update(_ApiTokenRow).where(_ApiTokenRow.id == token_id)
                            .values(last_used_at=_timestamp(at)))


T = TypeVar("T")
# How many ids one statement is given to look up: SQLite limits the number of bound parameters of a statement.
IDS_AT_ONCE = 500


def _batches(items: Iterable[T], size: int = IDS_AT_ONCE) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in their order."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _place_row(place: GazetteerPlace, source: str) -> dict[str, Any]:
    return {"id": place.id, "name": place.name, "kind": place.kind, "country": place.country, "lat": place.lat,
            "lon": place.lon, "parent_id": place.parent_id, "population": place.population,
            "wikidata": place.wikidata, "geonames_id": place.geonames_id, "source": source}


def _configure_connection(dbapi_connection: sqlite3.Connection, connection_record: object) -> None:
    # pysqlite's own transaction handling neither wraps DDL in a transaction nor begins one
    # before a SELECT; we switch it off and emit BEGIN ourselves (see _begin), so that a
    # migration or a document's store is all or nothing.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys = ON")
    # WAL: the web view can read while a batch is being ingested.
    dbapi_connection.execute("PRAGMA journal_mode = WAL")


def _configure_reading(dbapi_connection: sqlite3.Connection, connection_record: object) -> None:
    dbapi_connection.isolation_level = None  # transactions begun by _begin, as for writing
    dbapi_connection.execute("PRAGMA query_only = ON")


def _gather_statistics(connection: Connection) -> None:
    """The statistics the planner chooses between a filter's index and a page's order by (ANALYZE), gathered again
    for each table whose rows have grown or shrunk by more than STATISTICS_DRIFT since they were: a second a million
    claims, so once each tenth that the ledger grows, and never for a batch that adds a few documents to many.

    In full, not from a sample (analysis_limit): a sample is the first rows of each index, which are all of one
    kind in the index of the kind, so that the planner took a kind for a thousandth of the claims, read every claim
    of it and sorted them for a page of 50 (a second at a million claims)."""
    stated = {table: int(stat.split()[0]) for table, stat in connection.exec_driver_sql(
        "SELECT tbl, stat FROM sqlite_stat1") if stat} if "sqlite_stat1" in _tables(connection) else {}
    indexed = connection.exec_driver_sql(
        "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'index' AND tbl_name NOT LIKE 'sqlite_%'").scalars()
    for table in indexed:
        rows = connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one()
        if table not in stated or abs(rows - stated[table]) > STATISTICS_DRIFT * stated[table]:
            connection.exec_driver_sql(f'ANALYZE "{table}"')


def _tables(connection: Connection) -> set[str]:
    if connection.dialect.name == POSTGRESQL:
        return set(connection.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").scalars())
    return set(connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars())


def _server_engines(url: URL, read_only: bool) -> tuple[Engine, Engine]:
    """The engines that read and write a PostgreSQL ledger; read-only, every transaction of the reader is one."""
    options = {"connect_timeout": CONNECT_TIMEOUT}
    if read_only:
        options["options"] = "-c default_transaction_read_only=on"
    # pool_pre_ping: a connection the server closed (restarted, idle too long) is replaced, not handed to a request.
    url = _with_driver(url)
    reader = create_engine(url, connect_args=options, pool_size=READ_POOL_SIZE, max_overflow=READ_POOL_OVERFLOW,
                           pool_pre_ping=True)
    if read_only:
        return reader, reader
    writer = create_engine(url, connect_args=options, pool_pre_ping=True)
    event.listen(writer, "begin", _take_write_lock)
    return reader, writer


def _with_driver(url: URL) -> URL:
    """`url` through the driver claimledger installs (psycopg 3), whichever the URL names."""
    return url.set(drivername=f"{POSTGRESQL}+psycopg")


def _take_write_lock(connection: Connection) -> None:
    """One writer at a time, whichever process, as on SQLite: a transaction's first step is to wait for the ledger's
    lock (held to its commit or rollback). A document stored by one ingest is then found by the next, which records
    its path as a source and stores nothing twice; two processes opening a new database migrate it in turn.
    Extraction, the costly part, runs outside the lock."""
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _begin_writing(connection: Connection) -> None:
    """BEGIN IMMEDIATE, again after a pause while another process holds the write lock past the busy timeout.

    A plain BEGIN takes the write lock only at the transaction's first write; when another process holds it then,
    SQLite answers "database is locked" at once, without waiting (the transaction has read, and waiting could
    deadlock). Taken at the start, the lock is waited for, and nothing is yet done when the wait fails: the BEGIN can
    simply be tried again."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except exc.OperationalError as err:
            if attempt == WRITE_ATTEMPTS or "locked" not in str(err.orig) and "busy" not in str(err.orig):
                raise
            time.sleep(min(5.0, 0.2 * 2 ** attempt) * (0.5 + random.random()))


def _reference_day_columns(reference_day: ReferenceDay | None) -> dict[str, str | None]:
    """The documents columns of a reference day: both NULL when none is known, never one without the other."""
    if reference_day is None:
        return {"reference_day": None, "reference_day_source": None}
    return {"reference_day": reference_day.day.isoformat(), "reference_day_source": reference_day.source}


def _stored_document(row: _DocumentRow, claim_count: int) -> StoredDocument:
    return StoredDocument(
        id=row.id,
        content_hash=row.content_hash,
        file_name=row.file_name,
        title=row.title,
        publisher=row.publisher,
        published=dt.date.fromisoformat(row.published) if row.published else None,
        language=row.language,
        media_type=row.media_type,
        profile=row.profile,
        text=row.text,
        char_count=row.char_count,
        extractor_version=row.extractor_version,
        ingested_at=dt.datetime.fromisoformat(row.ingested_at),
        claim_count=claim_count,
        reference_day=_reference_day(row.reference_day, row.reference_day_source),
    )


def _reference_day(day: str | None, source: str | None) -> ReferenceDay | None:
    """A document's reference day as its two columns store it (none unless both are there)."""
    return ReferenceDay(dt.date.fromisoformat(day), source) if day and source else None


def _claim_place_values(claim_id: int, place: str, span: tuple[int, int] | None,
                        location: Location | None) -> dict[str, Any]:
    """A claim_places row as the values of a bulk insert: every column, so that all rows of one insert have the same."""
    span_start, span_end = span if span is not None else (None, None)
    return {"claim_id": claim_id, "place": place, "place_id": location.place_id if location else None,
            "display": location.display if location else None, "kind": location.kind if location else None,
            "lat": location.lat if location else None, "lon": location.lon if location else None,
            "precision": location.precision if location else None, "span_start": span_start, "span_end": span_end}


def _claim_place_row(claim_id: int, place: str, span: tuple[int, int] | None,
                     location: Location | None) -> _ClaimPlaceRow:
    span_start, span_end = span if span is not None else (None, None)
    if location is None:
        return _ClaimPlaceRow(claim_id=claim_id, place=place, span_start=span_start, span_end=span_end)
    return _ClaimPlaceRow(claim_id=claim_id, place=place, place_id=location.place_id, display=location.display,
                          kind=location.kind, lat=location.lat, lon=location.lon, precision=location.precision,
                          span_start=span_start, span_end=span_end)


def _located_places(connection: Connection) -> tuple[list[LocatedPlace], int, int]:
    """Ledger.located_places, counted: the claims of each place by kind with their finest precision and first
    document; the place as the first claim of that document names it (the first in ledger order); the claims
    located somewhere, counted from the places' rows alone."""
    place_table, claim_table = _ClaimPlaceRow.__table__, _ClaimRow.__table__
    places, claims = place_table.c, claim_table.c
    located = and_(places.place_id.is_not(None), places.lat.is_not(None), places.lon.is_not(None))
    by_kind: dict[str, dict[str, int]] = {}
    finest: dict[str, int | None] = {}
    first_document: dict[str, int] = {}
    for place_id, kind, count, precision, document_id in connection.execute(
            select(places.place_id, claims.kind, func.count(func.distinct(places.claim_id)), func.min(places.precision),
                   func.min(claims.document_id))
            .join(claim_table, claims.id == places.claim_id).where(located).group_by(places.place_id, claims.kind)):
        by_kind.setdefault(place_id, {})[kind] = count
        precisions = [known for known in (finest.get(place_id), precision) if known is not None]
        finest[place_id] = min(precisions) if precisions else None
        first_document[place_id] = min(first_document.get(place_id, document_id), document_id)
    found = []
    for place_id, document_id in first_document.items():
        first = connection.execute(
            select(places.place, places.display, places.lat, places.lon)
            .join(claim_table, claims.id == places.claim_id)
            .where(places.place_id == place_id, claims.document_id == document_id, located)
            .order_by(claims.span_start, claims.span_end, claims.id).limit(1)).one()
        found.append(LocatedPlace(place_id, first.place, first.display, first.lat, first.lon, finest[place_id],
                                  dict(sorted(by_kind[place_id].items()))))
    located_claims = connection.execute(select(func.count(func.distinct(places.claim_id))).where(located)).scalar_one()
    claims_in_all = connection.execute(select(func.count()).select_from(claim_table)).scalar_one()
    return found, located_claims, claims_in_all - located_claims


def _select_claims() -> Select[Any]:
    """The claims' rows with their documents' file names, in document and text order (for _read_claims)."""
    return (select(*_ClaimRow.__table__.c, _DocumentRow.file_name)
            .join(_DocumentRow, _DocumentRow.id == _ClaimRow.document_id)
            .order_by(_ClaimRow.document_id, _ClaimRow.span_start, _ClaimRow.span_end, _ClaimRow.id))


def _read_claims(session: Session, query: Select[Any]) -> list[StoredClaim]:
    """The claims a _select_claims() statement finds, with their places.

    Core rows, not ORM objects, read through the session's connection: a page of claims is read for every request
    of the web app, and the ORM's identity map and instrumentation cost twice the reading, its loading of a Core
    statement's rows a sixth more."""
    connection = session.connection()
    found = list(connection.execute(query))
    place_rows: dict[int, list[Any]] = {}
    for ids in _batches([row.id for row in found]):
        for place_row in connection.execute(select(*_ClaimPlaceRow.__table__.c).where(
                _ClaimPlaceRow.claim_id.in_(ids))):
            place_rows.setdefault(place_row.claim_id, []).append(place_row)
    return [_stored_claim(row, row.file_name, place_rows.get(row.id, [])) for row in found]


def _locations(places: list[str], rows: Sequence[_ClaimPlaceRow | Any]) -> list[Location]:
    """The claim's places in its own order, each with what its claim_places row says of it."""
    by_name = {row.place.casefold(): row for row in rows}
    located = []
    for place in places:
        row = by_name.get(place.casefold())
        located.append(Location(place) if row is None else Location(
            place, place_id=row.place_id, display=row.display, kind=row.kind, lat=row.lat, lon=row.lon,
            precision=row.precision))
    return located


def _place_spans(places: list[str], rows: Sequence[_ClaimPlaceRow | Any]) -> list[tuple[int, int]]:
    """Where the text names each of the claim's places, from its claim_places rows; none when a place has no span
    stored (a claim stored before revision 0006, a reviewer's claim): Claim.place_spans is all or nothing."""
    by_name = {row.place.casefold(): row for row in rows}
    spans = []
    for place in places:
        row = by_name.get(place.casefold())
        if row is None or row.span_start is None or row.span_end is None:
            return []
        spans.append((row.span_start, row.span_end))
    return spans


def _stored_claim(row: _ClaimRow | Any, file_name: str, place_rows: Sequence[_ClaimPlaceRow | Any]) -> StoredClaim:
    """A claim as stored, from its row and its places' rows: ORM objects or Core rows, read by the same names."""
    claim = Claim(
        doc=file_name,
        span=(row.span_start, row.span_end),
        quote=row.quote,
        value=_stored_value(row.value),
        kind=row.kind,
        outcome=row.outcome,
        qualifier=row.qualifier,
        unit=row.unit,
        what=row.what,
        affected=row.affected,
        actor=row.actor,
        claimant=row.claimant,
        speaker=row.speaker,
        date=row.date,
        cumulative=row.cumulative,
        places=row.places,
        extractor_version=row.extractor_version,
        date_precision=row.date_precision,
        locations=_locations(row.places, place_rows),
        model=row.model,
        place_spans=_place_spans(row.places, place_rows),
    )
    return StoredClaim(id=row.id, document_id=row.document_id, file_name=file_name, claim=claim, origin=row.origin,
                       review_status=row.review_status)


# The full-text index of the claims (migration 0012), made by each backend's own full-text search
# (claimledger.dialects), not by the models.
_CLAIMS_SEARCH = table("claims_search", sql_column("rowid", Integer))
# What looking a search's words up costs, in microseconds a claim (measured at a million claims; see
# Ledger._words_strategy): ordering a claim found ("join"), gathering one into the set of a walk, reading one of the
# order's index and asking the set ("walk"), asking the full-text index whether one holds the words ("each").
WORDS_COSTS = {"order": 2.0, "gather": 0.2, "read": 0.1, "ask": 30.0}


def _count_claims(session: Session, query: ClaimQuery, most: int) -> int:
    """How many claims a search finds, counted to `most` + 1 at most."""
    counted = select(literal_column("1")).select_from(_ClaimRow).where(
        *_claim_filters(query, "join" if query.text else None)).limit(most + 1)
    return session.scalar(select(func.count()).select_from(counted.subquery())) or 0


def _counted_query(query: ClaimQuery) -> ClaimQuery:
    """The search a total or facets count: the same claims in any order and page."""
    return replace(query, sort="ledger", after=None, limit=0)


def _claim_filters(query: ClaimQuery, words: str | None = None) -> list[ColumnElement[bool]]:
    """The conditions of a search's claims; its words looked up as `words` says (Ledger._words_strategy), or by
    the claims' ids in the index's (None: a condition that stands on its own, with no other table to join)."""
    filters: list[ColumnElement[bool]] = []
    if query.text and (words_found := search_words(query.text)):
        holds = holds_words(words_found)
        if words == "each":
            filters.append(exists(select(literal_column("1")).select_from(_CLAIMS_SEARCH).where(
                holds, _CLAIMS_SEARCH.c.rowid == _ClaimRow.id)))
        elif words == "join":  # the index's rows joined to the claims': SQLite reads the claims found, and them only
            filters += [holds, _CLAIMS_SEARCH.c.rowid == _ClaimRow.id]
        else:
            # For a walk "id + 0", not "id": SQLite would look each id of the set up by the claims' key and sort them
            # all, where the walk reads the order's index and asks the set.
            ids = _ClaimRow.id + 0 if words == "walk" else _ClaimRow.id
            filters.append(ids.in_(select(_CLAIMS_SEARCH.c.rowid).where(holds)))
    for name in ("kind", "outcome", "review_status", "origin"):
        if (value := getattr(query, name)) is not None:
            filters.append(getattr(_ClaimRow, name) == value)
    if query.claimant is not None:
        filters.append(_ClaimRow.claimant == query.claimant)  # a NOCASE column: its index serves the comparison
    for name in ("affected", "actor"):
        if (value := getattr(query, name)) is not None:
            filters.append(func.lower(getattr(_ClaimRow, name)) == value.lower())
    if query.what is not None:
        # One of the JSON list's items, whole: "tank" finds ["tank", "armored_vehicle"], not "tanker".
        item = json.dumps(query.what, ensure_ascii=False).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        filters.append(type_coerce(_ClaimRow.what, Text).like(f"%{item}%", escape="\\"))
    if query.place is not None or query.place_ids:
        # A place as the claim names it, or any claim resolved to the same gazetteer place under its other names.
        named = _ClaimPlaceRow.place == query.place if query.place is not None else false()
        same_place = _ClaimPlaceRow.place_id.in_(query.place_ids) if query.place_ids else false()
        filters.append(_ClaimRow.id.in_(select(_ClaimPlaceRow.claim_id).where(or_(named, same_place))))
    if query.since is not None:
        filters.append(_ClaimRow.date_end >= query.since.isoformat())
    if query.until is not None:
        filters.append(_ClaimRow.date_start <= query.until.isoformat())
    if query.document_id is not None:
        filters.append(_ClaimRow.document_id == query.document_id)
    return filters


# Undated claims sort after every day, and vague amounts below every figure.
_NO_DAY = "9999-12-31"
_NO_VALUE = -1.0


def _sort_keys(sort: str) -> list[ColumnElement[Any]]:
    """The columns a search is ordered by, the claim's id last (it makes every position unique)."""
    # The defaults written into the SQL, not bound: the expression is then the one of its index (migration 0013).
    if sort == "date":
        return [func.coalesce(_ClaimRow.date_start, literal_column(f"'{_NO_DAY}'")), _ClaimRow.id]
    if sort == "value":
        return [func.coalesce(_ClaimRow.value, literal_column(repr(_NO_VALUE))), _ClaimRow.id]
    return [_ClaimRow.document_id, _ClaimRow.span_start, _ClaimRow.span_end, _ClaimRow.id]


def _cursor(values: Sequence[Any], sort: str) -> str:
    return json.dumps([sort, *values])


def _after_cursor(keys: list[ColumnElement[Any]], cursor: str, sort: str) -> ColumnElement[bool]:
    """The claims after the position `cursor` names, in the order of `keys`."""
    try:
        given_sort, *values = json.loads(cursor)
        if given_sort != sort or len(values) != len(keys):
            raise ValueError
    except (ValueError, TypeError):
        raise ValueError("the page cursor is not one of this search's: start again from the first page") from None
    if sort == "value":  # largest first, then by id
        return or_(keys[0] < values[0], and_(keys[0] == values[0], keys[1] > values[1]))
    return tuple_(*keys) > tuple_(*values)


# The fields of a claim a reviewer may correct, as the interchange format names them.
CORRECTABLE_FIELDS = ("value", "qualifier", "unit", "kind", "outcome", "what", "affected", "actor", "claimant",
                      "speaker", "date", "cumulative", "places")


def _field_value(row: _ClaimRow, name: str) -> Any:
    value = getattr(row, name)
    if name == "value":
        return _stored_value(value)
    return list(value) if isinstance(value, list) else value


def _set_field(session: Session, row: _ClaimRow, name: str, value: Any, locations: Sequence[Location] = ()) -> None:
    """A claim row's field set to a reviewer's value, with what the ledger keeps beside it: the date's first and last
    day, the places' rows (resolved where `locations` or the row's earlier places resolve them)."""
    if name == "date":
        row.date = value
        row.date_start, row.date_end = ((day.isoformat() for day in date_bounds(value)) if value is not None
                                        else (None, None))
        return
    if name != "places":
        setattr(row, name, value)
        return
    # Read before the rows go: a place the claim named before keeps where it was resolved and named.
    earlier = {place.place.casefold(): (Location(place.place, place.place_id, place.display, place.kind, place.lat,
                                                 place.lon, place.precision),
                                        (place.span_start, place.span_end) if place.span_start is not None else None)
               for place in session.scalars(select(_ClaimPlaceRow).where(_ClaimPlaceRow.claim_id == row.id))}
    located = {location.text.casefold(): (location, None) for location in locations}
    session.execute(delete(_ClaimPlaceRow).where(_ClaimPlaceRow.claim_id == row.id))
    row.places = list(value)
    for place in {name.casefold(): name for name in reversed(value)}.values():
        location, span = located.get(place.casefold()) or earlier.get(place.casefold()) or (None, None)
        session.add(_claim_place_row(row.id, place, span, location))


def _with_evidence(note: str, evidence: Sequence[str]) -> str:
    return note if not evidence else f"{note} (evidence: {' '.join(evidence)})" if note else \
        f"evidence: {' '.join(evidence)}"


def _audit_row(row: _ClaimRow, user: StoredUser | None, at: dt.datetime, action: str, field: str | None,
               before: Any, after: Any, note: str) -> _AuditRow:
    return _AuditRow(at=_timestamp(at), user_id=user.id if user else None, user_name=user.name if user else None,
                     action=action, document_id=row.document_id, span_start=row.span_start, span_end=row.span_end,
                     claim_id=row.id, field=field, before=json.dumps(before), after=json.dumps(after), note=note)


def _audit_entry(row: _AuditRow) -> AuditEntry:
    return AuditEntry(id=row.id, at=dt.datetime.fromisoformat(row.at), user_name=row.user_name, action=row.action,
                      document_id=row.document_id, span=(row.span_start, row.span_end), claim_id=row.claim_id,
                      field=row.field, before=json.loads(row.before) if row.before is not None else None,
                      after=json.loads(row.after) if row.after is not None else None, note=row.note)


def _stored_review(row: _ReviewRow, user_name: str | None) -> StoredReview:
    return StoredReview(id=row.id, status=row.status, note=row.note, evidence=tuple(row.evidence),
                        user_name=user_name, created_at=dt.datetime.fromisoformat(row.created_at))


def _stored_user(row: _UserRow) -> StoredUser:
    return StoredUser(id=row.id, name=row.name, role=row.role, active=bool(row.active),
                      created_at=dt.datetime.fromisoformat(row.created_at), last_login_at=_moment(row.last_login_at),
                      password_hash=row.password_hash)


def _stored_api_token(row: _ApiTokenRow, user: _UserRow) -> StoredApiToken:
    return StoredApiToken(id=row.id, user=_stored_user(user), label=row.label,
                          created_at=dt.datetime.fromisoformat(row.created_at),
                          last_used_at=_moment(row.last_used_at), revoked_at=_moment(row.revoked_at))
