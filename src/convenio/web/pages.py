"""Server-rendered pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from convenio.terms import services as terms_services

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


@router.get("/terms", response_class=HTMLResponse)
def agreement_in_force(request: Request) -> HTMLResponse:
    """The agreement in force today: every parameter with its reference."""
    services = request.app.state.services
    agreement = terms_services.current_agreement(services.uow())
    today = services.clock.now().date()
    return templates.TemplateResponse(
        request,
        "terms.html",
        {"agreement": agreement, "day": today, "parameters": agreement.parameters_at(today)},
    )
