"""``/api/v1/holds``: court orders and legal holds, and the cases they halted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.schemas.cases import (
    HoldDetailRead,
    HoldOutcomeRead,
    HoldPage,
    HoldRead,
    LiftCreate,
    LiftRead,
)
from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.http.auth import actor_allowed
from convenio.legal import public as legal
from convenio.shared.actor import Actor
from convenio.shared.dates import Instant
from convenio.shared.errors import NotFoundError

router = APIRouter(prefix="/holds", tags=["holds"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.HOLD_READ))]
Recorder = Annotated[Actor, Depends(actor_allowed(access.Action.HOLD_RECORD))]
Lifter = Annotated[Actor, Depends(actor_allowed(access.Action.HOLD_LIFT))]
HoldBody = Annotated[
    dict[str, Any],
    Body(
        description="A hold in the interchange form of holds.jsonl (INTERCHANGE.md).",
        examples=[
            {
                "hold_id": "H-2025-0315-JGG",
                "kind": "tro",
                "court": "D.D.C.",
                "case_number": "1:25-cv-00766",
                "issued_at": "2025-03-15T19:26:00-04:00",
                "expires_at": None,
                "lifted_at": None,
                "scope": {"class": {"removal_basis": ["aea"]}},
                "summary": "Temporary restraining order",
            }
        ],
    ),
]


@router.get("", response_model=HoldPage)
def list_holds(_: Reader, services: ServicesDep, page: Paging) -> HoldPage:
    """Every hold, by issue instant."""
    with services.uow() as uow:
        every = legal.list_holds(uow.session)
    items = [HoldRead.model_validate(h) for h in page.slice(every)]
    return HoldPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.get("/{hold_id}", response_model=HoldDetailRead)
def get_hold(hold_id: str, actor: Reader, services: ServicesDep) -> HoldDetailRead:
    """A hold and the cases it halted or flagged (those the caller may see)."""
    with services.uow() as uow:
        hold = legal.get_hold(uow.session, hold_id)
        if hold is None:
            raise NotFoundError(f"no hold {hold_id!r}", hold_id=hold_id)
        affected = cases.cases_affected_by_hold(uow.session, hold_id)
    shown = [c for c in affected if access.may_see_case(actor, str(c.get("state", "")))]
    return HoldDetailRead(hold=HoldRead.model_validate(hold), cases=shown)


@router.post("", response_model=HoldOutcomeRead, status_code=201)
def record_hold(
    hold: HoldBody, actor: Recorder, services: ServicesDep, _key: IdempotencyKey
) -> HoldOutcomeRead:
    """Record a court order or hold; matching cases are halted (or flagged if in transit)."""
    outcome = case_holds.record_hold(services.uow(), hold, actor)
    return HoldOutcomeRead(
        hold_id=outcome.hold_id,
        created=outcome.created,
        halted=list(outcome.halted),
        return_requested=list(outcome.return_requested),
    )


@router.post("/{hold_id}/lift", response_model=LiftRead)
def lift_hold(
    hold_id: str, body: LiftCreate, actor: Lifter, services: ServicesDep, _key: IdempotencyKey
) -> LiftRead:
    """Lift a hold at an instant; halted cases stay halted until re-screened."""
    lifted_at = body.lifted_at or Instant(services.clock.now())
    outcome = case_holds.lift_hold(services.uow(), hold_id, lifted_at, actor, reason=body.reason)
    return LiftRead(hold=HoldRead.model_validate(outcome.hold), halted_cases=outcome.halted_cases)
