"""Contested acts (contested.py): the same act asserted by one claimant and denied by another."""

from __future__ import annotations

import datetime as dt

from claimledger.contested import contested_acts
from claimledger.ledger import StoredAllegation
from claimledger.models import Allegation


def told(number: int, stance: str, subject: str, actor: str | None, claimant: str | None) -> StoredAllegation:
    allegation = Allegation(f"d{number}.txt", (0, 10), "the words", stance, subject, actor=actor, claimant=claimant)
    return StoredAllegation(number, number, f"d{number}.txt", dt.date(2020, 10, number), allegation)


def test_an_act_asserted_by_one_side_and_denied_by_the_other_is_contested_with_every_word_of_both() -> None:
    found = [told(1, "asserts", "foreign_military", "Turkey", "Armenia"),
             told(2, "denies", "foreign_military", "turkey", "Azerbaijan"),
             told(3, "asserts", "foreign_military", "Turkey", "Armenia"),
             told(4, "asserts", "attack_on_civilians", "Armenia", "Azerbaijan"),  # denied by no one
             told(5, "denies", "foreign_fighters", "Azerbaijan", "Azerbaijan"),
             told(6, "asserts", "foreign_fighters", "Azerbaijan", "Armenia"),
             told(7, "asserts", "war_crime", "Russia", "Ukraine"),
             told(8, "denies", "war_crime", "Russia", "Ukraine")]  # a party contradicting itself is no contest
    acts = contested_acts(found)
    assert [(a.subject, a.actor) for a in acts] == [("foreign_military", "Turkey"), ("foreign_fighters", "Azerbaijan")]
    assert [s.id for s in acts[0].asserted] == [1, 3] and [s.id for s in acts[0].denied] == [2]
    assert acts[0].claimants("asserts") == {"Armenia": 2} and acts[0].claimants("denies") == {"Azerbaijan": 1}


def test_the_same_subject_of_different_actors_is_two_acts() -> None:
    found = [told(1, "asserts", "attack_on_civilians", "Armenia", "Azerbaijan"),
             told(2, "denies", "attack_on_civilians", "Azerbaijan", "Azerbaijan"),
             told(3, "asserts", "attack_on_civilians", "Russia", "Ukraine"),
             told(4, "denies", "attack_on_civilians", "Russia", "Russia")]
    assert [(a.actor, [s.id for s in a.asserted], [s.id for s in a.denied]) for a in contested_acts(found)] == [
        ("Russia", [3], [4])]
