"""The receiving officer's queue: nominations to accept or decline with a reason code."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import RedirectResponse, Response

from convenio.access import public as access
from convenio.cases import public as cases
from convenio.cases import services as case_services
from convenio.http.errors import status_for
from convenio.records import public as records
from convenio.shared.errors import DomainError
from convenio.web.paging import Page
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)


def _queue(view: View, page: Page) -> dict[str, Any]:
    services = view.request.app.state.services
    with services.uow() as uow:
        nominated, total = cases.list_cases(
            uow.session, state="nominated", offset=page.offset, limit=page.size
        )
        accepted, accepted_total = cases.list_cases(uow.session, state="accepted", limit=10)
        people = {
            c.person_id: records.get_person(uow.session, c.person_id)
            for c in (*nominated, *accepted)
        }
    shown = {
        pid: access.redact_person(view.actor, person)
        for pid, person in people.items()
        if person is not None
    }
    return {
        "nominated": nominated,
        "page": page.of(total),
        "accepted": accepted,
        "accepted_total": accepted_total,
        "people": shown,
        "reasons": [reason.value for reason in cases.DeclineReason],
    }


@router.get("/queue")
def queue(
    view: View = Depends(allowed(access.Action.CASE_READ)),
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Nominations waiting for the receiving state, oldest first."""
    return render(view, "queue.html", _queue(view, Page.at(page)))


def _decided(view: View, action: str, run: Any) -> Response:
    try:
        run()
    except DomainError as error:
        context = {**_queue(view, Page.at(1)), "flashes": [("error", error.message)]}
        return render(view, "queue.html", context, status_code=status_for(error))
    return RedirectResponse(f"/queue?done={action}", status_code=303)


@router.post("/queue/{case_id}/accept")
def accept(case_id: str, view: View = Depends(allowed(access.Action.CASE_ACCEPT))) -> Response:
    """Accept a nomination (holds are checked again now; a place is reserved)."""
    actor = view.actor
    assert actor is not None
    uow = view.request.app.state.services.uow()
    return _decided(view, "accepted", lambda: case_services.accept(uow, case_id, actor))


@router.post("/queue/{case_id}/decline")
def decline(
    case_id: str,
    view: View = Depends(allowed(access.Action.CASE_DECLINE)),
    reason_code: Annotated[str, Form(max_length=64)] = "",
    text: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Decline a nomination with a reason code (and a text for ``other``)."""
    actor = view.actor
    assert actor is not None
    uow = view.request.app.state.services.uow()
    return _decided(
        view,
        "declined",
        lambda: case_services.decline(uow, case_id, reason_code, actor, text=text.strip() or None),
    )
