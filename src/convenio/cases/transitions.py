"""Moving cases, inside the caller's transaction: check, write the row, append the history
and the ledger event. Nothing here commits; services and other contexts do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from convenio.cases.adapters import repository as repo
from convenio.cases.domain.errors import CaseNotFoundError
from convenio.cases.domain.machine import check_transition
from convenio.cases.domain.model import Case, CaseState, Screening
from convenio.ledger import public as ledger
from convenio.shared.actor import Actor
from convenio.shared.dates import Instant, parse_instant, to_utc
from convenio.shared.events import Event, JsonValue
from convenio.shared.ids import new_id

ALERT_AUDIENCE = "legal_reviewer,monitor"


When = Instant | datetime | str


def as_instant(at: When) -> Instant:
    """Accept an ``Instant``, an aware ``datetime`` or ISO 8601 text with an offset.

    Raises:
        InvalidInputError: text that is not an instant.
    """
    if isinstance(at, Instant):
        return at
    if isinstance(at, str):
        return parse_instant(at, field="at")
    return Instant(to_utc(at))


def load(session: Session, case_id: str) -> Case:
    """A case, locked for the rest of the transaction.

    Raises:
        CaseNotFoundError: no such case.
    """
    case = repo.load_case(session, case_id, lock=True)
    if case is None:
        raise CaseNotFoundError(case_id)
    return case


def record_event(
    session: Session, kind: str, actor: Actor, at: Instant, data: dict[str, JsonValue]
) -> None:
    """Append a cases event to the ledger."""
    ledger.record(
        session, Event(type=kind, at=at.utc, actor=actor.id, party=actor.party, data=data)
    )


def move(
    session: Session,
    case: Case,
    target: CaseState,
    actor: Actor,
    at: Instant,
    *,
    reason_code: str | None = None,
    reason: str = "",
    hold_ids: Sequence[str] = (),
    **changes: Any,
) -> Case:
    """Make one transition: check it, save the case, append history and the ledger event.

    Raises:
        TransitionNotAllowedError: no such move from the current state.
        RoleNotAllowedError: the actor may not make it.
    """
    check_transition(case.case_id, case.state, target, actor)
    moved = replace(case, state=target, updated_at=at.utc, version=case.version + 1, **changes)
    repo.save_case(session, moved)
    repo.append_history(
        session,
        case_id=case.case_id,
        source=case.state,
        target=target,
        actor=actor.id,
        party=actor.party,
        at=at.utc,
        recorded_at=at.utc,
        reason_code=reason_code,
        reason=reason,
        hold_ids=hold_ids,
    )
    data: dict[str, JsonValue] = {
        "case_id": case.case_id,
        "person_id": case.person_id,
        "from": case.state.value,
        "to": target.value,
        "reason_code": reason_code,
        "reason": reason,
        "hold_ids": list(hold_ids),
        "facility_id": moved.facility_id,
    }
    record_event(session, "cases.case_transitioned", actor, at, data)
    return moved


def with_screening(screening: Screening, at: Instant) -> dict[str, Any]:
    """The case fields a screening sets."""
    return {
        "decision": screening.decision,
        "category": screening.category,
        "decision_codes": screening.codes,
        "review_codes": screening.review_codes,
        "decision_at": at.utc,
    }


def record_screening(
    session: Session, case: Case, screening: Screening, actor: Actor, at: Instant
) -> None:
    """Append the decision of a screening (all its reasons) to the ledger."""
    data: dict[str, JsonValue] = {
        "case_id": case.case_id,
        "person_id": case.person_id,
        "decision": screening.decision,
        "category": screening.category,
        "as_of": at.isoformat(),
        "reasons": list(screening.reasons),
        "hold_ids": list(screening.hold_ids),
    }
    record_event(session, "cases.case_screened", actor, at, data)


def apply_screening(
    session: Session, case: Case, screening: Screening, actor: Actor, at: Instant
) -> Case:
    """Move a draft, screened or halted case by a fresh screening's outcome.

    A matching hold halts the case; a blocking reason moves it on to ``ineligible`` (through
    ``screened``); otherwise it is ``screened`` with the new decision.
    """
    record_screening(session, case, screening, actor, at)
    fields = with_screening(screening, at)
    if screening.hold_ids:
        return halt(
            session,
            case,
            screening.hold_ids,
            actor,
            at,
            reason="hold matched at screening",
            **fields,
        )
    if case.state is not CaseState.SCREENED:
        case = move(
            session,
            case,
            CaseState.SCREENED,
            actor,
            at,
            reason_code=screening.decision,
            reason="screened",
            halted_by=(),
            **fields,
        )
    else:
        case = replace(case, **fields, updated_at=at.utc, version=case.version + 1)
        repo.save_case(session, case)
    if screening.is_ineligible:
        codes = ", ".join(screening.codes)
        case = move(
            session,
            case,
            CaseState.INELIGIBLE,
            actor,
            at,
            reason_code="screen_blocked",
            reason=codes,
        )
    return case


def halt(
    session: Session,
    case: Case,
    hold_ids: Sequence[str],
    actor: Actor,
    at: Instant,
    *,
    reason: str,
    **changes: Any,
) -> Case:
    """Halt a case before transit because holds match (the place, if any, is released)."""
    halted_by = tuple(sorted(set(case.halted_by) | set(hold_ids)))
    if case.state is CaseState.HALTED:
        moved = replace(
            case, halted_by=halted_by, updated_at=at.utc, version=case.version + 1, **changes
        )
        repo.save_case(session, moved)
    else:
        moved = move(
            session,
            case,
            CaseState.HALTED,
            actor,
            at,
            reason_code="legal_hold",
            reason=reason,
            hold_ids=sorted(hold_ids),
            halted_by=halted_by,
            **changes,
        )
    for hold_id in hold_ids:
        repo.add_hold_effect(session, hold_id, case.case_id, "halted", at.utc)
    return moved


def request_return(session: Session, case: Case, hold_id: str, actor: Actor, at: Instant) -> Case:
    """Flag a case already in transit or in custody for return, and raise an alert."""
    repo.add_hold_effect(session, hold_id, case.case_id, "return_requested", at.utc)
    flagged = replace(case, return_requested=True, updated_at=at.utc, version=case.version + 1)
    repo.save_case(session, flagged)
    message = (
        f"Hold {hold_id} matches person {case.person_id}, already {case.state.value} "
        f"(case {case.case_id}): the return of the person is requested."
    )
    alert_id = new_id("alert")
    repo.add_alert(
        session,
        {
            "alert_id": alert_id,
            "case_id": case.case_id,
            "person_id": case.person_id,
            "kind": "return_requested",
            "hold_id": hold_id,
            "message": message,
            "audience": ALERT_AUDIENCE,
            "raised_at": at.utc,
            "raised_by": actor.id,
        },
    )
    data: dict[str, JsonValue] = {
        "alert_id": alert_id,
        "case_id": case.case_id,
        "person_id": case.person_id,
        "state": case.state.value,
        "hold_id": hold_id,
        "kind": "return_requested",
        "audience": ALERT_AUDIENCE,
        "message": message,
    }
    record_event(session, "cases.return_requested", actor, at, data)
    return flagged


def replace_fields(session: Session, case: Case, **changes: Any) -> Case:
    """Change a case's fields without a transition (a new decision, a flag)."""
    changed = replace(case, version=case.version + 1, **changes)
    repo.save_case(session, changed)
    return changed
