"""Allegations and denials (extract/allegations.py): each subject in both sides' voices and several wordings, the
denials, the reported and the rhetorical forms, and what is no allegation."""

from __future__ import annotations

import hashlib

import pytest

from claimledger.extract import Doc, read
from claimledger.extract.timeref import publication_date
from claimledger.models import Allegation, Document
from claimledger.profile import choose_profile, load_profile

NK = "nagorno_karabakh_2020"
UA = "russia_ukraine_2022"


def read_text(text: str, profile: str | None = NK) -> Doc:
    """The statement read with `profile`, or with the profile --profile auto chooses for it (None)."""
    document = Document(name="statement.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        published=publication_date(text))
    return read(document, load_profile(profile) if profile else choose_profile(text))


def allegations_of(text: str, profile: str = NK) -> list[Allegation]:
    return read_text(text, profile).allegations


def read_as(text: str, profile: str = NK) -> list[tuple[str, str, str | None, str | None]]:
    return [(a.subject, a.stance, a.actor, a.claimant) for a in allegations_of(text, profile)]


@pytest.mark.parametrize("profile, text, expected", [
    # Ceasefire violations and aggression.
    (NK, "Baku, 4 October 2020. The Ministry of Defence of Azerbaijan said the Armenian armed forces once again "
         "violated the ceasefire along the front line.", ("ceasefire_violation", "asserts", "Armenia", "Azerbaijan")),
    (NK, "Yerevan, 12 October 2020. The Armenian Defence Ministry said Azerbaijani units broke the humanitarian "
         "truce within minutes of its start.", ("ceasefire_violation", "asserts", "Azerbaijan", "Armenia")),
    (UA, "Kyiv, 24 February 2022. The General Staff of the Armed Forces of Ukraine said Russia launched a "
         "large-scale offensive against Ukraine at dawn.", ("ceasefire_violation", "asserts", "Russia", "Ukraine")),
    # Attacks on civilians.
    (NK, "Stepanakert, 8 October 2020. The Artsakh ombudsman said Azerbaijani forces deliberately targeted "
         "residential areas of Stepanakert overnight.", ("attack_on_civilians", "asserts", "Azerbaijan", "Armenia")),
    (NK, "Baku, 11 October 2020. Hikmet Hajiyev said Armenia fired a Tochka-U missile at densely populated areas "
         "of Ganja.", ("attack_on_civilians", "asserts", "Armenia", "Azerbaijan")),
    (UA, "Moscow, 5 May 2022. The Russian Defence Ministry said Ukrainian units shelled residential quarters of "
         "Donetsk with rocket artillery.", ("attack_on_civilians", "asserts", "Ukraine", "Russia")),
    # Prohibited weapons.
    (NK, "Yerevan, 4 October 2020. The Armenian Foreign Ministry said Azerbaijan used cluster munitions against "
         "Stepanakert.", ("prohibited_weapons", "asserts", "Azerbaijan", "Armenia")),
    (NK, "Baku, 28 October 2020. The Azerbaijani Prosecutor General's Office said Armenia fired cluster rockets "
         "at Barda.", ("prohibited_weapons", "asserts", "Armenia", "Azerbaijan")),
    (UA, "Kyiv, 3 March 2022. Ukrainian officials said Russian forces dropped phosphorus bombs on Kharkiv.",
     ("prohibited_weapons", "asserts", "Russia", "Ukraine")),
    # Foreign fighters: who brought them in, not where they are from.
    (NK, "Baku, 2 October 2020. The Azerbaijani Foreign Ministry said Armenia has brought PKK militants into the "
         "occupied territories.", ("foreign_fighters", "asserts", "Armenia", "Azerbaijan")),
    (NK, "Yerevan, 5 October 2020. The Armenian government said Turkey transferred hundreds of mercenaries from "
         "Syria to Azerbaijan.", ("foreign_fighters", "asserts", "Turkey", "Armenia")),
    (NK, "Yerevan, 6 October 2020. Armenia said Syrian mercenaries are fighting on the Azerbaijani side.",
     ("foreign_fighters", "asserts", "Azerbaijan", "Armenia")),
    # A third state's forces.
    (NK, "Yerevan, 29 September 2020. The Armenian Defence Ministry said Turkish F-16 fighters took part in the "
         "strikes.", ("foreign_military", "asserts", "Turkey", "Armenia")),
    (UA, "Kyiv, 24 February 2022. Ukraine says Belarusian troops crossed the border in the Volyn region.",
     ("foreign_military", "asserts", "Belarus", "Ukraine")),
    # War crimes.
    (NK, "Stepanakert, 20 October 2020. The Artsakh ombudsman said Azerbaijani soldiers tortured and beheaded "
         "captured civilians.", ("war_crime", "asserts", "Azerbaijan", "Armenia")),
    (NK, "Baku, 21 November 2020. Azerbaijan said Armenian forces destroyed the mosques of Aghdam and desecrated "
         "cemeteries.", ("war_crime", "asserts", "Armenia", "Azerbaijan")),
    (UA, "Kyiv, 4 April 2022. Ukraine's Prosecutor General said Russian troops executed civilians in Bucha.",
     ("war_crime", "asserts", "Russia", "Ukraine")),
])
def test_each_subject_is_read_in_both_sides_voices(profile: str, text: str, expected: tuple) -> None:
    assert read_as(text, profile) == [expected]


@pytest.mark.parametrize("profile, text, expected", [
    # The other side's report of a loss, called false: the actor is the side said to have inflicted it.
    (NK, "Baku, 6 October 2020. The Azerbaijani Defence Ministry said Armenian reports that an Azerbaijani Su-25 "
         "was shot down are false.", ("loss_claim", "denies", "Armenia", "Azerbaijan")),
    (NK, "Yerevan, 10 October 2020. The Armenian Defence Ministry called the Azerbaijani claims about the capture "
         "of Hadrut groundless.", ("loss_claim", "denies", "Azerbaijan", "Armenia")),
    (UA, "Moscow, 12 May 2022. The Russian Defence Ministry said the casualty figures Kyiv gives for the Russian "
         "army are fabricated.", ("loss_claim", "denies", "Ukraine", "Russia")),
    # The rhetorical "as if": the other side's claim, denied; the actor is whoever it says took part.
    (NK, "Baku, 3 October 2020. The Ministry of Defence of Azerbaijan said Armenia spreads fake news as if Turkish "
         "F-16s take part in the fighting.", ("foreign_military", "denies", "Turkey", "Azerbaijan")),
    # A side denying what it is accused of.
    (NK, "Yerevan, 3 October 2020. The Armenian side rejected as groundless the claims of Baku that Armenian "
         "forces brought in PKK fighters.", ("foreign_fighters", "denies", "Armenia", "Armenia")),
    (UA, "Moscow, 9 April 2022. The Russian Defence Ministry said the reports of a strike by Russian forces on "
         "residential areas of Kramatorsk are a provocation and bear no relation to reality.",
     ("attack_on_civilians", "denies", "Russia", "Russia")),
    # The denier's scare quotes ("a 'missile'") and its label for the report ("a provocation").
    (UA, "Moscow, 9 April 2022. The Russian Defence Ministry said the claims that Russia fired a \"missile\" at the "
         "railway station in Kramatorsk are a provocation and bear no relation to reality.",
     ("attack_on_civilians", "denies", "Russia", "Russia")),
    (NK, "Baku, 5 October 2020. The Azerbaijani Defence Ministry said the claims that Azerbaijan fired \u201crockets\u201d "
         "at Stepanakert are fake.", ("attack_on_civilians", "denies", "Azerbaijan", "Azerbaijan")),
])
def test_denials_say_who_denies_and_whom_the_denied_act_is_of(profile: str, text: str, expected: tuple) -> None:
    assert read_as(text, profile) == [expected]


def test_a_report_of_two_parties_is_an_assertion_and_a_denial_each_with_its_claimant() -> None:
    text = "Armenia said Azerbaijan used cluster munitions in Stepanakert; Baku denied it."
    assert read_as(text) == [("prohibited_weapons", "asserts", "Azerbaijan", "Armenia"),
                             ("prohibited_weapons", "denies", "Azerbaijan", "Azerbaijan")]


@pytest.mark.parametrize("profile, text", [
    (UA, "Kyiv, 27 October 2022. The Russian army lost 12 tanks over the past day, the General Staff said."),
    (UA, "Kyiv, 2 March 2023. Since Russia launched its full-scale invasion, 460 children have been killed."),
    (NK, "Baku, 27 September 2020. The Azerbaijani Army launched a counter-offensive along the front line."),
    (NK, "Stepanakert, 2 October 2020. Our army launched a series of offensives against enemy positions."),
    (UA, "Moscow, 3 March 2022. The Russian Defence Ministry said Russian forces launched an offensive towards "
         "Kherson."),
    (NK, "Neither Armenia nor Azerbaijan has joined the Convention on Cluster Munitions."),
    (NK, "No mercenary has that level of skill, the Azerbaijani president said."),
    (NK, "Baku, 5 October 2020. As legitimate military targets, the launchers were destroyed to protect civilians."),
])
def test_what_is_no_allegation(profile: str, text: str) -> None:
    # A side's own forces in a war of two sides, a war's start as background, a side telling of its own operations,
    # a treaty, a negated word, a strike on military targets.
    assert read_as(text, profile) == []


def test_an_act_backed_by_a_third_state_is_one_allegation_of_the_act() -> None:
    text = ("Yerevan, 28 September 2020. The Armenian government said Azerbaijan, with the backing of Turkey, "
            "unleashed a war against Artsakh.")
    assert read_as(text) == [("ceasefire_violation", "asserts", "Azerbaijan", "Armenia")]


def test_acts_joined_by_and_in_one_clause_are_two_allegations() -> None:
    text = ("Yerevan, 7 October 2020. The Armenian Foreign Ministry said Turkey has used its air force against "
            "Artsakh and has moved thousands of mercenaries from Syria to Azerbaijan.")
    assert read_as(text) == [("foreign_military", "asserts", "Turkey", "Armenia"),
                             ("foreign_fighters", "asserts", "Turkey", "Armenia")]


def test_a_denial_that_names_no_act_denies_the_one_told_before_it() -> None:
    text = ("Baku, 14 October 2020. The Azerbaijani Defence Ministry claimed that Armenian forces fired missiles at "
            "Ganja. That report was denied by the Armenian Defence Ministry.")
    assert read_as(text)[-1] == ("attack_on_civilians", "denies", "Armenia", "Armenia")


def test_an_allegation_quotes_its_span_and_carries_its_places_and_day() -> None:
    text = ("Yerevan, 4 October 2020. On 3 October, Azerbaijani forces deliberately shelled residential areas of "
            "Stepanakert and Shushi, the Armenian Defence Ministry said.")
    (allegation,) = allegations_of(text)
    assert text[allegation.span[0]:allegation.span[1]] == allegation.quote
    assert "deliberately shelled residential areas" in allegation.quote
    assert set(allegation.places) >= {"Stepanakert", "Shushi"}
    assert allegation.date == "2020-10-03"
    assert allegation.to_record()["kind"] == "allegation"


def test_a_comma_inside_a_figure_does_not_cut_a_clause() -> None:
    text = ("Gaza, 20 October 2023. The ministry said Israeli forces have been murdering more than 1,400 people, "
            "most of them civilians.")
    from claimledger.extract.allegations import _clauses

    assert any("more than 1,400 people" in text[start:end] for start, end in _clauses(text, 0, len(text)))


def test_a_language_file_that_leaves_a_subject_out_is_refused_naming_the_subjects(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.errors import ProfileError
    from claimledger.extract import allegations
    from claimledger.lang import load_topic

    data = {table: dict(entries) for table, entries in load_topic("en", "allegations").items()}
    del data["subjects"]["war_crime"]
    monkeypatch.setattr(allegations, "load_topic", lambda language, topic: data)
    allegations.rules_for.cache_clear()
    try:
        with pytest.raises(ProfileError, match=r"allegations.toml: \[subjects\] and \[order\] .*war_crime"):
            allegations.rules_for("en")
    finally:
        allegations.rules_for.cache_clear()


@pytest.mark.parametrize("profile, text, figure, original", [
    (UA, "Moscow, 12 May 2022. The Russian Defence Ministry said Kyiv's figure of 26,000 Russian troops killed is "
         "fabricated.", 26000, "Ukraine"),
    (NK, "Yerevan, 10 October 2020. The Armenian Defence Ministry said the claim of Baku that 300 Armenian soldiers "
         "were killed near Hadrut is groundless.", 300, "Azerbaijan"),
    (NK, "Baku, 6 October 2020. The Azerbaijani Defence Ministry said Armenian reports that 12 Azerbaijani "
         "helicopters were shot down are false.", 12, "Armenia"),
])
def test_a_figure_quoted_to_be_called_false_keeps_its_original_claimant_and_its_denial_disputes_it(
        profile: str, text: str, figure: int, original: str) -> None:
    doc = read_text(text, profile)
    (claim,) = doc.claims
    assert (claim.value, claim.claimant) == (figure, original)
    (denial,) = doc.allegations
    assert (denial.subject, denial.stance, denial.actor) == ("loss_claim", "denies", original)
    assert denial.claimant != original and denial.disputes == [claim.span]


def test_a_village_that_lies_in_ruins_is_no_denial() -> None:
    text = ("Baku, 15 October 2020. As of today, 43 civilians have been killed, and about 2,000 houses lie in ruins, "
            "the Azerbaijani president said.")
    doc = read_text(text)
    assert {c.claimant for c in doc.claims} == {"Azerbaijan"}
    assert [a for a in doc.allegations if a.stance == "denies"] == []


@pytest.mark.parametrize("profile, text, expected_actor", [
    # The other side's toll of its own dead, called inflated: the denier is the one it blames.
    (UA, "Moscow, 9 April 2022. The Kyiv regime claimed that 52 civilians were killed at the railway station in "
         "Kramatorsk. These casualty figures are fabricated, the Russian Defence Ministry said.", "Russia"),
    (NK, "Yerevan, 18 October 2020. Baku reported that 13 civilians were killed in Ganja overnight. The Armenian "
         "Defence Ministry said Baku exaggerated the casualty figures.", "Armenia"),
    (UA, "Kyiv, 20 May 2022. The Ukrainian General Staff rejected the casualty figures as inflated. The Russian "
         "Defence Ministry had said that 1,700 Russian servicemen were killed near Izium.", "Ukraine"),
    # The other side's report of the denier's losses, beside the denier's own figure of what it destroyed: that
    # figure is not the one called false.
    (NK, "Baku, 6 October 2020. Azerbaijani forces destroyed 12 Armenian tanks near Fuzuli. The Azerbaijani Defence "
         "Ministry said Armenian reports of heavy losses are false.", "Armenia"),
    (UA, "Kyiv, 3 May 2022. Ukrainian forces destroyed 9 Russian tanks near Izium. The General Staff of Ukraine said "
         "Russian reports of heavy Ukrainian losses are fake.", "Russia"),
    # The denier's own losses, reported by the other side: blamed on that side.
    (NK, "Baku, 6 October 2020. Armenia claimed that Azerbaijan lost 40 tanks near Fuzuli. The Azerbaijani "
         "Defence Ministry said these loss figures are fake.", "Armenia"),
    (UA, "Moscow, 12 May 2022. The Ukrainian General Staff said 26,000 Russian troops had been killed. The Russian "
         "Defence Ministry called the casualty figures fabricated.", "Ukraine"),
])
def test_a_denied_toll_is_blamed_on_the_side_that_the_loss_is_not_of(profile: str, text: str,
                                                                       expected_actor: str) -> None:
    denials = [a for a in allegations_of(text, profile) if a.subject == "loss_claim"]
    assert [(a.stance, a.actor) for a in denials] == [("denies", expected_actor)]


@pytest.mark.parametrize("profile, text, expected", [
    # A blast blamed on a misfire, a failed launch or an air-defence missile: a side is blamed, no attack alleged.
    (UA, "Moscow, 16 November 2022. The Russian Defence Ministry said the blast in the Polish village of Przewodow "
         "was caused by a Ukrainian air defence missile.", ("other", "asserts", "Ukraine", "Russia")),
    (UA, "Kyiv, 20 April 2023. Ukraine's Air Force said the explosion at the Kharkiv apartment block was caused by "
         "a malfunctioning Russian missile.", ("other", "asserts", "Russia", "Ukraine")),
    (NK, "Baku, 10 October 2020. The Azerbaijani Defence Ministry said the rocket that hit the school in Martuni was "
         "an Armenian misfire.", ("other", "asserts", "Armenia", "Azerbaijan")),
    (NK, "Yerevan, 12 October 2020. The Armenian Defence Ministry said a failed Azerbaijani missile launch struck "
         "the hospital in Horadiz.", ("other", "asserts", "Azerbaijan", "Armenia")),
    # "X's misfire, not our strike, hit the hospital": what hit is the misfire before the inserted contrast, so the
    # clause after it alleges no attack; only the contrasted strike is denied.
    (NK, "Baku, 10 October 2020. An Armenian rocket misfire, not an Azerbaijani strike, hit the school in Martuni, "
         "the Azerbaijani Defence Ministry said.", ("attack_on_civilians", "denies", "Azerbaijan", "Azerbaijan")),
    (NK, "Yerevan, 12 October 2020. A failed Azerbaijani missile launch, not an Armenian strike, struck the hospital "
         "in Horadiz, the Armenian Defence Ministry said.", ("attack_on_civilians", "denies", "Armenia", "Armenia")),
    (UA, "Kyiv, 20 April 2023. A malfunctioning Russian missile, not Ukrainian air defence, hit the apartment block "
         "in Kharkiv, the Ukrainian Air Force said.", ("attack_on_civilians", "denies", "Ukraine", "Ukraine")),
    (UA, "Moscow, 20 April 2023. A stray Ukrainian interceptor, not a Russian missile, hit the apartment block in "
         "Belgorod, the Russian Defence Ministry said.", ("attack_on_civilians", "denies", "Russia", "Russia")),
])
def test_a_blast_blamed_on_a_misfire_is_blame_not_an_attack_on_civilians(profile: str, text: str,
                                                                         expected: tuple) -> None:
    assert read_as(text, profile) == [expected]


def test_rockets_that_fell_short_are_no_allegation_of_an_attack() -> None:
    text = ("Baku, 20 October 2020. Since the fighting began, dozens of the rockets fired at Tartar have fallen short "
            "inside Armenian-held areas, the ministry said.")
    assert read_as(text) == []


@pytest.mark.parametrize("profile, text, denied", [
    # An attack named only to be set against what did it: that attack alone is denied, by the side it names.
    (NK, "Baku, 28 October 2020. The Azerbaijani Defence Ministry said the explosion in Barda was caused by an "
         "Armenian Smerch rocket and not by Azerbaijani artillery.", ("attack_on_civilians", "denies", "Azerbaijan",
                                                                      "Azerbaijan")),
    (UA, "Moscow, 8 April 2022. The Russian Defence Ministry said the railway station in Kramatorsk was hit by a "
         "Ukrainian Tochka-U, not by a Russian missile.", ("attack_on_civilians", "denies", "Russia", "Russia")),
    (UA, "Kyiv, 1 March 2023. The Ukrainian Air Force said the damage in the residential district came from a "
         "Russian drone, not from Ukrainian air defence.", ("attack_on_civilians", "denies", "Ukraine", "Ukraine")),
    (NK, "Yerevan, 17 October 2020. The Armenian Defence Ministry said the blast in Ganja was the result of an "
         "Azerbaijani misfire and not of an Armenian missile strike.", ("attack_on_civilians", "denies", "Armenia",
                                                                        "Armenia")),
])
def test_an_attack_set_against_what_did_it_is_denied_alone(profile: str, text: str, denied: tuple) -> None:
    found = read_as(text, profile)
    assert denied in found
    assert [a for a in found if a[1] == "denies"] == [denied]


@pytest.mark.parametrize("profile, text", [
    # Objects that attacks hit, counted: a figure of damage (SCHEMA.md's bare toll line), in each side's voice.
    (UA, "Kyiv, 14 July 2022. Russian missiles hit 14 residential buildings and two schools in Vinnytsia, the "
         "regional administration said."),
    (UA, "Moscow, 3 June 2022. Ukrainian artillery shelled 12 houses and three kindergartens in Horlivka overnight, "
         "the Russian Defence Ministry said."),
    (NK, "Stepanakert, 10 October 2020. Azerbaijani strikes hit 40 houses and a hospital in Martuni, the Artsakh "
         "emergency service said."),
    (NK, "Baku, 11 October 2020. Armenian shells hit 25 houses and two schools in Tartar, the Prosecutor General's "
         "Office said."),
])
def test_a_count_of_the_objects_attacks_hit_is_a_figure_not_an_allegation(profile: str, text: str) -> None:
    doc = read_text(text, profile)
    assert {c.kind for c in doc.claims} == {"damage"}
    assert doc.allegations == []


@pytest.mark.parametrize("profile, text, expected", [
    # The same count with a word of intent or crime: the act is alleged as well as counted.
    (NK, "Stepanakert, 10 October 2020. Azerbaijani forces deliberately shelled 40 houses in Martuni, the Artsakh "
         "ombudsman said.", ("attack_on_civilians", "asserts", "Azerbaijan", "Armenia")),
    (NK, "Baku, 11 October 2020. Armenian forces indiscriminately struck 25 houses in Tartar, the Azerbaijani "
         "Foreign Ministry said.", ("attack_on_civilians", "asserts", "Armenia", "Azerbaijan")),
    (UA, "Kyiv, 14 July 2022. Russian forces deliberately hit 14 residential buildings in Vinnytsia, the Ukrainian "
         "Foreign Ministry said.", ("attack_on_civilians", "asserts", "Russia", "Ukraine")),
    (UA, "Moscow, 3 June 2022. Ukrainian militants barbarically shelled 12 houses in Donetsk, the Russian Defence "
         "Ministry said.", ("attack_on_civilians", "asserts", "Ukraine", "Russia")),
    # Civilians killed by attacks are alleged, counted or not.
    (NK, "Baku, 1 November 2020. Armenian attacks on Tartar and Barda killed 91 Azerbaijani civilians, the "
         "Prosecutor General's Office said.", ("attack_on_civilians", "asserts", "Armenia", "Azerbaijan")),
    (UA, "Kyiv, 9 April 2022. Russian strikes on the Kramatorsk railway station killed 52 civilians, the "
         "Ukrainian Prosecutor General said.", ("attack_on_civilians", "asserts", "Russia", "Ukraine")),
    # Objects counted beside people killed: the civilians killed make it an allegation.
    (UA, "Kyiv, 14 July 2022. Russian missiles hit 14 residential buildings and killed 23 civilians in Vinnytsia, "
         "the Ukrainian Prosecutor General said.", ("attack_on_civilians", "asserts", "Russia", "Ukraine")),
    (NK, "Baku, 11 October 2020. Armenian shells hit 25 houses and killed 4 civilians in Tartar, the Azerbaijani "
         "Prosecutor General's Office said.", ("attack_on_civilians", "asserts", "Armenia", "Azerbaijan")),
])
def test_a_counted_attack_with_words_of_intent_or_on_civilians_is_still_alleged(profile: str, text: str,
                                                                              expected: tuple) -> None:
    assert read_as(text, profile) == [expected]


@pytest.mark.parametrize("text, denier", [
    # A war with no profile and a third party named by the text: the toll it gives, of no side's dead named, is its
    # own people's, blamed on the side that calls it inflated.
    ("Tel Aviv, 18 October 2023. The IDF said an Islamic Jihad rocket hit the hospital. Islamic Jihad fired the "
     "rocket from a cemetery, the IDF said.\n\nThe Hamas-run health ministry had claimed that at least 471 people "
     "were killed. The IDF said the casualty figures were inflated.", "Israel"),
    ("Tel Aviv, 18 October 2023. Islamic Jihad fired the rocket from a cemetery, the IDF said. Islamic Jihad is "
     "lying, the IDF said.\n\nThey inflated the casualty figures, the army said. The Hamas-run health ministry had "
     "claimed that 471 people were killed.", "Israel"),
    ("Tel Aviv, 2 October 2024. The IDF said Hezbollah fired 100 rockets from villages in southern Lebanon. "
     "Hezbollah hides its launchers in homes, the IDF said. The Lebanese health ministry said that 30 people were "
     "killed in the strikes. The IDF said Hezbollah exaggerated the casualty figures.", "Israel"),
    # The other side's toll, named by the denier's adversary: blamed on the denier too.
    ("Beirut, 3 October 2024. Hezbollah said its rockets hit Israeli army bases in the north. The Israeli health "
     "ministry said that 12 people were wounded in Haifa. Hezbollah said the Israeli casualty figures were "
     "inflated to justify the aggression.", "Hezbollah"),
])
def test_a_toll_that_a_third_party_gives_and_a_side_calls_inflated_is_blamed_on_that_side(text: str,
                                                                                          denier: str) -> None:
    doc = read_text(text, None)
    assert [(a.stance, a.claimant, a.actor) for a in doc.allegations if a.subject == "loss_claim"] == \
        [("denies", denier, denier)]
