"""The claims stage's own words (lang/en/claims.toml): each table drives what it names, in both sides' voices."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extract.claims import rules_for
from test_extract import NK, UA, check, claims_of, find, valued


@pytest.mark.parametrize("text, profile, actor", [
    ("Baku, 12 October 2020\n\nThe Azerbaijani Defence Ministry said its units beat off 5 attacks near Sugovushan.",
     NK, "Armenia"),
    ("Stepanakert, 12 October 2020\n\nThe Artsakh Defence Army said its units fought off about 10 attacks in the "
     "south.", NK, "Azerbaijan"),
    ("Kyiv, 3 March 2023\n\nThe General Staff said Ukrainian defenders thwarted nearly 40 attacks near Bakhmut.", UA,
     "Russia"),
])
def test_attacks_fought_off_were_the_other_sides(text: str, profile: str, actor: str) -> None:
    claim = valued(claims_of(text, profile))[0]
    check(claim, kind="attacks", actor=actor)


@pytest.mark.parametrize("text, profile", [
    ("Baku, 28 October 2020\n\nDuring only one attack on Barda, 21 civilians were killed.", NK),
    ("Stepanakert, 28 October 2020\n\nIn just one strike on Stepanakert, 4 civilians were wounded.", NK),
    ("Kyiv, 8 April 2022\n\nIn one missile strike on Kramatorsk station, 50 civilians were killed.", UA),
])
def test_one_attack_named_as_the_event_is_not_a_count_of_attacks(text: str, profile: str) -> None:
    assert [c.kind for c in valued(claims_of(text, profile))] == ["casualties"]


@pytest.mark.parametrize("text, profile, value, owner", [
    ("Stepanakert, 5 October 2020\n\nSome 2,000 mercenaries fighting for Azerbaijan were brought from Syria.", NK,
     2000, "Azerbaijan"),
    ("Baku, 5 October 2020\n\nAbout 300 foreign fighters fighting for the Armenian side have arrived.", NK, 300,
     "Armenia"),
    ("Moscow, 5 March 2022\n\nUp to 1,000 mercenaries fighting for Ukraine have been deployed to Kharkiv.", UA, 1000,
     "Ukraine"),
])
def test_a_force_fighting_for_a_side_is_that_sides(text: str, profile: str, value: int, owner: str) -> None:
    check(find(claims_of(text, profile), value), kind="force", actor=owner)


@pytest.mark.parametrize("text, profile, day", [
    ("Baku\n\nThe ministry said on 12 October that 3 civilians were killed in Tartar on 10 October.", NK, "2020-10-10"),
    ("Yerevan\n\nOn 12 October the ministry released the figures: 5 servicemen were killed on 11 October.", NK,
     "2020-10-11"),
    ("Kyiv\n\nThe governor wrote on 3 March 2022 that 9 civilians had been killed in Kharkiv on 1 March 2022.", UA,
     "2022-03-01"),
])
def test_the_day_a_statement_was_made_does_not_date_its_figures(text: str, profile: str, day: str) -> None:
    assert valued(claims_of(text, profile, dt.date(2022 if profile == UA else 2020, 10, 12)))[0].date == day


def test_the_claims_words_are_compiled_once_per_language() -> None:
    assert rules_for("en") is rules_for("en")
    assert rules_for("en").running_total.search("losses to date") is not None


@pytest.mark.parametrize("text, profile, value, day, what", [
    ("IDF names nine soldiers killed in Gaza\n\n1 November 2023\n\nThe army released the names of nine soldiers who "
     "were killed on Tuesday in northern Gaza.", NK, 9, "2023-10-31", ["military"]),
    ("Russia loses another 1,440 troops in a day\n\n27.10.2024\n\nOver the past day, 26 October, the Russian army "
     "lost another 1,440 soldiers killed and wounded, the General Staff reported.", UA, 1440, "2024-10-26",
     ["military"]),
    ("Armenian shelling kills 5 civilians in Tartar\n\nBaku, 12 October 2020\n\nOn 11 October, 5 civilians were "
     "killed in the shelling of Tartar, the Prosecutor General's Office said.", NK, 5, "2020-10-11", ["civilians"]),
])
def test_a_headlines_figure_is_dated_by_the_story_that_states_it_again(text: str, profile: str, value: int, day: str,
                                                                     what: list[str]) -> None:
    headline = min((c for c in valued(claims_of(text, profile)) if c.value == value), key=lambda c: c.span)
    assert headline.span[1] <= text.index("\n")
    check(headline, date=day, what=what)


@pytest.mark.parametrize("text, profile, day", [
    ("Toll since October 7 rises to 326\n\n1 November 2023\n\nNine soldiers were killed on Tuesday, raising the "
     "number of soldiers killed since 7 October to 326.", NK, "2023-10-07/2023-11-01"),
    ("Death toll of Azerbaijani servicemen rises to 2,783\n\nBaku, 3 December 2020\n\nThe number of servicemen "
     "killed since 27 September has risen to 2,783, the ministry said.", NK, "2020-12-03"),
    ("Ukraine's toll rises to 9,900\n\nKyiv, 5 November 2023\n\nSince 24 February 2022, 9,900 civilians have been "
     "killed in Ukraine, the mission said.", UA, "2023-11-05"),
])
def test_a_headlines_running_total_counts_whom_the_story_names_and_keeps_its_day(text: str, profile: str,
                                                                                 day: str) -> None:
    claims = valued(claims_of(text, profile))
    headline, story = claims[0], [c for c in claims if c.value == claims[0].value][-1]
    assert headline is not story and headline.what == story.what != ["people"]
    check(headline, cumulative=True, date=day)


@pytest.mark.parametrize("text, profile, value, claimant, outcome", [
    ("Baku, 14 January 2021\n\nAccording to Azerbaijan, 94 civilians were killed, while Armenia puts its own losses "
     "at 2,400 soldiers.", NK, 2400, "Armenia", "killed"),
    ("Yerevan, 14 January 2021\n\nAccording to Armenia, 60 civilians were killed, while Azerbaijan puts its own "
     "losses at 2,783 servicemen.", NK, 2783, "Azerbaijan", "killed"),
    ("Kyiv, 25 February 2024\n\nRussia counts its own losses at 6,000 soldiers, while Ukraine puts Russian losses "
     "at 180,000 soldiers.", UA, 180000, "Ukraine", "killed_or_wounded"),
])
def test_a_sides_own_losses_are_its_dead_the_others_its_killed_and_wounded(text: str, profile: str, value: int,
                                                                          claimant: str, outcome: str) -> None:
    check(find(claims_of(text, profile), value), claimant=claimant, outcome=outcome)


@pytest.mark.parametrize("text, profile, value, affected", [
    ("Paris, 29 October 2020\n\nAzerbaijan's civilian toll has passed 60, with 25 of those deaths in Ganja.", NK, 60,
     "Azerbaijan"),
    ("Paris, 29 October 2020\n\nArmenia's military death toll has exceeded 1,100, with 40 of those deaths in Hadrut.",
     NK, 1100, "Armenia"),
    ("London, 5 November 2023\n\nUkraine's civilian toll has topped 9,900, with 560 of those deaths children.", UA,
     9900, "Ukraine"),
])
def test_a_sides_toll_and_its_parts_are_that_sides(text: str, profile: str, value: int, affected: str) -> None:
    claims = valued(claims_of(text, profile))
    whole = find(claims, value)
    check(whole, kind="casualties", affected=affected, cumulative=True)
    part = [c for c in claims if c.span[0] > whole.span[0]][0]
    check(part, affected=affected)


@pytest.mark.parametrize("text, profile, claimant", [
    ("Paris, 29 October 2020\n\nIn the enclave, the separatist authorities count nearly 40 civilians killed.", NK,
     "Armenia"),
    ("Kyiv, 1 March 2023\n\nUkrainian officials count 9,000 civilians killed in Mariupol.", UA, "Ukraine"),
    ("Belgorod, 1 March 2024\n\nRussian officials count 300 civilians killed in the region.", UA, "Russia"),
])
def test_a_party_that_counts_claims_its_count(text: str, profile: str, claimant: str) -> None:
    check(valued(claims_of(text, profile))[0], claimant=claimant)


@pytest.mark.parametrize("text, profile, affected", [
    # Operatives are people of an armed force: the other side's, counted by the side that killed them.
    ("Moscow, 9 May 2022\n\nThe Russian Defence Ministry said 14 Ukrainian sabotage operatives were eliminated near "
     "Kharkiv.", UA, "Ukraine"),
    ("Kyiv, 9 May 2022\n\nThe SBU said 3 Russian intelligence operatives were detained in Odesa.", UA, "Russia"),
    ("Baku, 9 October 2020\n\nThe Azerbaijani State Security Service said 4 Armenian operatives were neutralised "
     "near Tartar.", NK, "Armenia"),
])
def test_operatives_are_people_of_the_side_named(text: str, profile: str, affected: str) -> None:
    claim = valued(claims_of(text, profile))[0]
    check(claim, affected=affected, what=["military"])
