"""The web view of a ledger: its documents and claims to read, and the accounts of the people who log in.

Pages (HTML, Jinja2 with autoescaping):

    /                           the documents and a summary of the claims
    /documents/{id}             a document's exact text with every claim highlighted
    /allegations                the allegations and denials, filtered, and the contested acts
    /login, /logout             logging in (a form) and out
    /users                      the users, each active one with a button to disable them (admins only)
    /api/documents              the documents as JSON (without their text)
    /api/documents/{id}         one document as JSON, with its text
    /api/documents/{id}/claims  its claims as JSON: `Claim.to_record()` plus the claim's id
    /api/allegations            the allegations as JSON
    /api/me                     who the request is from: a session's or an API token's user

Pages read the ledger through read-only connections; only the accounts write to it (sessions, log-ins, failed
log-ins, a disabled user), through a ledger of their own. Reading is public unless the app is private
(`claimledger serve --private`): then every page and API route but /login and /static asks for a user, by a
session (a redirect to /login) or an API token (401). A route that needs more than reading depends on
`require(role)`; every form it gets carries the CSRF token of the browser's cookie (`claimledger.accounts`).

Document text is untrusted, and so are its title, publisher and file name: they are only ever inserted escaped,
and the Content-Security-Policy allows scripts and styles from /static alone, with Trusted Types, so text such as
"<script>" shows literally and never runs. SECURITY_HEADERS go with every response, error pages and static files
too (tests/test_web_hostile.py proves both in a browser).
The page takes no side: every figure is shown as a claim by its claimant, coloured by the
kind of claim, never by who made it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
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
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.templating import Jinja2Templates

from claimledger.accounts import (SESSION_LIFETIME, Accounts, Role, csrf_token, csrf_token_matches, new_form_key,
                                  role_allows, utc_minute)
from claimledger.errors import (AccountError, CsrfError, LoginFailedError, LoginNeedsHttpsError, LoginRateLimitedError,
                                NotLoggedInError, RoleRefusedError, UnknownUserError)
from claimledger.ledger import Ledger, StoredClaim, StoredDocument, StoredUser
from claimledger.contested import contested_acts
from claimledger.models import ALLEGATION_SUBJECTS, KINDS, Claim

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# Scripts and styles only from our own /static; no inline script, no inline style, no
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
    key = request.cookies.get(FORM_COOKIE if request.url.path == LOGIN_PATH else SESSION_COOKIE)
    if not key:
        raise CsrfError(cookie_missing=True)
    token = (await request.form()).get(CSRF_FIELD)
    if not csrf_token_matches(key, token if isinstance(token, str) else None):
        raise CsrfError(cookie_missing=False)


def _open_to_all(path: str) -> bool:
    """What a private app shows to anyone: the log-in page, and the styles, scripts and icon it is drawn with."""
    return path in (LOGIN_PATH, "/favicon.ico") or path.startswith("/static/")


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


def create_app(db_path: Path, host: str = "127.0.0.1", *, private: bool = False) -> FastAPI:
    """The web app over the ledger at `db_path`, answering requests addressed to this machine or to `host` (the
    address it is served on). Its pages only read the ledger; the accounts write to their own tables. `private`:
    only users who log in may read."""
    db_path = Path(db_path)
    # Open it once now, so that a file that is not a ledger (or one of another schema) is reported at start-up
    # rather than on every page. Read-only: SQLite refuses every write, and the view never upgrades a ledger.
    with Ledger(db_path, read_only=True):
        pass
    # The one ledger that writes, for the accounts alone; opened once (the schema is current: checked just now),
    # and shared by the requests' threads, each of which SQLAlchemy hands a connection of its own.
    accounts = Accounts(Ledger(db_path))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        accounts.ledger.close()

    templates = _make_templates()
    app = FastAPI(
        title="claimledger",
        docs_url=None,  # the interactive docs load third-party scripts: not under this CSP
        redoc_url=None,
        dependencies=[Depends(forms_from_this_site)],
        lifespan=lifespan,
    )
    app.state.db_path = db_path

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
            return JSONResponse({"detail": str(NotLoggedInError())}, status_code=401,
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
        # One connection per request: requests run in a thread pool and SQLite connections
        # must not be shared between threads.
        with Ledger(db_path, read_only=True) as ledger:
            yield ledger

    def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
        user: StoredUser | None = request.state.user
        session = request.cookies.get(SESSION_COOKIE)
        context = {"ledger_name": db_path.name, "user": user,
                   # The token of the log-out button, and of every form of a logged-in page.
                   "session_form_token": csrf_token(session) if user is not None and session else None,
                   "is_admin": user is not None and role_allows(user.role, Role.admin), **context}
        response = templates.TemplateResponse(request, name, context, status_code=status_code)
        if user is not None:
            # Kept in no cache: after log-out, the back button shows nothing that was shown to the user.
            response.headers["Cache-Control"] = "no-store"
        return response

    def refusal(request: Request, status_code: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status_code)
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
            response = (JSONResponse({"detail": "internal error"}, status_code=500)
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
        return refusal(request, ACCOUNT_ERROR_STATUS.get(type(exc), 400), str(exc))

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
    def document_page(request: Request, document_id: int, part: int = 1) -> Response:
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
            },
        )

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

    def _load(document_id: int, *, with_claims: bool) -> tuple[StoredDocument | None, list[StoredClaim]]:
        if not 0 < document_id <= _MAX_ID:
            return None, []
        with open_ledger() as ledger:
            doc = ledger.document(document_id)
            if doc is None or not with_claims:
                return doc, []
            return doc, list(ledger.claims(document_id=document_id))

    return app


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8000, *, private: bool = False) -> None:
    """Serve the web app over the ledger at `db_path` until interrupted (`private`: to users who log in)."""
    import uvicorn

    uvicorn.run(create_app(db_path, host, private=private), host=host, port=port, log_level="info")
