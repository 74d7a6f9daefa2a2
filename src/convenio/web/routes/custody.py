"""Custody and occupancy: who is held where on a day, against capacity, and over time."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from convenio.access import public as access
from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.shared.errors import InvalidInputError
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
HISTORY_DAYS = 90


def population_chart(points: list[tuple[date, int]], label: str, fmt_day: Any) -> dict[str, Any]:
    """A line chart of a daily population series (for ``data-chart``)."""
    return {
        "type": "line",
        "labels": [fmt_day(day, "short") for day, _ in points],
        "datasets": [{"label": label, "data": [count for _, count in points]}],
    }


def _day(text: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"on: {text!r} is not a date (YYYY-MM-DD)", field="on") from None


@router.get("/custody")
def custody_page(
    view: View = Depends(allowed(access.Action.CUSTODY_READ)),
    on: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """Occupancy on a day by facility and unit, reserved places, and the last 90 days."""
    services = view.request.app.state.services
    day = _day(on, services.clock.now().astimezone(view.fmt.zone).date())
    with services.uow() as uow:
        report = custody.occupancy(uow.session, on=day)
        reserved = {
            f.facility_id: cases.reserved_places(uow.session, f.facility_id)
            for f in report.facilities
        }
        series = custody.daily_population(
            uow.session, start=day - timedelta(days=HISTORY_DAYS - 1), end=day
        )
        alerts = custody.list_alerts(uow.session)[-20:]
    chart = population_chart(series, view.gettext("People held"), view.fmt.day)
    context: dict[str, Any] = {
        "report": report,
        "reserved": reserved,
        "chart": chart,
        "alerts": list(reversed(alerts)),
        "day": day,
    }
    return render(view, "custody.html", context)
