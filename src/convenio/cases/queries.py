"""The read side of cases: small frozen views and plain dicts for the faces and other contexts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from convenio.cases.adapters.repository import case_of, utc
from convenio.cases.adapters.sql import case_alerts, case_hold_effects, case_transitions, cases
from convenio.cases.domain.model import Case, CaseState


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseView:
    """A case as other contexts and the faces see it."""

    case_id: str
    person_id: str
    state: str
    facility_id: str | None
    category: str | None
    decision: str | None
    decision_codes: tuple[str, ...]
    review_codes: tuple[str, ...]
    decision_at: datetime | None
    return_requested: bool
    movement_id: str | None
    exit_reason: str | None
    halted_by: tuple[str, ...]
    opened_at: datetime
    updated_at: datetime


def view_of(case: Case) -> CaseView:
    """The view of a domain case."""
    return CaseView(
        case_id=case.case_id,
        person_id=case.person_id,
        state=case.state.value,
        facility_id=case.facility_id,
        category=case.category,
        decision=case.decision,
        decision_codes=case.decision_codes,
        review_codes=case.review_codes,
        decision_at=case.decision_at,
        return_requested=case.return_requested,
        movement_id=case.movement_id,
        exit_reason=case.exit_reason,
        halted_by=case.halted_by,
        opened_at=case.opened_at,
        updated_at=case.updated_at,
    )


def get_case(session: Session, case_id: str) -> CaseView | None:
    """A case by id, or None."""
    row = session.execute(select(cases).where(cases.c.case_id == case_id)).first()
    return None if row is None else view_of(case_of(row))


def list_cases(
    session: Session,
    *,
    state: str | None = None,
    person_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[CaseView], int]:
    """A page of cases (newest first) and the total matching the filters."""
    query = select(cases)
    counting = select(func.count()).select_from(cases)
    if state is not None:
        query = query.where(cases.c.state == state)
        counting = counting.where(cases.c.state == state)
    if person_id is not None:
        query = query.where(cases.c.person_id == person_id)
        counting = counting.where(cases.c.person_id == person_id)
    rows = session.execute(
        query.order_by(cases.c.opened_at.desc(), cases.c.case_id.desc()).offset(offset).limit(limit)
    ).all()
    total = int(session.execute(counting).scalar_one())
    return [view_of(case_of(row)) for row in rows], total


def count_by_state(session: Session) -> dict[str, int]:
    """How many cases are in each state (every state listed, zeros included)."""
    counts = {state.value: 0 for state in CaseState}
    rows = session.execute(select(cases.c.state, func.count()).group_by(cases.c.state)).all()
    for state, count in rows:
        counts[str(state)] = int(count)
    return counts


def case_history(session: Session, case_id: str) -> list[dict[str, Any]]:
    """Every transition of a case, oldest first."""
    rows = session.execute(
        select(case_transitions)
        .where(case_transitions.c.case_id == case_id)
        .order_by(case_transitions.c.id)
    ).all()
    return [
        {
            "case_id": row.case_id,
            "from": row.from_state,
            "to": row.to_state,
            "actor": row.actor,
            "party": row.party,
            "at": utc(row.at),
            "reason_code": row.reason_code,
            "reason": row.reason,
            "hold_ids": json.loads(row.hold_ids),
        }
        for row in rows
    ]


def cases_for_person(session: Session, person_id: str) -> list[CaseView]:
    """Every case of a person, oldest first."""
    rows = session.execute(
        select(cases).where(cases.c.person_id == person_id).order_by(cases.c.opened_at)
    ).all()
    return [view_of(case_of(row)) for row in rows]


def open_alerts(session: Session) -> list[dict[str, Any]]:
    """Alerts for legal reviewers and monitors on cases still flagged ``return_requested``."""
    rows = session.execute(
        select(case_alerts, cases.c.state)
        .join(cases, cases.c.case_id == case_alerts.c.case_id)
        .where(cases.c.return_requested.is_(True))
        .order_by(case_alerts.c.raised_at, case_alerts.c.alert_id)
    ).all()
    return [
        {
            "alert_id": row.alert_id,
            "case_id": row.case_id,
            "person_id": row.person_id,
            "kind": row.kind,
            "hold_id": row.hold_id,
            "message": row.message,
            "audience": row.audience.split(","),
            "raised_at": utc(row.raised_at),
            "raised_by": row.raised_by,
            "state": row.state,
        }
        for row in rows
    ]


def cases_affected_by_hold(session: Session, hold_id: str) -> list[dict[str, Any]]:
    """The cases a hold halted or flagged for return, with their current state."""
    rows = session.execute(
        select(case_hold_effects, cases.c.person_id, cases.c.state)
        .join(cases, cases.c.case_id == case_hold_effects.c.case_id)
        .where(case_hold_effects.c.hold_id == hold_id)
        .order_by(case_hold_effects.c.at, case_hold_effects.c.case_id)
    ).all()
    return [
        {
            "case_id": row.case_id,
            "person_id": row.person_id,
            "effect": row.effect,
            "at": utc(row.at),
            "state": row.state,
        }
        for row in rows
    ]
