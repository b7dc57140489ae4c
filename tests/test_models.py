"""The plain data passed between stages: what a claim may hold."""

from __future__ import annotations

import pytest

from claimledger.models import Claim


def claim(places: list[str], place_spans: list[tuple[int, int]]) -> Claim:
    return Claim(doc="case.txt", span=(30, 41), quote="3 civilians", value=3, kind="casualties", outcome="killed",
                 places=places, place_spans=place_spans)


def test_a_claim_names_each_place_at_its_span_or_at_none_when_it_records_none() -> None:
    assert claim(["Tartar", "Barda"], [(0, 6), (11, 16)]).named_places() == [("Tartar", (0, 6)), ("Barda", (11, 16))]
    assert claim(["Tartar", "Barda"], []).named_places() == [("Tartar", None), ("Barda", None)]


def test_a_claim_with_spans_for_some_of_its_places_only_is_refused() -> None:
    with pytest.raises(ValueError, match="2 places"):
        claim(["Tartar", "Barda"], [(0, 6)])
