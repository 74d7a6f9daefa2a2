"""Use cases of movements: create, add cases, lock, dispatch, arrive (one commit each).

Lock and dispatch re-screen everyone on board at the instant given (DESIGN.md, "The dispatch
check"). People who fail are taken off the manifest with their reason codes and hold ids; a
dispatch with anyone failing is refused, after the take-offs and the refusal are committed,
so the record of the refusal survives it.
"""

from __future__ import annotations

from collections.abc import Sequence

from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.movements import store
from convenio.movements.adapters.sql import movements
from convenio.movements.domain.errors import (
    CaseNotAcceptedError,
    DispatchRefusedError,
    MovementStateError,
    SeatsExhaustedError,
)
from convenio.movements.domain.model import Failure, MovementState, zone_of
from convenio.movements.screening import case_of, screen_on_board
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, Role
from convenio.shared.dates import Instant
from convenio.shared.errors import InvalidInputError, PermissionDeniedError, RuleViolationError
from convenio.shared.ids import new_id

TRANSPORT = (Role.TRANSPORT_COORDINATOR,)


def require_role(actor: Actor, roles: Sequence[Role], what: str) -> None:
    """Refuse an actor who holds none of ``roles``.

    Raises:
        PermissionDeniedError: naming the roles that may do it.
    """
    if not any(actor.has(role) for role in roles):
        raise PermissionDeniedError(
            f"{actor.id} may not {what}; it needs the role {' or '.join(roles)}",
            actor=actor.id,
            roles=[str(role) for role in roles],
        )


def create_movement(
    uow: UnitOfWork,
    *,
    number: str,
    mode: str,
    origin: str,
    facility_id: str,
    scheduled_departure: Instant,
    seats: int,
    actor: Actor,
    time_zone: str | None = None,
) -> str:
    """Create a movement (a flight or a convoy); returns its id.

    Raises:
        InvalidInputError: no number, a mode other than flight/convoy, seats < 1, a bad zone.
        UnknownFacilityError: the destination is not a facility of the agreement.
    """
    require_role(actor, TRANSPORT, "create movements")
    if not number.strip() or mode not in {"flight", "convoy"} or seats < 1:
        raise InvalidInputError(
            "a movement needs a number, a mode (flight or convoy) and at least one seat",
            number=number,
            mode=mode,
            seats=seats,
        )
    zone = zone_of(time_zone, scheduled_departure.at)
    movement_id = new_id("mov")
    with uow:
        session = uow.session
        custody.facility_of(session, facility_id)
        now = uow.clock.now()
        session.execute(
            movements.insert().values(
                movement_id=movement_id,
                number=number.strip(),
                mode=mode,
                origin=origin,
                facility_id=facility_id,
                scheduled_departure_at=scheduled_departure.utc,
                display_zone=zone,
                seats=seats,
                created_by=actor.id,
                created_at=now,
            )
        )
        store.add_step(
            session,
            movement_id,
            "created",
            now,
            actor,
            now,
            {
                "number": number.strip(),
                "mode": mode,
                "origin": origin,
                "facility_id": facility_id,
                "scheduled_departure_at": scheduled_departure.isoformat(),
                "display_zone": zone,
                "seats": seats,
            },
        )
        uow.commit()
    return movement_id


def _expect(movement: store.Movement, state: MovementState, step: str) -> None:
    if movement.state is not state:
        raise MovementStateError(movement.movement_id, movement.state, step, str(state))


def add_cases(
    uow: UnitOfWork, *, movement_id: str, case_ids: Sequence[str], at: Instant, actor: Actor
) -> None:
    """Put accepted cases on an open manifest, within the seats.

    Raises:
        MovementStateError: the manifest is locked.
        SeatsExhaustedError: more people than seats.
        CaseNotAcceptedError: a case is not in state ``accepted`` or is for another facility.
    """
    require_role(actor, TRANSPORT, "build manifests")
    with uow:
        session = uow.session
        movement = store.load(session, movement_id, for_update=True)
        _expect(movement, MovementState.OPEN, "add cases to")
        new = [c for c in dict.fromkeys(case_ids) if c not in movement.on_board]
        if len(movement.on_board) + len(new) > movement.seats:
            raise SeatsExhaustedError(
                movement_id, movement.seats, len(movement.on_board) + len(new)
            )
        for case_id in new:
            case = case_of(session, case_id)
            if case.state != "accepted" or case.facility_id not in (None, movement.facility_id):
                raise CaseNotAcceptedError(case_id, f"{case.state} for {case.facility_id}")
            person_id = case.person_id
            cases.mark_manifested(session, case_id, movement_id, actor, at)
            store.add_entry(
                session,
                movement_id,
                case_id=case_id,
                person_id=person_id,
                action="added",
                at=at.utc,
                actor=actor,
                now=uow.clock.now(),
            )
        uow.commit()


def _take_off(
    uow: UnitOfWork, movement_id: str, failures: Sequence[Failure], at: Instant, actor: Actor
) -> None:
    for failure in failures:
        state = case_of(uow.session, failure.case_id).state
        if state == "manifested" or failure.hold_ids:
            # A case a hold already halted stays halted (its holds are added); a case that
            # left the manifest some other way keeps its state.
            cases.take_off_manifest(
                uow.session,
                failure.case_id,
                list(failure.codes),
                list(failure.hold_ids),
                actor,
                at,
            )
        store.add_entry(
            uow.session,
            movement_id,
            case_id=failure.case_id,
            person_id=failure.person_id,
            action="removed",
            at=at.utc,
            actor=actor,
            now=uow.clock.now(),
            reason_codes=failure.codes,
            hold_ids=failure.hold_ids,
        )


def _failures_json(failures: Sequence[Failure]) -> list[dict[str, str | list[str]]]:
    return [
        {
            "person_id": f.person_id,
            "case_id": f.case_id,
            "codes": list(f.codes),
            "hold_ids": list(f.hold_ids),
        }
        for f in failures
    ]


def lock_manifest(uow: UnitOfWork, *, movement_id: str, at: Instant, actor: Actor) -> list[Failure]:
    """Re-screen everyone at ``at``, take off who fails, lock the manifest; returns who failed."""
    require_role(actor, TRANSPORT, "lock manifests")
    with uow:
        movement = store.load(uow.session, movement_id, for_update=True)
        _expect(movement, MovementState.OPEN, "lock")
        store.check_order(movement, "the lock", at.utc)
        if not movement.on_board:
            raise RuleViolationError(
                f"movement {movement_id} has nobody on its manifest; add cases"
            )
        failures = screen_on_board(uow.session, movement.on_board, at)
        _take_off(uow, movement_id, failures, at, actor)
        store.add_step(
            uow.session,
            movement_id,
            "locked",
            at.utc,
            actor,
            uow.clock.now(),
            {
                "at_local": at.isoformat(),
                "on_board": len(movement.on_board) - len(failures),
                "taken_off": _failures_json(failures),
            },
        )
        uow.commit()
    return failures


def dispatch(uow: UnitOfWork, *, movement_id: str, at: Instant, actor: Actor) -> int:
    """Wheels-up at ``at`` if everyone on board passes then; returns how many travel.

    Raises:
        DispatchRefusedError: someone failed; they were taken off (committed), named in it.
    """
    require_role(actor, TRANSPORT, "dispatch movements")
    with uow:
        movement = store.load(uow.session, movement_id, for_update=True)
        _expect(movement, MovementState.LOCKED, "dispatch")
        store.check_order(movement, "the dispatch", at.utc)
        if not movement.on_board:
            raise RuleViolationError(f"movement {movement_id} has nobody left on board")
        failures = screen_on_board(uow.session, movement.on_board, at)
        now = uow.clock.now()
        if failures:
            _take_off(uow, movement_id, failures, at, actor)
            store.add_step(
                uow.session,
                movement_id,
                "dispatch_refused",
                at.utc,
                actor,
                now,
                {
                    "at_local": at.isoformat(),
                    "refused_for": _failures_json(failures),
                },
            )
            uow.commit()
            raise DispatchRefusedError(movement_id, at.at, failures)
        for case_id in movement.on_board:
            cases.mark_in_transit(uow.session, case_id, actor, at)
        store.add_step(
            uow.session,
            movement_id,
            "dispatched",
            at.utc,
            actor,
            now,
            {
                "at_local": at.isoformat(),
                "person_ids": sorted(movement.on_board.values()),
            },
        )
        uow.commit()
    return len(movement.on_board)


def arrive(uow: UnitOfWork, *, movement_id: str, at: Instant, actor: Actor) -> None:
    """Record the arrival instant of a dispatched movement."""
    require_role(actor, (*TRANSPORT, Role.RECEIVING_OFFICER), "record arrivals")
    with uow:
        movement = store.load(uow.session, movement_id, for_update=True)
        _expect(movement, MovementState.DISPATCHED, "record the arrival of")
        store.check_order(movement, "the arrival", at.utc)
        store.add_step(
            uow.session,
            movement_id,
            "arrived",
            at.utc,
            actor,
            uow.clock.now(),
            {
                "at_local": at.isoformat(),
                "on_board": len(movement.on_board),
            },
        )
        uow.commit()
