"""Reading and writing cases, their history, hold effects and alerts (in the caller's session)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from convenio.cases.adapters.sql import (
    case_alerts,
    case_facility_locks,
    case_hold_effects,
    case_transitions,
    cases,
)
from convenio.cases.domain.model import HOLDING_A_PLACE, Case, CaseState
from convenio.shared.canonical_json import canonical_json


def utc(at: datetime) -> datetime:
    """An instant read back from storage, aware in UTC (SQLite gives naive UTC)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(str(code) for code in json.loads(text))


def case_of(row: Row[Any]) -> Case:
    """The domain case of a ``cases`` row."""
    return Case(
        case_id=row.case_id,
        person_id=row.person_id,
        state=CaseState(row.state),
        facility_id=row.facility_id,
        category=row.category,
        decision=row.decision,
        decision_codes=_codes(row.decision_codes),
        review_codes=_codes(row.review_codes),
        decision_at=None if row.decision_at is None else utc(row.decision_at),
        return_requested=bool(row.return_requested),
        movement_id=row.movement_id,
        exit_reason=row.exit_reason,
        halted_by=_codes(row.halted_by),
        opened_at=utc(row.opened_at),
        updated_at=utc(row.updated_at),
        version=int(row.version),
    )


def insert_case(session: Session, case: Case) -> None:
    """Store a new case."""
    session.execute(insert(cases).values(**_values(case)))


def save_case(session: Session, case: Case) -> None:
    """Write a case's current state (its history is appended separately)."""
    values = _values(case)
    del values["case_id"]
    session.execute(update(cases).where(cases.c.case_id == case.case_id).values(**values))


def _values(case: Case) -> dict[str, object]:
    return {
        "case_id": case.case_id,
        "person_id": case.person_id,
        "state": case.state.value,
        "facility_id": case.facility_id,
        "category": case.category,
        "decision": case.decision,
        "decision_codes": canonical_json(list(case.decision_codes)),
        "review_codes": canonical_json(list(case.review_codes)),
        "decision_at": case.decision_at,
        "return_requested": case.return_requested,
        "movement_id": case.movement_id,
        "exit_reason": case.exit_reason,
        "halted_by": canonical_json(list(case.halted_by)),
        "opened_at": case.opened_at,
        "updated_at": case.updated_at,
        "version": case.version,
    }


def load_case(session: Session, case_id: str, *, lock: bool = False) -> Case | None:
    """A case by id; ``lock`` takes a row lock (PostgreSQL) for the rest of the transaction."""
    query = select(cases).where(cases.c.case_id == case_id)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).first()
    return None if row is None else case_of(row)


def open_case_of(session: Session, person_id: str, closed: Sequence[str]) -> Case | None:
    """The person's case that is not closed, if any."""
    row = session.execute(
        select(cases).where(cases.c.person_id == person_id, cases.c.state.not_in(list(closed)))
    ).first()
    return None if row is None else case_of(row)


def cases_in_states(
    session: Session, states: Sequence[CaseState], person_ids: Sequence[str] | None = None
) -> list[Case]:
    """Cases in the given states (optionally of given persons), locked for the transaction."""
    query = select(cases).where(cases.c.state.in_([s.value for s in states]))
    if person_ids is not None:
        query = query.where(cases.c.person_id.in_(list(person_ids)))
    rows = session.execute(query.order_by(cases.c.case_id).with_for_update()).all()
    return [case_of(row) for row in rows]


def append_history(
    session: Session,
    *,
    case_id: str,
    source: CaseState | None,
    target: CaseState,
    actor: str,
    party: str,
    at: datetime,
    recorded_at: datetime,
    reason_code: str | None,
    reason: str,
    hold_ids: Sequence[str],
) -> None:
    """Append one transition to the case's history."""
    session.execute(
        insert(case_transitions).values(
            case_id=case_id,
            from_state=None if source is None else source.value,
            to_state=target.value,
            actor=actor,
            party=party,
            at=at,
            recorded_at=recorded_at,
            reason_code=reason_code,
            reason=reason,
            hold_ids=canonical_json(list(hold_ids)),
        )
    )


def add_hold_effect(
    session: Session, hold_id: str, case_id: str, effect: str, at: datetime
) -> None:
    """Remember that a hold halted a case or requested its return (once per pair)."""
    exists = session.execute(
        select(case_hold_effects.c.effect).where(
            case_hold_effects.c.hold_id == hold_id, case_hold_effects.c.case_id == case_id
        )
    ).first()
    if exists is None:
        session.execute(
            insert(case_hold_effects).values(hold_id=hold_id, case_id=case_id, effect=effect, at=at)
        )


def add_alert(session: Session, values: dict[str, object]) -> None:
    """Store an alert row."""
    session.execute(insert(case_alerts).values(**values))


def lock_facility(session: Session, facility_id: str) -> None:
    """Serialise acceptances for one facility until the transaction ends.

    PostgreSQL: the facility's lock row is created if missing and locked ``FOR UPDATE``;
    SQLite: the writer lock taken by ``BEGIN IMMEDIATE`` already serialises.
    """
    dialect = session.get_bind().dialect.name
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        case_facility_locks
    ).values(facility_id=facility_id)
    session.execute(statement.on_conflict_do_nothing(index_elements=["facility_id"]))
    session.execute(
        select(case_facility_locks.c.facility_id)
        .where(case_facility_locks.c.facility_id == facility_id)
        .with_for_update()
    ).one()


def reserved_places(session: Session, facility_id: str) -> int:
    """Cases holding a place at the facility (accepted, manifested, in transit, in custody)."""
    count = session.execute(
        select(func.count())
        .select_from(cases)
        .where(
            cases.c.facility_id == facility_id,
            cases.c.state.in_([s.value for s in HOLDING_A_PLACE]),
        )
    ).scalar_one()
    return int(count)
