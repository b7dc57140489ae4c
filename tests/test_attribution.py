"""Attribution: the people statements name as speakers, and the voice each sentence is in.

Every rule is tried in several wordings and in both sides' voices (and in a war with no profile):
the statements are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from claimledger.extract.attribution import find_people
from claimledger.extract import extract_claims
from claimledger.lang import load_topic
from claimledger.lang.lexicon import lexicon_for
from claimledger.models import Claim, Document
from claimledger.profile import choose_profile, load_profile
from test_lang import spoken

NK = "nagorno_karabakh_2020"
UA = "russia_ukraine_2022"


def claims_of(text: str, profile: str | None = NK) -> list[Claim]:
    document = Document(name="case.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        published=dt.date(2022, 5, 1))
    chosen = load_profile(profile) if profile else choose_profile(text)
    return [c for c in extract_claims(document, chosen) if c.value is not None]


def claim_of(claims: list[Claim], value: float) -> Claim:
    matching = [c for c in claims if c.value == value]
    assert matching, f"no claim of {value} among {[(c.value, c.quote) for c in claims]}"
    return matching[0]


def people_of(text: str, profile: str = NK) -> dict[str, str | None]:
    chosen = load_profile(profile)
    return {p.name: p.affiliation for p in find_people(text, chosen, lexicon_for(chosen))}


@pytest.mark.parametrize("text, name, affiliation, profile", [
    ("Defence Ministry spokeswoman Narine Harutyunyan said the enemy lost 12 tanks.", "Narine Harutyunyan", None, NK),
    ("Azerbaijani Defence Ministry spokesman Rauf Mammadli told reporters that 7 drones were downed.",
     "Rauf Mammadli", "Azerbaijan", NK),
    ("Lieutenant General Oleh Marchenko, a commander of the Ukrainian ground forces, said 40 tanks were lost.",
     "Oleh Marchenko", "Ukraine", UA),
    ("Pavel Sokolov, Russia's deputy defence minister, stated that 90 vehicles had been delivered.",
     "Pavel Sokolov", "Russia", UA),
    ("Dr. Hanna Kovalenko, who heads the regional hospital, wrote on her Facebook page that 14 were wounded.",
     "Hanna Kovalenko", None, UA),
])
def test_a_name_marked_by_a_title_an_appositive_or_a_verb_is_a_person(text: str, name: str, affiliation: str | None,
                                                                    profile: str) -> None:
    assert people_of(text, profile) == {name: affiliation}


@pytest.mark.parametrize("text", [
    "Ganja Regional Hospital received 20 wounded.",
    "The Armed Forces of Ukraine destroyed 12 tanks near Bakhmut.",
    "Human Rights Watch documented 9 attacks.",
])
def test_institutions_and_places_are_not_people(text: str) -> None:
    assert people_of(text) == {} and people_of(text, UA) == {}


def test_a_first_name_the_profiles_person_does_not_have_is_someone_else() -> None:
    # The profile knows Ilham Aliyev; the Prosecutor General is another Aliyev.
    text = "Prosecutor General Kamran Aliyev said 61 civilians had been killed. Aliyev added that 280 were wounded."
    people = people_of(text)
    assert people == {"Kamran Aliyev": None}


@pytest.mark.parametrize("text, value, speaker, claimant, profile", [
    # The attribution ends the sentence, with the time and place of the statement after the verb.
    ("Azerbaijani troops lost 40 servicemen near Fuzuli, Artur Sargsyan, a representative of the Armenian Defence "
     "Ministry, told a press conference in Yerevan on Monday.", 40, "Artur Sargsyan", "Armenia", NK),
    ("Armenian forces lost 35 tanks overnight, Elchin Guliyev, an aide to the Azerbaijani President, said on "
     "Tuesday as he visited the front.", 35, "Elchin Guliyev", "Azerbaijan", NK),
    ("The invaders lost 210 troops in a day, Ukrainian army spokesman Ivan Bondar said in a video address.", 210,
     "Ivan Bondar", "Ukraine", UA),
    ("Ukrainian units lost up to 130 servicemen near Kupiansk, said Colonel Sergei Orlov, spokesman of the "
     "Russian Zapad group of forces.", 130, "Sergei Orlov", "Russia", UA),
])
def test_an_attribution_that_ends_its_sentence_reports_the_figure_before_it(
        text: str, value: int, speaker: str, claimant: str, profile: str) -> None:
    claim = claim_of(claims_of(text, profile), value)
    assert (claim.speaker, claim.claimant) == (speaker, claimant)


def test_the_person_a_story_opens_with_speaks_its_later_paragraphs() -> None:
    for text, speaker, claimant, profile in [
        ("Yerevan, 5 October 2020\n\nThe spokesperson of the Armenian Defence Ministry, Lusine Karapetyan, briefed "
         "journalists on the situation at the front.\n\nThe adversary lost 18 tanks in the north.\n\n"
         "In the south 6 drones were shot down.", "Lusine Karapetyan", "Armenia", NK),
        ("Baku, 5 October 2020\n\nAzerbaijan's Defence Ministry representative, Colonel Kamal Rzayev, held a "
         "briefing.\n\nThe enemy lost 18 tanks in the north.\n\nIn the south 6 drones were shot down.",
         "Kamal Rzayev", "Azerbaijan", NK),
        ("Kyiv, 3 March 2023\n\nMaksym Hordiienko, a spokesman for the Ukrainian eastern group of forces, spoke on "
         "national television.\n\n\"The occupiers lost 18 tanks in the north.\"\n\nIn the south 6 drones were shot "
         "down, he said.", "Maksym Hordiienko", "Ukraine", UA),
    ]:
        claims = claims_of(text, profile)
        for value in (18, 6):
            claim = claim_of(claims, value)
            assert (claim.speaker, claim.claimant) == (speaker, claimant), text


def test_a_quotes_attribution_after_its_last_sentence_covers_its_earlier_sentences() -> None:
    for text, speaker, claimant, profile in [
        ("\"The enemy has lost 60 armored vehicles. Another 25 artillery pieces were destroyed today,\" "
         "Gevorg Melkonyan said.", "Gevorg Melkonyan", None, NK),
        ("“The Armenian side has lost 60 armored vehicles. Another 25 artillery pieces were destroyed today,” said "
         "Azerbaijani Defence Ministry spokesman Vusal Huseynov.", "Vusal Huseynov", "Azerbaijan", NK),
        ("\"The Russian army lost 60 armored vehicles. Another 25 artillery pieces were destroyed today,\" "
         "Ukrainian commander Andriy Kovalchuk wrote on his Telegram channel.", "Andriy Kovalchuk", "Ukraine", UA),
    ]:
        claims = claims_of(text, profile)
        for value in (60, 25):
            claim = claim_of(claims, value)
            assert claim.speaker == speaker, text
            if claimant:
                assert claim.claimant == claimant, text


def test_a_report_of_another_party_in_its_own_paragraph_does_not_take_over_the_story() -> None:
    text = ("Kyiv, 3 March 2023\n\nOleksandr Shtupun, spokesman of the Ukrainian Tavria group, said on Telegram that "
            "Russian forces lost 320 troops overnight.\n\nAccording to the Russian Defence Ministry, Ukrainian losses "
            "over the day amounted to 180 servicemen.\n\nThe Russian forces also lost 9 tanks, Shtupun added.")
    claims = claims_of(text, UA)
    assert (claim_of(claims, 320).speaker, claim_of(claims, 320).claimant) == ("Oleksandr Shtupun", "Ukraine")
    assert (claim_of(claims, 180).speaker, claim_of(claims, 180).claimant) == (None, "Russia")
    assert (claim_of(claims, 9).speaker, claim_of(claims, 9).claimant) == ("Oleksandr Shtupun", "Ukraine")


@pytest.mark.parametrize("text, sides, claimant", [
    ("Gaza, 3 November 2023\n\nThe Israeli aggression has killed 9,061 Palestinians, the Ministry of Health said, "
     "and the occupation forces have destroyed 40 ambulances.", {"Israel", "Palestine"}, "Palestine"),
    ("Tel Aviv, 3 November 2023\n\nIsraeli forces struck 450 Hamas targets over the past day, the IDF spokesperson "
     "said. Hamas terrorists fired 150 rockets at Israeli towns.", {"Israel", "Hamas"}, "Israel"),
    # The places of a war are not a party: Gaza is where the IDF fights Hamas.
    ("Jerusalem, 2 November 2023\n\nThe IDF said 16 soldiers were killed in ground fighting against Hamas in the "
     "northern Gaza Strip. Israeli troops struck 2,000 Hamas targets in Gaza City and in the south of Gaza.",
     {"Israel", "Hamas"}, "Israel"),
    ("Port Sudan, 2 July 2023\n\nThe Sudanese Armed Forces said they had killed 300 fighters of the Rapid Support "
     "Forces in Omdurman, and the RSF lost 22 vehicles.", {"Sudanese Armed Forces", "Rapid Support Forces"},
     "Sudanese Armed Forces"),
])
def test_a_war_without_a_profile_takes_its_sides_from_the_text(text: str, sides: set[str], claimant: str) -> None:
    profile = choose_profile(text)
    assert profile.id == "generic" and {s.name for s in profile.sides} == sides
    assert all(c.claimant == claimant for c in claims_of(text, None))


def test_strikes_in_another_country_are_not_read_with_that_sides_war() -> None:
    # Russia is a side of the Ukraine profile, but a text about its strikes in Syria names neither Ukraine nor a
    # place of that war.
    text = "Russian and Syrian government warplanes killed 40 civilians in Idlib, the Syrian Observatory said."
    assert choose_profile(text).id == "generic"
    ukraine = "Russian forces shelled Kharkiv overnight, killing 4 civilians, Ukrainian officials said."
    assert choose_profile(ukraine).id == UA


def test_an_office_and_its_side_are_not_joined_across_the_sentence() -> None:
    # "Ministry ... of the Israeli aggression" is no Israeli ministry: the statement is the other side's.
    text = ("Statements by the Ministry of Health spokesman on the 30th day of the Israeli aggression on Gaza\n\n"
            "The occupation has killed 8,525 citizens, and 1,950 are missing under the rubble.")
    assert {c.claimant for c in claims_of(text, None)} == {"Palestine"}


@pytest.mark.parametrize("text, claimant", [
    ("Between 1 and 30 June the Syrian Observatory for Human Rights documented 212 civilian deaths in Idlib.",
     "Syrian Observatory for Human Rights"),
    ("SOHR said 35 fighters of the government forces were killed near Hama.", "Syrian Observatory for Human Rights"),
    ("The Syrian Network for Human Rights recorded 41 civilians killed in air strikes in May.",
     "Syrian Network for Human Rights"),
    ("The RSF shelled Omdurman, killing 18 civilians, according to the Sudanese army.", "Sudanese Armed Forces"),
])
def test_monitors_and_armed_groups_are_told_apart_by_their_names(text: str, claimant: str) -> None:
    assert {c.claimant for c in claims_of(text, None)} == {claimant}


@pytest.mark.parametrize("text, claimant, profile", [
    # Both sides call the other "the enemy": the words say nothing of who wrote the statement.
    ("Ministry of Defence of Ukraine\n\nOver the past day the enemy lost 620 soldiers.", "Ukraine", UA),
    ("Ministry of Defence of the Russian Federation\n\nOver the past day the enemy lost 620 soldiers.", "Russia", UA),
    ("Ministry of Defence of Armenia\n\nThe adversary's losses amounted to 90 servicemen.", "Armenia", NK),
    ("Ministry of Defence of Azerbaijan\n\nThe adversary's losses amounted to 90 servicemen.", "Azerbaijan", NK),
])
def test_words_both_sides_use_of_the_other_do_not_tell_the_author(text: str, claimant: str, profile: str) -> None:
    assert claim_of(claims_of(text, profile), 620 if "620" in text else 90).claimant == claimant


def test_who_as_a_word_is_no_organisation() -> None:
    text = ("Baku, 3 October 2020\n\nColonel Anar Mammadov, who speaks for the Azerbaijani Defence Ministry, said "
            "the enemy lost 14 tanks.")
    claim = claim_of(claims_of(text), 14)
    assert (claim.claimant, claim.speaker) == ("Azerbaijan", "Anar Mammadov")


@pytest.mark.parametrize("text, claimant, profile", [
    ("Yerevan, October 12, 2020. Armenian MoD: the adversary lost 40 servicemen overnight.", "Armenia", NK),
    ("Baku, October 12, 2020. Azerbaijani Defence Ministry: the adversary lost 40 servicemen overnight.",
     "Azerbaijan", NK),
    ("Kyiv, 12 May 2023. Ukrainian Defence Ministry: the enemy lost 40 servicemen overnight.", "Ukraine", UA),
    ("Moscow, 12 May 2023. Russian MoD: the enemy lost 40 servicemen overnight.", "Russia", UA),
])
def test_an_office_named_after_the_dateline_signs_the_statement(text: str, claimant: str, profile: str) -> None:
    assert claim_of(claims_of(text, profile), 40).claimant == claimant


@pytest.mark.parametrize("text, claimant, profile", [
    ("Yerevan, 2 October 2020 – Press service of the Ministry of Emergency Situations\n\nShelling damaged 14 houses "
     "in the border villages.", "Armenia", NK),
    ("Baku, 2 October 2020 – Press service of the Ministry of Emergency Situations\n\nShelling damaged 14 houses "
     "in the frontline villages.", "Azerbaijan", NK),
    ("Kyiv, 2 October 2022\nState Emergency Service\n\nShelling damaged 14 houses in the border villages.",
     "Ukraine", UA),
    ("Moscow, 2 October 2022\nMinistry of Emergency Situations\n\nShelling damaged 14 houses in the border villages.",
     "Russia", UA),
])
def test_an_office_that_signs_without_its_sides_name_is_the_office_of_its_datelines_capital(
        text: str, claimant: str, profile: str) -> None:
    assert claim_of(claims_of(text, profile), 14).claimant == claimant


def test_a_dateline_without_an_office_names_no_author() -> None:
    # A wire story filed from a capital is not that government's statement.
    text = "Yerevan, 2 October 2020 (Reuters) – Shelling damaged 14 houses in the border villages."
    assert claim_of(claims_of(text), 14).claimant is None


@pytest.mark.parametrize("text, value, claimant", [
    # Sources the story does not name report for the party it is speaking for.
    ("Tartar, 3 October 2020\n\nThe shelling hit Tartar overnight, Hikmet Hajiyev, an aide to the Azerbaijani "
     "President, said on Sunday.\n\nOfficial figures show that 11 houses were destroyed.", 11, "Azerbaijan"),
    ("Martuni, 3 October 2020\n\nThe shelling hit Martuni overnight, Arman Tatoyan, the Armenian Human Rights "
     "Defender, said on Sunday.\n\nAccording to the updated data, 11 houses were destroyed.", 11, "Armenia"),
    ("Kramatorsk, 3 May 2023\n\nThe missile hit the city at dawn, Pavlo Kyrylenko, Ukraine's regional governor, "
     "said.\n\nEarlier, local officials had reported 11 houses destroyed.", 11, "Ukraine"),
])
def test_an_unnamed_source_reports_for_the_party_of_the_story(text: str, value: int, claimant: str) -> None:
    claim = claim_of(claims_of(text, None), value)
    assert (claim.claimant, claim.speaker) == (claimant, None)


@pytest.mark.parametrize("text, value, claimant, profile", [
    ("Kyiv, 3 March 2023\n\nUkraine's General Staff said 500 Russian troops were killed. Colonel Petro Bilyk, "
     "commander of the eastern group, said 31 tanks were destroyed.", 31, "Ukraine", UA),
    ("Moscow, 3 March 2023\n\nRussia's Defence Ministry said 500 Ukrainian troops were killed. Colonel Ivan Levin, "
     "commander of the western group, said 31 tanks were destroyed.", 31, "Russia", UA),
    ("Baku, 3 October 2020\n\nAzerbaijan's Defence Ministry said 500 Armenian troops were killed. Colonel Elnur "
     "Aliyev, commander of a tank battalion, said 31 tanks were destroyed.", 31, "Azerbaijan", NK),
])
def test_a_person_whose_title_names_no_side_speaks_for_the_party_their_paragraph_reports(
        text: str, value: int, claimant: str, profile: str) -> None:
    claim = claim_of(claims_of(text, profile), value)
    assert claim.claimant == claimant and claim.speaker is not None


@pytest.mark.parametrize("text, value, affected, actor, profile", [
    ("Ukraine: civilian casualty update – 5 May 2022\n\nOHCHR recorded 3,300 civilians killed, among them "
     "230 children.", 230, "Ukraine", "Russia", UA),
    ("Human Rights Watch, 10 December 2020\n\nIn Azerbaijan, researchers documented 11 attacks that killed 72 "
     "civilians.", 72, "Azerbaijan", "Armenia", NK),
    ("Amnesty International, 14 January 2021\n\nIn Armenia, 35 civilians were wounded by strikes on border "
     "villages, the organisation found.", 35, "Armenia", "Azerbaijan", NK),
    ("Russia: humanitarian bulletin\n\nThe UN recorded 22 civilians killed in shelling of border areas.", 22, "Russia",
     "Ukraine", UA),
])
def test_a_third_partys_count_of_harm_in_a_country_is_that_sides_loss(text: str, value: int, affected: str,
                                                                      actor: str, profile: str) -> None:
    claim = claim_of(claims_of(text, profile), value)
    assert (claim.affected, claim.actor) == (affected, actor)


def test_a_third_party_that_names_both_countries_alike_decides_no_side() -> None:
    text = ("Crisis Group, 2 November 2020\n\nIts researchers worked in Armenia and in Azerbaijan. The fighting has "
            "killed 140 civilians, the group said.")
    claim = claim_of(claims_of(text), 140)
    assert (claim.affected, claim.actor) == (None, None)


@pytest.mark.parametrize("text, claimant, profile", [
    ("Sudan: situation report\n\nMore than 40,000 people fled Nyala this week.\n\nSource: UN Office for the "
     "Coordination of Humanitarian Affairs (OCHA)", "United Nations", None),
    ("Flash update\n\n1,200 people were displaced from the border villages.\n\nPublished by: UNHCR", "United Nations", NK),
    ("Weekly update on Ukraine\n\n75 health facilities were damaged this week.\n\nSource: World Health Organization",
     "World Health Organization", UA),
])
def test_a_credit_line_names_the_author(text: str, claimant: str, profile: str | None) -> None:
    claims = claims_of(text, profile)
    assert claims and all(c.claimant == claimant for c in claims)


@pytest.mark.parametrize("text, value, what, profile", [
    ("Ministry of Defence of Armenia\n\nThe adversary's manpower losses over the day: 280 killed.", 280, "military", NK),
    ("Ministry of Defence of Azerbaijan\n\nArmenian military personnel losses over the day: 280 killed.", 280,
     "military", NK),
    ("Ukraine: civilian casualty update\n\nOf those injured (1,100): 400 men and 300 women.", 400, "civilians", UA),
    ("Civilian casualties in Belgorod region\n\nKilled | 14\nWounded | 38", 38, "civilians", UA),
])
def test_a_count_that_names_no_one_counts_who_its_context_speaks_of(text: str, value: int, what: str,
                                                                    profile: str) -> None:
    assert claim_of(claims_of(text, profile), value).what == [what]


def test_a_later_figure_of_a_sentence_keeps_the_people_of_the_figure_before_it() -> None:
    text = ("Ministry of Defence of Ukraine\n\n1,200 Russian soldiers were killed, and 30 civilians were among the "
            "wounded in the shelling, which injured 95.")
    assert claim_of(claims_of(text, UA), 1200).what == ["military"]


@pytest.mark.parametrize("text, value, affected, profile", [
    ("Yerevan, 7 October 2020\n\nSo far the Armenian side has reported 300 deaths among servicemen. Azerbaijan's "
     "losses are estimated at 3,000 killed.", 300, "Armenia", NK),
    ("Baku, 7 October 2020\n\nSo far the Azerbaijani side has reported 41 civilian deaths. Armenia's losses are "
     "estimated at 3,000 killed.", 41, "Azerbaijan", NK),
    ("Kyiv, 7 May 2023\n\nUkraine has reported 9,000 military deaths so far. Russia's losses are estimated at "
     "190,000.", 9000, "Ukraine", UA),
])
def test_a_side_that_reports_unnamed_figures_reports_its_own_not_its_neighbour_sentences(
        text: str, value: int, affected: str, profile: str) -> None:
    assert claim_of(claims_of(text, profile), value).affected == affected


@pytest.mark.parametrize("text, value, places, profile", [
    ("Prosecutor General's Office of Ukraine\n\nChildren were killed in these regions: Kharkiv region – 73, "
     "Kherson region – 29, Sumy region – 16.", 29, ["Kherson"], UA),
    ("Prosecutor General's Office of Azerbaijan\n\nCivilians were killed in these districts: Tartar district – 12, "
     "Barda district – 21, Aghdam district – 6.", 21, ["Barda"], NK),
    ("Human Rights Defender of Armenia\n\nCivilians were killed in these towns: Stepanakert – 12, Martuni – 7, "
     "Hadrut – 4.", 7, ["Martuni"], NK),
])
def test_a_row_of_an_inline_list_takes_the_place_of_its_own_label(text: str, value: int, places: list[str],
                                                                   profile: str) -> None:
    assert claim_of(claims_of(text, profile), value).places == places


@pytest.mark.parametrize("text, value, affected, profile", [
    ("Ministry of Defence of Azerbaijan\n\n12 positions of Armenian forces were destroyed overnight.", 12, "Armenia",
     NK),
    ("Ministry of Defence of Armenia\n\nOur artillery destroyed 9 firing positions of Azerbaijani troops.", 9,
     "Azerbaijan", NK),
    ("General Staff of the Armed Forces of Ukraine\n\n4 ammunition depots of Russian units were destroyed.", 4,
     "Russia", UA),
    ("Ministry of Defence of the Russian Federation\n\n27 strongholds of Ukrainian troops and military "
     "equipment were destroyed.", 27, "Ukraine", UA),
    ("Ministry of Defence of Armenia\n\n2 Grad launchers of the Azerbaijani armed forces were destroyed.", 2,
     "Azerbaijan", NK),
    ("General Staff of the Armed Forces of Ukraine\n\n3 air defence systems of the Russian army were hit.", 3, "Russia",
     UA),
])
def test_what_belongs_to_a_sides_troops_is_that_sides_loss(text: str, value: int, affected: str,
                                                           profile: str) -> None:
    assert claim_of(claims_of(text, profile), value).affected == affected


def test_attacks_of_a_sides_troops_are_that_sides_doing() -> None:
    text = "Ministry of Defence of Azerbaijan\n\nThe attacks of Armenian troops killed 3 civilians in Tartar."
    claim = claim_of(claims_of(text), 3)
    assert (claim.affected, claim.actor) == ("Azerbaijan", "Armenia")


@pytest.mark.parametrize("text, value, speaker, claimant, profile", [
    ("Enemy lost 40 tanks overnight – Karapetyan\n\nYerevan, 5 October 2020\n\nLusine Karapetyan, a spokeswoman for "
     "the Armenian Defence Ministry, said the adversary had suffered heavy losses.", 40, "Lusine Karapetyan",
     "Armenia", NK),
    ("Armenian army lost 40 tanks, ministry says\n\nBaku, 5 October 2020\n\nVagif Dargahli, the Azerbaijani Defence "
     "Ministry's spokesman, told reporters the adversary had retreated.", 40, "Vagif Dargahli", "Azerbaijan", NK),
    ("Russian army loses 40 tanks in a day\n\nKyiv, 5 May 2023\n\nThe General Staff of the Armed Forces of Ukraine "
     "reported the losses on Friday morning.", 40, None, "Ukraine", UA),
])
def test_a_headline_sums_up_what_the_story_reports(text: str, value: int, speaker: str | None, claimant: str,
                                                   profile: str) -> None:
    claim = claim_of(claims_of(text, profile), value)
    assert (claim.speaker, claim.claimant) == (speaker, claimant)


@pytest.mark.parametrize("text, value, speaker, profile", [
    ("President Ilham Aliyev addressed the nation on Sunday, saying that 13 villages had been liberated.", 13,
     "Ilham Aliyev", NK),
    ("Prime Minister Nikol Pashinyan spoke in parliament for an hour, adding that 480 servicemen had died.", 480,
     "Nikol Pashinyan", NK),
    ("Volodymyr Zelensky for the first time gave a figure on Sunday, stating that 31,000 soldiers had died.", 31000,
     "Volodymyr Zelensky", UA),
])
def test_a_persons_clause_that_goes_on_saying_reports_what_it_says(text: str, value: int, speaker: str,
                                                                    profile: str) -> None:
    assert claim_of(claims_of(text, profile), value).speaker == speaker


@pytest.mark.parametrize("text, value, affected, actor, profile", [
    ("Ministry of Defence of Armenia\n\n12 servicemen were killed in fighting against Azerbaijani forces.", 12,
     "Armenia", "Azerbaijan", NK),
    ("Ministry of Defence of Azerbaijan\n\n7 soldiers died in clashes with Armenian units near Fuzuli.", 7,
     "Azerbaijan", "Armenia", NK),
    ("Ministry of Defence of the Russian Federation\n\n3 servicemen were killed in combat with Ukrainian "
     "formations.", 3, "Russia", "Ukraine", UA),
    ("Jerusalem, 2 November 2023\n\nThe IDF said two soldiers were killed in ground battles against Hamas.", 2,
     "Israel", "Hamas", None),
])
def test_the_side_fought_against_did_the_harm(text: str, value: int, affected: str, actor: str,
                                               profile: str | None) -> None:
    claim = claim_of(claims_of(text, profile), value)
    assert (claim.affected, claim.actor) == (affected, actor)


@pytest.mark.parametrize("text, values, speaker, profile", [
    ("Baku, 3 October 2020\n\n“The enemy lost 14 tanks in the north overnight.\n\n“In the south another 6 drones "
     "were shot down,” Vagif Dargahli, the Azerbaijani Defence Ministry spokesman, said.", (14, 6), "Vagif Dargahli",
     NK),
    ("Yerevan, 3 October 2020\n\n\"The adversary lost 14 tanks in the north overnight.\n\n\"In the south another 6 "
     "drones were shot down,\" said Shushan Stepanyan, the Armenian Defence Ministry spokeswoman.", (14, 6),
     "Shushan Stepanyan", NK),
    ("Kyiv, 3 May 2023\n\n“The occupiers lost 14 tanks near Bakhmut overnight.\n\n“Another 6 drones were shot down "
     "over Kyiv,” Ukrainian army spokesman Serhiy Cherevatyi said.", (14, 6), "Serhiy Cherevatyi", UA),
])
def test_a_quote_that_runs_over_paragraphs_is_its_attributions_in_every_paragraph(
        text: str, values: tuple[int, ...], speaker: str, profile: str) -> None:
    claims = claims_of(text, profile)
    assert [claim_of(claims, v).speaker for v in values] == [speaker] * len(values)


def test_a_closed_quote_of_an_earlier_paragraph_is_not_taken_over_by_a_later_attribution() -> None:
    text = ("Baku, 3 October 2020\n\n“The enemy lost 14 tanks,” the ministry said.\n\n“Another 6 drones were shot "
            "down,” Vagif Dargahli, the Azerbaijani Defence Ministry spokesman, said.")
    claims = claims_of(text)
    assert (claim_of(claims, 14).speaker, claim_of(claims, 6).speaker) == (None, "Vagif Dargahli")


@pytest.mark.parametrize("text, value, outcome, profile", [
    # What a side counts of the other side's losses is their killed and wounded; what it says it lost, its dead.
    ("Ministry of Defence of the Russian Federation\n\nIn the Kupiansk direction the enemy lost up to 210 "
     "servicemen.", 210, "killed_or_wounded", UA),
    ("General Staff of the Armed Forces of Ukraine\n\nOver the past day the Russian army lost 1,140 soldiers.", 1140,
     "killed_or_wounded", UA),
    ("Ministry of Defence of Azerbaijan\n\nThe Armenian armed forces have lost 130 servicemen in the south.", 130,
     "killed_or_wounded", NK),
    ("Ministry of Defence of Armenia\n\nIn the July clashes Armenia lost 4 servicemen, including a major.", 4,
     "killed", NK),
    ("Ministry of Defence of Azerbaijan\n\nIn the July clashes Azerbaijan lost 12 servicemen, including a general.",
     12, "killed", NK),
])
def test_a_sides_count_of_the_other_sides_lost_troops_is_killed_and_wounded(text: str, value: int, outcome: str,
                                                                            profile: str) -> None:
    assert claim_of(claims_of(text, profile), value).outcome == outcome


# The words of lang/en/attribution.toml drive the attribution stage: every word of a table, in sentences of both
# sides' statements, marks what the table says.

def _attribution_words(table: str, key: str) -> list[str]:
    return [spoken(term) for term in load_topic("en", "attribution")[table][key]]


def claim_value(text: str) -> int:
    """The figure of a sentence: its last number (a dateline's come first)."""
    return int([word for word in text.split() if word.isdigit()][-1])


@pytest.mark.parametrize("wording, name, affiliation, profile", [
    ("Hamid {w}-Rashidi, a representative of the Azerbaijani Defence Ministry, said 7 drones were downed.",
     "Hamid {w}-Rashidi", "Azerbaijan", NK),
    ("Karen {w} Petrosyan, a representative of the Armenian Defence Ministry, said 12 tanks were destroyed.",
     "Karen {w} Petrosyan", "Armenia", NK),
    ("Oleh {w} Marchenko, a commander of the Ukrainian ground forces, said 40 tanks were lost.",
     "Oleh {w} Marchenko", "Ukraine", UA),
])
def test_every_name_particle_is_part_of_the_name(wording: str, name: str, affiliation: str, profile: str) -> None:
    for word in _attribution_words("name_particles", "words"):
        assert people_of(wording.format(w=word), profile) == {name.format(w=word): affiliation}, word


@pytest.mark.parametrize("wording, name, affiliation, profile", [
    ("Vagif Dargahli, {w} spokesman for the Azerbaijani Defence Ministry, said 7 drones were downed.",
     "Vagif Dargahli", "Azerbaijan", NK),
    ("Shushan Stepanyan, {w} spokeswoman of the Armenian Defence Ministry, said 12 tanks were destroyed.",
     "Shushan Stepanyan", "Armenia", NK),
    ("Andriy Kovalenko, {w} spokesman of the Ukrainian army, told reporters 40 tanks were lost.",
     "Andriy Kovalenko", "Ukraine", UA),
])
def test_every_opener_of_an_appositive_introduces_a_role(wording: str, name: str, affiliation: str,
                                                         profile: str) -> None:
    for word in _attribution_words("roles", "openers") + _attribution_words("roles", "articles"):
        assert people_of(wording.format(w=word), profile) == {name: affiliation}, word


@pytest.mark.parametrize("wording, name, profile", [
    ("Rauf Mammadli {w} said that 7 drones were downed.", "Rauf Mammadli", NK),
    ("Tigran Abrahamyan {w} said that 12 tanks were destroyed.", "Tigran Abrahamyan", NK),
    ("Yuriy Ihnat {w} told reporters that 40 missiles were launched.", "Yuriy Ihnat", UA),
])
def test_every_auxiliary_before_a_reporting_verb_marks_the_speaker(wording: str, name: str, profile: str) -> None:
    for word in _attribution_words("patterns", "auxiliaries"):
        assert people_of(wording.format(w=word), profile) == {name: None}, word


@pytest.mark.parametrize("text, claimant, profile", [
    ("{w} the Azerbaijani Defence Ministry 7 drones were downed.", "Azerbaijan", NK),
    ("{w} the Armenian Defence Ministry 12 tanks were destroyed.", "Armenia", NK),
    ("{w} the Russian Defence Ministry 40 drones were downed.", "Russia", UA),
])
def test_according_to_reports_the_claim_of_the_party_after_it(text: str, claimant: str, profile: str) -> None:
    for word in _attribution_words("reporting", "according_to"):
        assert claim_of(claims_of(text.format(w=word.capitalize()), profile), claim_value(text)).claimant == claimant


@pytest.mark.parametrize("wording, claimant, profile", [
    ("Baku, 3 October 2020\n\nThe Azerbaijani Defence Ministry issued a statement{w} that 7 drones were downed.",
     "Azerbaijan", NK),
    ("Yerevan, 3 October 2020\n\nThe Armenian Defence Ministry issued a statement{w} that 12 tanks were destroyed.",
     "Armenia", NK),
    ("Kyiv, 3 March 2023\n\nThe Ukrainian General Staff issued a statement{w} that 40 tanks were destroyed.",
     "Ukraine", UA),
])
def test_every_participle_of_speech_is_a_cue_that_a_segment_reports(wording: str, claimant: str,
                                                                     profile: str) -> None:
    from claimledger.extract.attribution import rules_for

    for word in _attribution_words("reporting", "participles"):
        text = wording.format(w=f", {word}")
        assert text.index(word) in rules_for().report_cue.starts(text), word
        assert claim_of(claims_of(text, profile), claim_value(text)).claimant == claimant, word


@pytest.mark.parametrize("wording, name, affiliation, profile", [
    ("Azerbaijan lost no drones, {w} Azerbaijani Defence Ministry spokesman Anar Eyvazov.", "Anar Eyvazov",
     "Azerbaijan", NK),
    ("Armenia lost 12 tanks, {w} Armenian Defence Ministry spokesman Aram Torosyan.", "Aram Torosyan", "Armenia",
     NK),
    ("Russia lost 40 tanks, {w} Ukrainian army spokesman Serhiy Cherevatyi.", "Serhiy Cherevatyi", "Ukraine", UA),
])
def test_a_clause_verb_ends_the_clause_before_a_title(wording: str, name: str, affiliation: str,
                                                      profile: str) -> None:
    # The side of the clause before the verb ("Azerbaijan lost ...") is not the side of the title after it.
    for word in _attribution_words("patterns", "clause_verbs"):
        assert people_of(wording.format(w=word), profile) == {name: affiliation}, word


@pytest.mark.parametrize("text, profile, value, claimant", [
    # A side's officials named by their field (health, interior, emergencies, civil defence) report for it, in
    # either side's statement.
    ("Yerevan, 14 October 2020. Azerbaijani health officials said that 12 civilians were wounded in Barda.", NK,
     12, "Azerbaijan"),
    ("Baku, 14 October 2020. Armenian health officials said that 9 civilians were killed in Stepanakert.", NK,
     9, "Armenia"),
    ("Moscow, 2 May 2022. The Ukrainian interior minister said that 8 people were killed in Kharkiv.", UA, 8,
     "Ukraine"),
    ("Kyiv, 2 May 2022. The Russian emergencies minister said that 5 people were killed in Belgorod.", UA, 5,
     "Russia"),
    ("Moscow, 2 May 2022. Ukrainian civil defence said that 8 people were wounded in Kharkiv.", UA, 8, "Ukraine"),
    # In a war with no profile, a party that the text names beside its two sides reports for itself: the Lebanese
    # health ministry in a statement of Israel and Hezbollah; the Hamas-run health ministry, which is Gaza's, in one
    # of Israel and Islamic Jihad.
    ("Tel Aviv, 2 October 2024. The IDF said Hezbollah fired 100 rockets at Israel. Hezbollah hides its launchers "
     "in homes, the IDF said.\n\nThe Lebanese health ministry said that 30 people were killed.", None, 30, "Lebanon"),
    ("Tel Aviv, 18 October 2023. The IDF said an Islamic Jihad rocket hit the hospital. Islamic Jihad fired it "
     "from a cemetery.\n\nThe Hamas-run health ministry said that 471 people were killed.", None, 471, "Palestine"),
    # A side whose name starts with another party's ("Palestinian" is Palestine's) is named in full.
    ("Tel Aviv, 18 October 2023. The IDF said Islamic Jihad fired rockets at Ashkelon. Islamic Jihad fired again."
     "\n\nPalestinian Islamic Jihad said that 12 Israeli soldiers were killed.", None, 12,
     "Palestinian Islamic Jihad"),
])
def test_officials_of_a_field_or_a_party_beside_the_sides_report_for_their_own(text: str, profile: str | None, value: float,
                                                                   claimant: str) -> None:
    assert claim_of(claims_of(text, profile), value).claimant == claimant
