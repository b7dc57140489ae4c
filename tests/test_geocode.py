"""Resolving claims' places in the shipped gazetteer, with context and precision."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from claimledger.extract import extract_claims
from claimledger.gazetteer import Gazetteer
from claimledger.geocode import locate_claims
from claimledger.models import Claim, Document, Location
from claimledger.profile import load_profile


def located(text: str, profile: str = "nagorno_karabakh_2020") -> list[Claim]:
    document = Document(name="case.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        published=dt.date(2020, 10, 14))
    chosen = load_profile(profile)
    return locate_claims(document, extract_claims(document, chosen), Gazetteer.bundled(), chosen)


def location(claims: list[Claim], name: str) -> Location:
    for claim in claims:
        for loc in claim.locations:
            if loc.text == name:
                return loc
    raise AssertionError(f"{name} not among {[l.text for c in claims for l in c.locations]}")


def test_a_settlement_is_precision_one_and_shows_both_sides_names() -> None:
    claims = located("Stepanakert, October 14, 2020. The shelling of Khankendi killed 3 civilians.")
    khankendi = location(claims, "Khankendi")
    assert khankendi.precision == 1 and khankendi.kind == "city"
    assert "Stepanakert" in khankendi.display and "Khankendi" in khankendi.display
    assert located("Shelling of Stepanakert killed 3 civilians.")[0].locations[0].place_id == khankendi.place_id


@pytest.mark.parametrize("sentence, kind, precision", [
    ("5 civilians were killed in Tartar city.", "town", 1),
    ("5 civilians were killed in the city of Tartar.", "town", 1),
    ("5 civilians were killed in Tartar district.", "district", 3),
    ("The territory of Terter, Aghdam, and Aghjabedi regions was shelled, 5 civilians were killed.", "district", 3),
    ("5 civilians were killed near Tartar.", "town", 2),
    ("5 civilians were killed in Tartar.", "town", 1),
])
def test_context_decides_between_town_and_district(sentence: str, kind: str, precision: int) -> None:
    claims = located(sentence)
    name = "Terter" if "Terter" in sentence else "Tartar"
    loc = location(claims, name)
    assert (loc.kind, loc.precision) == (kind, precision)


def test_villages_of_a_named_district_resolve_inside_it() -> None:
    text = ("The Army liberated Garadaghli, Khatunbulag, Garakollu villages of Fuzuli district, and Bulutan and "
            "Tagaser villages of Khojavend district.")
    (claim,) = located(text)
    garadaghli = location([claim], "Garadaghli")
    # Azerbaijan has fifteen Qaradağlı; the one of Füzuli district lies beside Khatunbulag.
    gazetteer = Gazetteer.bundled()
    district = gazetteer.ancestors(gazetteer.get(garadaghli.place_id))
    assert any("Füzuli" in p.name or "Fuzuli" in p.name for p in district)
    assert all(loc.place_id for loc in claim.locations)
    assert abs(garadaghli.lat - 39.51) < 0.05 and abs(garadaghli.lon - 47.08) < 0.05


def test_transliterations_meet_in_one_place() -> None:
    ids = {location(located(f"5 civilians were killed in {name}."), name).place_id
           for name in ("Ganja", "Gence", "Gəncə", "Gyandzha")}
    assert len(ids) == 1


def test_other_war_and_unknown_names_are_kept_unresolved() -> None:
    claims = located("Kyiv, 8 April 2022. A missile strike on Kramatorsk killed 52 people.", "russia_ukraine_2022")
    kramatorsk = location(claims, "Kramatorsk")
    assert kramatorsk.place_id is None and kramatorsk.precision is None


def test_countries_are_precision_three() -> None:
    claims = located("Baku, October 14, 2020. Armenia brought at least 1,200 mercenaries from Syria.")
    syria = location(claims, "Syria")
    assert syria.kind == "country" and syria.precision == 3


def test_every_place_of_the_seed_gold_resolves() -> None:
    # The place names of ../shared/eval/gold/seeds.jsonl, written as the seed statements write them.
    gazetteer = Gazetteer.bundled()
    for name in ("Mingachevir", "Ganja", "Iraq", "Tartar", "Aghdam", "Syria", "Fuzuli", "Garadaghli", "Khatunbulag",
                 "Garakollu", "Bulutan", "Melikjanli", "Kemertuk", "Teke", "Tagaser", "Naftalan", "Tovuz", "Barda"):
        assert gazetteer.lookup(name), name


@pytest.mark.parametrize("names", [
    ("Martakert", "Aghdere"), ("Karvachar", "Kalbajar", "Kelbadzhar"), ("Berdzor", "Lachin"),
    ("Martuni", "Khojavend"), ("Jrakan", "Jabrayil", "Jebrail", "Cabrayil"), ("Shushi", "Shusha", "Şuşa"),
    ("Aghdam", "Agdam", "Ağdam"), ("Tartar", "Terter", "Tərtər"),
])
def test_each_sides_names_and_transliterations_locate_one_place(names: tuple[str, ...]) -> None:
    ids = {location(located(f"5 civilians were killed in the town of {name}."), name).place_id for name in names}
    assert len(ids) == 1 and None not in ids, ids


@pytest.mark.parametrize("sentence, name, profile", [
    # "Kharkiv" is one edit off a village of Armenia; the text says it is a region.
    ("Kyiv, 3 May 2022. Russian shelling killed 4 civilians in the Kharkiv region.", "Kharkiv", "russia_ukraine_2022"),
    ("Baku, 14 October 2020. Shelling of the Lachin region killed 2 civilians.", "Lachin", "nagorno_karabakh_2020"),
    ("Yerevan, 14 October 2020. Azerbaijani drones wounded 3 civilians in Syunik province.", "Syunik",
     "nagorno_karabakh_2020"),
])
def test_a_region_is_never_a_village_of_a_similar_name(sentence: str, name: str, profile: str) -> None:
    loc = location(located(sentence, profile), name)
    assert loc.place_id is None or (loc.kind in ("district", "region") and loc.precision == 3)


def test_a_country_outside_the_gazetteer_is_not_a_village_one_letter_off() -> None:
    # The gazetteer has a village Sa'dan; "Sudan" is a country it does not list.
    claims = located("Khartoum, 2 May 2023. More than 73,000 people have fled Sudan, the UN said.")
    assert location(claims, "Sudan").place_id is None


def test_a_part_of_a_place_is_resolved_to_the_place_at_precision_two() -> None:
    loc = location(located("Baku, 14 October 2020. Armenian shelling of northern Tartar killed 3 civilians."),
                   "northern Tartar")
    assert loc.precision == 2 and ("Tartar" in loc.display or "Tərtər" in loc.display)
