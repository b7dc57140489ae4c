"""Exports of stored claims for other tools.

GeoJSON (RFC 7946) opens as is in QGIS, kepler.gl or geojson.io: one Point feature per claim
and resolved place, with flat properties (lists joined by "; ") because GIS attribute tables
have no list type. Claims whose places are unresolved cannot be mapped and are left out;
`geojson` says how many.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.ledger import StoredClaim

LIST_SEPARATOR = "; "


def strict_json(value: Any, **options: Any) -> str:
    """`value` as strict JSON (RFC 8259): never the NaN or Infinity that Python's json writes by default, which no
    other JSON reader accepts."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, **options)
    except ValueError as err:
        raise ClaimledgerError(f"a value JSON cannot hold ({err}); it was stored by an older claimledger: "
                               f"re-extract the ledger (`claimledger reextract --force --db ...`)") from None


@dataclass(frozen=True, slots=True)
class GeoJSONExport:
    collection: dict[str, Any]
    claims_mapped: int
    claims_without_coordinates: int


def geojson(stored: Iterable[StoredClaim]) -> GeoJSONExport:
    """A FeatureCollection of the claims' resolved places."""
    features = []
    mapped = unmapped = 0
    for item in stored:
        located = [loc for loc in item.claim.locations if loc.lat is not None and loc.lon is not None]
        if not located:
            unmapped += 1
            continue
        mapped += 1
        for location in located:
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
                "properties": {**_claim_properties(item), "place": location.text, "place_id": location.place_id,
                               "place_names": location.display, "place_kind": location.kind,
                               "geo_precision": location.precision},
            })
    return GeoJSONExport({"type": "FeatureCollection", "features": features}, mapped, unmapped)


def _claim_properties(item: StoredClaim) -> dict[str, Any]:
    record = item.claim.to_record()
    start, end = record.pop("span")
    record["what"] = LIST_SEPARATOR.join(record["what"])
    record["places"] = LIST_SEPARATOR.join(record["places"])
    return {"claim_id": item.id, "document_id": item.document_id, **record, "span_start": start, "span_end": end,
            "date_precision": item.claim.date_precision}
