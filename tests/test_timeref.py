"""Dates, ranges, as-of dates and publication dates."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.timeref import find_dates, publication_date

REFERENCE = dt.date(2020, 10, 14)


def dates(text: str, reference: dt.date | None = REFERENCE) -> list[tuple[str, bool]]:
    return [(d.iso(), d.as_of) for d in find_dates(text, reference, 2020)]


@pytest.mark.parametrize("text, expected", [
    ("On October 14, at about 01:00", [("2020-10-14", False)]),
    ("On the night of October 13 to 14, the situation", [("2020-10-13/2020-10-14", False)]),
    ("on the night of 13-14 October", [("2020-10-13/2020-10-14", False)]),
    ("on the night of October 14", [("2020-10-13/2020-10-14", False)]),
    ("the 12-14 July attacks", [("2020-07-12/2020-07-14", False)]),
    ("on 12-16 July, 2020, planned", [("2020-07-12/2020-07-16", False)]),
    ("July 12-14", [("2020-07-12/2020-07-14", False)]),
    ("according to the information of 8 October 2020, 12:00", [("2020-10-08", True)]),
    ("By 7 October 2020, troops have liberated", [("2020-10-07", True)]),
    ("For October 7, 2020, the Army has the following losses", [("2020-10-07", True)]),
    ("As of 10 October", [("2020-10-10", True)]),
    ("(17-October-2020)", [("2020-10-17", False)]),
    ("PRESS-RELEASE 10/19/2020", [("2020-10-19", False)]),
    ("from 24.02.22 to 15.05.23", [("2022-02-24/2023-05-15", True)]),
    ("between September 27 and October 10, 2020", [("2020-09-27/2020-10-10", True)]),
    ("on 27 September 2020 and 10 October 2020", [("2020-09-27", False), ("2020-10-10", False)]),
    ("2020-10-19", [("2020-10-19", False)]),
    ("Oct. 8, 2020", [("2020-10-08", False)]),
    ("yesterday", [("2020-10-13", False)]),
    ("last night", [("2020-10-13/2020-10-14", False)]),
    ("today", [("2020-10-14", False)]),
    ("it may 5 times", []),
    ("during the last two weeks", [("2020-09-30/2020-10-14", False)]),
    ("over the past day", [("2020-10-13/2020-10-14", False)]),
    ("in the past 24 hours", [("2020-10-13/2020-10-14", False)]),
    ("within the last 3 days", [("2020-10-11/2020-10-14", False)]),
    ("overnight", [("2020-10-13/2020-10-14", False)]),
    ("this morning", [("2020-10-14", False)]),
    ("since the morning", [("2020-10-14", False)]),
    ("on Sunday", [("2020-10-11", False)]),  # 14 October 2020 was a Wednesday
    ("on Wednesday", [("2020-10-14", False)]),
    ("in September", [("2020-09-01/2020-09-30", False)]),
    ("in November", [("2019-11-01/2019-11-30", False)]),  # a month after the statement is last year's
    ("since 27 September", [("2020-09-27/2020-10-14", False)]),
])
def test_find_dates(text: str, expected: list) -> None:
    assert dates(text) == expected


def test_year_of_a_date_written_without_one_is_the_latest_before_the_document() -> None:
    # A statement of January 2021 that says "On December 30" means December 2020.
    assert dates("On December 30", dt.date(2021, 1, 5)) == [("2020-12-30", False)]


def test_month_precision() -> None:
    (mention,) = find_dates("in September 2020", REFERENCE)
    assert mention.precision == "month" and mention.iso() == "2020-09-01/2020-09-30"


@pytest.mark.parametrize("text, precision", [
    ("On October 14", "day"), ("on 12-16 July", "range"), ("last night", "range"), ("in September", "month"),
])
def test_precision_levels(text: str, precision: str) -> None:
    assert [d.precision for d in find_dates(text, REFERENCE)] == [precision]


def test_relative_expressions_need_the_statements_date() -> None:
    assert find_dates("yesterday and during the last two weeks", None) == []


@pytest.mark.parametrize("text, expected", [
    ("Press Conference\n\nOctober 8, 2020, Islamabad\n\n(by Mr. X)", dt.date(2020, 10, 8)),
    ("PRESS-RELEASE 10/19/2020\n\nEmbassy", dt.date(2020, 10, 19)),
    ("14 October 2020\n\nOn this historical day", dt.date(2020, 10, 14)),
    ("Ministry of Defence of the Russian Federation, 3 March 2024. In total, 576 aircraft have been destroyed "
     "since the beginning of the special military operation.", dt.date(2024, 3, 3)),
    ("Offensive by Armenia in September 2020\n\nOn September 27, 2020 the armed forces of Armenia launched an "
     "attack that went on for a long time and caused a great deal of damage to many villages.", None),
])
def test_publication_date_from_the_heading(text: str, expected: dt.date | None) -> None:
    assert publication_date(text) == expected
