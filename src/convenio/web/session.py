"""Who is asking: the signed-in actor of a web request, its rights, and the form's CSRF check.

Credentials, cookies and CSRF tokens are the HTTP plumbing's (``convenio.http``); this module
turns them into a :class:`View` and sends visitors without a session to the sign-in page.
Every page checks its action against the access policy, and every unsafe request must carry
the session's CSRF token.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Final

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.http import auth, csrf
from convenio.shared.actor import Actor
from convenio.shared.errors import DomainError
from convenio.terms import services as terms_services
from convenio.web import i18n
from convenio.web.rendering import View

_ZONE_TTL_SECONDS: Final = 60.0


class SignInRequiredError(Exception):
    """The request has no live session; the browser is sent to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def language_of(request: Request) -> str:
    """The language of a request (``?lang=``, cookie, Accept-Language)."""
    return i18n.choose_language(
        request.query_params.get("lang"),
        request.cookies.get(i18n.LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def display_time_zone(request: Request) -> str:
    """The time zone instants are shown in: the first facility's (re-read every minute)."""
    state = request.app.state
    cached: tuple[float, str] | None = getattr(state, "web_time_zone", None)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]
    try:
        agreement = terms_services.current_agreement(state.services.uow())
        zone = agreement.facilities[0].time_zone if agreement.facilities else "UTC"
    except DomainError:
        zone = "UTC"
    state.web_time_zone = (now + _ZONE_TTL_SECONDS, zone)
    return zone


def anonymous_view(request: Request) -> View:
    """The view of a visitor who has not signed in (the sign-in page)."""
    return View(request=request, language=language_of(request), actor=None, csrf_token="")


def actor_view(request: Request, actor: Actor) -> View:
    """The view of a signed-in actor (blocking: reads the display time zone)."""
    return View(
        request=request,
        language=language_of(request),
        actor=actor,
        csrf_token=csrf.csrf_token_for(request),
        time_zone=display_time_zone(request),
        actions=frozenset(str(action) for action in access.granted_actions(actor)),
    )


def _wanted_url(request: Request) -> str:
    if request.method != "GET":
        return "/"
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


async def signed_in(request: Request) -> View:
    """Dependency: the view of the signed-in actor, or a redirect to the sign-in page."""
    authentication = await auth.authentication(request)
    if authentication.actor is None:
        raise SignInRequiredError(_wanted_url(request))
    return await run_in_threadpool(actor_view, request, authentication.actor)


def allowed(action: access.Action) -> Callable[[Request], Awaitable[View]]:
    """Dependency factory: the signed-in view if the policy grants ``action``.

    Unsafe requests (form posts, htmx posts) must also carry the session's CSRF token.
    """

    async def dependency(request: Request) -> View:
        view = await signed_in(request)
        access.ensure_can(view.actor, action)
        await auth.verify_csrf(request)
        return view

    dependency.__name__ = f"page_{action.value.replace('.', '_')}"
    return dependency
