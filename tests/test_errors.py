"""Errors as a user reads them, and as they travel between processes."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from claimledger.errors import (ClaimledgerError, ExtractionError, FileTimeoutError, GeoNamesLineError, InputError,
                                LoginRateLimitedError, UnsupportedLanguageError)


@pytest.mark.parametrize("error", [
    UnsupportedLanguageError("statements/ria.txt", "ru", "en"),
    FileTimeoutError("statements/bomb.txt", "60 s"),
    ExtractionError("statements/mod.html", "IndexError: list index out of range"),
    GeoNamesLineError("AZ.txt", 12, "7 columns, 19 expected"),
    InputError("statements/\x1b[31mred.txt"),
    LoginRateLimitedError(dt.datetime(2026, 12, 2, 10, 5, tzinfo=dt.UTC), dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)),
], ids=["language", "timeout", "extraction", "gazetteer line", "escaped name", "rate limit"])
def test_an_error_pickled_by_a_worker_is_the_same_error_where_it_is_read(error: ClaimledgerError) -> None:
    # A Dask worker's error about a file is read by the process that stores the batch.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error) and copy.__dict__ == error.__dict__
