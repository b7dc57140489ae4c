"""The evaluation gate: the CLI's extraction of the seeds, scored by the project's scorer, against pinned floors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED", REPO.parent / "shared"))
FLOORS = tomllib.loads((REPO / "eval" / "floors.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"no scorer at {SHARED / 'eval' / 'score.py'}: check out the shared folder beside the repository "
                    f"or set CLAIMLEDGER_SHARED")
    out = tmp_path_factory.mktemp("gate")
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    extracted = subprocess.run([sys.executable, "-m", "claimledger", "extract", *seeds, "--format", "jsonl"],
                               capture_output=True, text=True, check=True)
    predictions = out / "claims.jsonl"
    predictions.write_text(extracted.stdout, encoding="utf-8")
    report = out / "scores.json"
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold",
                             str(SHARED / "eval" / "gold" / "seeds.jsonl"), "--docs", str(SHARED / "seeds"),
                             "--pred", str(predictions), "--explain", "--json", str(report)],
                            capture_output=True, text=True)
    assert scored.returncode == 0, scored.stdout + scored.stderr
    print(scored.stdout)
    return json.loads(report.read_text(encoding="utf-8"))


def test_every_line_is_a_claim_of_the_interchange_format(scores: dict) -> None:
    assert scores["predicted"] >= scores["detected"] > 0


@pytest.mark.parametrize("name", ["detection_f1", "strict_f1"])
def test_score_is_not_below_its_floor(scores: dict, name: str) -> None:
    measured = scores[name.removesuffix("_f1")]["f1"]
    assert measured >= FLOORS["scores"][name], f"{name} fell to {measured}, floor {FLOORS['scores'][name]}"


@pytest.mark.parametrize("field", sorted(FLOORS["attributes"]))
def test_attribute_accuracy_is_not_below_its_floor(scores: dict, field: str) -> None:
    measured = scores["attributes"][field]["accuracy"]
    assert measured is not None and measured >= FLOORS["attributes"][field], (
        f"{field} accuracy fell to {measured}, floor {FLOORS['attributes'][field]}")


def test_floors_stay_above_the_foundation_bars() -> None:
    # The Foundation issue's bars: a floor may be lowered in the open, never below these.
    assert FLOORS["scores"]["detection_f1"] >= 0.95 and FLOORS["scores"]["strict_f1"] >= 0.85
