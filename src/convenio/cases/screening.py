"""Screening a case's person at an instant: the records, the holds and the rulebook."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from convenio.cases.domain.errors import PersonNotFoundError
from convenio.cases.domain.model import Screening
from convenio.eligibility import public as eligibility
from convenio.legal import public as legal
from convenio.records import public as records
from convenio.shared.dates import Instant
from convenio.terms.public import Agreement


def person_of(session: Session, person_id: str) -> dict[str, Any]:
    """The person as an interchange dict.

    Raises:
        PersonNotFoundError: the person is not in the records.
    """
    person = records.get_person(session, person_id)
    if person is None:
        raise PersonNotFoundError(person_id)
    return person


def screen(
    session: Session, person: dict[str, Any], agreement: Agreement, at: Instant
) -> Screening:
    """The full eligibility screen (hold match included) of a person at an instant."""
    holds = legal.active_holds(session, at.utc)
    decision = eligibility.decide(person, holds, agreement, at)
    hold_ids = tuple(eligibility.matching_hold_ids(holds, person, at))
    return Screening(
        decision=str(decision.decision),
        category=decision.category,
        codes=tuple(reason.code for reason in decision.reasons),
        review_codes=tuple(r.code for r in decision.reasons if str(r.severity) == "review"),
        hold_ids=hold_ids,
        reasons=tuple(reason.to_json() for reason in decision.reasons),
    )


def active_matches(session: Session, person: dict[str, Any], at: Instant) -> list[str]:
    """Ids of the holds active at ``at`` that match the person."""
    holds = legal.active_holds(session, at.utc)
    return list(eligibility.matching_hold_ids(holds, person, at))


def unended_matches(session: Session, person: dict[str, Any], at: Instant) -> list[str]:
    """Ids of the holds matching the person that have not ended by ``at`` (issued or not)."""
    return [
        str(hold["hold_id"])
        for hold in legal.unended_holds(session, at.utc)
        if eligibility.hold_matches(hold, person, at.local_date)
    ]
