"""The handover: the transport officer and the receiving officer each confirm with a headcount.

When both sides of a round have confirmed, the round is reconciled: the people on the
manifest whom both sides counted are admitted to custody (their cases become ``in_custody``);
anyone missing or extra is named in a ``headcount_mismatch`` incident and not handed over. A
later round (both sides confirming again) hands over those still pending. Without a list of
the people present, a headcount must equal the people pending.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.movements import store
from convenio.movements.adapters.sql import handover_confirmations
from convenio.movements.domain.errors import MovementStateError
from convenio.movements.domain.model import (
    MovementState,
    Reconciliation,
    Side,
    present_people,
    reconcile,
)
from convenio.movements.screening import person_of
from convenio.movements.services import require_role
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, Role
from convenio.shared.canonical_json import canonical_json
from convenio.shared.dates import Instant
from convenio.shared.errors import ConflictError
from convenio.shared.ids import new_id

ROLE_OF_SIDE = {Side.TRANSPORT: Role.TRANSPORT_COORDINATOR, Side.RECEIVING: Role.RECEIVING_OFFICER}


@dataclass(frozen=True, slots=True, kw_only=True)
class HandoverOutcome:
    """What a confirmation led to: waiting for the other side, or a reconciled round."""

    round: int
    waiting_for: Side | None
    handed_over: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    incident_id: str | None = None


def confirm_handover(
    uow: UnitOfWork,
    *,
    movement_id: str,
    side: Side,
    headcount: int,
    at: Instant,
    actor: Actor,
    present: Sequence[str] | None = None,
    intake: Mapping[str, Mapping[str, Any]] | None = None,
) -> HandoverOutcome:
    """Record one side's confirmation; reconcile the round when both sides have confirmed.

    Raises:
        MovementStateError: the movement has not arrived (or everyone is handed over).
        ConflictError: this side already confirmed this round.
        InvalidInputError: a headcount that differs from the manifest without a list.
    """
    require_role(actor, (ROLE_OF_SIDE[side],), f"confirm a handover for the {side} side")
    with uow:
        session = uow.session
        movement = store.load(session, movement_id, for_update=True)
        if movement.state is not MovementState.ARRIVED:
            raise MovementStateError(movement_id, movement.state, "hand over", "arrived")
        store.check_order(movement, "the handover confirmation", at.utc)
        expected = sorted(movement.on_board.values())
        present_people(expected, headcount, present)
        round_no = 1 + sum(1 for s in movement.steps if s.kind == "handover_reconciled")
        confirmations = _confirmations(session, movement_id, round_no)
        if side in confirmations:
            raise ConflictError(
                f"the {side} side already confirmed round {round_no} of {movement_id}",
                movement_id=movement_id,
            )
        _insert(
            session,
            movement_id,
            round_no,
            side,
            headcount,
            present,
            intake,
            at,
            actor,
            uow.clock.now(),
        )
        other = Side.RECEIVING if side is Side.TRANSPORT else Side.TRANSPORT
        if other not in confirmations:
            uow.commit()
            return HandoverOutcome(round=round_no, waiting_for=other)
        mine = {"headcount": headcount, "present": present, "intake": dict(intake or {})}
        sides = {side: mine, other: confirmations[other]}
        outcome = _reconcile(uow, movement, round_no, expected, sides, at, actor)
        uow.commit()
    return outcome


def _confirmations(session: Session, movement_id: str, round_no: int) -> dict[Side, dict[str, Any]]:
    rows = session.execute(
        select(handover_confirmations).where(
            handover_confirmations.c.movement_id == movement_id,
            handover_confirmations.c.round == round_no,
        )
    ).all()
    return {
        Side(row.side): {
            "headcount": row.headcount,
            "present": None if row.present is None else json.loads(row.present),
            "intake": json.loads(row.intake),
        }
        for row in rows
    }


def _insert(
    session: Session,
    movement_id: str,
    round_no: int,
    side: Side,
    headcount: int,
    present: Sequence[str] | None,
    intake: Mapping[str, Mapping[str, Any]] | None,
    at: Instant,
    actor: Actor,
    now: datetime,
) -> None:
    present_list = None if present is None else sorted(set(present))
    session.execute(
        insert(handover_confirmations).values(
            confirmation_id=new_id("hoc"),
            movement_id=movement_id,
            round=round_no,
            side=str(side),
            actor=actor.id,
            headcount=headcount,
            present=None if present_list is None else canonical_json(present_list),
            intake=canonical_json({k: dict(v) for k, v in (intake or {}).items()}),
            at=at.utc,
            recorded_at=now,
        )
    )
    store.add_step(
        session,
        movement_id,
        "handover_confirmed",
        at.utc,
        actor,
        now,
        {
            "round": round_no,
            "side": str(side),
            "headcount": headcount,
            "present": present_list,
        },
    )


def _reconcile(
    uow: UnitOfWork,
    movement: store.Movement,
    round_no: int,
    expected: list[str],
    sides: Mapping[Side, Mapping[str, Any]],
    at: Instant,
    actor: Actor,
) -> HandoverOutcome:
    session, now = uow.session, uow.clock.now()
    seen = {
        side: present_people(expected, int(data["headcount"]), data["present"])
        for side, data in sides.items()
    }
    result = reconcile(expected, seen[Side.TRANSPORT], seen[Side.RECEIVING])
    incident_id = (
        None if result.is_clean else _incident(session, movement, result, sides, at, actor, now)
    )
    case_of = {person_id: case_id for case_id, person_id in movement.on_board.items()}
    intake = sides[Side.RECEIVING]["intake"]
    room = custody.room_of(session, movement.facility_id) if result.handed_over else None
    for person_id in result.handed_over:
        case_id = case_of[person_id]
        custody.admit(
            session,
            person=person_of(session, person_id),
            case_id=case_id,
            movement_id=movement.movement_id,
            facility_id=movement.facility_id,
            at=at.utc,
            actor=actor,
            now=now,
            intake=custody.Intake.from_mapping(intake.get(person_id, {})),
            room=room,
        )
        cases.mark_in_custody(session, case_id, actor, at)
        store.add_entry(
            session,
            movement.movement_id,
            case_id=case_id,
            person_id=person_id,
            action="handed_over",
            at=at.utc,
            actor=actor,
            now=now,
        )
    store.add_step(
        session,
        movement.movement_id,
        "handover_reconciled",
        at.utc,
        actor,
        now,
        {
            "round": round_no,
            "handed_over": list(result.handed_over),
            "missing": list(result.missing),
            "extra": list(result.extra),
            "incident_id": incident_id,
        },
    )
    if not result.missing:
        store.add_step(
            session,
            movement.movement_id,
            "handed_over",
            at.utc,
            actor,
            now,
            {
                "round": round_no,
            },
        )
    return HandoverOutcome(
        round=round_no,
        waiting_for=None,
        handed_over=result.handed_over,
        missing=result.missing,
        extra=result.extra,
        incident_id=incident_id,
    )


def _incident(
    session: Session,
    movement: store.Movement,
    result: Reconciliation,
    sides: Mapping[Side, Mapping[str, Any]],
    at: Instant,
    actor: Actor,
    now: datetime,
) -> str:
    counts = ", ".join(f"{side} {data['headcount']}" for side, data in sorted(sides.items()))
    description = (
        f"Headcount mismatch on {movement.number} ({movement.movement_id}): manifest "
        f"{len(movement.on_board)}, counted {counts}. Missing: "
        f"{', '.join(result.missing) or 'none'}. Extra: {', '.join(result.extra) or 'none'}. "
        "Their handover is blocked until they are accounted for."
    )
    return custody.record_incident(
        session,
        facility_id=movement.facility_id,
        kind="headcount_mismatch",
        description=description,
        person_ids=[*result.missing, *result.extra],
        at=at.utc,
        actor=actor,
        now=now,
        movement_id=movement.movement_id,
    )
