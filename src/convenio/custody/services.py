"""Use cases of custody: one function, one unit of work, one commit.

Records are made by the receiving officer (the receiving state runs the facility); a
monitor may also record a welfare visit.
"""

from __future__ import annotations

from datetime import date, datetime

from convenio.custody import exits, recording, welfare
from convenio.custody.domain.model import ExitReason, ReleaseGround
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, Role
from convenio.shared.errors import PermissionDeniedError

RECEIVING = (Role.RECEIVING_OFFICER,)


def require_role(actor: Actor, roles: tuple[Role, ...], what: str) -> None:
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


def place(uow: UnitOfWork, *, person_id: str, unit_id: str, at: datetime, actor: Actor) -> str:
    """Place (or move) a held person in a unit from an instant; returns the placement id."""
    require_role(actor, RECEIVING, "place people in units")
    with uow:
        placement_id = recording.move(
            uow.session,
            person_id=person_id,
            unit_id=unit_id,
            at=at,
            actor=actor,
            now=uow.clock.now(),
        )
        uow.commit()
    return placement_id


def release(
    uow: UnitOfWork,
    *,
    person_id: str,
    at: datetime,
    ground: ReleaseGround,
    authority: str,
    actor: Actor,
) -> str:
    """Release a person (end of sentence, or by decision of an authority)."""
    return _exit(uow, person_id, ExitReason.RELEASED, str(ground), at, actor, None, authority)


def repatriate(
    uow: UnitOfWork, *, person_id: str, country: str, at: datetime, authority: str, actor: Actor
) -> str:
    """Repatriate a person to a country of their citizenship."""
    return _exit(
        uow, person_id, ExitReason.REPATRIATED, "repatriation", at, actor, country, authority
    )


def return_to_sending(
    uow: UnitOfWork, *, person_id: str, at: datetime, authority: str, actor: Actor
) -> str:
    """Return a person to the sending state (e.g. ordered by a court)."""
    return _exit(
        uow,
        person_id,
        ExitReason.RETURNED_TO_SENDING,
        "court_order",
        at,
        actor,
        None,
        authority,
    )


def transfer(
    uow: UnitOfWork,
    *,
    person_id: str,
    destination: str,
    at: datetime,
    authority: str,
    actor: Actor,
) -> str:
    """Transfer a person out of the agreement's custody to another institution."""
    return _exit(
        uow, person_id, ExitReason.TRANSFERRED, "transfer", at, actor, destination, authority
    )


def _exit(
    uow: UnitOfWork,
    person_id: str,
    reason: ExitReason,
    ground: str,
    at: datetime,
    actor: Actor,
    destination: str | None,
    authority: str,
) -> str:
    require_role(actor, RECEIVING, f"record a {reason} exit")
    with uow:
        record_id = exits.record_exit(
            uow.session,
            person_id=person_id,
            reason=reason,
            ground=ground,
            at=at,
            actor=actor,
            now=uow.clock.now(),
            destination=destination,
            authority=authority,
        )
        uow.commit()
    return record_id


def correct_exit(
    uow: UnitOfWork, *, person_id: str, exit_at: datetime, note: str, actor: Actor
) -> str:
    """Correct an exit instant (e.g. a corrected release date) with a superseding record."""
    require_role(actor, RECEIVING, "correct an exit")
    with uow:
        record_id = exits.correct_exit(
            uow.session,
            person_id=person_id,
            exit_at=exit_at,
            note=note,
            actor=actor,
            now=uow.clock.now(),
        )
        uow.commit()
    return record_id


def record_death(
    uow: UnitOfWork,
    *,
    person_id: str,
    at: datetime,
    cause: str,
    circumstances: str,
    remains: str,
    actor: Actor,
) -> str:
    """Record a death in custody; alerts both parties and the monitors."""
    require_role(actor, RECEIVING, "record a death in custody")
    with uow:
        death_id = exits.record_death(
            uow.session,
            person_id=person_id,
            at=at,
            cause=cause,
            circumstances=circumstances,
            remains=remains,
            actor=actor,
            now=uow.clock.now(),
        )
        uow.commit()
    return death_id


def record_incident(
    uow: UnitOfWork,
    *,
    facility_id: str,
    kind: str,
    description: str,
    person_ids: list[str],
    at: datetime,
    actor: Actor,
) -> str:
    """Record an incident at a facility."""
    require_role(actor, RECEIVING, "record an incident")
    with uow:
        incident_id = recording.record_incident(
            uow.session,
            facility_id=facility_id,
            kind=kind,
            description=description,
            person_ids=person_ids,
            at=at,
            actor=actor,
            now=uow.clock.now(),
        )
        uow.commit()
    return incident_id


def record_visit(
    uow: UnitOfWork,
    *,
    person_id: str,
    kind: str,
    visitor: str,
    at: datetime,
    notes: str,
    actor: Actor,
) -> str:
    """Record a welfare visit (or a family, legal or consular visit)."""
    require_role(actor, (Role.RECEIVING_OFFICER, Role.MONITOR), "record a visit")
    with uow:
        visit_id = welfare.record_visit(
            uow.session,
            person_id=person_id,
            kind=kind,
            visitor=visitor,
            at=at,
            notes=notes,
            actor=actor,
            now=uow.clock.now(),
        )
        uow.commit()
    return visit_id


def record_consular_notification(
    uow: UnitOfWork,
    *,
    person_id: str,
    country: str,
    consulate: str,
    notified_on: date,
    informed_of_right: bool,
    actor: Actor,
) -> str:
    """Record a consular notification under Vienna Convention art. 36."""
    require_role(actor, RECEIVING, "record a consular notification")
    with uow:
        notification_id = welfare.record_consular_notification(
            uow.session,
            person_id=person_id,
            country=country,
            consulate=consulate,
            notified_on=notified_on,
            informed_of_right=informed_of_right,
            actor=actor,
            now=uow.clock.now(),
        )
        uow.commit()
    return notification_id
