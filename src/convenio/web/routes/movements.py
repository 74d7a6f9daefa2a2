"""Movements and the manifest builder: create, add accepted cases, lock, dispatch.

Locking and dispatching re-run the whole screen and the hold match for everyone on board at
that instant; whoever fails is taken off, and a refused dispatch names them with reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Final
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.cases import public as cases
from convenio.http.errors import status_for
from convenio.movements import public as movements
from convenio.movements import services as movement_services
from convenio.records import public as records
from convenio.shared.dates import Instant
from convenio.shared.errors import DomainError, InvalidInputError
from convenio.terms import services as terms_services
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
ZONES: Final = ("America/New_York", "America/Chicago", "America/El_Salvador", "UTC")


def _names(session: Any, person_ids: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for person_id in sorted(person_ids):
        person = records.get_person(session, person_id)
        if person is not None:
            names[person_id] = f"{person['family_name']}, {person['given_names']}"
    return names


@router.get("/movements")
def movements_page(view: View = Depends(allowed(access.Action.MOVEMENT_READ))) -> Response:
    """Every movement, and the form to create one."""
    services = view.request.app.state.services
    agreement = terms_services.current_agreement(services.uow())
    with services.uow() as uow:
        rows = movements.list_movements(uow.session)
    return render(
        view,
        "movements.html",
        {"rows": list(reversed(rows)), "facilities": agreement.facilities, "zones": ZONES},
    )


def _departure(local: str, zone: str) -> Instant:
    try:
        return Instant(datetime.fromisoformat(local.strip()).replace(tzinfo=ZoneInfo(zone)))
    except (ValueError, ZoneInfoNotFoundError):
        raise InvalidInputError(
            f"scheduled_departure: {local!r} is not a date and time", field="scheduled_departure"
        ) from None


@router.post("/movements")
def create_movement(
    view: View = Depends(allowed(access.Action.MOVEMENT_MANAGE)),
    number: Annotated[str, Form(max_length=40)] = "",
    mode: Annotated[str, Form(max_length=10)] = "flight",
    origin: Annotated[str, Form(max_length=100)] = "",
    facility_id: Annotated[str, Form(max_length=40)] = "",
    scheduled_departure: Annotated[str, Form(max_length=40)] = "",
    zone: Annotated[str, Form(max_length=64)] = "America/New_York",
    seats: Annotated[int, Form(ge=1, le=100_000)] = 1,
) -> Response:
    """Create a movement (a flight or a convoy) with an empty manifest."""
    actor = view.actor
    assert actor is not None
    movement_id = movement_services.create_movement(
        view.request.app.state.services.uow(),
        number=number,
        mode=mode,
        origin=origin.strip(),
        facility_id=facility_id,
        scheduled_departure=_departure(scheduled_departure, zone),
        seats=seats,
        actor=actor,
        time_zone=zone,
    )
    return RedirectResponse(f"/movements/{quote(movement_id)}?done=created", status_code=303)


def _builder(view: View, movement_id: str) -> dict[str, Any]:
    services = view.request.app.state.services
    with services.uow() as uow:
        movement = movements.get_movement(uow.session, movement_id)
        accepted, _ = cases.list_cases(uow.session, state="accepted", limit=200)
        candidates = [c for c in accepted if c.facility_id in (None, movement["facility_id"])]
        people = {e["person_id"] for e in movement["manifest_history"]}
        names = _names(uow.session, people | {c.person_id for c in candidates})
    return {"m": movement, "candidates": candidates, "names": names}


@router.get("/movements/{movement_id}")
def movement_page(
    movement_id: str, view: View = Depends(allowed(access.Action.MOVEMENT_READ))
) -> Response:
    """The manifest builder of one movement."""
    return render(view, "movement.html", _builder(view, movement_id))


def _step(view: View, movement_id: str, done: str, run: Callable[[Instant], object]) -> Response:
    """Run a manifest step now; a refusal is shown on the builder with its people."""
    services = view.request.app.state.services
    try:
        run(Instant(services.clock.now()))
    except DomainError as error:
        context = {**_builder(view, movement_id), "refusal": error}
        return render(view, "movement.html", context, status_code=status_for(error))
    return RedirectResponse(f"/movements/{quote(movement_id)}?done={done}", status_code=303)


@router.post("/movements/{movement_id}/cases")
async def add_cases(
    movement_id: str, view: View = Depends(allowed(access.Action.MOVEMENT_MANAGE))
) -> Response:
    """Put the chosen accepted cases on the manifest."""
    form = await view.request.form()
    case_ids = [str(value) for value in form.getlist("case_id")][:1000]
    actor = view.actor
    assert actor is not None
    uow = view.request.app.state.services.uow()

    def run(at: Instant) -> None:
        movement_services.add_cases(
            uow, movement_id=movement_id, case_ids=case_ids, at=at, actor=actor
        )

    return await run_in_threadpool(_step, view, movement_id, "added", run)


@router.post("/movements/{movement_id}/lock")
def lock(
    movement_id: str, view: View = Depends(allowed(access.Action.MOVEMENT_MANAGE))
) -> Response:
    """Re-check everyone now, take off who fails, and lock the manifest."""
    actor = view.actor
    assert actor is not None
    uow = view.request.app.state.services.uow()

    def run(at: Instant) -> None:
        movement_services.lock_manifest(uow, movement_id=movement_id, at=at, actor=actor)

    return _step(view, movement_id, "locked", run)


@router.post("/movements/{movement_id}/dispatch")
def dispatch(
    movement_id: str, view: View = Depends(allowed(access.Action.MOVEMENT_DISPATCH))
) -> Response:
    """Wheels-up now, if everyone on board still passes the screen and the hold match."""
    actor = view.actor
    assert actor is not None
    uow = view.request.app.state.services.uow()

    def run(at: Instant) -> None:
        movement_services.dispatch(uow, movement_id=movement_id, at=at, actor=actor)

    return _step(view, movement_id, "dispatched", run)
