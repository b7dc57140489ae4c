"""Place names, both sides' names, countries, and lists of places taken."""

from __future__ import annotations

from claimledger.lexicon import lexicon_for
from claimledger.places import find_enumerations, find_places
from claimledger.profile import load_profile

PROFILE = load_profile("nagorno_karabakh_2020")
LEX = lexicon_for(PROFILE)


def places(text: str) -> list[str]:
    return [p.name for p in find_places(text, 0, len(text), PROFILE, LEX)]


def test_both_sides_names_and_transliterations() -> None:
    assert places("Shelling of Stepanakert and Shushi") == ["Stepanakert", "Shushi"]
    assert places("Shelling of Khankendi and Şuşa") == ["Khankendi", "Şuşa"]
    assert places("missiles hit Terter and Gence") == ["Terter", "Gence"]


def test_countries_only_where_something_is_located() -> None:
    assert places("mercenaries from Syria and Iraq arrived") == ["Syria"]  # "and Iraq" has no preposition of its own
    assert places("Armenia fired missiles at Azerbaijan") == []
    assert places("a village in Armenia was hit") == ["Armenia"]


def test_names_the_text_calls_places_are_kept_unresolved() -> None:
    assert places("the village of Chiragli and Alkhanli village were shelled") == ["Chiragli", "Alkhanli"]


def test_a_side_name_that_is_also_a_region_is_a_place_only_when_located() -> None:
    assert places("the Artsakh Defense Army said") == []
    assert places("civilians killed in Artsakh") == ["Artsakh"]


def test_enumeration_of_villages_taken() -> None:
    text = ("The Army liberated Garadaghli, Khatunbulag, Garakollu villages of Fuzuli district, and Bulutan, "
            "Melikjanli and Teke villages of Khojavend district.")
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Garadaghli", "Khatunbulag", "Garakollu", "Bulutan", "Melikjanli", "Teke")
    assert enumeration.what == "village"
    assert text[enumeration.start:].startswith("liberated")


def test_villages_of_followed_by_names() -> None:
    text = "Ukrainian troops liberated the villages of Blahodatne, Makarivka and Neskuchne."
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Blahodatne", "Makarivka", "Neskuchne")


def test_a_list_of_attacked_villages_is_not_territory_taken() -> None:
    text = "Armenia attacked the villages of Gapanli, Chiragli and Orta Garavend."
    assert find_enumerations(text, 0, len(text), PROFILE) == []


def test_regression_country_weapons_were_bought_from_is_not_a_place_of_the_claim() -> None:
    """Seed 002: "only by the drones which we acquired from Turkey, we destroyed ... equipment worth 1 billion"."""
    text = "Only by the drones which we acquired from Turkey, we destroyed equipment. Fighters came from Syria."
    names = [p.name for p in find_places(text, 0, len(text), load_profile("nagorno_karabakh_2020"),
                                         lexicon_for(load_profile("nagorno_karabakh_2020")))]
    assert names == ["Syria"]
