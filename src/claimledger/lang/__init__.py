"""Language data: how statements in one language are worded, kept as TOML files, one folder per language.

`lang/<code>/<topic>.toml` holds tables of word lists (regular expressions matched on word
boundaries) that a stage of the extractor reads: `lang/en/attribution.toml` tells the
attribution stage which verbs report speech and which titles stand before a name. A new
language is a new folder with the same topics; the engine code does not change.

Every table is checked when it is loaded (a table of lists of non-empty strings, each a valid
regular expression), so a broken file fails with its name and entry, not with a wrong claim.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from claimledger.errors import ProfileError

LANG_PACKAGE = "claimledger.lang"


def available_languages() -> tuple[str, ...]:
    """The language codes that have language files."""
    folder = resources.files(LANG_PACKAGE)
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")))


@lru_cache(maxsize=32)
def load_topic(language: str, topic: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """The tables of one topic file of a language, each entry a tuple of regular expressions."""
    source = f"lang/{language}/{topic}.toml"
    resource = resources.files(LANG_PACKAGE) / language / f"{topic}.toml"
    if not resource.is_file():
        raise ProfileError(f"{source}: no such language file (languages with files: "
                           f"{', '.join(available_languages())})")
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
    return validate_topic(data, source)


def validate_topic(data: dict, source: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """The parsed file as tables of tuples, or a ProfileError naming the entry that is not a list of patterns."""
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise ProfileError(f"{source}: '{table_name}' must be a table of word lists")
        entries: dict[str, tuple[str, ...]] = {}
        for key, terms in table.items():
            where = f"{source} [{table_name}] {key}"
            if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
                raise ProfileError(f"{where}: must be a non-empty list of non-empty strings")
            for term in terms:
                try:
                    re.compile(term)
                except re.error as exc:
                    raise ProfileError(f"{where}: {term!r} is not a valid regular expression: {exc}") from exc
            entries[key] = tuple(terms)
        tables[table_name] = entries
    return tables


def alternation(terms: tuple[str, ...]) -> str:
    """One regular-expression group of the terms, longest first so that "Major General" wins over "General"."""
    return "(?:" + "|".join(sorted(terms, key=len, reverse=True)) + ")"


def words(terms: Iterable[str]) -> str:
    """One group of the terms, longest first, a space in a term standing for any run of white space ("beat off")."""
    return alternation(tuple(term.replace(" ", r"\s+") for term in terms))
