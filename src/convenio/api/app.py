"""The JSON API: every router under ``/api/v1``, with the shared error answers documented."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from convenio.api.routers import (
    access,
    billing,
    cases,
    custody,
    health,
    holds,
    ledger,
    movements,
    oversight,
    people,
    terms,
)
from convenio.api.schemas.common import ERROR_RESPONSES

PREFIX = "/api/v1"

ROUTERS: tuple[APIRouter, ...] = (
    health.api_router,
    access.router,
    terms.router,
    people.router,
    people.screenings,
    holds.router,
    cases.router,
    movements.router,
    custody.router,
    billing.router,
    ledger.router,
    oversight.router,
)
"""The routers of the API, in the order the OpenAPI document lists them."""


def include_api(app: FastAPI) -> None:
    """Mount the API routers under :data:`PREFIX`."""
    api = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    for router in ROUTERS:
        api.include_router(router)
    app.include_router(api)
    oversight.install_log_filter()
