"""Contested allegations: one act that one party asserts and another denies.

Read from what extraction stored (the ledger's allegations); no text is read again. Allegations of the same subject
and the same actor ("foreign_military", Turkey) are one act; the act is contested when a claimant asserts it and a
different claimant denies it ("Armenia asserts Turkish F-16s fly combat missions · Azerbaijan denies"). Each side's
quotes, dates and documents are kept, so that a reader sees both words side by side, with neither taken as true.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimledger.ledger import StoredAllegation


@dataclass(frozen=True, slots=True)
class ContestedAct:
    """An act asserted by some claimants and denied by others, with every assertion and denial of it."""

    subject: str
    actor: str | None
    asserted: tuple[StoredAllegation, ...]
    denied: tuple[StoredAllegation, ...]

    def claimants_text(self, stance: str) -> str:
        """ "Armenia (2), France (1)": who asserts (or denies) the act, and how often."""
        return ", ".join(f"{name} ({count})" for name, count in self.claimants(stance).items())

    def involves(self, claimant: str) -> bool:
        """Whether `claimant` (in any case) asserts or denies the act."""
        return any((s.allegation.claimant or "").casefold() == claimant.casefold()
                   for s in (*self.asserted, *self.denied))

    def claimants(self, stance: str) -> dict[str, int]:
        """How many times each claimant asserts (or denies) the act, most first."""
        counts: dict[str, int] = {}
        for stored in self.asserted if stance == "asserts" else self.denied:
            name = stored.allegation.claimant or "unattributed"
            counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _act(stored: StoredAllegation) -> tuple[str, str]:
    return stored.allegation.subject, (stored.allegation.actor or "").casefold()


def contested_acts(allegations: Iterable[StoredAllegation], involving: str | None = None) -> list[ContestedAct]:
    """The acts that one claimant asserts and another denies, the most disputed first (by how many assertions and
    denials they have), each with all its assertions and denials in the ledger's order. With `involving`, only the
    acts that claimant asserts or denies, the other side's word still beside its own (so `allegations` should not be
    filtered by claimant)."""
    by_act: dict[tuple[str, str], list[StoredAllegation]] = {}
    for stored in allegations:
        by_act.setdefault(_act(stored), []).append(stored)
    found = []
    for told in by_act.values():
        asserted = tuple(s for s in told if s.allegation.stance == "asserts")
        denied = tuple(s for s in told if s.allegation.stance == "denies")
        asserters = {(s.allegation.claimant or "").casefold() for s in asserted}
        deniers = {(s.allegation.claimant or "").casefold() for s in denied}
        # Contested only between different claimants: a party that asserts and denies an act contradicts itself.
        if asserted and denied and any(a != d for a in asserters for d in deniers):
            first = told[0].allegation
            found.append(ContestedAct(first.subject, first.actor, asserted, denied))
    found = [act for act in found if involving is None or act.involves(involving)]
    return sorted(found, key=lambda act: (-(len(act.asserted) + len(act.denied)), act.subject, act.actor or ""))
