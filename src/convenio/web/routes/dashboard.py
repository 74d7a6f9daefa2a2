"""The dashboard: capacity, occupancy, cases, decisions and fees at a glance."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from convenio.web import dashboard_data
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import signed_in

router = APIRouter(route_class=WebRoute)


@router.get("/")
def dashboard(view: View = Depends(signed_in)) -> Response:
    """The figures of the agreement today, as far as the actor may see them."""
    return render(view, "dashboard.html", {"data": dashboard_data.collect(view)})
