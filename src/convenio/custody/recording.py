"""Writing custody records inside the caller's transaction (no commit here).

Each function inserts one or more append-only rows and appends the matching ledger events.
``services.py`` wraps them in units of work; ``movements`` calls ``admit`` and
``record_incident`` from its handover, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from convenio.custody.adapters.agreement import agreement_in_force
from convenio.custody.adapters.sql import (
    custody_admissions,
    custody_exits,
    custody_incidents,
    custody_placements,
)
from convenio.custody.adapters.timestamps import utc
from convenio.custody.domain.errors import (
    AlreadyInCustodyError,
    NotInCustodyError,
    OutOfOrderError,
    UnitFullError,
    UnknownFacilityError,
)
from convenio.custody.domain.intake import Intake, admission_facts, intake_json
from convenio.custody.domain.model import local_date
from convenio.custody.room import (
    FacilityRoom,
    check_facility_room,
    has_room,
    lock_facility,
    room_of,
    unit_with_room,
)
from convenio.custody.stays import StayRow, open_stay
from convenio.ledger import public as ledger
from convenio.shared.actor import Actor
from convenio.shared.canonical_json import canonical_json
from convenio.shared.events import Event, JsonValue
from convenio.shared.ids import new_id
from convenio.terms import public as terms


def emit(
    session: Session, kind: str, at: datetime, actor: Actor, data: Mapping[str, JsonValue]
) -> None:
    """Append a ``custody.<kind>`` event to the ledger in this transaction."""
    ledger.record(
        session,
        Event(type=f"custody.{kind}", at=utc(at), actor=actor.id, party=actor.party, data=data),
    )


def facility_of(session: Session, facility_id: str) -> terms.Facility:
    """A facility of the agreement in force.

    Raises:
        UnknownFacilityError: no such facility.
    """
    try:
        return agreement_in_force(session).facility(facility_id)
    except KeyError:
        raise UnknownFacilityError(facility_id) from None


def admit(
    session: Session,
    *,
    person: Mapping[str, Any],
    case_id: str,
    movement_id: str | None,
    facility_id: str,
    at: datetime,
    actor: Actor,
    now: datetime,
    intake: Intake | None = None,
    unit_id: str | None = None,
    room: FacilityRoom | None = None,
) -> str:
    """Admit a person (Mandela Rule 7 record) and place them in a unit; returns the admission id.

    ``room``: the facility's room read once for several admissions in this transaction (see
    ``room_of``); it is read here otherwise.

    Raises:
        CommitmentOrderMissingError: no legal basis for custody.
        AlreadyInCustodyError: the person is held already.
        FacilityFullError, UnitFullError: no room.
    """
    facility = facility_of(session, facility_id)
    lock_facility(session, facility_id)  # before the checks: one admission of a person
    person_id = str(person["person_id"])
    day = local_date(at, facility.time_zone)
    facts = admission_facts(person, case_id=case_id, movement_id=movement_id, on=day)
    if open_stay(session, person_id) is not None:
        raise AlreadyInCustodyError(person_id)
    if room is None or room.facility_id != facility_id:
        room = room_of(session, facility_id)
    check_facility_room(facility, list(room.stays.values()), at)
    chosen = unit_id or unit_with_room(facility, room.by_unit, at)
    admission_id = new_id("adm")
    taken_in = intake or Intake()
    session.execute(
        insert(custody_admissions).values(
            admission_id=admission_id,
            person_id=person_id,
            case_id=case_id,
            movement_id=movement_id,
            facility_id=facility_id,
            admitted_at=utc(at),
            admitted_on=day,
            identity=canonical_json({**facts.identity, "gender": taken_in.gender}),
            legal_basis=canonical_json(facts.legal_basis),
            visible_injuries=taken_in.visible_injuries,
            complaints=taken_in.complaints,
            property=canonical_json(list(taken_in.property)),
            next_of_kin=canonical_json([dict(k) for k in taken_in.next_of_kin]),
            nationality=facts.nationality,
            category=facts.category,
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "admitted",
        at,
        actor,
        {
            "admission_id": admission_id,
            "person_id": person_id,
            "case_id": case_id,
            "movement_id": movement_id,
            "facility_id": facility_id,
            "admitted_on": day.isoformat(),
            "legal_basis": facts.legal_basis,
            "intake": intake_json(taken_in),
        },
    )
    _insert_placement(
        session, admission_id, person_id, facility, chosen, at, actor, now, "admission", room
    )
    room.took(admission_id, chosen, at)
    return admission_id


def _insert_placement(
    session: Session,
    admission_id: str,
    person_id: str,
    facility: terms.Facility,
    unit_id: str,
    at: datetime,
    actor: Actor,
    now: datetime,
    reason: str,
    room: FacilityRoom | None = None,
) -> str:
    unit = next((u for u in facility.units if u.id == unit_id), None)
    if unit is None:
        raise UnknownFacilityError(facility.id, unit_id)
    by_unit = (room or room_of(session, facility.id)).by_unit
    if not has_room(by_unit.get(unit_id, []), unit, at):
        raise UnitFullError(facility.id, unit_id, unit.operational_capacity)
    placement_id = new_id("plc")
    session.execute(
        insert(custody_placements).values(
            placement_id=placement_id,
            admission_id=admission_id,
            person_id=person_id,
            facility_id=facility.id,
            unit_id=unit_id,
            start_at=utc(at),
            reason=reason,
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "placed",
        at,
        actor,
        {
            "placement_id": placement_id,
            "admission_id": admission_id,
            "person_id": person_id,
            "facility_id": facility.id,
            "unit_id": unit_id,
            "reason": reason,
        },
    )
    return placement_id


def held_stay(session: Session, person_id: str) -> StayRow:
    """The person's open stay.

    Raises:
        NotInCustodyError: the person is not held.
    """
    row = open_stay(session, person_id)
    if row is None:
        raise NotInCustodyError(person_id)
    return row


def last_instant(session: Session, admission_id: str, admitted_at: datetime) -> datetime:
    """The latest instant recorded for a stay (admission or placement)."""
    latest = session.execute(
        select(func.max(custody_placements.c.start_at)).where(
            custody_placements.c.admission_id == admission_id
        )
    ).scalar_one_or_none()
    return admitted_at if latest is None else max(admitted_at, utc(latest))


def move(
    session: Session, *, person_id: str, unit_id: str, at: datetime, actor: Actor, now: datetime
) -> str:
    """Move a held person to another unit of their facility; returns the placement id.

    Raises:
        NotInCustodyError, UnknownFacilityError, UnitFullError, OutOfOrderError.
    """
    row = held_stay(session, person_id)
    earliest = last_instant(session, row.stay.stay_id, row.admitted_at)
    if utc(at) < earliest:
        raise OutOfOrderError("the move", utc(at), earliest)
    facility = facility_of(session, row.stay.facility_id)
    return _insert_placement(
        session, row.stay.stay_id, person_id, facility, unit_id, at, actor, now, "move"
    )


def next_revision(session: Session, admission_id: str) -> int:
    """The revision number the next exit record of a stay takes."""
    current = session.execute(
        select(func.max(custody_exits.c.revision)).where(
            custody_exits.c.admission_id == admission_id
        )
    ).scalar_one_or_none()
    return 1 if current is None else int(current) + 1


def record_incident(
    session: Session,
    *,
    facility_id: str,
    kind: str,
    description: str,
    person_ids: Sequence[str],
    at: datetime,
    actor: Actor,
    now: datetime,
    movement_id: str | None = None,
) -> str:
    """Record an incident (e.g. ``headcount_mismatch``); returns its id."""
    facility_of(session, facility_id)
    incident_id = new_id("inc")
    session.execute(
        insert(custody_incidents).values(
            incident_id=incident_id,
            facility_id=facility_id,
            kind=kind,
            person_ids=canonical_json(list(person_ids)),
            movement_id=movement_id,
            description=description,
            occurred_at=utc(at),
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "incident_recorded",
        at,
        actor,
        {
            "incident_id": incident_id,
            "facility_id": facility_id,
            "kind": kind,
            "person_ids": list(person_ids),
            "movement_id": movement_id,
            "description": description,
        },
    )
    return incident_id
