"""The route class of every page: sign-in redirects and refusals become HTML pages."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from convenio.http import auth
from convenio.http.errors import status_for
from convenio.shared.errors import DomainError, InvalidInputError
from convenio.web.rendering import render
from convenio.web.session import SignInRequiredError, actor_view, anonymous_view

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def is_htmx(request: Request) -> bool:
    """Whether htmx made the request and wants a fragment (a history restore wants a page)."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true" and headers.get("hx-history-restore-request") != "true"
    )


def sign_in_redirect(request: Request, next_url: str) -> Response:
    """Send the browser to the sign-in page, coming back to ``next_url`` afterwards."""
    target = f"/sign-in?next={quote(next_url, safe='')}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _error_response(request: Request, error: DomainError) -> Response:
    try:
        actor = auth.authenticate(
            auth.services_of(request),
            request.headers.get("authorization"),
            request.cookies.get(auth.SESSION_COOKIE),
        ).actor
    except DomainError:
        actor = None
    view = anonymous_view(request) if actor is None else actor_view(request, actor)
    template = "partials/error.html" if is_htmx(request) else "error.html"
    return render(view, template, {"error": error}, status_code=status_for(error))


async def error_page(request: Request, error: DomainError) -> Response:
    """A refusal as a page (or a fragment for htmx) with the error's HTTP status."""
    return await run_in_threadpool(_error_response, request, error)


def _invalid_form(error: RequestValidationError) -> InvalidInputError:
    problems = [
        {
            "line": "",
            "field": ".".join(str(part) for part in item.get("loc", ())[1:]),
            "message": str(item.get("msg", "")),
        }
        for item in error.errors()
    ]
    fields = ", ".join(p["field"] for p in problems)
    return InvalidInputError(f"Check these fields: {fields}", errors=problems)


class WebRoute(APIRoute):
    """An HTML route: no session → sign-in page; a refusal → an error page with its status."""

    def get_route_handler(self) -> Handler:
        """Wrap FastAPI's handler (which also resolves the dependencies)."""
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequiredError as missing:
                return sign_in_redirect(request, missing.next_url)
            except DomainError as error:
                return await error_page(request, error)
            except RequestValidationError as error:
                return await error_page(request, _invalid_form(error))

        return page
