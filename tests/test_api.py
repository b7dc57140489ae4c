"""The Python API, `claimledger.extract(text)`: statements of both sides, dates, profiles, languages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import claimledger
import claimledger.extract  # the stage module of the same name, imported as the pipeline does
from claimledger.errors import DateArgumentError, ProfileError, UnsupportedLanguageError
from claimledger.models import Claim
from claimledger.profile import load_profile

AZERBAIJANI_MOD = (
    "The Ministry of Defense of Azerbaijan reported that yesterday the Armenian armed forces lost "
    "14 tanks and 120 servicemen in the Fuzuli direction."
)
ARMENIAN_MOD = (
    "The Ministry of Defence of Armenia stated that yesterday the Azerbaijani army lost 9 drones "
    "and 60 soldiers near Martakert."
)
# No war named: only the explicit profile reads "the occupiers" as Russia (a word of Ukrainian statements).
UNNAMED_WAR = "According to the ministry, the occupiers lost 7 tanks over the past day."
RUSSIAN_REPORT = (
    "Министерство обороны сообщило, что за прошедшие сутки противник потерял более двухсот "
    "военнослужащих и двенадцать танков на южном направлении."
)


def summary(claims: list[Claim]) -> list[tuple[str | None, int | float | None, list[str], str | None]]:
    return [(claim.claimant, claim.value, claim.what, claim.date) for claim in claims]


def test_azerbaijani_statement_gives_azerbaijans_claims() -> None:
    claims = claimledger.extract(AZERBAIJANI_MOD, date=dt.date(2020, 10, 20))
    assert summary(claims) == [
        ("Azerbaijan", 14, ["tank"], "2020-10-19"),
        ("Azerbaijan", 120, ["military"], "2020-10-19"),
    ]
    assert [claim.affected for claim in claims] == ["Armenia", "Armenia"]


def test_armenian_statement_gives_armenias_claims() -> None:
    claims = claimledger.extract(ARMENIAN_MOD, date=dt.date(2020, 10, 20))
    assert summary(claims) == [
        ("Armenia", 9, ["uav"], "2020-10-19"),
        ("Armenia", 60, ["military"], "2020-10-19"),
    ]
    assert [claim.affected for claim in claims] == ["Azerbaijan", "Azerbaijan"]


def test_claims_carry_the_name_as_doc_and_the_interchange_record() -> None:
    claim = claimledger.extract(ARMENIAN_MOD, date="2020-10-20", name="armenian-mod.txt")[0]
    record = claim.to_record()
    assert record["doc"] == "armenian-mod.txt"
    assert ARMENIAN_MOD[slice(*record["span"])] == record["quote"] == "9 drones"


@pytest.mark.parametrize("date", [dt.date(2020, 10, 20), "2020-10-20", dt.datetime(2020, 10, 20, 18, 30)])
def test_yesterday_is_resolved_against_the_date_given_as_date_iso_string_or_datetime(date: object) -> None:
    claims = claimledger.extract(AZERBAIJANI_MOD, date=date)
    assert {claim.date for claim in claims} == {"2020-10-19"}


def test_a_date_that_is_no_day_is_refused_with_an_example() -> None:
    with pytest.raises(DateArgumentError, match="2020-10-08"):
        claimledger.extract(AZERBAIJANI_MOD, date="20 October")


def test_an_explicit_profile_id_reads_the_text_by_that_war() -> None:
    by_id = claimledger.extract(UNNAMED_WAR, date="2023-03-02", profile="russia_ukraine_2022")
    assert [claim.affected for claim in by_id] == ["Russia"]
    by_default = claimledger.extract(UNNAMED_WAR, date="2023-03-02")
    assert [claim.affected for claim in by_default] != ["Russia"]


def test_a_loaded_profile_reads_as_its_id() -> None:
    loaded = load_profile("russia_ukraine_2022")
    by_object = claimledger.extract(UNNAMED_WAR, date="2023-03-02", profile=loaded)
    by_id = claimledger.extract(UNNAMED_WAR, date="2023-03-02", profile="russia_ukraine_2022")
    assert [c.to_record() for c in by_object] == [c.to_record() for c in by_id]


def test_an_unknown_profile_id_raises_profile_error_naming_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="nagorno_karabakh_2020"):
        claimledger.extract(AZERBAIJANI_MOD, profile="karabakh")


@pytest.mark.parametrize("text", ["", "  \n\t"])
def test_an_empty_text_gives_no_claims(text: str) -> None:
    assert claimledger.extract(text) == []


def test_a_russian_text_is_refused_naming_the_language() -> None:
    with pytest.raises(UnsupportedLanguageError, match=r"russian-mod\.txt: .*Russian, ru.*claimledger reads English"):
        claimledger.extract(RUSSIAN_REPORT, name="russian-mod.txt")


def test_an_explicit_language_overrides_the_detected_one() -> None:
    with pytest.raises(UnsupportedLanguageError, match="French, fr"):
        claimledger.extract(AZERBAIJANI_MOD, language="fr")
    assert isinstance(claimledger.extract(RUSSIAN_REPORT, language="en"), list)


def test_a_regional_english_tag_is_english() -> None:
    assert len(claimledger.extract(AZERBAIJANI_MOD, date="2020-10-20", language="en-GB")) == 2


def test_extract_stays_the_function_after_the_stage_module_of_its_name_is_imported() -> None:
    assert callable(claimledger.extract)
    assert claimledger.extract is not sys.modules["claimledger.extract"]
    assert hasattr(sys.modules["claimledger.extract"], "extract_claims")


def test_importing_claimledger_does_not_load_the_pipeline() -> None:
    probe = "import sys, claimledger; print('claimledger.pipeline' in sys.modules, claimledger.EXTRACTOR_VERSION)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", claimledger.EXTRACTOR_VERSION]
