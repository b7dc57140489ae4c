"""Figures over time, their contradictions, and how they compare with each other and with independent counts.

Plain functions over the claims a ledger hands out (`StoredClaim`) and reference figures
(`ReferenceCount`); nothing here reads the database, nor any text: what the rules need of the text (a
claim's weapon model, a document's reference day) was recorded when it was extracted.

Series ("figures"). Claims with a value are grouped by (claimant, kind, outcome, what, affected, unit,
the weapon model the quote names: "S-300 Air Defence System – 1" is not a revision of "Air Defence
Systems – 60" stated in the same list; `Claim.model`), plus the place when a claim is place-specific: exactly one place and not a running total ("1 civilian
killed in Tartar" is its own series; "31 civilians killed in Ganja, Barda and Tartar in all" is not).
Points are ordered by the day they refer to, the end of a date range. A figure the text gives no date
takes, in this order, the publication date of its document (a running total stated on a day stands as
of that day) or the latest date its document mentions (a retrospective report written after the war
ended "on November 10" states its totals as of then at the earliest): the document's reference day,
found when it was stored (`claimledger.extract.reference_day`). `FigurePoint.day_basis` says
which, and every reason that cites such a point says so. Points with none of these stay undated, after
the dated ones in ledger order, and no date-dependent check uses them.

Anomalies (`anomalies`), each with the claims involved and the reason in plain words:
- running total down: a running total lower than the one stated on an earlier day of the same series;
- pace jump: between two consecutive days of a running total, a daily increase more than
  PACE_FACTOR (5) times the median daily increase of the series' *other* intervals, and at least
  PACE_MIN_INCREASE (10) in absolute terms; needs PACE_MIN_OTHER_INTERVALS (2) other intervals, so that a
  two-interval series is not judged against itself. Decreases count as a zero increase in the median.
- same day, two values: two running totals of one series stated for the same date with different values
  (two event counts on one day are two events, not a contradiction; days taken from the document, not
  the text, are not compared);
- part above total: a part (children, women: PARTS) above its whole (civilians) for the same claimant,
  kind, outcome, affected side, unit, place and running-total flag, stated in the same document or for
  the same date ("101 civilians, including 12 children" is fine; "12 civilians ... 20 children" is not);
- event above total: a single-event count (cumulative False) larger than the running total of the same
  claimant and metric for the same day.

Ranges (`compare`), in the manner of UCDP GED's low / best / high, per metric and per day on which any
claimant or reference states the metric, each party's latest running total on or before that day:
- low = the lowest of all figures, claims and independent references alike (a confirmed count is a floor
  for losses, but a claimant may admit fewer: the lowest stated figure is the honest low);
- high = the highest of all figures (an independent count can exceed every claim);
- best = the independent reference where one exists (the median of the sources' latest figures if there
  are several), else the affected side's own figure for its own losses, else the median of the claims.

Claimed / confirmed (`ratios`): for each reference figure and each claimant, the claimant's latest running
total of the same metric on or before the reference's day, divided by the reference. References of 0 give
no ratio. Reporting bias (`reporting_bias`, in the spirit of Radford et al., PNAS Nexus 2023, who found each
side overstates the other's losses): per claimant, one ratio per metric (at the latest reference day with
a claim; the median over sources that day), then the median of those ratios for the claimant's own losses
(affected is the claimant) and for the other side's. Only count claims (unit "count") are compared.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from claimledger import models
from claimledger.errors import ReferenceFileError, ReferenceRowError
from claimledger.ledger import Ledger, ReferenceCount, StoredClaim, StoredDocument, date_bounds
from claimledger.models import KINDS, OUTCOMES, ReferenceDay

PACE_FACTOR = 5.0
PACE_MIN_INCREASE = 10
PACE_MIN_OTHER_INTERVALS = 2
# A part and the whole it belongs to, for the part-above-total check.
PARTS = {"children": "civilians", "women": "civilians"}
REFERENCE_COLUMNS = ("source", "kind", "outcome", "what", "affected", "date", "value", "url", "note")
# `what` in a reference CSV lists several things separated by this ("tank;armored_vehicle").
REFERENCE_WHAT_SEPARATOR = ";"

RUNNING_TOTAL_DOWN = "running_total_down"
PACE_JUMP = "pace_jump"
SAME_DAY_TWO_VALUES = "same_day_two_values"
PART_ABOVE_TOTAL = "part_above_total"
EVENT_ABOVE_TOTAL = "event_above_total"

# Where a point's day comes from (`FigurePoint.day_basis`).
STATED = "stated"
PUBLISHED = "document published"
LATEST_MENTIONED = "latest date in document"
# The basis of a point placed at its document's reference day, by how that day was found (`ReferenceDay.source`).
_DAY_BASIS = {models.PUBLISHED: PUBLISHED, models.LATEST_MENTIONED: LATEST_MENTIONED}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Metric:
    """What is counted, whoever claims it: e.g. materiel lost tanks of Armenia."""

    kind: str
    outcome: str
    what: tuple[str, ...]
    affected: str | None
    unit: str = "count"
    model: str | None = None  # "S-300", "T-72": a weapon model named with the figure

    def label(self) -> str:
        what = f" {', '.join(self.what)}" if self.what else ""
        what += f" {self.model}" if self.model else ""
        unit = "" if self.unit == "count" else f" [{self.unit}]"
        affected = f" ({self.affected})" if self.affected else ""
        return f"{self.kind} {self.outcome.replace('_', ' ')}{what}{unit}{affected}"


@dataclass(frozen=True, slots=True)
class SeriesKey:
    claimant: str | None
    metric: Metric
    place: str | None  # a gazetteer id or the place as written, for place-specific series; else None


@dataclass(frozen=True, slots=True)
class FigurePoint:
    claim_id: int
    value: int | float
    qualifier: str
    date: str | None  # as the claim states it
    day: dt.date | None  # where the point stands on a timeline: the end of `date`, else the document's day
    day_basis: str | None  # STATED, PUBLISHED or LATEST_MENTIONED; None when undated
    cumulative: bool | None
    quote: str
    file_name: str
    document_id: int


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    key: SeriesKey
    label: str
    points: tuple[FigurePoint, ...]


@dataclass(frozen=True, slots=True)
class Anomaly:
    type: str
    reason: str
    claim_ids: tuple[int, ...]
    figure_id: str | None = None


@dataclass(frozen=True, slots=True)
class Range:
    day: dt.date
    low: float
    best: float
    high: float
    best_from: str  # "reference: Oryx", "own figure: Armenia" or "median of claims"
    figures: tuple[tuple[str, float], ...]  # (claimant or "reference: source", figure) that day


@dataclass(frozen=True, slots=True)
class ComparisonLine:
    claimant: str | None
    figure_id: str
    points: tuple[FigurePoint, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    metric: Metric
    lines: tuple[ComparisonLine, ...]
    references: tuple[ReferenceCount, ...]
    ranges: tuple[Range, ...]


@dataclass(frozen=True, slots=True)
class ClaimRatio:
    claimant: str | None
    metric: Metric
    reference: ReferenceCount
    claim_id: int
    claimed: float
    claimed_date: str
    ratio: float


@dataclass(frozen=True, slots=True)
class ReportingBias:
    claimant: str | None
    own_losses_ratio: float | None  # median claimed / confirmed over the metrics of the claimant's own losses
    own_losses_metrics: int
    other_losses_ratio: float | None
    other_losses_metrics: int


# --------------------------------------------------------------------------- series


def _metric(stored: StoredClaim) -> Metric:
    claim = stored.claim
    return Metric(claim.kind, claim.outcome, tuple(sorted(claim.what)), claim.affected, claim.unit, claim.model)


def _place(stored: StoredClaim) -> tuple[str, str] | None:
    """(key, label) of the one place of a place-specific claim, None for a claim that is not."""
    claim = stored.claim
    if len(claim.places) != 1 or claim.cumulative is True:
        return None
    location = claim.locations[0] if claim.locations else None
    if location is not None and location.place_id:
        return location.place_id, location.label()
    return claim.places[0].casefold(), claim.places[0]


def _series_key(stored: StoredClaim) -> SeriesKey:
    place = _place(stored)
    return SeriesKey(stored.claim.claimant, _metric(stored), place[0] if place else None)


DocumentDays = dict[int, tuple[dt.date, str]]


def document_days(documents: Iterable[StoredDocument]) -> DocumentDays:
    """For each document, the day its undated figures stand at and why (PUBLISHED or LATEST_MENTIONED).

    Read from the reference day stored with each document (how it is found: `claimledger.extract.reference_day`);
    documents without one are left out, and their undated figures stay undated.
    """
    return document_days_from({document.id: document.reference_day for document in documents
                               if document.reference_day is not None})


def document_days_from(days: Mapping[int, ReferenceDay]) -> DocumentDays:
    """`document_days` of the reference days by document id that `Ledger.reference_days` reads without the texts."""
    return {document_id: (day.day, _DAY_BASIS[day.source]) for document_id, day in days.items()}


def _point(stored: StoredClaim, days: DocumentDays) -> FigurePoint:
    claim = stored.claim
    assert claim.value is not None
    day, basis = (date_bounds(claim.date)[1], STATED) if claim.date else days.get(stored.document_id, (None, None))
    return FigurePoint(claim_id=stored.id, value=claim.value, qualifier=claim.qualifier, date=claim.date,
                       day=day, day_basis=basis, cumulative=claim.cumulative,
                       quote=claim.quote, file_name=stored.file_name, document_id=stored.document_id)


def figure_id(key: SeriesKey) -> str:
    """A short id that stays the same for the same series across runs and ledgers."""
    parts = [key.claimant, key.metric.kind, key.metric.outcome, key.metric.what, key.metric.affected,
             key.metric.unit, key.place]
    if key.metric.model:
        parts.append(key.metric.model)
    text = json.dumps(parts, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _by_day(point: FigurePoint) -> tuple[bool, dt.date, int]:
    # Undated last; ties in ledger order.
    return point.day is None, point.day or dt.date.min, point.claim_id


def figures(claims: Iterable[StoredClaim], days: DocumentDays | None = None) -> list[Figure]:
    """Every series of the claims that carry a value, points ordered by day (undated last), by label.

    `days` (from `document_days`) places figures the text does not date; without it they stay undated.
    """
    grouped: dict[SeriesKey, list[StoredClaim]] = defaultdict(list)
    for stored in claims:
        if stored.claim.value is not None:
            grouped[_series_key(stored)].append(stored)
    result = []
    for key, members in grouped.items():
        place = _place(members[0])
        label = f"{key.claimant or '(unattributed)'}: {key.metric.label()}" + (f" in {place[1]}" if place else "")
        points = tuple(sorted((_point(stored, days or {}) for stored in members), key=_by_day))
        result.append(Figure(id=figure_id(key), key=key, label=label, points=points))
    return sorted(result, key=lambda figure: (figure.label, figure.id))


def find_figure(claims: Iterable[StoredClaim], wanted_id: str, days: DocumentDays | None = None) -> Figure | None:
    return next((figure for figure in figures(claims, days) if figure.id == wanted_id), None)


@dataclass(frozen=True, slots=True)
class ClaimFigures:
    """A claim's own series (its figure's history: the same claimant's points of the same metric), and the other
    claimants' series of that metric, side by side."""

    own: Figure | None
    others: tuple[Figure, ...]


def claims_of_metric(ledger: Ledger, stored: StoredClaim) -> list[StoredClaim]:
    """The claims `figures_of_claim` reads for `stored`: those of its kind, outcome and affected side (and of its
    place, when it is of one), read by the ledger's indexes, not the whole ledger. A name beyond ASCII is not
    filtered by: the ledger compares names in ASCII's cases, the series by casefold()."""
    claim = stored.claim
    place = _place(stored)
    location = claim.locations[0] if place and claim.locations else None
    chosen: dict[str, Any] = _affected_filter(claim.affected)
    if place is not None and location is not None and location.place_id:
        chosen["place_ids"] = (location.place_id,)
    elif place is not None and claim.places[0].isascii():
        chosen["place"] = claim.places[0]
    return ledger.claims(kind=claim.kind, outcome=claim.outcome, **chosen)


def claims_compared(ledger: Ledger, kind: str, outcome: str, affected: str) -> list[StoredClaim]:
    """The claims `compare` reads for a metric: those of its kind, outcome and affected side, read by the ledger's
    indexes, not the whole ledger (as claims_of_metric)."""
    return ledger.claims(kind=kind, outcome=outcome, **_affected_filter(affected))


def days_of_claims(ledger: Ledger, claims: Iterable[StoredClaim]) -> DocumentDays:
    """document_days of the claims' documents only, read without their texts (for claims_of_metric's and
    claims_compared's claims)."""
    return document_days_from(ledger.reference_days(sorted({stored.document_id for stored in claims})))


def _affected_filter(affected: str | None) -> dict[str, Any]:
    # A name beyond ASCII is not filtered by: the ledger compares names in ASCII's cases, the series by casefold().
    return {"affected": affected} if affected is not None and affected.isascii() else {}


def figures_of_claim(claims: Iterable[StoredClaim], claim_id: int, days: DocumentDays | None = None) -> ClaimFigures:
    """The series of the claim `claim_id` among `claims` and the other claimants' series of its metric (of the same
    place, or of none when it names none): what a claim's page shows beside it."""
    every = figures(claims, days)
    own = next((figure for figure in every if any(p.claim_id == claim_id for p in figure.points)), None)
    if own is None:
        return ClaimFigures(None, ())
    others = tuple(figure for figure in every if figure.id != own.id and figure.key.place == own.key.place
                   and not _same_party(figure.key.claimant, own.key.claimant)
                   and metric_key(figure.key.metric) == metric_key(own.key.metric))
    return ClaimFigures(own, others)


# --------------------------------------------------------------------------- anomalies


def _running_totals(figure: Figure) -> list[FigurePoint]:
    return [point for point in figure.points if point.cumulative is True and point.day is not None]


def _describe(point: FigurePoint) -> str:
    if point.day_basis == STATED:
        when = f"on {point.date}"
    else:
        when = f"undated, placed at {point.day} ({point.day_basis})"
    return f"{point.value:,} {when} (claim {point.claim_id}, {point.file_name})"


def _running_total_down(figure: Figure) -> Iterator[Anomaly]:
    totals = _running_totals(figure)
    for earlier_day_point, point in _pairs_across_days(totals):
        if point.value < earlier_day_point.value:
            yield Anomaly(RUNNING_TOTAL_DOWN,
                          f"{figure.label}: the running total goes down from {_describe(earlier_day_point)} "
                          f"to {_describe(point)}",
                          (earlier_day_point.claim_id, point.claim_id), figure.id)


def _pairs_across_days(totals: list[FigurePoint]) -> Iterator[tuple[FigurePoint, FigurePoint]]:
    """Each point with the highest point of the latest earlier day (same-day points are not compared here)."""
    previous_day: list[FigurePoint] = []
    current_day: list[FigurePoint] = []
    for point in totals:
        if current_day and point.day != current_day[0].day:
            previous_day, current_day = current_day, []
        current_day.append(point)
        if previous_day:
            yield max(previous_day, key=lambda p: p.value), point


def _pace_jumps(figure: Figure) -> Iterator[Anomaly]:
    # One value a day: the highest, so that a same-day contradiction does not make two intervals.
    daily: dict[dt.date, FigurePoint] = {}
    for point in _running_totals(figure):
        assert point.day is not None
        if point.day not in daily or point.value > daily[point.day].value:
            daily[point.day] = point
    days = sorted(daily.values(), key=_by_day)
    intervals = [(a, b, max(b.value - a.value, 0) / (b.day - a.day).days)  # type: ignore[operator]
                 for a, b in zip(days, days[1:])]
    for index, (start, end, rate) in enumerate(intervals):
        others = [other_rate for i, (_, _, other_rate) in enumerate(intervals) if i != index]
        if len(others) < PACE_MIN_OTHER_INTERVALS:
            continue
        pace = median(others)
        if end.value - start.value >= PACE_MIN_INCREASE and rate > PACE_FACTOR * pace:
            yield Anomaly(PACE_JUMP,
                          f"{figure.label}: from {_describe(start)} to {_describe(end)} is {rate:,.1f} a day, more "
                          f"than {PACE_FACTOR:g} times the series' usual {pace:,.1f} a day",
                          (start.claim_id, end.claim_id), figure.id)


def _same_day_two_values(figure: Figure) -> Iterator[Anomaly]:
    by_date: dict[str, list[FigurePoint]] = defaultdict(list)
    for point in _running_totals(figure):
        if point.date is not None:
            by_date[point.date].append(point)
    for date, points in by_date.items():
        values = sorted({point.value for point in points})
        if len(values) > 1:
            stated = ", ".join(f"{point.value:,} (claim {point.claim_id}, {point.file_name})" for point in points)
            yield Anomaly(SAME_DAY_TWO_VALUES, f"{figure.label}: two different running totals for {date}: {stated}",
                          tuple(point.claim_id for point in points), figure.id)


def _same_occasion(a: StoredClaim, b: StoredClaim) -> bool:
    """Stated in the same document, or for the same date."""
    return a.document_id == b.document_id or (a.claim.date is not None and a.claim.date == b.claim.date)


def _parts_above_total(claims: Sequence[StoredClaim]) -> Iterator[Anomaly]:
    def context(stored: StoredClaim) -> tuple[object, ...]:
        claim = stored.claim
        place = _place(stored)
        return (claim.claimant, claim.kind, claim.outcome, claim.affected, claim.unit, claim.cumulative,
                place[0] if place else None)

    wholes: dict[tuple[object, ...], list[StoredClaim]] = defaultdict(list)
    for stored in claims:
        if len(stored.claim.what) == 1 and stored.claim.what[0] in PARTS.values():
            wholes[(stored.claim.what[0], *context(stored))].append(stored)
    for part in claims:
        if len(part.claim.what) != 1 or part.claim.what[0] not in PARTS:
            continue
        whole_name = PARTS[part.claim.what[0]]
        for whole in wholes.get((whole_name, *context(part)), []):
            assert part.claim.value is not None and whole.claim.value is not None
            if _same_occasion(part, whole) and part.claim.value > whole.claim.value:
                yield Anomaly(PART_ABOVE_TOTAL,
                              f"{part.claim.claimant or '(unattributed)'}: {part.claim.value:,} "
                              f"{part.claim.what[0]} {part.claim.outcome} (claim {part.id}, {part.file_name}) is more "
                              f"than the {whole.claim.value:,} {whole_name} they are part of (claim {whole.id}, "
                              f"{whole.file_name})", (part.id, whole.id))


def _events_above_total(all_figures: Sequence[Figure]) -> Iterator[Anomaly]:
    totals: dict[tuple[str | None, Metric, dt.date], list[FigurePoint]] = defaultdict(list)
    for figure in all_figures:
        for point in _running_totals(figure):
            assert point.day is not None
            totals[(figure.key.claimant, figure.key.metric, point.day)].append(point)
    for figure in all_figures:
        for event in figure.points:
            if event.cumulative is not False or event.day_basis != STATED:
                continue  # an event the text does not date happened some time before its document's day
            for total in totals.get((figure.key.claimant, figure.key.metric, event.day), []):
                if event.value > total.value:
                    yield Anomaly(EVENT_ABOVE_TOTAL,
                                  f"{figure.label}: a single event of {_describe(event)} is more than the running "
                                  f"total of {_describe(total)}", (event.claim_id, total.claim_id), figure.id)


def anomalies(claims: Iterable[StoredClaim], days: DocumentDays | None = None) -> list[Anomaly]:
    """Every contradiction the rules of the module docstring find, by type then claims."""
    with_value = [stored for stored in claims if stored.claim.value is not None]
    all_figures = figures(with_value, days)
    found: list[Anomaly] = []
    for figure in all_figures:
        found.extend(_running_total_down(figure))
        found.extend(_pace_jumps(figure))
        found.extend(_same_day_two_values(figure))
    found.extend(_parts_above_total(with_value))
    found.extend(_events_above_total(all_figures))
    return sorted(found, key=lambda anomaly: (anomaly.type, anomaly.claim_ids))


# --------------------------------------------------------------------------- comparing claimants and references


def _same_party(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def reference_metric(reference: ReferenceCount) -> Metric:
    return Metric(reference.kind, reference.outcome, tuple(sorted(reference.what)), reference.affected)


def metric_key(metric: Metric) -> tuple[object, ...]:
    """A metric as comparisons match it: the affected side in any case."""
    return (metric.kind, metric.outcome, metric.what, (metric.affected or "").casefold(), metric.unit, metric.model)


def _matches(metric: Metric, other: Metric) -> bool:
    # Whose losses must be known on both sides: a count of nobody in particular is compared with nothing.
    return metric.affected is not None and other.affected is not None and metric_key(metric) == metric_key(other)


def _latest_total(points: Sequence[FigurePoint], day: dt.date) -> FigurePoint | None:
    """The last running total stated for `day` or before (points are in day order)."""
    found = None
    for point in points:
        if point.cumulative is True and point.day is not None and point.day <= day:
            found = point
    return found


def _latest_references(references: Sequence[ReferenceCount], day: dt.date) -> dict[str, ReferenceCount]:
    latest: dict[str, ReferenceCount] = {}
    for reference in sorted(references, key=lambda r: r.day):
        if reference.day <= day:
            latest[reference.source] = reference
    return latest


def _ranges(lines: Sequence[ComparisonLine], references: Sequence[ReferenceCount],
            affected: str | None) -> list[Range]:
    days = sorted({point.day for line in lines for point in line.points if point.cumulative is True and point.day}
                  | {reference.day for reference in references})
    result = []
    for day in days:
        claimed = [(line.claimant, total.value) for line in lines
                   if (total := _latest_total(line.points, day)) is not None]
        confirmed = [(f"reference: {source}", reference.value)
                     for source, reference in _latest_references(references, day).items()]
        values = [value for _, value in claimed + confirmed]
        if not values:
            continue
        own = [value for claimant, value in claimed if _same_party(claimant, affected)]
        if confirmed:
            best, best_from = median(value for _, value in confirmed), ", ".join(name for name, _ in confirmed)
        elif own:
            best, best_from = own[0], f"own figure: {affected}"
        else:
            best, best_from = median(value for _, value in claimed), "median of claims"
        result.append(Range(day=day, low=min(values), best=best, high=max(values), best_from=best_from,
                            figures=tuple((claimant or "(unattributed)", value) for claimant, value in claimed)
                            + tuple(confirmed)))
    return result


def compare(claims: Iterable[StoredClaim], kind: str, outcome: str, what: Sequence[str], affected: str,
            references: Sequence[ReferenceCount] = (), unit: str = "count",
            days: DocumentDays | None = None, model: str | None = None) -> Comparison:
    """Every claimant's figures of one metric on one timeline, with the references and the daily ranges.

    Only series that are not about one place are compared: a country's totals, not one town's. `model` compares
    the figures of one weapon model ("S-300"); references name no model, so none is compared with it.
    """
    metric = Metric(kind, outcome, tuple(sorted(what)), affected, unit, model)
    lines = tuple(ComparisonLine(figure.key.claimant, figure.id, figure.points) for figure in figures(claims, days)
                  if figure.key.place is None and _matches(metric, figure.key.metric))
    relevant = tuple(sorted((reference for reference in references if _matches(metric, reference_metric(reference))),
                            key=lambda r: (r.day, r.source)))
    return Comparison(metric=metric, lines=lines, references=relevant, ranges=tuple(_ranges(lines, relevant, affected)))


def ratios(claims: Iterable[StoredClaim], references: Sequence[ReferenceCount],
           days: DocumentDays | None = None) -> list[ClaimRatio]:
    """Claimed ÷ confirmed for every reference figure and every claimant with a running total by its day."""
    country_figures = [figure for figure in figures(claims, days) if figure.key.place is None]
    result = []
    for reference in references:
        if reference.value == 0:
            continue  # no ratio to a count of nothing
        metric = reference_metric(reference)
        for figure in country_figures:
            if not _matches(metric, figure.key.metric):
                continue
            total = _latest_total(figure.points, reference.day)
            if total is not None:
                result.append(ClaimRatio(claimant=figure.key.claimant, metric=figure.key.metric, reference=reference,
                                         claim_id=total.claim_id, claimed=total.value, claimed_date=total.date or f"{total.day} ({total.day_basis})",
                                         ratio=total.value / reference.value))
    return sorted(result, key=lambda r: (r.claimant or "", r.metric.label(), r.reference.day, r.reference.source))


def reporting_bias(claims: Iterable[StoredClaim], references: Sequence[ReferenceCount],
                   days: DocumentDays | None = None) -> list[ReportingBias]:
    """Per claimant, the median claimed ÷ confirmed ratio for its own losses and for the other side's."""
    latest_day: dict[tuple[str | None, Metric], dt.date] = {}
    per_metric: dict[tuple[str | None, Metric], list[float]] = defaultdict(list)
    found = ratios(claims, references, days)
    for ratio in found:
        key = (ratio.claimant, ratio.metric)
        latest_day[key] = max(latest_day.get(key, ratio.reference.day), ratio.reference.day)
    for ratio in found:
        key = (ratio.claimant, ratio.metric)
        if ratio.reference.day == latest_day[key]:
            per_metric[key].append(ratio.ratio)
    own: dict[str | None, list[float]] = defaultdict(list)
    other: dict[str | None, list[float]] = defaultdict(list)
    for (claimant, metric), values in per_metric.items():
        (own if _same_party(claimant, metric.affected) else other)[claimant].append(median(values))
    return [ReportingBias(claimant=claimant,
                          own_losses_ratio=median(own[claimant]) if own[claimant] else None,
                          own_losses_metrics=len(own[claimant]),
                          other_losses_ratio=median(other[claimant]) if other[claimant] else None,
                          other_losses_metrics=len(other[claimant]))
            for claimant in sorted(set(own) | set(other), key=lambda c: c or "")]


# --------------------------------------------------------------------------- reference CSV


def read_reference_csv(path: Path, on_error: Callable[[ReferenceRowError], None]) -> list[ReferenceCount]:
    """The figures of a reference CSV (columns REFERENCE_COLUMNS; url and note may be empty).

    A row that cannot be read is passed to `on_error` and left out; a file that cannot be read
    at all raises ReferenceFileError.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            missing = [column for column in REFERENCE_COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise ReferenceFileError(f"{path}: the CSV lacks the columns {', '.join(missing)}; its header must be "
                                         f"{','.join(REFERENCE_COLUMNS)}")
            found = []
            for row in reader:
                try:
                    found.append(_reference(row))
                except ValueError as err:
                    on_error(ReferenceRowError(path, reader.line_num, str(err)))
            return found
    except FileNotFoundError:
        raise ReferenceFileError(f"{path}: no such file; check the path") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise ReferenceFileError(f"{path}: not a UTF-8 CSV file ({err})") from None


def _reference(row: dict[str, str | None]) -> ReferenceCount:
    cells = {column: (row.get(column) or "").strip() for column in REFERENCE_COLUMNS}
    for required in ("source", "kind", "outcome", "what", "affected", "date", "value"):
        if not cells[required]:
            raise ValueError(f"{required} is empty")
    if cells["kind"] not in KINDS:
        raise ValueError(f"kind {cells['kind']!r} is not one of {', '.join(KINDS)}")
    if cells["outcome"] not in OUTCOMES[cells["kind"]]:
        raise ValueError(f"outcome {cells['outcome']!r} is not one of {', '.join(OUTCOMES[cells['kind']])}")
    date_bounds(cells["date"])
    try:
        value = float(cells["value"])
    except ValueError:
        raise ValueError(f"value {cells['value']!r} is not a number") from None
    if value < 0 or value != value:  # value != value: NaN
        raise ValueError(f"value {cells['value']!r} is not a count")
    what = tuple(sorted(item.strip() for item in cells["what"].split(REFERENCE_WHAT_SEPARATOR) if item.strip()))
    return ReferenceCount(source=cells["source"], kind=cells["kind"], outcome=cells["outcome"], what=what,
                          affected=cells["affected"], date=cells["date"], value=int(value) if value.is_integer() else value,
                          url=cells["url"] or None, note=cells["note"] or None)
