"""The shipped stages: each module's plain functions run over the Doc, registered with the layers they read and add.

The modules (segment, numbers, timeref, parties, attribution, places, claims) know nothing of the Doc but
claims; these wrappers are where the layers are read and written, so a stage's inputs and outputs are all
named in one place. Their order is `extract/stages.toml`.
"""

from __future__ import annotations

from dataclasses import replace

from claimledger.extract.allegations import find_allegations
from claimledger.extract.attribution import find_people, segment_voices
from claimledger.extract.claims import build_claims, by_segment, event_windows
from claimledger.extract.doc import Doc
from claimledger.extract.numbers import SpanMask, digit_windows, find_numbers, trap_spans
from claimledger.extract.parties import author_side, location_side
from claimledger.extract.places import take_verb_starts
from claimledger.extract.segment import segment
from claimledger.extract.stages import stage
from claimledger.extract.timeref import publication_date, scan_dates


@stage("publication_date", adds=("document.published",))
def date_from_dateline(doc: Doc) -> None:
    """A document without a date takes its dateline's; one without a year ("Baku, September 28, AZERTAC") is read
    in the war's year."""
    if doc.document.published is None:
        published = publication_date(doc.text, doc.profile.default_year, doc.language)
        doc.document = replace(doc.document, published=published)


@stage("segment", adds=("segments", "interviewees"))
def segments(doc: Doc) -> None:
    doc.segments = segment(doc.text, [p.name for p in doc.profile.people], doc.language)
    doc.interviewees = {s.section: s.speaker for s in doc.segments if s.turn == "answer" and s.speaker}


@stage("dates", reads=("document.published",), adds=("dates", "date_spans", "digit_windows"))
def dates(doc: Doc) -> None:
    doc.digit_windows = digit_windows(doc.text)
    doc.dates, doc.date_spans = scan_dates(doc.text, doc.document.published, doc.profile.default_year,
                                           doc.digit_windows, language=doc.language)
    doc.date_starts = [d.start for d in doc.dates]


@stage("figures", reads=("segments", "date_spans", "digit_windows"), adds=("figures", "take_verbs", "passed_over"))
def figures(doc: Doc) -> None:
    """Figures and verbs of taking ground, found in one pass over the document and handed to their segments."""
    traps = trap_spans(doc.text, doc.digit_windows, doc.language)
    found = find_numbers(doc.text, mask=SpanMask(traps + doc.date_spans), language=doc.language,
                         passed_over=doc.passed_over)
    doc.figures = by_segment(doc.segments, found, lambda figure: figure.num_start)
    doc.take_verbs = set(by_segment(doc.segments, take_verb_starts(doc.text, doc.language), lambda start: start))


@stage("periods", reads=("segments", "dates", "figures"), adds=("windows", "as_of_dates"))
def periods(doc: Doc) -> None:
    doc.windows = event_windows(doc, set(doc.figures))
    doc.as_of_dates = [d for d in doc.dates if d.as_of and d.start not in doc.windows]


@stage("sides", adds=("author", "location"))
def sides(doc: Doc) -> None:
    doc.author = author_side(doc.text, doc.profile, doc.lex, language=doc.language)
    doc.location = location_side(doc.text, doc.profile, doc.lex, doc.language)


@stage("attribution", reads=("segments",), adds=("reports", "voices"))
def attribution(doc: Doc) -> None:
    people = find_people(doc.text, doc.profile, doc.lex, doc.language)
    doc.reports, doc.voices = segment_voices(doc.text, doc.segments, doc.profile, doc.lex, people, doc.language)


@stage("claims", reads=("segments", "dates", "figures", "take_verbs", "windows", "as_of_dates", "author", "location",
                        "reports", "voices", "interviewees", "passed_over"), adds=("claims", "passed_over"))
def claims(doc: Doc) -> None:
    build_claims(doc)


@stage("allegations", reads=("segments", "dates", "author", "reports", "voices", "interviewees", "claims"),
       adds=("allegations",))
def allegations(doc: Doc) -> None:
    doc.allegations = find_allegations(doc)
