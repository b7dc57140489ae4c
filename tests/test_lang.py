"""Language files (lang/<code>/*.toml): every shipped file passes the schema check, and a broken one is named."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from claimledger.errors import ProfileError
from claimledger.lang import available_languages, load_topic, validate_topic, words


def test_english_is_a_language_with_files() -> None:
    assert "en" in available_languages()


@pytest.mark.parametrize("language", available_languages())
def test_every_language_file_passes_the_schema_check(language: str) -> None:
    folder = resources.files("claimledger.lang") / language
    topics = [p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")]
    assert topics, f"lang/{language} has no files"
    for topic in topics:
        tables = load_topic(language, topic)
        assert tables and all(entries for entries in tables.values())


def written(term: str) -> str:
    """The shortest text an entry of a language file matches, its optional parts left out ("days?" -> "day",
    "Mr\\.?" -> "Mr", "since (?:the )?morning" -> "since morning"): for the tests that try every word of a file."""
    # An optional group, an optional escaped character or an optional character dropped; escapes then undone.
    return re.sub(r"\\(.)", r"\1", re.sub(r"\(\?:[^()]*\)\?|\\.\?|[^\\]\?", "", term))


@pytest.mark.parametrize("topic", ["time", "segments", "geocode"])
def test_the_written_form_of_every_entry_is_a_text_the_entry_matches(topic: str) -> None:
    # A space of these files stands for any white space.
    for table in load_topic("en", topic).values():
        for terms in table.values():
            for term in terms:
                assert re.fullmatch(term.replace(" ", r"\s+"), written(term)), term


def test_the_kinds_of_place_are_words_and_the_narrower_lists_of_them_are_their_forms() -> None:
    # A list noun is looked up among the kinds' words ("villages" -> village): they are words, not patterns. The
    # lists that read only some of the kinds' forms (each says why) hold no word of their own.
    places, geocode = load_topic("en", "places"), load_topic("en", "geocode")
    kinds = {table: places[table] for table in ("settlements", "areas", "positions")}
    forms = {table: {noun for nouns in kind.values() for noun in nouns} for table, kind in kinds.items()}
    assert all(re.fullmatch(r"[a-z]+", noun) for table in forms.values() for noun in table)
    assert set(places["taken"]["nouns"]) <= forms["settlements"] | forms["positions"]
    assert set(places["taken"]["area_kinds"]) <= set(kinds["areas"])
    assert set(geocode["kind_before"]["nouns"]) <= forms["settlements"] | forms["areas"]
    assert set(geocode["parent"]["settlements"]) | set(geocode["near"]["settlements"]) <= forms["settlements"]
    assert set(geocode["parent"]["areas"]) <= forms["areas"]


@pytest.mark.parametrize("data, message", [
    ({"reporting": {"verbs": []}}, "non-empty list"),
    ({"reporting": {"verbs": ["said", ""]}}, "non-empty strings"),
    ({"reporting": {"verbs": ["said("]}}, "not a valid regular expression"),
    ({"reporting": ["said"]}, "must be a table"),
])
def test_a_broken_language_file_is_named_with_its_entry(data: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message) as caught:
        validate_topic(data, "lang/xx/attribution.toml")
    assert "lang/xx/attribution.toml" in str(caught.value)


def test_a_missing_topic_names_the_languages_that_have_files() -> None:
    with pytest.raises(ProfileError, match="languages with files: .*en"):
        load_topic("en", "no_such_topic")


def spoken(term: str) -> str:
    """A text an entry of a language file matches, in the tests that try every word of a table: its first alternatives
    and characters, its optional parts, open-ended endings ("\\w*") and lookarounds left out ("fir(?:e|es)" ->
    "fire", "defen[cs]e" -> "defence", "lands?" -> "land")."""
    text = re.sub(r"\(\?<?[!=][^()]*\)", "", term)  # lookarounds: "(?<!how\s)many" -> "many"
    text = re.sub(r"\\w\*", "", text.replace("\\w+", "reporters").replace("\\s*", " "))
    text = re.sub(r"\(\?:([^()|]*)(?:\|[^()]*)?\)\?", "", text)
    text = re.sub(r"\(\?:([^()|]*)(?:\|[^()]*)?\)", r"\1", text)
    text = re.sub(r"\[(.)[^\]]*\]", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", re.sub(r"\\.\?|[^\\]\?", "", text))
    assert re.fullmatch(term.replace(" ", r"\s+"), text, re.IGNORECASE), (term, text)
    return text


@pytest.mark.parametrize("topic", ["sides", "attribution", "numbers"])
def test_every_entry_has_a_spoken_form_it_matches(topic: str) -> None:
    # The tests that try every word of these files read each entry in its spoken form (`spoken` checks it).
    for table in load_topic("en", topic).values():
        for terms in table.values():
            assert all(spoken(term) for term in terms)


def test_word_counts_count_as_an_alternation_of_whole_words_would() -> None:
    # lexicon.WordCounts replaces `len(re.findall(r"(?<!\w)(?:a|b|...)(?!\w)", text))`: the first listed word at
    # each position, never inside a word, the scan going on after it; an underscore or a digit is a word character.
    import random
    import re

    from claimledger.lang.lexicon import WordCounts

    def by_regex(words: list[str], text: str) -> int:
        if not words:
            return 0
        alternation = "|".join(re.escape(word) for word in words)
        return len(re.findall(rf"(?<!\w)(?:{alternation})(?!\w)", text))

    cases = [(["Artsakh", "Artsakh Defense Army"], "Artsakh Defense Army of Artsakh, Artsakh_x, xArtsakh, Artsakh1"),
             (["mil.am", ".am"], "mil.am and .am, x.am, mil.amx"), ([], "anything")]
    rnd = random.Random(3)
    letters = "ab c_-.é1’'A"
    for _ in range(2000):
        lists = [["".join(rnd.choice(letters) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(0, 4))]
                 for _ in range(2)]
        cases.extend((words, "".join(rnd.choice(letters) for _ in range(40))) for words in lists)
    for words, text in cases:
        assert WordCounts([words]).counts(text) == [by_regex(words, text)], (words, text)


def test_terms_gathered_by_first_letter_match_as_the_flat_alternation_does() -> None:
    # TermSet's pattern gathers the terms behind their first letters (lexicon._by_first_letter); it must find the
    # same matches as "(?:t1)|(?:t2)|..." in every case: order among terms that can match at one position, optional
    # and alternative openings, classes, escapes, repeats and a term with a "|" of its own.
    import random
    import re

    from claimledger.lang.lexicon import _by_first_letter

    terms = ["ab|cd", "a(?:b|c)?d", r"\d+ kills?", "[- ]x", "x", "(?:x|y)?z", "a??b", "(?:)q", "[a-c]+d", r"x\.y",
             "said", "says", "sa", "stated", "state", "t-(?:55|62)\\w*", "(?:ethnic )?(?:kurds|turks)", "[ae]nemy"]
    flat = re.compile("(?<![\\w\\-])(?:" + "|".join(f"(?:{t})" for t in terms) + ")(?![\\w\\-])")
    gathered = re.compile(f"(?<![\\w\\-])(?:{_by_first_letter(terms)})(?![\\w\\-])")
    pieces = ["ab", "cd", "ad", "acd", "12 kill", "x", "y", "z", "q", "abcd", "x.y", "said", "says", "sa", "stated",
              "state", "t-55x", "ethnic kurds", "turks", "enemy", "anemy", " ", "-", "b"]
    rnd = random.Random(5)
    for _ in range(3000):
        text = rnd.choice(["", " ", "-"]).join(rnd.choice(pieces)[:rnd.randint(1, 12)] for _ in range(6))
        assert [m.span() for m in gathered.finditer(text)] == [m.span() for m in flat.finditer(text)], text


def test_names_of_a_stretch_of_a_long_text_are_those_found_in_that_stretch() -> None:
    # NameSet reads a long text's names once and answers each stretch from them: a name must lie wholly inside the
    # stretch, its word edges are those of the whole text, and among overlapping names the leftmost-longest wins
    # within the stretch ("Ab Cd" cut at its end leaves "Ab", and "b Cd E" no longer hides "Cd").
    import random

    from claimledger.lang.lexicon import NameSet

    names = NameSet([("a", "Ab"), ("b", "Ab Cd"), ("c", "Cd"), ("d", "b Cd E"), ("e", "E")])

    def in_stretch(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        def edge(i: int) -> bool:
            return i < 0 or i >= len(text) or not (text[i].isalnum() or text[i] in "_-")
        found = sorted((first, -len(name), key) for key, name in (("a", "Ab"), ("b", "Ab Cd"), ("c", "Cd"),
                                                                  ("d", "b Cd E"), ("e", "E"))
                       for first in range(start, end - len(name) + 1)
                       if text.startswith(name, first) and edge(first - 1) and edge(first + len(name)))
        taken, reached = [], -1
        for first, negative_length, key in found:
            if first >= reached:
                reached = first - negative_length
                taken.append((key, first, reached))
        return taken

    rnd = random.Random(8)
    pieces = ["Ab", " ", "Cd", "E", "-", "x", "b", "\n"]
    for _ in range(300):
        text = "".join(rnd.choice(pieces) for _ in range(300))
        for _ in range(10):
            start = rnd.randint(0, len(text))
            end = rnd.randint(start, len(text))
            assert [(m.key, m.start, m.end) for m in names.finditer(text, start, end)] == in_stretch(text, start, end)


def test_a_pattern_searched_after_its_separator_finds_what_its_lookbehind_finds() -> None:
    # AfterSeparator searches for the character before a match instead of testing the lookbehind at every position:
    # over any stretch of any text it must find what the pattern's own search and finditer find, with the same
    # groups, at the text's start too, after a match that ends in a separator ("capital," then "baku"), and beside
    # characters outside ASCII ("é", "İ", Arabic-Indic digits) that the scanned ASCII class lets through.
    import random

    from claimledger.lang.lexicon import AfterSeparator

    cases = [AfterSeparator("(?:capital,|baku|ba|ku|a-b|x y|\\d+ km)(?![\\w\\-])"),
             AfterSeparator("(?P<digits>\\d+)(?:\\s*(?P<plus>\\+))?", not_before="\\w.,/'’"),
             AfterSeparator("(?i:b)a", not_before="\\d\\s")]
    pieces = ["capital,", "baku", "ba", "Ba", "ku", "a", "-", "b", "x", " ", "y", "é", "İ", "_", "3", "12 km", ",",
              "\n", ".", "/", "’", "٣", "+", "\t"]
    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        for case in cases:
            expected = case.pattern.search(text, start, end)
            found = case.search(text, start, end)
            assert (found.span(), found.groupdict()) == (expected.span(), expected.groupdict()) if expected else \
                found is None, (text, start, end)
            everything = [(m.span(), m.groupdict()) for m in case.pattern.finditer(text, start, end)]
            assert [(m.span(), m.groupdict()) for m in case.finditer(text, start, end)] == everything, (text, start)
            assert list(case.spans(text, start, end)) == [span for span, _ in everything], (text, start, end)


def test_a_word_start_searched_after_its_separator_is_where_a_word_boundary_is() -> None:
    # at_word_start stands for "\\b" + a body whose matches start with a letter or digit: the same matches, and a
    # body that may start with anything else ("-" or a space) refused, since "\\b" there means a letter before it.
    import random

    from claimledger.lang.lexicon import at_word_start

    body = "(?:liberated|took\\s+control\\s+of|(?P<n>[0-9]+) villages?)"
    searched, plain = at_word_start(body), re.compile(rf"\b{body}")
    pieces = ["liberated", "took control of", "took  control\nof", "3 villages", "x", "-", " ", "é", "_", "2", ","]
    rnd = random.Random(12)
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        start = rnd.randint(0, len(text))
        assert [(m.span(), m.group("n")) for m in searched.finditer(text, start)] == \
            [(m.span(), m.group("n")) for m in plain.finditer(text, start)], (text, start)
    for body in ("-?x", "(?: |x)y", "x|\\.y"):
        with pytest.raises(ValueError, match="at_word_start"):
            at_word_start(body)


def test_a_pattern_searched_by_its_first_words_finds_what_the_pattern_finds() -> None:
    # LiteralLed tries a pattern only where one of the literal words every match starts with stands: over any
    # stretch of any text, with or without IGNORECASE ("Liberated", "lıberated" as the engine folds them), the same
    # matches and groups as the pattern's own finditer, overlapping first words ("villages" in "the villages of")
    # and a match right after another included.
    import random

    from claimledger.lang.lexicon import LiteralLed

    bodies = [("(?:liberated|took\\s+control\\s+of|villages? of)\\s+(?P<name>[A-Z]\\w*)", 0),
              ("(?:front-?line (?:town|city) of|capital,?|(?:the\\s+)?villages)(?P<rest> \\w+)?", 0),
              ("(?:interview(?:ed)?|liberated)\\b", re.IGNORECASE)]
    pieces = ["liberated ", "Liberated ", "lıberated ", "took control of ", "took  control\nof ", "villages of ",
              "village of ", "the villages", "frontline town of ", "front-line city of ", "capital,", "capital ",
              "interviewed", "INTERVIEW", "xliberated ", "Baku", "Kyiv ", "-", " ", "é", "12"]
    rnd = random.Random(13)
    for body, flags in bodies:
        searched = LiteralLed.of(body, flags, not_before="\\w")
        assert isinstance(searched, LiteralLed), body
        for _ in range(1500):
            text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
            start = rnd.randint(0, len(text))
            end = rnd.randint(start, len(text))
            expected = [(m.span(), m.groupdict()) for m in searched.pattern.finditer(text, start, end)]
            assert [(m.span(), m.groupdict()) for m in searched.finditer(text, start, end)] == expected, (text, start)
            assert list(searched.spans(text, start, end)) == [span for span, _ in expected], (text, start, end)


def test_guarded_words_find_what_the_plain_alternation_of_whole_words_finds() -> None:
    # The guard only skips positions no term starts at: in any case, at any stretch, the same matches as
    # \b(?:terms)\b with IGNORECASE, a term's space standing for any white space, terms inside words refused.
    import random

    from claimledger.lang.lexicon import guarded_words

    terms = ["fake", "not true", "is (?:just )?a lie", "fabricat(?:ed|ion)", "does not correspond to reality"]
    plain = re.compile(rf"\b{words(terms)}\b", re.IGNORECASE)
    guarded = guarded_words(terms)
    pieces = ["fake ", "FAKE", "fakes ", "not  true", "Not\ntrue ", "is a lie", "is just a lie", "isa lie ",
              "fabricated", "Fabrication ", "fabricating ", "does not correspond to reality", "unfake ", "12", " ",
              ";", "é", "Kyiv said "]
    rnd = random.Random(7)
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        start = rnd.randint(0, len(text))
        end = rnd.randint(start, len(text))
        assert [m.span() for m in guarded.finditer(text, start, end)] == \
            [m.span() for m in plain.finditer(text, start, end)], (text, start, end)


def test_a_pattern_searched_in_the_runs_that_hold_its_words_finds_what_it_finds_over_the_whole_text() -> None:
    # WithinRuns searches only the runs of name characters around a closing word; the matches are those of the whole
    # text's scan: names of one to three words, the word inside others ("Cityscape"), several in one run, a run
    # longer than the look-back, a run at the very start or end of the text, and a match right after another.
    import random

    from claimledger.lang.lexicon import WithinRuns

    pattern = re.compile(r"(?P<name>[A-Z][\w'’\-]*+\s+(?:[A-Z][\w'’\-]*+\s+){0,2}(?:Strip|City|Bank))\b")
    searched = WithinRuns(pattern, "(?:Strip|City|Bank)", "\\w'’\\-\\s")
    pieces = ["Gaza ", "Gaza City", "Gaza City ", "the Gaza Strip", "West Bank", "Kansas City, ", "Cityscape ",
              "World Bank.", "Ho Chi Minh City", "of ", "and ", ", ", ". ", "\n", "(", "al-Bireh ", "x" * 300 + " ",
              "Bank", "City City ", "Strip"]
    rnd = random.Random(5)
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 9)))
        assert [(m.span(), m.group("name")) for m in searched.finditer(text)] == \
            [(m.span(), m.group("name")) for m in pattern.finditer(text)], text


def test_several_patterns_searched_in_one_pass_find_what_each_finds_alone() -> None:
    # LiteralLedSet: one automaton for the first words of several patterns (some sharing a first word, "shelled"),
    # each pattern's match starts over a whole text as its own finditer gives them; patterns that ignore case and
    # patterns that do not are not mixed.
    import random

    from claimledger.lang.lexicon import LiteralLed, LiteralLedSet

    bodies = {"attack": "\\b(?:shelled|struck|fired at)\\s+(?:the\\s+)?(?:city|villages?)\\b",
              "weapons": "\\b(?:cluster (?:munitions|bombs)|shelled with phosphorus)\\b",
              "denial": "\\b(?:fake|groundless|as\\x20if|no\\x20grounds)\\b"}
    patterns = {key: LiteralLed.of(body, re.IGNORECASE) for key, body in bodies.items()}
    assert all(isinstance(p, LiteralLed) for p in patterns.values())
    together = LiteralLedSet(patterns)  # type: ignore[arg-type]
    pieces = ["shelled ", "Shelled the city ", "struck villages ", "fired at the village ", "with phosphorus ",
              "cluster munitions ", "CLUSTER BOMBS ", "fake", " as if ", "no grounds", "groundless.", "x", " ", ","]
    rnd = random.Random(29)
    for _ in range(1000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        assert together.starts(text) == {key: [m.start() for m in p.pattern.finditer(text)]
                                         for key, p in patterns.items()}, text
    with pytest.raises(ValueError, match="ignore case"):
        LiteralLedSet({"a": patterns["attack"], "b": LiteralLed.of("\\bshelled\\b")})  # type: ignore[dict-item]


def test_a_pattern_with_no_long_first_words_is_searched_after_its_separator() -> None:
    from claimledger.lang.lexicon import AfterSeparator, LiteralLed

    # "in" and "at" are too short to be rarer than the spaces before words; "\\d+" is no word at all.
    for body in ("(?:in|at)\\s+the", "\\d+ km", "(?:liberated|[A-Z]\\w+)"):
        assert isinstance(LiteralLed.of(body, not_before="\\w"), AfterSeparator), body
    assert isinstance(LiteralLed.of("\\d+ km"), re.Pattern)


def test_a_separator_class_must_be_one_of_characters_with_an_ascii_part() -> None:
    from claimledger.lang.lexicon import AfterSeparator

    for not_before in ("^\\w", "\\S"):
        with pytest.raises(ValueError, match="AfterSeparator"):
            AfterSeparator("x", not_before=not_before)


def test_the_earliest_of_several_term_sets_is_where_the_first_of_them_matches() -> None:
    # EarliestOf gathers the terms of all its sets into one alternation: it must find the position the leftmost
    # match of any one set starts at, searched set by set.
    import random

    from claimledger.lang.lexicon import EarliestOf, TermSet

    sets = (TermSet([("tank", "tanks?"), ("apc", "armou?red (?:personnel )?carriers?")]),
            TermSet([("killed", "killed"), ("dead", "dead"), ("tank", "tank crews?")]),
            TermSet([("village", "villages?"), ("height", "heights?")]), TermSet([]))
    earliest = EarliestOf(sets)
    words = ["tank", "tanks", "tank crew", "armored", "armoured personnel carrier", "killed", "dead", "village",
             "heights", "x", "-", " ", "tankx", "x-tank"]
    rnd = random.Random(4)
    for _ in range(2000):
        text = " ".join(rnd.choice(words) for _ in range(6))
        start, end = rnd.randint(0, len(text)), len(text)
        starts = [m.start for s in sets if (m := s.first(text, start, end)) is not None]
        assert earliest.start(text, start, end) == (min(starts) if starts else None), (text, start)


def test_words_are_one_alternation_longest_first_a_space_standing_for_any_white_space() -> None:
    pattern = re.compile(rf"\b{words(('took', 'took control of'))}\b")
    assert pattern.pattern == r"\b(?:took\s+control\s+of|took)\b"
    assert pattern.match("took\n control  of Talish").group() == "took\n control  of"


def test_each_profiles_lexicon_adds_its_equipment_to_term_sets_compiled_once_for_all() -> None:
    # A lexicon a profile once cost a second of compiling, paid by the first document of each profile in a batch.
    from claimledger.lang.lexicon import lexicon_for
    from claimledger.profile import load_profile

    karabakh, ukraine = lexicon_for(load_profile("nagorno_karabakh_2020")), lexicon_for(load_profile("russia_ukraine_2022"))
    assert karabakh.people is ukraine.people and karabakh.predicates is ukraine.predicates
    assert karabakh.materiel is not ukraine.materiel
    def designations(lexicon: object, text: str) -> list[str]:
        return [match.text for match in lexicon.materiel.finditer(text)]  # type: ignore[attr-defined]

    text = "a Harop drone and two HIMARS launchers were destroyed"
    assert designations(karabakh, text) == ["Harop", "drone", "launchers"]
    assert designations(ukraine, text) == ["drone", "HIMARS", "launchers"]
