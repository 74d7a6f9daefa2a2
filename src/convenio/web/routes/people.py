"""People: the searchable list, and one person with the eligibility explanation and cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse, Response

from convenio.access import public as access
from convenio.cases import public as cases
from convenio.cases import services as case_services
from convenio.eligibility import public as eligibility
from convenio.http.errors import status_for
from convenio.legal import public as legal
from convenio.records import public as records
from convenio.shared.dates import Instant, parse_instant
from convenio.shared.errors import DomainError
from convenio.terms import services as terms_services
from convenio.web.paging import Page
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute, is_htmx
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
_OPEN_STATES = frozenset({"draft", "screened", "halted"})


@router.get("/people")
def people(
    view: View = Depends(allowed(access.Action.PEOPLE_READ)),
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """A page of people, optionally searched by id, A-number or name."""
    shown = Page.at(page)
    services = view.request.app.state.services
    with services.uow() as uow:
        rows, total = records.list_people(
            uow.session, offset=shown.offset, limit=shown.size, search=q.strip() or None
        )
    template = "partials/people_rows.html" if is_htmx(view.request) else "people.html"
    return render(view, template, {"rows": rows, "page": shown.of(total), "q": q})


def _person_data(view: View, person_id: str, as_of: Instant) -> dict[str, Any]:
    services = view.request.app.state.services
    agreement = terms_services.current_agreement(services.uow())
    with services.uow() as uow:
        person = records.get_person(uow.session, person_id)
        if person is None:
            raise records.PersonNotFoundError(person_id)
        holds = legal.active_holds(uow.session, as_of.utc)
        person_cases = cases.cases_for_person(uow.session, person_id)
        histories = {c.case_id: cases.case_history(uow.session, c.case_id) for c in person_cases}
    explanation = None
    if view.can(str(access.Action.DECISION_READ)):
        explanation = eligibility.explain(person, holds, agreement, as_of)
    full_files = access.visible_fields(view.actor, access.Resource.PERSON) == access.ALL_FIELDS
    return {
        "show_facts": full_files,
        "person": access.redact_person(view.actor, person),
        "explanation": explanation,
        "cases": list(reversed(person_cases)),
        "histories": histories,
        "as_of": as_of,
    }


def _person_response(
    view: View, person_id: str, as_of: Instant, flashes: list[tuple[str, str]], status: int = 200
) -> Response:
    data = _person_data(view, person_id, as_of)
    return render(view, "person.html", {**data, "flashes": flashes}, status_code=status)


@router.get("/people/{person_id}")
def person_page(
    person_id: str,
    view: View = Depends(allowed(access.Action.PEOPLE_READ)),
    as_of: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """One person: identity, the explanation of the rulebook's decision, and the cases."""
    services = view.request.app.state.services
    when = parse_instant(as_of, field="as_of") if as_of else Instant(services.clock.now())
    response = _person_response(view, person_id, when, [])
    if access.is_monitor(view.actor) and view.actor is not None:
        access.record_monitor_read(services.uow(), view.actor, "person", [person_id])
    return response


def _after_action(view: View, person_id: str, action: Callable[[], object], done: str) -> Response:
    """Run a case action; on refusal show the person page with the reason, else go back."""
    services = view.request.app.state.services
    try:
        action()
    except DomainError as error:
        now = Instant(services.clock.now())
        return _person_response(
            view, person_id, now, [("error", error.message)], status=status_for(error)
        )
    return RedirectResponse(f"/people/{quote(person_id)}?done={done}", status_code=303)


@router.post("/people/{person_id}/screen")
def screen_person(
    person_id: str, view: View = Depends(allowed(access.Action.SCREEN_RUN))
) -> Response:
    """Screen the person now: open a case, or re-screen the open one."""
    services = view.request.app.state.services
    actor = view.actor
    assert actor is not None

    def run() -> None:
        with services.uow() as uow:
            person_cases = cases.cases_for_person(uow.session, person_id)
        open_cases = [c for c in person_cases if c.state in _OPEN_STATES]
        if open_cases:
            case_services.rescreen(services.uow(), open_cases[-1].case_id, actor)
        else:
            case_services.open_case(services.uow(), person_id, actor)

    return _after_action(view, person_id, run, "screened")


@router.post("/cases/{case_id}/nominate")
def nominate(case_id: str, view: View = Depends(allowed(access.Action.CASE_NOMINATE))) -> Response:
    """Nominate a screened case to the receiving state."""
    services = view.request.app.state.services
    actor = view.actor
    assert actor is not None
    with services.uow() as uow:
        case = cases.get_case(uow.session, case_id)
    if case is None:
        raise cases.CaseNotFoundError(case_id)
    return _after_action(
        view,
        case.person_id,
        lambda: case_services.nominate(services.uow(), case_id, actor),
        "nominated",
    )
