"""Claimants, sides and their roles, reported claims."""

from __future__ import annotations

from claimledger.lang.lexicon import lexicon_for
from claimledger.extract.parties import author_side, reported_claims, side_mentions
from claimledger.profile import load_profile

NK = load_profile("nagorno_karabakh_2020")
UA = load_profile("russia_ukraine_2022")


def roles(text: str, claimant: str = "Azerbaijan", profile=NK) -> list[tuple[str, str, str | None]]:
    lex = lexicon_for(profile)
    return [(text[m.start:m.end], m.side, m.role)
            for m in side_mentions(text, 0, len(text), profile, lex, claimant=claimant, speaker_side=claimant,
                                   addressee_side=None)]


def test_author_from_official_heading_domains_and_own_words() -> None:
    lex = lexicon_for(NK)
    assert author_side("Embassy of the Republic of Azerbaijan\n\nText.", NK, lex) == "Azerbaijan"
    assert author_side("News. More at https://mil.am/en/news/1", NK, lex) == "Armenia"
    assert author_side("The Artsakh Defense Army repelled the attack on Stepanakert.", NK, lex) == "Armenia"
    assert author_side("Karabakh is Azerbaijan! Shusha will be free.", NK, lex) == "Azerbaijan"
    assert author_side("A neutral text about the weather.", NK, lex) is None


def test_author_is_an_organisation_that_heads_its_report() -> None:
    lex = lexicon_for(NK)
    text = "Amnesty International\n\nCluster munitions were used in Stepanakert and in Barda."
    assert author_side(text, NK, lex) == "Amnesty International"


def test_author_in_another_war() -> None:
    lex = lexicon_for(UA)
    assert author_side("The special military operation continues. Ukrainian armed formations lost.", UA, lex) == "Russia"
    assert author_side("General Staff of the Armed Forces of Ukraine\n\nThe occupiers lost 900.", UA, lex) == "Ukraine"


def test_roles_actor() -> None:
    assert roles("killed by Armenian forces") == [("Armenian", "Armenia", "actor")]
    assert roles("the armed forces of Armenia launched") == [("Armenia", "Armenia", "actor")]
    assert roles("As a result of Armenia's attacks") == [("Armenia's", "Armenia", "actor")]
    assert roles("Armenian deliberate targeting of civilians") == [("Armenian", "Armenia", "actor")]


def test_roles_affected() -> None:
    assert roles("vehicles of the enemy were destroyed")[0][1:] == ("Armenia", "affected")
    assert roles("the Armenian Army has the following losses") == [("Armenian", "Armenia", "affected")]
    assert roles("Azerbaijan lost 12 servicemen") == [("Azerbaijan", "Azerbaijan", "affected")]
    assert roles("liberated from Armenia's occupation") == [("Armenia's", "Armenia", "affected")]


def test_locations_are_not_roles() -> None:
    assert roles("in the occupied territories of Azerbaijan") == [("Azerbaijan", "Azerbaijan", None)]


def test_relative_words_follow_the_claimant() -> None:
    assert roles("the enemy shelled", claimant="Armenia")[0][1] == "Azerbaijan"
    assert roles("the adversary shelled", claimant="Azerbaijan")[0][1] == "Armenia"
    assert roles("our units destroyed", claimant="Armenia") == [("our", "Armenia", "actor")]


def test_reported_claims_leading_trailing_and_according_to() -> None:
    lex = lexicon_for(NK)
    text = "Emmanuel Macron, after his remarks saying that 300 fighters came, was asked."
    (report,) = [r for r in reported_claims(text, 0, len(text), NK, lex) if r.claimant == "France"]
    assert report.speaker == "Emmanuel Macron" and text[report.start:].startswith(" 300")

    text = "Azerbaijan recruited 1,500 mercenaries, the Armenian Foreign Ministry said."
    (report,) = reported_claims(text, 0, len(text), NK, lex)
    assert report.claimant == "Armenia" and "1,500" in text[report.start:report.end]

    text = "According to Human Rights Watch, 4 civilians were killed."
    assert any(r.claimant == "Human Rights Watch" and "4 civilians" in text[r.start:r.end]
               for r in reported_claims(text, 0, len(text), NK, lex))


def test_claimed_lives_is_not_a_reported_claim() -> None:
    lex = lexicon_for(NK)
    text = "cluster munitions used by Armenia claimed lives of 21 people"
    assert reported_claims(text, 0, len(text), NK, lex) == []


def test_a_side_that_loses_or_is_losing_is_affected() -> None:
    assert roles("Russian army loses another 1,210 troops", claimant="Ukraine", profile=UA)[0][1:] == \
        ("Russia", "affected")
    assert roles("with Ukraine losing up to 140 soldiers", claimant="Russia", profile=UA)[0][1:] == ("Ukraine", "affected")
    assert roles("Armenia is losing 30 servicemen a day") == [("Armenia", "Armenia", "affected")]
