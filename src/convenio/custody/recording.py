"""Writing custody records inside the caller's transaction (no commit here).

Each function inserts one or more append-only rows and appends the matching ledger events.
``services.py`` wraps them in units of work; ``movements`` calls ``admit`` and
``record_incident`` from its handover, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text
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
    FacilityFullError,
    NotInCustodyError,
    OutOfOrderError,
    UnitFullError,
    UnknownFacilityError,
)
from convenio.custody.domain.intake import Intake, admission_facts, intake_json
from convenio.custody.domain.model import Interval, local_date, peak_occupancy
from convenio.custody.stays import StayRow, open_stay, stay_intervals
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


def lock_facility(session: Session, facility_id: str) -> None:
    """Serialise capacity checks of one facility (PostgreSQL; SQLite writers are serial)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(facility_id.encode("utf-8")[:8].ljust(8, b"\0"), "big") >> 1
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


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
) -> str:
    """Admit a person (Mandela Rule 7 record) and place them in a unit; returns the admission id.

    Raises:
        CommitmentOrderMissingError: no legal basis for custody.
        AlreadyInCustodyError: the person is held already.
        FacilityFullError, UnitFullError: no room.
    """
    facility = facility_of(session, facility_id)
    lock_facility(session, facility_id)
    person_id = str(person["person_id"])
    day = local_date(at, facility.time_zone)
    facts = admission_facts(person, case_id=case_id, movement_id=movement_id, on=day)
    if open_stay(session, person_id) is not None:
        raise AlreadyInCustodyError(person_id)
    stays = stay_intervals(session, facility_id)
    _check_facility_room(facility, list(stays.values()), at)
    by_unit = _intervals_by_unit(session, facility_id, stays)
    chosen = unit_id or _unit_with_room(facility, by_unit, at)
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
        session, admission_id, person_id, facility, chosen, at, actor, now, "admission", by_unit
    )
    return admission_id


def _check_facility_room(facility: terms.Facility, stays: list[Interval], at: datetime) -> None:
    capacity = facility.capacity.at(local_date(at, facility.time_zone)).value
    intervals: list[Interval] = [*stays, (utc(at), None)]
    if peak_occupancy(intervals, utc(at)) > capacity:
        raise FacilityFullError(facility.id, capacity)


def _intervals_by_unit(
    session: Session, facility_id: str, stays: dict[str, Interval] | None = None
) -> dict[str, list[Interval]]:
    """Placement intervals per unit: from each placement to the next one or the exit."""
    if stays is None:
        stays = stay_intervals(session, facility_id)
    rows = session.execute(
        select(
            custody_placements.c.admission_id,
            custody_placements.c.unit_id,
            custody_placements.c.start_at,
        )
        .where(custody_placements.c.facility_id == facility_id)
        .order_by(
            custody_placements.c.admission_id,
            custody_placements.c.start_at,
            custody_placements.c.recorded_at,
        )
    ).all()
    by_unit: dict[str, list[Interval]] = {}
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is not None and following.admission_id == row.admission_id:
            end: datetime | None = utc(following.start_at)
        else:
            stay = stays.get(row.admission_id)
            end = None if stay is None else stay[1]
        by_unit.setdefault(row.unit_id, []).append((utc(row.start_at), end))
    return by_unit


def _has_room(intervals: list[Interval], unit: terms.Unit, at: datetime) -> bool:
    return peak_occupancy([*intervals, (utc(at), None)], utc(at)) <= unit.operational_capacity


def _unit_with_room(
    facility: terms.Facility, by_unit: dict[str, list[Interval]], at: datetime
) -> str:
    for unit in facility.units:
        if _has_room(by_unit.get(unit.id, []), unit, at):
            return unit.id
    raise FacilityFullError(facility.id, sum(u.operational_capacity for u in facility.units))


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
    by_unit: dict[str, list[Interval]] | None = None,
) -> str:
    unit = next((u for u in facility.units if u.id == unit_id), None)
    if unit is None:
        raise UnknownFacilityError(facility.id, unit_id)
    intervals = by_unit if by_unit is not None else _intervals_by_unit(session, facility.id)
    if not _has_room(intervals.get(unit_id, []), unit, at):
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
    lock_facility(session, facility.id)
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
