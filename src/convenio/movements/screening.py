"""The dispatch check: the whole screen and the hold match for everyone on board, at an instant.

A person fails when the rulebook blocks them at that instant (any ``block`` reason, a
matching active hold included), or when a ``review`` reason appears that the case's recorded
legal review did not cover.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.eligibility import public as eligibility
from convenio.legal import public as legal
from convenio.movements.domain.model import Failure
from convenio.records import public as records
from convenio.shared.dates import Instant


def case_of(session: Session, case_id: str) -> cases.CaseView:
    """A case.

    Raises:
        CaseNotFoundError: no such case.
    """
    case = cases.get_case(session, case_id)
    if case is None:
        raise cases.CaseNotFoundError(case_id)
    return case


def person_of(session: Session, person_id: str) -> dict[str, Any]:
    """The person in the interchange form (an empty record if the records lost them)."""
    person = records.get_person(session, person_id)
    return dict(person) if person is not None else {"person_id": person_id}


def screen_on_board(session: Session, on_board: Mapping[str, str], at: Instant) -> list[Failure]:
    """Everyone on board who fails at ``at`` (case id → person id), in case order."""
    agreement = custody.agreement_in_force(session)
    holds = legal.active_holds(session, at.utc)
    failures = []
    for case_id, person_id in sorted(on_board.items()):
        person = person_of(session, person_id)
        decision = eligibility.decide(person, holds, agreement, at)
        reviewed = set(case_of(session, case_id).review_codes)
        failing = [
            reason.code
            for reason in decision.reasons
            if str(reason.severity) == "block" or reason.code not in reviewed
        ]
        if failing:
            hold_ids = tuple(eligibility.matching_hold_ids(holds, person, at))
            failures.append(
                Failure(
                    person_id=person_id, case_id=case_id, codes=tuple(failing), hold_ids=hold_ids
                )
            )
    return failures
