"""Conflict profiles as data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import ProfileError
from claimledger.profile import available_profiles, choose_profile, load_profile


def test_shipped_profiles_load() -> None:
    assert {"nagorno_karabakh_2020", "russia_ukraine_2022"} <= set(available_profiles())
    for profile_id in available_profiles():
        profile = load_profile(profile_id)
        assert len(profile.sides) == 2 and profile.equipment and profile.places


def test_both_sides_names_are_one_place() -> None:
    profile = load_profile("nagorno_karabakh_2020")
    names = {n for p in profile.places for n in p.names if "Stepanakert" in p.names}
    assert {"Stepanakert", "Khankendi"} <= names


def test_opposite_side() -> None:
    profile = load_profile("russia_ukraine_2022")
    assert profile.opposite("Russia") == "Ukraine" and profile.opposite("France") is None


def test_auto_choice_by_the_names_a_text_uses() -> None:
    assert choose_profile("Shelling of Kharkiv and Bakhmut by Russian forces").id == "russia_ukraine_2022"
    assert choose_profile("Armenian forces shelled Tartar and Ganja").id == "nagorno_karabakh_2020"


def test_profile_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "war.toml"
    path.write_text('[profile]\nid = "w"\ntitle = "W"\n[[sides]]\nname = "A"\naliases = ["A"]\n'
                    '[[sides]]\nname = "B"\naliases = ["B"]\n', encoding="utf-8")
    assert load_profile(str(path)).opposite("A") == "B"


@pytest.mark.parametrize("body, message", [
    ("[profile]\nid = 'x'\ntitle = 'X'\n", "at least two"),
    ("[[sides]]\nname = 'A'\n", "[profile]"),
    ("[profile]\nid = 'x'\ntitle = 'X'\n[[sides]]\nname='A'\n[[sides]]\nname='B'\n[[equipment]]\ncategory='tank'\n"
     "patterns=['T-(72']\n", "not a valid regular expression"),
    ("this is = not toml [", "not valid TOML"),
])
def test_broken_profiles_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError, match="broken.toml") as error:
        load_profile(str(path))
    assert message in str(error.value)


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="russia_ukraine_2022"):
        load_profile("no_such_war")


def test_every_party_of_wars_without_a_profile_has_a_name_and_aliases() -> None:
    from claimledger.profile import world_parties

    parties = world_parties()
    names = [p.name for p in parties]
    assert len(names) == len(set(names)) and len(parties) > 20
    assert all(p.aliases for p in parties)


def test_the_profile_choice_is_explained() -> None:
    from claimledger.profile import explain_profile_choice

    chosen = explain_profile_choice("Armenian forces shelled Tartar; Azerbaijan says 3 civilians were killed.")
    assert chosen.profile.id == "nagorno_karabakh_2020" and "named" in chosen.reason
    generic = explain_profile_choice("Houthi forces said the Saudi-led coalition carried out 30 air strikes.")
    assert generic.profile.id == "generic"
    assert "Houthis" in generic.reason and "Saudi-led coalition" in generic.reason
