"""Claimants, sides and their roles, reported claims."""

from __future__ import annotations

import re

import pytest

from claimledger.lang import load_topic
from claimledger.lang.lexicon import lexicon_for
from claimledger.extract.parties import author_side, reported_claims, side_mentions
from claimledger.profile import load_profile
from test_lang import spoken

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


# The words of lang/en/sides.toml and attribution.toml [reports] drive the matchers: every word of a table, in
# sentences of both sides' statements, gives the role or the report it is listed for.

def _sides_words(table: str, key: str, topic: str = "sides") -> list[str]:
    return [spoken(term) for term in load_topic("en", topic)[table][key]]


# (table, key, sentence with {w}, the side's mention, its role, profile, claimant)
ROLE_WORDINGS = [
    ("actors", "before", "Two houses in Tartar were shelled {w} the Armenian army", "Armenian", "actor", NK,
     "Azerbaijan"),
    ("actors", "before", "Three civilians in Stepanakert were killed {w} Azerbaijan", "Azerbaijan", "actor", NK,
     "Armenia"),
    ("actors", "forces_of", "the {w} of Azerbaijan shelled Martuni", "Azerbaijan", "actor", NK,
     "Armenia"),
    ("actors", "forces_of", "the {w} of Russia struck Kharkiv", "Russia", "actor", UA, "Ukraine"),
    ("actors", "harm_after", "Overnight Russian {w} near Kharkiv", "Russian", "actor", UA, "Ukraine"),
    ("actors", "harm_after", "Earlier Ukrainian {w} near Belgorod", "Ukrainian", "actor", UA, "Russia"),
    ("actors", "modifiers", "Armenian {w} shelled Tartar", "Armenian", "actor", NK, "Azerbaijan"),
    ("affected", "forces", "the Azerbaijani {w} lost 40 servicemen", "Azerbaijani", "affected", NK, "Armenia"),
    ("affected", "losses", "Russia {w} 1,210 troops", "Russia", "affected", UA, "Ukraine"),
    ("affected", "losses", "Ukraine {w} 95 servicemen", "Ukraine", "affected", UA, "Russia"),
    ("affected", "counting_forces", "the Armenian {w} has 180 killed servicemen", "Armenian", "affected", NK,
     "Azerbaijan"),
    ("affected", "count_qualifiers", "the Azerbaijani side has {w} 300 killed servicemen", "Azerbaijani", "affected",
     NK, "Armenia"),
    ("affected", "passive_adverbs", "Ukrainian positions {w} were destroyed", "Ukrainian", "affected", UA, "Russia"),
    ("affected", "passive_auxiliaries", "Russian tanks {w} destroyed", "Russian", "affected", UA, "Ukraine"),
    ("affected", "participles", "Azerbaijani positions were {w}", "Azerbaijani", "affected", NK, "Armenia"),
    ("affected", "participles", "Armenian howitzers were {w}", "Armenian", "affected", NK, "Azerbaijan"),
    ("affected", "before", "Russia opened fire {w} the Ukrainian positions", "Ukrainian", "affected", UA, "Russia"),
    ("affected", "held", "Fuzuli was liberated from Armenia's {w}", "Armenia's", "affected", NK, "Azerbaijan"),
    ("affected", "liberated_from", "Fuzuli was liberated {w} Armenia's occupation", "Armenia's", "affected", NK,
     "Azerbaijan"),
    ("possessions", "nouns", "Russian artillery hit {w} of Ukrainian troops", "Ukrainian", "affected", UA, "Russia"),
    ("possessions", "owners", "Our artillery hit depots of Russian {w}", "Russian", "affected", UA, "Ukraine"),
    ("locations", "nouns_of", "shells fell on the {w} of Azerbaijan", "Azerbaijan", None, NK, "Azerbaijan"),
    ("speakers", "nouns_of", "according to the {w} of Armenia", "Armenia", None, NK, "Azerbaijan"),
]


@pytest.mark.parametrize("table, key, wording, mention, role, profile, claimant", ROLE_WORDINGS)
def test_every_word_of_a_role_table_gives_its_side_that_role(table: str, key: str, wording: str, mention: str,
                                                            role: str | None, profile, claimant: str) -> None:
    # A word some earlier rule reads first keeps that rule's role ("the artillery of", "the government of" are a
    # side's own forces), and one that makes an alias with the side ("Russian side") is the side's name.
    earlier = set(_sides_words("actors", "forces_of")) if table in ("possessions", "speakers") else set()
    for word in _sides_words(table, key):
        text = wording.format(w=word)
        found = roles(text, claimant, profile)
        if word in earlier or any(m.startswith(mention) and m != mention for m, _, _ in found):
            continue
        assert (mention, role) in [(m, r) for m, _, r in found], text


@pytest.mark.parametrize("wording, mention, claimant, profile", [
    ("two soldiers were killed in {noun} {w} Azerbaijani units", "Azerbaijani", "Armenia", NK),
    ("our servicemen died in {noun} {w} the Russian troops", "Russian", "Ukraine", UA),
    ("in {noun} {w} Ukrainian formations, the enemy lost 40 men", "Ukrainian", "Russia", UA),
])
def test_the_side_fought_against_in_any_fighting_word_is_the_doer(wording: str, mention: str, claimant: str,
                                                                   profile) -> None:
    for noun in _sides_words("fighting", "nouns"):
        for word in _sides_words("actors", "fought"):
            text = wording.format(noun=noun, w=word)
            assert (mention, "actor") in [(m, r) for m, _, r in roles(text, claimant, profile)], text


@pytest.mark.parametrize("side, wording", [
    ("Armenia", "{w} of the Republic of Armenia\n\nThe adversary lost 12 tanks."),
    ("Azerbaijan", "{w} of Azerbaijan\n\nArmenian forces shelled Tartar."),
    ("Armenia", "Press release\n{w} of Armenia"),
])
def test_every_office_of_a_side_signs_its_statement(side: str, wording: str) -> None:
    lex = lexicon_for(NK)
    for word in _sides_words("offices", "names") + _sides_words("offices", "of_side"):
        assert author_side(wording.format(w=word), NK, lex) == side, word


@pytest.mark.parametrize("side, wording, profile", [
    ("Armenia", "{kind} {by} the Armenian {w}\n\nThe enemy lost 12 tanks.", NK),
    ("Azerbaijan", "{kind} {by} Azerbaijani {w}\n\nThe enemy shelled Tartar.", NK),
    ("Russia", "{kind} {by} the Russian {w}\n\nThe enemy lost 300 troops.", UA),
])
def test_every_office_named_after_its_side_signs_a_heading(side: str, wording: str, profile) -> None:
    from claimledger.extract.parties import rules_for

    lex = lexicon_for(profile)
    heading = rules_for().side_office_heading.format(aliases="Armenian|Azerbaijani|Russian")
    for word in _sides_words("offices", "after_side"):
        for kind in _sides_words("offices", "heading_kinds"):
            for by in _sides_words("offices", "heading_by"):
                text = wording.format(kind=kind, by=by, w=word)
                assert author_side(text, profile, lex) == side, text
                assert re.match(heading, text).group().startswith(kind), text  # the heading's kind is read


@pytest.mark.parametrize("wording, side, profile", [
    ("Yerevan, October 20, 2020\n{w} of the Ministry\n\nThe adversary lost 12 tanks.", "Armenia", NK),
    ("Baku, October 20, 2020\n{w}\n\nThe enemy shelled Tartar.", "Azerbaijan", NK),
    ("Kyiv, 1 March 2022\n{w} report\n\nThe occupiers lost 300 troops.", "Ukraine", UA),
])
def test_every_signer_of_a_heading_is_the_office_of_the_datelines_capital(wording: str, side: str, profile) -> None:
    lex = lexicon_for(profile)
    for word in _sides_words("offices", "signers"):
        assert author_side(wording.format(w=word), profile, lex) == side, word


@pytest.mark.parametrize("wording", [
    "Casualty update\n\n" + "Civilians were killed in the shelling. " * 8 + "\n{w}: Human Rights Watch",
    "{w} Human Rights Watch\n\nNine civilians were killed in Barda.",
    "Strikes on Kharkiv\n\n" + "Two people were wounded. " * 10 + "\n{w} - Human Rights Watch",
])
def test_every_credit_line_names_the_author(wording: str) -> None:
    lex = lexicon_for(NK)
    for word in _sides_words("credits", "lines"):
        assert author_side(wording.format(w=word), NK, lex) == "Human Rights Watch", word


@pytest.mark.parametrize("wording, side", [
    ("Three civilians were killed {w} Ukraine on Sunday.", "Ukraine"),
    ("Strikes {w} Russia wounded two people.", "Russia"),
    ("The UN counted 40 civilians killed {w} Ukraine.", "Ukraine"),
])
def test_every_word_of_being_in_a_country_makes_the_statement_about_it(wording: str, side: str) -> None:
    from claimledger.extract.parties import location_side

    for word in _sides_words("locations", "inside"):
        assert location_side(wording.format(w=word), UA, lexicon_for(UA)) == side, word


@pytest.mark.parametrize("wording, addressee, profile", [
    ("How many of {w} soldiers were killed?", "Armenia", NK),
    ("Did {w} army lose tanks?", "Azerbaijan", NK),
    ("Were {w} troops near Bakhmut?", "Ukraine", UA),
])
def test_the_interviewers_words_for_the_interviewee_are_the_interviewees_side(wording: str, addressee: str,
                                                                             profile) -> None:
    for word in _sides_words("addressee", "words"):
        text = wording.format(w=word)
        found = side_mentions(text, 0, len(text), profile, lexicon_for(profile), claimant=None, speaker_side=None,
                              addressee_side=addressee)
        assert [(text[m.start:m.end], m.side) for m in found] == [(word, addressee)], text


@pytest.mark.parametrize("wording", [
    "Azerbaijan lost 260 servicemen, Armenian officials say{w} Baku denies it",
    "Russia lost 300 troops, the Ukrainian General Staff said{w} Moscow says 100",
    "Ukraine lost 95 soldiers, Russian officials claimed{w} Kyiv did not comment",
])
def test_every_conjunction_after_an_attribution_ends_its_clause(wording: str) -> None:
    from claimledger.extract.parties import rules_for

    for word in _sides_words("clauses", "conjunctions"):
        text = wording.format(w=f", {word}")
        assert rules_for().clause_join.match(text, text.index(",", text.index(",") + 1)), text
        assert rules_for().clause_break.search(text, text.index(",") + 1), text
    for word in _sides_words("clauses", "before_subject"):
        assert rules_for().coordinated_subject.search(f"50 tanks {word} the "), word


@pytest.mark.parametrize("wording, claimant, profile", [
    ("Ilham Aliyev, {intro} {poss} {noun} {say} 300 mercenaries came, was asked.", "Azerbaijan", NK),
    ("Nikol Pashinyan, {intro} {poss} {noun} {say} 2,400 soldiers died, left.", "Armenia", NK),
    ("Volodymyr Zelensky, {intro} {poss} {noun} {say} 31,000 troops died, left.", "Ukraine", UA),
])
def test_every_word_of_a_report_named_by_its_noun_reports_what_follows(wording: str, claimant: str,
                                                                       profile) -> None:
    reports = load_topic("en", "attribution")["reports"]
    for intro, poss, noun, say in zip(*((list(map(spoken, reports[key])) * 8)[:8]
                                        for key in ("introducing", "possessives", "nouns", "saying"))):
        text = wording.format(intro=intro, poss=poss, noun=noun, say=say)
        found = reported_claims(text, 0, len(text), profile, lexicon_for(profile))
        assert any(r.claimant == claimant and text[r.start:].lstrip()[0].isdigit() for r in found), text


@pytest.mark.parametrize("wording, claimant, profile", [
    ('"Nine civilians were killed in Barda," {w} Hikmet Hajiyev.', "Azerbaijan", NK),
    ('"The enemy lost 40 tanks," {w} Artsrun Hovhannisyan.', "Armenia", NK),
    ('"We shot down 12 drones," {w} Igor Konashenkov.', "Russia", UA),
])
def test_every_verb_of_an_inverted_attribution_reports_the_clause_before_it(wording: str, claimant: str,
                                                                            profile) -> None:
    for word in _sides_words("reports", "inverted", topic="attribution"):
        text = wording.format(w=word)
        found = reported_claims(text, 0, len(text), profile, lexicon_for(profile))
        assert any(r.claimant == claimant and r.start == 0 for r in found), text


@pytest.mark.parametrize("wording, claimant, profile", [
    ("Hikmet Hajiyev appeared on television for the first time{w} 93 civilians were killed", "Azerbaijan", NK),
    ("Artsrun Hovhannisyan went on television{w} 260 enemy soldiers died", "Armenia", NK),
    ("Igor Konashenkov appeared before journalists{w} 40 Ukrainian tanks were hit", "Russia", UA),
])
def test_every_participle_of_speech_goes_on_to_report(wording: str, claimant: str, profile) -> None:
    for word in _sides_words("reports", "going_on", topic="attribution"):
        text = wording.format(w=f", {word} that")
        found = reported_claims(text, 0, len(text), profile, lexicon_for(profile))
        assert any(r.claimant == claimant and r.start == text.index(word) + len(word) for r in found), text


@pytest.mark.parametrize("text, claimant, profile", [
    # A capital standing for its government where it leads a report, in any war and either side's voice.
    ("Baku reported that 13 civilians were killed in Ganja overnight.", "Azerbaijan", NK),
    ("Yerevan claims that 40 Azerbaijani tanks were destroyed.", "Armenia", NK),
    ("Moscow said on Tuesday that 300 Ukrainian servicemen had surrendered.", "Russia", UA),
    ("The Kyiv regime claimed that 52 civilians were killed in Kramatorsk.", "Ukraine", UA),
    ("Kyiv authorities said 12 people were wounded in Kharkiv.", "Ukraine", UA),
])
def test_a_capital_that_leads_a_report_is_its_sides_claim(text: str, claimant: str, profile) -> None:
    found = reported_claims(text, 0, len(text), profile, lexicon_for(profile))
    assert [r.claimant for r in found] == [claimant]


@pytest.mark.parametrize("text, claimants, profile", [
    # "in Yerevan", "to Moscow": the capital is where something is said or sent, not the one who reports it.
    ("The Azerbaijani Defence Ministry said in a statement sent to Yerevan that 40 Armenian tanks were destroyed.",
     ["Azerbaijan"], NK),
    ("Armenia's ombudsman said that in Baku 12 Armenian prisoners were held.", ["Armenia"], NK),
    ("The Ukrainian Air Force said that over Moscow 3 drones were shot down.", ["Ukraine"], UA),
])
def test_a_capital_after_a_word_of_place_reports_nothing_of_its_own(text: str, claimants: list[str], profile) -> None:
    found = reported_claims(text, 0, len(text), profile, lexicon_for(profile))
    assert [r.claimant for r in found] == claimants
