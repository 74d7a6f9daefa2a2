"""A facility's room: its stays and unit placements read once, checked against capacity,
and kept current as people are admitted in the same transaction (a handover of a flight).

Capacity is checked as the peak occupancy from an instant on, so that an admission or a
move recorded for an earlier instant cannot overfill the facility or a unit later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from convenio.custody.adapters.sql import custody_placements
from convenio.custody.adapters.timestamps import utc
from convenio.custody.domain.errors import FacilityFullError
from convenio.custody.domain.model import Interval, local_date, peak_occupancy
from convenio.custody.stays import stay_intervals
from convenio.terms import public as terms


def lock_facility(session: Session, facility_id: str) -> None:
    """Serialise capacity checks of one facility (PostgreSQL; SQLite writers are serial)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(facility_id.encode("utf-8")[:8].ljust(8, b"\0"), "big") >> 1
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@dataclass(slots=True)
class FacilityRoom:
    """The stays of a facility and the placement intervals of each unit, read under the
    facility's lock; ``took`` records an admission made through it."""

    facility_id: str
    stays: dict[str, Interval]
    by_unit: dict[str, list[Interval]]

    def took(self, admission_id: str, unit_id: str, at: datetime) -> None:
        """Count a person admitted and placed at ``at`` in this transaction."""
        self.stays[admission_id] = (utc(at), None)
        self.by_unit.setdefault(unit_id, []).append((utc(at), None))


def room_of(session: Session, facility_id: str) -> FacilityRoom:
    """A facility's room, read once (after taking the facility's lock)."""
    lock_facility(session, facility_id)
    stays = stay_intervals(session, facility_id)
    return FacilityRoom(facility_id, stays, intervals_by_unit(session, facility_id, stays))


def check_facility_room(facility: terms.Facility, stays: list[Interval], at: datetime) -> None:
    """Refuse one more person from ``at`` on when the facility would exceed its capacity.

    Raises:
        FacilityFullError: no room.
    """
    capacity = facility.capacity.at(local_date(at, facility.time_zone)).value
    intervals: list[Interval] = [*stays, (utc(at), None)]
    if peak_occupancy(intervals, utc(at)) > capacity:
        raise FacilityFullError(facility.id, capacity)


def intervals_by_unit(
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


def has_room(intervals: list[Interval], unit: terms.Unit, at: datetime) -> bool:
    """Whether one more person fits the unit from ``at`` on."""
    return peak_occupancy([*intervals, (utc(at), None)], utc(at)) <= unit.operational_capacity


def unit_with_room(
    facility: terms.Facility, by_unit: dict[str, list[Interval]], at: datetime
) -> str:
    """The first unit with room from ``at`` on.

    Raises:
        FacilityFullError: every unit is full.
    """
    for unit in facility.units:
        if has_room(by_unit.get(unit.id, []), unit, at):
            return unit.id
    raise FacilityFullError(facility.id, sum(u.operational_capacity for u in facility.units))
