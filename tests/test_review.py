"""Review of claims (claimledger.review): statuses with notes and evidence, corrections of any field, claims added
by hand, the audit trail, and all of it surviving a re-extraction; on real ledgers in tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from claimledger.accounts import Accounts, Role
from claimledger.errors import RoleRefusedError, ReviewError, ReviewFieldError
from claimledger.ledger import Ledger, StoredUser
from claimledger.pipeline import ingest_paths, ledger_gazetteer, reextract
from claimledger.review import Reviews, parse_evidence, parse_field

STATEMENT = ("Baku, 14 October 2020\n\nThe Ministry of Defence of Azerbaijan said that on 13 October the Armenian "
             "armed forces shelled Tartar, killing 3 civilians. The enemy lost 12 tanks near Fuzuli.\n")
# Quick to hash: these tests are about review, not about the cost of a password.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    (tmp_path / "statement.txt").write_text(STATEMENT, encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    with Ledger(db) as ledger:
        ingest_paths([tmp_path / "statement.txt"], ledger)
        accounts = Accounts(ledger, hasher=FAST_HASHER)
        accounts.add_user("ana", "a long enough password", Role.analyst)
        accounts.add_user("val", "a long enough password", Role.viewer)
    return db


def user(ledger: Ledger, name: str) -> StoredUser:
    found = ledger.user(name)
    assert found is not None
    return found


def reviews_of(ledger: Ledger, clock_day: int = 15) -> Reviews:
    return Reviews(ledger, ledger_gazetteer(ledger), clock=lambda: dt.datetime(2020, 10, clock_day, 9, 0, tzinfo=dt.UTC))


def claim_of(ledger: Ledger, value: int):  # type: ignore[no-untyped-def]
    (found,) = [c for c in ledger.claims() if c.claim.value == value]
    return found


def test_a_review_sets_the_status_and_is_in_the_audit_trail_with_its_note_and_evidence(ledger_file: Path) -> None:
    with Ledger(ledger_file) as ledger:
        killed = claim_of(ledger, 3)
        assert killed.review_status == "unreviewed"
        review = reviews_of(ledger).review(killed.id, user(ledger, "ana"), "corroborated", note="Matches the HRW report",
                                           evidence=["https://www.hrw.org/news/2020/10/tartar"])
        assert (review.status, review.user_name, review.evidence) == \
            ("corroborated", "ana", ("https://www.hrw.org/news/2020/10/tartar",))
        assert ledger.claim(killed.id).review_status == "corroborated"
        assert [c.id for c in ledger.claims(review_status="corroborated")] == [killed.id]
        (entry,) = ledger.audit_trail(killed.id)
        assert (entry.user_name, entry.action, entry.field, entry.before, entry.after) == \
            ("ana", "review", "review_status", "unreviewed", "corroborated")
        assert "Matches the HRW report" in entry.note and "hrw.org" in entry.note
        assert entry.at == dt.datetime(2020, 10, 15, 9, 0, tzinfo=dt.UTC)


def test_a_viewer_or_a_disabled_user_reviews_nothing(ledger_file: Path) -> None:
    with Ledger(ledger_file) as ledger:
        killed = claim_of(ledger, 3)
        with pytest.raises(RoleRefusedError, match="analyst"):
            reviews_of(ledger).review(killed.id, user(ledger, "val"), "refuted")
        Accounts(ledger, hasher=FAST_HASHER).disable_user("ana")
        with pytest.raises(ReviewError, match="disabled"):
            reviews_of(ledger).correct(killed.id, user(ledger, "ana"), {"claimant": "Armenia"})
        assert ledger.audit_trail() == [] and ledger.claim(killed.id).review_status == "unreviewed"


def test_a_correction_changes_each_field_given_and_records_before_and_after(ledger_file: Path) -> None:
    with Ledger(ledger_file) as ledger:
        tanks = claim_of(ledger, 12)
        corrected = reviews_of(ledger).correct(
            tanks.id, user(ledger, "ana"),
            {"value": "14", "date": "2020-10-12/2020-10-13", "places": "Fuzuli; Jabrayil", "cumulative": "false",
             "kind": tanks.claim.kind}, note="The ministry's evening update says 14")
        assert (corrected.claim.value, corrected.claim.date, corrected.claim.cumulative) == \
            (14, "2020-10-12/2020-10-13", False)
        assert corrected.claim.places == ["Fuzuli", "Jabrayil"]
        assert all(location.lat is not None for location in corrected.claim.locations)  # resolved by the gazetteer
        # The date's days are what the ledger filters by.
        assert tanks.id in [c.id for c in ledger.claims(until=dt.date(2020, 10, 12))]
        trail = {entry.field: (entry.before, entry.after) for entry in ledger.audit_trail(tanks.id)}
        assert trail["value"] == (12, 14) and trail["date"][1] == "2020-10-12/2020-10-13"
        assert "kind" not in trail  # typed as it was: no change


@pytest.mark.parametrize("field, text, message", [
    ("value", "twelve", "digits"),
    ("value", "-3", "zero or more"),
    ("kind", "casualty", "casualties"),
    ("date", "13 October", "YYYY-MM-DD"),
    ("date", "2020-10-13/2020-10-01", "YYYY-MM-DD"),
    ("cumulative", "maybe", "running total"),
    ("unit", "", "count"),
    ("colour", "red", "no field"),
])
def test_a_value_a_field_cannot_hold_is_refused_saying_what_it_takes(field: str, text: str, message: str) -> None:
    with pytest.raises(ReviewFieldError, match=message):
        parse_field(field, text)


def test_an_outcome_must_be_one_of_the_kinds(ledger_file: Path) -> None:
    with Ledger(ledger_file) as ledger:
        killed = claim_of(ledger, 3)
        with pytest.raises(ReviewFieldError, match="no outcome of casualties"):
            reviews_of(ledger).correct(killed.id, user(ledger, "ana"), {"outcome": "destroyed"})


@pytest.mark.parametrize("link", ["javascript:alert(1)", "file:///etc/passwd", "www.example.org", "data:text/html,x"])
def test_evidence_is_web_addresses_only(link: str) -> None:
    with pytest.raises(ReviewFieldError, match="https://"):
        parse_evidence([link])
    assert parse_evidence(["https://a.org/x  http://b.org/y", "https://a.org/x"]) == \
        ["https://a.org/x", "http://b.org/y"]


def test_corrections_and_statuses_survive_a_re_extraction(ledger_file: Path) -> None:
    with Ledger(ledger_file) as ledger:
        killed = claim_of(ledger, 3)
        reviews = reviews_of(ledger)
        reviews.correct(killed.id, user(ledger, "ana"), {"speaker": "Vagif Dargahli"}, note="named in the video")
        reviews.review(killed.id, user(ledger, "ana"), "disputed", note="Armenia denies it")
        assert reextract(ledger, force=True) == 1
        # A new row (SQLite may give it the old id): extraction alone names no speaker and no status.
        again = claim_of(ledger, 3)
        assert (again.claim.speaker, again.review_status) == ("Vagif Dargahli", "disputed")
        # The claim's history is its span's: the changes made to the row before are in it.
        assert [(e.action, e.field) for e in ledger.audit_trail(again.id)] == \
            [("correct", "speaker"), ("review", "review_status")]
        assert [r.status for r in ledger.reviews(again.id)] == ["disputed"]


def test_a_claim_added_by_hand_is_a_human_claim_that_a_re_extraction_keeps(ledger_file: Path) -> None:
    with Ledger(ledger_file) as ledger:
        document = ledger.documents()[0]
        start = document.text.index("shelled Tartar")
        added = reviews_of(ledger).add_claim(
            document.id, user(ledger, "ana"), (start, start + len("shelled Tartar")),
            {"kind": "attacks", "outcome": "strikes", "value": "1", "actor": "Armenia", "affected": "Azerbaijan",
             "claimant": "Azerbaijan", "date": "2020-10-13", "places": "Tartar"}, note="one shelling, missed")
        assert (added.origin, added.claim.quote, added.claim.kind) == ("human", "shelled Tartar", "attacks")
        assert added.claim.locations[0].lat is not None
        (entry,) = ledger.audit_trail(added.id)
        assert entry.action == "add" and entry.after["quote"] == "shelled Tartar"
        reextract(ledger, force=True)
        assert [c.claim.quote for c in ledger.claims() if c.origin == "human"] == ["shelled Tartar"]


@pytest.mark.parametrize("span, message", [((-1, 4), "not within"), ((10, 10), "not within"),
                                           ((0, 10_000), "not within")])
def test_an_added_claim_must_stand_in_its_document(ledger_file: Path, span: tuple[int, int], message: str) -> None:
    with Ledger(ledger_file) as ledger:
        document = ledger.documents()[0]
        with pytest.raises(ReviewError, match=message):
            reviews_of(ledger).add_claim(document.id, user(ledger, "ana"), span,
                                         {"kind": "attacks", "outcome": "strikes"})



def test_the_review_commands_review_correct_and_export_the_audit_trail(ledger_file: Path) -> None:
    import csv
    import io
    import json

    from typer.testing import CliRunner

    from claimledger.cli import app
    from claimledger.export import AUDIT_COLUMNS

    def run(*args: object):  # type: ignore[no-untyped-def]
        return CliRunner(env={"COLUMNS": "200"}).invoke(app, [str(a) for a in args])

    with Ledger(ledger_file) as ledger:
        killed = claim_of(ledger, 3)
    done = run("review", killed.id, "--status", "refuted", "--user", "ana", "--db", ledger_file,
               "--note", "no shelling that day", "--evidence", "https://example.org/osce-report")
    assert done.exit_code == 0, done.output
    assert f"claim #{killed.id} is refuted" in done.stdout
    fixed = run("correct", killed.id, "--set", "claimant=Azerbaijan", "--set", "date=2020-10-12", "--user", "ana",
                "--db", ledger_file, "--note", "the day before")
    assert fixed.exit_code == 0, fixed.output
    rows = list(csv.DictReader(io.StringIO(run("audit", "--db", ledger_file, "--format", "csv").stdout)))
    assert list(rows[0]) == list(AUDIT_COLUMNS)
    assert [(r["user"], r["action"], r["field"], json.loads(r["after"])) for r in rows] == [
        ("ana", "review", "review_status", "refuted"), ("ana", "correct", "date", "2020-10-12")]
    records = [json.loads(line) for line in
               run("audit", "--db", ledger_file, "--claim", killed.id, "--format", "jsonl").stdout.splitlines()]
    assert [r["field"] for r in records] == ["review_status", "date"] and records[0]["before"] == "unreviewed"
    # A viewer, a bad field and a bad value are refused with one line each, and nothing is stored.
    for args, message in ((("review", killed.id, "--status", "corroborated", "--user", "val"), "analyst"),
                          (("correct", killed.id, "--set", "colour=red", "--user", "ana"), "no field"),
                          (("correct", killed.id, "--set", "value=many", "--user", "ana"), "digits"),
                          (("review", killed.id, "--status", "corroborated", "--user", "nobody"), "nobody")):
        refused = run(*args, "--db", ledger_file)
        assert refused.exit_code != 0 and message in refused.output, refused.output
    assert len(run("audit", "--db", ledger_file, "--format", "jsonl").stdout.splitlines()) == 2


def test_claimreview_json_ld_is_made_for_reviewed_claims_alone(ledger_file: Path) -> None:
    import json

    from typer.testing import CliRunner

    from claimledger.cli import app

    with Ledger(ledger_file) as ledger:
        killed, tanks = claim_of(ledger, 3), claim_of(ledger, 12)
        reviews = reviews_of(ledger)
        reviews.review(killed.id, user(ledger, "ana"), "corroborated", note="HRW confirms",
                       evidence=["https://www.hrw.org/report"])
        reviews.review(tanks.id, user(ledger, "ana"), "disputed")
        reviews.review(tanks.id, user(ledger, "ana"), "unreviewed", note="reopened")
    result = CliRunner().invoke(app, ["export", "--db", str(ledger_file), "--format", "claimreview", "--site",
                                      "https://ledger.example.org", "--publisher", "Example Desk"])
    assert result.exit_code == 0, result.output
    (review,) = json.loads(result.stdout)
    assert review["url"] == f"https://ledger.example.org/claims/{killed.id}"
    assert review["author"] == {"@type": "Organization", "name": "Example Desk",
                                "employee": {"@type": "Person", "name": "ana"}}
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                                      "alternateName": "corroborated", "ratingExplanation": "HRW confirms"}
    assert review["itemReviewed"]["author"]["name"] == "Azerbaijan" and review["citation"] == ["https://www.hrw.org/report"]
    assert review["claimReviewed"].startswith("The Ministry of Defence of Azerbaijan said")
