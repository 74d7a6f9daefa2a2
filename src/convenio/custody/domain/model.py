"""Custody as values: stays, exits and their corrections, locations, occupancy reports.

Nothing here is ever updated in place. A stay is derived from its admission record, its exit
record and any correction records (the highest revision wins); a placement is in effect from
its start until the next placement of the same admission or the exit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo


class ExitReason(StrEnum):
    """Why custody under the agreement ended (DESIGN.md, the case lifecycle)."""

    RELEASED = "released"
    REPATRIATED = "repatriated"
    RETURNED_TO_SENDING = "returned_to_sending"
    TRANSFERRED = "transferred"
    DECEASED = "deceased"


class ReleaseGround(StrEnum):
    """The ground of a release."""

    END_OF_SENTENCE = "end_of_sentence"
    BY_DECISION = "by_decision"


LocationStatus = Literal["held", "released", "returned"]

# The public locator says "returned" only for a return to the sending state; every other exit
# (release, repatriation, transfer, death) means the person is no longer held under the
# agreement, which the locator shows as "released"; the precise reason travels in
# ``Location.exit_reason`` for callers entitled to it.
LOCATION_BY_EXIT: dict[str, LocationStatus] = {
    ExitReason.RELEASED: "released",
    ExitReason.REPATRIATED: "released",
    ExitReason.TRANSFERRED: "released",
    ExitReason.DECEASED: "released",
    ExitReason.RETURNED_TO_SENDING: "returned",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Stay:
    """One custody interval of a person at a facility, after any correction."""

    stay_id: str
    person_id: str
    case_id: str
    facility_id: str
    admitted_on: date
    exited_on: date | None
    exit_reason: str | None
    source_events: tuple[str, ...]
    revision: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """What the public locator may say about a person."""

    status: LocationStatus
    facility_id: str
    facility_name: str
    since: date | None
    on: date | None
    exit_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExitRecord:
    """An exit or a correction of it (a correction supersedes the previous revision)."""

    record_id: str
    admission_id: str
    revision: int
    reason: str
    exit_at: datetime
    exited_on: date


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitOccupancy:
    """People in a unit on a day, against its capacities."""

    facility_id: str
    unit_id: str
    name: str
    count: int
    certified_capacity: int
    operational_capacity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FacilityOccupancy:
    """People in a facility on a day, against its capacity in force that day."""

    facility_id: str
    name: str
    count: int
    capacity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OccupancyReport:
    """Who is held on a day (the midnight count: in custody at the end of the local day)."""

    on: date
    total: int
    capacity: int
    facilities: tuple[FacilityOccupancy, ...]
    units: tuple[UnitOccupancy, ...]
    by_nationality: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[str, int], ...]


def local_date(at: datetime, time_zone: str) -> date:
    """The calendar date of an instant at a facility (its IANA time zone)."""
    return at.astimezone(ZoneInfo(time_zone)).date()


def current_exit(records: Iterable[ExitRecord]) -> ExitRecord | None:
    """The exit in force: the record with the highest revision, if any."""
    return max(records, key=lambda record: record.revision, default=None)


def held_on(admitted_on: date, exited_on: date | None, day: date) -> bool:
    """Whether a stay counts on a day: admitted by then and not yet gone by its end."""
    return admitted_on <= day and (exited_on is None or exited_on > day)


def overlaps(admitted_on: date, exited_on: date | None, start: date, end: date) -> bool:
    """Whether a stay touches the closed period ``[start, end]``."""
    return admitted_on <= end and (exited_on is None or exited_on >= start)


def population_series(
    stays: Iterable[tuple[date, date | None]], start: date, end: date
) -> list[tuple[date, int]]:
    """The midnight count of each day of ``[start, end]`` (a sweep over the stays' edges)."""
    changes: dict[date, int] = {}
    for admitted_on, exited_on in stays:
        first = max(admitted_on, start)
        stop = exited_on if exited_on is not None else end + timedelta(days=1)
        if first >= stop or first > end:
            continue
        changes[first] = changes.get(first, 0) + 1
        if stop <= end:
            changes[stop] = changes.get(stop, 0) - 1
    series = []
    count = 0
    day = start
    while day <= end:
        count += changes.get(day, 0)
        series.append((day, count))
        day += timedelta(days=1)
    return series


def tally(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Counts of each value, sorted by value."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return tuple(sorted(counts.items()))


Interval = tuple[datetime, datetime | None]


def peak_occupancy(intervals: Sequence[Interval], since: datetime) -> int:
    """The most intervals open at once at or after ``since`` (``None`` end: still open).

    An interval ``[start, end)`` is open from its start until just before its end.
    """
    points: list[tuple[datetime, int]] = []
    for start, end in intervals:
        if end is not None and end <= since:
            continue
        points.append((max(start, since), 1))
        if end is not None:
            points.append((end, -1))
    points.sort(key=lambda point: (point[0], point[1]))
    peak = current = 0
    for _, step in points:
        current += step
        peak = max(peak, current)
    return peak
