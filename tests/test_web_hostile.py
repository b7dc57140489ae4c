"""Hostile documents in a real browser (issue 11, part 7: untrusted text).

Files whose text, title, publisher and file name carry script, event-handler, javascript: URL and template payloads
are ingested by the real CLI into a ledger, served by a real uvicorn server, public and private, and every page that
shows them is opened in headless Chromium: no payload runs, each shows as the text it is, and the browser's console
has nothing to say of the app's own scripts and styles.

Two defences each hold alone, and each is tested alone: the escaping (the pages opened again with Chromium told to
ignore the Content-Security-Policy) and the CSP (markup put into a page through the DevTools protocol, as a hole in
the escaping would put it there, is stopped, and the browser says so).

CLAIMLEDGER_SCREENSHOTS=FOLDER saves a screenshot of every page, whole, at 1400×900 and at 390×844 (a phone).
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pytest

from claimledger.accounts import Accounts, Role
from claimledger.ingest import read_document
from claimledger.ledger import Ledger, StoredDocument
from claimledger.models import Claim
from claimledger.web.app import MAX_SHOWN_CHARS, create_app

# Each payload sets window.__pwned to a number of its own: a page where one ran says which.
SCRIPT = "<script>window.__pwned=1</script>"
IMG_ONERROR = '<img src=x onerror="window.__pwned=2">'
SVG_ONLOAD = '<svg onload="window.__pwned=3">'
ATTRIBUTE_BREAKOUT = '"><script>window.__pwned=4</script>'
QUOTE_BREAKOUT = "'><img src=x onerror=window.__pwned=5>"
JAVASCRIPT_LINK = '<a href="javascript:window.__pwned=6">the full statement</a>'
JAVASCRIPT_URL = "javascript:window.__pwned=7"  # plain text, which a page that linkified would make a link of
TEXTAREA_BREAKOUT = "</textarea><script>window.__pwned=8</script>"
META_REFRESH = '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=9">'
STYLE = "<style>body{display:none}</style>"
ALERT = "<script>alert(document.domain)</script>"
TEMPLATE_PROBE = "{{ 7*7 }}"  # shown as 49 by a page that rendered document text as a template
TEXT_PAYLOADS = (SCRIPT, IMG_ONERROR, SVG_ONLOAD, ATTRIBUTE_BREAKOUT, QUOTE_BREAKOUT, JAVASCRIPT_LINK, JAVASCRIPT_URL,
                 TEXTAREA_BREAKOUT, META_REFRESH, STYLE, ALERT, TEMPLATE_PROBE)
# An event handler in the very figure that a claim highlights; the extractor reads no figure inside a tag with
# attributes, so this one is a reviewer's claim, stored through the library (REVIEWED_NAME).
HANDLER_IN_FIGURE = '<b onmouseover="window.__pwned=10">12</b> civilians'
# Sentences whose claims the extractor does find, over markup: "12 <b>civilians", "30</b> wounded".
TAGGED_FIGURE = ("On 8 October 2020 the Ministry of Defence of Azerbaijan said that Armenian forces killed "
                 "12 <b>civilians</b> in Ganja.")
TAGGED_HANDLER = ('On 9 October 2020 the Ministry of Defence of Azerbaijan said that 12 civilians were killed and '
                  '<b onmouseover="window.__pwned=11">30</b> wounded in Barda.')

# File names carry payloads too (a file name cannot hold "/", so no closing tag).
TEXT_NAME = "<img src=x onerror=window.__pwned=21>.txt"
TITLED_HTML_NAME = '"><svg onload=window.__pwned=22>.html'
HEADED_HTML_NAME = "javascript:window.__pwned=23.html"
PDF_NAME = "{{ 7*7 }}' onmouseover='window.__pwned=24.pdf"
LONG_NAME = "<script>window.__pwned=25<!--.txt"
REVIEWED_NAME = "<svg onload=window.__pwned=26>.txt"

TEXT_TITLE = f"Briefing {SCRIPT} {TEMPLATE_PROBE}"  # a .txt file's title is its first line
HTML_TITLE = f"{ATTRIBUTE_BREAKOUT} Shelling report {TEMPLATE_PROBE}"  # from <title>, the page having no <h1>
HEADING_TITLE = f"{SVG_ONLOAD} Statement of the ministry"  # from <h1>
PDF_TITLE = f"{TEXTAREA_BREAKOUT} Situation report"  # from the PDF's /Title
HTML_PUBLISHER = f"{IMG_ONERROR} News"  # from og:site_name
PDF_PUBLISHER = QUOTE_BREAKOUT  # from the PDF's /Author

PASSWORD = "correct horse battery staple"
SESSION_COOKIE = "__Host-claimledger-session"
PHONE = (390, 844)
DESKTOP = (1400, 900)
SCREENSHOTS = os.environ.get("CLAIMLEDGER_SCREENSHOTS", "").strip()


def payload_lines() -> str:
    return "".join(f"The statement quoted {payload} in full.\n" for payload in TEXT_PAYLOADS)


def text_file() -> str:
    return f"{TEXT_TITLE}\n\n{TAGGED_FIGURE}\n{TAGGED_HANDLER}\n{payload_lines()}"


def payload_paragraphs() -> str:
    return "".join(f"<p>The statement quoted {html.escape(payload)} in full.</p>\n" for payload in TEXT_PAYLOADS)


def titled_html_file() -> str:
    # The payloads escaped in the page, so that they are its text; and as markup, which ingest drops or keeps the
    # words of (a link's).
    return (f"<!doctype html><html><head><title>{html.escape(HTML_TITLE, quote=False)}</title>\n"
            f'<meta property="og:site_name" content="{html.escape(HTML_PUBLISHER)}"></head>\n'
            f"<body><article><p>{html.escape(TAGGED_FIGURE, quote=False)}</p>\n{payload_paragraphs()}"
            f"<p>Read {JAVASCRIPT_LINK} and {SCRIPT}{IMG_ONERROR} the rest.</p></article></body></html>\n")


def headed_html_file() -> str:
    return ("<!doctype html><html><head><title>A plain title</title></head><body><article>\n"
            f"<h1>{html.escape(HEADING_TITLE, quote=False)}</h1>\n"
            "<p>On 10 October 2020 the Ministry of Defence of Armenia said that Azerbaijani forces killed 14 civilians "
            f"in Stepanakert. See {html.escape(JAVASCRIPT_URL)} and {JAVASCRIPT_LINK}.</p>\n"
            f"{payload_paragraphs()}</article></body></html>\n")


def pdf_file() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(PDF_TITLE)
    pdf.set_author(PDF_PUBLISHER)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "On 11 October 2020 the Ministry of Defence of Azerbaijan said that 9 civilians were killed "
                         f"in Tartar.\n{payload_lines()}")
    return bytes(pdf.output())


def long_file() -> str:
    """A text of two parts (MAX_SHOWN_CHARS each): payloads in both, one cut in two where the first part ends."""
    head = f"A long report\n\n{TAGGED_FIGURE}\n{payload_lines()}"
    filler = "The shelling went on through the night. "
    body = filler * ((MAX_SHOWN_CHARS - len(head) - 10) // len(filler))
    body += "x" * (MAX_SHOWN_CHARS - len(head) - len(body) - 10)
    return f"{head}{body}{SCRIPT}\n{TAGGED_HANDLER}\n{payload_lines()}"


def reviewed_file() -> str:
    return (f"A reviewed statement\n\nOn 12 October 2020 the ministry said that Armenian forces killed "
            f"{HANDLER_IN_FIGURE} in Ganja.\n{payload_lines()}")


# --------------------------------------------------------------------------- the ledger and its pages


@dataclass(frozen=True)
class Page:
    name: str  # of its screenshots
    path: str
    shows: tuple[str, ...] = ()  # strings the page shows as text: in its visible text, or its fields' values
    api: bool = False  # JSON, which Chromium shows as text in a <pre>
    status: int = 200


@dataclass
class Hostile:
    db_path: Path
    documents: dict[str, StoredDocument]  # by file name
    pages: list[Page] = field(default_factory=list)
    reviewed_claim_id: int = 0


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    folder = tmp_path_factory.mktemp("hostile-files")
    (folder / TEXT_NAME).write_text(text_file(), encoding="utf-8")
    (folder / TITLED_HTML_NAME).write_text(titled_html_file(), encoding="utf-8")
    (folder / HEADED_HTML_NAME).write_text(headed_html_file(), encoding="utf-8")
    (folder / PDF_NAME).write_bytes(pdf_file())
    (folder / LONG_NAME).write_text(long_file(), encoding="utf-8")
    db_path = tmp_path_factory.mktemp("hostile-ledger") / "ledger.sqlite"
    ingested = subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", str(db_path)],
                              capture_output=True, text=True, timeout=600)
    assert ingested.returncode == 0 and "stored 5," in ingested.stdout, ingested.stdout + ingested.stderr

    reviewed = folder.parent / "reviewed" / REVIEWED_NAME
    reviewed.parent.mkdir()
    reviewed.write_text(reviewed_file(), encoding="utf-8")
    document = read_document(reviewed)
    start = document.text.index(HANDLER_IN_FIGURE)
    claim = Claim(doc=REVIEWED_NAME, span=(start, start + len(HANDLER_IN_FIGURE)), quote=HANDLER_IN_FIGURE, value=12,
                  kind="casualties", outcome="killed", what=["civilians"], claimant=ATTRIBUTE_BREAKOUT,
                  actor=SVG_ONLOAD, places=[IMG_ONERROR], extractor_version="review")
    with Ledger(db_path) as ledger:
        ledger.add_document(document, [claim], profile="nagorno_karabakh_2020")
        Accounts(ledger).add_user("alice", PASSWORD, Role.admin)
        documents = {d.file_name: d for d in ledger.documents()}
        reviewed_claim_id = ledger.claims(document_id=documents[REVIEWED_NAME].id)[0].id
        allegations = ledger.allegations()
    found = Hostile(db_path, documents, reviewed_claim_id=reviewed_claim_id)
    found.pages = hostile_pages(found, allegations)
    return found


def hostile_pages(found: Hostile, allegations: list[Any]) -> list[Page]:
    documents = list(found.documents.values())
    long, reviewed = found.documents[LONG_NAME], found.documents[REVIEWED_NAME]
    pages = [Page("index", "/", tuple(d.file_name for d in documents) + tuple(d.title for d in documents if d.title))]
    for number, d in enumerate(documents, start=1):
        shown = tuple(s for s in (d.file_name, d.title, d.publisher) if s)
        pages.append(Page(f"document-{number}", f"/documents/{d.id}", shown))
    pages += [
        Page("document-long-part-2", f"/documents/{long.id}?part=2", (long.file_name,)),
        # Opened on its claim: the panel shows every field of it, the claimant's and actor's payloads too.
        Page("document-reviewed-claim", f"/documents/{reviewed.id}#claim-{found.reviewed_claim_id}",
             (ATTRIBUTE_BREAKOUT, SVG_ONLOAD)),
        Page("allegations", "/allegations",
             tuple({a.file_name for a in allegations} | {a.allegation.quote for a in allegations})),
        Page("allegations-contested", "/allegations?contested=true"),
        Page("allegations-filtered", "/allegations?" + urlencode({"actor": SCRIPT, "claimant": ATTRIBUTE_BREAKOUT}),
             (SCRIPT, ATTRIBUTE_BREAKOUT)),
        Page("not-found", "/" + quote(SCRIPT, safe=""), ("Not found",), status=404),
        Page("not-found-document", "/documents/" + quote(IMG_ONERROR, safe=""), ("Not found",), status=404),
        Page("bad-part", f"/documents/{long.id}?part=" + quote(SCRIPT, safe=""), ("Refused",), status=400),
        # A path of this site is kept as where to go after logging in (escaped in the form), anything else is "/".
        Page("login-next-local", "/login?" + urlencode({"next": "/" + ATTRIBUTE_BREAKOUT}),
             ("/" + ATTRIBUTE_BREAKOUT,)),
        Page("login-next-javascript", "/login?" + urlencode({"next": JAVASCRIPT_URL})),
        Page("api-documents", "/api/documents", api=True),
        Page("api-allegations", "/api/allegations", api=True),
        # The claims of every document searched, a payload as the words and as a filter, and the reviewed one's page
        # with its fields, its figure's history and its review forms.
        Page("claims", "/claims"),
        Page("claims-searched", "/claims?" + urlencode({"q": SCRIPT, "claimant": ATTRIBUTE_BREAKOUT}),
             (SCRIPT, ATTRIBUTE_BREAKOUT)),
        Page("claim-reviewed", f"/claims/{found.reviewed_claim_id}", (ATTRIBUTE_BREAKOUT, SVG_ONLOAD, IMG_ONERROR)),
        Page("figures", "/figures"),
        Page("compare", "/compare?" + urlencode({"kind": "casualties", "outcome": "killed", "affected": SCRIPT})),
        Page("map", "/map"),
        Page("api-claims", "/api/claims", api=True),
        Page("api-claim-reviewed", f"/api/claims/{found.reviewed_claim_id}", api=True),
        Page("api-figures", "/api/figures", api=True),
        Page("api-map", "/api/map", api=True),
    ]
    for d in documents:
        pages.append(Page(f"api-document-{d.id}", f"/api/documents/{d.id}", api=True))
        pages.append(Page(f"api-claims-{d.id}", f"/api/documents/{d.id}/claims", api=True))
    return pages


def test_the_hostile_files_carry_their_payloads_into_text_title_publisher_file_name_and_claims(
        hostile: Hostile) -> None:
    # The guard of every test below: were ingest to drop the markup, they would pass and prove nothing.
    documents = hostile.documents
    assert set(documents) == {TEXT_NAME, TITLED_HTML_NAME, HEADED_HTML_NAME, PDF_NAME, LONG_NAME, REVIEWED_NAME}
    assert [documents[name].title for name in (TEXT_NAME, TITLED_HTML_NAME, HEADED_HTML_NAME, PDF_NAME)] == [
        TEXT_TITLE, HTML_TITLE, HEADING_TITLE, PDF_TITLE]
    assert (documents[TITLED_HTML_NAME].publisher, documents[PDF_NAME].publisher) == (HTML_PUBLISHER, PDF_PUBLISHER)
    with Ledger(hostile.db_path, read_only=True) as ledger:
        for name, stored in documents.items():
            text = ledger.document(stored.id).text
            assert all(payload in text for payload in TEXT_PAYLOADS), name
        long_text = ledger.document(documents[LONG_NAME].id).text
        assert len(long_text) > MAX_SHOWN_CHARS
        assert SCRIPT in long_text[MAX_SHOWN_CHARS - len(SCRIPT):MAX_SHOWN_CHARS + len(SCRIPT)]  # cut by the parts
        quotes = {c.claim.quote for c in ledger.claims()}
        assert {"12 <b>civilians", HANDLER_IN_FIGURE} <= quotes
        assert any("</b> wounded" in q for q in quotes)
        assert ledger.allegations(), "no allegation to show on /allegations"
        # The raw markup of a page is not its text: its script and image go, a link keeps its words alone.
        assert ledger.document(documents[TITLED_HTML_NAME].id).text.endswith("Read the full statement and the rest.")


# --------------------------------------------------------------------------- what a page may show and log

# What the app never puts in a page: any of these is markup a payload made.
INJECTED_MARKUP = """
const found = [];
for (const element of document.querySelectorAll('*')) {
  const tag = element.tagName.toLowerCase();
  // The app's own: its scripts by address with no text, the JSON its charts and map are drawn from (tojson escapes
  // every '<' in it), the map's drawing, the empty notes of its review forms, and its <meta> with no http-equiv.
  const ours = (tag === 'script' && /^[/](static|vendor)[/][a-z0-9_.-]+[.]js$/i.test(element.getAttribute('src') || '')
                && element.textContent === '')
      || (tag === 'script' && element.type === 'application/json' && ['timeline-data', 'map-data'].includes(element.id)
          && element.parentElement.closest('main') !== null && !element.textContent.includes('<'))
      || (tag === 'svg' && element.id === 'claims-map' && element.parentElement.matches('figure.map'))
      || (tag === 'textarea' && element.value === '' && ['note', 'evidence'].includes(element.name)
          && element.closest('form.review, form.correct, form#add-claim') !== null)
      || (tag === 'meta' && !element.hasAttribute('http-equiv'));
  if (!ours && ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'base', 'style', 'meta', 'textarea', 'b']
      .includes(tag)) {
    found.push(element.outerHTML.slice(0, 120));
  }
  for (const attribute of element.attributes) {
    if (/^on/i.test(attribute.name) || /^\\s*javascript:/i.test(attribute.value)) {
      found.push(element.outerHTML.slice(0, 120));
    }
  }
}
return found;
"""

# What Chromium logs when the CSP stops markup from running: an inline script, an inline event handler, a javascript:
# URL, a string handed to a Trusted Types sink. The app's pages have no inline script and no handler
# (test_web.test_no_inline_script_or_style_or_handlers) and app.js hands no string to a sink, so each of these is a
# payload's, blocked: the CSP doing its job. The app's own failures name its scripts and styles (/static/), or are
# anything else.
PAYLOAD_BLOCKED = ("Executing inline script violates", "Executing inline event handler violates",
                   "Running the JavaScript URL violates", "This document requires 'TrustedHTML' assignment",
                   "This document requires 'TrustedScript' assignment")


@dataclass
class Console:
    payloads_blocked: list[str]
    problems: list[str]  # the app's: a CSP violation by its own scripts or styles, a failed load, a script error


def read_console(driver: Any) -> Console:
    console = Console([], [])
    for entry in driver.get_log("browser"):
        message = entry["message"]
        if entry["level"] not in ("SEVERE", "WARNING"):
            continue
        if any(blocked in message for blocked in PAYLOAD_BLOCKED) and "/static/" not in message:
            console.payloads_blocked.append(message)
        else:
            console.problems.append(message)
    return console


def pwned(driver: Any) -> Any:
    return driver.execute_script("return window.__pwned")


def assert_no_alert(driver: Any, where: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return
    text = alert.text
    alert.dismiss()
    pytest.fail(f"{where}: an alert ({text!r}) opened")


def open_page(driver: Any, url: str, where: str) -> None:
    """Open `url`; an alert that a payload opened fails the test by its name (chromedriver closes it, and says so)."""
    from selenium.common.exceptions import UnexpectedAlertPresentException

    try:
        driver.get(url)
    except UnexpectedAlertPresentException as alert:
        pytest.fail(f"{where}: a payload opened an alert ({alert.alert_text!r})")


def assert_nothing_ran(driver: Any, base_url: str, page: Page, where: str) -> Console:
    """No payload ran, none became markup, and the page shows each as text."""
    from selenium.webdriver.common.by import By

    assert_no_alert(driver, where)
    assert pwned(driver) is None, f"{where}: a payload ran (window.__pwned = {pwned(driver)!r})"
    # Still the page asked for: a payload's <meta http-equiv="refresh"> would have gone elsewhere.
    assert urlsplit(driver.current_url).path == urlsplit(base_url + page.path).path, where
    if page.api:
        shown = json.loads(driver.find_element(By.TAG_NAME, "pre").text)
        assert shown == httpx.get(base_url + page.path, headers=cookie_header(driver), timeout=30).json(), where
        return read_console(driver)
    assert driver.execute_script(INJECTED_MARKUP) == [], where
    assert driver.execute_script("return getComputedStyle(document.body).display") != "none", where
    # Outside the text of a document (white-space: pre-wrap) a browser shows a run of spaces and newlines as one space.
    visible = collapsed(driver.execute_script("return document.body.innerText"))
    values = driver.execute_script("return [...document.querySelectorAll('input')].map(i => i.value)")
    for expected in page.shows:
        assert collapsed(expected) in visible or expected in values, f"{where}: {expected!r} is not shown"
    return read_console(driver)


def collapsed(text: str) -> str:
    return " ".join(text.split())


def cookie_header(driver: Any) -> dict[str, str]:
    """The browser's cookies as it sends them; httpx sends no Secure cookie over http, Chromium does to 127.0.0.1."""
    return {"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())}


def assert_the_document_text_is_shown_exactly(driver: Any, hostile: Hostile, page: Page, where: str) -> Console:
    """A document page shows its part of the text character for character, and hovering or clicking a claim runs
    nothing."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    found = re.match(r"/documents/(\d+)(?:\?part=(\d+))?", page.path)
    if not found or page.name.startswith(("bad-", "not-")):
        return read_console(driver)
    document_id, part = int(found.group(1)), int(found.group(2) or 1)
    with Ledger(hostile.db_path, read_only=True) as ledger:
        text = ledger.document(document_id).text
    offset = (part - 1) * MAX_SHOWN_CHARS
    shown = driver.execute_script("return document.getElementById('doc-text').textContent")
    assert shown == text[offset:offset + MAX_SHOWN_CHARS], f"{where}: the text is not the document's"
    # Hovered and clicked, as a reader does: a handler of a payload in the span would fire now.
    for mark in driver.find_elements(By.CSS_SELECTOR, "#doc-text mark.claim"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        ActionChains(driver).move_to_element(mark).click().perform()
        assert pwned(driver) is None, f"{where}: hovering or clicking {mark.text!r} ran a payload"
    close = driver.find_elements(By.CSS_SELECTOR, "#claim-panel .panel-close")
    if close and close[0].is_displayed():
        close[0].click()
    assert pwned(driver) is None, where
    return read_console(driver)


@contextmanager
def browser_state(driver: Any, *, size: tuple[int, int] = DESKTOP, phone: bool = False,
                  csp_bypassed: bool = False) -> Iterator[Any]:
    """The browser as a test wants it: a window of `size` (a phone's, with its viewport, when `phone`), the CSP obeyed
    or ignored, no cookies; as the other tests expect it again afterwards."""
    driver.delete_all_cookies()
    driver.get_log("browser")  # what earlier tests logged is theirs
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone})
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": csp_bypassed})
    try:
        yield driver
    finally:
        driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.delete_all_cookies()
        driver.get_log("browser")  # and what this test logged (an error page's status) is not the next one's


def save_screenshot(driver: Any, name: str) -> None:
    """The whole page (up to 6000 px of it) as PNG into CLAIMLEDGER_SCREENSHOTS, when that is set."""
    import base64

    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    content = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": content["width"], "height": min(content["height"], 6000), "scale": 1}})
    (folder / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def log_in(driver: Any, url: str) -> None:
    """Log in through the form, its `next` set (as a page of another site could set it) to a javascript: URL: the app
    goes to a page of its own."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{url}/documents/1")
    assert urlsplit(driver.current_url).path == "/login"
    driver.find_element(By.NAME, "name").send_keys("alice")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.execute_script("document.querySelector('input[name=next]').value = arguments[0]", JAVASCRIPT_URL)
    driver.find_element(By.CSS_SELECTOR, "section.login button[type=submit]").click()
    WebDriverWait(driver, 10).until(EC.url_to_be(f"{url}/"))
    assert driver.find_element(By.CSS_SELECTOR, "header .user-name").text == "alice"


def visit_every_page(driver: Any, url: str, hostile: Hostile, *, mode: str, pages: list[Page]) -> Console:
    seen = Console([], [])
    for page in pages:
        where = f"{mode} {page.path}"
        open_page(driver, url + page.path, where)
        # The browser logs the status of an error page as a failed load: that one is asked for.
        asked_for = f"{driver.current_url} - Failed to load resource: the server responded with a status of " \
                    f"{page.status}"
        for console in (assert_nothing_ran(driver, url, page, where),
                        assert_the_document_text_is_shown_exactly(driver, hostile, page, where)):
            seen.payloads_blocked += console.payloads_blocked
            seen.problems += [f"{where}: {problem}" for problem in console.problems
                              if not (page.status != 200 and problem.startswith(asked_for))]
    return seen


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def public_url(hostile: Hostile, live_server: Callable[..., str]) -> str:
    return live_server(create_app(hostile.db_path))


@pytest.fixture(scope="module")
def private_url(hostile: Hostile, live_server: Callable[..., str]) -> str:
    return live_server(create_app(hostile.db_path, private=True))


def test_no_payload_runs_on_any_page_of_the_public_app(chromium: Any, hostile: Hostile, public_url: str) -> None:
    with browser_state(chromium) as driver:
        console = visit_every_page(driver, public_url, hostile, mode="public", pages=hostile.pages)
    assert console.problems == []
    # Escaped, no payload became markup, so the CSP had none to stop.
    assert console.payloads_blocked == []


def test_no_payload_runs_on_any_page_of_the_private_app_logged_in(chromium: Any, hostile: Hostile,
                                                                   private_url: str) -> None:
    with browser_state(chromium) as driver:
        # Before logging in: every page sends to the log-in page, whose `next` is the page asked for, escaped.
        for page in hostile.pages[:3]:
            open_page(driver, private_url + page.path, f"private, logged out, {page.path}")
            assert urlsplit(driver.current_url).path == "/login", page.path
            assert pwned(driver) is None and driver.execute_script(INJECTED_MARKUP) == [], page.path
        log_in(driver, private_url)
        pages = [*hostile.pages, Page("users", "/users", ("alice",))]
        console = visit_every_page(driver, private_url, hostile, mode="private", pages=pages)
    assert console.problems == [] and console.payloads_blocked == []


def test_the_escaping_alone_stops_every_payload_with_the_csp_ignored(chromium: Any, hostile: Hostile,
                                                                       public_url: str) -> None:
    # Page.setBypassCSP: Chromium obeys no Content-Security-Policy, so whatever markup a page held would run.
    with browser_state(chromium, csp_bypassed=True) as driver:
        console = visit_every_page(driver, public_url, hostile, mode="csp-ignored", pages=hostile.pages)
        # The proof that the CSP was ignored indeed: markup put into the page now runs.
        write_into_the_text(driver, IMG_ONERROR)
        assert pwned(driver) == 2
    assert console.problems == [] and console.payloads_blocked == []


def write_into_the_text(driver: Any, markup: str) -> None:
    """Put `markup` into the page's text as markup, through the DevTools protocol (no script of the page does it, so
    Trusted Types do not stop it), the browser then loading and running it as it would have from the server."""
    root = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
    article = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": "#doc-text"})["nodeId"]
    driver.execute_cdp_cmd("DOM.setOuterHTML", {"nodeId": article,
                                                "outerHTML": f'<article id="doc-text">{markup}</article>'})
    driver.execute_script("return new Promise(done => setTimeout(done, 300))")  # for the image to fail to load


def test_the_csp_alone_stops_markup_that_got_past_the_escaping(chromium: Any, hostile: Hostile,
                                                                public_url: str) -> None:
    # Markup written into the page as a hole in the escaping would have put it there; and strings handed by a script
    # to the sinks that parse them (Trusted Types).
    from selenium.webdriver.common.by import By

    document = hostile.documents[TEXT_NAME]
    with browser_state(chromium) as driver:
        open_page(driver, f"{public_url}/documents/{document.id}", "csp")
        write_into_the_text(driver, f'{IMG_ONERROR}{SVG_ONLOAD}</svg><a id="hole" href="{JAVASCRIPT_URL}">link</a>')
        driver.find_element(By.ID, "hole").click()
        for sink in ("document.body.insertAdjacentHTML('beforeend', arguments[0])",
                     "document.createElement('img').setAttribute('onerror', 'window.__pwned=2')"):
            with pytest.raises(Exception, match="TrustedHTML|TrustedScript"):
                driver.execute_script(sink, IMG_ONERROR)
        assert pwned(driver) is None
        assert_no_alert(driver, "csp")
        console = read_console(driver)
    # The image of the payload itself (src=x) is not found, which the browser logs.
    assert [problem for problem in console.problems if "/documents/x - Failed to load resource" not in problem] == []
    blocked = "\n".join(console.payloads_blocked)
    assert blocked.count("Executing inline event handler violates") >= 2  # the <img>'s and the <svg>'s
    assert "Running the JavaScript URL violates" in blocked
    assert "TrustedHTML" in blocked and "TrustedScript" in blocked


def test_no_page_is_wider_than_a_phone(chromium: Any, hostile: Hostile, public_url: str, private_url: str) -> None:
    # At 390 px a page wider than the screen is zoomed out or scrolled sideways: a table, a long file name or a run of
    # text without spaces wraps or scrolls in a box of its own. The private pages are the public ones with a wider
    # header (the user's name, the log-out button) and the users' table. CLAIMLEDGER_SCREENSHOTS: each at both sizes.
    too_wide = []
    for size, phone in ((DESKTOP, False), (PHONE, True)):
        with browser_state(chromium, size=size, phone=phone) as driver:
            for mode, url, pages in (("public", public_url, hostile.pages),
                                     ("private", private_url, [Page("index", "/"), Page("users", "/users")])):
                if mode == "private":
                    log_in(driver, url)
                for page in pages:
                    open_page(driver, url + page.path, f"{mode} {page.path}")
                    save_screenshot(driver, f"{mode}-{page.name}-{size[0]}")
                    if page.api:  # the browser's own view of JSON, which has no viewport of a phone's
                        continue
                    width = driver.execute_script("return document.documentElement.scrollWidth")
                    if width > size[0]:
                        too_wide.append(f"{mode} {page.path} at {size[0]} px: {width} px wide")
    assert too_wide == [], "\n".join(too_wide)


# --------------------------------------------------------------------------- the headers


def assert_security_headers(response: httpx.Response, where: str) -> None:
    headers = response.headers
    csp = {directive.split()[0]: directive.split()[1:] for directive in headers["content-security-policy"].split("; ")}
    assert csp["default-src"] == ["'none'"], where
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"], where
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        assert csp[directive] == ["'none'"], (where, directive)
    assert csp["form-action"] == ["'self'"], where  # the log-in form is sent to this site
    assert csp["require-trusted-types-for"] == ["'script'"] and csp["trusted-types"] == ["'none'"], where
    sources = [source for sources in csp.values() for source in sources]
    loose = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "blob:", "http:", "https:"}
    assert not loose & set(sources), where
    assert headers["x-content-type-options"] == "nosniff", where
    assert headers["referrer-policy"] == "no-referrer", where
    assert headers["x-frame-options"] == "DENY", where
    assert headers["cross-origin-opener-policy"] == "same-origin", where
    assert headers["cross-origin-resource-policy"] == "same-origin", where
    granted = dict(feature.split("=") for feature in headers["permissions-policy"].split(", "))
    assert set(granted.values()) == {"()"} and {"camera", "microphone", "geolocation"} <= set(granted), where


def test_every_response_carries_the_security_headers(hostile: Hostile, public_url: str, private_url: str,
                                                      tmp_path: Path, live_server: Callable[..., str]) -> None:
    paths = [page.path.split("#")[0] for page in hostile.pages] + [
        "/static/style.css", "/static/app.js", "/static/favicon.svg", "/favicon.ico", "/static/" + quote(SCRIPT)]
    with Ledger(hostile.db_path) as ledger:
        session = Accounts(ledger).log_in("alice", PASSWORD, "127.0.0.1")
    seen = set()
    with httpx.Client(timeout=30) as client:
        logged_in = {"Cookie": f"{SESSION_COOKIE}={session.secret}"}  # as Chromium sends it to 127.0.0.1
        for url, headers in ((public_url, {}), (private_url, {}), (private_url, logged_in)):
            for path in [*paths, "/users"]:
                response = client.get(url + path, headers=headers)
                seen.add(response.status_code)
                assert_security_headers(response, f"{url}{path}")
            refused_host = client.get(url + "/", headers={"Host": "evil.example"})
            assert refused_host.status_code == 400
            assert_security_headers(refused_host, "another host")
    # Pages, redirects to log in, refused parameters, the API's 401 and the 404s.
    assert {200, 303, 400, 401, 404} <= seen, seen

    # A page that fails: the ledger's documents table taken away under a running app (removing the file would not
    # do, as its pooled read connections still read it).
    db_path = tmp_path / "ledger.sqlite"
    Ledger(db_path).close()
    failing = live_server(create_app(db_path))
    connection = sqlite3.connect(db_path)
    connection.execute("ALTER TABLE documents RENAME TO documents_gone")
    connection.commit()
    connection.close()
    for path in ("/", "/api/documents"):
        response = httpx.get(failing + path, timeout=30)
        assert response.status_code == 500
        assert_security_headers(response, f"500 {path}")
