"""Extraction end to end on statements written for these tests: both sides' phrasing, NGOs, another war.

Each case is a short statement and the claims it must yield (the listed fields only) —
and, with `only=True`, no other claims with a value. None of these sentences is from the seeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from claimledger.extract import extract_claims
from claimledger.models import Claim, Document
from claimledger.profile import load_profile
from claimledger.extract.timeref import publication_date

NK = "nagorno_karabakh_2020"
UA = "russia_ukraine_2022"


def claims_of(text: str, profile: str = NK, published: dt.date | None = None) -> list[Claim]:
    document = Document(name="case.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        published=published or publication_date(text))
    return extract_claims(document, load_profile(profile))


def valued(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.value is not None]


def find(claims: list[Claim], value: float, unit: str = "count") -> Claim:
    matching = [c for c in claims if c.value == value and c.unit == unit]
    assert matching, f"no claim of {value} among {[(c.value, c.quote) for c in claims]}"
    return matching[0]


def check(claim: Claim, **expected: object) -> None:
    for field, value in expected.items():
        got = getattr(claim, field)
        if isinstance(got, list):
            got = sorted(got)
            value = sorted(value)  # type: ignore[arg-type]
        assert got == value, f"{claim.quote!r}: {field} is {got!r}, expected {value!r}"


ARMENIAN_MOD_SHELLING = """Stepanakert, October 4, 2020

As a result of the Azerbaijani shelling of Stepanakert, 2 civilians were killed and 11 wounded.
The adversary lost 15 tanks and 3 helicopters in the southern direction. Units of the Artsakh Defense Army
shot down 4 Azerbaijani UAVs over Martakert.
"""


def test_armenian_side_statement_is_claimed_by_armenia_and_the_adversary_is_azerbaijan() -> None:
    claims = valued(claims_of(ARMENIAN_MOD_SHELLING))
    assert len(claims) == 5
    check(find(claims, 2), kind="casualties", outcome="killed", what=["civilians"], affected="Armenia",
          actor="Azerbaijan", claimant="Armenia", date="2020-10-04", places=["Stepanakert"])
    check(find(claims, 11), kind="casualties", outcome="wounded", what=["civilians"], affected="Armenia")
    check(find(claims, 15), kind="materiel", outcome="lost", what=["tank"], affected="Azerbaijan", actor="Armenia")
    check(find(claims, 3), kind="materiel", what=["helicopter"], affected="Azerbaijan")
    check(find(claims, 4), kind="materiel", outcome="destroyed", what=["uav"], affected="Azerbaijan",
          actor="Armenia", places=["Martakert"])


def test_ombudsman_report_with_at_least_and_running_total() -> None:
    text = ("Human Rights Ombudsman of Artsakh, October 20, 2020.\n\n"
            "According to the Artsakh Ombudsman, at least 50 civilians have been killed since the beginning of the "
            "war, and 21 of them were children.")
    claims = valued(claims_of(text))
    check(find(claims, 50), kind="casualties", outcome="killed", qualifier="at_least", claimant="Armenia",
          cumulative=True, date="2020-10-20")


def test_reported_claim_of_the_other_side_keeps_its_claimant() -> None:
    text = ("Press release of the Ministry of Foreign Affairs of the Republic of Azerbaijan, October 12, 2020.\n\n"
            "The Armenian defence ministry claimed that 7 Azerbaijani drones were shot down over Hadrut, "
            "which is an obvious lie.")
    claim = find(valued(claims_of(text)), 7)
    check(claim, kind="materiel", what=["uav"], claimant="Armenia", affected="Azerbaijan", places=["Hadrut"])


def test_trailing_attribution_to_the_statements_own_side() -> None:
    text = ("Yerevan, October 10, 2020. Azerbaijan recruited some 1,500 Syrian mercenaries, "
            "the Armenian Foreign Ministry said.")
    claim = find(valued(claims_of(text)), 1500)
    check(claim, kind="force", outcome="deployed", what=["mercenaries"], qualifier="approx", actor="Azerbaijan",
          claimant="Armenia")


def test_displacement_with_a_percentage_that_is_not_a_claim() -> None:
    text = "Around 90,000 people, about 60% of the population, have fled Nagorno-Karabakh, the Artsakh Ombudsman said."
    claims = valued(claims_of(text, published=dt.date(2020, 10, 15)))
    assert [c.value for c in claims] == [90000]
    check(claims[0], kind="displacement", outcome="displaced", qualifier="approx", places=["Nagorno-Karabakh"])


def test_ngo_report_claims_are_the_ngos() -> None:
    text = ("Human Rights Watch\nDecember 11, 2020\n\nHuman Rights Watch documented 11 incidents in which "
            "cluster munitions were used in residential areas of Stepanakert, killing at least 4 civilians.")
    claims = valued(claims_of(text))
    check(find(claims, 4), kind="casualties", outcome="killed", what=["civilians"], qualifier="at_least",
          claimant="Human Rights Watch")


def test_times_counted_after_the_verb_and_its_object() -> None:
    text = "Ministry of Defense of Azerbaijan, October 20, 2020. The enemy shelled Tartar 35 times yesterday."
    claim = find(valued(claims_of(text)), 35)
    check(claim, kind="attacks", outcome="strikes", what=["shelling"], actor="Armenia", affected="Azerbaijan",
          claimant="Azerbaijan", date="2020-10-19", places=["Tartar"])


def test_bare_one_after_a_casualty_figure_inherits_what_is_counted() -> None:
    text = ("Ministry of Defense of Azerbaijan, October 2, 2020. "
            "Two servicemen of the Azerbaijani Army were killed and one was wounded.")
    claims = valued(claims_of(text))
    check(find(claims, 2), kind="casualties", outcome="killed", what=["military"], affected="Azerbaijan")
    check(find(claims, 1), kind="casualties", outcome="wounded", what=["military"], affected="Azerbaijan")


def test_other_sides_losses_since_the_start_are_a_running_total() -> None:
    text = ("Ministry of Defense of Azerbaijan, October 25, 2020. Armenian forces have lost 2,300 servicemen, "
            "130 tanks and 200 artillery pieces since the beginning of the conflict.")
    claims = valued(claims_of(text))
    # The other side's "lost" servicemen are its killed and wounded (test_attribution: the convention, both sides).
    check(find(claims, 2300), kind="casualties", outcome="killed_or_wounded", what=["military"], affected="Armenia",
          actor="Azerbaijan", cumulative=True, date="2020-10-25")
    check(find(claims, 130), kind="materiel", outcome="lost", what=["tank"], affected="Armenia")
    check(find(claims, 200), kind="materiel", outcome="lost", what=["artillery"], affected="Armenia")


def test_own_losses_announced_on_a_date() -> None:
    text = "Azerbaijan has lost 2,783 servicemen, the Ministry of Defence of Azerbaijan announced on December 3, 2020."
    claim = find(valued(claims_of(text)), 2783)
    check(claim, kind="casualties", outcome="killed", what=["military"], affected="Azerbaijan", actor="Armenia",
          claimant="Azerbaijan")


def test_ages_and_victims() -> None:
    text = ("Stepanakert, October 28, 2020. A 45-year-old woman and her 12-year-old son were among the 7 victims "
            "of the Azerbaijani strike on the maternity hospital.")
    claims = valued(claims_of(text))
    assert [c.value for c in claims] == [7]
    check(claims[0], kind="casualties", outcome="killed", affected="Armenia", actor="Azerbaijan")


def test_vague_amounts_have_no_value_but_are_typed() -> None:
    claims = claims_of("Stepanakert, October 9, 2020. Dozens of houses were destroyed in Martuni.")
    assert valued(claims) == []
    vague = [c for c in claims if c.kind == "damage"]
    assert vague and vague[0].value is None and vague[0].outcome == "destroyed"


def test_range_between_two_figures() -> None:
    claims = valued(claims_of("Baku, October 6, 2020. Between 10 and 15 civilians were injured in Ganja."))
    check(find(claims, 10), kind="casualties", outcome="wounded", what=["civilians"], qualifier="at_least")
    check(find(claims, 15), kind="casualties", outcome="wounded", what=["civilians"], qualifier="up_to")


def test_numbers_that_are_not_counts() -> None:
    text = ("Under UN Security Council resolution 884 (1993), adopted on 12 November 1993, the parties met at 14:00 "
            "local time. For details call +994 12 492 92 20 or see https://mfa.gov.az/en/news/123. The 2nd brigade "
            "used BM-30 Smerch and T-90 systems and a Boeing 757 landed at 7 o'clock. The war lasted 44 days "
            "and 3 rounds of talks were held in the 21st century over 5,000 ancient books.")
    assert valued(claims_of(text)) == []


def test_liberated_villages_listed_by_name() -> None:
    text = ("Ministry of Defense of Azerbaijan, October 22, 2020. The Azerbaijani Army liberated the villages of "
            "Mahmudlu, Jahangirbeyli and Garakhanbeyli of Zangilan district.")
    claims = valued(claims_of(text))
    assert len(claims) == 1
    check(claims[0], kind="territory", outcome="taken", qualifier="enumerated", value=3, what=["village"],
          places=["Mahmudlu", "Jahangirbeyli", "Garakhanbeyli"], actor="Azerbaijan", affected="Armenia")


UKRAINE_GENERAL_STAFF = """General Staff of the Armed Forces of Ukraine
15.05.2023

The total combat losses of the enemy from 24.02.22 to 15.05.23 were approximately: personnel ‒ about 199,270
persons were liquidated, tanks ‒ 3,753, armoured combat vehicles ‒ 7,297, artillery systems ‒ 3,099, MLRS ‒ 562,
aircraft ‒ 308, helicopters ‒ 294.
"""


def test_ukrainian_general_staff_losses_inline_list() -> None:
    claims = valued(claims_of(UKRAINE_GENERAL_STAFF, UA))
    check(find(claims, 199270), kind="casualties", outcome="killed", qualifier="approx", affected="Russia",
          actor="Ukraine", claimant="Ukraine")
    check(find(claims, 3753), kind="materiel", what=["tank"], affected="Russia", claimant="Ukraine",
          date="2023-05-15", cumulative=True)
    check(find(claims, 7297), kind="materiel", what=["armored_vehicle"])
    check(find(claims, 3099), kind="materiel", what=["artillery"])
    check(find(claims, 562), kind="materiel", what=["mlrs"])
    check(find(claims, 308), kind="materiel", what=["aircraft"])
    check(find(claims, 294), kind="materiel", what=["helicopter"])


def test_russian_defence_ministry_running_totals() -> None:
    text = ("Ministry of Defence of the Russian Federation, 3 March 2024. In total, 576 aircraft, 257 helicopters "
            "and 14,621 tanks and other armoured combat vehicles have been destroyed since the beginning of the "
            "special military operation.")
    claims = valued(claims_of(text, UA))
    for value, what in ((576, ["aircraft"]), (257, ["helicopter"]), (14621, ["tank", "armored_vehicle"])):
        check(find(claims, value), kind="materiel", outcome="destroyed", what=what, affected="Ukraine",
              actor="Russia", claimant="Russia", cumulative=True, date="2024-03-03")


def test_missile_strike_with_children_among_the_dead() -> None:
    text = ("Kyiv, April 8, 2022. A Russian missile strike on Kramatorsk killed 52 people, including 5 children, "
            "and injured more than 100.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 52), kind="casualties", outcome="killed", what=["people"], affected="Ukraine",
          actor="Russia", places=["Kramatorsk"], date="2022-04-08")
    check(find(claims, 5), kind="casualties", outcome="killed", what=["children"], affected="Ukraine")
    check(find(claims, 100), kind="casualties", outcome="wounded", qualifier="more_than", affected="Ukraine")


def test_drones_launched_are_attacks_and_shot_down_are_materiel() -> None:
    text = ("Air Force of the Armed Forces of Ukraine, 12 January 2024. Overnight the Russian occupiers launched "
            "40 Shahed drones at Odesa; air defence shot down 32 of them.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 40), kind="attacks", outcome="strikes", actor="Russia", affected="Ukraine", places=["Odesa"])
    check(find(claims, 32), kind="materiel", outcome="destroyed", affected="Russia", actor="Ukraine")


def test_profile_is_data_the_same_extractor_reads_another_war() -> None:
    text = "Moscow, 5 June 2023. The Armed Forces of Ukraine lost 30 Leopard tanks near Robotyne."
    claim = find(valued(claims_of(text, UA)), 30)
    check(claim, kind="materiel", outcome="lost", what=["tank"], affected="Ukraine", places=["Robotyne"])


def test_ellipsis_gives_the_second_side_the_same_count_kind() -> None:
    text = ("Yerevan, October 30, 2020. At least 146 civilians were killed on the Armenian side and 94 on the "
            "Azerbaijani side, according to the ICRC.")
    claims = valued(claims_of(text))
    check(find(claims, 146), kind="casualties", outcome="killed", affected="Armenia",
          claimant="International Committee of the Red Cross", places=[])
    check(find(claims, 94), kind="casualties", outcome="killed", what=["civilians"], affected="Azerbaijan")


def test_personnel_losses_amounted_to_and_shared_by_listed_equipment() -> None:
    text = ("Ministry of Defence of the Russian Federation, 10 July 2024. Ukraine's losses amounted to up to 1,500 "
            "servicemen, 2 tanks and 7 armoured fighting vehicles.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 1500), kind="casualties", outcome="killed_or_wounded", what=["military"], qualifier="up_to",
          affected="Ukraine", claimant="Russia")
    check(find(claims, 2), kind="materiel", outcome="lost", what=["tank"], affected="Ukraine")
    check(find(claims, 7), kind="materiel", outcome="lost", what=["armored_vehicle"])


def test_death_toll_risen_to() -> None:
    claims = valued(claims_of("Gaza, 20 April 2024. The death toll has risen to 34,049, the health ministry said.", UA))
    check(find(claims, 34049), kind="casualties", outcome="killed", what=["people"], date="2024-04-20")


def test_rockets_of_a_named_system_fired_are_attacks() -> None:
    text = "Baku, November 1, 2020. Armenian armed forces fired 4 Smerch rockets at Barda, killing 21 people."
    claims = valued(claims_of(text))
    check(find(claims, 4), kind="attacks", outcome="strikes", what=["rockets"], actor="Armenia", places=["Barda"])
    check(find(claims, 21), kind="casualties", outcome="killed", affected="Azerbaijan", actor="Armenia")


def test_adversary_word_as_counted_noun() -> None:
    text = "General Staff of the Armed Forces of Ukraine, 1 June 2024. Over the past day, 1,270 occupiers were eliminated."
    check(find(valued(claims_of(text, UA)), 1270), kind="casualties", outcome="killed", what=["military"],
          affected="Russia", actor="Ukraine", claimant="Ukraine")


def test_colon_list_of_the_adversarys_losses_and_manpower() -> None:
    text = ("Ministry of Defence of Armenia\nOctober 1, 2020\n\nThe adversary's losses on the fifth day of the war: "
            "11 tanks and armored vehicles, 2 helicopters and 12 UAVs. The enemy's manpower losses amount to 130 "
            "servicemen killed and over 200 wounded.")
    claims = valued(claims_of(text))
    check(find(claims, 11), kind="materiel", outcome="lost", what=["tank", "armored_vehicle"], affected="Azerbaijan",
          claimant="Armenia")
    check(find(claims, 12), kind="materiel", what=["uav"], affected="Azerbaijan")
    check(find(claims, 130), kind="casualties", outcome="killed", what=["military"], affected="Azerbaijan")
    check(find(claims, 200), kind="casualties", outcome="wounded", qualifier="more_than", affected="Azerbaijan")


def test_monitoring_mission_period_totals_are_losses_of_the_country_it_monitors() -> None:
    # SCHEMA.md: casualties a body counts inside a state's total keep that state as affected.
    text = ("UN Human Rights Monitoring Mission in Ukraine\n\nFrom 24 February 2022 to 15 October 2023, OHCHR recorded "
            "27,768 civilian casualties in the country: 9,806 killed and 17,962 injured.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 27768), kind="casualties", outcome="killed_or_wounded", what=["civilians"], claimant="United Nations",
          affected="Ukraine", cumulative=True, date="2023-10-15")
    check(find(claims, 9806), outcome="killed", what=["civilians"])
    check(find(claims, 17962), outcome="wounded", what=["civilians"])


def test_side_adjective_inside_one_figure_does_not_make_the_next_figure_its_actor() -> None:
    text = ("Ministry of Defense of Azerbaijan\nOctober 27, 2020\n\nThe enemy violated the ceasefire 23 times. "
            "Our units destroyed 3 enemy artillery batteries and 2 ammunition depots.")
    claims = valued(claims_of(text))
    check(find(claims, 23), kind="attacks", what=["ceasefire violations"], actor="Armenia")
    check(find(claims, 3), kind="materiel", what=["artillery"], affected="Armenia", actor="Azerbaijan")
    check(find(claims, 2), kind="materiel", what=["ammunition_depot"], affected="Armenia", actor="Azerbaijan")


def test_regression_prosecutor_general_is_not_a_military_rank() -> None:
    text = ("Kyiv, 15 March 2023\n\nSince the start of the full-scale invasion, 464 children have been killed and "
            "more than 934 injured, the Prosecutor General's Office reported.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 934), kind="casualties", outcome="wounded", what=["children"], cumulative=True)


def test_garbled_text_never_breaks_extraction_and_spans_stay_inside_the_text() -> None:
    import random

    words = ARMENIAN_MOD_SHELLING.split() + UKRAINE_GENERAL_STAFF.split() + [
        "–", "o", "•", ":", "(by", "Mr.", "X)", "\n", "\n\n", "12-14", "100+", "1,200", "a dozen", "between", "and",
        "of them", "worth", "dollars", "times", "\ufeff", "İstanbul", "Tərtər", "’s", "(", ")", "[1]", "-Hello",
        "interview", "Ilham Aliyev", "liberated", "villages", "Teke,", "Bulutan"]
    generator = random.Random(7)
    for _ in range(400):
        text = " ".join(generator.choice(words) for _ in range(generator.randint(0, 60)))
        for claim in claims_of(text, generator.choice([NK, UA]), published=dt.date(2020, 10, 1)):
            assert 0 <= claim.span[0] < claim.span[1] <= len(text)
            assert text[claim.span[0]:claim.span[1]] == claim.quote


@pytest.mark.parametrize("sentence, date, precision", [
    ("During the last two weeks, 13 civilians were killed in Ganja.", "2020-09-30/2020-10-14", "range"),
    ("On Sunday, 13 civilians were killed in Ganja.", "2020-10-11", "day"),
    ("In September, 13 civilians were killed in Ganja.", "2020-09-01/2020-09-30", "month"),
    ("Since 27 September, 13 civilians have been killed in Ganja.", "2020-09-27/2020-10-14", "range"),
    ("Yesterday 13 civilians were killed in Ganja.", "2020-10-13", "day"),
    ("13 civilians were killed in Ganja.", "2020-10-14", "day"),
])
def test_dates_relative_to_the_statement_with_their_precision(sentence: str, date: str, precision: str) -> None:
    claim = find(valued(claims_of("Baku, October 14, 2020.\n\n" + sentence)), 13)
    check(claim, date=date, date_precision=precision)


def test_a_month_named_in_an_earlier_sentence_does_not_date_a_figure() -> None:
    text = ("Ministry of Defense of Azerbaijan, October 14, 2020.\n\nThe offensive began in September. "
            "13 civilians were killed in Ganja.")
    check(find(valued(claims_of(text)), 13), date="2020-10-14")


def test_specific_predicate_beats_losses_and_label_lines_quote_their_label() -> None:
    text = ("Ministry of Defence of Armenia\nOctober 21, 2020\n\nThe adversary's losses: 24 tanks and other armored "
            "vehicles, 3 UAVs and 2 helicopters were destroyed.\n- Servicemen killed – 120\n- Servicemen wounded – 300\n")
    claims = valued(claims_of(text))
    check(find(claims, 24), kind="materiel", outcome="destroyed", what=["tank", "armored_vehicle"], affected="Azerbaijan")
    check(find(claims, 120), kind="casualties", outcome="killed", what=["military"], quote="Servicemen killed – 120")
    check(find(claims, 300), kind="casualties", outcome="wounded", what=["military"])


ARMENIAN_MFA = """Statement of the Ministry of Foreign Affairs of the Republic of Armenia

31 October 2020

On October 30, the armed forces of Azerbaijan launched a missile attack on the town of Martuni, as a result of \
which 2 civilians were killed and 6 were wounded. Since 27 September, 45 civilians have been killed and more than \
150 injured as a result of Azerbaijan's deliberate strikes against Artsakh's civilian population. Over 90,000 \
people, about half of the population of Artsakh, have been forced to leave their homes.
"""


def test_running_total_since_a_date_names_no_town_of_an_earlier_sentence() -> None:
    claims = valued(claims_of(ARMENIAN_MFA))
    check(find(claims, 2), places=["Martuni"], date="2020-10-30", affected="Armenia", actor="Azerbaijan")
    check(find(claims, 45), cumulative=True, date="2020-09-27/2020-10-31", places=[], claimant="Armenia")
    check(find(claims, 90000), kind="displacement", qualifier="more_than", places=[])


def test_ngo_count_takes_the_actor_named_in_the_next_sentence() -> None:
    text = ("Amnesty International\n29 October 2020\n\nAmnesty International has verified the use of cluster "
            "munitions in an attack on Barda on 28 October, which killed at least 21 civilians and injured 70 others. "
            "Armenian forces fired a Smerch rocket carrying cluster munitions into a busy street.")
    claims = valued(claims_of(text))
    check(find(claims, 21), claimant="Amnesty International", actor="Armenia", affected="Azerbaijan",
          date="2020-10-28", places=["Barda"])


def test_people_word_before_an_outcome_noun_and_an_included_subset_after_a_place() -> None:
    text = ("OCHA Flash Update\n5 November 2023\n\nSince February 2022, OHCHR has verified 9,900 civilian deaths in "
            "Ukraine, including 560 children.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 9900), kind="casualties", outcome="killed", what=["civilians"], cumulative=True)
    check(find(claims, 560), kind="casualties", outcome="killed", what=["children"])


def test_part_of_a_drone_attack_shot_down_belongs_to_the_attacker() -> None:
    text = "Kyiv, 12 March 2024. Ukraine's air force said it shot down 20 of 24 drones launched by Russia overnight."
    claims = valued(claims_of(text, UA))
    check(find(claims, 20), kind="materiel", outcome="destroyed", what=["uav"], affected="Russia", actor="Ukraine",
          claimant="Ukraine")
    check(find(claims, 24), kind="attacks", outcome="strikes", actor="Russia", affected="Ukraine")


def test_each_side_claims_the_others_losses_in_one_sentence() -> None:
    text = ("Moscow, 1 June 2023. Russia has lost about 200,000 soldiers, Ukrainian officials claim, while Moscow says "
            "Ukraine lost over 70,000.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 200000), claimant="Ukraine", affected="Russia", places=[])
    check(find(claims, 70000), claimant="Russia", affected="Ukraine", what=["military"], places=[])


def test_passive_voice_after_a_sides_people_marks_them_affected() -> None:
    text = "5 October 2020. A total of 2,425 Azerbaijani servicemen were killed. 3 soldiers were killed and 2 others wounded."
    claims = valued(claims_of(text))
    check(find(claims, 2425), affected="Azerbaijan", cumulative=True)
    check(find(claims, 3), affected="Azerbaijan")


def test_losses_amount_to_with_a_since_date_between_subject_and_figures() -> None:
    text = ("Yerevan, October 20, 2020. Armenian MoD: the adversary's losses since September 27 amount to "
            "6,500 servicemen, 543 tanks and armored vehicles and 241 UAVs.")
    claims = valued(claims_of(text))
    check(find(claims, 6500), kind="casualties", what=["military"], affected="Azerbaijan", claimant="Armenia",
          cumulative=True)
    check(find(claims, 543), kind="materiel", outcome="lost", affected="Azerbaijan", claimant="Armenia")
    check(find(claims, 241), kind="materiel", outcome="lost", what=["uav"], affected="Azerbaijan")


@pytest.mark.parametrize("sentence", [
    "Since September 27, the Armenian side has lost 50 tanks, and the adversary has lost 400 tanks.",
    "The Armenian side has lost 50 tanks, while the adversary lost 400 tanks.",
    "Armenia has lost 50 tanks and Azerbaijan has lost 400.",
])
def test_the_subject_of_a_later_clause_does_not_own_an_earlier_figure(sentence: str) -> None:
    claims = valued(claims_of(f"Ministry of Defence of the Republic of Armenia\nYerevan, October 8, 2020\n\n{sentence}"))
    check(find(claims, 50), outcome="lost", what=["tank"], affected="Armenia", claimant="Armenia")
    check(find(claims, 400), outcome="lost", what=["tank"], affected="Azerbaijan", claimant="Armenia")


@pytest.mark.parametrize("sentence, what, outcome", [
    ("The death toll among the servicemen of the Defence Army has reached 532.", "military", "killed"),
    ("The number of killed servicemen has risen to 532.", "military", "killed"),
    ("The death toll has reached 532.", "people", "killed"),
    ("The number of injured civilians rose to 532.", "civilians", "wounded"),
])
def test_a_toll_named_before_its_figure_is_a_running_total(sentence: str, what: str, outcome: str) -> None:
    claims = valued(claims_of(f"Ministry of Defence of the Republic of Armenia\nYerevan, October 12, 2020\n\n{sentence}"))
    assert len(claims) == 1
    check(claims[0], kind="casualties", outcome=outcome, what=[what], affected="Armenia", claimant="Armenia",
          cumulative=True, date="2020-10-12")
    assert claims[0].quote.split()[-1] == "532" and claims[0].quote.split()[0] in ("death", "number")


GENERAL_STAFF_WITH_DAILY_CHANGE = """General Staff of the Armed Forces of Ukraine
15 March 2023

The total combat losses of the enemy from 24.02.22 to 15.03.23 were approximately:

• personnel ‒ about 162,560 (+620) persons were liquidated,
• tanks ‒ 3,483 (+4),
• armoured combat vehicles ‒ 6,750 (+8).

Over the past day, the enemy carried out 70 attacks from multiple launch rocket systems.
"""


def test_general_staff_daily_change_in_brackets_is_an_event_of_the_same_count() -> None:
    claims = claims_of(GENERAL_STAFF_WITH_DAILY_CHANGE, UA)
    assert all(c.value is not None for c in claims), "multiple launch rocket systems is a weapon, not an amount"
    check(find(claims, 162560), what=["military"], cumulative=True, affected="Russia")
    check(find(claims, 620), kind="casualties", outcome="killed", what=["military"], cumulative=False,
          affected="Russia", quote="+620")
    check(find(claims, 4), kind="materiel", what=["tank"], cumulative=False, quote="+4")
    # The last bullet of the list ends with a full stop and is still an item of it.
    check(find(claims, 6750), kind="materiel", what=["armored_vehicle"], cumulative=True)
    check(find(claims, 8), kind="materiel", what=["armored_vehicle"], cumulative=False)
    check(find(claims, 70), kind="attacks")


ARTSAKH_OMBUDSMAN = """Human Rights Ombudsman of the Republic of Artsakh
Stepanakert, 24 October 2020

As of 23 October, 37 civilians were killed and 111 injured as a result of the Azerbaijani military aggression. More than 5,800 private properties and 520 vehicles were damaged.
On 22 October the Azerbaijani armed forces shelled Martuni; two civilians, aged 67 and 71, were killed.
"""


def test_ombudsman_property_damage_and_ages_of_the_dead() -> None:
    claims = valued(claims_of(ARTSAKH_OMBUDSMAN))
    assert sorted(c.value for c in claims) == [2, 37, 111, 520, 5800]
    check(find(claims, 5800), kind="damage", outcome="damaged", qualifier="more_than", affected="Armenia")
    # Vehicles counted with homes are civilian property, not the other side's equipment.
    check(find(claims, 520), kind="damage", outcome="damaged", affected="Armenia")


def test_un_report_of_both_sides_authorities_figures() -> None:
    text = ("Office of the UN High Commissioner for Human Rights\nGeneva, 2 November 2020\n\n"
            "OHCHR has received reports of at least 100 civilian deaths in the conflict zone since 27 September. "
            "According to the authorities of Azerbaijan, 91 civilians were killed and 400 injured, while the ethnic "
            "Armenian authorities reported 45 civilians killed and 160 injured.")
    claims = valued(claims_of(text))
    check(find(claims, 100), affected=None, claimant="United Nations")
    check(find(claims, 91), claimant="Azerbaijan", affected="Azerbaijan")
    check(find(claims, 400), claimant="Azerbaijan", affected="Azerbaijan")
    check(find(claims, 45), claimant="Armenia", affected="Armenia")
    check(find(claims, 160), claimant="Armenia", affected="Armenia")


def test_a_weapon_that_destroyed_something_is_not_a_loss() -> None:
    text = ("Amnesty International\nJanuary 14, 2021\n\nIn an attack on Ganja on 17 October, a ballistic missile "
            "destroyed an entire residential block, killing 21 people, including 6 children.")
    claims = claims_of(text)
    assert sorted(c.value for c in claims) == [6, 21]


def test_speaker_named_in_an_earlier_sentence_and_referred_to_by_pronoun_or_title() -> None:
    text = ("Presidential Administration of Azerbaijan\nBaku, November 10, 2020\n\n"
            "President Ilham Aliyev addressed the nation. He said that the Azerbaijani army had liberated 286 villages. "
            "\"We have liberated more than 300 settlements,\" the President stated.\n\n"
            "The minister did not attend. He said that 12 villages had been liberated.")
    claims = valued(claims_of(text))
    check(find(claims, 286), speaker="Ilham Aliyev", claimant="Azerbaijan")
    check(find(claims, 300), speaker="Ilham Aliyev", claimant="Azerbaijan")
    # A new paragraph names no one: the pronoun refers to nobody the ledger knows.
    check(find(claims, 12), speaker=None)


def test_durations_and_killed_servicemen() -> None:
    text = ("Ministry of Defence of the Republic of Armenia\nYerevan, 2 October 2020\n\nOver the past 24 hours the units "
            "of the Defence Army destroyed 7 tanks of the enemy. Our losses amounted to 26 killed servicemen. "
            "The fighting lasted 3 days.")
    claims = valued(claims_of(text))
    assert sorted(c.value for c in claims) == [7, 26]
    check(find(claims, 26), kind="casualties", outcome="killed", what=["military"], affected="Armenia")


def test_prosecutor_general_heading_with_a_possessive_and_the_wounded_of_a_figure_with_included_children() -> None:
    text = ("Azerbaijan's Prosecutor General's Office\nBaku, 16 October 2020\n\nSince September 27, as a result of the "
            "Armenian armed forces' shelling, 43 civilians, including 3 children, were killed and 206 were wounded.")
    claims = valued(claims_of(text))
    check(find(claims, 43), claimant="Azerbaijan", affected="Azerbaijan", what=["civilians"])
    check(find(claims, 206), claimant="Azerbaijan", outcome="wounded", what=["civilians"])


def test_losses_listing_the_dead_then_equipment_and_a_side_that_has_its_dead() -> None:
    text = ("Ministry of Defence of the Republic of Armenia\nYerevan, 5 October 2020\n\nArtsakh Defence Army: the "
            "enemy's losses over the last week total 3,154 killed, 124 UAVs, 17 aircraft and 16 helicopters. The "
            "Armenian side has 180 killed servicemen. 9 Azerbaijani soldiers surrendered.")
    claims = valued(claims_of(text))
    check(find(claims, 3154), kind="casualties", outcome="killed", affected="Azerbaijan")
    for value, what in ((124, "uav"), (17, "aircraft"), (16, "helicopter")):
        check(find(claims, value), kind="materiel", outcome="lost", what=[what], affected="Azerbaijan")
    check(find(claims, 180), affected="Armenia", what=["military"])
    check(find(claims, 9), kind="casualties", outcome="captured", affected="Azerbaijan")


def test_units_destroyed_are_not_people_and_a_term_with_and_inside_it() -> None:
    text = ("Ministry of Defence of the Republic of Azerbaijan\nBaku, 3 October 2020\n\nThe enemy's 2 battalions were "
            "destroyed. According to the Artsakh Ombudsman, 14,000 homes and 1,800 commercial and industrial "
            "facilities were damaged.")
    claims = valued(claims_of(text))
    assert sorted(c.value for c in claims) == [1800, 14000]
    check(find(claims, 1800), kind="damage", outcome="damaged", quote="1,800 commercial and industrial facilities")


def test_statement_by_a_sides_ministry_and_missiles_used() -> None:
    text = ("Statement by the Armenian Foreign Ministry\nOctober 28, 2020\n\nOn 27 October, aid was allocated to "
            "2,000 displaced families. Azerbaijan used 4 Israeli-made LORA missiles. The 1994 ceasefire lasted 26 years.")
    claims = valued(claims_of(text))
    assert sorted(c.value for c in claims) == [4, 2000]
    check(find(claims, 2000), claimant="Armenia", affected="Armenia")
    check(find(claims, 4), kind="attacks", actor="Azerbaijan", claimant="Armenia")


PASHINYAN_INTERVIEW = """Interview of Armenian Prime Minister Nikol Pashinyan to Le Figaro
October 20, 2020

Q: How many Syrian mercenaries are fighting in Karabakh?
A: According to our intelligence, there are about 2,000 mercenaries from Syria. We have already killed dozens of them, and 2 were captured.
Q: What are the losses of Armenia?
A: We have lost 729 soldiers. Civilian casualties number 36 dead.
"""


def test_interview_turns_without_blank_lines_and_mercenaries_of_the_other_side() -> None:
    claims = valued(claims_of(PASHINYAN_INTERVIEW))
    check(find(claims, 2000), kind="force", outcome="deployed", actor="Azerbaijan", claimant="Armenia",
          speaker="Nikol Pashinyan")
    check(find(claims, 2), outcome="captured", affected="Azerbaijan", actor="Armenia")
    # The Syria of the first answer is not a place of the second.
    check(find(claims, 729), affected="Armenia", places=[], speaker="Nikol Pashinyan")
    check(find(claims, 36), outcome="killed", affected="Armenia")


def test_attack_drones_are_counted_as_drones() -> None:
    text = "Kyiv, 10 October 2022. This morning Russia launched 84 cruise missiles and 24 attack drones at Ukraine."
    check(find(valued(claims_of(text, UA)), 24), kind="attacks", what=["attack drones"], actor="Russia")


def test_attacks_repelled_were_the_other_sides() -> None:
    text = ("Ministry of Defence of the Russian Federation\nMoscow, 18 September 2023\n\nIn the Donetsk direction, "
            "units of the Southern Group of Forces repelled 7 attacks by assault groups of the AFU.")
    check(find(valued(claims_of(text, UA)), 7), kind="attacks", actor="Ukraine", affected="Russia", claimant="Russia")


def test_a_count_over_a_period_between_two_days_is_a_total_as_of_the_last() -> None:
    text = ("Human Rights Watch\nMarch 3, 2021\n\nBetween September 27 and October 10, 2020, at least 7 hospitals "
            "were hit by Azerbaijani shelling. On 27 September and 10 October 2020 Stepanakert was shelled; "
            "2 civilians were killed.")
    claims = valued(claims_of(text))
    check(find(claims, 7), date="2020-10-10", cumulative=True, claimant="Human Rights Watch")
    check(find(claims, 2), cumulative=False)


def test_as_a_result_takes_the_sides_of_the_sentence_before_not_after() -> None:
    text = ("Ministry of Defense of Azerbaijan\nBaku, October 17, 2020\n\nAt night, the Armenian armed forces fired a "
            "ballistic missile at Ganja. As a result, 13 civilians, including 2 children, were killed and more than 50 "
            "people were wounded, 20 houses were destroyed. The enemy was hit with retaliatory strikes.")
    claims = valued(claims_of(text))
    for value in (13, 2, 50, 20):
        check(find(claims, value), affected="Azerbaijan", actor="Armenia")


def test_a_days_losses_beside_the_running_total_in_another_clause() -> None:
    text = ("Artsakh Republic Defense Army\nStepanakert, October 17, 2020\n\nOver the past day, the Defense Army lost "
            "40 servicemen; the total number of killed servicemen has risen to 673.")
    claims = valued(claims_of(text))
    check(find(claims, 40), cumulative=False, affected="Armenia")
    check(find(claims, 673), cumulative=True, affected="Armenia")


def test_another_war_a_people_named_by_nation_and_an_included_list() -> None:
    text = ("Ministry of Health\n10 November 2023\n\nSince 7 October, 11,078 Palestinians have been killed, including "
            "4,506 children and 3,027 women, and 27,490 have been injured.")
    claims = valued(claims_of(text))
    check(find(claims, 11078), kind="casualties", outcome="killed", what=["people"], cumulative=True)
    check(find(claims, 4506), outcome="killed", what=["children"])
    check(find(claims, 3027), outcome="killed", what=["civilians"])
    check(find(claims, 27490), outcome="wounded", what=["people"])


@pytest.mark.parametrize("text, value, profile", [
    ("Armenian Foreign Ministry\n12 October 2020\n\n41 civilians have been killed since the Azerbaijani offensive "
     "began.", 41, NK),
    ("Azerbaijani Prosecutor General's Office\n20 October 2020\n\nDuring the war, 61 civilians were killed by the "
     "Armenian armed forces.", 61, NK),
    ("Ministry of Defence of Ukraine\n5 May 2023\n\nIn this war the occupiers have lost 3,700 tanks.", 3700, UA),
    ("Ministry of Defence of the Russian Federation\n5 May 2023\n\nIn the three months since, Ukrainian units have "
     "lost 15,000 servicemen.", 15000, UA),
    ("Human Rights Watch\n1 March 2021\n\nThe fighting, which has killed at least 140 civilians, went on for weeks.",
     140, NK),
    ("OHCHR\n1 May 2023\n\nOver the same period, 320 civilians were injured in Kharkiv region.", 320, UA),
    ("Amnesty International\n14 January 2021\n\nAt least 146 civilians were killed before the fighting was halted.",
     146, NK),
])
def test_a_count_over_the_war_or_a_stretch_of_it_is_a_running_total(text: str, value: int, profile: str) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=True)


@pytest.mark.parametrize("text, value, profile", [
    ("Missile strike on Ganja\n\nBaku, 11 October 2020\n\nThe Armenian side struck Ganja with a ballistic missile "
     "at night. So far the death toll has reached 10.", 10, NK),
    ("Death toll of Martuni market strike rises to 6\n\nStepanakert, 20 October 2020\n\nSo far 6 civilians have "
     "died and 11 were taken to hospital.", 6, NK),
    ("Kharkiv regional administration\n\n17 August 2022\n\nSo far 12 people have been killed in the Russian "
     "missile attack on the dormitory.", 12, UA),
    ("Ministry of Defence of the Russian Federation\n\n2 January 2023\n\nSo far 89 servicemen have been killed "
     "in yesterday's strike on Makiivka.", 89, UA),
])
def test_one_attacks_toll_is_no_running_total_even_when_it_has_risen(text: str, value: int, profile: str) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=False)


def test_a_toll_with_no_single_attack_named_is_still_a_running_total() -> None:
    text = ("Artsakh Defense Army\n\nStepanakert, 20 October 2020\n\nThe death toll among servicemen has risen to "
            "772.")
    check(find(valued(claims_of(text)), 772), cumulative=True)


@pytest.mark.parametrize("text, value, profile", [
    ("Tigray Defence Forces\n10 September 2021\n\nThe enemy lost 2,000 soldiers killed and 300 captured in this "
     "operation – 2,300 men in all.", 2300, NK),
    ("Azerbaijani Ministry of Defence\n3 October 2020\n\nIn total, 40 Armenian servicemen were killed in this "
     "operation near Madagiz.", 40, NK),
    ("General Staff of the Armed Forces of Ukraine\n3 March 2023\n\nA total of 15 Russian tanks were destroyed in "
     "the attack near Vuhledar.", 15, UA),
])
def test_a_sum_over_one_operation_or_attack_is_no_running_total(text: str, value: int, profile: str) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=False)


@pytest.mark.parametrize("text, part, total, profile", [
    ("IDF\n1 November 2023\n\n9 soldiers were killed on Tuesday, raising the toll since 27 October to 30 soldiers "
     "killed.", 9, 30, UA),
    ("General Staff of Ukraine\n\n14 October 2022\n\n12 civilians were killed by Russian shelling in Kharkiv "
     "region, bringing the toll since 24 February to 1,210 civilians killed.", 12, 1210, UA),
    ("Azerbaijani Prosecutor General's Office\n\n28 October 2020\n\nThree more civilians died of their wounds, "
     "taking the civilian death toll since 27 September to 69 people.", 3, 69, NK),
])
def test_a_days_figure_raising_a_running_total_is_not_one(text: str, part: int, total: int, profile: str) -> None:
    claims = valued(claims_of(text, profile))
    check(find(claims, part), cumulative=False)
    check(find(claims, total), cumulative=True)


@pytest.mark.parametrize("text, value, profile", [
    ("Ministry of Health\n20 November 2023\n\nSince 7 October, 14,000 people have been killed. Some 5,800 of the "
     "dead are children.", 5800, UA),
    ("Azerbaijani Prosecutor General's Office\n\n20 October 2020\n\nSince 27 September, 63 civilians have been "
     "killed. Among the dead are 12 children.", 12, NK),
    ("Ombudsman of Artsakh\n\n20 October 2020\n\nIn total, 37 civilians have been killed. Women account for 9 of "
     "those killed.", 9, NK),
])
def test_a_part_of_a_running_total_is_one(text: str, value: int, profile: str) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=True)


def test_a_part_of_one_attacks_toll_is_no_running_total() -> None:
    text = ("Prosecutor General of Ukraine\n\n9 April 2022\n\nThe strike on the station killed 57 people on Friday. "
            "Of them, 5 children were killed.")
    check(find(valued(claims_of(text, UA)), 5), cumulative=False)


@pytest.mark.parametrize("text, value, date, profile", [
    ("IDF\n1 November 2023\n\nThe army on Wednesday released the names of 9 soldiers who were killed on Tuesday.",
     9, "2023-10-31", UA),
    ("Azerbaijani Ministry of Defence\n12 October 2020\n\nThe ministry said on Monday that 3 civilians were killed "
     "in Tartar on Sunday.", 3, "2020-10-11", NK),
    ("Artsakh Defense Army\n12 October 2020\n\nOn Monday the army reported that on Sunday 2 civilians were killed "
     "in Martuni.", 2, "2020-10-11", NK),
])
def test_the_day_a_statement_was_made_is_not_the_day_of_its_figures(text: str, value: int, date: str,
                                                                   profile: str) -> None:
    check(find(valued(claims_of(text, profile)), value), date=date)


@pytest.mark.parametrize("text, value, date, profile", [
    ("OHCHR update\n\n2 May 2023\n\nBetween 24 February 2022 and 30 April 2023, OHCHR recorded 23,000 civilian "
     "casualties.\n\nBy area\n\nIn Donetsk region, 9,000 civilians were killed.", 9000, "2023-04-30", UA),
    ("Ombudsman of Artsakh\n\n30 October 2020\n\nBy 29 October, 45 civilians had been killed.\n\nBreakdown\n\n"
     "3 children were among the killed.", 3, "2020-10-29", NK),
    ("Azerbaijani Ministry of Defence\n\n30 September 2020\n\nFrom 27 September until the morning of 30 "
     "September, 2,300 Armenian servicemen were killed.\n\nIn addition, 25 air defence systems were destroyed.",
     25, "2020-09-30", NK),
])
def test_a_figure_without_a_date_of_its_own_in_a_bulletin_is_part_of_its_count(text: str, value: int, date: str,
                                                                               profile: str) -> None:
    check(find(valued(claims_of(text, profile)), value), date=date, cumulative=True)


@pytest.mark.parametrize("text, value, date", [
    ("YEREVAN, OCTOBER 7, ARMENPRESS. The adversary has lost 60 armored vehicles so far.", 60, "2020-10-07"),
    ("Baku, September 28, AZERTAC\n\nAzerbaijani units destroyed 12 Armenian tanks today.", 12, "2020-09-28"),
    ("Stepanakert, October 20, Artsakhpress\n\nYesterday 2 civilians were killed in Martuni.", 2, "2020-10-19"),
])
def test_a_dateline_without_a_year_dates_the_statement_in_the_wars_year(text: str, value: int, date: str) -> None:
    check(find(valued(claims_of(text)), value), date=date)


def test_a_tally_of_rows_ending_in_semicolons_under_a_colon_lead() -> None:
    text = ("Ministry of Defence of the Russian Federation\nMoscow, 12 March 2024\n\nIn total, the losses of the Ukrainian "
            "armed forces since the beginning of the special military operation are as follows:\n\n"
            "aircraft – 590;\nhelicopters – 270 (+1);\ntanks and other armoured combat vehicles – 15,300 (+12);\n"
            "multiple launch rocket systems – 1,240.\n")
    claims = valued(claims_of(text, UA))
    check(find(claims, 590), kind="materiel", what=["aircraft"], claimant="Russia")
    check(find(claims, 15300), kind="materiel", what=["tank", "armored_vehicle"])
    check(find(claims, 12), kind="materiel", what=["tank", "armored_vehicle"], cumulative=False)
    check(find(claims, 1240), kind="materiel", what=["mlrs"])


def test_short_tally_rows_after_a_colon_are_not_headlines() -> None:
    text = ("Ministry of Defense of Azerbaijan\nBaku, October 20, 2020\n\nLosses of the Armenian armed forces:\n"
            "Manpower (killed) – 2,700 (+60)\nTanks – 250 (+4)\nHelicopters – 3\n")
    claims = valued(claims_of(text))
    check(find(claims, 2700), kind="casualties", outcome="killed", claimant="Azerbaijan")
    check(find(claims, 60), kind="casualties", outcome="killed", cumulative=False)
    check(find(claims, 250), kind="materiel", what=["tank"])
    check(find(claims, 3), kind="materiel", what=["helicopter"])


def test_a_table_whose_header_types_its_columns() -> None:
    text = ("UN Human Rights Office\n3 April 2022\n\nCivilian casualties by area\nArea | Killed | Injured\n"
            "Kharkiv region | 210 (200) | 480\nKyiv region | 95 | 150 (140)\n")
    claims = valued(claims_of(text, UA))
    for value in (210, 200, 95):
        check(find(claims, value), kind="casualties", outcome="killed")
    for value in (480, 150, 140):
        check(find(claims, value), kind="casualties", outcome="wounded")


def test_a_dotted_breakdown_of_the_figure_before_it() -> None:
    text = ("Human Rights Defender of Armenia\nYerevan, 5 November 2020\n\nBy 4 November, 50 civilians had been "
            "killed by Azerbaijani strikes. The breakdown is as follows:\n\nBy cause\n  Shelling and air strikes .... 41\n"
            "  Drone strikes .... 9\nBy sex\n  Men .... 38\n  Women .... 12\n")
    claims = valued(claims_of(text))
    for value in (41, 9, 38, 12):
        check(find(claims, value), kind="casualties", outcome="killed")


def test_a_story_about_one_strike_on_one_place_gives_its_figures_that_place() -> None:
    # An Azerbaijani, a Ukrainian and an NGO story: the headline names the one place; the body gives the tolls.
    text = ("Armenian missile hits Mingachevir overnight\n\nBaku, 12 October 2020\n\nThe missile fell on a residential "
            "street of Mingachevir after midnight, the prosecutor's office said. Rescuers said 4 civilians were "
            "killed and 11 wounded. Another 30 houses were damaged, officials added after inspecting the site.")
    claims = valued(claims_of(text))
    for value in (4, 11, 30):
        check(find(claims, value), places=["Mingachevir"])
    text = ("Death toll of the Vinnytsia strike rises to 23\n\n15 July 2022\n\nRussian missiles struck the centre "
            "of the city of Vinnytsia on Thursday, the regional governor said. Rescue workers say 23 people have now died, "
            "among them three children, and more than 100 have been taken to hospitals across the region.")
    claims = valued(claims_of(text, UA))
    for value in (23, 3):
        check(find(claims, value), places=["Vinnytsia"])
    text = ("Airstrikes on Maarat al-Numan kill civilians, monitor says\n\n2 June 2019\n\nWarplanes struck the "
            "town of Maarat al-Numan throughout the day. The Observatory said 14 civilians were killed and "
            "dozens wounded when a market was hit at noon, and 6 more died later in hospital.")
    claims = valued(claims_of(text, UA))
    for value in (14, 6):
        check(find(claims, value), places=["Maarat al-Numan"])


def test_a_bulletin_naming_many_places_has_no_place_for_figures_that_name_none() -> None:
    # A headline place is not the place of a bulletin whose body is about a dozen others.
    text = ("Defence Ministry: enemy shelled Tartar overnight\n\n14 October 2020\n\nThe enemy shelled Tartar, "
            "Aghdam and Barda. Villages of Fuzuli and Jabrayil were also hit, and fire was opened at Goranboy. "
            "Over the past day, the enemy lost 45 servicemen and 7 tanks.")
    claims = valued(claims_of(text))
    check(find(claims, 45), places=[])
    text = ("General Staff: Russian forces attacked near Bakhmut\n\n3 March 2023\n\nAttacks were repelled near "
            "Kupiansk, Lyman, Avdiivka and Marinka, and shelling hit Kherson and Nikopol. According to the General "
            "Staff, in the past day the occupiers lost 820 troops, 9 tanks and 14 artillery systems.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 820), places=[])
    text = ("Yerevan, 20 October 2020\n\nArmenian Defence Ministry update\n\nStepanakert, Martuni, Hadrut and Shushi "
            "were shelled during the night, and fighting went on near Martakert. Over the past day the enemy lost 95 "
            "servicemen, 4 tanks and 6 artillery pieces.")
    check(find(valued(claims_of(text)), 95), places=[])


def test_a_report_on_one_place_named_in_its_lead_paragraph() -> None:
    # No place in the headline: the lead paragraph's one place is the report's, for the figures after it.
    text = ("Ombudsman publishes report on civilian victims\n\n1 March 2021\n\nThe report covers the killing of "
            "civilians in Artsakh during the war. It lists each death.\n\nThe breakdown is as follows:\n"
            "  Shelling .... 40\n  Drones .... 12\n")
    claims = valued(claims_of(text))
    check(find(claims, 40), places=["Artsakh"])
    text = ("Humanitarian update\n\n2 May 2023\n\nFighting continues across Sudan.\n\nAid agencies said 700,000 "
            "people have been displaced and 400 killed since the fighting began.")
    check(find(valued(claims_of(text, UA)), 700000), places=["Sudan"])
    text = ("Prosecutor's report\n\n5 May 2022\n\nThe office recorded crimes against civilians in the Kherson "
            "region.\n\nIn total 120 civilians have been killed and 300 wounded by the occupiers' shelling.")
    check(find(valued(claims_of(text, UA)), 120), places=["Kherson"])


def test_a_sentence_about_the_same_fighting_takes_the_place_named_before_it() -> None:
    text = ("14 October 2020\n\nArmenian units attacked positions near Sugovushan at dawn. Our forces repelled the "
            "attack, and in the same fighting the enemy lost 25 servicemen, 3 tanks and 2 armoured vehicles.")
    check(find(valued(claims_of(text)), 25), places=["Sugovushan"])
    text = ("3 March 2023\n\nThe occupiers stormed Vuhledar from three sides. In this operation the Russian army "
            "lost more than 130 troops and 5 tanks, our brigade commander reported.")
    check(find(valued(claims_of(text, UA)), 130), places=["Vuhledar"])
    text = ("10 May 2022\n\nUkrainian units tried to break through near the settlement of Izium. During these "
            "battles the enemy lost 80 servicemen, the Russian Defence Ministry said.")
    check(find(valued(claims_of(text, UA)), 80), places=["Izium"])


def test_two_clauses_of_one_sentence_keep_their_own_places() -> None:
    text = ("14 October 2020\n\nArmenian shelling killed 3 civilians in Tartar overnight, while in Barda 12 houses "
            "were damaged and a school was hit.")
    claims = valued(claims_of(text))
    check(find(claims, 3), places=["Tartar"])
    check(find(claims, 12), places=["Barda"])
    text = ("3 March 2023\n\nRussian shelling killed 2 civilians in Kherson; in Sumy 5 houses were destroyed.")
    claims = valued(claims_of(text, UA))
    check(find(claims, 2), places=["Kherson"])
    check(find(claims, 5), places=["Sumy"])


@pytest.mark.parametrize("text, profile, total, change", [
    ("Artsakh Defense Army\nStepanakert, 12 October 2020\n\nThe figures include the losses since the start of "
     "the offensive on 27 September 2020.\n\nAdversary losses (total):\nTanks – 410 (+12)\nDrones – 150 (+5)\n",
     NK, 410, 12),
    ("Ministry of Defence of Azerbaijan\nBaku, 12 October 2020\n\nLosses of the Armenian armed forces "
     "(total):\nArmoured vehicles – 320 (+9)\nArtillery – 210 (+4)\n", NK, 320, 9),
    ("Ministry of Defence of the Russian Federation\nMoscow, 3 May 2023\n\nIn total, the losses of the Ukrainian "
     "armed forces since the beginning of the special military operation on 24 February 2022:\n"
     "tanks – 8,100 (+14);\nhelicopters – 300 (+1).\n", UA, 8100, 14),
])
def test_a_tally_under_a_total_lead_is_as_of_the_report_and_its_bracketed_changes_over_the_day_before(
        text: str, profile: str, total: int, change: int) -> None:
    claims = valued(claims_of(text, profile))
    report_day = publication_date(text)
    running_total = find(claims, total)
    check(running_total, cumulative=True)
    assert running_total.date is not None and running_total.date.rsplit("/", 1)[-1] == report_day.isoformat()
    check(find(claims, change), cumulative=False,
          date=f"{(report_day - dt.timedelta(days=1)).isoformat()}/{report_day.isoformat()}")


@pytest.mark.parametrize("text, profile, value, date", [
    ("Human Rights Defender of Artsakh\n\n20 October 2020\n\nAs of 20 October, 40 civilians have been killed. "
     "The previous report, issued a day earlier, stood at 37 civilians killed.", NK, 37, "2020-10-19"),
    ("Prosecutor General of Azerbaijan\n\n20 October 2020\n\nAs of 20 October, 63 civilians have been killed by "
     "Armenian shelling. The preceding update, three days before, gave 60 civilians killed.", NK, 60, "2020-10-17"),
    ("UN Human Rights Monitoring Mission\n\n10 May 2022\n\nAs of 9 May, OHCHR recorded 7,000 civilian casualties "
     "in Ukraine. Its previous update stood at 6,900 civilian casualties.", UA, 6900, "2022-05-08"),
])
def test_the_figures_of_the_previous_report_are_as_of_its_day(text: str, profile: str, value: int, date: str) -> None:
    check(find(valued(claims_of(text, profile)), value), date=date, cumulative=True)


@pytest.mark.parametrize("text, profile", [
    ("Ombudsman of Artsakh\n\n21 October 2020\n\nAs of 21 October, 40 civilians have been killed.\n\nCivilians "
     "killed by region (previous update in brackets)\nRegion | Killed\nMartuni | 12 (10)\nStepanakert | 9 (8)\n", NK),
    ("Prosecutor General of Azerbaijan\n\n21 October 2020\n\nAs of 21 October, 63 civilians have been killed.\n\n"
     "Civilians killed by district, the figures of the previous report in brackets:\nTartar – 12 (10)\nBarda – 9 (8)\n", NK),
    ("OHCHR update\n\n2 May 2023\n\nAs of 1 May 2023, OHCHR recorded 23,000 civilian casualties.\n\nBy region "
     "(in brackets the previous update)\nRegion | Killed\nKharkiv | 12 (10)\nKherson | 9 (8)\n", UA),
])
def test_bracketed_figures_a_caption_calls_the_previous_reports_are_as_of_the_day_before(text: str,
                                                                                        profile: str) -> None:
    claims = valued(claims_of(text, profile))
    as_of = dt.date.fromisoformat(find(claims, 12).date)
    check(find(claims, 10), date=(as_of - dt.timedelta(days=1)).isoformat(), cumulative=True)
    check(find(claims, 8), date=(as_of - dt.timedelta(days=1)).isoformat())


@pytest.mark.parametrize("text, profile, value", [
    ("Human Rights Defender of Artsakh\n\n20 October 2020\n\nAs of 20 October, 40 civilians have been killed. "
     "Since the previous report, three more civilians have died.", NK, 3),
    ("Ministry of Defence of Azerbaijan\n\n20 October 2020\n\nAs of 20 October, 61 civilians have been killed. "
     "Since our last statement, 2 more civilians were killed in Tartar.", NK, 2),
    ("OHCHR update\n\n10 May 2022\n\nAs of 9 May, OHCHR recorded 7,000 civilian casualties. Since the previous "
     "update, the deaths of 5 more children have been recorded.", UA, 5),
])
def test_a_count_since_the_previous_report_is_a_change_not_a_running_total(text: str, profile: str,
                                                                          value: int) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=False)


@pytest.mark.parametrize("text, profile, value, date", [
    ("Artsakh Defense Army\n\n10 October 2020\n\nFrom 05/10/20 to 08/10/20 our units repelled the enemy offensive "
     "near Hadrut.\n\nThe adversary lost 240 servicemen and 18 tanks.", NK, 240, "2020-10-05/2020-10-08"),
    ("Ministry of Defence of Azerbaijan\n\n10 October 2020\n\nBetween 6 and 8 October Azerbaijani units advanced "
     "in the Jabrayil direction.\nEnemy losses: 130 servicemen killed.", NK, 130, "2020-10-06/2020-10-08"),
    ("General Staff of the Armed Forces of Ukraine\n\n12 September 2022\n\nFrom 6 to 10 September our forces "
     "launched a counteroffensive near Balakliia.\n\nThe occupiers lost 500 troops.", UA, 500, "2022-09-06/2022-09-10"),
])
def test_a_window_of_fighting_dates_the_figures_after_it_over_its_days(text: str, profile: str, value: int,
                                                                       date: str) -> None:
    check(find(valued(claims_of(text, profile)), value), date=date, cumulative=False)


@pytest.mark.parametrize("text, profile, value", [
    ("Reuters\n\nBaku, 9 October 2020\n\nAzerbaijan puts its own civilian losses at 31 killed.", NK, 31),
    ("Armenpress\n\nYerevan, 9 October 2020\n\nAzerbaijan's losses are estimated at nearly 3,000 servicemen "
     "killed.", NK, 3000),
    ("AFP\n\nKyiv, 5 May 2022\n\nThe regional military administration counts more than 200 civilians killed in "
     "the Kharkiv region.", UA, 200),
])
def test_a_figure_put_at_estimated_at_or_counted_is_a_running_total_of_the_stories_day(text: str, profile: str,
                                                                                      value: int) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=True, date=publication_date(text).isoformat())


@pytest.mark.parametrize("text, profile, value", [
    ("Ministry of Defence of Azerbaijan\n\n4 October 2020\n\nThe counteroffensive began on 27 September. Since "
     "then, the army has liberated 12 villages.", NK, 12),
    ("Artsakh Defense Army\n\n4 October 2020\n\nThe Azerbaijani offensive began on 27 September. Since then, 2,100 "
     "Azerbaijani servicemen have been killed.", NK, 2100),
    ("Office of the Prosecutor General of Ukraine\n\n4 May 2022\n\nThe invasion began on 24 February. Since then, "
     "220 children have been killed.", UA, 220),
])
def test_since_then_is_a_period_up_to_the_statement(text: str, profile: str, value: int) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=True)


@pytest.mark.parametrize("text, profile, value", [
    ("Ministry of Health of Azerbaijan\n\n13 October 2020\n\nThe toll of Sunday's missile strike on Ganja has "
     "risen to 10.", NK, 10),
    ("Human Rights Defender of Artsakh\n\n13 October 2020\n\nThe number of civilians killed in last Friday's "
     "air strike on Martuni has reached 5.", NK, 5),
    ("State Emergency Service of Ukraine\n\n12 May 2022\n\nThe death toll of Monday's missile attack on Odesa has "
     "climbed to 21.", UA, 21),
])
def test_the_toll_of_a_weekdays_strike_is_no_running_total(text: str, profile: str, value: int) -> None:
    check(find(valued(claims_of(text, profile)), value), cumulative=False)


@pytest.mark.parametrize("text, profile", [
    ("Enemy casualties: 1,340 killed and 1,045 wounded, with dozens taken prisoner.", NK),
    ("The adversary's losses over the past day: 45 killed and 60 wounded.", NK),
    ("Losses of the enemy amounted to 120 killed and 300 wounded.", UA),
])
def test_casualties_of_unnamed_people_in_the_enemys_losses_are_military(text: str, profile: str) -> None:
    for claim in valued(claims_of(text, profile, dt.date(2022, 10, 10))):
        check(claim, kind="casualties", what=["military"])


@pytest.mark.parametrize("text, profile", [
    ("Kyiv, 7 April 2022\n\nMore than 464 children have suffered as a result of the full-scale armed aggression. "
     "Most children were affected in the following regions: Kyiv region – 86, Donetsk region – 81.", UA),
    ("Donetsk, 7 April 2022\n\nSince the start of the special military operation, 3,000 civilians have been killed "
     "in Donbas. Most of the dead were in the following cities: Donetsk – 900, Horlivka – 400.", UA),
    ("Baku, 30 October 2020\n\nSince 27 September, 93 civilians have been killed in Azerbaijan. "
     "The victims by district: Tartar – 20, Barda – 27.", NK),
])
def test_a_breakdown_by_place_of_a_running_total_is_a_running_total(text: str, profile: str) -> None:
    claims = valued(claims_of(text, profile))
    assert len(claims) == 3, [(c.value, c.quote) for c in claims]
    for claim in claims:
        check(claim, cumulative=True)


@pytest.mark.parametrize("text, profile, value", [
    ("Tel Aviv, 1 November 2023\n\nSome 360,000 reservists have been called up since the war began.", NK, 360000),
    ("Moscow, 21 December 2022\n\nSince the start of the special military operation, 300,000 reservists have "
     "been mobilised.", UA, 300000),
    ("Baku, 1 October 2020\n\nSince 27 September, a total of 2,000 mercenaries have been transported to Armenia.",
     NK, 2000),
])
def test_troops_brought_in_over_a_period_are_a_running_total(text: str, profile: str, value: int) -> None:
    check(find(claims_of(text, profile), value), kind="force", outcome="deployed", cumulative=True)


def test_a_force_strength_is_never_a_running_total() -> None:
    for text, profile in (("Kyiv, 1 June 2023\n\nSince the start of the war, Russia has had 8,000 troops there.", UA),
                          ("Baku, 1 October 2020\n\nSince 27 September, the grouping numbering 8,000 troops has held "
                           "the line.", NK)):
        check(find(claims_of(text, profile), 8000), kind="force", outcome="strength", cumulative=None)


def test_a_third_partys_minister_claims_its_own_forces() -> None:
    text = ("MOSCOW, November 13, 2020\n\nRussia has brought more than 1,100 peacekeepers into Nagorno-Karabakh, "
            "Defence Minister Sergei Shoigu said in a report on Friday.")
    check(find(claims_of(text), 1100), kind="force", outcome="deployed", claimant="Russia", actor="Russia",
          speaker="Sergei Shoigu")


@pytest.mark.parametrize("profile, text, value, written", [
    # A part of a place is named as written, "northern" and all.
    (UA, "Gaza, 20 October 2023. Israeli strikes on the northern Gaza Strip killed 70 people overnight, the health "
         "ministry said.", 70, ["northern Gaza Strip"]),
    # The story's place, where its headline's label names it in capitals.
    (UA, "SUDAN: Humanitarian Update\n\n2 May 2023\n\nFighting continues in Sudan.\n\nAid agencies said 700,000 "
         "people have been displaced.", 700000, ["SUDAN"]),
    # A list item's place, where its lead names it.
    (NK, "Stepanakert, October 14, 2020.\n\nShelling of the town of Martuni continued:\n- 3 civilians killed\n"
         "- 5 houses destroyed\n", 5, ["Martuni"]),
    # A list of villages taken: each where the list names it.
    (NK, "Baku, October 20, 2020. The Azerbaijani Army liberated Garadaghli, Khatunbulag, Garakollu villages of "
         "Fuzuli district.", 3, ["Garadaghli", "Khatunbulag", "Garakollu"]),
])
def test_a_claim_keeps_where_the_text_names_each_of_its_places(profile: str, text: str, value: int,
                                                                written: list[str]) -> None:
    claim = find(claims_of(text, profile), value)
    assert [text[start:end] for start, end in claim.place_spans] == written
    assert len(claim.place_spans) == len(claim.places)


def test_regression_a_figure_takes_its_own_mention_of_a_name_its_sentence_names_twice() -> None:
    text = ("Kyiv, 13 June 2022. According to the head of the Kharkiv Regional Military Administration, 606 civilians "
            "have been killed in the Kharkiv region so far.")
    ((start, end),) = find(claims_of(text, UA), 606).place_spans
    assert (start, end) == (text.rindex("Kharkiv"), text.rindex("Kharkiv") + len("Kharkiv"))


@pytest.mark.parametrize("unit", ["1", "1 ", "1,", "1.", "- ", "Aa ", "12 000 ", "(1) ", "January 1, ", "said ",
                                  "12 soldiers were killed, 3 tanks destroyed and ",
                                  "on 3 October 4 civilians were wounded in Tartar, ",
                                  "52 people, including 5 children, were wounded in Kharkiv, "],
                         ids=["digits", "figures", "commas", "stops", "dashes", "capitals", "spaced", "marks", "dates",
                              "verbs", "claims", "dated claims", "included claims"])
def test_extraction_time_grows_linearly_with_hostile_input(unit: str) -> None:
    # Runs of one unit (40,000 digits, thousands of figures in one sentence): a pattern tried from each position and
    # reading to the end of the run from there would take the square of its length, as would a search of the whole
    # sentence for each of its figures. A fourfold text must take about four times as long: far less than the
    # sixteen times of a square.
    import time

    from claimledger import extract

    extract(unit * 20)  # compiles the vocabularies the unit needs outside the timing

    def cpu_seconds(size: int) -> float:
        text = unit * (size // len(unit))
        started = time.process_time()
        extract(text)
        return time.process_time() - started

    # The fastest of three: another process's load on a shared machine slows one run by half (its caches), not all.
    small, large = min(cpu_seconds(10_000) for _ in range(3)), min(cpu_seconds(40_000) for _ in range(3))
    assert large < 8 * small + 0.2, (small, large)


@pytest.mark.parametrize("profile,text,place,day", [
    (NK, "Stepanakert, October 14, 2020. On October 13, Azerbaijani forces shelled Martuni. The strikes did not stop "
         "until dawn. Residents hid in basements. There, 3 civilians were wounded. 2 more died there.",
     "Martuni", "2020-10-13"),
    (NK, "Baku, October 18, 2020. On October 17, Armenian forces fired rockets at Ganja. The shelling lasted for "
         "hours. People fled. 13 civilians were killed. 4 were wounded.", "Ganja", "2020-10-17"),
    (UA, "Kyiv, 3 March 2022. On 2 March, Russian troops shelled Kharkiv. The attack went on through the night. "
         "Many were trapped. There, 11 civilians were killed. 30 were wounded.", "Kharkiv", "2022-03-02"),
])
def test_short_sentences_take_the_place_and_day_of_a_sentence_several_sentences_back(profile: str, text: str,
                                                                                    place: str, day: str) -> None:
    # The walk back passes sentences that name neither; the second figure's walk ends where the first one's did.
    claims = claims_of(text, profile)
    assert len(claims) == 2
    assert [(c.places, c.date) for c in claims] == [([place], day)] * 2


def test_a_figure_grouped_by_spaces_is_one_claim_of_its_whole_value() -> None:
    from claimledger import extract

    for text, value in (("Over the past day the enemy lost 1 250 servicemen, the Ministry of Defence said.", 1250),
                        ("Since the war began, 12\u202f300 Russian soldiers were killed, Kyiv says.", 12300)):
        assert [c.value for c in extract(text)] == [value], text


@pytest.mark.parametrize("profile,text,passed", [
    (NK, "Baku, October 5, 2020.\nThe enemy lost 12 tanks and " + "9" * 30 + " soldiers in 2 sectors.",
     [("9" * 30, "beyond"), ("2", "counts nothing")]),
    (NK, "Stepanakert, October 9, 2020. During only one attack on Shushi, 4 civilians were wounded. The 2 "
         "delegations met in Moscow.", [("one", "names one event"), ("2", "counts nothing")]),
    (UA, "Kyiv, 5 May 2022. The Russian army lost 210 tanks over the 3 weeks of the offensive, and "
         + "1" * 25 + " drones.", [("1" * 25, "beyond")]),
])
def test_each_figure_that_makes_no_claim_is_passed_over_with_why(profile: str, text: str,
                                                                 passed: list[tuple[str, str]]) -> None:
    from claimledger.extract import read

    doc = read(Document(name="x.txt", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        published=publication_date(text)), load_profile(profile))
    assert [p.text for p in doc.passed_over] == [figure for figure, _ in passed]
    assert all(p.reason.startswith(reason) for p, (_, reason) in zip(doc.passed_over, passed)), doc.passed_over
    assert all(text[p.start:p.end] == p.text for p in doc.passed_over)
    # Where each stands, by line and column, for the explanation's line.
    first = doc.passed_over[0]
    line, column = first.located(text).split(":")[:2]
    assert text.splitlines()[int(line) - 1][int(column) - 1:].startswith(first.text)


# --------------------------------------------------------------------------- properties (Hypothesis)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

STATEMENT_TOKENS = [
    "Armenian", "Azerbaijani", "Russian", "Ukrainian", "the enemy", "forces", "army", "shelled", "fired at", "struck",
    "Tartar", "Stepanakert", "Khankendi", "Shushi", "Kharkiv", "Bakhmut", "the city of", "district", "killed",
    "wounded", "were killed", "destroyed", "lost", "shot down", "liberated", "civilians", "servicemen", "soldiers",
    "children", "tanks", "drones", "houses", "villages", "said", "the Ministry of Defence", "according to",
    "Defence Minister Zakir Hasanov", "spokesperson Shushan Stepanyan", "on 3 October", "yesterday", "since 27 September",
    "so far", "in total", "2020", "12", "1,200", "5 000", "one", "two dozen", "about", "more than", "at least",
    "including", "of whom", "there", "(+7)", "–", ":", ",", ".", ";", "\"", "(", ")", "\n", "\n\n", "- ", "Q:", "A:",
    "Baku, October 14, 2020.", "Yerevan, 5 October 2020.", "Kyiv, 3 March 2022.", "million", "9" * 25,
]
STATEMENT_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_claims_of(text: str) -> None:
    import json
    import math

    from claimledger import extract
    from claimledger.export import strict_json
    from claimledger.extract.numbers import MAX_FIGURE
    from claimledger.models import KINDS, OUTCOMES

    for claim in extract(text, language="en"):
        start, end = claim.span
        assert 0 <= start < end <= len(text) and claim.quote == text[start:end]
        assert claim.value is None or (math.isfinite(claim.value) and 0 <= claim.value <= MAX_FIGURE)
        assert claim.kind in KINDS and claim.outcome in OUTCOMES[claim.kind]
        assert all(0 <= a < b <= len(text) for a, b in claim.place_spans)
        json.loads(strict_json(claim.to_record()))


@STATEMENT_SETTINGS
@given(st.lists(st.sampled_from(STATEMENT_TOKENS), max_size=60).map(" ".join))
def test_any_statement_of_war_words_gives_claims_that_quote_it_and_hold_the_schema(text: str) -> None:
    _check_claims_of(text)


@STATEMENT_SETTINGS
@given(st.text(max_size=400))
def test_any_text_at_all_gives_claims_that_quote_it_and_hold_the_schema(text: str) -> None:
    _check_claims_of(text)
