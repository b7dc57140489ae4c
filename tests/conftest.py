"""Shared fixtures: the two ledger backends (an SQLite file, a database of a PostgreSQL server the run starts), a live
uvicorn server and a headless Chromium.

Only backend, web and browser fixtures live here; test data belongs to the test modules.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest
from postgres_server import INSTALL_HINT as POSTGRESQL_HINT
from postgres_server import PostgresServer, server_programs

CHROMIUM = Path(os.environ.get("CLAIMLEDGER_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CLAIMLEDGER_CHROMEDRIVER", "/usr/bin/chromedriver"))
INSTALL_HINT = (
    "run .ci/install-system-deps to install them "
    "(or set CLAIMLEDGER_SKIP_BROWSER=1 to skip the browser tests)"
)


def _skip_postgresql() -> bool:
    return os.environ.get("CLAIMLEDGER_SKIP_POSTGRESQL", "").strip() == "1"


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the run's own (tests/postgres_server.py), started on first use and stopped at the end.

    Missing server programs FAIL the tests that need it, with a hint to install them, unless
    CLAIMLEDGER_SKIP_POSTGRESQL=1 is set, in which case those tests are skipped."""
    if _skip_postgresql():
        pytest.skip("PostgreSQL tests skipped: CLAIMLEDGER_SKIP_POSTGRESQL=1")
    programs = server_programs()
    if programs is None:
        pytest.fail(f"the PostgreSQL tests need initdb and pg_ctl; {POSTGRESQL_HINT} "
                    f"(or set CLAIMLEDGER_SKIP_POSTGRESQL=1 to skip them)", pytrace=False)
    server = PostgresServer(programs)
    try:
        yield server.start()
    finally:
        server.stop()


# The ledger backends every backend-neutral test runs on, with the same assertions.
BACKENDS = ("sqlite", "postgresql")


def _new_ledger_db(backend: str, folder: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return str(folder / "ledger.sqlite")
    return request.getfixturevalue("postgresql_server").create_database()


@pytest.fixture(params=BACKENDS)
def ledger_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new ledger is: an SQLite file's path, or the URL of a new PostgreSQL database at the current schema."""
    return _new_ledger_db(request.param, tmp_path, request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_ledger_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """`ledger_db` for the tests of a module that share one ledger."""
    return _new_ledger_db(request.param, tmp_path_factory.mktemp("ledger"), request)


def _skip_browser() -> bool:
    return os.environ.get("CLAIMLEDGER_SKIP_BROWSER", "").strip() == "1"


@pytest.fixture(scope="session")
def live_server() -> Iterator[Callable[..., str]]:
    """A factory: `live_server(app)` serves an ASGI app with uvicorn and returns its base URL.

    Each server listens on a free port of 127.0.0.1, bound here before the server starts (so
    no other process can take the port in between), and runs in a daemon thread. All servers
    stop at the end of the session.
    """
    import uvicorn

    running: list[tuple[uvicorn.Server, threading.Thread, socket.socket]] = []

    def start(app: object, *, timeout: float = 15.0) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test web server exited during start-up")
            if time.monotonic() > deadline:
                server.should_exit = True
                raise RuntimeError(f"the test web server did not start within {timeout:.0f}s")
            time.sleep(0.02)
        running.append((server, thread, sock))
        return f"http://127.0.0.1:{port}"

    yield start

    for server, _, _ in running:
        server.should_exit = True
    for _, thread, sock in running:
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A headless Chromium driven by selenium through the system chromedriver.

    Missing browser binaries FAIL the tests that need them, with a hint to install them,
    unless CLAIMLEDGER_SKIP_BROWSER=1 is set, in which case those tests are skipped.
    """
    if _skip_browser():
        pytest.skip("browser tests skipped: CLAIMLEDGER_SKIP_BROWSER=1")
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]
    if missing:
        pytest.fail(
            f"browser tests need Chromium and chromedriver, missing: {', '.join(missing)}; {INSTALL_HINT}",
            pytrace=False,
        )

    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})

    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except WebDriverException as exc:
        pytest.fail(
            f"could not start headless Chromium ({CHROMIUM}) with {CHROMEDRIVER}: {exc.msg}; "
            f"check that their versions match; {INSTALL_HINT}",
            pytrace=False,
        )
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def bad_batch(tmp_path: Path) -> Path:
    """A folder with one good statement, one empty file and one binary file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    with resources.as_file(resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020"
                           / "000_2d557154594d2a18.txt") as sample:
        shutil.copy(sample, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    return folder
