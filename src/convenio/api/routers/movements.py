"""``/api/v1/movements``: flights and convoys, manifests, the dispatch check, handovers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.instants import as_of_instant
from convenio.api.schemas.movements import (
    DispatchRead,
    FailureRead,
    HandoverCreate,
    HandoverRead,
    LockRead,
    ManifestAdd,
    MovementCreate,
    MovementPage,
    MovementRead,
    StepCreate,
)
from convenio.bootstrap import Services
from convenio.http.auth import actor_allowed
from convenio.movements import handover as handovers
from convenio.movements import public as movements
from convenio.movements import services as movement_services
from convenio.shared.actor import Actor
from convenio.shared.dates import parse_instant

router = APIRouter(prefix="/movements", tags=["movements"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.MOVEMENT_READ))]
Manager = Annotated[Actor, Depends(actor_allowed(access.Action.MOVEMENT_MANAGE))]
Dispatcher = Annotated[Actor, Depends(actor_allowed(access.Action.MOVEMENT_DISPATCH))]
Transport = Annotated[Actor, Depends(actor_allowed(access.Action.HANDOVER_CONFIRM_TRANSPORT))]
Receiving = Annotated[Actor, Depends(actor_allowed(access.Action.HANDOVER_CONFIRM_RECEIVING))]


@router.get("", response_model=MovementPage)
def list_movements(_: Reader, services: ServicesDep, page: Paging) -> MovementPage:
    """Every movement, by scheduled departure."""
    with services.uow() as uow:
        every = movements.list_movements(uow.session)
    items = [MovementRead.model_validate(m) for m in page.slice(every)]
    return MovementPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.get("/{movement_id}", response_model=MovementRead)
def get_movement(movement_id: str, _: Reader, services: ServicesDep) -> dict[str, Any]:
    """A movement with its people on board and manifest history."""
    return _movement(services, movement_id)


@router.post("", response_model=MovementRead, status_code=201)
def create_movement(
    body: MovementCreate, actor: Manager, services: ServicesDep, _key: IdempotencyKey
) -> dict[str, Any]:
    """Create a flight or convoy to a facility."""
    movement_id = movement_services.create_movement(
        services.uow(),
        number=body.number,
        mode=body.mode,
        origin=body.origin,
        facility_id=body.facility_id,
        scheduled_departure=parse_instant(body.scheduled_departure, field="scheduled_departure"),
        seats=body.seats,
        actor=actor,
        time_zone=body.time_zone,
    )
    return _movement(services, movement_id)


@router.post("/{movement_id}/cases", response_model=MovementRead)
def add_cases(
    movement_id: str, body: ManifestAdd, actor: Manager, services: ServicesDep, _key: IdempotencyKey
) -> dict[str, Any]:
    """Put accepted cases on the open manifest."""
    at = as_of_instant(body.at, services)
    movement_services.add_cases(
        services.uow(), movement_id=movement_id, case_ids=body.case_ids, at=at, actor=actor
    )
    return _movement(services, movement_id)


@router.post("/{movement_id}/lock", response_model=LockRead)
def lock_manifest(
    movement_id: str, body: StepCreate, actor: Manager, services: ServicesDep, _key: IdempotencyKey
) -> LockRead:
    """Lock the manifest after screening everyone on it; failures are taken off."""
    at = as_of_instant(body.at, services)
    failures = movement_services.lock_manifest(
        services.uow(), movement_id=movement_id, at=at, actor=actor
    )
    return LockRead(
        movement=MovementRead.model_validate(_movement(services, movement_id)),
        failures=[
            FailureRead(
                person_id=f.person_id,
                case_id=f.case_id,
                codes=list(f.codes),
                hold_ids=list(f.hold_ids),
            )
            for f in failures
        ],
    )


@router.post("/{movement_id}/dispatch", response_model=DispatchRead)
def dispatch(
    movement_id: str,
    body: StepCreate,
    actor: Dispatcher,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> DispatchRead:
    """Dispatch after the final check (refused, with reasons, if anyone fails it)."""
    at = as_of_instant(body.at, services)
    on_board = movement_services.dispatch(
        services.uow(), movement_id=movement_id, at=at, actor=actor
    )
    movement = MovementRead.model_validate(_movement(services, movement_id))
    return DispatchRead(movement=movement, on_board=on_board)


@router.post("/{movement_id}/arrive", response_model=MovementRead)
def arrive(
    movement_id: str,
    body: StepCreate,
    actor: Dispatcher,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> dict[str, Any]:
    """Record the arrival at the facility."""
    at = as_of_instant(body.at, services)
    movement_services.arrive(services.uow(), movement_id=movement_id, at=at, actor=actor)
    return _movement(services, movement_id)


@router.post("/{movement_id}/handover/transport", response_model=HandoverRead)
def confirm_transport(
    movement_id: str,
    body: HandoverCreate,
    actor: Transport,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> HandoverRead:
    """The transport side's count at the handover."""
    return _handover(services, movement_id, movements.Side.TRANSPORT, body, actor)


@router.post("/{movement_id}/handover/receiving", response_model=HandoverRead)
def confirm_receiving(
    movement_id: str,
    body: HandoverCreate,
    actor: Receiving,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> HandoverRead:
    """The receiving side's count at the handover (with intake details per case)."""
    return _handover(services, movement_id, movements.Side.RECEIVING, body, actor)


def _handover(
    services: Services, movement_id: str, side: movements.Side, body: HandoverCreate, actor: Actor
) -> HandoverRead:
    outcome = handovers.confirm_handover(
        services.uow(),
        movement_id=movement_id,
        side=side,
        headcount=body.headcount,
        at=as_of_instant(body.at, services),
        actor=actor,
        present=body.present,
        intake=body.intake,
    )
    return HandoverRead(
        round=outcome.round,
        waiting_for=None if outcome.waiting_for is None else str(outcome.waiting_for),
        handed_over=list(outcome.handed_over),
        missing=list(outcome.missing),
        extra=list(outcome.extra),
        incident_id=outcome.incident_id,
    )


def _movement(services: Services, movement_id: str) -> dict[str, Any]:
    with services.uow() as uow:
        return movements.get_movement(uow.session, movement_id)
