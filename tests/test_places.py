"""Place names, both sides' names, countries, and lists of places taken."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from claimledger.errors import ProfileError
from claimledger.extract import places as places_stage
from claimledger.lang import load_topic
from claimledger.lang.lexicon import lexicon_for
from claimledger.extract.places import (clause_places, find_enumerations, find_places, list_mentions,
                                        nearest_occurrences, rules_for)
from claimledger.profile import Profile, load_profile

PROFILE = load_profile("nagorno_karabakh_2020")
LEX = lexicon_for(PROFILE)
ENGLISH = load_topic("en", "places")
# english_with(table, key, terms): the code of a language that is English with that entry of places.toml changed.
EnglishWith = Callable[[str, str, tuple[str, ...]], str]


def places(text: str, language: str = "en") -> list[str]:
    return [p.name for p in find_places(text, 0, len(text), PROFILE, LEX, language)]


@pytest.fixture
def english_with(monkeypatch: pytest.MonkeyPatch) -> Iterator[EnglishWith]:
    """A language "xx", English with one entry of places.toml changed: what it reads differently, the data decides."""

    def change(table: str, key: str, terms: tuple[str, ...]) -> str:
        data = {**ENGLISH, table: {**ENGLISH[table], key: terms}}
        monkeypatch.setattr(places_stage, "load_topic",
                            lambda language, topic: data if (language, topic) == ("xx", "places") else
                            load_topic(language, topic))
        clear()
        return "xx"

    def clear() -> None:
        for cached in (places_stage.rules_for, places_stage._mentions, places_stage._document_places):
            cached.cache_clear()

    yield change
    clear()


def test_both_sides_names_and_transliterations() -> None:
    assert places("Shelling of Stepanakert and Shushi") == ["Stepanakert", "Shushi"]
    assert places("Shelling of Khankendi and Şuşa") == ["Khankendi", "Şuşa"]
    assert places("missiles hit Terter and Gence") == ["Terter", "Gence"]


def test_countries_only_where_something_is_located() -> None:
    assert places("mercenaries from Syria and Iraq arrived") == ["Syria"]  # "and Iraq" has no preposition of its own
    assert places("Armenia fired missiles at Azerbaijan") == []
    assert places("a village in Armenia was hit") == ["Armenia"]


def test_names_the_text_calls_places_are_kept_unresolved() -> None:
    assert places("the village of Chiragli and Alkhanli village were shelled") == ["Chiragli", "Alkhanli"]


def test_a_side_name_that_is_also_a_region_is_a_place_only_when_located() -> None:
    assert places("the Artsakh Defense Army said") == []
    assert places("civilians killed in Artsakh") == ["Artsakh"]


def test_enumeration_of_villages_taken() -> None:
    text = ("The Army liberated Garadaghli, Khatunbulag, Garakollu villages of Fuzuli district, and Bulutan, "
            "Melikjanli and Teke villages of Khojavend district.")
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Garadaghli", "Khatunbulag", "Garakollu", "Bulutan", "Melikjanli", "Teke")
    assert enumeration.what == ("village",)
    assert text[enumeration.start:].startswith("liberated")


def test_villages_of_followed_by_names() -> None:
    text = "Ukrainian troops liberated the villages of Blahodatne, Makarivka and Neskuchne."
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Blahodatne", "Makarivka", "Neskuchne")


def test_a_list_of_attacked_villages_is_not_territory_taken() -> None:
    text = "Armenia attacked the villages of Gapanli, Chiragli and Orta Garavend."
    assert find_enumerations(text, 0, len(text), PROFILE) == []


def test_regression_country_weapons_were_bought_from_is_not_a_place_of_the_claim() -> None:
    """Seed 002: "only by the drones which we acquired from Turkey, we destroyed ... equipment worth 1 billion"."""
    text = "Only by the drones which we acquired from Turkey, we destroyed equipment. Fighters came from Syria."
    names = [p.name for p in find_places(text, 0, len(text), load_profile("nagorno_karabakh_2020"),
                                         lexicon_for(load_profile("nagorno_karabakh_2020")))]
    assert names == ["Syria"]


UA = load_profile("russia_ukraine_2022")


def ua_places(text: str) -> list[str]:
    return [p.name for p in find_places(text, 0, len(text), UA, lexicon_for(UA))]


def test_a_name_the_text_marks_as_a_place_is_a_place_without_a_profile_or_gazetteer_entry() -> None:
    # An NGO on a war without a profile, a Ukrainian and a Russian voice, an Azerbaijani one.
    assert places("Airstrikes hit the town of Maarat al-Numan and Idlib province.") == ["Maarat al-Numan", "Idlib"]
    assert ua_places("Russian shelling of the Zolochiv district wounded two people.") == ["Zolochiv"]
    assert ua_places("Units liberated the settlement of Novomykhailivka.") == ["Novomykhailivka"]
    assert places("Armenian forces shelled Gapanli village of Tartar region.") == ["Gapanli", "Tartar"]


def test_a_place_marked_once_is_a_place_wherever_the_text_names_it() -> None:
    text = ("Rebels said 12 civilians died in Raqqa. Shelling of Raqqa province continued.")
    assert places(text[:text.index(".") + 1]) == []  # alone, "in Raqqa" is no known place
    assert [p.name for p in find_places(text, 0, text.index(".") + 1, PROFILE, LEX)] == ["Raqqa"]
    text = "The shelling of Nahr al-Bared City went on. Two families fled Nahr al-Bared."
    assert [p.name for p in find_places(text, text.index("Two"), len(text), PROFILE, LEX)] == ["Nahr al-Bared"]


def test_a_strip_a_city_and_a_capital_are_places_as_named() -> None:
    assert places("Shells fell across the Gaza Strip and in Gaza City.") == ["Gaza Strip", "Gaza City"]
    assert ua_places("Missiles struck the Ukrainian capital Kyiv overnight.") == ["Kyiv"]
    assert places("Fighting reached the capital, Khartoum, on Saturday.") == ["Khartoum"]
    assert places("The World Bank said aid was delayed.") == []


def test_a_dateline_names_a_place_of_the_text_but_not_of_its_figures() -> None:
    text = "Ramallah, 20 November 2023\n\nTwo were killed in Ramallah overnight."
    assert [p.name for p in find_places(text, 0, text.index("\n"), PROFILE, LEX)] == []
    assert [p.name for p in find_places(text, text.index("Two"), len(text), PROFILE, LEX)] == ["Ramallah"]
    text = "DONETSK – Ukrainian shelling killed 3 in Donetsk."
    assert [p.name for p in find_places(text, 0, len(text), UA, lexicon_for(UA))] == ["Donetsk"]


def test_a_village_in_a_district_is_the_place_not_the_district() -> None:
    assert places("a tank was destroyed near Shikhlar in the Fuzuli district") == ["Shikhlar"]
    assert ua_places("three civilians were killed in Kupiansk, Kharkiv region") == ["Kupiansk"]
    assert places("Azerbaijani shelling hit houses in Karmir Shuka in the Martuni region") == ["Karmir Shuka"]


def test_a_country_is_located_by_flight_or_by_a_compass_word() -> None:
    assert places("More than 40,000 people have fled Syria.") == ["Syria"]
    assert places("Rockets fell on southern Lebanon.") == ["southern Lebanon"]
    assert ua_places("Drones hit eastern Ukraine overnight.") == ["eastern Ukraine"]
    assert places("Lebanon said 3 were killed.") == []


def test_a_capital_standing_for_its_government_is_no_place() -> None:
    assert places("Baku's Defence Ministry said 3 tanks were lost.") == []
    assert places("Yerevan has denied the losses.") == []
    assert places("the helicopters claimed as downed by Baku") == []


def test_each_figure_takes_the_places_of_its_own_clause() -> None:
    def at(text: str, figure: str) -> list[str]:
        found = find_places(text, 0, len(text), PROFILE, LEX)
        return [p.name for p in clause_places(text, 0, len(text), text.index(figure), found)]

    text = "Shelling killed 3 civilians in Tartar, while in Barda 12 houses were damaged."
    assert at(text, "3 civilians") == ["Tartar"] and at(text, "12 houses") == ["Barda"]
    text = "Two soldiers died in Martuni; in Hadrut 4 servicemen were wounded."
    assert at(text, "Two") == ["Martuni"] and at(text, "4 servicemen") == ["Hadrut"]
    text = "Over 20,000 were displaced in Syria, including about 9,000 who fled the city of Aleppo."
    assert at(text, "20,000") == ["Syria"] and at(text, "9,000") == ["Aleppo"]
    text = "A total of 40 houses were destroyed in the district, including in the city of Ganja."
    assert at(text, "40 houses") == ["Ganja"]
    text = "In Ganja 5 were killed; 7 more were wounded."  # a clause naming no place: the one before it
    assert at(text, "7 more") == ["Ganja"]


@pytest.mark.parametrize("text, names, kinds", [
    ("The settlements liberated today by our glorious Army: the city of Fuzuli and the villages of Ashagi Seyidahmadli "
     "and Horadiz.", ("Fuzuli", "Ashagi Seyidahmadli", "Horadiz"), ("city", "village")),
    ("Our units recaptured in the night: the village of Talish and the height of Mrav.", ("Talish", "Mrav"),
     ("village", "height")),
    ("The places liberated this week are these: the town of Kupiansk and the villages of Dvorichna and Kurylivka.",
     ("Kupiansk", "Dvorichna", "Kurylivka"), ("town", "village")),
])
def test_a_list_of_places_taken_announced_by_a_colon_counts_every_group(text: str, names: tuple[str, ...],
                                                                        kinds: tuple[str, ...]) -> None:
    (enumeration,) = find_enumerations(text, 0, len(text), load_profile("nagorno_karabakh_2020"))
    assert enumeration.names == names and enumeration.what == kinds


@pytest.mark.parametrize("text, names, kinds", [
    ("Our army liberated the villages of Ashaghi Veysalli and Kurdlar in Fuzuli district, Khojavend and Tugh in "
     "Khojavend district, and the strategically important Gyzgala height.",
     ("Ashaghi Veysalli", "Kurdlar", "Khojavend", "Tugh", "Gyzgala"), ("village", "height")),
    ("The Defence Army retook the villages of Talish and Mataghis in Martakert region.", ("Talish", "Mataghis"),
     ("village",)),
    ("Russian units captured the villages of Ivanivske and Klishchiivka in Donetsk region, and the nearby Kurdiumivka "
     "village.", ("Ivanivske", "Klishchiivka", "Kurdiumivka"), ("village",)),
])
def test_a_list_of_places_taken_by_district_counts_every_place_not_the_districts(
        text: str, names: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    (enumeration,) = find_enumerations(text, 0, len(text), load_profile("nagorno_karabakh_2020"))
    assert enumeration.names == names and enumeration.what == kinds


def test_each_name_of_a_list_taken_keeps_where_the_list_names_it() -> None:
    # An Azerbaijani list by district and an Armenian one announced by a colon: each place's span is its own name.
    texts = ["Our army liberated the villages of Ashaghi Veysalli and Kurdlar in Fuzuli district, Khojavend and Tugh "
             "in Khojavend district, and the strategically important Gyzgala height.",
             "Our units recaptured in the night: the village of Talish and the height of Mrav.",
             "The Army liberated Garadaghli, Khatunbulag, Garakollu villages of Fuzuli district, and Bulutan, and "
             "Teke villages of Khojavend district."]
    for text in texts:
        (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
        assert [text[p.start:p.end] for p in enumeration.places] == list(enumeration.names)
    assert enumeration.places[-1].start == texts[-1].index("Teke")


def test_list_mentions_place_each_name_of_a_list_as_written() -> None:
    text = "shelled Talish, Mataghis, and Hadrut and  Madaghis"
    start = text.index("Talish")
    found = list_mentions(text, start, len(text))
    assert [(p.name, text[p.start:p.end]) for p in found] == [(n, n) for n in ("Talish", "Mataghis", "Hadrut",
                                                                              "Madaghis")]


def test_nearest_occurrences_take_the_mention_of_a_name_nearest_the_figure() -> None:
    # A Ukrainian body's name opens the sentence, the figure's own "in the Kharkiv region" is later: find_places
    # gives the name once, where it first occurs.
    text = ("The head of the Kharkiv Regional Military Administration said shelling had killed 606 civilians in the "
            "Kharkiv region.")
    first = find_places(text, 0, len(text), UA, lexicon_for(UA))
    assert [p.start for p in first] == [text.index("Kharkiv")]
    (nearest,) = nearest_occurrences(first, text, 0, len(text), text.index("606"), UA, lexicon_for(UA))
    assert nearest.name == "Kharkiv" and nearest.start == text.rindex("Kharkiv")


def kind_of(noun: str) -> str:
    return next(kind for table in ("settlements", "positions") for kind, nouns in ENGLISH[table].items()
                if noun in nouns)


@pytest.mark.parametrize("verb", ENGLISH["taken"]["verbs"])
def test_every_verb_of_taking_ground_opens_a_list_of_places_taken(verb: str) -> None:
    text = f"The Defence Army {verb} the villages of Talish and Mataghis."
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Talish", "Mataghis") and enumeration.what == ("village",)


@pytest.mark.parametrize("noun", ENGLISH["taken"]["nouns"])
def test_every_noun_of_a_list_of_places_taken_names_its_kind(noun: str) -> None:
    for text in (f"Ukrainian forces liberated Blahodatne and Makarivka {noun}.",
                 f"Ukrainian forces liberated the {noun} of Blahodatne and Makarivka."):
        (enumeration,) = find_enumerations(text, 0, len(text), UA)
        assert enumeration.names == ("Blahodatne", "Makarivka") and enumeration.what == (kind_of(noun),), text


@pytest.mark.parametrize("text, names, kinds", [
    # Armenian, Azerbaijani, Ukrainian and Russian voices: lists by district, joined, closed by a height.
    ("Units of the Defence Army recaptured Mataghis and Talish villages of Martakert region as well as Hadrut and "
     "Togh villages of Hadrut region.", ("Mataghis", "Talish", "Hadrut", "Togh"), ("village",)),
    ("The Azerbaijani Army liberated Garakollu, Ashagi Seyidahmadli villages of Fuzuli district and Sugovushan, "
     "Talish villages of Tartar district.", ("Garakollu", "Ashagi Seyidahmadli", "Sugovushan", "Talish"), ("village",)),
    ("The Armed Forces of Ukraine liberated the villages of Dvorichna and Kurylivka in Kharkiv region, and the "
     "strategically important Kupiansk height.", ("Dvorichna", "Kurylivka", "Kupiansk"), ("village", "height")),
    ("Units of the Russian group of forces took control of the settlements of Ivanivske and Klishchiivka in Donetsk "
     "region, and the nearby Kurdiumivka village.", ("Ivanivske", "Klishchiivka", "Kurdiumivka"),
     ("settlement", "village")),
])
def test_lists_of_places_taken_in_each_sides_voice(text: str, names: tuple[str, ...], kinds: tuple[str, ...]) -> None:
    (enumeration,) = find_enumerations(text, 0, len(text), UA)
    assert enumeration.names == names and enumeration.what == kinds


def test_lists_of_places_taken_are_read_by_the_words_of_places_toml(english_with: EnglishWith) -> None:
    text = "Russian units took over the villages of Ivanivske and Klishchiivka."
    assert find_enumerations(text, 0, len(text), UA) == []
    language = english_with("taken", "verbs", ENGLISH["taken"]["verbs"] + ("took over",))
    (enumeration,) = find_enumerations(text, 0, len(text), UA, language)
    assert enumeration.names == ("Ivanivske", "Klishchiivka")
    text = "Azerbaijani units liberated Jabrayil city and Karkhulu, Shukurbeyli villages."
    assert find_enumerations(text, 0, len(text), PROFILE) == []
    language = english_with("taken", "nouns", ENGLISH["taken"]["nouns"] + ("city",))
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE, language)
    assert enumeration.names == ("Jabrayil", "Karkhulu", "Shukurbeyli")
    text = "Ukrainian forces liberated the villages of Dvorichna and Kurylivka in Kharkiv oblast, and the Kupiansk height."
    assert find_enumerations(text, 0, len(text), UA)[0].names == ("Dvorichna", "Kurylivka")
    language = english_with("taken", "area_kinds", ENGLISH["taken"]["area_kinds"] + ("oblast",))
    assert find_enumerations(text, 0, len(text), UA, language)[0].names == ("Dvorichna", "Kurylivka", "Kupiansk")
    text = "The Defence Army retook Talish, Mataghis villages, plus Hadrut, Togh villages."
    assert find_enumerations(text, 0, len(text), PROFILE)[0].names == ("Talish", "Mataghis")
    language = english_with("taken", "joins", ("plus",))
    assert find_enumerations(text, 0, len(text), PROFILE, language)[0].names == ("Talish", "Mataghis", "Hadrut", "Togh")


def test_a_noun_of_lists_of_places_taken_that_names_no_kind_of_place_is_named(english_with: EnglishWith) -> None:
    language = english_with("taken", "nouns", ("villages", "hamlets"))
    with pytest.raises(ProfileError, match="places.toml \\[taken\\] nouns: 'hamlets'"):
        rules_for(language)


@pytest.mark.parametrize("area", ENGLISH["contained"]["place_areas"])
def test_every_kind_of_area_a_place_lies_in_is_only_where_it_lies(area: str) -> None:
    assert places(f"Two civilians were wounded in Karmir Shuka, Martuni {area}.") == ["Karmir Shuka"]


@pytest.mark.parametrize("text, profile, names", [
    ("Azerbaijani shelling wounded 3 civilians in Karmir Shuka, Martuni region.", PROFILE, ["Karmir Shuka"]),
    ("An Armenian soldier was killed near Alkhanli in the Fuzuli rayon.", PROFILE, ["Alkhanli"]),
    ("Russian shelling killed two civilians in Kupiansk, Kharkiv oblast.", UA, ["Kupiansk"]),
    ("Ukrainian shelling wounded 2 residents of Shebekino in the Belgorod region.", UA, ["Shebekino"]),
])
def test_a_place_in_an_area_in_each_sides_voice(text: str, profile: Profile, names: list[str]) -> None:
    assert [p.name for p in find_places(text, 0, len(text), profile, lexicon_for(profile))] == names


def test_a_place_in_an_area_is_read_by_the_words_of_places_toml(english_with: EnglishWith) -> None:
    text = "The shelling of Tartar of the Aghdam district killed 2 civilians."
    assert places(text) == ["Tartar", "Aghdam"]
    assert places(text, english_with("contained", "place_between", ("in", "of"))) == ["Tartar"]
    text = "Shelling killed 2 civilians in Karmir Shuka, Martuni municipality."
    assert places(text) == ["Karmir Shuka", "Martuni"]
    areas = ENGLISH["contained"]["place_areas"] + ("municipality",)
    assert places(text, english_with("contained", "place_areas", areas)) == ["Karmir Shuka"]
    text = "Shelling killed 2 civilians beside Karmir Shuka in the Martuni region."
    assert places(text) == ["Karmir Shuka", "Martuni"]
    before = ENGLISH["contained"]["place_before"] + ("beside",)
    assert places(text, english_with("contained", "place_before", before)) == ["Karmir Shuka"]


@pytest.mark.parametrize("verb", ENGLISH["bought_from"]["verbs"])
def test_every_verb_of_buying_makes_the_seller_no_place(verb: str) -> None:
    assert places(f"With the drones Azerbaijan {verb} from Israel, 5 civilians were killed. Fighters came from Syria.") \
        == ["Syria"]


@pytest.mark.parametrize("text", [
    "Azerbaijan killed 5 civilians with the drones it bought from Israel.",  # Armenian voice
    "The drones which we purchased from Turkey destroyed 12 tanks.",  # Azerbaijani
    "Russia launched 30 Shahed drones it had imported from Iran.",  # Ukrainian
    "Ukrainian formations fired 6 HIMARS rockets obtained from the United States.",  # Russian
])
def test_a_country_weapons_were_bought_from_in_each_sides_voice(text: str) -> None:
    assert ua_places(text) == []


def test_the_verbs_of_buying_are_those_of_places_toml(english_with: EnglishWith) -> None:
    text = "Russia launched 30 drones it received from Iran."
    assert ua_places(text) == ["Iran"]
    language = english_with("bought_from", "verbs", ("received",))
    assert [p.name for p in find_places(text, 0, len(text), UA, lexicon_for(UA), language)] == []


@pytest.mark.parametrize("auxiliary", ENGLISH["government"]["auxiliaries"])
def test_every_auxiliary_before_a_capital_s_verb_keeps_it_a_government(auxiliary: str) -> None:
    for text, profile in [(f"Yerevan {auxiliary} denied the losses.", PROFILE),
                          (f"Baku {auxiliary} claimed 3 tanks.", PROFILE),
                          (f"Kyiv {auxiliary} denied the losses.", UA),
                          (f"Moscow {auxiliary} stated that 4 drones were downed.", UA)]:
        assert find_places(text, 0, len(text), profile, lexicon_for(profile)) == [], text


def test_the_auxiliaries_before_a_capital_s_verb_are_those_of_places_toml(english_with: EnglishWith) -> None:
    text = "Kyiv had denied the losses."
    language = english_with("government", "auxiliaries", ("has",))
    assert [p.name for p in find_places(text, 0, len(text), UA, lexicon_for(UA), language)] == ["Kyiv"]


COUNTED_NOUNS = [noun for table in ("settlements", "positions") for nouns in ENGLISH[table].values() for noun in nouns]


@pytest.mark.parametrize("noun", COUNTED_NOUNS)
def test_every_noun_of_a_kind_of_place_opens_a_group_of_a_list_announced_by_a_colon(noun: str) -> None:
    text = f"The settlements liberated today by our Army: the {noun} of Sugovushan and Talish."
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Sugovushan", "Talish") and enumeration.what == (kind_of(noun),)


@pytest.mark.parametrize("kind, nouns", [kind_nouns for table in ("settlements", "positions")
                                         for kind_nouns in ENGLISH[table].items()])
def test_every_kind_of_place_in_the_singular_can_close_a_list_of_another_kind(kind: str, nouns: tuple[str, ...]) -> None:
    text = f"Our army liberated the villages of Talish and Mataghis, and the strategically important Mrav {nouns[0]}."
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE)
    assert enumeration.names == ("Talish", "Mataghis", "Mrav")
    assert enumeration.what == tuple(dict.fromkeys(("village", kind)))


def test_the_kinds_of_place_a_list_counts_are_those_of_places_toml(english_with: EnglishWith) -> None:
    text = "Our units recaptured in the night: the hamlets of Talish and Mataghis."
    assert find_enumerations(text, 0, len(text), PROFILE) == []
    language = english_with("settlements", "hamlet", ("hamlet", "hamlets"))
    (enumeration,) = find_enumerations(text, 0, len(text), PROFILE, language)
    assert enumeration.names == ("Talish", "Mataghis") and enumeration.what == ("hamlet",)
