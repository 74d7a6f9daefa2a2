"""``/api/v1/custody``: stays, occupancy, daily population, incidents, placements, releases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.instants import as_of_instant
from convenio.api.schemas.custody import (
    CountRead,
    DayCountRead,
    FacilityOccupancyRead,
    IncidentPage,
    IncidentRead,
    LocationRead,
    OccupancyRead,
    PlacementCreate,
    RecordedRead,
    ReleaseCreate,
    StayPage,
    StayRead,
    UnitOccupancyRead,
)
from convenio.bootstrap import Services
from convenio.custody import public as custody
from convenio.custody import services as custody_services
from convenio.http.auth import actor_allowed, record_read
from convenio.shared.actor import Actor
from convenio.shared.errors import InvalidInputError, NotFoundError

router = APIRouter(prefix="/custody", tags=["custody"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.CUSTODY_READ))]
Recorder = Annotated[Actor, Depends(actor_allowed(access.Action.CUSTODY_RECORD))]
Facility = Annotated[str | None, Query(max_length=64, description="Only this facility.")]
Day = Annotated[date | None, Query(description="Day (YYYY-MM-DD); today if absent.")]
MAX_DAYS = 3660


@router.get("/occupancy", response_model=OccupancyRead)
def occupancy(
    _: Reader, services: ServicesDep, on: Day = None, facility_id: Facility = None
) -> OccupancyRead:
    """The midnight count of a day against capacity, by facility, unit, nationality, category."""
    day = on or services.clock.now().date()
    with services.uow() as uow:
        report = custody.occupancy(uow.session, on=day, facility_id=facility_id)
    return OccupancyRead(
        on=report.on,
        total=report.total,
        capacity=report.capacity,
        facilities=[FacilityOccupancyRead.model_validate(f) for f in report.facilities],
        units=[UnitOccupancyRead.model_validate(u) for u in report.units],
        by_nationality=[CountRead(key=k, count=n) for k, n in report.by_nationality],
        by_category=[CountRead(key=k, count=n) for k, n in report.by_category],
    )


@router.get("/stays", response_model=StayPage)
def list_stays(
    _: Reader,
    services: ServicesDep,
    page: Paging,
    start: Day = None,
    end: Day = None,
    facility_id: Facility = None,
) -> StayPage:
    """Stays overlapping ``[start, end]`` (the last year to today by default)."""
    first, last = _period(services, start, end)
    with services.uow() as uow:
        stays = custody.list_stays(uow.session, start=first, end=last, facility_id=facility_id)
    items = [StayRead.model_validate(s) for s in page.slice(stays)]
    return StayPage(items=items, total=len(stays), offset=page.offset, limit=page.limit)


@router.get("/population", response_model=list[DayCountRead])
def daily_population(
    _: Reader,
    services: ServicesDep,
    start: Day = None,
    end: Day = None,
    facility_id: Facility = None,
) -> list[DayCountRead]:
    """The midnight count of every day of ``[start, end]`` (at most ten years)."""
    first, last = _period(services, start, end)
    with services.uow() as uow:
        series = custody.daily_population(
            uow.session, start=first, end=last, facility_id=facility_id
        )
    return [DayCountRead(day=day, count=count) for day, count in series]


@router.get("/incidents", response_model=IncidentPage)
def list_incidents(
    _: Reader, services: ServicesDep, page: Paging, facility_id: Facility = None
) -> IncidentPage:
    """Incidents, oldest first."""
    with services.uow() as uow:
        every = custody.list_incidents(uow.session, facility_id=facility_id)
    items = [IncidentRead.model_validate(i) for i in page.slice(every)]
    return IncidentPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.get("/people/{person_id}/location", response_model=LocationRead)
def locate(person_id: str, request: Request, actor: Reader, services: ServicesDep) -> LocationRead:
    """Where a person is held under the agreement (or was, with the exit)."""
    with services.uow() as uow:
        found = custody.locate(uow.session, person_id)
    if found is None:
        raise NotFoundError(f"person {person_id!r} has never been held under the agreement")
    record_read(request, actor, "person_location", [person_id])
    return LocationRead(
        status=found.status,
        facility_id=found.facility_id,
        facility_name=found.facility_name,
        since=found.since,
        on=found.on,
        exit_reason=found.exit_reason,
    )


@router.post("/placements", response_model=RecordedRead, status_code=201)
def place(
    body: PlacementCreate, actor: Recorder, services: ServicesDep, _key: IdempotencyKey
) -> RecordedRead:
    """Place (or move) a held person in a unit."""
    at = as_of_instant(body.at, services).utc
    placement_id = custody_services.place(
        services.uow(), person_id=body.person_id, unit_id=body.unit_id, at=at, actor=actor
    )
    return RecordedRead(id=placement_id)


@router.post("/releases", response_model=RecordedRead, status_code=201)
def release(
    body: ReleaseCreate, actor: Recorder, services: ServicesDep, _key: IdempotencyKey
) -> RecordedRead:
    """Release a person (end of sentence, or by decision of an authority)."""
    at = as_of_instant(body.at, services).utc
    exit_id = custody_services.release(
        services.uow(),
        person_id=body.person_id,
        at=at,
        ground=custody.ReleaseGround(body.ground),
        authority=body.authority,
        actor=actor,
    )
    return RecordedRead(id=exit_id)


def _period(services: Services, start: date | None, end: date | None) -> tuple[date, date]:
    last = end or services.clock.now().date()
    first = start or last - timedelta(days=365)
    if first > last:
        raise InvalidInputError("start must not be after end", field="start")
    if (last - first).days > MAX_DAYS:
        raise InvalidInputError(f"a period may span at most {MAX_DAYS} days", field="start")
    return first, last
