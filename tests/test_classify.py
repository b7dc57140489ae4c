"""Typing a figure: kind, outcome and what, from its noun phrase and predicate."""

from __future__ import annotations

import pytest

from claimledger.classify import classify
from claimledger.lexicon import lexicon_for
from claimledger.numbers import find_numbers
from claimledger.profile import load_profile

LEX = lexicon_for(load_profile("nagorno_karabakh_2020"))


def typed(text: str) -> list[tuple[str, str, tuple[str, ...]] | None]:
    out = []
    previous = previous_end = None
    for mention in find_numbers(text):
        typing = classify(text, 0, len(text), mention, LEX, previous=previous, previous_end=previous_end)
        out.append((typing.kind, typing.outcome, typing.what) if typing else None)
        if typing:
            previous, previous_end = typing, typing.np_end
    return out


@pytest.mark.parametrize("text, expected", [
    ("5 soldiers were killed", ("casualties", "killed", ("military",))),
    ("shelling killed 3 children", ("casualties", "killed", ("children",))),
    ("12 residents were injured", ("casualties", "wounded", ("civilians",))),
    ("4 servicemen went missing", ("casualties", "missing", ("military",))),
    ("2 soldiers were taken prisoner", ("casualties", "captured", ("military",))),
    ("the attack left 7 dead", ("casualties", "killed", ("people",))),
    ("1,500 people fled their homes", ("displacement", "displaced", ("people",))),
    ("40 houses were damaged", ("damage", "damaged", ("houses",))),
    ("a school and 3 hospitals were destroyed", ("damage", "destroyed", ("hospitals",))),
    ("destroyed 6 tanks", ("materiel", "destroyed", ("tank",))),
    ("captured 4 BMP-2 infantry fighting vehicles", ("materiel", "captured", ("armored_vehicle",))),
    ("2 Su-25 aircraft were shot down", ("materiel", "destroyed", ("aircraft",))),
    ("liberated 13 villages", ("territory", "taken", ("village",))),
    ("took control of 2 strategic heights", ("territory", "taken", ("height",))),
    ("3,000 mercenaries were transported", ("force", "deployed", ("mercenaries",))),
    ("fired 200 shells", ("attacks", "strikes", ("shells",))),
    ("violated the ceasefire 30 times", ("attacks", "strikes", ("ceasefire violations",))),
    ("repelled 12 attacks", ("attacks", "strikes", ("attacks",))),
])
def test_kind_outcome_what(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text", [
    "we had 10 joint military trainings", "20 Christian communities appealed", "kept 5,000 ancient books",
    "putting forward 7 pre-conditions", "France 24 TV channel", "we had only two", "visited 3 countries",
])
def test_figures_that_count_nothing_of_a_war(text: str) -> None:
    assert typed(text) == [None]


def test_coordinated_figures_share_a_predicate() -> None:
    assert typed("576 houses and 72 civilian facilities were destroyed") == [
        ("damage", "destroyed", ("houses",)), ("damage", "destroyed", ("civilian facilities",))]
    assert typed("liberated 25 villages and 1 city") == [
        ("territory", "taken", ("village",)), ("territory", "taken", ("city",))]


def test_included_figures_take_the_including_figures_predicate() -> None:
    assert typed("killed 52 people, including 5 children, and injured 100") == [
        ("casualties", "killed", ("people",)), ("casualties", "killed", ("children",)),
        ("casualties", "wounded", ("people",))]


def test_money_counts_the_thing_named_before_worth() -> None:
    (result,) = typed("we destroyed military equipment worth 1 billion dollars")
    assert result == ("materiel", "destroyed", ("equipment",))
