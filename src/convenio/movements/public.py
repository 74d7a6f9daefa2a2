"""What other contexts and the faces may use of movements.

``get_movement(session, movement_id)`` and ``list_movements(session)`` return plain dicts:
the movement, its state, its instants (UTC and in its display zone), the people on board
and the manifest history (append-only: added, removed with reason codes and hold ids,
handed over).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from convenio.movements import store
from convenio.movements.domain.errors import DispatchRefusedError, MovementNotFoundError
from convenio.movements.domain.model import Failure, MovementState, Side, on_board
from convenio.movements.handover import HandoverOutcome


def _instant(movement: store.Movement, kind: str) -> dict[str, str] | None:
    at = movement.step_at(kind)
    return None if at is None else {"utc": at.isoformat(), "local": movement.local(at)}


def get_movement(session: Session, movement_id: str) -> dict[str, Any]:
    """A movement as plain data.

    Raises:
        MovementNotFoundError: no such movement.
    """
    movement = store.load(session, movement_id)
    return {
        "movement_id": movement.movement_id,
        "number": movement.number,
        "mode": movement.mode,
        "origin": movement.origin,
        "facility_id": movement.facility_id,
        "seats": movement.seats,
        "state": str(movement.state),
        "display_zone": movement.display_zone,
        "scheduled_departure": {
            "utc": movement.scheduled_departure_at.isoformat(),
            "local": movement.local(movement.scheduled_departure_at),
        },
        "locked_at": _instant(movement, "locked"),
        "wheels_up_at": _instant(movement, "dispatched"),
        "arrived_at": _instant(movement, "arrived"),
        "on_board": [
            {"case_id": case_id, "person_id": person_id}
            for case_id, person_id in sorted(movement.on_board.items())
        ],
        "handed_over": [
            {"case_id": case_id, "person_id": person_id}
            for case_id, person_id in sorted(
                on_board(movement.entries, include_handed_over=True).items()
            )
            if case_id not in movement.on_board
        ],
        "manifest_history": [
            {
                "case_id": e.case_id,
                "person_id": e.person_id,
                "action": e.action,
                "at": e.at.isoformat(),
                "at_local": movement.local(e.at),
                "reason_codes": list(e.reason_codes),
                "hold_ids": list(e.hold_ids),
            }
            for e in movement.entries
        ],
        "steps": [{"kind": s.kind, "at": s.at.isoformat()} for s in movement.steps],
    }


def list_movements(session: Session) -> list[dict[str, Any]]:
    """Every movement, by scheduled departure."""
    return [get_movement(session, movement_id) for movement_id in store.list_movement_ids(session)]


__all__ = [
    "DispatchRefusedError",
    "Failure",
    "HandoverOutcome",
    "MovementNotFoundError",
    "MovementState",
    "Side",
    "get_movement",
    "list_movements",
]
