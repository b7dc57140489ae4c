"""Typing a figure: kind, outcome and what, from its noun phrase and predicate."""

from __future__ import annotations

import pytest

from claimledger.extract.classify import classify
from claimledger.lang.lexicon import lexicon_for
from claimledger.extract.numbers import find_numbers
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


def typed_rows(text: str, lead: str = "") -> list[tuple[float | None, tuple[str, str, tuple[str, ...]] | None]]:
    """Each figure of the lines after the first (or of every line, given a lead) typed as a list item of its line."""
    document = lead + text
    lead_predicate = None
    for lead_predicate in LEX.predicates.finditer(document, 0, len(lead)):
        pass
    out = []
    start = len(lead)
    for line in text.split("\n"):
        end = start + len(line)
        previous = previous_end = None
        for mention in find_numbers(document, start, end):
            typing = classify(document, start, end, mention, LEX, lead_predicate=lead_predicate, previous=previous,
                              previous_end=previous_end, label=(start, mention.start))
            out.append((mention.value, (typing.kind, typing.outcome, typing.what) if typing else None))
            if typing:
                previous, previous_end = typing, typing.np_end
        start = end + 1
    return out


KILLED = ("casualties", "killed", ("people",))
WOUNDED = ("casualties", "wounded", ("people",))


@pytest.mark.parametrize("table", [
    "Oblast | Killed | Wounded\nKharkiv | 120 | 300",
    "District | Dead | Injured\nTartar | 120 | 300",
    "Community | Civilians killed | Civilians injured\nMartuni | 120 | 300",
])
def test_a_column_header_types_the_cells_below_it(table: str) -> None:
    cells = typed_rows(table)
    assert [value for value, _ in cells] == [120, 300]
    assert [t[:2] for _, t in cells if t] == [("casualties", "killed"), ("casualties", "wounded")]


@pytest.mark.parametrize("table, values", [
    ("Region | Killed | Wounded\nKherson | 120 (110) | 300 (290)", [120, 110, 300, 290]),
    ("District | Dead | Injured\nBarda | 27 (21) | 80 (70)", [27, 21, 80, 70]),
    ("Governorate | Killed\nGaza | 9,200 (8,805)", [9200, 8805]),
])
def test_a_figure_in_brackets_after_a_figure_counts_the_same(table: str, values: list[int]) -> None:
    cells = typed_rows(table)
    assert [value for value, _ in cells] == values
    assert cells[0][1] == cells[1][1] and cells[0][1] is not None and cells[0][1][:2] == ("casualties", "killed")


@pytest.mark.parametrize("text, expected", [
    ("Of those wounded (1,200), 300 were children.", ("casualties", "wounded", ("people",))),
    ("Among Azerbaijani servicemen killed (2,783), most were conscripts.", ("casualties", "killed", ("people",))),
    ("The Ministry of Health lists the injured (56) by age.", ("casualties", "wounded", ("people",))),
])
def test_a_figure_in_brackets_after_its_outcome_word(text: str, expected: tuple) -> None:
    assert typed(text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("Children killed by region: Kharkiv region – 12, Kherson region – 5", ("casualties", "killed", ("children",))),
    ("Civilians wounded by district: Tartar district – 12, the city of Ganja – 5",
     ("casualties", "wounded", ("civilians",))),
    ("Servicemen killed by region: Zaporizhzhia oblast – 12, Donetsk and Luhansk regions – 5",
     ("casualties", "killed", ("military",))),
])
def test_a_place_named_in_a_label_is_not_counted_territory(text: str, expected: tuple) -> None:
    assert typed(text) == [expected, expected]


def test_a_counted_territory_label_is_still_territory() -> None:
    assert typed("Liberated villages – 12, towns – 2")[0] == ("territory", "taken", ("village",))


@pytest.mark.parametrize("lead", [
    "The deaths of 70 civilians were documented. ",
    "By 1 May, 70 civilians had been killed in the region. ",
    "Israeli civilians killed on 7 October were identified as follows: ",
])
def test_breakdown_rows_under_a_lead_that_kills_count_its_people(lead: str) -> None:
    rows = typed_rows("Artillery shelling .... 50\nIn captivity .... 20\nTotal .... 70", lead)
    assert [value for value, _ in rows] == [50, 20, 70]
    assert all(t is not None and t[:2] == ("casualties", "killed") and t[2] == ("civilians",) for _, t in rows)


@pytest.mark.parametrize("lead", ["Adversary losses (total): ", "The enemy's losses since 27 September: ",
                                  "Losses of the Armed Forces of Ukraine: "])
def test_a_bare_row_under_a_lead_that_only_says_losses_counts_nothing(lead: str) -> None:
    assert typed_rows("Other – 12", lead) == [(12, None)]


@pytest.mark.parametrize("row", ["Manpower (killed) – 5,000 (+120)", "Personnel (killed) – 5,000 (+120)",
                                 "Servicemen (killed) – 5,000 (+120)"])
def test_a_labels_own_outcome_word_beats_the_leads_losses(row: str) -> None:
    rows = typed_rows(row, "The adversary's losses: ")
    assert [t[:2] for _, t in rows if t] == [("casualties", "killed")] * 2


@pytest.mark.parametrize("text, expected", [
    ("Gaza death toll climbs to 9,061", ("casualties", "killed", ("people",))),
    ("The death toll of the missile strike on the Chaplyne railway station rises to 25",
     ("casualties", "killed", ("people",))),
    ("the number of servicemen killed since 27 September has risen to 1,068", ("casualties", "killed", ("military",))),
    ("The number of child deaths has not changed and stands at 243", ("casualties", "killed", ("children",))),
    ("The number of injured in Barda has grown to 45", ("casualties", "wounded", ("people",))),
])
def test_a_toll_named_before_its_growth_verb_types_the_figure(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, expected", [
    ("killed two more soldiers on Sunday, bringing the number of soldiers killed in the operation to 19",
     ("casualties", "killed", ("military",))),
    ("raising the number of civilians killed in the shelling of Stepanakert to 31", ("casualties", "killed", ("civilians",))),
    ("taking the number of wounded residents of Tartar to 85", ("casualties", "wounded", ("civilians",))),
])
def test_raising_a_toll_to_a_figure_types_it(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, values", [
    ("The adversary's manpower losses amount to 310-330", 2),
    ("Ukrainian personnel losses came to 450-500 over the week", 2),
    ("Israeli personnel losses amount to 60-70, the Qassam Brigades claimed", 2),
])
def test_both_ends_of_a_bare_range_of_losses_are_killed_or_wounded(text: str, values: int) -> None:
    assert typed(text) == [("casualties", "killed_or_wounded", ("military",))] * values


@pytest.mark.parametrize("text, expected", [
    ("Russian army loses another 1,210 troops in a day", [("casualties", "killed_or_wounded", ("military",))]),
    ("Ukraine loses 130 troops, four tanks near Rabotino",
     [("casualties", "killed_or_wounded", ("military",)), ("materiel", "lost", ("tank",))]),
    ("the Armenian side is losing up to 60 servicemen a day", [("casualties", "killed_or_wounded", ("military",))]),
])
def test_a_headline_that_a_side_loses_troops_counts_killed_and_wounded(text: str, expected: list) -> None:
    assert typed(text) == expected


def test_a_narrative_lost_of_servicemen_counts_the_dead() -> None:
    assert typed("Azerbaijan lost 12 servicemen in the July clashes") == [("casualties", "killed", ("military",))]


@pytest.mark.parametrize("text, expected", [
    ("The Vostok group repelled four counterattacks", ("attacks", "strikes", ("counterattacks",))),
    ("Ukrainian forces repelled two counter-attacks near Klishchiivka", ("attacks", "strikes", ("counter-attacks",))),
    ("The Defence Army thwarted three counteroffensives in the south", ("attacks", "strikes", ("counteroffensives",))),
])
def test_counterattacks_are_counted_attacks_not_people(text: str, expected: tuple) -> None:
    assert typed(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("More than 230 children have suffered as a result of the aggression", ("casualties", "killed_or_wounded", ("children",))),
    ("At least 40 civilians of Tartar have suffered since the shelling began", ("casualties", "killed_or_wounded", ("civilians",))),
    ("Some 1,200 residents of Sderot were affected in the rocket fire", ("casualties", "killed_or_wounded", ("civilians",))),
])
def test_people_who_suffered_or_were_affected_are_killed_or_wounded(text: str, expected: tuple) -> None:
    assert typed(text) == [expected]


@pytest.mark.parametrize("text", [
    "2.3 million people were affected by the fighting in Khartoum",
    "Over 300 families have suffered from the blockade of the Lachin corridor",
])
def test_people_affected_by_a_crisis_are_no_casualties(text: str) -> None:
    assert typed(text) == [None]


@pytest.mark.parametrize("row", ["Donetsk region – 41", "Syunik province – 12", "the city of Ganja – 9"])
def test_rows_under_a_lead_where_children_were_affected_count_killed_or_wounded(row: str) -> None:
    text = "Most children were affected in the following regions: " + row
    mention = find_numbers(text)[-1]
    lead = LEX.predicates.first(text, 0, text.index(":"))
    inline = text.index(":") + 2
    typing = classify(text, 0, len(text), mention, LEX, lead_predicate=lead,
                      label=(inline, text.rindex(" –")))
    assert typing is not None and (typing.kind, typing.outcome, typing.what) == \
        ("casualties", "killed_or_wounded", ("children",))


def test_houses_that_were_affected_are_still_damaged() -> None:
    assert typed("14 houses were affected in Martuni") == [("damage", "damaged", ("houses",))]


@pytest.mark.parametrize("text, expected", [
    ("In Tovuz 35 beehives and 3 barns were burnt", [("damage", "destroyed", ("beehives",)), ("damage", "destroyed", ("barns",))]),
    ("Russian shelling destroyed 12 greenhouses in Kherson region", [("damage", "destroyed", ("greenhouses",))]),
    ("Four tractors were destroyed by a rocket in a kibbutz near Gaza", [("damage", "destroyed", ("tractors",))]),
])
def test_a_farms_destroyed_property_is_damage_not_people(text: str, expected: list) -> None:
    assert typed(text) == expected


# The words the rules read are data (lang/en/classify.toml): each table below is exercised in three wordings of
# our own, in both sides' voices.

@pytest.mark.parametrize("text, expected", [
    ("Ukrainian air defence shot down 20 out of 24 drones overnight", ("materiel", "destroyed", ("uav",))),
    ("Russian air defence systems destroyed 18 out of 20 Ukrainian drones", ("materiel", "destroyed", ("uav",))),
    ("the Azerbaijani army shot down 7 out of 9 Armenian UAVs", ("materiel", "destroyed", ("uav",))),
])
def test_a_part_out_of_a_whole_is_read_like_a_part_of_it(text: str, expected: tuple) -> None:
    from claimledger.extract.classify import rules_for
    first = find_numbers(text)[0]
    typing = classify(text, 0, len(text), first, LEX)
    assert typing is not None and (typing.kind, typing.outcome, typing.what) == expected
    assert typing.part_of_next and rules_for("en").part_of_next.match(text, first.end)


@pytest.mark.parametrize("text, what", [
    ("the enemy destroyed military equipment valued at 2 billion dollars", "equipment"),
    ("Armenian units destroyed Azerbaijani military equipment worth about 1 billion dollars", "equipment"),
    ("Ukrainian forces destroyed Russian tanks valued at more than 3 billion dollars", "tank"),
])
def test_the_value_of_materiel_destroyed_is_a_claim_about_it(text: str, what: str) -> None:
    mention = find_numbers(text)[-1]
    typing = classify(text, 0, len(text), mention, LEX)
    assert typing is not None and (typing.kind, typing.outcome, typing.what, typing.unit) == \
        ("materiel", "destroyed", (what,), "usd")


@pytest.mark.parametrize("text", [
    "146 civilians were killed on the Armenian side but 94 on the Azerbaijani side",
    "12 Russian servicemen were wounded in Kursk region, while 9 in Belgorod region",
    "30 Ukrainian soldiers were captured near Bakhmut, whereas 18 near Avdiivka",
])
def test_an_elided_second_clause_counts_what_the_first_counts(text: str) -> None:
    first, second = typed(text)
    assert first is not None and second == first


@pytest.mark.parametrize("text, what", [
    ("the Armenian side lost 15 tanks, as well as armoured vehicles", ("tank", "armored_vehicle")),
    ("Ukrainian forces destroyed 9 tanks, and other armoured vehicles", ("tank", "armored_vehicle")),
    ("the Russian army lost 4 howitzers as well as mortars", ("artillery", "mortar")),
])
def test_coordinated_nouns_of_one_figure_make_one_head(text: str, what: tuple[str, ...]) -> None:
    assert typed(text)[-1][2] == what  # type: ignore[index]


def test_an_outcome_table_with_a_kind_schema_md_has_not_is_refused_with_its_entry() -> None:
    from claimledger.errors import ProfileError
    from claimledger.extract.classify import _outcome_table
    data = {"outcomes_of_harm": {"kill": ["casualties", "liberated"]}}
    with pytest.raises(ProfileError, match=r"classify.toml \[outcomes_of_harm\] kill: must be \[kind, outcome\]"):
        _outcome_table(data, "outcomes_of_harm", "lang/en/classify.toml")


@pytest.mark.parametrize("text, expected", [
    ("Russia used an army of 50,000 in the offensive", ("force", "strength", ("troops",))),
    ("the Azerbaijani grouping numbering 8,000 soldiers", ("force", "strength", ("troops",))),
    ("Armenia brought in a contingent of some 2,000", ("force", "strength", ("troops",))),
])
def test_a_force_named_before_its_figure_is_its_strength(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, what", [
    ("Azerbaijani shelling hit 40 houses in Stepanakert", ("houses",)),
    ("Armenian missiles struck 12 residential buildings in Ganja", ("residential buildings",)),
    ("Russian strikes hit 95 government buildings in Kharkiv", ("government buildings",)),
    ("Ukrainian artillery shelled 14 houses in Donetsk", ("houses",)),
    ("Israeli aircraft bombed 165 mosques in Gaza", ("mosques",)),
])
def test_a_building_hit_may_be_destroyed_or_damaged(text: str, what: tuple[str, ...]) -> None:
    assert typed(text)[-1] == ("damage", "destroyed_or_damaged", what)


@pytest.mark.parametrize("text, expected", [
    ("the war has cost the lives of 606 civilians in Kharkiv region", ("casualties", "killed", ("civilians",))),
    ("the Armenian aggression has cost the lives of 93 civilians", ("casualties", "killed", ("civilians",))),
    ("murdering more than 1,400 people in southern Israel", ("casualties", "killed", ("people",))),
    ("Some 360,000 reservists have been called up", ("force", "deployed", ("troops",))),
    ("Russia has drafted 300,000 reservists", ("force", "deployed", ("troops",))),
    ("the paramilitary group fielded 27,135 fighters", ("force", "strength", ("fighters",))),
    ("Azerbaijan fields 8,000 troops on the Fuzuli front", ("force", "strength", ("troops",))),
    ("the Armenian army lost three heavy flamethrower systems", ("materiel", "lost", ("mlrs",))),
    ("Ukrainian gunners destroyed 2 TOS-1A heavy flamethrower systems", ("materiel", "destroyed", ("mlrs",))),
])
def test_the_wordings_of_harm_and_force_in_the_lexicon(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, what", [
    ("IDF forces have struck more than 11,000 targets in the Gaza Strip", ("more than 11,000 targets",)),
    ("Russian aviation hit 54 areas of concentration of Ukrainian manpower", ("areas of concentration",)),
    ("Ukrainian artillery struck 17 areas of concentration of Russian troops", ("areas of concentration",)),
    ("the Azerbaijani army hit 12 enemy targets overnight", ("enemy targets",)),
])
def test_targets_struck_count_strikes(text: str, what: tuple[str, ...]) -> None:
    result = typed(text)[-1]
    assert result is not None and result[:2] == ("attacks", "strikes") and result[2][0] in what[0]


@pytest.mark.parametrize("text", [
    "Ukrainian air defence destroyed 2,625 cruise missiles",
    "the Russian air defence shot down 4 ballistic missiles",
    "Azerbaijani air defence destroyed 3 ballistic missiles over Ganja",
])
def test_a_missile_shot_down_is_a_munition_not_a_missile_system(text: str) -> None:
    result = typed(text)[-1]
    assert result is not None and result[0] == "materiel" and result[2] == ("other",)


@pytest.mark.parametrize("text, expected", [
    ("the toll rose to 91, and 236 others were taken to hospital", ("casualties", "wounded", ("people",))),
    ("12 Azerbaijani civilians were killed and 40 others wounded", ("casualties", "wounded", ("civilians",))),
    ("hospitals treated 350 others for wounds", ("casualties", "wounded", ("people",))),
    ("Ukrainian forces destroyed 3 Russian tanks and 5 others", ("materiel", "destroyed", ("tank",))),
])
def test_others_count_more_of_what_the_figure_before_counts(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text", [
    "200 Russian soldiers fled the battlefield", "about 300 Armenian servicemen fled their positions",
    "40 Azerbaijani soldiers were evacuated from the front",
])
def test_fighters_are_not_displaced(text: str) -> None:
    result = typed(text)[-1]
    assert result is None or result[0] != "displacement"


@pytest.mark.parametrize("text, expected", [
    ("the village alone accounts for 120 of the damaged houses", ("damage", "damaged", ("houses",))),
    ("35 destroyed Russian tanks were put on display in Kyiv", ("materiel", "destroyed", ("tank",))),
    ("the 12 burned Azerbaijani armoured vehicles near Talish", ("materiel", "destroyed", ("armored_vehicle",))),
])
def test_what_befell_a_count_said_inside_its_phrase(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, expected", [
    ("Russia has brought 1,100 peacekeepers and 168 pieces of equipment",
     [("force", "deployed", ("troops",)), ("force", "deployed", ("equipment",))]),
    ("the mission involves 1,960 servicemen and 90 armoured personnel carriers",
     [("force", "strength", ("troops",)), ("force", "strength", ("armored_vehicle",))]),
    ("Armenia has 200 tanks", [("force", "strength", ("tank",))]),
    ("the Ukrainian army has 300 howitzers", [("force", "strength", ("artillery",))]),
])
def test_materiel_counted_with_a_force_or_held_is_a_force(text: str, expected: list) -> None:
    assert typed(text) == expected


@pytest.mark.parametrize("text, what", [
    ("More than 25 Bren guns have become the property of our army", ("other",)),
    ("Russian units seized 12 DShK machine guns near Izium", ("other",)),
    ("about 50 Armenian anti-tank weapons were destroyed", ("other",)),
    ("over 60 communication radios were captured from the Ukrainian side", ("equipment",)),
])
def test_small_arms_and_radios_are_counted_apart_from_artillery(text: str, what: tuple) -> None:
    result = typed(text)[-1]
    assert result is not None and result[0] == "materiel" and result[2] == what


@pytest.mark.parametrize("text, what", [
    ("34 people were injured; six of the injured are minors", ("children",)),
    ("Some 5,840 of the dead are children", ("children",)),
    ("four of the wounded were servicemen", ("military",)),
])
def test_who_an_outcome_noun_befell_said_after_a_copula(text: str, what: tuple) -> None:
    assert typed(text)[-1][2] == what  # type: ignore[index]


@pytest.mark.parametrize("text", [
    "about 2,000 houses lie in ruins or have been damaged",
    "in Ganja, 120 houses were destroyed and damaged",
    "the Russian strikes damaged or destroyed 60 buildings in Kharkiv",
])
def test_a_count_some_of_it_destroyed_the_rest_damaged(text: str) -> None:
    assert typed(text)[-1][:2] == ("damage", "destroyed_or_damaged")  # type: ignore[index]


@pytest.mark.parametrize("text, expected", [
    ("Among the dead are 36 members of the civil defence", ("casualties", "killed", ("civilians",))),
    ("More than 560,000 others have crossed into neighbouring countries", ("displacement", "displaced", ("people",))),
    ("1,100 Russian peacekeepers were deployed", ("force", "deployed", ("troops",))),
])
def test_civil_defence_crossing_borders_and_peacekeepers(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, expected", [
    ("the enemy lost 95 soldiers and five attack drones", ("materiel", "lost", ("uav",))),
    ("the Armenian side lost 12 kamikaze drones", ("materiel", "lost", ("uav",))),
    ("Ukrainian air defence destroyed 30 attack drones", ("materiel", "destroyed", ("uav",))),
    ("25 deaths were caused by two missile attacks that flattened rows of houses", ("attacks", "strikes",
                                                                                    ("missile attacks",))),
    ("three Russian missile strikes destroyed the school", ("attacks", "strikes", ("missile strikes",))),
])
def test_weapons_lost_are_materiel_and_attacks_that_destroyed_are_events(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


@pytest.mark.parametrize("text, what", [
    ("Since February 2022, Russian personnel losses have reached about 689,040 people", ("military",)),
    ("the adversary's manpower losses amount to 2,300 people", ("military",)),
    ("the death toll among civilians has reached 93 people", ("civilians",)),
])
def test_people_counted_by_a_toll_are_who_the_toll_names(text: str, what: tuple) -> None:
    assert typed(text)[-1][2] == what  # type: ignore[index]


@pytest.mark.parametrize("text, what", [
    ("The enemy's losses: special equipment – 3,542", ("equipment",)),
    ("The enemy's losses: automotive equipment – 27,000", ("vehicle",)),
    ("the Armenian army lost 14 units of special equipment", ("equipment",)),
])
def test_special_equipment_is_equipment_and_automotive_equipment_vehicles(text: str, what: tuple) -> None:
    assert typed(text)[-1][2] == what  # type: ignore[index]


@pytest.mark.parametrize("text, expected", [
    ("Over 2.1 million of them are displaced inside Sudan", ("displacement", "displaced", ("people",))),
    ("Some 90,000 of them fled to Armenia", ("displacement", "displaced", ("people",))),
    ("12,000 of them have been evacuated from Kharkiv region", ("displacement", "displaced", ("people",))),
    ("There are 90,000 persons in a refugee-like situation in Armenia", ("displacement", "displaced", ("people",))),
])
def test_a_part_of_people_counted_before_may_be_displaced(text: str, expected: tuple) -> None:
    assert typed(text)[-1] == expected


def test_a_word_of_inclusion_longer_than_its_reach_is_refused_with_its_entry() -> None:
    from claimledger.errors import ProfileError
    from claimledger.extract.classify import INCLUSION_REACH, _inclusion_words
    word = "including " * (INCLUSION_REACH // 10 + 1)
    with pytest.raises(ProfileError, match=r"classify.toml \[joins\] included: 'including including"):
        _inclusion_words({"included": ["of whom", word]}, "lang/en/classify.toml")


@pytest.mark.parametrize("before", [
    "Armenian shelling wounded 52 people, including",
    "the Russian strike on Kharkiv killed 40 civilians, of whom",
    "Azerbaijani drones wounded 19 servicemen, among them",
])
@pytest.mark.parametrize("gap", [" ", ",  ", " ,\n" + " " * 200])
def test_a_figure_after_a_word_of_inclusion_is_included_however_many_spaces_and_commas_follow_it(
        before: str, gap: str) -> None:
    from claimledger.extract.classify import _ends_in_inclusion, rules_for
    text = f"{before}{gap}5 children"
    assert _ends_in_inclusion(text, 0, text.index("5 children"), rules_for("en"))
    counted = f"{before.rsplit(',', 1)[0]} and{gap}5 children"
    assert not _ends_in_inclusion(counted, 0, counted.index("5 children"), rules_for("en"))
