"""The public locator: no sign-in, exact questions, one of three answers, rate-limited.

The form is posted (never a query string), so the question stays out of addresses and
access logs; only the count of questions by outcome is kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from convenio.http import auth, csrf
from convenio.http.errors import status_for
from convenio.oversight.domain.locator import ByANumber, ByIdentity, LocatorAnswer, parse_query
from convenio.oversight.services import locator
from convenio.shared.errors import DomainError, InvalidInputError, RateLimitedError
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import actor_view, language_of

router = APIRouter(route_class=WebRoute)

FIELDS = ("a_number", "family_name", "given_names", "birth_date", "country")


async def public_view(request: Request) -> View:
    """The view of anyone: the signed-in actor's, or a visitor's with a form token."""
    authentication = await auth.authentication(request)
    if authentication.actor is not None:
        return await run_in_threadpool(actor_view, request, authentication.actor)
    return View(
        request=request,
        language=language_of(request),
        actor=None,
        csrf_token=csrf.csrf_token_for(request),
    )


def ask(request: Request, query: ByANumber | ByIdentity) -> LocatorAnswer:
    """Ask the locator for this client (blocking)."""
    services = auth.services_of(request)
    secret = services.settings.secret_key.get_secret_value().encode()
    return locator.locate(services.uow(), query, client=auth.client_address(request), secret=secret)


@router.get("/locator")
def locator_form(view: View = Depends(public_view)) -> Response:
    """The search form."""
    return render(view, "locator/locator.html", {"form": {}, "answer": None})


@router.post("/locator")
async def locator_search(
    view: View = Depends(public_view),
    a_number: Annotated[str, Form(max_length=20)] = "",
    family_name: Annotated[str, Form(max_length=200)] = "",
    given_names: Annotated[str, Form(max_length=200)] = "",
    birth_date: Annotated[str, Form(max_length=10)] = "",
    country: Annotated[str, Form(max_length=2)] = "",
) -> Response:
    """Answer one question: held at a facility since a date, left on a date, or no record."""
    form = {
        "a_number": a_number,
        "family_name": family_name,
        "given_names": given_names,
        "birth_date": birth_date,
        "country": country,
    }
    context: dict[str, Any] = {"form": form, "answer": None}
    headers: dict[str, str] = {}
    status = 200
    try:
        await auth.verify_csrf(view.request)
        context["answer"] = await run_in_threadpool(ask, view.request, parse_query(form))
    except RateLimitedError as limited:
        status = 429
        headers["Retry-After"] = str(max(1, limited.retry_after_seconds))
        context["flashes"] = [("error", _rate_message(view, limited))]
    except InvalidInputError as error:
        status = status_for(error)
        context["flashes"] = [("error", _invalid_message(view, error))]
    except DomainError as error:
        status = status_for(error)
        context["flashes"] = [("error", error.message)]
    response = render(view, "locator/locator.html", context, status_code=status)
    response.headers.update(headers)
    return response


def _rate_message(view: View, limited: RateLimitedError) -> str:
    return view.gettext("Too many searches from this connection. Try again in %(num)s seconds.") % {
        "num": limited.retry_after_seconds
    }


def _invalid_message(view: View, error: InvalidInputError) -> str:
    field = str(error.details.get("field", ""))
    labels = {
        "a_number": view.gettext("A-number"),
        "family_name": view.gettext("Family name"),
        "given_names": view.gettext("Given names"),
        "birth_date": view.gettext("Date of birth"),
        "country": view.gettext("Country of birth"),
    }
    return view.gettext(
        "Check %(name)s: the locator answers exact questions only (no wildcards or parts of names)."
    ) % {"name": labels.get(field, field)}
