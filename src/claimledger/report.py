"""A report of a ledger's figures for a story: one folder with `index.html` and its charts in `charts/*.svg`.

The page has no script and loads nothing from elsewhere: it links its charts by relative paths, so the
folder can be zipped and attached as it is. It shows, from `claimledger.reconcile`: each series of figures
over time, every metric that several parties state side by side with the low / best / high range, claimed
against independently confirmed figures, and the anomalies. Every figure is shown as a claim by its claimant.

Charts are drawn with matplotlib's object API (no pyplot state) as SVG with fixed ids and no date, so the same
ledger gives the same chart files. A claimant keeps one colour in every chart; no colour says right or wrong.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe
import matplotlib
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, num2date
from matplotlib.figure import Figure as Chart
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from claimledger.errors import ReportFolderError
from claimledger.contested import contested_acts
from claimledger.ledger import ReferenceCount, StoredAllegation, StoredClaim, date_bounds
from claimledger.reconcile import (EVENT_ABOVE_TOTAL, PACE_FACTOR, PACE_JUMP, PACE_MIN_INCREASE,
                                   PACE_MIN_OTHER_INTERVALS, PART_ABOVE_TOTAL, PARTS, RUNNING_TOTAL_DOWN,
                                   SAME_DAY_TWO_VALUES, STATED, ClaimRatio, Comparison, DocumentDays, Figure,
                                   FigurePoint, Metric, anomalies, compare, figures, metric_key, ratios,
                                   reference_metric, reporting_bias)

TEMPLATES_DIR = Path(__file__).parent / "templates"
ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")
INDEX = "index.html"
CHARTS = "charts"
DEFAULT_TITLE = "Claimed figures over time"
UNATTRIBUTED = "(unattributed)"

# Colours of claimants, given in their sorted order: the Okabe-Ito colours without its red and green, so
# that no side looks like the "bad" or the "good" one, then two more neutral hues.
PALETTE = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#7A5195", "#A6761D")
UNATTRIBUTED_COLOUR = "#7F7F7F"
REFERENCE_COLOUR = "#222222"
REFERENCE_MARKERS = ("D", "P", "X", "*", "v", "^")
CONFIRMED_FILL = "#DDDDDD"
RANGE_COLOUR = "#C8C8C8"
BEST_COLOUR = "#555555"
# Past this many points in one chart, value labels would cover each other; the table under it has them all.
MAX_LABELLED_POINTS = 12
TITLE_WIDTH = 80  # characters a chart title line holds before it wraps
MIN_DAYS_SHOWN = 7
# What a legend entry takes across, in points at legend.fontsize 8: per character of its label, and for its handle
# and the gaps around it.
LEGEND_POINTS_PER_CHARACTER = 4.8
LEGEND_POINTS_PER_ENTRY = 45

# Every chart is drawn from matplotlib's defaults (whatever the user's matplotlibrc says) with these:
# a fixed salt for the ids in the SVG, glyphs as paths in DejaVu Sans (shipped with matplotlib, so every viewer
# shows the same text), and text from statements never read as TeX-like markup ("$" is a dollar).
CHART_STYLE = {
    "svg.hashsalt": "claimledger-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "legend.fontsize": 8,
}

QUALIFIER_WORDS = {"approx": "around", "more_than": "more than", "at_least": "at least", "almost": "almost",
                   "up_to": "up to"}
ANOMALY_TITLES = {
    RUNNING_TOTAL_DOWN: "running total goes down",
    PACE_JUMP: "sudden jump in pace",
    SAME_DAY_TWO_VALUES: "two running totals for one day",
    PART_ABOVE_TOTAL: "part above its total",
    EVENT_ABOVE_TOTAL: "single event above the day's running total",
}


# --------------------------------------------------------------------------- what the page shows


@dataclass(frozen=True, slots=True)
class WrittenReport:
    index: Path
    charts: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class PointRow:
    claim_id: int
    when: str
    value: str
    running: str
    quote: str
    file_name: str


@dataclass(frozen=True, slots=True)
class SeriesView:
    id: str
    label: str
    chart: str | None  # relative to index.html
    rows: tuple[PointRow, ...]


@dataclass(frozen=True, slots=True)
class RangeRow:
    day: str
    low: str
    best: str
    high: str
    best_from: str
    figures: str


@dataclass(frozen=True, slots=True)
class ComparisonView:
    label: str
    parties: str
    chart: str | None
    ranges: tuple[RangeRow, ...]


@dataclass(frozen=True, slots=True)
class RatioRow:
    claimant: str
    metric: str
    claimed: str
    claimed_date: str
    claim_id: int
    confirmed: str
    source: str
    reference_date: str
    reference_url: str
    ratio: str


@dataclass(frozen=True, slots=True)
class BiasRow:
    claimant: str
    own_losses: str
    own_losses_metrics: int
    other_losses: str
    other_losses_metrics: int


@dataclass(frozen=True, slots=True)
class AnomalyRow:
    title: str
    reason: str
    claim_ids: str


@dataclass(frozen=True, slots=True)
class AllegationCountRow:
    """How many times a claimant asserts and denies acts of one subject."""

    claimant: str
    subject: str
    asserts: int
    denies: int


@dataclass(frozen=True, slots=True)
class ToldRow:
    claimant: str
    when: str
    doc: str
    quote: str


@dataclass(frozen=True, slots=True)
class ContestedView:
    """A contested act: both sides' words side by side."""

    title: str
    asserted: tuple[ToldRow, ...]
    denied: tuple[ToldRow, ...]


def _allegation_counts(allegations: Sequence[StoredAllegation]) -> tuple[AllegationCountRow, ...]:
    counts: dict[tuple[str, str], list[int]] = {}
    for stored in allegations:
        key = (claimant_name(stored.allegation.claimant), stored.allegation.subject)
        counts.setdefault(key, [0, 0])[stored.allegation.stance == "denies"] += 1
    return tuple(AllegationCountRow(claimant, subject, asserts, denies)
                 for (claimant, subject), (asserts, denies) in sorted(counts.items()))


def _told(stored: StoredAllegation) -> ToldRow:
    when = stored.allegation.date or (f"published {stored.published.isoformat()}" if stored.published else "undated")
    return ToldRow(claimant_name(stored.allegation.claimant), when, stored.file_name, stored.allegation.quote)


def _contested_views(allegations: Sequence[StoredAllegation]) -> tuple[ContestedView, ...]:
    views = []
    for act in contested_acts(allegations):
        views.append(ContestedView(f"{act.subject.replace('_', ' ')} by {act.actor or 'an actor not named'}: "
                                   f"asserted by {act.claimants_text('asserts')}; "
                                   f"denied by {act.claimants_text('denies')}",
                                   tuple(map(_told, act.asserted)), tuple(map(_told, act.denied))))
    return tuple(views)


# --------------------------------------------------------------------------- text


def number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def point_value(point: FigurePoint) -> str:
    """The figure as the statement qualifies it: "around 150", "more than 4,300"."""
    words = QUALIFIER_WORDS.get(point.qualifier)
    return f"{words} {number(point.value)}" if words else number(point.value)


def stated_date(date: str) -> str:
    """A claim's date as a reader says it: "2020-10-08", "2020-09-27 to 2020-10-08"."""
    first, last = date_bounds(date)
    return str(first) if first == last else f"{first} to {last}"


def point_when(point: FigurePoint) -> str:
    if point.day is None:
        return "undated"
    if point.day_basis == STATED and point.date:
        return stated_date(point.date)
    return f"placed at {point.day} ({point.day_basis})"


def point_running(point: FigurePoint) -> str:
    return {True: "running total", False: "single event", None: "not stated"}[point.cumulative]


def claimant_name(claimant: str | None) -> str:
    return claimant or UNATTRIBUTED


# --------------------------------------------------------------------------- colours and files


def claimant_colours(claimants: Iterable[str | None]) -> dict[str | None, str]:
    """One colour per claimant, from PALETTE in sorted order, so the same claimant has it in every chart."""
    named = sorted({claimant for claimant in claimants if claimant is not None})
    colours: dict[str | None, str] = {claimant: PALETTE[index % len(PALETTE)] for index, claimant in enumerate(named)}
    colours[None] = UNATTRIBUTED_COLOUR
    return colours


def metric_file_id(metric: Metric) -> str:
    """A file name part for a metric: a hash, never the metric's own text."""
    return hashlib.sha256(json.dumps(metric_key(metric), ensure_ascii=False).encode()).hexdigest()[:10]


def _prepare_folder(out_dir: Path) -> Path:
    """The report's chart folder, emptied of an earlier report's charts; the folder's other files are left alone."""
    charts = out_dir / CHARTS
    for path, wanted in ((out_dir, "a folder"), (charts, "a folder"), (out_dir / INDEX, "a file")):
        if path.exists() and path.is_dir() != (wanted == "a folder"):
            raise ReportFolderError(path, f"is {'a folder' if path.is_dir() else 'a file'}, not {wanted}; "
                                          f"give --out a new folder or the folder of an earlier report")
    try:
        charts.mkdir(parents=True, exist_ok=True)
        for old in charts.glob("*.svg"):
            old.unlink()
    except OSError as err:
        raise ReportFolderError(out_dir, f"cannot be written ({err.strerror}); give --out a folder you can "
                                         f"write to") from None
    return charts


# --------------------------------------------------------------------------- charts


@contextmanager
def _chart_style() -> Iterator[None]:
    with matplotlib.style.context("default"), matplotlib.rc_context(CHART_STYLE):
        yield


def _save(chart: Chart, path: Path) -> None:
    # No date in the metadata: the same ledger gives the same bytes.
    chart.savefig(path, format="svg", metadata={"Date": None})


def _date_axis(ax: Axes, days: Sequence[dt.date]) -> None:
    """Day ticks, a little room either side, and never less than MIN_DAYS_SHOWN: shorter spans tick hours."""
    first, last = min(days), max(days)
    pad = max(dt.timedelta(days=1), (last - first) * 0.04)
    short = dt.timedelta(days=MIN_DAYS_SHOWN) - (last - first) - 2 * pad
    if short > dt.timedelta(0):
        pad += dt.timedelta(days=math.ceil(short.days / 2))
    ax.set_xlim(first - pad, last + pad)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
    # "8 Oct" under each tick and the years once below the axis: readable without the chart's page around it.
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{num2date(value):%d %b}".lstrip("0")))
    years = sorted({first.year, last.year})
    ax.set_xlabel("–".join(map(str, years)))


def _count_axis(ax: Axes, unit: str, top: float) -> None:
    # From zero: a count drawn from anywhere else makes small changes look large.
    ax.set_ylim(0, top * 1.2 if top > 0 else 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # no tick at 0.5 of a tank
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_ylabel("count" if unit == "count" else unit)
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.6)
    ax.set_axisbelow(True)


def _point_days(point: FigurePoint) -> tuple[dt.date, ...]:
    """The days a dated point spans on a chart: the period of an event stated for one ("from 12 to 14 July").

    A running total's period ("since September 27") is only where its count starts: the total stands at its end.
    """
    assert point.day is not None
    if point.cumulative is not True and point.day_basis == STATED and point.date:
        first = date_bounds(point.date)[0]
        if first != point.day:
            return first, point.day
    return (point.day,)


def _marker(point: FigurePoint) -> str:
    return {True: "o", False: "s", None: "^"}[point.cumulative]


def _draw_points(ax: Axes, points: Sequence[FigurePoint], colour: str, *, label_values: bool) -> set[str]:
    """Running totals joined by a line (dashed where an end's day is not stated), every point a marker: hollow when
    its day is not stated, a bar across the period when the day is a range. Returns the styles used, for a legend."""
    dated = [point for point in points if point.day is not None]
    used: set[str] = set()
    totals = [point for point in dated if point.cumulative is True]
    for start, end in zip(totals, totals[1:]):
        placed = start.day_basis != STATED or end.day_basis != STATED
        ax.plot([start.day, end.day], [start.value, end.value], color=colour, linewidth=1.6,
                linestyle="--" if placed else "-", zorder=2)
        used.add("placed line" if placed else "line")
    labelled: set[tuple[dt.date | None, str]] = set()
    for point in dated:
        stated = point.day_basis == STATED
        used.add(f"marker {_marker(point)}")
        if not stated:
            used.add("placed")
        ax.plot([point.day], [point.value], linestyle="none", marker=_marker(point), markersize=7,
                markeredgewidth=1.6, color=colour, markerfacecolor=colour if stated else "white", zorder=3)
        if len(days := _point_days(point)) == 2:
            ax.plot(days, [point.value, point.value], color=colour, linewidth=4, alpha=0.35, solid_capstyle="butt",
                    zorder=1)
            used.add("period")
        # The same figure stated twice for a day is labelled once: two labels on one spot blur into a smudge.
        if label_values and (point.day, point_value(point)) not in labelled:
            labelled.add((point.day, point_value(point)))
            ax.annotate(point_value(point), (point.day, point.value), xytext=(0, 8), textcoords="offset points",
                        ha="center", fontsize=7.5, color="#333333")
    return used


def _style_handles(used: set[str], colour: str) -> list[Line2D]:
    """Legend entries for the point styles a chart uses, in a fixed order."""
    placed_line = {"linestyle": "--", "linewidth": 1.2} if "placed line" in used else {"linestyle": "none"}
    entries = {
        "line": Line2D([], [], color=colour, marker="o", linewidth=1.6, label="running total"),
        "marker s": Line2D([], [], color=colour, marker="s", linestyle="none", label="single event"),
        "marker ^": Line2D([], [], color=colour, marker="^", linestyle="none", label="total or event not stated"),
        "placed": Line2D([], [], color=colour, marker="o", markerfacecolor="white", **placed_line,
                         label="hollow: no date in the text, placed at its document's date"),
        "period": Line2D([], [], color=colour, linewidth=4, alpha=0.35, label="date stated as a period"),
    }
    # A stated running total is a filled circle, joined or not.
    shown = used | ({"line"} if "marker o" in used else set())
    return [handle for key, handle in entries.items() if key in shown]


def _legend_columns(labels: Sequence[str], width_points: float) -> int:
    """The most columns (up to 3) whose labels fit across the chart, estimated from their lengths in characters."""
    for columns in (3, 2):
        rows = math.ceil(len(labels) / columns)
        widths = [max(map(len, labels[start:start + rows])) for start in range(0, len(labels), rows)]
        if sum(LEGEND_POINTS_PER_CHARACTER * width + LEGEND_POINTS_PER_ENTRY for width in widths) <= width_points:
            return columns
    return 1


def _legend(chart: Chart, handles: Sequence[Line2D]) -> None:
    if handles:
        labels = [str(handle.get_label()) for handle in handles]
        # Below the plot, outside it: a legend never covers a point.
        chart.legend(handles=handles, loc="outside lower center", frameon=False,
                     ncols=min(len(handles), _legend_columns(labels, chart.get_figwidth() * 72)))


def series_chart(figure: Figure, colour: str) -> Chart:
    chart = Chart(figsize=(8, 4.2), layout="constrained")
    ax = chart.add_subplot()
    dated = [point for point in figure.points if point.day is not None]
    used = _draw_points(ax, figure.points, colour, label_values=len(dated) <= MAX_LABELLED_POINTS)
    ax.set_title(textwrap.fill(figure.label, TITLE_WIDTH), loc="left")
    _date_axis(ax, [day for point in dated for day in _point_days(point)])
    _count_axis(ax, figure.key.metric.unit, max(point.value for point in dated))
    _legend(chart, _style_handles(used, colour))
    return chart


def comparison_chart(comparison: Comparison, colours: dict[str | None, str]) -> Chart:
    chart = Chart(figsize=(8, 4.6), layout="constrained")
    ax = chart.add_subplot()
    for day_range in comparison.ranges:
        ax.plot([day_range.day, day_range.day], [day_range.low, day_range.high], color=RANGE_COLOUR, linewidth=7,
                solid_capstyle="butt", zorder=1)
        ax.plot([day_range.day], [day_range.best], marker="_", markersize=16, markeredgewidth=2, color=BEST_COLOUR,
                linestyle="none", zorder=2)
    used: set[str] = set()
    handles: list[Line2D] = []
    for line in sorted(comparison.lines, key=lambda line: claimant_name(line.claimant)):
        colour = colours.get(line.claimant, UNATTRIBUTED_COLOUR)
        used |= _draw_points(ax, line.points, colour, label_values=False)
        handles.append(Line2D([], [], color=colour, linewidth=2.5, label=claimant_name(line.claimant)))
    sources = sorted({reference.source for reference in comparison.references})
    for index, source in enumerate(sources):
        mine = [reference for reference in comparison.references if reference.source == source]
        marker = REFERENCE_MARKERS[index % len(REFERENCE_MARKERS)]
        ax.plot([reference.day for reference in mine], [reference.value for reference in mine], linestyle="none",
                marker=marker, markersize=8, color=REFERENCE_COLOUR, zorder=4)
        handles.append(Line2D([], [], linestyle="none", marker=marker, color=REFERENCE_COLOUR,
                              label=f"independent count: {source}"))
    if comparison.ranges:
        handles.append(Line2D([], [], color=RANGE_COLOUR, linewidth=7, label="low to high of all figures that day"))
        handles.append(Line2D([], [], color=BEST_COLOUR, marker="_", markersize=14, markeredgewidth=2,
                              linestyle="none", label="best estimate that day"))
    handles += _style_handles(used, BEST_COLOUR)
    ax.set_title(textwrap.fill(comparison.metric.label(), TITLE_WIDTH), loc="left")
    dated = [point for line in comparison.lines for point in line.points if point.day is not None]
    values = [point.value for point in dated] + [reference.value for reference in comparison.references]
    _date_axis(ax, [day for point in dated for day in _point_days(point)]
               + [reference.day for reference in comparison.references])
    _count_axis(ax, comparison.metric.unit, max(values, default=0))
    _legend(chart, handles)
    return chart


@dataclass(frozen=True, slots=True)
class _RatioGroup:
    """One independent figure and every claimant's running total of the same metric by its day."""

    reference: ReferenceCount
    ratios: tuple[ClaimRatio, ...]


def _ratio_groups(found: Sequence[ClaimRatio]) -> list[_RatioGroup]:
    """For each metric and source, the latest reference any claimant is compared with."""
    by_reference: dict[ReferenceCount, list[ClaimRatio]] = defaultdict(list)
    for ratio in found:
        by_reference[ratio.reference].append(ratio)
    latest: dict[tuple[object, ...], ReferenceCount] = {}
    for reference in by_reference:
        key = (*metric_key(reference_metric(reference)), reference.source)
        if key not in latest or reference.day > latest[key].day:
            latest[key] = reference
    groups = [_RatioGroup(reference, tuple(sorted(by_reference[reference], key=lambda r: claimant_name(r.claimant))))
              for reference in latest.values()]
    return sorted(groups, key=lambda group: (reference_metric(group.reference).label(), group.reference.source))


def claimed_confirmed_chart(groups: Sequence[_RatioGroup], colours: dict[str | None, str]) -> Chart:
    """One panel per independent figure, each on its own scale: the confirmed count and each claimant's claim."""
    columns = min(len(groups), 3)
    rows = math.ceil(len(groups) / columns)
    chart = Chart(figsize=(2.9 * columns + 0.8, 3.1 * rows + 0.4), layout="constrained")
    axes = chart.subplots(rows, columns, squeeze=False)
    for ax, group in zip(axes.flat, groups):
        reference = group.reference
        names = [textwrap.fill(f"confirmed ({reference.source})", 16)]
        names += [textwrap.fill(claimant_name(ratio.claimant), 16) for ratio in group.ratios]
        values = [reference.value, *(ratio.claimed for ratio in group.ratios)]
        fills = [CONFIRMED_FILL, *(colours.get(ratio.claimant, UNATTRIBUTED_COLOUR) for ratio in group.ratios)]
        bars = ax.bar(range(len(values)), values, color=fills, edgecolor=REFERENCE_COLOUR, linewidth=0.6, width=0.7)
        bars[0].set_hatch("//")
        ax.bar_label(bars, labels=[number(reference.value)] + [f"{number(ratio.claimed)}\n×{ratio.ratio:.2f}"
                                                               for ratio in group.ratios], fontsize=7.5, padding=2)
        ax.set_xticks(range(len(values)), names, fontsize=7.5)
        metric = reference_metric(reference).label()
        ax.set_title(f"{textwrap.fill(metric, 34)}\nby {reference.date}", fontsize=8.5)
        _count_axis(ax, "count", max(values))
        ax.set_ylabel("")
    for ax in list(axes.flat)[len(groups):]:
        ax.remove()
    return chart


# --------------------------------------------------------------------------- sections


def _point_rows(points: Iterable[FigurePoint]) -> tuple[PointRow, ...]:
    return tuple(PointRow(point.claim_id, point_when(point), point_value(point), point_running(point), point.quote,
                          point.file_name) for point in points)


def _charted(figure: Figure) -> bool:
    return sum(point.day is not None for point in figure.points) >= 2


def _side_by_side_metrics(all_figures: Sequence[Figure], references: Sequence[ReferenceCount]) -> list[Metric]:
    """Metrics of a country's losses stated by two claimants or more, or by one and an independent count."""
    claimants: dict[tuple[object, ...], set[str | None]] = defaultdict(set)
    metrics: dict[tuple[object, ...], Metric] = {}
    for figure in all_figures:
        metric = figure.key.metric
        if figure.key.place is not None or metric.affected is None:
            continue  # compare() sets countries' totals side by side, not one town's, and needs the affected side
        claimants[metric_key(metric)].add(figure.key.claimant)
        metrics.setdefault(metric_key(metric), metric)
    referenced = {metric_key(reference_metric(reference)) for reference in references}
    return sorted((metrics[key] for key, who in claimants.items() if len(who) >= 2 or key in referenced),
                  key=lambda metric: (metric.label(), metric_key(metric)))


def _range_rows(comparison: Comparison) -> tuple[RangeRow, ...]:
    return tuple(RangeRow(str(day_range.day), number(day_range.low), number(day_range.best), number(day_range.high),
                          day_range.best_from,
                          "; ".join(f"{name}: {number(value)}" for name, value in day_range.figures))
                 for day_range in comparison.ranges)


def _ratio_row(ratio: ClaimRatio) -> RatioRow:
    reference = ratio.reference
    return RatioRow(claimant=claimant_name(ratio.claimant), metric=ratio.metric.label(), claimed=number(ratio.claimed),
                    claimed_date=_claimed_date(ratio.claimed_date), claim_id=ratio.claim_id,
                    confirmed=number(reference.value), source=reference.source, reference_date=reference.date,
                    reference_url=reference.url or "", ratio=f"{ratio.ratio:.2f}")


def _claimed_date(claimed_date: str) -> str:
    # ClaimRatio.claimed_date is the claim's own date, else "DAY (day basis)" for a figure placed at its document's.
    try:
        return stated_date(claimed_date)
    except ValueError:
        return f"placed at {claimed_date}"


def _ratio_text(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.2f}"


# --------------------------------------------------------------------------- the report


def unbroken_dates(text: str) -> markupsafe.Markup:
    """`text` escaped, with each ISO date kept on one line: browsers break lines after the hyphens of "2020-10-08"."""
    return markupsafe.Markup(ISO_DATE.sub(lambda date: f'<span class="date">{date.group()}</span>',
                                          str(markupsafe.escape(text))))


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # everything: quotes come from statements anyone can write
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["dates"] = unbroken_dates
    return environment


def write_report(out_dir: Path, claims: Sequence[StoredClaim], days: DocumentDays,
                 references: Sequence[ReferenceCount], *, ledger_name: str, title: str = DEFAULT_TITLE,
                 generated_at: dt.datetime | None = None,
                 allegations: Sequence[StoredAllegation] = ()) -> WrittenReport:
    """Write `index.html` and `charts/*.svg` into `out_dir` (created if need be) and return their paths.

    Only the report's own files are replaced: index.html and the SVG files in charts/. Raises ReportFolderError
    when `out_dir` is a file or cannot be written.
    """
    charts_dir = _prepare_folder(out_dir)
    all_figures = figures(claims, days)
    colours = claimant_colours([figure.key.claimant for figure in all_figures])
    written: list[Path] = []

    def save(chart: Chart, name: str) -> str:
        path = charts_dir / name
        _save(chart, path)
        written.append(path)
        return f"{CHARTS}/{name}"

    with _chart_style():
        series = []
        for figure in all_figures:
            if _charted(figure):
                src = save(series_chart(figure, colours[figure.key.claimant]), f"series-{figure.id}.svg")
                series.append(SeriesView(figure.id, figure.label, src, _point_rows(figure.points)))
        single = [SeriesView(figure.id, figure.label, None, _point_rows(figure.points))
                  for figure in all_figures if not _charted(figure)]

        comparisons = []
        for metric in _side_by_side_metrics(all_figures, references):
            assert metric.affected is not None  # _side_by_side_metrics leaves out metrics without one
            comparison = compare(claims, metric.kind, metric.outcome, metric.what, metric.affected, references,
                                 unit=metric.unit, days=days, model=metric.model)
            drawable = comparison.references or any(point.day for line in comparison.lines for point in line.points)
            comparison_src = (save(comparison_chart(comparison, colours), f"compare-{metric_file_id(metric)}.svg")
                              if drawable else None)
            parties = [claimant_name(line.claimant) for line in comparison.lines]
            parties += sorted({f"independent count: {reference.source}" for reference in comparison.references})
            comparisons.append(ComparisonView(metric.label(), ", ".join(parties), comparison_src,
                                              _range_rows(comparison)))

        found_ratios = ratios(claims, references, days)
        groups = _ratio_groups(found_ratios)
        ratio_chart = save(claimed_confirmed_chart(groups, colours), "claimed-vs-confirmed.svg") if groups else None

    bias = [BiasRow(claimant_name(estimate.claimant), _ratio_text(estimate.own_losses_ratio),
                    estimate.own_losses_metrics, _ratio_text(estimate.other_losses_ratio),
                    estimate.other_losses_metrics)
            for estimate in reporting_bias(claims, references, days)]
    flagged = [AnomalyRow(ANOMALY_TITLES.get(anomaly.type, anomaly.type), anomaly.reason,
                          ", ".join(map(str, anomaly.claim_ids)))
               for anomaly in anomalies(claims, days)]
    generated = (generated_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    page = _environment().get_template("report.html").render(
        title=title,
        ledger_name=ledger_name,
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
        claim_count=len(claims),
        document_count=len({stored.document_id for stored in claims}),
        reference_count=len(references),
        series=series,
        single=single,
        comparisons=comparisons,
        ratio_chart=ratio_chart,
        ratios=[_ratio_row(ratio) for ratio in found_ratios],
        bias=bias,
        anomalies=flagged,
        allegation_count=len(allegations),
        allegation_counts=_allegation_counts(allegations),
        contested=_contested_views(allegations),
        pace_factor=f"{PACE_FACTOR:g}",
        pace_min_increase=PACE_MIN_INCREASE,
        pace_min_other_intervals=PACE_MIN_OTHER_INTERVALS,
        parts=PARTS,
    )
    index = out_dir / INDEX
    try:
        index.write_text(page, encoding="utf-8")
    except OSError as err:
        raise ReportFolderError(index, f"cannot be written ({err.strerror})") from None
    return WrittenReport(index, tuple(written))
