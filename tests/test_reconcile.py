"""Reconciliation over a real ledger: statements of both sides written for these tests, with known revisions,
contradictions and independent counts, ingested through the whole pipeline into an SQLite file.

Each flag must be raised where the corpus plants it and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import URL, create_engine
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import ReferenceFileError, ReferenceRowError
from claimledger.ledger import Ledger, ReferenceCount, StoredClaim, _alembic_config
from claimledger.models import Claim
from claimledger.pipeline import ingest_paths
from claimledger.reconcile import (EVENT_ABOVE_TOTAL, LATEST_MENTIONED, PACE_JUMP, PART_ABOVE_TOTAL, PUBLISHED,
                                   RUNNING_TOTAL_DOWN, SAME_DAY_TWO_VALUES, STATED, Figure, anomalies,
                                   claims_compared, claims_of_metric, compare, document_days, document_days_from, figures, figures_of_claim, ratios,
                                   read_reference_csv, reporting_bias)

AZ_MOD = "Ministry of Defense of the Republic of Azerbaijan\nBaku, {date}, 2020\n\n"
AM_MOD = "Ministry of Defence of the Republic of Armenia\nYerevan, {date}, 2020\n\n"
AZ_SHELLING = "as a result of the shelling by the armed forces of Armenia"

# What each statement plants:
# - Azerbaijan's civilian deaths rise 22, 31, 40, 50 a few a day, then jump to 150 in one day (pace jump);
#   "including 12 children" of 150 is a part within its total (no flag).
# - Azerbaijan's civilian wounded go 80, 150, then down to 140 (running total down).
# - Two Azerbaijani statements of 8 October give Armenian artillery losses as 200 and 180 (same day, two values);
#   two statements of one day agreeing on the tanks (250) are no contradiction.
# - Armenia's civilian deaths: 20, then 45 "among them 50 children" (part above total), and a single shelling of
#   Stepanakert that day killing 60 (event above the day's running total); Martuni's 3 is within it.
CORPUS = {
    "az_1005.txt": AZ_MOD.format(date="October 5") + "As of October 5, a total of 22 civilians have been killed and "
    f"80 civilians wounded {AZ_SHELLING}.\nSince September 27, the enemy has lost 130 tanks.\n",
    "az_1008.txt": AZ_MOD.format(date="October 8") + "As of October 8, a total of 31 civilians have been killed and "
    f"150 civilians wounded {AZ_SHELLING}.\nSince September 27, the enemy has lost 250 tanks and 200 artillery "
    "pieces.\n",
    "az_1008_evening.txt": AZ_MOD.format(date="October 8") + "Since September 27, the enemy has lost 250 tanks and "
    "180 artillery pieces.\n",
    "az_1010.txt": AZ_MOD.format(date="October 10") + f"As of October 10, a total of 140 civilians have been wounded "
    f"{AZ_SHELLING}.\n",
    "az_1012.txt": AZ_MOD.format(date="October 12") + f"As of October 12, a total of 40 civilians have been killed "
    f"{AZ_SHELLING}.\n",
    "az_1016.txt": AZ_MOD.format(date="October 16") + f"As of October 16, a total of 50 civilians have been killed "
    f"{AZ_SHELLING}.\n",
    "az_1017.txt": AZ_MOD.format(date="October 17") + f"As of October 17, a total of 150 civilians have been killed "
    f"{AZ_SHELLING}, including 12 children.\n",
    "am_1008.txt": AM_MOD.format(date="October 8") + "As of October 8, a total of 20 civilians have been killed by "
    "Azerbaijani shelling. Since September 27, the Armenian side has lost 50 tanks, and the adversary has lost "
    "400 tanks.\n",
    "am_1012.txt": AM_MOD.format(date="October 12") + "As of October 12, a total of 45 civilians have been killed by "
    "Azerbaijani shelling, among them 50 children.\nOn October 12, Azerbaijani shelling of Stepanakert killed 60 "
    "civilians.\nOn October 12, Azerbaijani shelling of Martuni killed 3 civilians.\n",
}

REFERENCES_CSV = textwrap.dedent("""\
    source,kind,outcome,what,affected,date,value,url,note
    Visual confirmations,materiel,lost,tank,Armenia,2020-10-08,100,https://example.org/am,photos and videos
    Visual confirmations,materiel,lost,tank,Azerbaijan,2020-10-08,20,https://example.org/az,
    Casualty recorder,casualties,killed,civilians,Azerbaijan,2020-10-16,45,,named victims
    """)


@pytest.fixture(scope="module")
def corpus_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("both_sides")
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "references.csv").write_text(REFERENCES_CSV, encoding="utf-8")
    db = folder / "ledger.sqlite"
    with Ledger(db) as ledger:
        report = ingest_paths(sorted(folder.glob("*.txt")), ledger)
        assert not report.failed
        ledger.import_references(read_reference_csv(folder / "references.csv", on_error=pytest.fail))
    return db


@pytest.fixture(scope="module")
def view(corpus_ledger: Path) -> tuple[list[StoredClaim], dict, list[ReferenceCount]]:
    with Ledger(corpus_ledger) as ledger:
        return ledger.claims(), document_days(ledger.documents()), [s.reference for s in ledger.references()]


def series(found: list[Figure], claimant: str, outcome: str, what: str, affected: str) -> Figure:
    matching = [f for f in found if f.key.claimant == claimant and f.key.metric.outcome == outcome
                and f.key.metric.what == (what,) and f.key.metric.affected == affected and f.key.place is None]
    assert len(matching) == 1, [f.label for f in found]
    return matching[0]


def values(figure: Figure) -> list[tuple[str | None, int | float]]:
    return [(str(point.day) if point.day else None, point.value) for point in figure.points]


def test_series_group_one_claimants_figures_of_one_metric_in_date_order(view) -> None:
    claims, days, _ = view
    found = figures(claims, days)
    killed = series(found, "Azerbaijan", "killed", "civilians", "Azerbaijan")
    assert values(killed) == [("2020-10-05", 22), ("2020-10-08", 31), ("2020-10-12", 40), ("2020-10-16", 50),
                              ("2020-10-17", 150)]
    assert [p.file_name for p in killed.points] == ["az_1005.txt", "az_1008.txt", "az_1012.txt", "az_1016.txt",
                                                    "az_1017.txt"]
    assert all(p.cumulative and p.day_basis == STATED for p in killed.points)
    # Each side's figure of the other's tanks is its own series, apart from the other side's admission.
    assert values(series(found, "Armenia", "lost", "tank", "Azerbaijan")) == [("2020-10-08", 400)]
    assert values(series(found, "Armenia", "lost", "tank", "Armenia")) == [("2020-10-08", 50)]
    # A single event in one place is a series of that place, not a point of the running total.
    stepanakert = [f for f in found if f.key.place is not None and "Stepanakert" in f.label]
    assert len(stepanakert) == 1 and values(stepanakert[0]) == [("2020-10-12", 60)]


def test_a_claims_figures_read_from_its_metric_alone_are_those_read_from_the_whole_ledger(
        corpus_ledger: Path) -> None:
    # A claim's page reads the claims of its kind, outcome, affected side and place, and its documents' days without
    # their texts: for every claim of both sides' statements, the same own series and the same other claimants'.
    with Ledger(corpus_ledger) as ledger:
        every, days = ledger.claims(), document_days(ledger.documents())
        assert document_days_from(ledger.reference_days()) == days
        assert every
        for stored in every:
            metric = claims_of_metric(ledger, stored)
            assert {c.id for c in metric} < {c.id for c in every} or len(every) == 1
            read = document_days_from(ledger.reference_days([c.document_id for c in metric]))
            assert figures_of_claim(metric, stored.id, read) == figures_of_claim(every, stored.id, days), stored.id


def test_a_claims_figures_from_its_metric_alone_hold_places_by_name_in_any_case_and_figures_of_no_side(
        tmp_path: Path) -> None:
    # Places named only (no gazetteer id), in other letter cases, beyond ASCII, and figures whose side is not known:
    # the claims of a metric read by the ledger's filters are still every claim of the figure's series.
    import hashlib

    from claimledger.models import Document

    text = ("Yerevan, 5 October 2020. 12 houses were destroyed in Martuni. In martuni 14 houses were destroyed. "
            "3 tanks were destroyed. 5 tanks were destroyed. In Xocavənd 7 houses were destroyed. In XOCAVƏND 9 "
            "houses were destroyed.")
    rows = [("12 houses", "damage", "house", "Armenia", "Armenia", ["Martuni"]),
            ("14 houses", "damage", "house", "Azerbaijan", "Armenia", ["martuni"]),
            ("3 tanks", "materiel", "tank", "Armenia", None, []),
            ("5 tanks", "materiel", "tank", "Azerbaijan", None, []),
            ("7 houses", "damage", "house", "Azerbaijan", "Azərbaycan", ["Xocavənd"]),
            ("9 houses", "damage", "house", "Armenia", "AZƏRBAYCAN", ["XOCAVƏND"])]
    claims = []
    for quote, kind, what, claimant, affected, places in rows:
        start = text.index(quote)
        claims.append(Claim(doc="s.txt", span=(start, start + len(quote)), quote=quote, value=int(quote.split()[0]),
                            kind=kind, outcome="destroyed", what=[what], claimant=claimant, affected=affected,
                            date="2020-10-05", places=places))
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.add_document(Document(name="s.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest()),
                            claims, profile="nagorno_karabakh_2020")
        every = ledger.claims()
        for stored in every:
            expected = figures_of_claim(every, stored.id)
            assert expected.own is not None and expected.others, stored.claim.quote
            assert figures_of_claim(claims_of_metric(ledger, stored), stored.id) == expected, stored.claim.quote


def test_figure_ids_are_stable_across_ledgers(view, tmp_path: Path) -> None:
    claims, days, _ = view
    db = tmp_path / "again.sqlite"
    for name in ("az_1017.txt", "az_1005.txt"):
        (tmp_path / name).write_text(CORPUS[name], encoding="utf-8")
    with Ledger(db) as ledger:
        ingest_paths([tmp_path / "az_1017.txt", tmp_path / "az_1005.txt"], ledger)
        again = figures(ledger.claims(), document_days(ledger.documents()))
    first = series(figures(claims, days), "Azerbaijan", "killed", "civilians", "Azerbaijan")
    assert series(again, "Azerbaijan", "killed", "civilians", "Azerbaijan").id == first.id


def test_every_planted_contradiction_is_flagged_and_nothing_else(view) -> None:
    claims, days, _ = view
    by_id = {stored.id: stored for stored in claims}
    found = {(anomaly.type, tuple(sorted(by_id[i].claim.value for i in anomaly.claim_ids))) for anomaly in
             anomalies(claims, days)}
    assert found == {
        (PACE_JUMP, (50, 150)),
        (RUNNING_TOTAL_DOWN, (140, 150)),
        (SAME_DAY_TWO_VALUES, (180, 200)),
        (PART_ABOVE_TOTAL, (45, 50)),
        (EVENT_ABOVE_TOTAL, (45, 60)),
    }


def test_anomaly_reasons_name_the_figures_dates_and_documents(view) -> None:
    claims, days, _ = view
    reasons = {anomaly.type: anomaly.reason for anomaly in anomalies(claims, days)}
    assert "goes down from 150 on 2020-10-08" in reasons[RUNNING_TOTAL_DOWN]
    assert "to 140 on 2020-10-10" in reasons[RUNNING_TOTAL_DOWN] and "az_1010.txt" in reasons[RUNNING_TOTAL_DOWN]
    assert "from 50 on 2020-10-16" in reasons[PACE_JUMP] and "100.0 a day" in reasons[PACE_JUMP]
    assert "az_1008.txt" in reasons[SAME_DAY_TWO_VALUES] and "az_1008_evening.txt" in reasons[SAME_DAY_TWO_VALUES]
    assert "50 children killed" in reasons[PART_ABOVE_TOTAL] and "45 civilians" in reasons[PART_ABOVE_TOTAL]
    assert "single event of 60" in reasons[EVENT_ABOVE_TOTAL]


def test_side_by_side_with_ranges_in_the_manner_of_ucdp(view) -> None:
    claims, days, references = view
    armenian_tanks = compare(claims, "materiel", "lost", ["tank"], "Armenia", references, days=days)
    assert {line.claimant: [p.value for p in line.points] for line in armenian_tanks.lines} == {
        "Azerbaijan": [130, 250, 250], "Armenia": [50]}
    assert [r.value for r in armenian_tanks.references] == [100]
    ranges = {str(r.day): (r.low, r.best, r.high, r.best_from) for r in armenian_tanks.ranges}
    # Before any independent count or admission, the one claim is all there is.
    assert ranges["2020-10-05"] == (130, 130, 130, "median of claims")
    # The confirmed count is the best estimate; the admission is the low, the adversary's claim the high.
    assert ranges["2020-10-08"] == (50, 100, 250, "reference: Visual confirmations")


@pytest.mark.parametrize(("kind", "outcome", "what", "affected"), [
    ("materiel", "lost", ["tank"], "Armenia"), ("materiel", "lost", ["tank"], "azerbaijan"),
    ("casualties", "wounded", ["civilians"], "Azerbaijan"), ("casualties", "killed", ["civilians"], "ARMENIA"),
])
def test_a_comparison_read_from_its_metrics_claims_is_the_one_read_from_every_claim(
        corpus_ledger: Path, view, kind: str, outcome: str, what: list[str], affected: str) -> None:
    # The web app's compare page reads the metric's claims and their documents' days, not the whole ledger.
    claims, days, references = view
    with Ledger(corpus_ledger, read_only=True) as ledger:
        read = claims_compared(ledger, kind, outcome, affected)
        read_days = document_days_from(ledger.reference_days(sorted({c.document_id for c in read})))
    assert len(read) < len(claims)
    expected = compare(claims, kind, outcome, what, affected, references, days=days)
    assert compare(read, kind, outcome, what, affected, references, days=read_days) == expected
    assert expected.lines


def test_best_estimate_without_a_reference_is_the_affected_sides_own_figure(view) -> None:
    claims, days, _ = view
    wounded = compare(claims, "casualties", "wounded", ["civilians"], "Azerbaijan", [], days=days)
    assert [(str(r.day), r.best, r.best_from) for r in wounded.ranges][-1] == (
        "2020-10-10", 140, "own figure: Azerbaijan")


def test_claimed_over_confirmed_and_reporting_bias_per_claimant(view) -> None:
    claims, days, references = view
    found = {(r.claimant, r.metric.affected, r.metric.what): round(r.ratio, 2)
             for r in ratios(claims, references, days)}
    assert found == {
        ("Azerbaijan", "Armenia", ("tank",)): 2.5,
        ("Armenia", "Armenia", ("tank",)): 0.5,
        ("Armenia", "Azerbaijan", ("tank",)): 20.0,
        ("Azerbaijan", "Azerbaijan", ("civilians",)): round(50 / 45, 2),
    }
    bias = {b.claimant: b for b in reporting_bias(claims, references, days)}
    assert (bias["Armenia"].own_losses_ratio, bias["Armenia"].other_losses_ratio) == (0.5, 20.0)
    assert bias["Azerbaijan"].other_losses_ratio == 2.5
    assert bias["Azerbaijan"].own_losses_ratio == pytest.approx(50 / 45)
    assert (bias["Azerbaijan"].own_losses_metrics, bias["Azerbaijan"].other_losses_metrics) == (1, 1)


# --------------------------------------------------------------------------- edge cases on hand-made claims


def stored(claim_id: int, value: int, date: str | None, *, cumulative: bool | None = True, doc: int = 1,
           what: str = "civilians", quote: str | None = None, claimant: str = "Armenia") -> StoredClaim:
    claim = Claim(doc=f"d{doc}.txt", span=(0, 1), quote=quote or f"{value} {what}", value=value, kind="casualties",
                  outcome="killed", what=[what], affected="Armenia", claimant=claimant, date=date,
                  cumulative=cumulative)
    return StoredClaim(id=claim_id, document_id=doc, file_name=f"d{doc}.txt", claim=claim)


def test_no_pace_jump_is_judged_from_fewer_than_two_other_intervals() -> None:
    claims = [stored(1, 10, "2020-10-01"), stored(2, 12, "2020-10-02", doc=2), stored(3, 200, "2020-10-03", doc=3)]
    assert anomalies(claims) == []
    claims.append(stored(4, 202, "2020-10-04", doc=4))
    claims.append(stored(5, 204, "2020-10-05", doc=5))
    assert [a.type for a in anomalies(claims)] == [PACE_JUMP]


def test_small_absolute_increase_is_no_pace_jump() -> None:
    claims = [stored(i, value, f"2020-10-0{i}", doc=i) for i, value in enumerate([1, 1, 1, 1, 6], start=1)]
    assert anomalies(claims) == []


def test_two_events_on_one_day_and_agreeing_totals_are_not_contradictions() -> None:
    claims = [stored(1, 3, "2020-10-01", cumulative=False), stored(2, 7, "2020-10-01", cumulative=False, doc=2),
              stored(3, 30, "2020-10-01", doc=3), stored(4, 30, "2020-10-01", doc=4)]
    assert anomalies(claims) == []


def test_parts_are_held_against_their_whole_only_on_the_same_occasion() -> None:
    whole = stored(1, 45, "2020-10-12", doc=1)
    later_part = stored(2, 50, "2020-11-01", what="children", doc=2)
    assert anomalies([whole, later_part]) == []
    same_doc_part = stored(3, 50, None, what="children", doc=1)
    assert [a.type for a in anomalies([whole, same_doc_part])] == [PART_ABOVE_TOTAL]


def test_regression_s300_list_item_is_not_a_second_value_of_air_defence_systems() -> None:
    """Seed 000 lists "Air Defence Systems – 60" and "S-300 Air Defence System – 1" for one day."""
    def item(claim_id: int, value: int, quote: str, model: str | None) -> StoredClaim:
        claim = Claim(doc="000.txt", span=(0, 1), quote=quote, value=value, kind="materiel", outcome="lost",
                      what=["air_defense"], affected="Armenia", claimant="Azerbaijan", date="2020-10-07",
                      cumulative=True, model=model)
        return StoredClaim(id=claim_id, document_id=1, file_name="000.txt", claim=claim)

    claims = [item(9, 60, "Air Defence Systems – 60", None), item(13, 1, "S-300 Air Defence System – 1", "S-300")]
    assert anomalies(claims) == []
    assert sorted(f.label for f in figures(claims)) == [
        "Azerbaijan: materiel lost air_defense (Armenia)", "Azerbaijan: materiel lost air_defense S-300 (Armenia)"]


def test_undated_figures_stand_at_their_documents_day(tmp_path: Path) -> None:
    published = tmp_path / "published.txt"
    published.write_text("Ministry of Defense of the Republic of Azerbaijan\nBaku, October 20, 2020\n\n"
                         "Armenian forces have lost 300 tanks.\n", encoding="utf-8")
    retrospective = tmp_path / "retrospective.txt"
    retrospective.write_text("Armenia's aggression against Azerbaijan and its consequences\n\n"
                             "The war began on September 27, 2020. The military activities ended on November 10. "
                             "A plan for 2031 and a meeting on December 1, 2099 are not the time of writing. "
                             "As a result of Armenia's attacks 101 Azerbaijani civilians were killed.\n",
                             encoding="utf-8")
    undatable = tmp_path / "undatable.txt"
    undatable.write_text("Armenia's attacks killed 7 Azerbaijani civilians.\n", encoding="utf-8")
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ingest_paths([published, retrospective, undatable], ledger)
        days = document_days(ledger.documents())
        by_name = {d.file_name: d.id for d in ledger.documents()}
        claims = ledger.claims()
    assert days[by_name["published.txt"]] == (dt.date(2020, 10, 20), PUBLISHED)
    assert days[by_name["retrospective.txt"]] == (dt.date(2020, 11, 10), LATEST_MENTIONED)
    assert by_name["undatable.txt"] not in days
    points = {p.value: p for f in figures(claims, days) for p in f.points}
    assert (points[101].date, str(points[101].day), points[101].day_basis) == (None, "2020-11-10", LATEST_MENTIONED)
    assert (points[7].day, points[7].day_basis) == (None, None)
    # Without the documents' days the same figures stay undated.
    assert all(p.day is None for f in figures(claims) for p in f.points if p.date is None)


RETROSPECTIVE = ("Armenia's aggression against Azerbaijan and its consequences\n\nThe war began on September 27, "
                 "2020. The military activities ended on November 10. A plan for 2031 is not the time of writing. "
                 "As a result of Armenia's attacks 101 Azerbaijani civilians were killed.\n")


def test_a_ledger_made_at_migration_0004_reconciles_as_before_once_upgraded(tmp_path: Path) -> None:
    """Rows stored before the weapon model and the reference day were recorded get them from their quote and text
    on upgrade, by the same rules, each document as of the day it was ingested."""
    db = tmp_path / "old.sqlite"
    engine = create_engine(URL.create("sqlite", database=str(db)))
    with engine.begin() as connection, _alembic_config() as config:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        # Only a ledger of 0004's schema knows these columns: the rows are written as that claimledger wrote them.
        for doc_id, name, published, text, ingested_at in [
                (1, "list.txt", "2020-10-07", "Air Defence Systems – 60\nS-300 Air Defence System – 1\n",
                 "2020-10-08T09:00:00+00:00"),
                (2, "retrospective.txt", None, RETROSPECTIVE, "2021-01-15T09:00:00+00:00"),
                (3, "written_before_the_end.txt", None, RETROSPECTIVE, "2020-11-05T09:00:00+00:00"),
                (4, "undatable.txt", None, "Armenia's attacks killed 7 Azerbaijani civilians.\n",
                 "2021-01-15T09:00:00+00:00")]:
            connection.exec_driver_sql(
                "INSERT INTO documents (id, content_hash, file_name, published, media_type, profile, text, char_count,"
                " extractor_version, ingested_at) VALUES (?, ?, ?, ?, 'text/plain', 'nagorno_karabakh_2020', ?, ?,"
                " '0.2.0', ?)", (doc_id, f"hash{doc_id}", name, published, text, len(text), ingested_at))
        for claim_id, doc_id, quote, value, what, date, origin in [
                (1, 1, "Air Defence Systems – 60", 60, "air_defense", "2020-10-07", "machine"),
                (2, 1, "S-300 Air Defence System – 1", 1, "air_defense", "2020-10-07", "human"),
                (3, 2, "101 Azerbaijani civilians were killed", 101, "civilians", None, "machine"),
                (4, 3, "101 Azerbaijani civilians were killed", 101, "civilians", None, "machine"),
                (5, 4, "7 Azerbaijani civilians", 7, "civilians", None, "machine")]:
            kind, outcome = ("materiel", "lost") if what == "air_defense" else ("casualties", "killed")
            affected = "Armenia" if what == "air_defense" else "Azerbaijan"
            connection.exec_driver_sql(
                "INSERT INTO claims (id, document_id, span_start, span_end, quote, value, qualifier, unit, kind, "
                "outcome, what, affected, claimant, date, date_start, date_end, cumulative, places, origin, "
                "extractor_version, created_at) VALUES (?, ?, 0, ?, ?, ?, 'exact', 'count', ?, ?, ?, ?, "
                "'Azerbaijan', ?, ?, ?, 1, '[]', ?, '0.2.0', '2020-10-08T09:00:00+00:00')",
                (claim_id, doc_id, len(quote), quote, value, kind, outcome, json.dumps([what]), affected, date, date,
                 date, origin))
    engine.dispose()
    with Ledger(db) as ledger:
        claims, days = ledger.claims(), document_days(ledger.documents())
    assert days == {1: (dt.date(2020, 10, 7), PUBLISHED), 2: (dt.date(2020, 11, 10), LATEST_MENTIONED),
                    3: (dt.date(2020, 9, 27), LATEST_MENTIONED)}  # ingested before November 10: not yet its day
    assert [stored.claim.model for stored in claims] == [None, "S-300", None, None, None]
    found = figures(claims, days)
    assert [(f.label, [(str(p.day), p.value, p.day_basis) for p in f.points]) for f in found] == [
        ("Azerbaijan: casualties killed civilians (Azerbaijan)",
         [("2020-09-27", 101, LATEST_MENTIONED), ("2020-11-10", 101, LATEST_MENTIONED), ("None", 7, None)]),
        ("Azerbaijan: materiel lost air_defense (Armenia)", [("2020-10-07", 60, STATED)]),
        ("Azerbaijan: materiel lost air_defense S-300 (Armenia)", [("2020-10-07", 1, STATED)]),
    ]
    assert anomalies(claims, days) == []


def test_a_figure_placed_at_its_documents_day_is_never_a_same_day_contradiction() -> None:
    stated = stored(1, 30, "2020-10-08")
    placed = stored(2, 35, None, doc=2)
    days = {2: (dt.date(2020, 10, 8), PUBLISHED)}
    assert anomalies([stated, placed], days) == []
    lower = stored(3, 20, None, doc=3)
    found = anomalies([stated, lower], {3: (dt.date(2020, 10, 9), PUBLISHED)})
    assert [a.type for a in found] == [RUNNING_TOTAL_DOWN]
    assert "undated, placed at 2020-10-09 (document published)" in found[0].reason


# --------------------------------------------------------------------------- reference CSV


def test_reference_csv_bad_rows_are_reported_with_their_line_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text(textwrap.dedent("""\
        source,kind,outcome,what,affected,date,value,url,note
        Oryx,materiel,lost,tank;armored_vehicle,Armenia,2020-11-10,300,,
        Oryx,materiel,sunk,tank,Armenia,2020-11-10,3,,
        Oryx,weather,lost,tank,Armenia,2020-11-10,3,,
        Oryx,materiel,lost,tank,Armenia,10 November,3,,
        Oryx,materiel,lost,tank,Armenia,2020-11-10,many,,
        Oryx,materiel,lost,tank,,2020-11-10,3,,
        Oryx,materiel,lost,tank,Armenia,2020-11-10,-3,,
        """), encoding="utf-8")
    errors: list[ReferenceRowError] = []
    found = read_reference_csv(path, on_error=errors.append)
    assert [(r.what, r.value) for r in found] == [(("armored_vehicle", "tank"), 300)]
    assert [e.line for e in errors] == [3, 4, 5, 6, 7, 8]
    assert "outcome 'sunk'" in str(errors[0]) and "kind 'weather'" in str(errors[1])
    assert "YYYY-MM-DD" in str(errors[2]) and "'many' is not a number" in str(errors[3])
    assert "affected is empty" in str(errors[4]) and "not a count" in str(errors[5])
    assert all(str(path) in str(e) for e in errors)


@pytest.mark.parametrize("content, message", [
    (b"source,kind,value\nOryx,materiel,3\n", "lacks the columns outcome, what, affected, date"),
    (b"\xff\xfe\x00s\x00o\x00\x00\x00\x9c", "not a UTF-8 CSV"),
])
def test_unreadable_reference_file_is_one_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "refs.csv"
    path.write_bytes(content)
    with pytest.raises(ReferenceFileError, match=message):
        read_reference_csv(path, on_error=pytest.fail)
    with pytest.raises(ReferenceFileError, match="no such file"):
        read_reference_csv(tmp_path / "missing.csv", on_error=pytest.fail)


# --------------------------------------------------------------------------- CLI


def test_cli_reference_import_counts_failed_rows_and_a_reimport_replaces(tmp_path: Path) -> None:
    db = tmp_path / "l.sqlite"
    refs = tmp_path / "refs.csv"
    refs.write_text(REFERENCES_CSV + "Oryx,materiel,lost,tank,Armenia,yesterday,5,,\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["reference", "import", str(refs), "--db", str(db)])
    assert first.exit_code == 1, first.output
    assert "imported 3 reference figures" in first.output and "line 5" in first.output
    refs.write_text(REFERENCES_CSV.replace(",100,", ",110,"), encoding="utf-8")
    second = runner.invoke(app, ["reference", "import", str(refs), "--db", str(db)])
    assert second.exit_code == 0, second.output
    with Ledger(db) as ledger:
        stored_refs = [s.reference for s in ledger.references()]
    assert sorted(r.value for r in stored_refs) == [20, 45, 110]


def test_cli_figures_figure_anomalies_compare_and_bias(corpus_ledger: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(corpus_ledger)]
    listing = json.loads(runner.invoke(app, ["figures", *db, "--format", "json"]).output)
    killed = next(f for f in listing if f["label"] == "Azerbaijan: casualties killed civilians (Azerbaijan)")
    shown = runner.invoke(app, ["figure", killed["id"], *db, "--format", "json"])
    assert [p["value"] for p in json.loads(shown.output)["points"]] == [22, 31, 40, 50, 150]
    table = runner.invoke(app, ["figure", killed["id"], *db], env={"COLUMNS": "250"})
    assert "a total of 150 civilians" in table.output and "az_1017.txt" in table.output
    assert "+100" in table.output and "+9" in table.output
    wounded = next(f for f in listing if f["label"] == "Azerbaijan: casualties wounded civilians (Azerbaijan)")
    assert "-10" in runner.invoke(app, ["figure", wounded["id"], *db], env={"COLUMNS": "250"}).output
    missing = runner.invoke(app, ["figure", "0000000000", *db])
    assert missing.exit_code == 1 and "claimledger figures" in missing.output
    flagged = json.loads(runner.invoke(app, ["anomalies", *db, "--format", "json"]).output)
    assert sorted(a["type"] for a in flagged) == sorted([PACE_JUMP, RUNNING_TOTAL_DOWN, SAME_DAY_TWO_VALUES,
                                                         PART_ABOVE_TOTAL, EVENT_ABOVE_TOTAL])
    side_by_side = runner.invoke(app, ["compare", "--kind", "materiel", "--outcome", "lost", "--what", "tank",
                                       "--affected", "Armenia", *db], env={"COLUMNS": "250"})
    assert side_by_side.exit_code == 0, side_by_side.output
    assert "reference: Visual confirmations" in side_by_side.output and "own figure" not in side_by_side.output
    bias = json.loads(runner.invoke(app, ["bias", *db, "--format", "json"]).output)
    assert {b["claimant"]: b["other_losses_ratio"] for b in bias["bias"]} == {"Armenia": 20.0, "Azerbaijan": 2.5}
    by_series = runner.invoke(app, ["compare", "--metric", killed["id"], *db, "--format", "json"])
    assert [line["claimant"] for line in json.loads(by_series.output)["lines"]] == ["Azerbaijan"]
    assert runner.invoke(app, ["compare", *db]).exit_code == 2
    nothing = runner.invoke(app, ["compare", "--kind", "materiel", "--outcome", "lost", "--what", "helicopter",
                                  "--affected", "Armenia", *db])
    assert nothing.exit_code == 1 and "no figures of materiel lost helicopter (Armenia)" in nothing.output
    bad_kind = runner.invoke(app, ["compare", "--kind", "weather", "--outcome", "lost", "--what", "tank",
                                   "--affected", "Armenia", *db])
    assert bad_kind.exit_code == 2


# --------------------------------------------------------------------------- the seeds


def test_seeds_civilian_deaths_and_wounded_series(tmp_path: Path) -> None:
    """Azerbaijan's civilian deaths 31 -> 101 and wounded 19 -> 150 -> 423, the 101 and 423 from a retrospective
    report that states no date: they stand at the war's end, the latest date that report gives. The five seeds
    alone (their folder, not the demo's modelled statements beside it), in which nothing contradicts."""
    with resources.as_file(resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020") as samples, \
            Ledger(tmp_path / "seeds.sqlite") as ledger:
        assert not ingest_paths([samples], ledger).failed
        claims, days = ledger.claims(), document_days(ledger.documents())
    found = figures(claims, days)
    killed = series(found, "Azerbaijan", "killed", "civilians", "Azerbaijan")
    totals = [(str(p.day), p.value, p.day_basis) for p in killed.points if p.cumulative]
    assert totals == [("2020-10-08", 31, STATED), ("2020-11-10", 101, LATEST_MENTIONED)]
    wounded = series(found, "Azerbaijan", "wounded", "civilians", "Azerbaijan")
    assert [(str(p.day), p.value) for p in wounded.points] == [("2020-09-28", 19), ("2020-10-08", 150),
                                                                ("2020-11-10", 423)]
    assert [p.file_name[:3] for p in wounded.points] == ["003", "000", "004"]
    assert anomalies(claims, days) == []
