"""Who is calling: a session cookie or ``Authorization: Bearer <api token>``.

Dependencies for the API and the web UI:

* ``optional_actor`` — the signed-in actor or ``None``;
* ``current_actor`` — the actor, or 401;
* ``allowed(Action.X)`` — the actor if the policy grants X (401 anonymous, 403 denied),
  after checking the CSRF token of unsafe requests that came with the session cookie.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.bootstrap import Services
from convenio.http.csrf import check_csrf
from convenio.shared.actor import Actor

SESSION_COOKIE = "convenio_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Authentication:
    """How a request authenticated (``via`` is ``session``, ``token`` or ``anonymous``)."""

    actor: Actor | None
    via: str
    session: access.ActiveSession | None = None


ANONYMOUS = Authentication(actor=None, via="anonymous")


def services_of(request: Request) -> Services:
    """The services the application was built with."""
    services: Services = request.app.state.services
    return services


def client_address(request: Request) -> str:
    """The client's address, as the sign-in throttle counts it."""
    return request.client.host if request.client is not None else "unknown"


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer`` header ('' for another scheme or none)."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate(
    services: Services, authorization: str | None, cookie: str | None
) -> Authentication:
    """Resolve credentials (blocking; call from a worker thread in async code).

    A present but unusable ``Authorization`` header is refused rather than ignored.
    """
    token = bearer_token(authorization)
    if token is not None:
        user = access.resolve_token(services.uow(), token) if token else None
        if user is None:
            raise access.AuthenticationRequiredError(
                "The API token is unknown or revoked; send 'Authorization: Bearer <token>'."
            )
        return Authentication(actor=user.actor(), via="token")
    if cookie:
        session = access.resolve_session(services.uow(), cookie)
        if session is not None:
            return Authentication(actor=session.user.actor(), via="session", session=session)
    return ANONYMOUS


async def authentication(request: Request) -> Authentication:
    """The request's authentication, resolved once per request."""
    cached = getattr(request.state, "authentication", None)
    if isinstance(cached, Authentication):
        return cached
    resolved = await run_in_threadpool(
        authenticate,
        services_of(request),
        request.headers.get("authorization"),
        request.cookies.get(SESSION_COOKIE),
    )
    request.state.authentication = resolved
    return resolved


async def optional_actor(request: Request) -> Actor | None:
    """The signed-in actor, or ``None`` for an anonymous caller."""
    return (await authentication(request)).actor


async def current_actor(request: Request) -> Actor:
    """The signed-in actor; 401 for anonymous callers."""
    actor = await optional_actor(request)
    if actor is None:
        raise access.AuthenticationRequiredError()
    return actor


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request that relies on the cookie without the matching CSRF token.

    The token comes in the ``X-CSRF-Token`` header (htmx, fetch) or the ``csrf_token`` form
    field. Bearer-token requests need none; anonymous forms use the pre-session cookie.
    """
    if request.method in SAFE_METHODS:
        return
    auth = await authentication(request)
    if auth.via == "token":
        return
    expected = auth.session.csrf_token if auth.session is not None else None
    await check_csrf(request, expected)


def allowed(action: access.Action) -> Callable[[Request], Awaitable[Actor | None]]:
    """A dependency that returns the actor if the policy grants ``action``.

    Anonymous callers get 401 unless the action is public (then the actor may be ``None``);
    signed-in callers without the grant get 403. Unsafe cookie requests must carry the CSRF
    token.
    """

    async def dependency(request: Request) -> Actor | None:
        auth = await authentication(request)
        if auth.actor is None and action not in access.PUBLIC_ACTIONS:
            raise access.AuthenticationRequiredError()
        access.ensure_can(auth.actor, action)
        await verify_csrf(request)
        return auth.actor

    dependency.__name__ = f"allowed_{action.value.replace('.', '_')}"
    dependency.action = action  # type: ignore[attr-defined]  # read by the permission matrix
    return dependency


def actor_allowed(action: access.Action) -> Callable[[Request], Awaitable[Actor]]:
    """Like :func:`allowed` but for non-public actions: always a signed-in actor."""
    check = allowed(action)

    async def dependency(request: Request) -> Actor:
        actor = await check(request)
        if actor is None:
            raise access.AuthenticationRequiredError()
        return actor

    dependency.__name__ = f"actor_allowed_{action.value.replace('.', '_')}"
    dependency.action = action  # type: ignore[attr-defined]  # read by the permission matrix
    return dependency


def record_read(request: Request, actor: Actor | None, resource: str, ids: list[str]) -> None:
    """Record a monitor's read of records on the ledger (no-op for other actors)."""
    if access.is_monitor(actor) and actor is not None and ids:
        access.record_monitor_read(services_of(request).uow(), actor, resource, ids)


CurrentActor = Annotated[Actor, Depends(current_actor)]
OptionalActor = Annotated[Actor | None, Depends(optional_actor)]


def required_action(dependency: object) -> access.Action | None:
    """The action an :func:`allowed` dependency checks (None for any other callable)."""
    action = getattr(dependency, "action", None)
    return action if isinstance(action, access.Action) else None
