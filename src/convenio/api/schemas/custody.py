"""Schemas of custody: stays, occupancy, population, incidents, placements, releases."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from convenio.api.schemas.common import Page

At = Field(
    default=None, max_length=40, description="Instant with offset, or a date; now if absent."
)


class StayRead(BaseModel):
    """One custody interval of a person at a facility (after any correction)."""

    model_config = {"from_attributes": True}

    stay_id: str
    person_id: str
    case_id: str
    facility_id: str
    admitted_on: date
    exited_on: date | None
    exit_reason: str | None
    source_events: list[str]
    revision: int


class StayPage(Page[StayRead]):
    """A page of stays."""


class FacilityOccupancyRead(BaseModel):
    """People in a facility on a day, against its capacity."""

    model_config = {"from_attributes": True}

    facility_id: str
    name: str
    count: int
    capacity: int


class UnitOccupancyRead(BaseModel):
    """People in a unit on a day, against its capacities."""

    model_config = {"from_attributes": True}

    facility_id: str
    unit_id: str
    name: str
    count: int
    certified_capacity: int
    operational_capacity: int


class CountRead(BaseModel):
    """A count under a key (a nationality, a category)."""

    key: str
    count: int


class OccupancyRead(BaseModel):
    """Who is held at the end of a day, by facility, unit, nationality and category."""

    on: date
    total: int
    capacity: int
    facilities: list[FacilityOccupancyRead]
    units: list[UnitOccupancyRead]
    by_nationality: list[CountRead]
    by_category: list[CountRead]


class DayCountRead(BaseModel):
    """The midnight count of one day."""

    day: date
    count: int


class LocationRead(BaseModel):
    """Where a person is under the agreement."""

    status: str
    facility_id: str
    facility_name: str
    since: date | None
    on: date | None
    exit_reason: str | None


class IncidentRead(BaseModel):
    """An incident at a facility (headcount mismatches included)."""

    model_config = {"extra": "allow"}


class IncidentPage(Page[IncidentRead]):
    """A page of incidents, oldest first."""


class PlacementCreate(BaseModel):
    """Place (or move) a held person in a unit."""

    person_id: str = Field(min_length=1, max_length=64)
    unit_id: str = Field(min_length=1, max_length=64)
    at: str | None = At


class ReleaseCreate(BaseModel):
    """Release a person: at the end of the sentence or by decision of an authority."""

    person_id: str = Field(min_length=1, max_length=64)
    ground: str = Field(pattern="^(end_of_sentence|by_decision)$")
    authority: str = Field(default="", max_length=500)
    at: str | None = At


class RecordedRead(BaseModel):
    """The id of what was recorded."""

    id: str
