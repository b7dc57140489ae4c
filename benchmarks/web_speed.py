"""Web and API latency over a large ledger: p50 and p99 of claim search (API) and of the claims page (HTML) at 50
concurrent clients on loopback, with a ledger of --claims synthetic claims (default 1,000,000).

    python benchmarks/web_speed.py [--claims 1000000] [--clients 50] [--requests 2000] [--db PATH] [--workers 2]
                                   [--think 1] [--postgresql]

The ledger is built once through the library (Ledger.add_document: the same inserts, triggers and full-text index as
ingest), of documents of 100 claims each in both sides' voices, and kept at --db to be reused (delete it to build it
again). The server is the app as `claimledger serve --workers N` runs it (uvicorn, --workers processes), in a
subprocess; the clients are threads with one keep-alive connection each, asking in turn for a search by words, a
search by filters, a later page of a search (by its cursor), a search by filters no one asked before (a fifth of the
requests, each different in runs of up to 2,500 requests) and the claims page. The same search asked again is answered from
what the ledger keeps until its claims change; a new one is read afresh. With --think, each client pauses about
that long between its requests, as a reader does; without, it asks again as soon as it is answered, and the figures
are those of a server kept busy. Prints the building time, then per route p50, p99 and the rate. With --postgresql,
the ledger is built in a PostgreSQL server of the run's own (tests/postgres_server.py), not kept: run it beside a
run without, with the same --claims, to read both backends' building rates and latencies side by side.
Targets (issue 11): p99 <= 50 ms for the API, <= 150 ms for the page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from claimledger.ledger import Ledger
from claimledger.models import Claim, Document, Location

SIDES = ("Armenia", "Azerbaijan")
PLACES = (("Tartar", "wof:890433377", "Tartar", 40.345, 46.929), ("Ganja", "wof:421168739", "Ganja", 40.683, 46.361),
          ("Stepanakert", "wof:421185577", "Khankendi / Stepanakert", 39.816, 46.752),
          ("Martuni", "wof:1", "Khojavend / Martuni", 39.79, 47.11), ("Fuzuli", "wof:2", "Fuzuli", 39.6, 47.14))
KINDS = (("casualties", "killed", "civilians"), ("casualties", "wounded", "soldiers"), ("materiel", "destroyed", "tank"),
         ("damage", "destroyed", "house"), ("attacks", "strikes", "shelling"))
CLAIMS_PER_DOCUMENT = 100


def build(path: Path | str, claims: int) -> float:
    """A ledger of `claims` synthetic claims at `path`; the seconds it took."""
    rnd = random.Random(7)
    started = time.perf_counter()
    with Ledger(path) as ledger:
        for number in range(claims // CLAIMS_PER_DOCUMENT):
            claimant = SIDES[number % 2]
            sentences, made = [], []
            at = 0
            for index in range(CLAIMS_PER_DOCUMENT):
                kind, outcome, what = KINDS[rnd.randrange(len(KINDS))]
                place, place_id, display, lat, lon = PLACES[rnd.randrange(len(PLACES))]
                value = rnd.randrange(1, 500)
                quote = f"{value} {what}"
                sentence = f"On day {index} the enemy {outcome} {quote} near {place}. "
                start = at + sentence.index(quote)
                made.append(Claim(doc=f"doc{number}.txt", span=(start, start + len(quote)), quote=quote, value=value,
                                  kind=kind, outcome=outcome, what=[what], claimant=claimant,
                                  affected=SIDES[(number + index) % 2], actor=SIDES[(number + index + 1) % 2],
                                  date=f"2020-{9 + index % 3:02d}-{1 + index % 28:02d}", cumulative=index % 3 == 0,
                                  places=[place], locations=[Location(place, place_id, display, "city", lat, lon, 1)]))
                sentences.append(sentence)
                at += len(sentence)
            text = "".join(sentences)
            ledger.add_document(Document(name=f"doc{number}.txt", text=text,
                                         content_hash=hashlib.sha256(text.encode()).hexdigest()), made,
                                profile="nagorno_karabakh_2020")
            if number % 500 == 0:
                print(f"  {number * CLAIMS_PER_DOCUMENT:,} claims stored", file=sys.stderr, flush=True)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Path | str, port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "claimledger", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


NEW_SEARCH = "API new search"
CLAIMS_PAGE = ("/claims", {"q": "civilians", "kind": "casualties"})


def new_search(number: int) -> dict[str, str | int]:
    """The `number`th of searches by filters that differ from each other (600 of them before they repeat): a search
    no one asked before, which the ledger reads afresh."""
    kind, outcome, _ = KINDS[number // 120 % len(KINDS)]
    since = dt.date(2020, 9, 1) + dt.timedelta(days=number % 60)
    return {"kind": kind, "outcome": outcome, "claimant": SIDES[number // 60 % 2], "since": since.isoformat(),
            "limit": 50}


def run(url: str, clients: int, requests: int, think: float = 0.0, first_search: int = 0) -> dict[str, list[float]]:
    first = httpx.get(f"{url}/api/claims", params={"kind": "materiel", "limit": 50}).json()
    routes = {
        "API search by words": ("/api/claims", {"q": "tank Khankendi", "limit": 50}),
        "API search by filters": ("/api/claims", {"kind": "casualties", "claimant": "Armenia", "since": "2020-10-01",
                                                  "limit": 50}),
        "API next page": ("/api/claims", {"kind": "materiel", "limit": 50, "after": first["next_after"]}),
        NEW_SEARCH: ("/api/claims", {}),
        "claims page": CLAIMS_PAGE,
    }
    timings: dict[str, list[float]] = {name: [] for name in routes}
    failures: list[str] = []
    lock = threading.Lock()
    per_client = max(1, requests // clients)
    searches = iter(range(first_search, first_search + requests))

    # Each client's connection pool is made before any client starts: an httpx.Client costs some 40 ms of CPU (its
    # TLS context), which 50 clients made at once would take from the server's two cores in the run's first second.
    https = [httpx.Client(base_url=url, timeout=60) for _ in range(clients)]

    def client(number: int) -> None:
        pause = random.Random(number)
        if think:
            # Readers who arrive over a pause's time, not 50 at the same instant, whose first requests would queue
            # behind each other as no reader's do.
            time.sleep(think * pause.random())
        with https[number] as http:
            names = list(routes)
            for index in range(per_client):
                name = names[(number + index) % len(names)]
                path, params = routes[name]
                if name == NEW_SEARCH:
                    with lock:
                        params = new_search(next(searches))
                started = time.perf_counter()
                response = http.get(path, params=params)
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status_code != 200:
                        failures.append(f"{name}: HTTP {response.status_code} {response.text[:200]}")
                    else:
                        timings[name].append(elapsed)
                if think:
                    # A reader's pause between two requests, drawn about `think` seconds (0.5x to 1.5x).
                    time.sleep(think * (0.5 + pause.random()))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, the first: {failures[0]}")
    timings["_wall"] = [time.perf_counter() - started]
    return timings


def settle(url: str, path: str, params: dict[str, str], seconds: float = 120.0) -> None:
    """Until the claims page has its facets in every server process (a broad search's are counted in the background
    for seconds at a million claims, and each process counts its own): the figures are of a server that has
    answered the page before, not of its first seconds."""
    answered = 0
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=url, timeout=60) as http:
        while answered < 40 and time.monotonic() < deadline:
            counting = 'class="counting"' in http.get(path, params=params).text
            answered = 0 if counting else answered + 1
            time.sleep(0.2 if counting else 0.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=None, help="where the ledger is built and kept")
    parser.add_argument("--workers", type=int, default=1, help="processes of the server (claimledger serve --workers)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each client pauses between its requests, as a reader does (0: none, every "
                             "client asks again as soon as it is answered)")
    parser.add_argument("--postgresql", action="store_true",
                        help="build and serve the ledger in a PostgreSQL server started for the run")
    args = parser.parse_args()
    postgresql = None
    if args.postgresql:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from postgres_server import PostgresServer, server_programs

        programs = server_programs()
        if programs is None:
            sys.exit("--postgresql needs initdb and pg_ctl (Debian's postgresql package)")
        postgresql = PostgresServer(programs).start()
        db: Path | str = postgresql.create_database(empty=True)
    else:
        db = args.db or Path(f"/tmp/claimledger-web-bench-{args.claims}.sqlite")
    try:
        measure(db, args)
    finally:
        if postgresql is not None:
            postgresql.stop()


def measure(db: Path | str, args: argparse.Namespace) -> None:
    if isinstance(db, str) or not db.exists():
        seconds = build(db, args.claims)
        print(f"built {args.claims:,} claims in {seconds:.0f} s ({args.claims / seconds:,.0f} claims/s) at {db}")
    port = free_port()
    server = serve(db, port, args.workers)
    try:
        url = f"http://127.0.0.1:{port}"
        # Warms the caches: the first requests load the gazetteer and the pages' templates (with searches of their
        # own, not the measured run's new ones), and the claims page's facets are counted.
        run(url, 4, 40, first_search=500)
        settle(url, *CLAIMS_PAGE)
        # The clients' own objects are left out of their garbage collector's full collections, which would
        # otherwise stop all 50 clients for tens of milliseconds at a time and count in the server's figures.
        gc.collect()
        gc.freeze()
        timings = run(url, args.clients, args.requests, args.think)
    finally:
        server.terminate()
        server.wait(timeout=10)
    wall = timings.pop("_wall")[0]
    total = sum(len(v) for v in timings.values())
    print(f"{total:,} requests from {args.clients} clients in {wall:.1f} s ({total / wall:,.0f} requests/s), "
          f"ledger of {args.claims:,} claims, {args.workers} server process{'es' if args.workers > 1 else ''}, "
          + (f"about {args.think:g} s between a client's requests" if args.think else "no pause between requests"))
    for name, values in timings.items():
        print(f"  {name}: p50 {percentile(values, 0.5) * 1000:.0f} ms, p99 {percentile(values, 0.99) * 1000:.0f} ms "
              f"({len(values)} requests, mean {statistics.mean(values) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
