"""Exports of stored claims for other tools.

GeoJSON (RFC 7946) opens as is in QGIS, kepler.gl or geojson.io: one Point feature per claim
and resolved place, with flat properties (lists joined by "; ") because GIS attribute tables
have no list type. Claims whose places are unresolved cannot be mapped and are left out;
`geojson` says how many.

The table export (`claim_rows`, written as CSV or Parquet) has one row per claim in columns like
ACLED's: when (the event's day and the statement's), who (claimant, speaker, actor, affected), what
(kind, outcome, value), where (country, admin1, admin2, location with both sides' names, latitude,
longitude, geo precision of the claim's first resolved place, and every place named), and the
evidence (source, file, quote and the sentence it stands in). A claim with no located place is a
row too, with empty coordinates.
"""

from __future__ import annotations

import csv
import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from claimledger.errors import ClaimledgerError
from claimledger.extract.segment import segment
from claimledger.gazetteer import Gazetteer, GazetteerPlace
from claimledger.ledger import (AuditEntry, Ledger, StoredClaim, StoredDocument, StoredReview, StoredSource,
                                date_bounds)
from claimledger.models import Claim, Location

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


# The table export's columns, in order (see the module's docstring).
CLAIM_COLUMNS = ("claim_id", "document_id", "event_date", "event_date_end", "time_precision", "publication_date",
                 "claimant", "speaker", "actor", "affected", "kind", "outcome", "what", "value", "qualifier", "unit",
                 "cumulative", "country", "admin1", "admin2", "location", "location_names", "latitude", "longitude",
                 "geo_precision", "places", "source", "source_title", "source_file", "source_url", "quote",
                 "quote_sentence", "span_start", "span_end", "origin", "extractor_version")
# The admin levels a place's ancestors are read as: the country, then the region (admin1), then the district.
_ADMIN_KINDS = {"country": "country", "region": "admin1", "district": "admin2"}


@dataclass(frozen=True, slots=True)
class ClaimSources:
    """What the table export reads beside the claims: their documents, where each was read from, and the gazetteer
    their places were resolved in."""

    documents: Mapping[int, StoredDocument]
    sources: Mapping[int, list[StoredSource]]
    gazetteer: Gazetteer


def claim_sources(ledger: Ledger, stored: Iterable[StoredClaim], gazetteer: Gazetteer) -> ClaimSources:
    """The documents and sources of the claims `stored`, read from `ledger`, for claim_rows."""
    ids = sorted({item.document_id for item in stored})
    documents = {document_id: ledger.document(document_id) for document_id in ids}
    return ClaimSources({i: d for i, d in documents.items() if d is not None},
                        {document_id: ledger.sources(document_id) for document_id in ids}, gazetteer)


def claim_rows(stored: Iterable[StoredClaim], context: ClaimSources) -> Iterator[dict[str, Any]]:
    """One row of CLAIM_COLUMNS per claim, in the order given."""
    sentences: dict[int, tuple[list[int], list[int]]] = {}  # per document: where its segments start and end
    for item in stored:
        claim, document = item.claim, context.documents[item.document_id]
        if item.document_id not in sentences:
            sentences[item.document_id] = _segment_bounds(document.text)
        first_day, last_day = date_bounds(claim.date) if claim.date else (None, None)
        located = next((loc for loc in claim.locations if loc.lat is not None and loc.lon is not None), None)
        areas = _admin_areas(located, context.gazetteer)
        paths = context.sources.get(item.document_id, [])
        yield {
            "claim_id": item.id, "document_id": item.document_id,
            "event_date": first_day.isoformat() if first_day else None,
            "event_date_end": last_day.isoformat() if last_day else None,
            "time_precision": claim.date_precision,
            "publication_date": document.published.isoformat() if document.published else None,
            "claimant": claim.claimant, "speaker": claim.speaker, "actor": claim.actor, "affected": claim.affected,
            "kind": claim.kind, "outcome": claim.outcome, "what": LIST_SEPARATOR.join(claim.what),
            "value": claim.value, "qualifier": claim.qualifier, "unit": claim.unit, "cumulative": claim.cumulative,
            **areas,
            "location": located.text if located else None,
            "location_names": located.label() if located else None,
            "latitude": located.lat if located else None, "longitude": located.lon if located else None,
            "geo_precision": located.precision if located else None,
            "places": LIST_SEPARATOR.join(loc.label() for loc in claim.locations) if claim.locations
            else LIST_SEPARATOR.join(claim.places),
            "source": document.publisher, "source_title": document.title, "source_file": document.file_name,
            "source_url": _source_url(paths),
            "quote": claim.quote,
            "quote_sentence": _sentence(document.text, claim.span, sentences[item.document_id]),
            "span_start": claim.span[0], "span_end": claim.span[1], "origin": item.origin,
            "extractor_version": claim.extractor_version,
        }


def _admin_areas(located: Location | None, gazetteer: Gazetteer) -> dict[str, str | None]:
    """The country, region and district of a resolved place (the place itself where it is one of them)."""
    areas: dict[str, str | None] = {"country": None, "admin1": None, "admin2": None}
    place = gazetteer.get(located.place_id) if located is not None and located.place_id else None
    if place is None:
        return areas
    chain: list[GazetteerPlace] = [place, *gazetteer.ancestors(place)]
    for each in chain:
        column = _ADMIN_KINDS.get(each.kind)
        if column is not None and areas[column] is None:
            areas[column] = each.display()
    return areas


def _sentence(text: str, span: tuple[int, int], sentences: tuple[list[int], list[int]]) -> str:
    start, end = _sentence_bounds(span, sentences)
    return text[start:end].strip()


def sentence_bounds(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the sentence (segment, as extraction cuts the text) a quote starts in begins and ends, to the quote's
    end where it runs past it; the quote's own span where it stands in none."""
    return _sentence_bounds(span, _segment_bounds(text))


def _segment_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where the segments of a text (its sentences, as extraction cuts it) start and end, for bisection."""
    segments = segment(text)
    return [seg.start for seg in segments], [seg.end for seg in segments]


def _source_url(paths: Sequence[StoredSource]) -> str | None:
    """The address of the file a document was first read from (file://), where its path is known whole."""
    return Path(paths[0].path).as_uri() if paths and Path(paths[0].path).is_absolute() else None


def _sentence_bounds(span: tuple[int, int], sentences: tuple[list[int], list[int]]) -> tuple[int, int]:
    starts, ends = sentences
    at = bisect_right(starts, span[0]) - 1
    if at < 0 or span[0] >= ends[at]:
        return span
    return starts[at], max(ends[at], span[1])


def write_csv(stream: TextIO, rows: Iterable[dict[str, Any]], columns: Sequence[str] = CLAIM_COLUMNS) -> int:
    """The rows as CSV (RFC 4180) with a header of `columns`; None an empty cell, booleans true/false. The number of
    rows."""
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(["" if row[c] is None else ("true" if row[c] else "false") if isinstance(row[c], bool)
                         else row[c] for c in columns])
        count += 1
    return count


# The audit trail's columns: one change a row, its values before and after as JSON.
AUDIT_COLUMNS = ("id", "at", "user", "action", "document_id", "span_start", "span_end", "claim_id", "field", "before",
                 "after", "note")


def audit_rows(entries: Iterable[AuditEntry]) -> Iterator[dict[str, Any]]:
    """One row of AUDIT_COLUMNS per change, in the order given."""
    for entry in entries:
        record = entry.to_record()
        start, end = record.pop("span")
        yield {**record, "span_start": start, "span_end": end, "before": strict_json(entry.before),
               "after": strict_json(entry.after)}


def write_parquet(target: Path | BinaryIO, rows: Iterable[dict[str, Any]]) -> int:
    """The rows as a Parquet file of typed columns (pyarrow), at a path or into a binary stream. The number of rows."""
    import pyarrow as pa  # imported here: only this export needs it
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(list(rows), schema=_parquet_schema(pa))
    pq.write_table(table, target)
    return table.num_rows


def _parquet_schema(pa: Any) -> Any:
    typed = {"claim_id": pa.int64(), "document_id": pa.int64(), "value": pa.float64(), "cumulative": pa.bool_(),
             "latitude": pa.float64(), "longitude": pa.float64(), "geo_precision": pa.int8(),
             "span_start": pa.int64(), "span_end": pa.int64()}
    return pa.schema([(column, typed.get(column, pa.string())) for column in CLAIM_COLUMNS])


# The columns of `extract --to-parquet`: the claims interchange format's fields (SCHEMA.md), the span as two
# columns, and the path the claim's file was read from.
CLAIM_PARQUET_COLUMNS = ("path", "doc", "span_start", "span_end", "quote", "value", "qualifier", "unit", "kind",
                         "outcome", "what", "affected", "actor", "claimant", "speaker", "date", "cumulative", "places")


def write_claims_parquet(target: Path, claims: Iterable[tuple[str, Claim]]) -> int:
    """Extracted claims, each with the path of its file, as a Parquet file of CLAIM_PARQUET_COLUMNS (lists as lists
    of strings). The number of rows."""
    import pyarrow as pa  # imported here: only this export needs it
    import pyarrow.parquet as pq

    rows = []
    for path, claim in claims:
        record = claim.to_record()
        start, end = record.pop("span")
        rows.append({"path": path, **record, "span_start": start, "span_end": end})
    typed = {"span_start": pa.int64(), "span_end": pa.int64(), "value": pa.float64(), "cumulative": pa.bool_(),
             "what": pa.list_(pa.string()), "places": pa.list_(pa.string())}
    schema = pa.schema([(column, typed.get(column, pa.string())) for column in CLAIM_PARQUET_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, target)
    return table.num_rows


# A review status as a schema.org Rating: from refuted (1) to corroborated (5), its word as alternateName.
CLAIMREVIEW_RATINGS = {"refuted": 1, "disputed": 3, "corroborated": 5}


def claim_reviews(stored: Iterable[StoredClaim], reviews: Mapping[int, Sequence[StoredReview]],
                  context: ClaimSources, *, site: str, publisher: str) -> list[dict[str, Any]]:
    """schema.org ClaimReview (JSON-LD) of each reviewed claim: the claim as its claimant made it, where it appeared,
    and the latest review's verdict, note, reviewer and day; `site` is the web app's address, where each claim has
    its page (/claims/N), and `publisher` the organisation that publishes the reviews. A claim no one has
    reviewed, or whose latest status is unreviewed again, has none."""
    found = []
    sentences: dict[int, tuple[list[int], list[int]]] = {}
    for item in stored:
        latest = list(reviews.get(item.id, []))[-1:]
        if not latest or latest[0].status not in CLAIMREVIEW_RATINGS:
            continue
        review, claim, document = latest[0], item.claim, context.documents[item.document_id]
        if item.document_id not in sentences:
            sentences[item.document_id] = _segment_bounds(document.text)
        paths = context.sources.get(item.document_id, [])
        appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": document.title or document.file_name}
        if (url := _source_url(paths)) is not None:
            appearance["url"] = url
        if document.published:
            appearance["datePublished"] = document.published.isoformat()
        author: dict[str, Any] = {"@type": "Organization", "name": claim.claimant or "unattributed"}
        if claim.speaker:
            author = {"@type": "Person", "name": claim.speaker, "affiliation": author}
        found.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{site.rstrip('/')}/claims/{item.id}",
            "claimReviewed": _sentence(document.text, claim.span, sentences[item.document_id]),
            "datePublished": review.created_at.date().isoformat(),
            "author": {"@type": "Organization", "name": publisher,
                       **({"employee": {"@type": "Person", "name": review.user_name}} if review.user_name else {})},
            "reviewRating": {"@type": "Rating", "ratingValue": CLAIMREVIEW_RATINGS[review.status], "bestRating": 5,
                             "worstRating": 1, "alternateName": review.status,
                             **({"ratingExplanation": review.note} if review.note else {})},
            "itemReviewed": {"@type": "Claim", "author": author, "appearance": appearance,
                             **({"datePublished": document.published.isoformat()} if document.published else {})},
            **({"citation": list(review.evidence)} if review.evidence else {}),
        })
    return found


@dataclass(frozen=True, slots=True)
class MappedPlace:
    """A resolved place of the claims, for a map: where it is, every side's name of it, the finest precision of the
    claims located there (ACLED's: 1 the settlement, 2 near it, 3 only its district or region), and how many claims
    of each kind name it."""

    place_id: str
    names: str
    text: str  # one of its names as a claim writes it (what `claimledger claims --place` takes)
    lat: float
    lon: float
    precision: int | None
    claims: int
    by_kind: dict[str, int]


def ledger_map(ledger: Ledger) -> tuple[list[MappedPlace], int, int]:
    """The places the ledger's claims were located at, most claims first (counted by the ledger without reading the
    claims: Ledger.located_places), the number of claims located at one or more, and of those located at none (they
    are in every other view, but cannot be drawn)."""
    found, located, unlocated = ledger.located_places()
    places = [MappedPlace(place.place_id, place.display or place.text, place.text, place.lat, place.lon,
                          place.precision, sum(place.by_kind.values()), place.by_kind) for place in found]
    return sorted(places, key=lambda p: (-p.claims, p.names)), located, unlocated
