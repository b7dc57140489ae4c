"""Extraction speed: MB/s and claims/s of `extract_claims` over the five seed statements repeated (each copy
tagged so that it is a text of its own).

The corpus is the fixed list SEED_FILES: the five seeds of `sample_data/nagorno_karabakh_2020/`
(`000_2d557154594d2a18.txt` to `004_70795b533543af9b.txt`), not whatever the sample data holds, so that
figures measured before and after the demo corpus grew (`sample_data/nagorno_karabakh_2020_modelled/`), and
two revisions compared with --baseline-src (each reads its own copy of the seeds), are of the same text.

    python benchmarks/extract_speed.py [--megabytes 10] [--single-megabytes 2] [--repeat 3]
    python benchmarks/extract_speed.py --baseline-src ../wt-base/src [--rounds 3]

Prints three figures: the claims of a corpus of documents the size of real statements, repeated
to about --megabytes; those of one document of --single-megabytes made of the statements end to
end (to show that time grows linearly with a document's length); and the corpus read by every
stage, the allegations' too, as `claimledger extract` and `ingest` read it (its claims/s count
the allegations as well). Runs on one core; MB/s are of the
process's CPU time, which another process's load changes far less than the wall clock's, though
still by a third on a shared virtual machine: each figure is the fastest of --repeat runs, with
their median beside it. Target: 1 MB/s.

With --baseline-src, the same measurement runs in subprocesses, alternately with this tree's
code and with the code under PATH (for example another revision's `src`, checked out with
`git worktree add`), --rounds times each: a shared machine's load changes from one minute to
the next, so the two are compared in the same minutes. Prints every run and the ratio of the
medians.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import claimledger
from claimledger.extract import extract_claims
from claimledger.models import Document
from claimledger.profile import load_profile

try:
    from claimledger.extract import Doc, read

    if "allegations" not in Doc.__dataclass_fields__:
        raise ImportError("no allegations stage")

    def read_all(document: Document, profile: object) -> list:
        doc = read(document, profile)  # type: ignore[arg-type]
        return [*doc.claims, *doc.allegations]
except ImportError:  # a revision before the stages, or before the allegations, measured with --baseline-src
    read_all = None  # type: ignore[assignment]
try:
    from claimledger.extract.timeref import publication_date
except ImportError:  # a revision from before extraction became a package of stages, measured with --baseline-src
    from claimledger.timeref import publication_date  # type: ignore[no-redef]

LABELS = {"corpus": "corpus of statements", "large": "one large document",
          "allegations": "corpus, claims and allegations"}


# The benchmark's corpus: the five seed statements, which every revision has (see the module docstring).
SEED_FILES = ("000_2d557154594d2a18.txt", "001_3a90712e28d2804a.txt", "002_71975f68279060b6.txt",
              "003_34a23c110b210610.txt", "004_70795b533543af9b.txt")


def sample_documents() -> list[Document]:
    folder = resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020"
    documents = []
    for name in SEED_FILES:
        text = (folder / name).read_text(encoding="utf-8")
        documents.append(Document(name=name, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                  published=publication_date(text)))
    return documents


def _tag(number: int) -> str:
    """A word of letters for `number` ("b", "ba", ...): no digit, so it adds no figure to the text it marks."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters = chr(ord("a") + rest) + letters
        if number == 0:
            return letters


def tagged_copies(documents: list[Document], total_bytes: int, first_tag: int = 0) -> list[Document]:
    """`documents` over and over until `total_bytes`, each copy a text of its own (a tag line at its end): what
    the extractor keeps of the texts it read last must not make a repeated text free, as no real corpus repeats."""
    made: list[Document] = []
    done = 0
    while done < total_bytes:
        for document in documents:
            text = f"{document.text}\n\n{_tag(first_tag + len(made))}\n"
            made.append(Document(name=document.name, text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                                 published=document.published))
            done += len(text.encode("utf-8"))
    return made


def measure(documents: list[Document], warm_up: Document, extract: Callable = extract_claims) -> dict[str, float]:
    """MB/s and claims/s of extracting `documents` once each."""
    profile = load_profile("nagorno_karabakh_2020")
    # Loads the profile and compiles the lexicon outside the timing, with a text that is not measured.
    extract(warm_up, profile)
    done_bytes = claims = 0
    # The CPU time of this process: on a shared machine the wall clock also counts the other processes' turns.
    started, started_wall = time.process_time(), time.perf_counter()
    for document in documents:
        claims += len(extract(document, profile))
        done_bytes += len(document.text.encode("utf-8"))
    elapsed, wall = time.process_time() - started, time.perf_counter() - started_wall
    megabytes = done_bytes / 1_000_000
    return {"megabytes": megabytes, "seconds": elapsed, "wall_seconds": wall, "mb_per_s": megabytes / elapsed,
            "claims": claims, "claims_per_s": claims / elapsed}


def run(megabytes: float, single_megabytes: float, repeat: int = 1) -> dict[str, dict[str, float]]:
    """Each measurement `repeat` times, over texts of their own each time; the fastest of each is kept: on a shared
    machine a slower run is slowed by the other processes, not by the code (as the timeit module's documentation
    says of its repeats), and the median of the runs is kept beside it."""
    documents = sample_documents()
    joined = "\n\n".join(d.text for d in documents)
    copies = max(1, int(single_megabytes * 1_000_000 / len(joined.encode("utf-8"))))
    runs: dict[str, list[dict[str, float]]] = {"corpus": [], "large": []}
    if read_all is not None:
        runs["allegations"] = []
    for round_number in range(repeat):
        corpus = tagged_copies(documents, int(megabytes * 1_000_000), first_tag=round_number * 1_000_000)
        runs["corpus"].append(measure(corpus, documents[0]))
        if read_all is not None:
            # `claimledger extract` and `ingest`: every stage, the allegations' too (claims/s counts both).
            again = tagged_copies(documents, int(megabytes * 1_000_000), first_tag=(round_number + 500) * 1_000_000)
            runs["allegations"].append(measure(again, documents[0], read_all))
        big_text = "\n\n".join([joined] * copies) + f"\n\n{_tag(round_number)}\n"
        big = Document(name="big.txt", text=big_text, content_hash=hashlib.sha256(big_text.encode()).hexdigest(),
                       published=documents[0].published)
        runs["large"].append(measure([big], documents[0]))
    figures = {}
    for kind, measured in runs.items():
        figures[kind] = dict(max(measured, key=lambda r: r["mb_per_s"]))
        figures[kind]["median_mb_per_s"] = statistics.median(r["mb_per_s"] for r in measured)
        figures[kind]["repeat"] = len(measured)
    return figures


def line(kind: str, figures: dict[str, float]) -> str:
    repeats = (f"; fastest of {figures['repeat']:.0f} runs, median {figures['median_mb_per_s']:.2f} MB/s"
               if figures.get("repeat", 1) > 1 else "")
    return (f"{LABELS[kind]}: {figures['megabytes']:.1f} MB in {figures['seconds']:.1f} s of CPU "
            f"({figures.get('wall_seconds', figures['seconds']):.1f} s wall) = {figures['mb_per_s']:.2f} MB/s, "
            f"{figures['claims_per_s']:,.0f} claims/s ({figures['claims']:,} claims){repeats}")


def in_subprocess(src: str | None, args: argparse.Namespace) -> tuple[str, dict[str, dict[str, float]]]:
    """One measurement in a fresh interpreter, with the code under `src` first on the path (None: this tree's)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(src).resolve()), env.get("PYTHONPATH")]))
    command = [sys.executable, __file__, "--megabytes", str(args.megabytes), "--single-megabytes",
               str(args.single_megabytes), "--json"]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(output)
    if src is not None and not Path(result["package"]).resolve().is_relative_to(Path(src).resolve()):
        raise SystemExit(f"--baseline-src {src}: claimledger was imported from {result['package']}, not from there")
    return result["package"], result["figures"]


def compare(args: argparse.Namespace) -> None:
    runs: dict[str, list[dict[str, dict[str, float]]]] = {"current": [], "baseline": []}
    for round_number in range(1, args.rounds + 1):
        for name, src in (("current", None), ("baseline", args.baseline_src)):
            package, figures = in_subprocess(src, args)
            runs[name].append(figures)
            print(f"round {round_number} {name} ({Path(package).parent}):")
            for kind in figures:
                print(f"  {line(kind, figures[kind])}")
    # The kinds both revisions measure (an older one has no allegations to read).
    for kind in [k for k in LABELS if all(k in r for r in runs["current"] + runs["baseline"])]:
        current = statistics.median(r[kind]["mb_per_s"] for r in runs["current"])
        baseline = statistics.median(r[kind]["mb_per_s"] for r in runs["baseline"])
        print(f"{LABELS[kind]}: median {current:.2f} MB/s vs baseline {baseline:.2f} MB/s = {current / baseline:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--single-megabytes", type=float, default=2.0)
    parser.add_argument("--baseline-src", metavar="PATH",
                        help="also measure the code under PATH (a checkout's src) and print the ratio")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each, alternating (with --baseline-src)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is printed")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one measurement, for compare()
    args = parser.parse_args()
    if args.baseline_src:
        compare(args)
    elif args.json:
        print(json.dumps({"package": claimledger.__file__, "figures": run(args.megabytes, args.single_megabytes)}))
    else:
        figures = run(args.megabytes, args.single_megabytes, args.repeat)
        for kind in figures:
            print(line(kind, figures[kind]))


if __name__ == "__main__":
    main()
