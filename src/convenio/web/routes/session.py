"""Sign-in and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from convenio.access import public as access
from convenio.http import auth, csrf, sessions
from convenio.shared.errors import DomainError
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import anonymous_view

router = APIRouter(route_class=WebRoute)


def safe_next(target: str | None) -> str:
    """A local path to return to after sign-in (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _sign_in_page(
    view: View, next_url: str, *, error: str = "", username: str = "", status_code: int = 200
) -> Response:
    return render(
        view,
        "sign_in.html",
        {
            "next": next_url,
            "error": error,
            "username": username,
            "form_token": csrf.csrf_token_for(view.request),
        },
        status_code=status_code,
    )


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    return _sign_in_page(anonymous_view(request), safe_next(next))


@router.post("/sign-in")
async def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password, open a session, and go back where the visitor was going."""
    view = anonymous_view(request)
    target = safe_next(next)
    try:
        await csrf.check_csrf(request, None)
    except DomainError:
        message = view.gettext("The form expired; please sign in again.")
        return _sign_in_page(view, target, error=message, status_code=403)
    response = RedirectResponse(target, status_code=303)
    try:
        await sessions.open_session(request, response, username=username, password=password)
    except access.SignInLockedError:
        message = view.gettext("Too many failed attempts. Wait a few minutes and try again.")
        return _sign_in_page(view, target, error=message, username=username, status_code=429)
    except DomainError:
        message = view.gettext("Unknown username or wrong password.")
        return _sign_in_page(view, target, error=message, username=username, status_code=401)
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """End the session (the form carries the session's CSRF token)."""
    await auth.verify_csrf(request)
    response = RedirectResponse("/sign-in", status_code=303)
    await sessions.close_session(request, response)
    return response
