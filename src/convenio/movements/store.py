"""Reading and appending movement rows inside the caller's transaction (no commit here)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.movements.adapters.sql import manifest_entries, movement_steps, movements
from convenio.movements.domain.errors import MovementNotFoundError, StepOutOfOrderError
from convenio.movements.domain.model import (
    Entry,
    MovementState,
    Step,
    as_utc,
    in_zone,
    on_board,
    state_of,
)
from convenio.shared.actor import Actor
from convenio.shared.canonical_json import canonical_json
from convenio.shared.events import Event, JsonValue
from convenio.shared.ids import new_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Movement:
    """A movement with its steps and manifest history."""

    movement_id: str
    number: str
    mode: str
    origin: str
    facility_id: str
    scheduled_departure_at: datetime
    display_zone: str
    seats: int
    steps: tuple[Step, ...]
    entries: tuple[Entry, ...]

    @property
    def state(self) -> MovementState:
        """The state after the last step."""
        return state_of(self.steps)

    @property
    def on_board(self) -> dict[str, str]:
        """Case id → person id of the people on the manifest, not yet handed over."""
        return on_board(self.entries)

    def step_at(self, kind: str) -> datetime | None:
        """The instant of the last step of a kind (e.g. ``dispatched`` = wheels-up)."""
        found = [step.at for step in self.steps if step.kind == kind]
        return found[-1] if found else None

    def local(self, at: datetime) -> str:
        """An instant shown in the movement's display zone."""
        return in_zone(at, self.display_zone).isoformat()


def emit(
    session: Session, kind: str, at: datetime, actor: Actor, data: Mapping[str, JsonValue]
) -> None:
    """Append a ``movements.<kind>`` event to the ledger in this transaction."""
    ledger.record(
        session,
        Event(
            type=f"movements.{kind}", at=as_utc(at), actor=actor.id, party=actor.party, data=data
        ),
    )


def load(session: Session, movement_id: str, *, for_update: bool = False) -> Movement:
    """A movement with its history.

    Raises:
        MovementNotFoundError: no such movement.
    """
    query = select(movements).where(movements.c.movement_id == movement_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).one_or_none()
    if row is None:
        raise MovementNotFoundError(movement_id)
    steps = session.execute(
        select(movement_steps.c.kind, movement_steps.c.at)
        .where(movement_steps.c.movement_id == movement_id)
        .order_by(movement_steps.c.seq)
    ).all()
    entries = session.execute(
        select(manifest_entries)
        .where(manifest_entries.c.movement_id == movement_id)
        .order_by(manifest_entries.c.seq)
    ).all()
    return Movement(
        movement_id=row.movement_id,
        number=row.number,
        mode=row.mode,
        origin=row.origin,
        facility_id=row.facility_id,
        scheduled_departure_at=as_utc(row.scheduled_departure_at),
        display_zone=row.display_zone,
        seats=row.seats,
        steps=tuple(Step(kind=s.kind, at=as_utc(s.at)) for s in steps),
        entries=tuple(_entry(e) for e in entries),
    )


def _entry(row: Any) -> Entry:
    return Entry(
        case_id=row.case_id,
        person_id=row.person_id,
        action=row.action,
        at=as_utc(row.at),
        reason_codes=tuple(json.loads(row.reason_codes)),
        hold_ids=tuple(json.loads(row.hold_ids)),
    )


def check_order(movement: Movement, step: str, at: datetime) -> None:
    """Refuse a step dated before the movement's previous step (its creation aside: a
    movement may be entered after the fact).

    Raises:
        StepOutOfOrderError: naming both instants.
    """
    previous = [s.at for s in movement.steps if s.kind != "created"]
    if previous and as_utc(at) < previous[-1]:
        raise StepOutOfOrderError(step, at, previous[-1])


def add_step(
    session: Session,
    movement_id: str,
    kind: str,
    at: datetime,
    actor: Actor,
    now: datetime,
    data: Mapping[str, JsonValue],
) -> None:
    """Append a step and its ledger event."""
    seq = _next_seq(session, movement_steps, movement_id)
    session.execute(
        insert(movement_steps).values(
            step_id=new_id("stp"),
            movement_id=movement_id,
            seq=seq,
            kind=kind,
            at=as_utc(at),
            actor=actor.id,
            data=canonical_json(dict(data)),
            recorded_at=as_utc(now),
        )
    )
    emit(session, kind, at, actor, {"movement_id": movement_id, **data})


def add_entry(
    session: Session,
    movement_id: str,
    *,
    case_id: str,
    person_id: str,
    action: str,
    at: datetime,
    actor: Actor,
    now: datetime,
    reason_codes: Sequence[str] = (),
    hold_ids: Sequence[str] = (),
) -> None:
    """Append a line to the manifest history (``added``, ``removed``, ``handed_over``)."""
    seq = _next_seq(session, manifest_entries, movement_id)
    session.execute(
        insert(manifest_entries).values(
            entry_id=new_id("mfe"),
            movement_id=movement_id,
            seq=seq,
            case_id=case_id,
            person_id=person_id,
            action=action,
            at=as_utc(at),
            reason_codes=canonical_json(list(reason_codes)),
            hold_ids=canonical_json(list(hold_ids)),
            actor=actor.id,
            recorded_at=as_utc(now),
        )
    )
    emit(
        session,
        f"manifest_{action}",
        at,
        actor,
        {
            "movement_id": movement_id,
            "case_id": case_id,
            "person_id": person_id,
            "reason_codes": list(reason_codes),
            "hold_ids": list(hold_ids),
        },
    )


def _next_seq(session: Session, table: Any, movement_id: str) -> int:
    current = session.execute(
        select(func.max(table.c.seq)).where(table.c.movement_id == movement_id)
    ).scalar_one_or_none()
    return 1 if current is None else int(current) + 1


def list_movement_ids(session: Session) -> list[str]:
    """Every movement id, by scheduled departure."""
    return list(
        session.execute(
            select(movements.c.movement_id).order_by(
                movements.c.scheduled_departure_at, movements.c.movement_id
            )
        ).scalars()
    )
