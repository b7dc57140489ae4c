"""Plain data passed between pipeline stages: documents in, claims out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

KINDS = ("casualties", "damage", "displacement", "materiel", "territory", "force", "attacks")
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "almost", "up_to", "enumerated")
# An allegation asserts or denies; what conduct it is about (eval/SCHEMA.md).
STANCES = ("asserts", "denies")
ALLEGATION_SUBJECTS = ("ceasefire_violation", "attack_on_civilians", "prohibited_weapons", "foreign_fighters",
                       "foreign_military", "war_crime", "loss_claim", "other")
OUTCOMES: dict[str, tuple[str, ...]] = {
    "casualties": ("killed", "wounded", "killed_or_wounded", "missing", "captured"),
    "damage": ("destroyed", "damaged", "destroyed_or_damaged"),
    "displacement": ("displaced",),
    "materiel": ("destroyed", "disabled", "destroyed_or_disabled", "captured", "lost"),
    "territory": ("taken", "lost"),
    "force": ("strength", "deployed"),
    "attacks": ("strikes",),
}
# How a document's reference day was found (`ReferenceDay.source`, documents.reference_day_source).
PUBLISHED = "published"
LATEST_MENTIONED = "latest_mentioned"


@dataclass(frozen=True, slots=True)
class Document:
    """One statement as read from a file: its exact text and what is known of its origin."""

    name: str
    text: str
    content_hash: str
    media_type: str = "text/plain"
    title: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    language: str | None = None
    source_path: str | None = None


@dataclass(frozen=True, slots=True)
class ReferenceDay:
    """The day a document's undated figures stand at, and how it was found.

    A running total stated without a date stands as of its document's publication date (PUBLISHED), else as of
    the latest date the document mentions (LATEST_MENTIONED): a retrospective written after a war ended "on
    November 10" states its totals as of then at the earliest.
    """

    day: dt.date
    source: str  # PUBLISHED or LATEST_MENTIONED


@dataclass(frozen=True, slots=True)
class Location:
    """A place a claim names, as named in the text, and the gazetteer place it was resolved to.

    `precision` follows ACLED's geo-precision: 1 the settlement itself, 2 part of or near a
    named place, 3 only a district, region or country is known. Unresolved names keep
    `place_id` None: they are kept, not dropped.
    """

    text: str
    place_id: str | None = None
    display: str | None = None
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None

    def label(self) -> str:
        """Every side's name of the place once resolved ("Khankendi / Stepanakert"), else the name as written."""
        return self.display or self.text

    def to_record(self) -> dict[str, Any]:
        """The location's fields by name (as dataclasses.asdict gives them, without its deep copies: a page of the
        API writes hundreds)."""
        return {"text": self.text, "place_id": self.place_id, "display": self.display, "kind": self.kind,
                "lat": self.lat, "lon": self.lon, "precision": self.precision}


@dataclass(slots=True)
class Claim:
    """One quantitative claim, in the fields of the claims interchange format (eval/SCHEMA.md).

    `value` is None for vague amounts ("hundreds of"): they are kept in the ledger but carry
    no figure. `span` is a half-open character range into the document text.

    `place_spans` says where the text names each of `places`, parallel to it: place_spans[i] is the
    half-open range of the occurrence of places[i] the extractor read, which may lie outside `span`
    (a place taken from the list's lead, an earlier sentence, the story's headline). It covers the
    name as written: "northern Gaza Strip" whole, "SUDAN" for the place named Sudan. Geocoding reads
    the words around it there ("the city of X", "X district"). It is empty for a claim built without
    offsets (by hand, or stored before the ledger kept them); geocoding then looks for each name near
    the claim instead. Either empty or one span per place.
    """

    doc: str
    span: tuple[int, int]
    quote: str
    value: int | float | None
    kind: str
    outcome: str
    qualifier: str = "exact"
    unit: str = "count"
    what: list[str] = field(default_factory=list)
    affected: str | None = None
    actor: str | None = None
    claimant: str | None = None
    speaker: str | None = None
    date: str | None = None
    cumulative: bool | None = None
    places: list[str] = field(default_factory=list)
    extractor_version: str = ""
    # How precisely `date` is known: "day", "range" (of days) or "month".
    date_precision: str | None = None
    locations: list[Location] = field(default_factory=list)
    # The weapon model the quote names ("S-300", "T-72"): "S-300 Air Defence System – 1" is its own series,
    # not a revision of "Air Defence Systems – 60". Not in the interchange format.
    model: str | None = None
    # Where each of `places` is named (see above). Not in the interchange format, which has no field for it.
    place_spans: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.place_spans and len(self.place_spans) != len(self.places):
            raise ValueError(f"{len(self.place_spans)} place spans for {len(self.places)} places: either none or one "
                             f"per place")

    def named_places(self) -> list[tuple[str, tuple[int, int] | None]]:
        """Each of `places` with the span of the text that names it, or None when the claim records no spans."""
        if not self.place_spans:
            return [(name, None) for name in self.places]
        return list(zip(self.places, self.place_spans))

    def place_labels(self) -> str:
        """The claim's places for display: each with both sides' names where it was resolved."""
        return ", ".join(loc.label() for loc in self.locations) if self.locations else ", ".join(self.places)

    def to_record(self) -> dict[str, Any]:
        """The claim as one line of the interchange format."""
        return {
            "doc": self.doc,
            "span": [self.span[0], self.span[1]],
            "quote": self.quote,
            "value": self.value,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "kind": self.kind,
            "outcome": self.outcome,
            "what": list(self.what),
            "affected": self.affected,
            "actor": self.actor,
            "claimant": self.claimant,
            "speaker": self.speaker,
            "date": self.date,
            "cumulative": self.cumulative,
            "places": list(self.places),
        }


@dataclass(slots=True)
class Allegation:
    """One assertion or denial of an act of conduct (eval/SCHEMA.md, "kind": "allegation"): who says that whom
    did what, or that it is false.

    `actor` is who allegedly did it, whatever the stance: Turkey for a denied "Turkish F-16s take part". `span`
    covers the words that state the proposition or its denial; `date` is the day the conduct happened, where the
    text gives one.
    """

    doc: str
    span: tuple[int, int]
    quote: str
    stance: str  # one of STANCES
    subject: str  # one of ALLEGATION_SUBJECTS
    actor: str | None = None
    claimant: str | None = None
    speaker: str | None = None
    date: str | None = None
    places: list[str] = field(default_factory=list)
    extractor_version: str = ""
    # A denial's: the spans of the quantitative claims of its document it calls false (claims stored with their
    # original claimant). Not in the interchange format.
    disputes: list[tuple[int, int]] = field(default_factory=list)

    kind = "allegation"

    def to_record(self) -> dict[str, Any]:
        """The allegation as one line of the interchange format."""
        return {
            "doc": self.doc,
            "span": [self.span[0], self.span[1]],
            "quote": self.quote,
            "kind": self.kind,
            "stance": self.stance,
            "subject": self.subject,
            "actor": self.actor,
            "claimant": self.claimant,
            "speaker": self.speaker,
            "date": self.date,
            "places": list(self.places),
        }
