"""Opening and closing browser sessions: the cookie side of ``access.sign_in``."""

from __future__ import annotations

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.http.auth import SESSION_COOKIE, client_address, services_of
from convenio.http.config import http_config


def set_session_cookie(request: Request, response: Response, signed_in: access.SignedIn) -> None:
    """Put the session secret in an HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.session_token,
        max_age=int(access.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=http_config(request).secure_cookies,
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE,
        httponly=True,
        samesite="strict",
        secure=http_config(request).secure_cookies,
        path="/",
    )


async def open_session(
    request: Request, response: Response, *, username: str, password: str
) -> access.SignedIn:
    """Sign in (throttled per username and client address) and set the session cookie.

    Raises:
        access.SignInFailedError: wrong username or password (HTTP 401).
        access.SignInLockedError: too many failures (HTTP 429).
    """
    signed_in = await run_in_threadpool(
        lambda: access.sign_in(
            services_of(request).uow(),
            username=username,
            password=password,
            client=client_address(request),
        )
    )
    set_session_cookie(request, response, signed_in)
    return signed_in


async def close_session(request: Request, response: Response) -> None:
    """End the server-side session and clear the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await run_in_threadpool(access.sign_out, services_of(request).uow(), token)
    clear_session_cookie(request, response)
