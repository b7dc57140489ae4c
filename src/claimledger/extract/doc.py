"""The Doc: one statement being read, with the layers of spans the extraction stages add to it.

Like spaCy's `Doc`, it carries the text once and every stage's findings as layers over it:
segments (headlines, sentences, list items, interview turns), dates, figures, the parties that
speak and their voices, and at last the claims. A stage reads the layers it needs and adds its
own (`extract.stages`); nothing is kept outside the Doc, so a document can be read on any worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimledger.extract.attribution import Voice
from claimledger.extract.numbers import NumberMention, PassedOver
from claimledger.extract.parties import ReportedClaim
from claimledger.extract.segment import Segment
from claimledger.extract.timeref import DateMention
from claimledger.lang.lexicon import Lexicon
from claimledger.models import Allegation, Claim, Document
from claimledger.profile import Profile


@dataclass
class Doc:
    """A statement, the profile and vocabulary it is read with, and the layers found in it so far."""

    document: Document
    profile: Profile
    lex: Lexicon
    # segment: the text cut into segments; the speaker each interview section's answers are by.
    segments: list[Segment] = field(default_factory=list)
    interviewees: dict[int, str] = field(default_factory=dict)
    # dates: every date mention, where each starts (for bisection), and the spans they cover.
    dates: list[DateMention] = field(default_factory=list)
    date_starts: list[int] = field(default_factory=list)
    date_spans: list[tuple[int, int]] = field(default_factory=list)
    digit_windows: list[tuple[int, int]] = field(default_factory=list)
    # figures: the figures of each segment (by segment index); the segments with a verb of taking ground.
    figures: dict[int, list[NumberMention]] = field(default_factory=dict)
    take_verbs: set[int] = field(default_factory=set)
    # figures and claims: the figures that made no claim, each with why (`claimledger extract --explain`).
    passed_over: list[PassedOver] = field(default_factory=list)
    # periods: where periods that date events rather than a count start; a bulletin's as-of dates.
    windows: frozenset[int] = frozenset()
    as_of_dates: list[DateMention] = field(default_factory=list)
    # sides: the author of the statement, and the side whose country it is about.
    author: str | None = None
    location: str | None = None
    # attribution: per segment, the reports it makes itself and the voice of its other figures.
    reports: list[list[ReportedClaim]] = field(default_factory=list)
    voices: list[Voice | None] = field(default_factory=list)
    # claims: the quantitative claims, in text order; the places named in each stretch it asked about, by its
    # span (a sentence with several figures is asked once for each).
    claims: list[Claim] = field(default_factory=list)
    places_in: dict[tuple[int, int], list] = field(default_factory=dict)
    # allegations: the allegations and denials, in text order.
    allegations: list[Allegation] = field(default_factory=list)
    # What the claims stage asks of a segment for each of its figures, found once: by the segment's start, its
    # clause breaks and whether it points back to an earlier sentence; by its index, the nearest earlier segment of
    # its paragraph that names a place and the date an earlier one of its section gives; the document's lead
    # paragraph (its number, start and end; () when it has none).
    clause_breaks: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    points_back: dict[int, bool] = field(default_factory=dict)
    placed_earlier: dict[int, int | None] = field(default_factory=dict)
    dated_earlier: dict[int, Any] = field(default_factory=dict)
    lead_paragraph: tuple[int, int, int] | tuple[()] | None = None
    # The stages that have run, in order.
    done: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def language(self) -> str:
        """The code of the language files the statement is read with (lang/<code>/): its own, else English."""
        return self.document.language or "en"
