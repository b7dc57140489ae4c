"""The web view of a ledger: its documents and claims to read, and the accounts of the people who log in.

Pages (HTML, Jinja2 with autoescaping):

    /                           the documents and a summary of the claims
    /documents/{id}             a document's exact text with every claim highlighted
    /claims                     the claims found by words and filters, with the counts of each facet, in pages
    /claims/{id}                a claim in its sentence: its fields, its figure's history, the other claimants'
                                figures of its metric, its disputes, its review history, and (for analysts) the
                                forms to review and correct it
    /allegations                the allegations and denials, filtered, and the contested acts
    /login, /logout             logging in (a form) and out
    /users                      the users, each active one with a button to disable them (admins only)
    /api/documents              the documents as JSON (without their text)
    /api/documents/{id}         one document as JSON, with its text
    /api/documents/{id}/claims  its claims as JSON: `Claim.to_record()` plus the claim's id
    /api/claims                 a page of the claims found, as JSON: the parameters of /claims, `next_after`;
                                `total` is counted to 1,000, to 10,000 once the search is asked for again
                                (`total_exact` false beyond)
    /api/claims/{id}            one claim as JSON, with its reviews and its audit trail
    /api/claims/{id}/reviews    POST: review a claim; /api/claims/{id}/corrections POST: correct it;
    /api/documents/{id}/claims  POST: add a claim (writes need an analyst's API token: Authorization: Bearer)
    /api/audit                  the audit trail
    /openapi.json, /api         the API's OpenAPI description, and a page of it to read
    /api/allegations            the allegations as JSON
    /api/me                     who the request is from: a session's or an API token's user

Pages read the ledger through one read-only ledger opened at start-up; only the accounts (sessions, log-ins,
failed log-ins, a disabled user) and the reviews (statuses, corrections, the audit trail: `claimledger.review`)
write to it, through one ledger of their own. Reading is public unless the app is private
(`claimledger serve --private`): then every page and API route but /login and /static asks for a user, by a
session (a redirect to /login) or an API token (401). A route that needs more than reading depends on
`require(role)`; every form it gets carries the CSRF token of the browser's cookie (`claimledger.accounts`).

API errors are JSON: {"detail": what went wrong and what to do, "code": a word to test for}.
Document text is untrusted, and so are its title, publisher and file name: they are only ever inserted escaped,
and the Content-Security-Policy allows scripts and styles from the app alone (/static, /vendor), with Trusted
Types, so text such as "<script>" shows literally and never runs. SECURITY_HEADERS go with every response, error pages and static files
too (tests/test_web_hostile.py proves both in a browser).
The page takes no side: every figure is shown as a claim by its claimant, coloured by the
kind of claim, never by who made it.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import ipaddress
import logging
import os
import re
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.templating import Jinja2Templates

from claimledger.accounts import (SESSION_LIFETIME, Accounts, Role, csrf_token, csrf_token_matches, new_form_key,
                                  role_allows, utc_minute)
from claimledger.errors import (AccountError, CsrfError, LoginFailedError, LoginNeedsHttpsError, LoginRateLimitedError,
                                NotLoggedInError, ReviewError, RoleRefusedError, UnknownUserError)
from claimledger.export import (MappedPlace, claim_reviews, claim_rows, claim_sources, geojson, ledger_map,
                                sentence_bounds, strict_json, write_csv, write_parquet)
from claimledger.gazetteer import Gazetteer
from claimledger.ledger import (CLAIM_SORTS, ClaimPage, ClaimQuery, Ledger, StoredClaim, StoredDocument, StoredUser,
                                server_url)
from claimledger.pipeline import ledger_gazetteer
from claimledger.reconcile import (Figure, FigurePoint, claims_compared, claims_of_metric, compare, days_of_claims,
                                   document_days, figures, figures_of_claim)
from claimledger.review import CORRECTABLE_FIELDS, REVIEW_STATUSES, Reviews
from claimledger.contested import contested_acts
from claimledger.models import ALLEGATION_SUBJECTS, KINDS, OUTCOMES, Claim

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# Scripts and styles only from this site (/static, /vendor); no inline script, no inline style, no
# third-party origin, no framing, no plugins; forms sent only to this site. Trusted Types with no
# policy at all: no script may hand a string to a sink that parses it as HTML or code (innerHTML,
# document.write, eval), so even a bug of our own in app.js cannot turn document text into markup.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ]
)
# The powerful features a page may ask the browser for; the web view uses none of them, so a page can ask for none.
# Only features Chromium knows: it logs an error for every name it does not.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer",
                    "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
                    "xr-spatial-tracking")
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    # No page of another site may load ours (the API's JSON, a script) as a resource of its own.
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
# Browsers keep to https for a year a site that sent this over https (behind a TLS proxy, README); over plain http,
# as on 127.0.0.1, it means nothing (RFC 6797 has browsers ignore it) and is not sent.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"

# The parameters of a search of the claims (/claims, /api/claims), and the one each facet's values filter by.
SEARCH_PARAMETERS = ("q", "kind", "outcome", "what", "claimant", "affected", "actor", "place", "since", "until",
                     "review_status", "document_id", "origin", "sort", "after", "limit")
FACET_PARAMETERS = {"kind": "kind", "outcome": "outcome", "claimant": "claimant", "affected": "affected",
                    "actor": "actor", "review_status": "review_status", "document": "document_id"}
DEFAULT_PAGE_SIZE = 50
# The browser assets installed with npm (web/package.json, `make install`), by the name /vendor/ serves them as.
VENDOR_DIR = HERE / "node_modules"
VENDOR_ASSETS = {"chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
                 "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
                 "countries-50m.json": "world-atlas/countries-50m.json"}
DOWNLOADS = (("csv", "CSV"), ("parquet", "Parquet"), ("jsonl", "JSON lines"), ("geojson", "GeoJSON"),
             ("claimreview", "ClaimReview (reviewed claims)"))
EXPORT_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
                      "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet",
                      "claimreview": "application/ld+json"}
MAX_PAGE_SIZE = 500
# How long the claims page waits for its facets to be counted before it is shown without them (they go on being
# counted, and are there when the page is asked for again).
FACETS_WAIT = 0.1
# SQLite integers are signed 64-bit; a larger id cannot name a row.
_MAX_ID = 2**63 - 1

QUALIFIER_LABELS = {
    "exact": "exact",
    "approx": "approximately",
    "more_than": "more than",
    "at_least": "at least",
    "almost": "almost",
    "up_to": "up to",
    "enumerated": "enumerated",
}
UNATTRIBUTED = "(unattributed)"
NONE_SHOWN = "—"


# --------------------------------------------------------------------------- text marking


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of document text covered by the same set of claims (possibly none)."""

    start: int
    end: int
    text: str
    claims: tuple[StoredClaim, ...]  # the claims covering the whole run, innermost first
    anchors: tuple[int, ...]  # ids of the claims whose span begins at `start`


def span_in_text(claim_span: Sequence[int], text: str) -> bool:
    start, end = claim_span
    return 0 <= start < end <= len(text)


def segment_text(text: str, claims: Sequence[StoredClaim]) -> list[Segment]:
    """Cut `text` at every claim boundary into non-overlapping runs.

    Overlapping and nested spans become consecutive runs, each listing every claim that covers
    it, so the page never needs nested or crossing <mark> elements. Claims whose span does not
    lie inside the text are left out (the claims table flags them).
    """
    placed = [c for c in claims if span_in_text(c.claim.span, text)]
    cuts = sorted({0, len(text)} | {c.claim.span[0] for c in placed} | {c.claim.span[1] for c in placed})
    starting: dict[int, list[StoredClaim]] = defaultdict(list)
    for c in placed:
        starting[c.claim.span[0]].append(c)

    def innermost_first(c: StoredClaim) -> tuple[int, int, int]:
        start, end = c.claim.span
        return (end - start, start, c.id)

    segments: list[Segment] = []
    active: list[StoredClaim] = []
    for start, end in zip(cuts, cuts[1:]):
        active = [c for c in active if c.claim.span[1] > start] + starting.get(start, [])
        segments.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                claims=tuple(sorted(active, key=innermost_first)),
                anchors=tuple(sorted(c.id for c in starting.get(start, []))),
            )
        )
    return segments


def kind_class(kind: str | None) -> str:
    return f"k-{kind}" if kind in KINDS else "k-other"


def format_value(value: int | float | None) -> str:
    if value is None:
        return "no figure (vague amount)"
    if isinstance(value, bool):  # not expected, but never print True as 1
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return NONE_SHOWN
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def claim_fields(stored: StoredClaim) -> list[tuple[str, str]]:
    """Every field of a claim, labelled, as shown in the side panel."""
    c = stored.claim
    return [
        ("claim", f"#{stored.id}"),
        ("value", format_value(c.value)),
        ("qualifier", QUALIFIER_LABELS.get(c.qualifier, c.qualifier)),
        ("unit", _text(c.unit)),
        ("kind", _text(c.kind)),
        ("outcome", _text(c.outcome)),
        ("what", _text(c.what)),
        ("claimant", _text(c.claimant) if c.claimant else UNATTRIBUTED),
        ("speaker", _text(c.speaker)),
        ("affected", _text(c.affected)),
        ("actor", _text(c.actor)),
        ("date", _text(c.date) + (f" ({c.date_precision})" if c.date and c.date_precision else "")),
        ("cumulative", _text(c.cumulative)),
        ("places", _places_detail(c)),
        ("quote", _text(c.quote)),
        ("span", f"{c.span[0]}–{c.span[1]}"),
        ("document", _text(c.doc)),
        ("origin", _text(getattr(stored, "origin", None))),
        ("extractor", _text(c.extractor_version)),
    ]


def _places_detail(claim: Claim) -> str:
    """Each place with both sides' names, its kind and ACLED-style precision, or "unresolved"."""
    details = []
    for loc in claim.locations:
        if loc.place_id is None:
            details.append(f"{loc.text} (unresolved)")
        else:
            details.append(f"{loc.label()} ({loc.kind}, precision {loc.precision}; {loc.lat:.4f}, {loc.lon:.4f})")
    return "; ".join(details) if details else _text(claim.places)


def claim_tooltip(stored: StoredClaim) -> str:
    """The hover text of one claim: what a reader needs to judge the figure at a glance."""
    c = stored.claim
    value = format_value(c.value)
    if c.value is not None and c.qualifier != "exact":
        value += f" ({QUALIFIER_LABELS.get(c.qualifier, c.qualifier)})"
    if c.unit and c.unit != "count":
        value += f" {c.unit}"
    lines = [
        f"Claim #{stored.id}: {c.kind} / {c.outcome}",
        f"value: {value}",
        f"what: {_text(c.what)}",
        f"claimant: {c.claimant or UNATTRIBUTED}",
        f"affected: {_text(c.affected)}",
        f"actor: {_text(c.actor)}",
        f"date: {_text(c.date)}",
        f"places: {c.place_labels()}",
    ]
    return "\n".join(lines)


def render_marked_text(text: str, claims: Sequence[StoredClaim]) -> Markup:
    """The document text, escaped, with each claimed run wrapped in a <mark>.

    Every piece of text and every attribute value goes through `escape`; nothing from the
    document or the claims reaches the page unescaped.
    """
    out: list[str] = []
    for seg in segment_text(text, claims):
        for claim_id in seg.anchors:
            out.append(f'<span class="anchor" id="claim-{claim_id}"></span>')
        if not seg.claims:
            out.append(str(escape(seg.text)))
            continue
        ids = " ".join(str(c.id) for c in seg.claims)
        classes = ["claim", kind_class(seg.claims[0].claim.kind)]
        if len(seg.claims) > 1:
            classes.append("overlap")
        title = "\n\n".join(claim_tooltip(c) for c in seg.claims)
        out.append(
            f'<mark class="{" ".join(classes)}" data-claim-ids="{escape(ids)}" '
            f'data-kind="{escape(seg.claims[0].claim.kind)}" title="{escape(title)}" '
            f'tabindex="0" role="button">{escape(seg.text)}</mark>'
        )
    return Markup("".join(out))


# --------------------------------------------------------------------------- JSON shapes


def _iso(value: dt.date | dt.datetime | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def document_json(doc: StoredDocument, *, with_text: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": doc.id,
        "content_hash": doc.content_hash,
        "file_name": doc.file_name,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": _iso(doc.published),
        "language": doc.language,
        "media_type": doc.media_type,
        "profile": doc.profile,
        "char_count": doc.char_count,
        "extractor_version": doc.extractor_version,
        "ingested_at": _iso(doc.ingested_at),
        "claim_count": doc.claim_count,
    }
    if with_text:
        record["text"] = doc.text
    return record


def claim_json(stored: StoredClaim) -> dict[str, Any]:
    return stored.to_record()


# --------------------------------------------------------------------------- the app


def _make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # everything, whatever the template's extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["value"] = format_value
    env.filters["text"] = _text
    env.filters["kind_class"] = kind_class
    env.filters["qualifier"] = lambda q: QUALIFIER_LABELS.get(q, q)
    env.filters["utc_minute"] = utc_minute
    # A value of the audit trail (a JSON value: text, number, list, true/false) as a reader reads it.
    env.filters["json_value"] = lambda v: NONE_SHOWN if v is None else ", ".join(map(str, v)) if isinstance(v, list) \
        else ("yes" if v else "no") if isinstance(v, bool) else str(v)
    env.globals["KINDS"] = KINDS
    env.globals["NONE_SHOWN"] = NONE_SHOWN
    env.globals["UNATTRIBUTED"] = UNATTRIBUTED
    return Jinja2Templates(env=env)


# The names a browser on this machine reaches the server by. Any other Host header is refused: a page elsewhere that
# points its own name at 127.0.0.1 (DNS rebinding) would otherwise read the ledger through the visitor's browser.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# Characters of a document's text shown on one page: a longer text is shown in parts of this size, one a page
# (/documents/N?part=2), and stays whole in the ledger and the API.
MAX_SHOWN_CHARS = 1_000_000

# The cookies are HttpOnly (no script reads them) and Secure, always: Chromium keeps a Secure cookie from
# http://127.0.0.1 and http://localhost, which it counts as secure origins (the browser test of tests/test_web.py logs
# in so), and drops it over plain http to any other address, where a log-in is refused (LoginNeedsHttpsError).
# __Host-: the browser keeps such a cookie only when Secure, for this host alone and the whole site, so no other host
# of the domain can set it.
SESSION_COOKIE = "__Host-claimledger-session"
# The log-in page's form key (claimledger.accounts.new_form_key), for the CSRF token of a browser with no session yet.
FORM_COOKIE = "__Host-claimledger-form"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/login"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# The HTTP status of each refusal of an account rule, and the heading of its page.
ACCOUNT_ERROR_STATUS: dict[type[AccountError], int] = {
    NotLoggedInError: 401, LoginFailedError: 401, RoleRefusedError: 403, CsrfError: 403, LoginNeedsHttpsError: 403,
    UnknownUserError: 404, LoginRateLimitedError: 429}
# The code of each error the API answers with (beside its "detail"), by HTTP status; an account's or a review's
# refusal has one of its own (its class's name).
ERROR_CODES = {400: "bad_request", 401: "not_logged_in", 403: "forbidden", 404: "not_found", 422: "invalid_request",
               429: "too_many_attempts", 500: "internal_error"}
ERROR_HEADINGS = {400: "Refused", 401: "Log in first", 403: "Refused", 404: "Not found", 429: "Too many attempts"}


def require(needed: Role) -> Callable[[Request], StoredUser]:
    """A dependency for a route that needs a user of the role `needed` or above: without a user it raises
    NotLoggedInError (a redirect to the log-in page, or a 401), for a user of a lesser role RoleRefusedError (403)."""

    def allowed_user(request: Request) -> StoredUser:
        user: StoredUser | None = request.state.user
        if user is None:
            raise NotLoggedInError()
        if not role_allows(user.role, needed):
            raise RoleRefusedError(user.name, user.role, needed.value)
        return user

    return allowed_user


async def forms_from_this_site(request: Request) -> None:
    """Refuse a form (a request of any method but GET, HEAD and OPTIONS) that does not carry the CSRF token of the
    browser's cookie: on the log-in page that of its form key, elsewhere that of the session.

    A dependency of every route. (A write of the API for a script, which sends an API token and no form, is to be
    let through here by its Authorization header: no browser adds one of itself to a request from another site.)"""
    if request.method in SAFE_METHODS:
        return
    if request.url.path.startswith("/api/") and "authorization" in request.headers:
        return  # a script's write, by its API token: the request names no user by a cookie (see `requester`)
    key = request.cookies.get(FORM_COOKIE if request.url.path == LOGIN_PATH else SESSION_COOKIE)
    if not key and request.url.path.startswith("/api/"):
        raise NotLoggedInError()  # a write of the API by no one: it needs a token
    if not key:
        raise CsrfError(cookie_missing=True)
    token = (await request.form()).get(CSRF_FIELD)
    if not csrf_token_matches(key, token if isinstance(token, str) else None):
        raise CsrfError(cookie_missing=False)


def _open_to_all(path: str) -> bool:
    """What a private app shows to anyone: the log-in page, and the styles, scripts and icon it is drawn with."""
    return path in (LOGIN_PATH, "/favicon.ico") or path.startswith(("/static/", "/vendor/"))


def _local_path(wanted: str) -> str:
    """Where to go after logging in: a path of this site, never another site ("//elsewhere.example")."""
    return wanted if wanted.startswith("/") and not wanted.startswith(("//", "/\\")) else "/"


def _client_address(request: Request) -> str:
    # Behind a proxy on this machine, uvicorn takes the client's address from its X-Forwarded-For.
    return request.client.host if request.client else "unknown"


def _from_this_machine(request: Request) -> bool:
    try:
        return ipaddress.ip_address(_client_address(request)).is_loopback
    except ValueError:
        return False


def _set_cookie(response: Response, name: str, value: str, *, max_age: int | None,
                samesite: Literal["lax", "strict"]) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite=samesite)


def _delete_cookie(response: Response, name: str, *, samesite: Literal["lax", "strict"]) -> None:
    # With the attributes it was set with: a browser keeps a __Host- cookie whose deletion is not Secure.
    response.delete_cookie(name, path="/", secure=True, httponly=True, samesite=samesite)


def create_app(db_path: str | Path, host: str = "127.0.0.1", *, private: bool = False) -> FastAPI:
    """The web app over the ledger at `db_path` (a file, or a PostgreSQL database's URL), answering requests addressed to this machine or to `host` (the
    address it is served on). Its pages only read the ledger; the accounts write to their own tables. `private`:
    only users who log in may read."""
    # Open it once now, so that a file that is not a ledger (or one of another schema) is reported at start-up
    # rather than on every page. Read-only: the database refuses every write, and the view never upgrades a ledger.
    with Ledger(db_path, read_only=True):
        pass
    # The one ledger that writes, for the accounts and the reviews alone; opened once (the schema is current: checked
    # just now), and shared by the requests' threads, each of which SQLAlchemy hands a connection of its own. The pages
    # read through one read-only ledger, opened once too.
    accounts = Accounts(Ledger(db_path))
    reader = Ledger(db_path, read_only=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        accounts.ledger.close()
        reader.close()

    templates = _make_templates()
    app = FastAPI(
        title="claimledger",
        docs_url=None,  # the interactive docs load third-party scripts: not under this CSP
        redoc_url=None,
        dependencies=[Depends(forms_from_this_site)],
        lifespan=lifespan,
    )

    def requester(request: Request) -> StoredUser | None:
        """The user a request comes from: by its API token when it carries an Authorization header (and then by
        that alone), else by its session cookie."""
        authorization = request.headers.get("authorization")
        if authorization is not None:
            scheme, _, secret = authorization.partition(" ")
            return accounts.api_token_user(secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
        secret = request.cookies.get(SESSION_COOKIE)
        return accounts.session_user(secret) if secret else None

    def login_first(request: Request) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(NotLoggedInError()), "code": ERROR_CODES[401]}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{LOGIN_PATH}?{urlencode({'next': wanted})}", status_code=303)

    # The first middleware added runs innermost: after the host is checked, inside the security headers.
    @app.middleware("http")
    async def identify(request: Request, call_next: Any) -> Response:
        # Every page names who is logged in, so each request is identified, before any route runs.
        request.state.user = await run_in_threadpool(requester, request)
        if private and request.state.user is None and not _open_to_all(request.url.path):
            return login_first(request)
        return await call_next(request)

    # Added before the security headers' middleware, so that it runs inside it: a refused host gets them too. Served
    # on every address (told so with --host 0.0.0.0), it answers whatever name the network reaches it by.
    served_as = ["*"] if host in ("0.0.0.0", "::", "") else [host]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOCAL_HOSTS, *served_as])
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Asked for by the browser itself on a page with no <link rel="icon"> (the API's JSON, a static file): without
        # it, every such page logs a 404 in the browser's console.
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    @contextmanager
    def open_ledger() -> Iterator[Ledger]:
        # The shared reader: each request's thread gets a connection of its own from its pool.
        yield reader

    def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        user: StoredUser | None = request.state.user
        session = request.cookies.get(SESSION_COOKIE)
        context = {"ledger_name": reader.label, "user": user,
                   # The token of the log-out button, and of every form of a logged-in page.
                   "session_form_token": csrf_token(session) if user is not None and session else None,
                   "is_admin": user is not None and role_allows(user.role, Role.admin), **context}
        response = templates.TemplateResponse(request, name, context, status_code=status_code)
        if user is not None:
            # Kept in no cache: after log-out, the back button shows nothing that was shown to the user.
            response.headers["Cache-Control"] = "no-store"
        return response

    def refusal(request: Request, status_code: int, message: str, code: str | None = None) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message, "code": code or ERROR_CODES.get(status_code, "refused")},
                                status_code=status_code)
        return page(request, "error.html", {"heading": ERROR_HEADINGS.get(status_code, "Refused"),
                                            "message": message}, status_code=status_code)

    def not_found(request: Request, what: str) -> Response:
        return refusal(request, 404, what)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        try:
            response: Response = await call_next(request)
        except Exception:  # noqa: BLE001 - any failure of a page is answered, with the headers, and logged
            logger.exception("%s %s failed", request.method, request.url.path)
            response = (JSONResponse({"detail": "internal error", "code": ERROR_CODES[500]}, status_code=500)
                        if request.url.path.startswith("/api/") else
                        HTMLResponse("<!doctype html><title>Error</title><p>This page failed; the error is in the "
                                     "server's log.</p>", status_code=500))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.scheme == "https":
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            detail = exc.detail if exc.detail and exc.detail != "Not Found" else "No such page."
            return not_found(request, detail)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        # A page answers a browser with a page, which names what was wrong and not the value sent: that is whatever
        # a link of another site put in the address ("?part=<script>...").
        wrong = "; ".join(f"{'.'.join(str(part) for part in error['loc'][1:])}: {error['msg']}"
                          for error in exc.errors())
        return refusal(request, 400, f"The address does not fit this page ({wrong}).")

    @app.exception_handler(AccountError)
    async def account_refusal(request: Request, exc: AccountError) -> Response:
        if isinstance(exc, NotLoggedInError):
            return login_first(request)
        return refusal(request, ACCOUNT_ERROR_STATUS.get(type(exc), 400), str(exc), _error_code(exc))

    # ------------------------------------------------------------------ accounts

    def login_form(request: Request, next_path: str, *, name: str = "",
                   refused: AccountError | None = None) -> Response:
        key = request.cookies.get(FORM_COOKIE) or new_form_key()
        response = page(request, "login.html", {
            "login_form_token": csrf_token(key), "next": _local_path(next_path), "name": name,
            "message": str(refused) if refused else None},
            status_code=ACCOUNT_ERROR_STATUS[type(refused)] if refused else 200)
        response.headers["Cache-Control"] = "no-store"
        if isinstance(refused, LoginRateLimitedError):
            response.headers["Retry-After"] = str(refused.retry_after)
        _set_cookie(response, FORM_COOKIE, key, max_age=None, samesite="strict")
        return response

    @app.get(LOGIN_PATH, response_class=HTMLResponse)
    def login_page(request: Request, next_path: Annotated[str, Query(alias="next")] = "/") -> Response:
        return login_form(request, next_path)

    @app.post(LOGIN_PATH, response_class=HTMLResponse)
    def log_in(request: Request, name: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
               next_path: Annotated[str, Form(alias="next")] = "/") -> Response:
        try:
            if request.url.scheme != "https" and not _from_this_machine(request):
                raise LoginNeedsHttpsError()
            session = accounts.log_in(name, password, _client_address(request))
        except (LoginFailedError, LoginRateLimitedError, LoginNeedsHttpsError) as refused:
            return login_form(request, next_path, name=name, refused=refused)
        replaced = request.cookies.get(SESSION_COOKIE)
        if replaced:  # the browser's session before this log-in, whoever's it was, ends with its cookie
            accounts.log_out(replaced)
        response = RedirectResponse(_local_path(next_path), status_code=303)
        _set_cookie(response, SESSION_COOKIE, session.secret, max_age=int(SESSION_LIFETIME.total_seconds()),
                    samesite="lax")
        _delete_cookie(response, FORM_COOKIE, samesite="strict")
        return response

    @app.post("/logout")
    def log_out(request: Request) -> Response:
        secret = request.cookies.get(SESSION_COOKIE)
        if secret:
            accounts.log_out(secret)
        response = RedirectResponse(LOGIN_PATH, status_code=303)
        _delete_cookie(response, SESSION_COOKIE, samesite="lax")
        return response

    @app.get("/users", response_class=HTMLResponse, dependencies=[Depends(require(Role.admin))])
    def users_page(request: Request) -> Response:
        return page(request, "users.html", {"users": accounts.users()})

    @app.post("/users/{name}/disable", dependencies=[Depends(require(Role.admin))])
    def disable_user(name: str) -> Response:
        accounts.disable_user(name)
        return RedirectResponse("/users", status_code=303)

    @app.get("/api/me")
    def api_me(user: Annotated[StoredUser, Depends(require(Role.viewer))]) -> dict[str, str]:
        return {"name": user.name, "role": user.role}

    # ------------------------------------------------------------------ the ledger

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> Response:
        with open_ledger() as ledger:
            documents = ledger.documents()
            summary = ledger.summary()
        by_kind = sorted(summary.by_kind.items(), key=lambda kv: (-kv[1], str(kv[0])))
        by_claimant = sorted(
            ((name or UNATTRIBUTED, n) for name, n in summary.by_claimant.items()),
            key=lambda kv: (-kv[1], kv[0]),
        )
        return page(
            request,
            "index.html",
            {"documents": documents, "summary": summary, "by_kind": by_kind, "by_claimant": by_claimant},
        )

    @app.get("/documents/{document_id:int}", response_class=HTMLResponse)
    def document_view(request: Request, document_id: int, part: int = 1) -> Response:
        return document_page(request, document_id, part)

    def document_page(request: Request, document_id: int, part: int = 1, *, message: str = "",
                      status_code: int = 200) -> Response:
        doc, claims = _load(document_id, with_claims=True)
        if doc is None:
            return not_found(request, f"There is no document #{document_id} in this ledger.")
        # A page of a text of tens of megabytes would be several times larger, more than a browser can open.
        parts = max(1, -(-len(doc.text) // MAX_SHOWN_CHARS))
        if not 1 <= part <= parts:
            return not_found(request, f"Document #{document_id} has {parts} part{'s' if parts > 1 else ''}, "
                                      f"not a part {part}.")
        claims = sorted(claims, key=lambda c: (c.claim.span[0], -c.claim.span[1], c.id))
        offset = (part - 1) * MAX_SHOWN_CHARS
        shown = doc.text[offset:offset + MAX_SHOWN_CHARS]
        here = [c for c in claims if offset <= c.claim.span[0] and c.claim.span[1] <= offset + len(shown)]
        here_ids = {c.id for c in here}
        rows = [
            {
                "stored": c,
                "claim": c.claim,
                # The part of the text a claim elsewhere is shown in.
                "in_part": (c.claim.span[0] // MAX_SHOWN_CHARS + 1
                            if span_in_text(c.claim.span, doc.text) and c.id not in here_ids else None),
                "placed": span_in_text(c.claim.span, doc.text),
                "quote_matches": span_in_text(c.claim.span, doc.text)
                and doc.text[c.claim.span[0] : c.claim.span[1]] == c.claim.quote,
                "fields": claim_fields(c),
            }
            for c in claims
        ]
        kinds_present = {c.claim.kind for c in claims}
        return page(
            request,
            "document.html",
            {
                "doc": doc,
                # The claims of this part, their spans counted from its start.
                "marked_text": render_marked_text(shown, [replace(c, claim=replace(
                    c.claim, span=(c.claim.span[0] - offset, c.claim.span[1] - offset))) for c in here]),
                "shown_chars": len(shown),
                "part": part,
                "parts": parts,
                "offset": offset,
                "rows": rows,
                "kinds_present": kinds_present,
                "may_review": (user := request.state.user) is not None and role_allows(user.role, Role.analyst),
                "outcomes": sorted({outcome for outcomes in OUTCOMES.values() for outcome in outcomes}),
                "message": message,
            },
            status_code=status_code,
        )

    @app.post("/documents/{document_id:int}/claims", response_class=HTMLResponse)
    def add_claim(request: Request, document_id: int, user: Annotated[StoredUser, Depends(require(Role.analyst))],
                  start: Annotated[str, Form()] = "", end: Annotated[str, Form()] = "",
                  note: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
                  outcome: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
                  what: Annotated[str, Form()] = "", claimant: Annotated[str, Form()] = "",
                  affected: Annotated[str, Form()] = "", actor: Annotated[str, Form()] = "",
                  date: Annotated[str, Form()] = "", places: Annotated[str, Form()] = "") -> Response:
        typed = {"kind": kind, "outcome": outcome, "value": value, "what": what, "claimant": claimant,
                 "affected": affected, "actor": actor, "date": date, "places": places}
        try:
            if not (start.strip().isdigit() and end.strip().isdigit()):
                raise ReviewError("choose the claim's words in the text: its start and end are numbers of characters")
            added = reviews().add_claim(
                document_id, user, (int(start), int(end)), {k: v for k, v in typed.items() if v.strip()}, note=note)
        except ReviewError as err:
            if reader.document(document_id) is None:
                return not_found(request, f"There is no document #{document_id} in this ledger.")
            return document_page(request, document_id, message=str(err), status_code=400)
        return RedirectResponse(f"/claims/{added.id}", status_code=303)

    @app.get("/allegations", response_class=HTMLResponse)
    def allegations_page(request: Request, subject: str | None = None, actor: str | None = None,
                         claimant: str | None = None, contested: bool = False) -> Response:
        with open_ledger() as ledger:
            found = ledger.allegations(subject=subject or None, actor=actor or None,
                                       claimant=None if contested else claimant or None)
        acts = contested_acts(found, involving=claimant or None) if contested else []
        return page(request, "allegations.html", {
            "allegations": found, "acts": acts, "contested": contested, "subjects": ALLEGATION_SUBJECTS,
            "chosen": {"subject": subject or "", "actor": actor or "", "claimant": claimant or ""}})

    @app.get("/api/allegations")
    def api_allegations(subject: str | None = None, actor: str | None = None, claimant: str | None = None,
                        contested: bool = False) -> list[dict[str, Any]]:
        with open_ledger() as ledger:
            found = ledger.allegations(subject=subject, actor=actor, claimant=None if contested else claimant)
        if not contested:
            return [stored.to_record() for stored in found]
        return [{"subject": act.subject, "actor": act.actor, "asserted": [s.to_record() for s in act.asserted],
                 "denied": [s.to_record() for s in act.denied]}
                for act in contested_acts(found, involving=claimant)]

    @app.get("/api/documents")
    def api_documents() -> list[dict[str, Any]]:
        with open_ledger() as ledger:
            return [document_json(d, with_text=False) for d in ledger.documents()]

    @app.get("/api/documents/{document_id:int}")
    def api_document(request: Request, document_id: int) -> Response:
        doc, _ = _load(document_id, with_claims=False)
        if doc is None:
            return not_found(request, f"no document #{document_id}")
        return JSONResponse(document_json(doc, with_text=True))

    @app.get("/api/documents/{document_id:int}/claims")
    def api_claims(request: Request, document_id: int) -> Response:
        doc, claims = _load(document_id, with_claims=True)
        if doc is None:
            return not_found(request, f"no document #{document_id}")
        claims = sorted(claims, key=lambda c: (c.claim.span[0], -c.claim.span[1], c.id))
        return JSONResponse([claim_json(c) for c in claims])

    # ------------------------------------------------------------------ claims and their review

    gazetteers: list[Gazetteer] = []

    def gazetteer() -> Gazetteer:
        # Loaded at the first search by place or review: it takes a moment, and many pages never need it.
        if not gazetteers:
            gazetteers.append(ledger_gazetteer(reader))
        return gazetteers[0]

    def reviews() -> Reviews:
        # Through the writing ledger: reviews, corrections and added claims are the pages' only writes but the accounts'.
        return Reviews(accounts.ledger, gazetteer())

    def claim_query(request: Request) -> tuple[ClaimQuery, dict[str, str]]:
        """The search a request's parameters ask for, and those parameters as given (for the form). ValueError
        says which parameter is wrong."""
        given = {name: request.query_params.get(name, "").strip() for name in SEARCH_PARAMETERS}
        days: dict[str, dt.date | None] = {}
        for name in ("since", "until"):
            try:
                days[name] = dt.date.fromisoformat(given[name]) if given[name] else None
            except ValueError:
                raise ValueError(f"{name}: {given[name]!r} is no day; give YYYY-MM-DD") from None
        document_id = given["document_id"]
        if document_id and not (document_id.isdigit() and 0 < int(document_id) <= _MAX_ID):
            raise ValueError(f"document_id: {document_id!r} is no document's number")
        sort = given["sort"] or "ledger"
        if sort not in CLAIM_SORTS:
            raise ValueError(f"sort: {sort!r} is no order; give one of {', '.join(CLAIM_SORTS)}")
        limit = given["limit"]
        if limit and not (limit.isdigit() and 0 < int(limit) <= MAX_PAGE_SIZE):
            raise ValueError(f"limit: {limit!r} is not a number of claims from 1 to {MAX_PAGE_SIZE}")
        place = given["place"] or None
        query = ClaimQuery(
            text=given["q"] or None, kind=given["kind"] or None, outcome=given["outcome"] or None,
            what=given["what"] or None, claimant=given["claimant"] or None, affected=given["affected"] or None,
            actor=given["actor"] or None, place=place,
            # "Stepanakert" also finds the claims that name Khankendi: the same place to the gazetteer.
            place_ids=tuple(p.id for p in gazetteer().lookup(place)) if place else (),
            since=days["since"], until=days["until"], review_status=given["review_status"] or None,
            document_id=int(document_id) if document_id else None, origin=given["origin"] or None, sort=sort,
            after=given["after"] or None, limit=int(limit) if limit else DEFAULT_PAGE_SIZE)
        return query, given

    def search(request: Request) -> tuple[ClaimQuery, dict[str, str], ClaimPage]:
        query, given = claim_query(request)
        return query, given, reader.search_claims(query)

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(request: Request) -> Response:
        try:
            query, given, found = search(request)
        except ValueError as err:
            return refusal(request, 400, str(err))
        # A broad search of a large ledger is counted by facet in the background: the page does not wait for it.
        facets = reader.claim_facets(query, wait=FACETS_WAIT)
        counting = facets is None
        facets = facets or {}
        # The documents' facet by their file names, read in one lookup.
        names = reader.file_names([int(value) for value, _ in facets.get("document", []) if value is not None])
        shown = {facet: [(names.get(int(value), f"#{value}") if facet == "document" and value is not None
                          else value, count) for value, count in counts] for facet, counts in facets.items()}
        facet_links = {facet: ["/claims?" + urlencode({**_filled(given, "after"), FACET_PARAMETERS[facet]: value})
                               for value, _ in counts if value is not None] for facet, counts in facets.items()}
        shown = {facet: [item for item in items if item[0] is not None] for facet, items in shown.items()}
        next_link = ("/claims?" + urlencode({**_filled(given, "after"), "after": found.next_after})
                     if found.next_after else None)
        return page(request, "claims.html", {
            "page": found, "chosen": given, "facets": shown, "facet_links": facet_links, "next_link": next_link,
            "counting": counting,
            "statuses": REVIEW_STATUSES, "sorts": CLAIM_SORTS, "message": "", "downloads": DOWNLOADS,
            "export_query": ("?" + urlencode(_filled(given, "after", "limit"))) if _filled(given, "after", "limit")
            else ""})

    def every_claim_found(query: ClaimQuery) -> list[StoredClaim]:
        found: list[StoredClaim] = []
        after = None
        while True:
            page_found = reader.search_claims(replace(query, after=after, limit=MAX_PAGE_SIZE))
            found += page_found.claims
            if page_found.next_after is None:
                return found
            after = page_found.next_after

    @app.get("/export/claims.{export_format}")
    @app.get("/api/export/claims.{export_format}")
    def export_claims(request: Request, export_format: str) -> Response:
        """Every claim a search finds (the parameters of /api/claims, but `after` and `limit`) as a file: csv or
        parquet (a row per claim in ACLED-like columns), jsonl (the claims interchange format), geojson (the claims'
        places), claimreview (schema.org ClaimReview JSON-LD of the reviewed claims)."""
        if export_format not in EXPORT_MEDIA_TYPES:
            return refusal(request, 404, f"There is no export as {export_format!r}; give one of "
                                         f"{', '.join(EXPORT_MEDIA_TYPES)}.")
        try:
            query, _ = claim_query(request)
            found = every_claim_found(replace(query, after=None))
        except ValueError as err:
            return refusal(request, 400, str(err), "invalid_parameter")
        context = claim_sources(reader, found, gazetteer())
        if export_format in ("csv", "parquet"):
            rows = claim_rows(found, context)
            if export_format == "csv":
                text_out = io.StringIO()
                write_csv(text_out, rows)
                body: bytes = text_out.getvalue().encode("utf-8")
            else:
                binary = io.BytesIO()
                write_parquet(binary, rows)
                body = binary.getvalue()
        elif export_format == "jsonl":
            body = "".join(strict_json(stored.to_record()) + "\n" for stored in found).encode("utf-8")
        elif export_format == "geojson":
            body = strict_json(geojson(found).collection).encode("utf-8")
        else:
            site = f"{request.url.scheme}://{request.url.netloc}"
            reviews = {stored.id: reader.reviews(stored.id) for stored in found if stored.review_status != "unreviewed"}
            body = strict_json(claim_reviews(found, reviews, context, site=site, publisher=Path(reader.label).stem)).encode("utf-8")
        # A fixed name: nothing of a request or of a document reaches the header.
        return Response(body, media_type=EXPORT_MEDIA_TYPES[export_format], headers={
            "Content-Disposition": f'attachment; filename="claims.{export_format}'
                                   f'{".json" if export_format == "claimreview" else ""}"'})

    # ------------------------------------------------------------------ figures, comparisons, the map

    def every_figure() -> list[Figure]:
        return figures(reader.claims(), document_days(reader.documents()))

    def compare_link(figure: Figure) -> str | None:
        metric = figure.key.metric
        if metric.affected is None or figure.key.place is not None:
            return None
        return "/compare?" + urlencode({"kind": metric.kind, "outcome": metric.outcome, "what": ";".join(metric.what),
                                        "affected": metric.affected, "unit": metric.unit,
                                        **({"model": metric.model} if metric.model else {})})

    @app.get("/figures", response_class=HTMLResponse)
    def figures_page(request: Request) -> Response:
        found = every_figure()
        return page(request, "figures.html", {"figures": found, "compare_links": {
            f.id: link for f in found if (link := compare_link(f)) is not None}})

    @app.get("/figures/{figure_id}", response_class=HTMLResponse)
    def figure_page(request: Request, figure_id: str) -> Response:
        figure = next((f for f in every_figure() if f.id == figure_id), None)
        if figure is None:
            return not_found(request, f"There is no series {figure_id!r} in this ledger.")
        return page(request, "figure.html", {
            "figure": figure, "compare_link": compare_link(figure), "chart_label": figure.label,
            "chart": _chart_data([(figure.key.claimant or UNATTRIBUTED, figure.points)], ()),
            "charts_installed": _vendor_installed("chart.umd.min.js")})

    @app.get("/compare", response_class=HTMLResponse)
    def compare_page(request: Request, kind: str = "", outcome: str = "", what: str = "", affected: str = "",
                     unit: str = "count", model: str = "") -> Response:
        if kind not in KINDS or outcome not in OUTCOMES.get(kind, ()) or not affected:
            return refusal(request, 400, "compare needs a kind, one of its outcomes and the affected side "
                                         "(the links of /figures give them)", "invalid_parameter")
        # The metric's claims and their documents' days, not every claim of the kind nor every document's text.
        claims = claims_compared(reader, kind, outcome, affected)
        comparison = compare(claims, kind, outcome, [w for w in what.split(";") if w], affected,
                             [stored.reference for stored in reader.references()], unit=unit,
                             days=days_of_claims(reader, claims),
                             model=model or None)
        return page(request, "compare.html", {
            "comparison": comparison, "chart_label": comparison.metric.label(),
            "chart": _chart_data([(line.claimant or UNATTRIBUTED, line.points) for line in comparison.lines],
                                 comparison.ranges),
            "charts_installed": _vendor_installed("chart.umd.min.js")})

    @app.get("/map", response_class=HTMLResponse)
    def map_page(request: Request) -> Response:
        places, located, unlocated = ledger_map(reader)
        return page(request, "map.html", {
            "places": places, "unlocated": unlocated, "located": located,
            "map_installed": _vendor_installed("topojson-client.min.js"),
            "map_data": {"places": [_place_json(p) for p in places],
                         "outlines": "/vendor/countries-50m.json" if _vendor_installed("countries-50m.json") else None}})

    @app.get("/api/figures")
    def api_figures() -> list[dict[str, Any]]:
        """Every series: one claimant's figures of one metric, by day."""
        return [{"id": f.id, "label": f.label, "claimant": f.key.claimant, "place": f.key.place,
                 "points": [_point_json(p) for p in f.points]} for f in every_figure()]

    @app.get("/api/map")
    def api_map() -> dict[str, Any]:
        """The claims' resolved places, with their number of claims by kind and their finest precision."""
        places, _, unlocated = ledger_map(reader)
        return {"places": [_place_json(p) for p in places], "claims_without_a_located_place": unlocated}

    @app.get("/vendor/{name}")
    def vendor_asset(request: Request, name: str) -> Response:
        """A third-party browser asset, installed with npm at build time (web/package.json), from a fixed list."""
        if name not in VENDOR_ASSETS or not _vendor_installed(name):
            return not_found(request, f"No browser asset {name!r} is installed here (make install).")
        return FileResponse(VENDOR_DIR / VENDOR_ASSETS[name],
                            media_type="application/json" if name.endswith(".json") else "text/javascript")

    @app.get("/api/claims")
    def api_search_claims(request: Request) -> Response:
        try:
            _, _, found = search(request)
        except ValueError as err:
            return refusal(request, 400, str(err), "invalid_parameter")
        return JSONResponse({"total": found.total, "total_exact": found.total_exact, "next_after": found.next_after,
                             "claims": [claim_json(stored) for stored in found.claims]})

    def claim_page(request: Request, claim_id: int, *, message: str = "", failed: bool = False,
                   status_code: int = 200) -> Response:
        stored = reader.claim(claim_id) if 0 < claim_id <= _MAX_ID else None
        if stored is None:
            return not_found(request, f"There is no claim #{claim_id} in this ledger.")
        doc = reader.document(stored.document_id)
        assert doc is not None  # a claim's document is deleted with it
        claim = stored.claim
        start, end = sentence_bounds(doc.text, claim.span) if span_in_text(claim.span, doc.text) else claim.span
        # The claims of its metric only, and their documents' days without their texts: a claim's page of a
        # million claims' ledger reads its metric's claims, not all of them.
        metric = claims_of_metric(reader, stored)
        series = figures_of_claim(metric, stored.id, days_of_claims(reader, metric))
        in_sentence = [a for a in reader.allegations(document_id=doc.id)
                       if start <= a.allegation.span[0] < end and claim.span not in a.allegation.disputes]
        user: StoredUser | None = request.state.user
        return page(request, "claim.html", {
            "stored": stored, "claim": claim, "doc": doc, "value": format_value(claim.value),
            "before": doc.text[start:claim.span[0]], "quote": doc.text[claim.span[0]:claim.span[1]],
            "after": doc.text[claim.span[1]:end], "fields": claim_fields(stored),
            "own": series.own, "others": series.others, "disputes": reader.disputes(stored.id),
            "allegations": in_sentence, "history": reader.audit_trail(stored.id), "reviews": reader.reviews(stored.id),
            "may_review": user is not None and role_allows(user.role, Role.analyst),
            "statuses": REVIEW_STATUSES, "correctable": CORRECTABLE_FIELDS, "message": message, "failed": failed,
        }, status_code=status_code)

    @app.get("/claims/{claim_id:int}", response_class=HTMLResponse)
    def claim_view(request: Request, claim_id: int) -> Response:
        return claim_page(request, claim_id)

    @app.post("/claims/{claim_id:int}/review", response_class=HTMLResponse)
    def review_claim(request: Request, claim_id: int, user: Annotated[StoredUser, Depends(require(Role.analyst))],
                     status: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
                     evidence: Annotated[str, Form()] = "") -> Response:
        try:
            reviews().review(claim_id, user, status, note=note, evidence=evidence.split())
        except ReviewError as err:
            return claim_page(request, claim_id, message=str(err), failed=True, status_code=400)
        return RedirectResponse(f"/claims/{claim_id}", status_code=303)

    @app.post("/claims/{claim_id:int}/correct", response_class=HTMLResponse)
    def correct_claim(request: Request, claim_id: int, user: Annotated[StoredUser, Depends(require(Role.analyst))],
                      field: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
                      note: Annotated[str, Form()] = "") -> Response:
        try:
            reviews().correct(claim_id, user, {field: value}, note=note)
        except ReviewError as err:
            return claim_page(request, claim_id, message=str(err), failed=True, status_code=400)
        return RedirectResponse(f"/claims/{claim_id}", status_code=303)

    @app.get("/api/claims/{claim_id:int}")
    def api_claim(request: Request, claim_id: int) -> Response:
        stored = reader.claim(claim_id) if 0 < claim_id <= _MAX_ID else None
        if stored is None:
            return not_found(request, f"no claim #{claim_id}")
        return JSONResponse({**claim_json(stored), "reviews": [
            {"status": r.status, "note": r.note, "evidence": list(r.evidence), "user": r.user_name,
             "at": r.created_at.isoformat()} for r in reader.reviews(claim_id)],
            "history": [entry.to_record() for entry in reader.audit_trail(claim_id)]})

    @app.post("/api/claims/{claim_id:int}/reviews", status_code=201)
    def api_review(request: Request, claim_id: int, body: ReviewIn,
                   user: Annotated[StoredUser, Depends(require(Role.analyst))]) -> Response:
        """Give a claim a review status (unreviewed, corroborated, disputed, refuted), with a note and evidence links.
        Needs an analyst's API token (`Authorization: Bearer ...`)."""
        try:
            done = reviews().review(claim_id, user, body.status, note=body.note,
                                                                 evidence=body.evidence)
        except ReviewError as err:
            return refusal(request, 404 if reader.claim(claim_id) is None else 400, str(err), _error_code(err))
        return JSONResponse({"id": done.id, "status": done.status, "note": done.note, "evidence": list(done.evidence),
                             "user": done.user_name, "at": done.created_at.isoformat()}, status_code=201)

    @app.post("/api/claims/{claim_id:int}/corrections")
    def api_correct(request: Request, claim_id: int, body: CorrectionIn,
                    user: Annotated[StoredUser, Depends(require(Role.analyst))]) -> Response:
        """Correct fields of a claim ({"fields": {"claimant": "Armenia"}, "note": "..."}): the values as a reviewer
        types them, lists as "a; b". Needs an analyst's API token."""
        try:
            corrected = reviews().correct(claim_id, user, body.fields, note=body.note)
        except ReviewError as err:
            return refusal(request, 404 if reader.claim(claim_id) is None else 400, str(err), _error_code(err))
        return JSONResponse(claim_json(corrected))

    @app.post("/api/documents/{document_id:int}/claims", status_code=201)
    def api_add_claim(request: Request, document_id: int, body: NewClaimIn,
                      user: Annotated[StoredUser, Depends(require(Role.analyst))]) -> Response:
        """Add a claim the machine missed, at [start, end) of the document's text, with its fields (kind and outcome
        at least). Needs an analyst's API token."""
        try:
            added = reviews().add_claim(document_id, user, (body.start, body.end),
                                                                    body.fields, note=body.note)
        except ReviewError as err:
            return refusal(request, 404 if reader.document(document_id) is None else 400, str(err), _error_code(err))
        return JSONResponse(claim_json(added), status_code=201)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> Response:
        spec = app.openapi()
        return page(request, "api.html", {"spec": spec, "routes": _api_routes(spec)})

    @app.get("/api/audit")
    def api_audit(claim: int | None = None) -> list[dict[str, Any]]:
        """The audit trail: every review, correction and added claim (of one claim with ?claim=N), oldest first."""
        return [entry.to_record() for entry in reader.audit_trail(claim)]

    def _load(document_id: int, *, with_claims: bool) -> tuple[StoredDocument | None, list[StoredClaim]]:
        if not 0 < document_id <= _MAX_ID:
            return None, []
        with open_ledger() as ledger:
            doc = ledger.document(document_id)
            if doc is None or not with_claims:
                return doc, []
            return doc, list(ledger.claims(document_id=document_id))

    return app


class ReviewIn(BaseModel):
    status: str
    note: str = ""
    evidence: list[str] = []


class CorrectionIn(BaseModel):
    fields: dict[str, str]
    note: str = ""


class NewClaimIn(BaseModel):
    start: int
    end: int
    fields: dict[str, str]
    note: str = ""


def _api_routes(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's routes as the page /api lists them, read from its OpenAPI description."""
    schemas = spec.get("components", {}).get("schemas", {})
    routes = []
    for path, methods in spec.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, operation in methods.items():
            body_ref = (operation.get("requestBody", {}).get("content", {}).get("application/json", {})
                        .get("schema", {}).get("$ref", ""))
            body = schemas.get(body_ref.rsplit("/", 1)[-1], {}).get("properties", {}) if body_ref else {}
            routes.append({
                "method": method.upper(), "path": path,
                "description": " ".join((operation.get("description") or "").split()),
                "parameters": [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                                "type": p.get("schema", {}).get("type") or ", ".join(
                                    a.get("type", "") for a in p.get("schema", {}).get("anyOf", []))}
                               for p in operation.get("parameters", [])],
                "body": [(name, field.get("type") or "value") for name, field in body.items()],
            })
    return routes


def _error_code(error: Exception) -> str:
    """ "RoleRefusedError" -> "role_refused": the code of an error of claimledger.errors."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__.removesuffix("Error")).lower()


def _vendor_installed(name: str) -> bool:
    return (VENDOR_DIR / VENDOR_ASSETS[name]).is_file()


def _point_json(point: FigurePoint) -> dict[str, Any]:
    return {"claim": point.claim_id, "day": point.day.isoformat() if point.day else None, "value": point.value,
            "date": point.date, "cumulative": point.cumulative, "day_basis": point.day_basis}


def _chart_data(lines: Sequence[tuple[str, Sequence[FigurePoint]]], ranges: Sequence[Any]) -> dict[str, Any]:
    """What static/charts.js draws: each line's dated points (the undated cannot stand on a timeline), and each
    day's low and high."""
    return {"lines": [{"label": label, "points": [_point_json(p) for p in points if p.day is not None]}
                      for label, points in lines],
            "ranges": [{"day": r.day.isoformat(), "low": r.low, "high": r.high, "best": r.best} for r in ranges]}


def _place_json(place: MappedPlace) -> dict[str, Any]:
    return {"id": place.place_id, "names": place.names, "text": place.text, "lat": place.lat, "lon": place.lon,
            "precision": place.precision, "claims": place.claims, "by_kind": place.by_kind}


def _filled(given: dict[str, str], *leaving_out: str) -> dict[str, str]:
    """The search parameters given a value, but those `leaving_out`: for the links to another page of a search."""
    return {name: value for name, value in given.items() if value and name not in leaving_out}


# How `serve` tells the processes of several workers what to serve: each makes its own app (its own read-only
# ledger, remembered counts and background counter) from them.
SERVED_DB, SERVED_HOST, SERVED_PRIVATE = "CLAIMLEDGER_SERVED_DB", "CLAIMLEDGER_SERVED_HOST", "CLAIMLEDGER_SERVED_PRIVATE"


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, *, private: bool = False,
          workers: int = 1) -> None:
    """Serve the web app over the ledger at `db_path` until interrupted (`private`: to users who log in), in
    `workers` processes: one process runs Python on one core at a time, however many threads it has."""
    import uvicorn

    if workers == 1:
        uvicorn.run(_long_running(create_app(db_path, host, private=private)), host=host, port=port,
                    log_level="info")
        return
    served = str(db_path) if server_url(db_path) is not None else str(Path(db_path).absolute())
    os.environ.update({SERVED_DB: served, SERVED_HOST: host,
                       SERVED_PRIVATE: "1" if private else ""})
    uvicorn.run("claimledger.web.app:served_app", factory=True, workers=workers, host=host, port=port,
                log_level="info")


def served_app() -> FastAPI:
    """The app of one of `serve`'s worker processes, from what `serve` put in the environment."""
    return _long_running(create_app(os.environ[SERVED_DB], os.environ[SERVED_HOST],
                              private=bool(os.environ[SERVED_PRIVATE])))


# How many collections of the garbage collector's middle generation make one of all objects, in a server process
# (Python's default is 10): a full collection walks the pages and counts the ledger keeps, stopping every request of
# the process for up to 100 ms, every few seconds at the default.
FULL_COLLECTION_EVERY = 100


def _long_running(app: FastAPI) -> FastAPI:
    """`app`, in a process that serves it for long: every object made so far (the modules, the profiles, the
    lexicons, some 150,000) is left out of the garbage collector's full collections, which a server's requests make
    happen every few seconds and which would walk them all (over 100 ms each), and full collections are made ten
    times rarer than Python's default (one every FULL_COLLECTION_EVERY collections of the middle generation)."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
    return app
