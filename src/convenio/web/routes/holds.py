"""The holds registry: record a court order, lift one, and see the cases each one halted."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.http.errors import status_for
from convenio.legal import public as legal
from convenio.shared.dates import Instant
from convenio.shared.errors import DomainError, InvalidInputError
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)

ZONES: Final = (
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/El_Salvador",
    "UTC",
)
"""Time zones offered for the instant an order was issued (courts give local time)."""
CLASS_FIELDS: Final = (
    "removal_basis",
    "citizenships",
    "us_status",
    "designation_organizations",
    "nationality_not",
)


def _status(hold: dict[str, Any], now: datetime) -> str:
    issued = datetime.fromisoformat(str(hold["issued_at"]))
    for key, state in (("lifted_at", "lifted"), ("expires_at", "expired")):
        end = hold.get(key)
        if end and datetime.fromisoformat(str(end)) <= now:
            return state
    return "active" if issued <= now else "planned"


def _registry(view: View, form: dict[str, str] | None = None) -> dict[str, Any]:
    services = view.request.app.state.services
    now = services.clock.now()
    with services.uow() as uow:
        holds = legal.list_holds(uow.session)
        affected = {
            h["hold_id"]: cases.cases_affected_by_hold(uow.session, str(h["hold_id"]))
            for h in holds
        }
    rows = [
        {"hold": hold, "status": _status(hold, now), "cases": affected[hold["hold_id"]]}
        for hold in reversed(holds)
    ]
    return {
        "rows": rows,
        "zones": ZONES,
        "kinds": [k.value for k in legal.HoldKind],
        "form": form or {},
    }


@router.get("/holds")
def holds_page(view: View = Depends(allowed(access.Action.HOLD_READ))) -> Response:
    """Every hold, newest first, with the cases it halted or flagged."""
    return render(view, "holds.html", _registry(view))


def _instant(local: str, zone: str, field: str) -> str | None:
    """``YYYY-MM-DDTHH:MM`` in a named zone as an ISO instant with its offset."""
    if not local.strip():
        return None
    try:
        naive = datetime.fromisoformat(local.strip())
        aware = naive.replace(tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        raise InvalidInputError(f"{field}: {local!r} is not a date and time", field=field) from None
    return aware.isoformat()


def _scope(person_ids: str, criteria: dict[str, str]) -> dict[str, Any]:
    ids = [item.strip() for item in person_ids.replace("\n", ",").split(",") if item.strip()]
    if ids:
        return {"person_ids": ids}
    chosen = {
        key: [item.strip() for item in value.split(",") if item.strip()]
        for key, value in criteria.items()
        if value.strip()
    }
    return {"class": chosen}


FORM_FIELDS: Final = (
    "hold_id",
    "kind",
    "court",
    "case_number",
    "issued_at",
    "expires_at",
    "zone",
    "person_ids",
    "summary",
    *CLASS_FIELDS,
)


def hold_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The interchange form of a hold typed into the registry's form."""
    zone = form.get("zone") or "UTC"
    return {
        "hold_id": form.get("hold_id", "").strip(),
        "kind": form.get("kind", ""),
        "court": form.get("court", "").strip(),
        "case_number": form.get("case_number", "").strip(),
        "issued_at": _instant(form.get("issued_at", ""), zone, "issued_at"),
        "expires_at": _instant(form.get("expires_at", ""), zone, "expires_at"),
        "lifted_at": None,
        "scope": _scope(form.get("person_ids", ""), {k: form.get(k, "") for k in CLASS_FIELDS}),
        "summary": form.get("summary", "").strip(),
    }


@router.post("/holds")
async def record_hold(view: View = Depends(allowed(access.Action.HOLD_RECORD))) -> Response:
    """Record a court order or hold; matching cases are halted in the same transaction."""
    actor = view.actor
    assert actor is not None
    submitted = await view.request.form()
    form = {key: str(submitted.get(key, ""))[:20000] for key in FORM_FIELDS}
    try:
        hold = hold_from_form(form)
        await run_in_threadpool(
            case_holds.record_hold, view.request.app.state.services.uow(), hold, actor
        )
    except DomainError as error:
        context = {**await run_in_threadpool(_registry, view, form)}
        context["flashes"] = [("error", error.message)]
        return render(view, "holds.html", context, status_code=status_for(error))
    return RedirectResponse("/holds?done=hold", status_code=303)


@router.post("/holds/{hold_id}/lift")
def lift_hold(
    hold_id: str,
    view: View = Depends(allowed(access.Action.HOLD_LIFT)),
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Lift a hold now (a new record; the hold itself stays as issued)."""
    actor = view.actor
    assert actor is not None
    services = view.request.app.state.services
    case_holds.lift_hold(
        services.uow(), hold_id, Instant(services.clock.now()), actor, reason=reason
    )
    return RedirectResponse("/holds?done=lifted", status_code=303)
