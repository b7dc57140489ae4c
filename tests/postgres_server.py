"""A PostgreSQL server of a test run's (or a benchmark's) own: `initdb` in a temporary folder, on a free port of
127.0.0.1, stopped and removed at the end. Debian's postgresql package provides the programs (`make test` installs
it when missing); CLAIMLEDGER_POSTGRESQL_BIN names another folder of them.

PostgreSQL refuses to run as root: as root, the server runs as the unprivileged user `nobody`.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

INSTALL_HINT = ("install Debian's postgresql package (.ci/install-system-deps does), or set CLAIMLEDGER_POSTGRESQL_BIN "
                "to the folder of initdb and pg_ctl")
# The user of the servers' databases, made by initdb, who may do anything in them (no password: loopback only).
USER = "claimledger"
TEMPLATE = "claimledger_template"


def server_programs() -> Path | None:
    """The folder of initdb and pg_ctl: CLAIMLEDGER_POSTGRESQL_BIN, or Debian's newest, or those on the PATH."""
    given = os.environ.get("CLAIMLEDGER_POSTGRESQL_BIN")
    candidates = [Path(given)] if given else sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda folder: int(folder.parent.name), reverse=True)
    if not given and (initdb := shutil.which("initdb")):
        candidates.append(Path(initdb).resolve().parent)
    return next((folder for folder in candidates if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file()),
                None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A running server, with `create_database` for each test's ledger."""

    def __init__(self, programs: Path) -> None:
        self._programs = programs
        self._folder = Path(tempfile.mkdtemp(prefix="claimledger-postgresql-"))
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self._folder, nobody.pw_uid, nobody.pw_gid)
            self._as_user = ["runuser", "-u", "nobody", "--"]
        self._data = self._folder / "data"
        self.port = 0
        self._names = itertools.count(1)
        self._template_made = False

    def start(self) -> PostgresServer:
        self._run("initdb", "-D", str(self._data), "-U", USER, "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        # A port free now may be taken before the server binds it: then another.
        for _ in range(5):
            self.port = _free_port()
            # fsync off: a test server's data need not survive a crash of the machine; sockets in its own folder.
            settings = (f"-p {self.port} -k {self._folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                        f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
            try:
                self._run("pg_ctl", "-D", str(self._data), "-o", settings, "-l", str(self._folder / "server.log"),
                          "-w", "-t", "60", "start")
                return self
            except subprocess.CalledProcessError:
                continue
        raise RuntimeError(f"the test PostgreSQL server did not start; see {self._folder / 'server.log'}")

    def _run(self, program: str, *arguments: str) -> None:
        subprocess.run([*self._as_user, str(self._programs / program), *arguments], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self._folder)

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def _execute(self, sql: str) -> None:
        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(sql)

    def create_database(self, *, empty: bool = False) -> str:
        """The URL of a new database: a ledger at the current schema (a copy of one migrated once), or `empty`."""
        name = f"ledger_{next(self._names)}"
        if empty:
            self._execute(f"CREATE DATABASE {name}")
            return self.url(name)
        if not self._template_made:
            from claimledger.ledger import Ledger

            self._execute(f"CREATE DATABASE {TEMPLATE}")
            Ledger(self.url(TEMPLATE)).close()
            self._template_made = True
        self._execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def stop(self) -> None:
        if self.port:
            subprocess.run([*self._as_user, str(self._programs / "pg_ctl"), "-D", str(self._data), "-m", "immediate",
                            "-w", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self._folder)
        shutil.rmtree(self._folder, ignore_errors=True)
