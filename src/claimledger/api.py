"""`claimledger.extract(text)`: the claims of one statement, found as `claimledger extract` finds them.

A separate module so that `import claimledger` stays light: this one loads the whole pipeline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from claimledger.errors import DateArgumentError
from claimledger.gazetteer import Gazetteer
from claimledger.ingest import document_from_text
from claimledger.models import Claim
from claimledger.pipeline import AUTO_PROFILE, check_language, extract_document, fixed_profile, profile_for
from claimledger.profile import Profile


def extract(text: str, *, date: dt.date | str | None = None, profile: str | Profile = AUTO_PROFILE,
            name: str = "text", publisher: str | None = None, language: str | None = None) -> list[Claim]:
    """The claims of a statement's text, in text order, with their places located in the gazetteer.

    `date` is the day the statement was published (a `datetime.date` or "2020-10-08"): "yesterday"
    and "since Sunday" are resolved against it. Without it, the date the text gives in its heading
    is used, as for a file. `profile` is a shipped profile's id, the path of a .toml profile, a
    loaded `Profile`, or "auto" to choose by the names the text uses. `name` is the `doc` of every
    claim. `language` (an ISO 639-1 code) overrides the detected language.

    A text with no claims, an empty one included, gives []. Raises `ProfileError` for a profile
    that cannot be loaded, `DateArgumentError` for a date that is not a day, and
    `UnsupportedLanguageError` for a text in a language claimledger cannot read.
    """
    published = _day(date)
    document = document_from_text(text, name=name, publisher=publisher, published=published)
    if language is not None:
        # Only the primary subtag decides which language data reads the text: "en-GB" is English.
        document = dataclasses.replace(document, language=language.split("-")[0].lower())
    check_language(document)
    fixed = profile if isinstance(profile, Profile) else fixed_profile(profile)
    return extract_document(document, profile_for(document, fixed), Gazetteer.bundled())


def _day(date: dt.date | str | None) -> dt.date | None:
    if date is None:
        return None
    if isinstance(date, dt.datetime):  # a datetime is a date too, but the ledger keeps days
        return date.date()
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        raise DateArgumentError(date) from None
