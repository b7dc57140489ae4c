"""The web view, end to end: a real SQLite ledger, a real uvicorn server, httpx and Chromium."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import Morsel, SimpleCookie
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimledger.accounts import Accounts, Role
from claimledger.errors import LedgerError
from claimledger.ledger import Ledger, StoredClaim
from claimledger.models import Claim, Document
from claimledger.web.app import create_app, render_marked_text, segment_text

SCREENSHOT_COPY = Path("/tmp/claimledger-doc.png")

TEXT_STATEMENT = (
    "Statement of the Ministry of Defence\n"
    "\n"
    "According to the information of 8 October 2020, 31 civilians were killed and around 150 "
    "wounded, meanwhile 576 houses and 72 civilian facilities were destroyed.\n"
    "\n"
    "    The other side said that 12 tanks and 3 helicopters were destroyed near Fizuli, "
    "and that hundreds of residents fled the area.\n"
    "Figures & \"details\" follow  later.\n"
)

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
TEXT_HOSTILE = (
    f"Press release {HOSTILE_SCRIPT} from the embassy.\n"
    f"{HOSTILE_IMG} It says 40 soldiers were wounded and 7 drones were shot down.\n"
)
HOSTILE_CLAIMANT = '"><script>window.__pwned=2</script>'

MOD_AZ = "Ministry of Defence of Azerbaijan"
MOD_AM = "Ministry of Defence of Armenia"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _claim(doc: str, text: str, quote: str, value: int | None, kind: str, outcome: str, *, nth: int = 0, **fields: object) -> Claim:
    """A claim on the `nth` occurrence of `quote` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Claim(doc=doc, span=(start, start + len(quote)), quote=quote, value=value, kind=kind, outcome=outcome, extractor_version="test", **fields)


def statement_claims() -> list[Claim]:
    t, d = TEXT_STATEMENT, "statement.txt"
    return [
        _claim(d, t, "31 civilians were killed", 31, "casualties", "killed", what=["civilians"], affected="Azerbaijan", actor="Armenia", claimant=MOD_AZ, date="2020-10-08", cumulative=True, places=["Ganja"]),
        _claim(d, t, "around 150 wounded", 150, "casualties", "wounded", qualifier="approx", what=["civilians"], affected="Azerbaijan", claimant=MOD_AZ, date="2020-10-08"),
        # nested: the facilities claim lies inside the houses claim
        _claim(d, t, "576 houses and 72 civilian facilities were destroyed", 576, "damage", "destroyed", what=["houses"], claimant=MOD_AZ),
        _claim(d, t, "72 civilian facilities", 72, "damage", "destroyed", what=["civilian facilities"], claimant=MOD_AZ),
        # crossing: the two materiel claims share "3 helicopters"
        _claim(d, t, "12 tanks and 3 helicopters", 12, "materiel", "destroyed", what=["tanks"], affected="Armenia", claimant=MOD_AM),
        _claim(d, t, "3 helicopters were destroyed near Fizuli", 3, "materiel", "destroyed", what=["helicopters"], affected="Armenia", claimant=MOD_AM, places=["Fizuli"]),
        _claim(d, t, "hundreds of residents fled", None, "displacement", "displaced", qualifier="approx", what=["residents"], claimant=MOD_AM),
    ]


def hostile_claims() -> list[Claim]:
    t, d = TEXT_HOSTILE, "hostile.html"
    return [
        _claim(d, t, "40 soldiers were wounded", 40, "casualties", "wounded", what=["soldiers"], claimant=HOSTILE_CLAIMANT),
        _claim(d, t, "7 drones were shot down", 7, "materiel", "destroyed", what=["drones"], claimant="Embassy <b>press</b> office"),
    ]


@dataclass
class Site:
    url: str
    db_path: str  # a file's path, or a PostgreSQL database's URL
    statement_id: int
    hostile_id: int
    empty_id: int
    statement: list[StoredClaim]
    hostile: list[StoredClaim]


@pytest.fixture(scope="module")
def site(module_ledger_db: str, live_server: Callable[..., str]) -> Site:
    """The web app over a ledger of three statements: a file, or a PostgreSQL database (the same assertions)."""
    import datetime as dt

    db_path = module_ledger_db
    docs = [
        (Document(name="statement.txt", text=TEXT_STATEMENT, content_hash=_sha(TEXT_STATEMENT), title="Press conference, 8 October", publisher="Embassy", published=dt.date(2020, 10, 8), language="en"), statement_claims()),
        (Document(name="hostile.html", text=TEXT_HOSTILE, content_hash=_sha(TEXT_HOSTILE), media_type="text/html", title=f"{HOSTILE_SCRIPT} release", language="en"), hostile_claims()),
        (Document(name="empty.txt", text="Nothing to count here.\n", content_hash=_sha("Nothing to count here.\n")), []),
    ]
    with Ledger(db_path) as ledger:
        ids = [ledger.add_document(doc, claims, profile="test").document_id for doc, claims in docs]
        statement = ledger.claims(document_id=ids[0])
        hostile = ledger.claims(document_id=ids[1])
    assert len(statement) == 7 and len(hostile) == 2
    url = live_server(create_app(db_path))
    return Site(url, db_path, ids[0], ids[1], ids[2], statement, hostile)


@pytest.fixture(scope="module")
def client(site: Site) -> httpx.Client:
    with httpx.Client(base_url=site.url, timeout=10) as c:
        yield c


def by_quote(claims: list[StoredClaim], quote: str) -> StoredClaim:
    return next(c for c in claims if c.claim.quote == quote)


# --------------------------------------------------------------------------- HTML inspection


class PageParser(HTMLParser):
    """Collects what the security and marking tests need from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.inline_handlers: list[str] = []
        self.style_attrs = 0
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.anchors: list[str] = []
        self.doc_text: list[str] = []
        self._in_script: dict[str, str | None] | None = None
        self._script_body: list[str] = []
        self._mark: dict[str, str | None] | None = None
        self._mark_text: list[str] = []
        self._article_depth = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        self.inline_handlers += [name for name in a if name.startswith("on")]
        self.style_attrs += "style" in a
        if tag == "script":
            self._in_script, self._script_body = a, []
        if self._article_depth:
            self._article_depth += 1
            if tag == "mark":
                self._mark, self._mark_text = a, []
            if tag == "span" and a.get("class") == "anchor":
                self.anchors.append(a["id"] or "")
        elif tag == "article" and a.get("id") == "doc-text":
            self._article_depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._script_body)))
            self._in_script = None
        if self._article_depth:
            self._article_depth -= 1
            if tag == "mark" and self._mark is not None:
                self.marks.append((self._mark, "".join(self._mark_text)))
                self._mark = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_body.append(data)
        if self._article_depth:
            self.doc_text.append(data)
            if self._mark is not None:
                self._mark_text.append(data)


def parse(body: str) -> PageParser:
    parser = PageParser()
    parser.feed(body)
    parser.close()
    return parser


# --------------------------------------------------------------------------- segmenting (no server)


def _stored(claims: list[Claim]) -> list[StoredClaim]:
    return [StoredClaim(id=i + 1, document_id=1, file_name="statement.txt", claim=c) for i, c in enumerate(claims)]


def test_segments_cover_the_text_exactly_and_list_every_covering_claim() -> None:
    stored = _stored(statement_claims())
    segments = segment_text(TEXT_STATEMENT, stored)
    assert "".join(s.text for s in segments) == TEXT_STATEMENT
    assert all(s.start < s.end for s in segments)
    for s in segments:
        covering = {c.id for c in stored if c.claim.span[0] <= s.start and s.end <= c.claim.span[1]}
        assert {c.id for c in s.claims} == covering
    for c in stored:
        covered = "".join(s.text for s in segments if c in s.claims)
        assert covered == c.claim.quote
    # "3 helicopters" is claimed twice (crossing spans), "72 civilian facilities" twice (nested)
    assert {len(s.claims) for s in segments if s.text == "3 helicopters"} == {2}
    assert {len(s.claims) for s in segments if s.text == "72 civilian facilities"} == {2}


def test_segments_with_identical_adjacent_and_edge_spans() -> None:
    text = "10 tanks20 guns"
    claims = [
        Claim(doc="x", span=(0, 8), quote="10 tanks", value=10, kind="materiel", outcome="destroyed"),
        Claim(doc="x", span=(0, 8), quote="10 tanks", value=10, kind="materiel", outcome="captured"),
        Claim(doc="x", span=(8, 15), quote="20 guns", value=20, kind="materiel", outcome="destroyed"),
        Claim(doc="x", span=(5, 99), quote="out of range", value=1, kind="force", outcome="strength"),
    ]
    stored = _stored(claims)
    segments = segment_text(text, stored)
    assert [(s.text, [c.id for c in s.claims], list(s.anchors)) for s in segments] == [
        ("10 tanks", [1, 2], [1, 2]),
        ("20 guns", [3], [3]),
    ]
    marked = str(render_marked_text(text, stored))
    assert 'id="claim-1"' in marked and 'id="claim-2"' in marked and 'id="claim-4"' not in marked
    assert segment_text("", []) == []


# --------------------------------------------------------------------------- HTTP


def test_create_app_refuses_a_missing_ledger(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no such ledger"):
        create_app(tmp_path / "nope.sqlite")
    not_a_ledger = tmp_path / "notes.txt"
    not_a_ledger.write_text("not a database\n" * 100)
    with pytest.raises(LedgerError):
        create_app(not_a_ledger)


def test_the_web_view_never_upgrades_nor_writes_a_ledger(tmp_path: Path) -> None:
    # The view opens the ledger read-only: one written by an older claimledger is refused with what to do, and left
    # byte for byte as it was, as is one it serves pages from.
    from test_ledger import ledger_at_revision

    old = ledger_at_revision(tmp_path / "old.sqlite", "0005")
    before = hashlib.sha256(old.read_bytes()).hexdigest()
    with pytest.raises(LedgerError, match="older claimledger"):
        create_app(old)
    assert hashlib.sha256(old.read_bytes()).hexdigest() == before


def test_index_lists_documents_and_summary(client: httpx.Client, site: Site) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    body = r.text
    for name in ("statement.txt", "hostile.html", "empty.txt"):
        assert name in body
    assert "Press conference, 8 October" in body
    assert "2020-10-08" in body
    assert f'href="/documents/{site.statement_id}"' in body
    assert "9 claims" in body
    assert MOD_AZ in body and MOD_AM in body
    for kind in ("casualties", "damage", "materiel", "displacement"):
        assert kind in body
    # the hostile title is shown escaped
    assert HOSTILE_SCRIPT not in body
    assert html.escape(HOSTILE_SCRIPT, quote=False) in body


@pytest.mark.parametrize("path", ["/", "/documents/1", "/documents/999", "/api/documents", "/static/app.js"])
def test_security_headers_on_every_response(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split("; ")}
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["require-trusted-types-for"] == ["'script'"] and directives["trusted-types"] == ["'none'"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cross-origin-resource-policy"] == "same-origin"
    assert "camera=()" in r.headers["permissions-policy"].split(", ")
    assert "strict-transport-security" not in r.headers  # plain http


def test_strict_transport_security_is_sent_over_https_alone(client: httpx.Client) -> None:
    # https as a TLS proxy on this machine reports it (X-Forwarded-Proto, believed from 127.0.0.1).
    over_tls = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert over_tls.headers["strict-transport-security"] == "max-age=31536000"
    assert "strict-transport-security" not in client.get("/").headers


def test_a_page_that_fails_is_a_500_with_the_security_headers(tmp_path: Path,
                                                                live_server: Callable[..., str]) -> None:
    # The ledger broken under a running view (its documents' table gone): the pages that read it fail, and the failure
    # is answered as the pages are (headers, and on the API a JSON body), not by the server's bare error page.
    db_path = tmp_path / "ledger.sqlite"
    with Ledger(db_path) as ledger:
        ledger.add_document(Document(name="a.txt", text="Two tanks.", content_hash=_sha("Two tanks.")), [],
                            profile="test")
    url = live_server(create_app(db_path))
    connection = sqlite3.connect(db_path)
    connection.execute("ALTER TABLE documents RENAME TO documents_gone")
    connection.commit()
    connection.close()
    with httpx.Client(base_url=url, timeout=10) as client:
        for path in ("/", "/api/documents"):
            r = client.get(path)
            assert r.status_code == 500, path
            assert r.headers["x-content-type-options"] == "nosniff"
            assert "default-src 'none'" in r.headers["content-security-policy"]
        assert client.get("/api/documents").json() == {"detail": "internal error", "code": "internal_error"}


def test_a_request_for_another_host_name_is_refused(client: httpx.Client) -> None:
    # DNS rebinding: a page of evil.example that points its name at 127.0.0.1 reaches the server with that Host.
    refused = client.get("/api/documents", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert "evil.example" not in refused.text
    for name in ("127.0.0.1", "localhost"):
        assert client.get("/api/documents", headers={"Host": f"{name}:8000"}).status_code == 200


def test_the_page_of_a_huge_text_is_shown_in_parts_each_with_its_claims(tmp_path: Path,
                                                                        live_server: Callable[..., str]) -> None:
    # Three million characters would make a page of several times that: the text is shown MAX_SHOWN_CHARS at a
    # time, each part with its own claims highlighted and a link to the part of each other claim.
    from claimledger.web.app import MAX_SHOWN_CHARS

    text = "12 tanks were destroyed near Fizuli. " + "The shelling went on. " * 140_000 + "4 civilians were killed."
    db_path = tmp_path / "ledger.sqlite"
    claims = [_claim("big.txt", text, "12 tanks", 12, "materiel", "destroyed", what=["tanks"]),
              _claim("big.txt", text, "4 civilians were killed", 4, "casualties", "killed", what=["civilians"])]
    with Ledger(db_path) as ledger:
        document_id = ledger.add_document(Document(name="big.txt", text=text, content_hash=_sha(text)), claims,
                                          profile="test").document_id
    parts = -(-len(text) // MAX_SHOWN_CHARS)
    assert parts == 4
    with httpx.Client(base_url=live_server(create_app(db_path)), timeout=30) as client:
        first = client.get(f"/documents/{document_id}")
        last = client.get(f"/documents/{document_id}?part={parts}")
        missing = client.get(f"/documents/{document_id}?part={parts + 1}")
    for r in (first, last):
        assert r.status_code == 200
        assert len(r.text) < MAX_SHOWN_CHARS + 200_000 < len(text)
        assert f"This text is {len(text):,} characters long," in r.text
        assert r.text.count("<mark ") == 1
    assert "this is part 1," in first.text and 'href="?part=2" rel="next"' in first.text
    assert "12 tanks</mark>" in first.text and f'href="?part={parts}#claim-' in first.text
    assert f"this is part {parts}," in last.text and f'href="?part={parts - 1}" rel="prev"' in last.text
    assert "4 civilians were killed</mark>" in last.text and 'href="?part=1#claim-' in last.text
    assert missing.status_code == 404 and f"has {parts} parts, not a part {parts + 1}" in missing.text


def test_document_page_marks_every_claim(client: httpx.Client, site: Site) -> None:
    r = client.get(f"/documents/{site.statement_id}")
    assert r.status_code == 200
    page = parse(r.text)
    # the text between the tags is the document text, exactly
    assert "".join(page.doc_text) == TEXT_STATEMENT
    assert sorted(page.anchors) == sorted(f"claim-{c.id}" for c in site.statement)
    for c in site.statement:
        marks = [(a, t) for a, t in page.marks if str(c.id) in (a["data-claim-ids"] or "").split()]
        assert "".join(t for _, t in marks) == c.claim.quote
        assert all(f"k-{c.claim.kind}" in (a["class"] or "") or "overlap" in (a["class"] or "") for a, _ in marks)
        # the tooltip names the claimant and the value
        assert all(c.claim.claimant in (a["title"] or "") for a, _ in marks)
        assert f'href="#claim-{c.id}"' in r.text
    overlap = [a for a, t in page.marks if t == "3 helicopters"]
    assert len(overlap) == 1 and "overlap" in overlap[0]["class"] and len(overlap[0]["data-claim-ids"].split()) == 2
    tanks = by_quote(site.statement, "31 civilians were killed")
    title = next(a["title"] for a, t in page.marks if t == "31 civilians were killed")
    for expected in (f"Claim #{tanks.id}", "casualties / killed", "value: 31", "what: civilians", f"claimant: {MOD_AZ}", "affected: Azerbaijan", "actor: Armenia", "date: 2020-10-08", "places: Ganja"):
        assert expected in title
    assert "value: no figure" in next(a["title"] for a, t in page.marks if t == "hundreds of residents fled")
    # the legend names every kind
    assert all(f"k-{k}" in r.text for k in ("casualties", "damage", "displacement", "materiel", "territory", "force", "attacks"))


def test_no_inline_script_or_style_or_handlers(client: httpx.Client, site: Site) -> None:
    for path in ("/", f"/documents/{site.statement_id}", f"/documents/{site.hostile_id}", "/documents/999", "/login"):
        page = parse(client.get(path).text)
        assert page.scripts, path
        for attrs, body in page.scripts:
            assert attrs.get("src", "").startswith("/static/") and body.strip() == "", path
        assert page.inline_handlers == [], path
        assert page.style_attrs == 0, path


def test_hostile_document_is_escaped(client: httpx.Client, site: Site) -> None:
    r = client.get(f"/documents/{site.hostile_id}")
    assert r.status_code == 200
    body = r.text
    assert HOSTILE_SCRIPT not in body
    assert "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    page = parse(body)
    assert "".join(page.doc_text) == TEXT_HOSTILE
    assert [tag for tag in page.tags if tag in ("img", "b")] == []
    # only our own script tag: the hostile ones (text, title, claimant) are all escaped
    assert len(page.scripts) == 1
    marks = dict((t, a) for a, t in page.marks)
    assert HOSTILE_CLAIMANT in marks["40 soldiers were wounded"]["title"]


def test_empty_document_page(client: httpx.Client, site: Site) -> None:
    r = client.get(f"/documents/{site.empty_id}")
    assert r.status_code == 200
    page = parse(r.text)
    assert page.marks == [] and "".join(page.doc_text) == "Nothing to count here.\n"
    assert "No claims were found" in r.text


def test_api_documents(client: httpx.Client, site: Site) -> None:
    r = client.get("/api/documents")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    docs = {d["id"]: d for d in r.json()}
    assert set(docs) == {site.statement_id, site.hostile_id, site.empty_id}
    s = docs[site.statement_id]
    assert s["file_name"] == "statement.txt"
    assert s["title"] == "Press conference, 8 October"
    assert s["published"] == "2020-10-08"
    assert s["language"] == "en"
    assert s["claim_count"] == 7
    assert s["profile"] == "test"
    assert s["content_hash"] == _sha(TEXT_STATEMENT)
    assert "text" not in s

    one = client.get(f"/api/documents/{site.hostile_id}").json()
    assert one["text"] == TEXT_HOSTILE
    assert one["title"] == f"{HOSTILE_SCRIPT} release"
    assert one["media_type"] == "text/html"
    assert one["claim_count"] == 2


def test_api_claims_are_records_with_ids_and_locations(client: httpx.Client, site: Site) -> None:
    r = client.get(f"/api/documents/{site.statement_id}/claims")
    assert r.status_code == 200
    got = {c["id"]: c for c in r.json()}
    assert got == {c.id: c.to_record() for c in site.statement}
    assert all({"id", "date_precision", "locations"} <= record.keys() for record in got.values())
    assert client.get(f"/api/documents/{site.empty_id}/claims").json() == []


@pytest.mark.parametrize(
    "path",
    [
        "/documents/999",
        "/documents/0",
        "/documents/abc",
        "/documents/99999999999999999999999999",
        "/nowhere",
    ],
)
def test_html_404(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Not found" in r.text
    assert "content-security-policy" in r.headers


@pytest.mark.parametrize("path", ["/documents/1?part=<script>alert(1)</script>", "/allegations?contested=<b>yes</b>"])
def test_a_page_asked_for_with_a_bad_parameter_is_a_400_page_that_names_the_parameter_not_its_value(
        client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "Refused" in r.text and ("part: " in r.text or "contested: " in r.text)
    assert "script" not in r.text.split("<main", 1)[1] and "&lt;b&gt;" not in r.text


def test_the_api_asked_for_with_a_bad_parameter_is_a_422_in_json(client: httpx.Client) -> None:
    r = client.get("/api/allegations", params={"contested": "<b>yes</b>"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert r.json()["detail"][0]["loc"] == ["query", "contested"]


def test_favicon_ico_is_the_icon_so_that_a_json_page_logs_no_404(client: httpx.Client) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.content == client.get("/static/favicon.svg").content


@pytest.mark.parametrize("path", ["/api/documents/999", "/api/documents/999/claims", "/api/documents/x"])
def test_api_404(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/json"
    assert "detail" in r.json()


def test_static_assets(client: httpx.Client) -> None:
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/../app.py").status_code == 404


def test_the_app_does_not_write_the_ledger(client: httpx.Client, site: Site) -> None:
    if site.db_path.startswith("postgresql://"):
        pytest.skip("a PostgreSQL ledger has no file: its read-only connections are tested in test_ledger.py")
    before = Path(site.db_path).stat().st_mtime_ns, Path(site.db_path).read_bytes()
    for path in ("/", f"/documents/{site.statement_id}", "/api/documents", f"/api/documents/{site.statement_id}/claims"):
        assert client.get(path).status_code == 200
    assert (Path(site.db_path).stat().st_mtime_ns, Path(site.db_path).read_bytes()) == before


# --------------------------------------------------------------------------- accounts

PASSWORD = "correct horse battery staple"
SESSION_COOKIE = "__Host-claimledger-session"


class Visitor:
    """An HTTP client that keeps the app's cookies as a browser on this machine keeps them.

    httpx, like Python's cookie jar, sends a Secure cookie over https alone; Chromium sends it over http://127.0.0.1
    too (test_browser_logs_in_through_the_form_and_out), and so does this."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=10)
        self.cookies: dict[str, str] = {}
        self.set_cookies: dict[str, Morsel[str]] = {}  # the last Set-Cookie of each name, with its attributes

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, **options: Any) -> httpx.Response:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.http.request(method, path, headers=sent, **options)
        self.http.cookies.clear()  # kept here instead
        for line in response.headers.get_list("set-cookie"):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                self.set_cookies[name] = morsel
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self.request("GET", path, **options)

    def post(self, path: str, **options: Any) -> httpx.Response:
        return self.request("POST", path, **options)

    def log_in(self, name: str, password: str = PASSWORD, **form: str) -> httpx.Response:
        token = form_token(self.get("/login").text, "/login")
        return self.post("/login", data={"name": name, "password": password, "csrf_token": token, **form})


def form_token(page: str, action: str) -> str:
    """The CSRF token of the page's form that posts to `action`."""
    found = re.search(rf'action="{re.escape(action)}">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page)
    assert found, f"no form to {action} in the page"
    return found.group(1)


@pytest.fixture
def accounts_db(tmp_path: Path) -> Path:
    """A ledger of one statement, with an admin (alice) and a viewer (vera)."""
    db_path = tmp_path / "ledger.sqlite"
    with Ledger(db_path) as ledger:
        ledger.add_document(Document(name="statement.txt", text=TEXT_STATEMENT, content_hash=_sha(TEXT_STATEMENT)),
                            statement_claims(), profile="test")
        accounts = Accounts(ledger)
        accounts.add_user("alice", PASSWORD, Role.admin)
        accounts.add_user("vera", PASSWORD, Role.viewer)
    return db_path


def sessions_in(db_path: Path) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        connection.close()


def test_logging_in_sets_a_secure_httponly_session_cookie_and_logging_out_deletes_the_session(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    visitor = Visitor(live_server(create_app(accounts_db)))
    assert "Log in" in visitor.get("/").text
    logged_in = visitor.log_in("alice", next="/documents/1")
    assert (logged_in.status_code, logged_in.headers["location"]) == (303, "/documents/1")
    cookie = visitor.set_cookies[SESSION_COOKIE]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"], cookie["path"], cookie["max-age"]) == (
        True, True, "lax", "/", "28800")
    assert "claimledger-form" not in " ".join(visitor.cookies)  # the log-in page's key is spent
    page = visitor.get("/documents/1")
    assert '<span class="user-name" title="logged in">alice</span>' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert sessions_in(accounts_db) == 1
    old_cookie = dict(visitor.cookies)
    logged_out = visitor.post("/logout", data={"csrf_token": form_token(page.text, "/logout")})
    assert (logged_out.status_code, logged_out.headers["location"]) == (303, "/login")
    assert SESSION_COOKIE not in visitor.cookies and sessions_in(accounts_db) == 0
    visitor.cookies = old_cookie  # the cookie of a session that ended opens nothing
    assert "alice" not in visitor.get("/").text


def test_a_log_in_in_a_browser_with_a_session_ends_that_session(accounts_db: Path,
                                                                 live_server: Callable[..., str]) -> None:
    visitor = Visitor(live_server(create_app(accounts_db)))
    visitor.log_in("alice")
    first = visitor.cookies[SESSION_COOKIE]
    visitor.log_in("vera")
    assert visitor.cookies[SESSION_COOKIE] != first and sessions_in(accounts_db) == 1
    assert '<span class="user-name" title="logged in">vera</span>' in visitor.get("/").text


def test_a_form_without_its_csrf_token_or_with_another_is_refused_with_403(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    visitor = Visitor(live_server(create_app(accounts_db)))
    login_token = form_token(visitor.get("/login").text, "/login")
    for token in (None, "", "0" * 64, csrf_of_another_browser(visitor)):
        refused = visitor.post("/login", data={"name": "alice", "password": PASSWORD,
                                               **({"csrf_token": token} if token is not None else {})})
        assert refused.status_code == 403 and "reload the page and send the form again" in refused.text
    without_cookie = httpx.post(f"{visitor.url}/login", data={"name": "alice", "password": PASSWORD,
                                                                      "csrf_token": login_token})
    assert without_cookie.status_code == 403 and "allow cookies for this site" in without_cookie.text
    assert sessions_in(accounts_db) == 0
    visitor.log_in("alice")
    # The log-in page's token is not the session's: logging out with it, or with none, is refused.
    for data in ({}, {"csrf_token": login_token}):
        assert visitor.post("/logout", data=data).status_code == 403
    assert sessions_in(accounts_db) == 1


def csrf_of_another_browser(visitor: Visitor) -> str:
    return form_token(Visitor(visitor.url).get("/login").text, "/login")


def test_the_sixth_failed_log_in_is_refused_with_429_by_either_of_two_apps_on_one_ledger(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    first, second = Visitor(live_server(create_app(accounts_db))), Visitor(live_server(create_app(accounts_db)))
    for visitor in (first, second, first, second, first):
        failed = visitor.log_in("alice", "not the password")
        assert failed.status_code == 401 and "wrong user name or password" in failed.text
    for visitor in (second, first):
        refused = visitor.log_in("alice")  # the right password, unread
        assert refused.status_code == 429
        assert re.search(r"too many failed log-ins .*; try again after \d\d:\d\d UTC \(in 15 minutes\)", refused.text)
        assert 14 * 60 < int(refused.headers["retry-after"]) <= 15 * 60
    assert sessions_in(accounts_db) == 0


def test_a_private_app_sends_every_page_to_log_in_and_answers_the_api_with_401(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    visitor = Visitor(live_server(create_app(accounts_db, private=True)))
    for path in ("/", "/documents/1?part=1", "/allegations", "/users", "/nowhere"):
        sent = visitor.get(path)
        assert sent.status_code == 303, path
        assert sent.headers["location"] == "/login?" + httpx.QueryParams({"next": path}).__str__()
    for path in ("/api/documents", "/api/documents/1/claims", "/api/allegations", "/api/me"):
        refused = visitor.get(path)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer", path
        assert "Authorization: Bearer TOKEN" in refused.json()["detail"]
    assert visitor.get("/login").status_code == 200 and visitor.get("/static/style.css").status_code == 200
    assert visitor.get("/favicon.ico").status_code == 200
    assert visitor.log_in("vera", next="/documents/1").headers["location"] == "/documents/1"
    assert visitor.get("/documents/1").status_code == 200 and visitor.get("/api/documents").status_code == 200
    with Ledger(accounts_db) as ledger:
        token = Accounts(ledger).create_api_token("vera").secret
    by_token = httpx.get(f"{visitor.url}/api/documents", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 200 and by_token.json()[0]["file_name"] == "statement.txt"


def test_after_log_in_the_app_goes_to_a_page_of_its_own_never_to_another_site(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    for wanted in ("//elsewhere.example/", "https://elsewhere.example/", "/\\elsewhere.example", "documents/1"):
        assert Visitor(url).log_in("alice", next=wanted).headers["location"] == "/", wanted


def test_a_viewer_is_refused_403_on_disabling_a_user_and_an_admin_disables_one_whose_session_ends_at_once(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    viewer, admin = Visitor(url), Visitor(url)
    viewer.log_in("vera")
    admin.log_in("alice")
    assert viewer.get("/users").status_code == 403
    page = viewer.get("/")
    assert 'href="/users"' not in page.text
    refused = viewer.post("/users/alice/disable", data={"csrf_token": form_token(page.text, "/logout")})
    assert refused.status_code == 403 and "needs the role admin or one above it, and vera is a viewer" in refused.text
    users = admin.get("/users")
    assert users.status_code == 200 and users.text.count('<tr class="active">') == 2
    disabled = admin.post("/users/vera/disable", data={"csrf_token": form_token(users.text, "/users/vera/disable")})
    assert (disabled.status_code, disabled.headers["location"]) == (303, "/users")
    assert "vera" not in viewer.get("/").text and viewer.get("/api/me").status_code == 401
    assert viewer.log_in("vera").status_code == 401
    unknown = admin.post("/users/bob/disable", data={"csrf_token": form_token(users.text, "/users/vera/disable")})
    assert unknown.status_code == 404 and "no user &#39;bob&#39;" in unknown.text


def test_an_api_token_names_its_user_until_it_is_revoked_or_the_user_disabled(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    with Ledger(accounts_db) as ledger:
        accounts = Accounts(ledger)
        revoked, kept = accounts.create_api_token("vera"), accounts.create_api_token("vera")

    def me(token: str) -> httpx.Response:
        return httpx.get(f"{url}/api/me", headers={"Authorization": f"Bearer {token}"})

    assert me(revoked.secret).json() == {"name": "vera", "role": "viewer"}
    assert me(revoked.secret + "x").status_code == 401
    assert httpx.get(f"{url}/api/me", headers={"Authorization": f"Basic {revoked.secret}"}).status_code == 401
    with Ledger(accounts_db) as ledger:
        Accounts(ledger).revoke_api_token(revoked.token.id)
    assert me(revoked.secret).status_code == 401 and me(kept.secret).status_code == 200
    with Ledger(accounts_db) as ledger:
        Accounts(ledger).disable_user("vera")
    assert me(kept.secret).status_code == 401


def test_a_log_in_over_plain_http_from_another_machine_is_refused(accounts_db: Path,
                                                                   live_server: Callable[..., str]) -> None:
    # Through a proxy on this machine, which names the client (uvicorn believes a proxy at 127.0.0.1): without TLS
    # the password crossed the network in clear, and the browser would drop the Secure cookie.
    visitor = Visitor(live_server(create_app(accounts_db)))
    remote = {"X-Forwarded-For": "203.0.113.7"}
    token = form_token(visitor.get("/login").text, "/login")
    form = {"name": "alice", "password": PASSWORD, "csrf_token": token}
    refused = visitor.post("/login", data=form, headers=remote)
    assert refused.status_code == 403 and "logging in over plain http is refused" in refused.text
    over_tls = visitor.post("/login", data=form, headers={**remote, "X-Forwarded-Proto": "https"})
    assert over_tls.status_code == 303 and SESSION_COOKIE in visitor.cookies


# --------------------------------------------------------------------------- Chromium


def _severe_console_errors(driver: object) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _marks_for(driver: object, claim_id: int) -> list[object]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, f'mark.claim[data-claim-ids~="{claim_id}"]')


def test_browser_shows_one_mark_per_claim(chromium: object, site: Site) -> None:
    from selenium.webdriver.common.by import By

    driver = chromium
    driver.get(f"{site.url}/documents/{site.statement_id}")
    # what the browser renders in the text block is the document, character for character
    assert driver.execute_script("return document.getElementById('doc-text').textContent") == TEXT_STATEMENT
    white_space = driver.execute_script("return getComputedStyle(document.getElementById('doc-text')).whiteSpace")
    assert white_space == "pre-wrap"
    # claims that overlap nothing get exactly one mark, showing exactly their quote
    shared = {"576 houses and 72 civilian facilities were destroyed", "72 civilian facilities", "12 tanks and 3 helicopters", "3 helicopters were destroyed near Fizuli"}
    for c in site.statement:
        marks = _marks_for(driver, c.id)
        assert marks and all(m.is_displayed() for m in marks)
        assert "".join(m.get_attribute("textContent") for m in marks) == c.claim.quote
        if c.claim.quote not in shared:
            assert len(marks) == 1 and marks[0].text == c.claim.quote
        assert driver.find_element(By.ID, f"claim-{c.id}")
    # 7 claims; the nested pair splits into 3 runs and the crossing pair into 3
    assert len(driver.find_elements(By.CSS_SELECTOR, "#doc-text mark.claim")) == 9
    # colours come from the kind: two different kinds, two different backgrounds
    killed = _marks_for(driver, by_quote(site.statement, "31 civilians were killed").id)[0]
    fled = _marks_for(driver, by_quote(site.statement, "hundreds of residents fled").id)[0]
    assert killed.value_of_css_property("background-color") != fled.value_of_css_property("background-color")
    assert _severe_console_errors(driver) == []


def test_browser_click_opens_the_panel(chromium: object, site: Site, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium
    driver.get(f"{site.url}/documents/{site.statement_id}")
    panel = driver.find_element(By.ID, "claim-panel")
    assert not panel.is_displayed()

    claim = by_quote(site.statement, "around 150 wounded")
    _marks_for(driver, claim.id)[0].click()
    WebDriverWait(driver, 5).until(EC.visibility_of(panel))
    detail = panel.find_element(By.CSS_SELECTOR, f'.claim-detail[data-claim-id="{claim.id}"]')
    assert detail.is_displayed()
    assert detail.find_element(By.CSS_SELECTOR, "dd.f-value").text == "150"
    assert detail.find_element(By.CSS_SELECTOR, "dd.f-claimant").text == MOD_AZ
    assert detail.find_element(By.CSS_SELECTOR, "dd.f-qualifier").text == "approximately"
    assert detail.find_element(By.CSS_SELECTOR, "dd.f-what").text == "civilians"
    shown = [d.get_attribute("data-claim-id") for d in panel.find_elements(By.CSS_SELECTOR, ".claim-detail") if d.is_displayed()]
    assert shown == [str(claim.id)]

    driver.save_screenshot(str(tmp_path / "document.png"))
    shutil.copyfile(tmp_path / "document.png", SCREENSHOT_COPY)
    assert (tmp_path / "document.png").stat().st_size > 10_000

    # a run claimed twice shows both claims
    tanks = by_quote(site.statement, "12 tanks and 3 helicopters")
    helicopters = by_quote(site.statement, "3 helicopters were destroyed near Fizuli")
    both = next(m for m in _marks_for(driver, tanks.id) if m.text == "3 helicopters")
    both.click()
    shown = {d.get_attribute("data-claim-id") for d in panel.find_elements(By.CSS_SELECTOR, ".claim-detail") if d.is_displayed()}
    assert shown == {str(tanks.id), str(helicopters.id)}
    assert MOD_AM in panel.text and "Fizuli" in panel.text

    # the close button hides it again
    panel.find_element(By.CSS_SELECTOR, ".panel-close").click()
    WebDriverWait(driver, 5).until(EC.invisibility_of_element(panel))

    # a link in the claims table jumps to the highlight and opens its claim
    killed = by_quote(site.statement, "31 civilians were killed")
    driver.find_element(By.CSS_SELECTOR, f'a[data-claim-link="{killed.id}"]').click()
    WebDriverWait(driver, 5).until(EC.visibility_of(panel))
    assert driver.execute_script("return location.hash") == f"#claim-{killed.id}"
    detail = panel.find_element(By.CSS_SELECTOR, f'.claim-detail[data-claim-id="{killed.id}"]')
    assert detail.find_element(By.CSS_SELECTOR, "dd.f-value").text == "31"
    assert _severe_console_errors(driver) == []


def test_browser_does_not_run_injected_script(chromium: object, site: Site) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver = chromium
    driver.get(f"{site.url}/documents/{site.hostile_id}")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - raises when no alert is open
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.find_elements(By.CSS_SELECTOR, "#doc-text script, #doc-text img, .panel script, td b") == []
    text = driver.find_element(By.ID, "doc-text").text
    assert HOSTILE_SCRIPT in text and HOSTILE_IMG in text
    assert f"{HOSTILE_SCRIPT} release" in driver.find_element(By.TAG_NAME, "h1").text
    # the claimant's markup shows as text in the panel too
    claim = by_quote(site.hostile, "40 soldiers were wounded")
    _marks_for(driver, claim.id)[0].click()
    detail = driver.find_element(By.CSS_SELECTOR, f'.claim-detail[data-claim-id="{claim.id}"]')
    assert detail.find_element(By.CSS_SELECTOR, "dd.f-claimant").text == HOSTILE_CLAIMANT
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018
    assert _severe_console_errors(driver) == []


def test_browser_index_page(chromium: object, site: Site) -> None:
    from selenium.webdriver.common.by import By

    driver = chromium
    driver.get(f"{site.url}/")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.documents tbody tr")
    assert len(rows) == 3
    driver.find_element(By.LINK_TEXT, "statement.txt").click()
    assert driver.current_url == f"{site.url}/documents/{site.statement_id}"
    assert driver.find_element(By.TAG_NAME, "h1").text == "Press conference, 8 October"


def test_the_allegations_page_lists_them_filtered_and_sets_contested_acts_side_by_side(
        tmp_path: Path, live_server: Callable[..., str]) -> None:
    from claimledger.models import Allegation

    db_path = tmp_path / "ledger.sqlite"
    accusation = "Yerevan, 29 September 2020. Turkish F-16s took part in the strikes, the ministry said."
    denial = "Baku, 30 September 2020. Claims that <script>alert(1)</script> Turkish F-16s fly are fake."
    with Ledger(db_path) as ledger:
        for name, text, stance, claimant, quote in (
                ("am.txt", accusation, "asserts", "Armenia", "Turkish F-16s took part in the strikes"),
                ("az.txt", denial, "denies", "Azerbaijan", "<script>alert(1)</script> Turkish F-16s fly are fake")):
            start = text.index(quote)
            ledger.add_document(Document(name=name, text=text, content_hash=_sha(text)), [], profile="test",
                                allegations=[Allegation(name, (start, start + len(quote)), quote, stance,
                                                        "foreign_military", actor="Turkey", claimant=claimant)])
    with httpx.Client(base_url=live_server(create_app(db_path)), timeout=10) as client:
        listed = client.get("/allegations")
        contested = client.get("/allegations", params={"contested": "true", "claimant": "armenia"})
        only = client.get("/allegations", params={"claimant": "Azerbaijan"})
        api = client.get("/api/allegations", params={"contested": "true"})
    assert listed.status_code == 200 and listed.headers["content-security-policy"]
    assert listed.text.count('<tr class="stance-') == 2
    assert "<script>alert(1)</script>" not in listed.text and "&lt;script&gt;" in listed.text
    assert "foreign military by Turkey" in contested.text
    assert "Turkish F-16s took part in the strikes" in contested.text and "Turkish F-16s fly are fake" in contested.text
    assert only.text.count('<tr class="stance-') == 1 and "stance-denies" in only.text
    (act,) = api.json()
    assert (act["subject"], act["actor"], [a["claimant"] for a in act["asserted"]],
            [d["claimant"] for d in act["denied"]]) == ("foreign_military", "Turkey", ["Armenia"], ["Azerbaijan"])


def test_browser_logs_in_through_the_form_and_out(chromium: object, accounts_db: Path,
                                                   live_server: Callable[..., str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium
    url = live_server(create_app(accounts_db, private=True))
    driver.delete_all_cookies()  # a browser's cookies are the host's, whatever the port: start from none
    driver.get(f"{url}/documents/1")
    assert driver.current_url == f"{url}/login?next=%2Fdocuments%2F1"
    driver.find_element(By.NAME, "name").send_keys("alice")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "section.login button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.url_to_be(f"{url}/documents/1"))
    assert driver.find_element(By.CSS_SELECTOR, "header .user-name").text == "alice"
    # Chromium kept the Secure cookie on http://127.0.0.1, and no script of the page can read it.
    cookie = driver.get_cookie(SESSION_COOKIE)
    assert (cookie["secure"], cookie["httpOnly"], cookie["sameSite"]) == (True, True, "Lax")
    assert driver.execute_script("return document.cookie") == ""
    driver.find_element(By.CSS_SELECTOR, "form.logout button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.url_to_be(f"{url}/login"))
    assert driver.find_elements(By.CSS_SELECTOR, "header .user-name") == []
    assert driver.get_cookie(SESSION_COOKIE) is None and sessions_in(accounts_db) == 0
    driver.get(f"{url}/documents/1")
    assert driver.current_url.startswith(f"{url}/login")
    assert _severe_console_errors(driver) == []
    driver.delete_all_cookies()


def test_browser_sends_the_allegations_filter_form(chromium: object, site: Site) -> None:
    # The CSP's form-action was 'none' before the log-in form came, and Chromium sent no form at all, this one either.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium
    driver.get(f"{site.url}/allegations")
    driver.find_element(By.NAME, "actor").send_keys("Turkey")
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.url_contains("actor=Turkey"))
    assert _severe_console_errors(driver) == []


# --------------------------------------------------------------------------- claim pages and review


def test_a_claims_page_shows_it_in_its_sentence_with_its_fields_and_offers_review_to_analysts_only(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    anonymous = httpx.get(f"{url}/claims/1")
    assert anonymous.status_code == 200
    assert '<mark class="claim' in anonymous.text and "31 civilians were killed</mark>" in anonymous.text
    assert "According to the information of 8 October 2020, " in anonymous.text  # the sentence around it
    assert "Review status: <strong>unreviewed</strong>" in anonymous.text and "to review this claim" in anonymous.text
    assert 'action="/claims/1/review"' not in anonymous.text
    viewer = Visitor(url)
    viewer.log_in("vera")
    assert "needs the role analyst" in viewer.get("/claims/1").text
    assert httpx.get(f"{url}/claims/999").status_code == 404


def test_an_analyst_reviews_and_corrects_a_claim_through_its_page_and_the_audit_trail_shows_it(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    analyst = Visitor(url)
    analyst.log_in("alice")
    page = analyst.get("/claims/1").text
    reviewed = analyst.post("/claims/1/review", data={
        "csrf_token": form_token(page, "/claims/1/review"), "status": "disputed", "note": "Armenia denies it",
        "evidence": "https://example.org/denial\nhttps://example.org/map"})
    assert (reviewed.status_code, reviewed.headers["location"]) == (303, "/claims/1")
    corrected = analyst.post("/claims/1/correct", data={
        "csrf_token": form_token(page, "/claims/1/correct"), "field": "places", "value": "Ganja; Barda",
        "note": "the ministry's map"})
    assert corrected.status_code == 303
    shown = analyst.get("/claims/1").text
    assert "Review status: <strong>disputed</strong>" in shown
    assert '<a href="https://example.org/map" rel="noopener noreferrer nofollow">' in shown
    assert "Armenia denies it" in shown and "Ganja, Barda" in shown and "the ministry&#39;s map" in shown
    record = httpx.get(f"{url}/api/claims/1").json()
    assert record["review_status"] == "disputed" and record["places"] == ["Ganja", "Barda"]
    assert [(h["user"], h["action"], h["field"]) for h in record["history"]] == [
        ("alice", "review", "review_status"), ("alice", "correct", "places")]
    assert record["reviews"][0]["evidence"] == ["https://example.org/denial", "https://example.org/map"]


def test_a_review_from_a_viewer_without_a_token_or_with_a_bad_value_is_refused_and_stores_nothing(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    viewer = Visitor(url)
    viewer.log_in("vera")
    token = form_token(viewer.get("/").text, "/logout")  # the session's token: the viewer's own forms carry it
    assert viewer.post("/claims/1/review", data={"csrf_token": token, "status": "refuted"}).status_code == 403
    analyst = Visitor(url)
    analyst.log_in("alice")
    page = analyst.get("/claims/1").text
    assert analyst.post("/claims/1/review", data={"status": "refuted"}).status_code == 403
    bad_link = analyst.post("/claims/1/review", data={"csrf_token": form_token(page, "/claims/1/review"),
                                                     "status": "refuted", "evidence": "javascript:alert(1)"})
    assert bad_link.status_code == 400 and "is no web address" in bad_link.text
    bad_value = analyst.post("/claims/1/correct", data={"csrf_token": form_token(page, "/claims/1/correct"),
                                                       "field": "value", "value": "many"})
    assert bad_value.status_code == 400 and "digits" in bad_value.text
    assert httpx.get(f"{url}/api/claims/1").json()["history"] == []


def test_the_claims_page_searches_filters_counts_facets_and_pages_through_every_claim(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    found = httpx.get(f"{url}/claims", params={"q": "tanks"})
    assert found.status_code == 200 and "1 claim found" in found.text and "12 tanks and 3 helicopters" in found.text
    # Every count of the home page is a link into the search.
    home = httpx.get(f"{url}/").text
    kind_link = re.search(r'<a href="(/claims\?kind=damage)">2</a>', home)
    assert kind_link, "no link from the count of damage claims"
    damage = httpx.get(url + kind_link.group(1)).text
    assert "2 claims found" in damage and "576 houses" in damage and "12 tanks" not in damage
    # A facet's value is a link that adds its filter; a document is named by its file.
    every = httpx.get(f"{url}/claims").text
    assert re.search(r'<a href="/claims\?document_id=1">statement.txt</a>', every)
    facet = re.search(r'<a href="(/claims\?[^"]*claimant=[^"]+)">', every)
    assert facet and "claims found" in httpx.get(url + facet.group(1).replace("&amp;", "&")).text
    # Pages of two, by keyset, until the last: every claim once.
    seen, after = [], None
    while True:
        page = httpx.get(f"{url}/api/claims", params={"limit": 2, **({"after": after} if after else {})}).json()
        assert page["total"] == 7
        seen += [claim["id"] for claim in page["claims"]]
        after = page["next_after"]
        if after is None:
            break
    assert sorted(seen) == list(range(1, 8))


def test_a_search_of_more_claims_than_are_counted_says_more_than_and_its_facets_follow_when_counted(
        accounts_db: Path, live_server: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import claimledger.ledger as ledger_module

    monkeypatch.setattr(ledger_module, "COUNTED_AT_ONCE", 5)
    monkeypatch.setattr(ledger_module, "COUNTED_AT_MOST", 5)
    # Facets that take longer than the page waits for them (held until released), as a million claims' do.
    released = threading.Event()
    count_facets = Ledger._count_facets

    def slow_count(self, session, query, most):  # type: ignore[no-untyped-def]
        released.wait(30)
        return count_facets(self, session, query, most)

    monkeypatch.setattr(Ledger, "_count_facets", slow_count)
    url = live_server(create_app(accounts_db))
    first = httpx.get(f"{url}/claims").text
    assert "More than 5 claims found" in first
    assert "still being counted" in first and 'class="count"' not in first
    api = httpx.get(f"{url}/api/claims").json()
    assert (api["total"], api["total_exact"], len(api["claims"])) == (5, False, 7)
    released.set()
    for _ in range(100):  # the counting goes on in the background, and the page has its facets once it is done
        again = httpx.get(f"{url}/claims").text
        if 'class="count"' in again:
            break
    assert "still being counted" not in again and 'class="count"' in again


@pytest.mark.parametrize("parameters, message", [
    ({"since": "yesterday"}, "is no day"), ({"sort": "loudest"}, "is no order"), ({"limit": "100000"}, "limit"),
    ({"document_id": "-1"}, "document"), ({"after": "not a cursor"}, "cursor"),
])
def test_a_search_with_a_wrong_parameter_is_refused_saying_which(
        accounts_db: Path, live_server: Callable[..., str], parameters: dict[str, str], message: str) -> None:
    url = live_server(create_app(accounts_db))
    page, api = httpx.get(f"{url}/claims", params=parameters), httpx.get(f"{url}/api/claims", params=parameters)
    assert page.status_code == 400 and message in page.text
    assert api.status_code == 400 and message in api.json()["detail"]


def test_scripts_review_correct_and_add_claims_through_the_api_with_an_analysts_token(
        accounts_db: Path, live_server: Callable[..., str]) -> None:
    with Ledger(accounts_db) as ledger:
        accounts = Accounts(ledger)
        analyst_token = accounts.create_api_token("alice", "script").secret
        viewer_token = accounts.create_api_token("vera").secret
    url = live_server(create_app(accounts_db))

    def as_script(token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    reviewed = httpx.post(f"{url}/api/claims/1/reviews", headers=as_script(analyst_token),
                          json={"status": "corroborated", "note": "matches OCHA", "evidence": ["https://ocha.example"]})
    assert reviewed.status_code == 201 and reviewed.json()["user"] == "alice"
    corrected = httpx.post(f"{url}/api/claims/1/corrections", headers=as_script(analyst_token),
                           json={"fields": {"speaker": "Hikmet Hajiyev", "value": "32"}, "note": "the transcript"})
    assert corrected.status_code == 200 and (corrected.json()["speaker"], corrected.json()["value"]) == \
        ("Hikmet Hajiyev", 32)
    start = TEXT_STATEMENT.index("72 civilian facilities")
    added = httpx.post(f"{url}/api/documents/1/claims", headers=as_script(analyst_token),
                       json={"start": start, "end": start + 2, "fields": {"kind": "damage", "outcome": "destroyed",
                                                                         "value": "72"}})
    assert added.status_code == 201 and added.json()["origin"] == "human"
    assert [(e["action"], e["field"]) for e in httpx.get(f"{url}/api/audit").json()] == [
        ("review", "review_status"), ("correct", "speaker"), ("correct", "value"), ("add", None)]
    # Refusals are JSON with a code: no token, a viewer's, a bad value, no such claim, a session without one.
    refusals = [
        (httpx.post(f"{url}/api/claims/1/reviews", json={"status": "refuted"}), 401, "not_logged_in"),
        (httpx.post(f"{url}/api/claims/1/reviews", headers=as_script(viewer_token), json={"status": "refuted"}),
         403, "role_refused"),
        (httpx.post(f"{url}/api/claims/1/reviews", headers=as_script(analyst_token), json={"status": "true"}),
         400, "review_field"),
        (httpx.post(f"{url}/api/claims/99/reviews", headers=as_script(analyst_token), json={"status": "refuted"}),
         404, "review"),
    ]
    browser = Visitor(url)
    browser.log_in("alice")
    refusals.append((browser.post("/api/claims/1/reviews", json={"status": "refuted"}), 403, "csrf"))
    for response, status, code in refusals:
        assert (response.status_code, response.json()["code"]) == (status, code), response.text
        assert response.json()["detail"]
    assert len(httpx.get(f"{url}/api/audit").json()) == 4


def test_the_api_page_lists_every_route_of_the_openapi_description(accounts_db: Path,
                                                                   live_server: Callable[..., str]) -> None:
    url = live_server(create_app(accounts_db))
    spec = httpx.get(f"{url}/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/claims/{claim_id}/reviews" in spec["paths"]
    listed = httpx.get(f"{url}/api").text
    api_paths = [path for path in spec["paths"] if path.startswith("/api/")]
    assert len(api_paths) >= 10
    for path in api_paths:
        for method in spec["paths"][path]:
            assert f"<code>{method.upper()} {path}</code>" in listed
    assert "Authorization: Bearer TOKEN" in listed


def test_every_export_of_a_search_downloads_and_loads_back(accounts_db: Path, live_server: Callable[..., str]) -> None:
    import io

    import pandas

    with Ledger(accounts_db) as ledger:
        user = ledger.user("alice")
        ledger.record_review(1, "refuted", note="no such toll", evidence=["https://example.org/x"], user=user,
                             at=dt.datetime(2020, 10, 20, tzinfo=dt.UTC))
    url = live_server(create_app(accounts_db))
    page = httpx.get(f"{url}/claims", params={"kind": "casualties"}).text
    links = re.findall(r'<a href="(/export/claims\.[a-z]+\?kind=casualties)">', page)
    assert len(links) == 5
    downloads = {link.split(".")[1].split("?")[0]: httpx.get(url + link) for link in links}
    for name, response in downloads.items():
        assert response.status_code == 200, name
        assert response.headers["content-disposition"].startswith('attachment; filename="claims.')
    as_csv = pandas.read_csv(io.StringIO(downloads["csv"].text))
    as_parquet = pandas.read_parquet(io.BytesIO(downloads["parquet"].content))
    assert len(as_csv) == len(as_parquet) == 2 and set(as_csv["kind"]) == {"casualties"}
    assert list(as_csv.columns) == list(as_parquet.columns)
    lines = [json.loads(line) for line in downloads["jsonl"].text.splitlines()]
    assert [line["quote"] for line in lines] == ["31 civilians were killed", "around 150 wounded"]
    assert downloads["geojson"].json()["type"] == "FeatureCollection"
    (review,) = downloads["claimreview"].json()
    assert (review["@context"], review["@type"], review["reviewRating"]["alternateName"]) == \
        ("https://schema.org", "ClaimReview", "refuted")
    assert review["url"] == f"{url}/claims/1" and review["itemReviewed"]["@type"] == "Claim"
    assert httpx.get(f"{url}/api/export/claims.csv").status_code == 200
    assert httpx.get(f"{url}/export/claims.exe").status_code == 404


REVIEW_STATEMENT = ("Baku, 14 October 2020\n\nThe Ministry of Defence of Azerbaijan said that on 13 October the "
                    "Armenian armed forces shelled Tartar, killing 3 civilians. The enemy lost 12 tanks near Fuzuli. "
                    "Two more villages were shelled in the evening.\n")


def test_browser_review_loop_search_filter_review_correct_audit_reextract_add_and_export(
        chromium: object, tmp_path: Path, live_server: Callable[..., str]) -> None:
    # The review loop of issue 11 in a real browser: log in, search, filter by a facet, open a claim, review and
    # correct it, see the audit entries, see the correction survive a re-extraction, add a claim by selecting its
    # words, and download every export.
    import io

    import pandas
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from claimledger.pipeline import ingest_paths, reextract

    (tmp_path / "statement.txt").write_text(REVIEW_STATEMENT, encoding="utf-8")
    db_path = tmp_path / "ledger.sqlite"
    with Ledger(db_path) as ledger:
        ingest_paths([tmp_path / "statement.txt"], ledger)
        Accounts(ledger).add_user("ana", PASSWORD, Role.analyst)
    url = live_server(create_app(db_path))
    driver = chromium
    driver.delete_all_cookies()
    wait = WebDriverWait(driver, 10)
    driver.get(f"{url}/login?next=/claims")
    driver.find_element(By.NAME, "name").send_keys("ana")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "section.login button[type=submit]").click()
    wait.until(EC.url_to_be(f"{url}/claims"))
    # Search, then narrow by a facet's link.
    driver.find_element(By.NAME, "q").send_keys("civilians")
    driver.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    wait.until(EC.url_contains("q=civilians"))
    assert "1 claim found" in driver.find_element(By.CSS_SELECTOR, "p.lede").text
    driver.find_element(By.LINK_TEXT, "casualties").click()
    wait.until(EC.url_contains("kind=casualties"))
    driver.find_element(By.CSS_SELECTOR, "table.claims-table td.quote a").click()
    wait.until(EC.url_matches(r"/claims/\d+$"))
    claim_url = driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "blockquote.sentence mark").text == "3 civilians"
    # Review, then correct a field.
    Select(driver.find_element(By.CSS_SELECTOR, "form.review select[name=status]")).select_by_value("disputed")
    driver.find_element(By.CSS_SELECTOR, "form.review textarea[name=note]").send_keys("Armenia denies the shelling")
    driver.find_element(By.CSS_SELECTOR, "form.review textarea[name=evidence]").send_keys("https://example.org/denial")
    driver.find_element(By.CSS_SELECTOR, "form.review button[type=submit]").click()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "p.status"), "disputed"))
    Select(driver.find_element(By.CSS_SELECTOR, "form.correct select[name=field]")).select_by_value("speaker")
    driver.find_element(By.CSS_SELECTOR, "form.correct input[name=value]").send_keys("Vagif Dargahli")
    driver.find_element(By.CSS_SELECTOR, "form.correct button[type=submit]").click()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "table.audit"), "Vagif Dargahli"))
    history = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")]
    assert len(history) == 2 and "ana review review_status unreviewed disputed" in history[0]
    # A re-extraction keeps both: the claim of that span is found again with them.
    with Ledger(db_path) as ledger:
        assert reextract(ledger, force=True) == 1
    driver.get(f"{url}/claims?q=civilians")
    driver.find_element(By.CSS_SELECTOR, "table.claims-table td.quote a").click()
    wait.until(EC.url_matches(r"/claims/\d+$"))
    assert "disputed" in driver.find_element(By.CSS_SELECTOR, "p.status").text
    assert "Vagif Dargahli" in driver.find_element(By.CSS_SELECTOR, "dd.f-speaker").text
    # Add the claim the machine missed, by selecting its words in the document's text.
    driver.get(f"{url}/documents/1")
    driver.find_element(By.CSS_SELECTOR, "details.add-claim summary").click()
    driver.execute_script("""
        const text = document.getElementById('doc-text');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.nodeValue.indexOf('Two more villages were shelled');
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + 'Two more villages were shelled'.length);
                window.getSelection().removeAllRanges();
                window.getSelection().addRange(range);
                break;
            }
        }""")
    wait.until(EC.text_to_be_present_in_element((By.ID, "add-claim-quote"), "Two more villages were shelled"))
    start = REVIEW_STATEMENT.index("Two more villages were shelled")
    assert driver.find_element(By.NAME, "start").get_attribute("value") == str(start)
    Select(driver.find_element(By.CSS_SELECTOR, "#add-claim select[name=kind]")).select_by_value("attacks")
    Select(driver.find_element(By.CSS_SELECTOR, "#add-claim select[name=outcome]")).select_by_value("strikes")
    driver.find_element(By.CSS_SELECTOR, "#add-claim input[name=value]").send_keys("2")
    driver.find_element(By.CSS_SELECTOR, "#add-claim input[name=actor]").send_keys("Armenia")
    driver.find_element(By.CSS_SELECTOR, "#add-claim button[type=submit]").click()
    wait.until(EC.url_matches(r"/claims/\d+$"))
    assert driver.find_element(By.CSS_SELECTOR, "blockquote.sentence mark").text == "Two more villages were shelled"
    assert "added by a reviewer" in driver.find_element(By.CSS_SELECTOR, "p.status").text
    # Every export of the search downloads and loads back.
    driver.get(f"{url}/claims")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "p.downloads a")]
    assert len(links) == 5
    files = {link.split("claims.")[1].split("?")[0]: httpx.get(link) for link in links}
    assert len(pandas.read_csv(io.StringIO(files["csv"].text))) == len(pandas.read_parquet(
        io.BytesIO(files["parquet"].content))) == len(files["jsonl"].text.splitlines())
    assert [r["reviewRating"]["alternateName"] for r in files["claimreview"].json()] == ["disputed"]
    assert claim_url.startswith(url) and _severe_console_errors(driver) == []
    driver.delete_all_cookies()


def test_browser_draws_the_timelines_and_the_offline_map(chromium: object, tmp_path: Path,
                                                          live_server: Callable[..., str]) -> None:
    # Chart.js and the map's country outlines come from npm at build time (web/package.json); the pages draw them from
    # this app alone, under its CSP, with no console error.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from claimledger.pipeline import ingest_paths

    statements = {
        "baku.txt": "Baku, 14 October 2020\n\nThe Ministry of Defence of Azerbaijan said that the Armenian armed "
                    "forces shelled Tartar on 13 October. Since 27 September, Armenia has lost 230 tanks.\n",
        "baku2.txt": "Baku, 20 October 2020\n\nThe Ministry of Defence of Azerbaijan said that since 27 September "
                     "Armenia has lost 280 tanks.\n",
        "yerevan.txt": "Yerevan, 21 October 2020\n\nThe Armenian Defence Ministry said that since 27 September the "
                       "Armenian side has lost 40 tanks near Fuzuli and Jabrayil.\n",
    }
    for name, text in statements.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db_path = tmp_path / "ledger.sqlite"
    with Ledger(db_path) as ledger:
        ingest_paths(sorted(tmp_path.glob("*.txt")), ledger)
    url = live_server(create_app(db_path))
    driver = chromium
    driver.get(f"{url}/figures")
    compare_links = [a.get_attribute("href") for a in driver.find_elements(By.LINK_TEXT, "all claimants")]
    assert compare_links
    driver.get(next(link for link in compare_links if "materiel" in link))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return window.Chart && Chart.getChart(document.getElementById('timeline')) !== undefined"))
    lines = driver.execute_script("return Chart.getChart(document.getElementById('timeline')).data.datasets"
                                  ".map(d => [d.label, d.data.length])")
    assert ["Armenia", 1] in lines and ["Azerbaijan", 2] in lines
    driver.get(f"{url}/map")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#claims-map path.country"))
    places = driver.find_elements(By.CSS_SELECTOR, "#claims-map circle.place")
    assert len(places) >= 3
    titles = " ".join(c.find_element(By.TAG_NAME, "title").get_attribute("textContent") for c in places)
    assert "Tartar" in titles and "precision" in titles
    assert _severe_console_errors(driver) == []


def test_figures_compare_map_and_vendor_routes_answer_or_refuse_plainly(client: httpx.Client) -> None:
    assert client.get("/figures").status_code == 200
    series = client.get("/api/figures").json()
    assert series and all(point["value"] is not None for s in series for point in s["points"])
    assert client.get(f"/figures/{series[0]['id']}").status_code == 200
    assert client.get("/figures/nosuchseries").status_code == 404
    refused = client.get("/compare", params={"kind": "casualties", "outcome": "destroyed", "affected": "Armenia"})
    assert refused.status_code == 400 and "compare needs" in refused.text
    assert client.get("/api/map").json()["claims_without_a_located_place"] >= 1
    # Only the listed assets, by name: no path reaches any other file.
    for name in ("..%2F..%2Fapp.py", "package.json", "chart.js%2Fdist%2Fchart.js"):
        assert client.get(f"/vendor/{name}").status_code == 404, name
    asset = client.get("/vendor/chart.umd.min.js")
    assert asset.status_code == 200 and asset.headers["content-type"].startswith("text/javascript")


def test_a_served_process_leaves_its_start_up_objects_out_of_full_garbage_collections(accounts_db: Path) -> None:
    # In a process of its own (the settings are the process's): the app of a `serve --workers` process, as uvicorn
    # makes it, has its start-up objects frozen and a full collection only every FULL_COLLECTION_EVERY of the middle
    # generation's.
    import subprocess
    import sys

    from claimledger.web.app import FULL_COLLECTION_EVERY, SERVED_DB, SERVED_HOST, SERVED_PRIVATE

    script = ("import gc, json\nfrom claimledger.web.app import served_app\nserved_app()\n"
              "print(json.dumps([gc.get_freeze_count(), gc.get_threshold()[2]]))")
    environment = {**os.environ, SERVED_DB: str(accounts_db), SERVED_HOST: "127.0.0.1", SERVED_PRIVATE: ""}
    printed = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                             check=True, timeout=120).stdout
    frozen, full_every = json.loads(printed.strip().splitlines()[-1])
    assert frozen > 50_000 and full_every == FULL_COLLECTION_EVERY
