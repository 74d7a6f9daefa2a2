"""The read side of custody: stays, locations, occupancy, the daily population, records."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.custody.adapters.agreement import agreement_in_force
from convenio.custody.adapters.sql import (
    custody_alerts,
    custody_deaths,
    custody_incidents,
    custody_placements,
)
from convenio.custody.adapters.timestamps import utc
from convenio.custody.domain.model import (
    LOCATION_BY_EXIT,
    FacilityOccupancy,
    Location,
    LocationStatus,
    OccupancyReport,
    UnitOccupancy,
    held_on,
    local_date,
    population_series,
    tally,
)
from convenio.custody.stays import stay_rows


def locate(session: Session, person_id: str) -> Location | None:
    """Where a person is under the agreement (the latest stay), or None when never held."""
    rows = stay_rows(session, person_id=person_id)
    if not rows:
        return None
    row = rows[-1]
    stay = row.stay
    facility = agreement_in_force(session).facility(stay.facility_id)
    status: LocationStatus = "held"
    if stay.exit_reason is not None:
        status = LOCATION_BY_EXIT.get(stay.exit_reason, "released")
    return Location(
        status=status,
        facility_id=stay.facility_id,
        facility_name=facility.name,
        since=stay.admitted_on,
        on=stay.exited_on,
        exit_reason=stay.exit_reason,
    )


def units_on(
    session: Session, day: date, held: set[str], facility_id: str | None
) -> dict[str, str]:
    """The unit each held admission is placed in at the end of a day (latest placement)."""
    if not held:
        return {}
    query = select(
        custody_placements.c.admission_id,
        custody_placements.c.unit_id,
        custody_placements.c.start_at,
        custody_placements.c.facility_id,
    ).order_by(custody_placements.c.start_at, custody_placements.c.recorded_at)
    if facility_id is not None:
        query = query.where(custody_placements.c.facility_id == facility_id)
    zones = {f.id: f.time_zone for f in agreement_in_force(session).facilities}
    current: dict[str, str] = {}
    for admission_id, unit_id, start_at, facility in session.execute(query):
        if admission_id in held and local_date(utc(start_at), zones[facility]) <= day:
            current[admission_id] = unit_id
    return current


def occupancy(session: Session, *, on: date, facility_id: str | None = None) -> OccupancyReport:
    """People held at the end of a day, by facility, unit, nationality and category."""
    agreement = agreement_in_force(session)
    facilities = [f for f in agreement.facilities if facility_id in (None, f.id)]
    held = [
        r
        for r in stay_rows(session, facility_id=facility_id, admitted_by=on)
        if held_on(r.stay.admitted_on, r.stay.exited_on, on)
    ]
    unit_of = units_on(session, on, {r.stay.stay_id for r in held}, facility_id)
    facility_rows = []
    unit_rows = []
    for facility in facilities:
        in_facility = [r for r in held if r.stay.facility_id == facility.id]
        capacity = (
            facility.capacity.at(on).value
            if facility.capacity.history[0].effective_from <= on
            else 0
        )
        facility_rows.append(
            FacilityOccupancy(
                facility_id=facility.id,
                name=facility.name,
                count=len(in_facility),
                capacity=capacity,
            )
        )
        for unit in facility.units:
            count = sum(1 for r in in_facility if unit_of.get(r.stay.stay_id) == unit.id)
            unit_rows.append(
                UnitOccupancy(
                    facility_id=facility.id,
                    unit_id=unit.id,
                    name=unit.name,
                    count=count,
                    certified_capacity=unit.certified_capacity,
                    operational_capacity=unit.operational_capacity,
                )
            )
    return OccupancyReport(
        on=on,
        total=len(held),
        capacity=sum(f.capacity for f in facility_rows),
        facilities=tuple(facility_rows),
        units=tuple(unit_rows),
        by_nationality=tally(r.nationality for r in held),
        by_category=tally(r.category for r in held),
    )


def daily_population(
    session: Session, *, start: date, end: date, facility_id: str | None = None
) -> list[tuple[date, int]]:
    """The midnight count of every day of ``[start, end]``."""
    rows = stay_rows(session, facility_id=facility_id, admitted_by=end)
    return population_series(((r.stay.admitted_on, r.stay.exited_on) for r in rows), start, end)


def _records(session: Session, table: Any, order: Any) -> list[dict[str, Any]]:
    result = []
    for row in session.execute(select(table).order_by(order)):
        item = dict(row._mapping)
        for key, value in item.items():
            if isinstance(value, datetime):
                item[key] = utc(value)
        for key in ("person_ids", "recipients"):
            if key in item:
                item[key] = json.loads(item[key])
        result.append(item)
    return result


def list_incidents(session: Session, *, facility_id: str | None = None) -> list[dict[str, Any]]:
    """Every incident (headcount mismatches included), oldest first."""
    rows = _records(session, custody_incidents, custody_incidents.c.occurred_at)
    return [r for r in rows if facility_id in (None, r["facility_id"])]


def list_deaths(session: Session) -> list[dict[str, Any]]:
    """Every death in custody, oldest first."""
    return _records(session, custody_deaths, custody_deaths.c.died_at)


def list_alerts(session: Session) -> list[dict[str, Any]]:
    """Every alert raised to the parties and the monitors, oldest first."""
    return _records(session, custody_alerts, custody_alerts.c.raised_at)
