"""``/api/v1/cases``: transfer cases from opening to acceptance, and their history.

The receiving state sees only cases that were put to it (``access.may_see_case``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.schemas.cases import (
    CaseCreate,
    CasePage,
    CaseRead,
    DeclineCreate,
    NominationCreate,
    ReviewCreate,
    StepCreate,
    TransitionRead,
    WithdrawalCreate,
)
from convenio.bootstrap import Services
from convenio.cases import public as cases
from convenio.cases import services as case_services
from convenio.http.auth import actor_allowed
from convenio.legal import public as legal
from convenio.shared.actor import Actor
from convenio.shared.errors import NotFoundError

router = APIRouter(prefix="/cases", tags=["cases"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.CASE_READ))]
Nominator = Annotated[Actor, Depends(actor_allowed(access.Action.CASE_NOMINATE))]
Reviewer = Annotated[Actor, Depends(actor_allowed(access.Action.CASE_REVIEW))]
Acceptor = Annotated[Actor, Depends(actor_allowed(access.Action.CASE_ACCEPT))]
Decliner = Annotated[Actor, Depends(actor_allowed(access.Action.CASE_DECLINE))]
Withdrawer = Annotated[Actor, Depends(actor_allowed(access.Action.CASE_WITHDRAW))]
State = Annotated[str | None, Query(max_length=32, description="Only cases in this state.")]
PersonFilter = Annotated[str | None, Query(max_length=64, description="Only this person's.")]
_ALL = 1_000_000


@router.get("", response_model=CasePage)
def list_cases(
    actor: Reader,
    services: ServicesDep,
    page: Paging,
    state: State = None,
    person_id: PersonFilter = None,
) -> CasePage:
    """A page of cases (newest first), filtered by state or person."""
    hidden = access.hidden_case_states(actor)
    with services.uow() as uow:
        if not hidden:
            views, total = cases.list_cases(
                uow.session, state=state, person_id=person_id, offset=page.offset, limit=page.limit
            )
        else:
            every, _ = cases.list_cases(uow.session, state=state, person_id=person_id, limit=_ALL)
            visible = [v for v in every if access.may_see_case(actor, v.state)]
            views, total = page.slice(visible), len(visible)
    items = [CaseRead.model_validate(v) for v in views]
    return CasePage(items=items, total=total, offset=page.offset, limit=page.limit)


@router.get("/{case_id}", response_model=CaseRead)
def get_case(case_id: str, actor: Reader, services: ServicesDep) -> CaseRead:
    """One case."""
    return CaseRead.model_validate(_visible_case(services, actor, case_id))


@router.get("/{case_id}/history", response_model=list[TransitionRead])
def case_history(case_id: str, actor: Reader, services: ServicesDep) -> list[dict[str, Any]]:
    """Every transition of the case, oldest first."""
    _visible_case(services, actor, case_id)
    with services.uow() as uow:
        return cases.case_history(uow.session, case_id)


@router.post("", response_model=CaseRead, status_code=201)
def open_case(
    body: CaseCreate, actor: Nominator, services: ServicesDep, _key: IdempotencyKey
) -> CaseRead:
    """Open a case for a person; it is screened at once."""
    view = case_services.open_case(
        services.uow(), body.person_id, actor, at=body.at, facility_id=body.facility_id
    )
    return CaseRead.model_validate(view)


@router.post("/{case_id}/rescreen", response_model=CaseRead)
def rescreen(
    case_id: str, body: StepCreate, actor: Nominator, services: ServicesDep, _key: IdempotencyKey
) -> CaseRead:
    """Screen a draft, screened or halted case again."""
    return CaseRead.model_validate(
        case_services.rescreen(services.uow(), case_id, actor, at=body.at)
    )


@router.post("/{case_id}/review", response_model=CaseRead)
def review(
    case_id: str, body: ReviewCreate, actor: Reviewer, services: ServicesDep, _key: IdempotencyKey
) -> CaseRead:
    """Record a legal review of a case whose decision is ``review``."""
    outcome = legal.parse_outcome(body.outcome)
    view = case_services.review_case(
        services.uow(), case_id, outcome, body.reasoning, actor, at=body.at
    )
    return CaseRead.model_validate(view)


@router.post("/{case_id}/nominate", response_model=CaseRead)
def nominate(
    case_id: str,
    body: NominationCreate,
    actor: Nominator,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> CaseRead:
    """Nominate a screened case to the receiving state (after a fresh screen)."""
    view = case_services.nominate(
        services.uow(), case_id, actor, at=body.at, facility_id=body.facility_id
    )
    return CaseRead.model_validate(view)


@router.post("/{case_id}/accept", response_model=CaseRead)
def accept(
    case_id: str, body: StepCreate, actor: Acceptor, services: ServicesDep, _key: IdempotencyKey
) -> CaseRead:
    """The receiving state accepts a nomination (a place is reserved)."""
    _visible_case(services, actor, case_id)
    return CaseRead.model_validate(case_services.accept(services.uow(), case_id, actor, at=body.at))


@router.post("/{case_id}/decline", response_model=CaseRead)
def decline(
    case_id: str, body: DeclineCreate, actor: Decliner, services: ServicesDep, _key: IdempotencyKey
) -> CaseRead:
    """The receiving state declines a nomination with a reason code."""
    _visible_case(services, actor, case_id)
    view = case_services.decline(
        services.uow(), case_id, body.reason_code, actor, text=body.text, at=body.at
    )
    return CaseRead.model_validate(view)


@router.post("/{case_id}/withdraw", response_model=CaseRead)
def withdraw(
    case_id: str,
    body: WithdrawalCreate,
    actor: Withdrawer,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> CaseRead:
    """The sending state withdraws an accepted case; its place is released."""
    view = case_services.withdraw(services.uow(), case_id, body.reason, actor, at=body.at)
    return CaseRead.model_validate(view)


def _visible_case(services: Services, actor: Actor, case_id: str) -> cases.CaseView:
    with services.uow() as uow:
        view = cases.get_case(uow.session, case_id)
    if view is None or not access.may_see_case(actor, view.state):
        raise NotFoundError(f"no case {case_id!r}", case_id=case_id)
    return view
