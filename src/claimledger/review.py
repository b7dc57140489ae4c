"""Review of claims: a reviewer's status for a claim, corrections of its fields, claims the machine missed, and
the audit trail of every change.

Machine extraction makes mistakes; review makes the ledger evidence-grade. A user of role analyst or above
(`accounts.Role`) may:

- give a claim a status — unreviewed, corroborated, disputed or refuted — with a note and evidence links;
- correct any field of it (the fields of the interchange format, `ledger.CORRECTABLE_FIELDS`);
- add a claim the machine missed, by the span of the text it stands in.

A review and a correction are kept by the claim's document and span, so they are applied again to the claim of
that span after `claimledger reextract`; an added claim is a human claim, which no re-extraction replaces. Every
change is in the audit trail (who, when, which field, before, after, the note), shown on the claim's page and
exported by `claimledger audit`. The values reviewers type are read here (`parse_field`), from the text of a form or
a command line, and checked before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from claimledger.accounts import Role, role_allows
from claimledger.errors import RoleRefusedError, ReviewError, ReviewFieldError
from claimledger.gazetteer import Gazetteer
from claimledger.geocode import locate_claims
from claimledger.ledger import (CORRECTABLE_FIELDS, REVIEW_STATUSES, AuditEntry, Ledger, StoredClaim, StoredDocument,
                                StoredReview, StoredUser, date_bounds)
from claimledger.models import KINDS, OUTCOMES, QUALIFIERS, Claim, Document, Location

__all__ = ["CORRECTABLE_FIELDS", "REVIEW_STATUSES", "Reviews", "parse_field", "parse_evidence"]

# A list field's items as a reviewer types them: "tank; armored_vehicle" or "tank, armored_vehicle".
_LIST_SEPARATOR = re.compile(r"\s*[;,]\s*")
_LIST_FIELDS = ("what", "places")
_TEXT_FIELDS = ("affected", "actor", "claimant", "speaker", "unit")
MAX_NOTE_LENGTH = 4000
MAX_EVIDENCE_LINKS = 20


def parse_field(name: str, text: str) -> Any:
    """A reviewer's value of the field `name` from the text typed for it; an empty text is no value (None, or an
    empty list). ReviewFieldError says what the field takes."""
    text = text.strip()
    if name not in CORRECTABLE_FIELDS:
        raise ReviewFieldError(name, text, f"is no field a reviewer corrects; give one of {', '.join(CORRECTABLE_FIELDS)}")
    if name in _LIST_FIELDS:
        return [item for item in _LIST_SEPARATOR.split(text) if item] if text else []
    if name in _TEXT_FIELDS:
        if name == "unit" and not text:
            raise ReviewFieldError(name, text, "is empty; a figure counts something: 'count' for people or things")
        return text or None
    if name == "value":
        if not text:
            return None  # "hundreds of": a vague amount, no figure
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise ReviewFieldError(name, text, "is no number; write it in digits (12, 1500, 2.5)") from None
        if number != number or number in (float("inf"), float("-inf")) or number < 0:
            raise ReviewFieldError(name, text, "is no count: give a number of zero or more")
        return int(number) if number.is_integer() else number
    if name == "qualifier":
        return _one_of(name, text, QUALIFIERS)
    if name == "kind":
        return _one_of(name, text, KINDS)
    if name == "outcome":
        return _one_of(name, text, sorted({o for outcomes in OUTCOMES.values() for o in outcomes}))
    if name == "date":
        if not text:
            return None
        try:
            date_bounds(text)
        except ValueError:
            raise ReviewFieldError(name, text, "is not YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD (first day first)") from None
        return text
    # cumulative: a running total, an event's count, or not known
    lowered = text.lower()
    if lowered in ("true", "yes", "running total"):
        return True
    if lowered in ("false", "no", "event"):
        return False
    if not lowered:
        return None
    raise ReviewFieldError(name, text, "is neither true (a running total) nor false (one event's count)")


def _one_of(name: str, text: str, allowed: Sequence[str]) -> str:
    if text not in allowed:
        raise ReviewFieldError(name, text, f"is not one of {', '.join(allowed)}")
    return text


def parse_evidence(links: Sequence[str]) -> list[str]:
    """Evidence links as a reviewer gives them: web addresses (http or https) only, each once, in order; a page
    shows them as links, so nothing else (no javascript:, no file:) gets in."""
    found: list[str] = []
    for link in (piece.strip() for text in links for piece in text.split()):
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ReviewFieldError("evidence", link, "is no web address; give links that start with https:// or http://")
        if link not in found:
            found.append(link)
    if len(found) > MAX_EVIDENCE_LINKS:
        raise ReviewFieldError("evidence", f"{len(found)} links", f"are too many; give at most {MAX_EVIDENCE_LINKS}")
    return found


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Reviews:
    """The review of one ledger's claims. `gazetteer` resolves the places a reviewer writes (the ledger's, as
    `pipeline.ledger_gazetteer` gives it); `clock` tells the time, in UTC."""

    ledger: Ledger
    gazetteer: Gazetteer
    clock: Callable[[], dt.datetime] = _utc_now

    def review(self, claim_id: int, user: StoredUser, status: str, *, note: str = "",
               evidence: Sequence[str] = ()) -> StoredReview:
        """Give a claim a status, with why and the evidence for it."""
        self._may_review(user)
        if status not in REVIEW_STATUSES:
            raise ReviewFieldError("status", status, f"is not one of {', '.join(REVIEW_STATUSES)}")
        self._claim(claim_id)
        return self.ledger.record_review(claim_id, status, note=_note(note), evidence=parse_evidence(evidence),
                                         user=user, at=self.clock())

    def correct(self, claim_id: int, user: StoredUser, typed: Mapping[str, str], *, note: str = "") -> StoredClaim:
        """Correct fields of a claim from the values typed for them (`parse_field`); a field typed as it already
        is changes nothing. The outcome must be one of the (new) kind's."""
        self._may_review(user)
        stored = self._claim(claim_id)
        changes = {name: parse_field(name, text) for name, text in typed.items()}
        kind = changes.get("kind", stored.claim.kind)
        outcome = changes.get("outcome", stored.claim.outcome)
        if outcome not in OUTCOMES[kind]:
            raise ReviewFieldError("outcome", outcome, f"is no outcome of {kind}; give one of {', '.join(OUTCOMES[kind])}")
        locations = self._locate(stored, changes["places"]) if "places" in changes else []
        return self.ledger.record_correction(claim_id, changes, note=_note(note), user=user, at=self.clock(),
                                             locations=locations)

    def add_claim(self, document_id: int, user: StoredUser, span: tuple[int, int], typed: Mapping[str, str], *,
                  note: str = "") -> StoredClaim:
        """A claim the machine missed, at text[span[0]:span[1]] of the document, with the fields typed for it
        (kind and outcome at least)."""
        self._may_review(user)
        document = self.ledger.document(document_id)
        if document is None:
            raise ReviewError(f"there is no document #{document_id} in {self.ledger.name}")
        start, end = span
        if not 0 <= start < end <= len(document.text):
            raise ReviewError(f"the span {start}-{end} is not within document #{document_id} "
                              f"({len(document.text):,} characters): choose the words of the claim in its text")
        fields = {name: parse_field(name, text) for name, text in typed.items()}
        for needed in ("kind", "outcome"):
            if fields.get(needed) is None:
                raise ReviewFieldError(needed, "", "is needed for a claim: say what it counts and what befell it")
        if fields["outcome"] not in OUTCOMES[fields["kind"]]:
            raise ReviewFieldError("outcome", fields["outcome"],
                                   f"is no outcome of {fields['kind']}; give one of {', '.join(OUTCOMES[fields['kind']])}")
        claim = Claim(doc=document.file_name, span=(start, end), quote=document.text[start:end],
                      value=fields.get("value"), kind=fields["kind"], outcome=fields["outcome"],
                      qualifier=fields.get("qualifier") or "exact", unit=fields.get("unit") or "count",
                      what=fields.get("what") or [], affected=fields.get("affected"), actor=fields.get("actor"),
                      claimant=fields.get("claimant"), speaker=fields.get("speaker"), date=fields.get("date"),
                      cumulative=fields.get("cumulative"), places=fields.get("places") or [])
        if claim.places:
            (claim,) = locate_claims(_as_document(document), [claim], self.gazetteer)
        return self.ledger.add_human_claim(document_id, claim, note=_note(note), user=user, at=self.clock())

    def history(self, claim_id: int) -> list[AuditEntry]:
        """Every change to the claim, across re-extractions, oldest first."""
        return self.ledger.audit_trail(claim_id)

    def reviews(self, claim_id: int) -> list[StoredReview]:
        return self.ledger.reviews(claim_id)

    def _claim(self, claim_id: int) -> StoredClaim:
        stored = self.ledger.claim(claim_id)
        if stored is None:
            raise ReviewError(f"there is no claim #{claim_id} in {self.ledger.name}; "
                              f"list them with `claimledger claims --db {self.ledger.name}`")
        return stored

    def _locate(self, stored: StoredClaim, places: list[str]) -> list[Location]:
        """The places a reviewer gives a claim, resolved as geocoding resolves a claim's places, near its quote."""
        document = self.ledger.document(stored.document_id)
        if document is None or not places:
            return []
        claim = replace(stored.claim, places=list(places), place_spans=[], locations=[])
        (located,) = locate_claims(_as_document(document), [claim], self.gazetteer)
        return located.locations

    @staticmethod
    def _may_review(user: StoredUser) -> None:
        if not user.active:
            raise ReviewError(f"the user {user.name} is disabled and can review nothing")
        if not role_allows(user.role, Role.analyst):
            raise RoleRefusedError(user.name, user.role, Role.analyst.value)


def _as_document(stored: StoredDocument) -> Document:
    return Document(name=stored.file_name, text=stored.text, content_hash=stored.content_hash,
                    published=stored.published)


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ReviewFieldError("note", f"{len(note):,} characters", f"are too long; write at most {MAX_NOTE_LENGTH:,}")
    return note
