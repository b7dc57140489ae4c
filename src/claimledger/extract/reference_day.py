"""The day a document's undated figures stand at, found from its text when it is stored.

A running total stated without a date stands as of its document's publication date, else as of the latest
date the document mentions (a retrospective report written after the war ended "on November 10" states its
totals as of then at the earliest). The pipeline calls `find_reference_day` when it stores or re-extracts a
document and the ledger keeps the answer (documents.reference_day, reference_day_source), so that
reconciliation reads a field instead of scanning every document's text each time it runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from claimledger.models import LATEST_MENTIONED, PUBLISHED, ReferenceDay
from claimledger.extract.timeref import find_dates

# A year as documents write one; the year a text writes most is the year of its dates that give none.
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def find_reference_day(text: str, published: dt.date | None, ingested: dt.date,
                       language: str = "en") -> ReferenceDay | None:
    """The day the undated figures of a document stand at and how it was found; None when nothing dates it.

    `published` wins when known. Otherwise dates the text mentions (in the words of `language`) without a year take
    the year it writes most often (the latest of equals), and years and dates after `ingested`, the day the document
    was ingested, are left out: they are plans or typing errors, not the time of writing.
    """
    if published is not None:
        return ReferenceDay(published, PUBLISHED)
    years = Counter(year for year in map(int, _YEAR.findall(text)) if year <= ingested.year)
    usual_year = max(years, key=lambda year: (years[year], year)) if years else None
    mentioned = [mention.last for mention in find_dates(text, None, usual_year, language) if mention.last <= ingested]
    return ReferenceDay(max(mentioned), LATEST_MENTIONED) if mentioned else None
