"""The agreement in force: every parameter with its reference, facilities, fees."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from convenio.access import public as access
from convenio.shared.errors import DomainError
from convenio.terms import public as terms
from convenio.terms import services as terms_services
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
T = TypeVar("T")


def in_force(series: terms.DatedSeries[T], day: date) -> terms.DatedValue[T] | None:
    """The value of a dated series on a day, or None before its first value."""
    try:
        return series.at(day)
    except DomainError:
        return None


@router.get("/terms")
def agreement_in_force(view: View = Depends(allowed(access.Action.TERMS_READ))) -> Response:
    """The agreement in force today: every parameter with its reference and history."""
    services = view.request.app.state.services
    agreement = terms_services.current_agreement(services.uow())
    today = services.clock.now().date()
    rows = [
        {"name": name, "series": series, "now": in_force(series, today)}
        for name, series in agreement.parameters.items()
    ]
    facilities = [
        {"facility": facility, "capacity": in_force(facility.capacity, today)}
        for facility in agreement.facilities
    ]
    return render(
        view,
        "terms.html",
        {
            "agreement": agreement,
            "day": today,
            "rows": rows,
            "facilities": facilities,
            "schedule": in_force(agreement.fees.schedules, today),
            "domestic": in_force(agreement.fees.domestic_cost_per_day, today),
        },
    )
