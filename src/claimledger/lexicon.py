"""The shared vocabulary of war reporting (lexicon.toml) compiled into fast matchers.

Each table of the lexicon becomes a `TermSet`: one compiled alternation whose match tells
which key (for example `children` or `tank`) the matched words belong to. Alternatives are
tried longest first, so "anti-aircraft gun" wins over "gun" at the same position.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimledger.errors import ProfileError
from claimledger.profile import Profile

WORD_START = r"(?<![\w\-])"
WORD_END = r"(?![\w\-])"


@dataclass(frozen=True, slots=True)
class TermMatch:
    key: str
    start: int
    end: int
    text: str


class TermSet:
    """Groups of terms (regular expressions) matched as whole words; each match names its group."""

    def __init__(self, groups: Iterable[tuple[str, str]], *, case_sensitive_groups: Iterable[tuple[str, str]] = ()):
        alternatives: list[tuple[int, str, str]] = []
        for key, term in groups:
            alternatives.append((len(term), key, term))
        for key, term in case_sensitive_groups:
            alternatives.append((len(term), key, f"(?-i:{term})"))
        alternatives.sort(key=lambda a: -a[0])
        self._keys: dict[str, str] = {}
        parts = []
        for i, (_, key, term) in enumerate(alternatives):
            name = f"t{i}"
            self._keys[name] = key
            parts.append(f"(?P<{name}>{term})")
        body = "|".join(parts) if parts else "(?!x)x"
        self.pattern = re.compile(f"{WORD_START}(?:{body}){WORD_END}", re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        for m in self.pattern.finditer(text, start, len(text) if end is None else end):
            yield TermMatch(self._keys[m.lastgroup or ""], m.start(), m.end(), m.group())

    def match_at(self, text: str, pos: int) -> TermMatch | None:
        m = self.pattern.match(text, pos)
        return TermMatch(self._keys[m.lastgroup or ""], m.start(), m.end(), m.group()) if m else None

    def first(self, text: str, start: int = 0, end: int | None = None) -> TermMatch | None:
        return next(self.finditer(text, start, end), None)

    def keys_in(self, text: str) -> list[str]:
        return [m.key for m in self.finditer(text)]


@dataclass(frozen=True, eq=False)  # hashed by identity: one per profile, cached
class Lexicon:
    people: TermSet
    outcome_nouns: TermSet
    structures: TermSet
    territory: TermSet
    force: TermSet
    attacks: TermSet
    materiel: TermSet
    currencies: TermSet
    # Every predicate phrase, to find them; `predicate_classes` then tells what a phrase can mean
    # ("lost" kills people but only loses equipment), tried in each kind's order of preference.
    predicates: TermSet
    predicate_classes: dict[str, re.Pattern[str]]
    adversary: TermSet
    self_words: TermSet
    organizations: TermSet
    nationalities: TermSet
    # Which materiel category each profile designation denotes, for the visually confirmed lists.
    oryx: dict[str, str]


def _load_lexicon_data() -> dict:
    raw = (resources.files("claimledger") / "lexicon.toml").read_text(encoding="utf-8")
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"lexicon.toml: not valid TOML: {exc}") from exc


@lru_cache(maxsize=1)
def _lexicon_data() -> dict:
    return _load_lexicon_data()


def _groups(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(key, term) for key, terms in table.items() for term in terms]


@lru_cache(maxsize=16)
def lexicon_for(profile: Profile) -> Lexicon:
    """The lexicon with the profile's equipment designations added to the materiel terms."""
    data = _lexicon_data()
    designations = [(e.category, p) for e in profile.equipment for p in e.patterns]
    return Lexicon(
        people=TermSet(_groups(data["people"])),
        outcome_nouns=TermSet(_groups(data["outcome_nouns"])),
        structures=TermSet(_groups(data["structures"])),
        territory=TermSet(_groups(data["territory"])),
        force=TermSet(_groups(data["force"])),
        attacks=TermSet(_groups(data["attacks"])),
        materiel=TermSet(_groups(data["materiel"]), case_sensitive_groups=designations),
        currencies=TermSet(_groups(data["currencies"])),
        predicates=TermSet(_groups(data["predicates"])),
        predicate_classes={
            key: re.compile("(?:" + "|".join(terms) + ")", re.IGNORECASE) for key, terms in data["predicates"].items()
        },
        adversary=TermSet([("adversary", t) for t in data["relative_sides"]["adversary"]]),
        self_words=TermSet([("self", t) for t in data["relative_sides"]["self"]]),
        organizations=TermSet(_groups(data["organizations"])),
        nationalities=TermSet(_groups(data["nationalities"])),
        oryx={e.category: e.oryx for e in profile.equipment if e.oryx},
    )
