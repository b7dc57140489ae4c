"""The bundled sample corpus and the demo ledger built from it (`claimledger demo`, `pipeline.build_demo_ledger`).

The five seed statements are one side's voice; the modelled statements beside them
(`sample_data/nagorno_karabakh_2020_modelled/`, each modelled on public reports that its SOURCES.md lists) add
the other side and third parties, so that the demo shows what claimledger is for: both sides' figures of the
same thing side by side, and an act one side asserts and the other denies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

import pytest

from claimledger.contested import ContestedAct, contested_acts
from claimledger.ledger import Ledger
from claimledger.pipeline import build_demo_ledger
from claimledger.profile import load_profile
from claimledger.reconcile import compare, document_days, figures

MODELLED = resources.files("claimledger") / "sample_data" / "nagorno_karabakh_2020_modelled"
# The modelled statements: every file of the folder that ingest reads.
STATEMENTS = sorted(entry.name for entry in MODELLED.iterdir() if entry.name.endswith((".txt", ".html")))
SIDES = {side.name for side in load_profile("nagorno_karabakh_2020").sides}
# The note at the head of each modelled statement that cites the reports it is modelled on.
SOURCE_NOTE = re.compile(r"\[Source note: [^\]]*\]")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    report, _ = build_demo_ledger(db)
    assert not report.failed
    with Ledger(db) as ledger:
        yield ledger


def test_the_demo_ledger_holds_claims_of_both_sides_and_of_third_parties(demo: Ledger) -> None:
    claimants = {stored.claim.claimant for stored in demo.claims()}
    assert SIDES == {"Armenia", "Azerbaijan"} and SIDES <= claimants
    assert claimants - SIDES - {None}, "no claim of a third party (an NGO, the ICRC, the UN, a wire story's source)"


def test_the_demo_ledger_has_an_act_one_side_asserts_and_the_other_denies(demo: Ledger) -> None:
    def between_the_sides(act: ContestedAct) -> bool:
        asserters = {stored.allegation.claimant for stored in act.asserted}
        deniers = {stored.allegation.claimant for stored in act.denied}
        return any(a in SIDES and d in SIDES and a != d for a in asserters for d in deniers)

    acts = contested_acts(demo.allegations())
    assert any(between_the_sides(act) for act in acts), [(a.subject, a.actor, a.claimants_text("asserts"),
                                                          a.claimants_text("denies")) for a in acts]


def test_the_demo_ledger_has_a_figure_that_both_sides_claim(demo: Ledger) -> None:
    # One metric (what is counted, whose loss) with a series of each side's: `claimledger compare` sets them side by
    # side (the Armenian Su-25s lost on 29 September: one in Armenia's account, two in Azerbaijan's).
    claims = demo.claims()
    days = document_days(demo.documents())
    metrics = {figure.key.metric for figure in figures(claims, days) if figure.key.metric.affected}
    both = [metric for metric in metrics
            if SIDES <= {line.claimant for line in compare(claims, metric.kind, metric.outcome, metric.what,
                                                           metric.affected, days=days, model=metric.model).lines}]
    assert both, "no metric that both Armenia and Azerbaijan claim a figure of"


def test_the_source_note_of_each_modelled_statement_makes_no_claim_and_no_allegation(demo: Ledger) -> None:
    documents = {document.file_name: document for document in demo.documents() if document.file_name in STATEMENTS}
    assert sorted(documents) == STATEMENTS
    spans = [(stored.file_name, stored.claim.span) for stored in demo.claims()] + \
            [(stored.file_name, stored.allegation.span) for stored in demo.allegations()]
    for name, document in documents.items():
        note = SOURCE_NOTE.search(document.text)
        assert note is not None and "SOURCES.md" in note.group(), name
        inside = [span for file_name, span in spans
                  if file_name == name and span[0] < note.end() and span[1] > note.start()]
        assert inside == [], (name, [document.text[start:end] for start, end in inside])


def test_sources_md_lists_every_modelled_statement_and_is_no_statement_itself(demo: Ledger) -> None:
    sources = (MODELLED / "SOURCES.md").read_text(encoding="utf-8")
    assert len(STATEMENTS) >= 10
    assert [name for name in STATEMENTS if f"`{name}`" not in sources] == []
    assert "SOURCES.md" not in {document.file_name for document in demo.documents()}
