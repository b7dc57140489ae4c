"""Extraction: a Document in, its quantitative claims out, as stages over one Doc.

The stages run in the order of `extract/stages.toml`, each a component (`components.py`) that reads
layers of the `Doc` (`doc.py`) and adds its own:

    publication_date  a document without a date takes its dateline's          -> document.published
    segment           headlines, sentences, list items, speaker sections       -> segments, interviewees
    dates             every date, relative ones resolved                       -> dates, date_spans
    figures           numbers and their qualifiers, traps masked               -> figures, take_verbs
    periods           periods that date events, a bulletin's as-of days        -> windows, as_of_dates
    sides             who wrote the statement, what country it is about        -> author, location
    attribution       people named as speakers, each segment's voice           -> reports, voices
    claims            kind, outcome, what; whose loss; date; places            -> claims
    allegations       accusations and denials: stance, subject, actor          -> allegations

What each module may import (the layering a newcomer can rely on):

    segment, numbers, timeref      models, lang (the language's word lists)
    classify                       lang, numbers
    parties, places                lang, profile, segment
    attribution                    lang, profile, parties, segment
    doc                            the stage modules' data types, models, profile, lang
    claims                         every module above, doc
    allegations                    claims (its attribution and dating), doc, parties, profile, lang
    components, stages             doc and the modules they run
Nothing here imports the ledger, the CLI, the web app or reconciliation: they read what this records.

`extract_claims(document, profile)` is a pure function of its arguments (no global state besides
compiled, cached vocabularies), so it can be mapped over documents on a cluster.
"""

from __future__ import annotations

from claimledger.extract.doc import Doc
from claimledger.extract.numbers import PassedOver
from claimledger.extract.stages import run_stages, stages_for
from claimledger.lang.lexicon import lexicon_for
from claimledger.models import Claim, Document
from claimledger.profile import Profile

__all__ = ["Doc", "PassedOver", "extract_claims", "read"]


def read(document: Document, profile: Profile) -> Doc:
    """The document read by the configured stages: its Doc with every layer they add."""
    return run_stages(Doc(document=document, profile=profile, lex=lexicon_for(profile)))


def extract_claims(document: Document, profile: Profile) -> list[Claim]:
    """Every quantitative claim of a document, in text order (the stages the claims need, not the allegations)."""
    return run_stages(Doc(document=document, profile=profile, lex=lexicon_for(profile)), stages_for(("claims",))).claims
