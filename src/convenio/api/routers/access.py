"""``/api/v1/me``, ``/api/v1/tokens`` (sign in for an API token) and ``/api/v1/users``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.schemas.access import (
    MeRead,
    TokenCreate,
    TokenLabel,
    TokenRead,
    UserCreate,
    UserPage,
    UserRead,
)
from convenio.http.auth import actor_allowed, client_address
from convenio.shared.actor import Actor

router = APIRouter(tags=["access"])

Me = Annotated[Actor, Depends(actor_allowed(access.Action.ME_READ))]
Admin = Annotated[Actor, Depends(actor_allowed(access.Action.USER_MANAGE))]


@router.get("/me", response_model=MeRead)
def me(actor: Me) -> MeRead:
    """The caller and every action the access policy grants them."""
    return MeRead(
        id=actor.id,
        name=actor.name,
        party=actor.party,
        party_kind=actor.party_kind.value,
        roles=sorted(r.value for r in actor.roles),
        actions=sorted(a.value for a in access.granted_actions(actor)),
    )


@router.post("/tokens", response_model=TokenRead, status_code=201)
async def sign_in_for_token(
    body: TokenCreate, request: Request, services: ServicesDep, _key: IdempotencyKey
) -> TokenRead:
    """Exchange a username and password for an API token (throttled; locks out on repeats)."""
    issued = await run_in_threadpool(
        lambda: access.issue_token_for_password(
            services.uow(),
            username=body.username,
            password=body.password,
            client=client_address(request),
            label=body.label,
        )
    )
    return TokenRead(token=issued.token, label=issued.label, user=UserRead.of(issued.user))


@router.get("/users", response_model=UserPage)
def list_users(_: Admin, services: ServicesDep, page: Paging) -> UserPage:
    """Every user (administrators)."""
    users = access.list_users(services.uow())
    items = [UserRead.of(u) for u in page.slice(users)]
    return UserPage(items=items, total=len(users), offset=page.offset, limit=page.limit)


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(
    body: UserCreate, actor: Admin, services: ServicesDep, _key: IdempotencyKey
) -> UserRead:
    """Create a user of a party with roles (administrators)."""
    user = access.create_user(
        services.uow(),
        username=body.username,
        password=body.password,
        party=body.party,
        roles=body.roles,
        display_name=body.display_name,
        actor=actor,
    )
    return UserRead.of(user)


@router.post("/users/{username}/tokens", response_model=TokenRead, status_code=201)
def create_token(
    username: str, body: TokenLabel, actor: Admin, services: ServicesDep, _key: IdempotencyKey
) -> TokenRead:
    """Create an API token for a user (administrators); shown once."""
    issued = access.issue_token(services.uow(), username=username, label=body.label, actor=actor)
    return TokenRead(token=issued.token, label=issued.label, user=UserRead.of(issued.user))
