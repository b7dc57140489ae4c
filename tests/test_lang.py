"""Language files (lang/<code>/*.toml): every shipped file passes the schema check, and a broken one is named."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from claimledger.errors import ProfileError
from claimledger.lang import available_languages, load_topic, validate_topic


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


@pytest.mark.parametrize("topic", ["time", "segments"])
def test_the_written_form_of_every_entry_is_a_text_the_entry_matches(topic: str) -> None:
    # A space of these files stands for any white space.
    for table in load_topic("en", topic).values():
        for terms in table.values():
            for term in terms:
                assert re.fullmatch(term.replace(" ", r"\s+"), written(term)), term


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
