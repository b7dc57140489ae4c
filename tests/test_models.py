"""The plain data passed between stages: what a claim may hold."""

from __future__ import annotations

from dataclasses import asdict, fields

import pytest

from claimledger.models import Claim, Location


def claim(places: list[str], place_spans: list[tuple[int, int]]) -> Claim:
    return Claim(doc="case.txt", span=(30, 41), quote="3 civilians", value=3, kind="casualties", outcome="killed",
                 places=places, place_spans=place_spans)


def test_a_claim_names_each_place_at_its_span_or_at_none_when_it_records_none() -> None:
    assert claim(["Tartar", "Barda"], [(0, 6), (11, 16)]).named_places() == [("Tartar", (0, 6)), ("Barda", (11, 16))]
    assert claim(["Tartar", "Barda"], []).named_places() == [("Tartar", None), ("Barda", None)]


def test_a_claim_with_spans_for_some_of_its_places_only_is_refused() -> None:
    with pytest.raises(ValueError, match="2 places"):
        claim(["Tartar", "Barda"], [(0, 6)])


@pytest.mark.parametrize("location", [
    Location("Stepanakert", "wof:421185577", "Khankendi / Stepanakert", "city", 39.816, 46.752, 1),
    Location("Lastochkyne"),
    Location("Shusha", display="Shushi / Shusha", precision=2),
], ids=["resolved", "unresolved", "partly"])
def test_a_locations_record_holds_every_field_of_it_by_name(location: Location) -> None:
    assert location.to_record() == asdict(location)
    assert list(location.to_record()) == [f.name for f in fields(Location)]
