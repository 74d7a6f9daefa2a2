"""``/health`` and ``/api/v1/health``: is the process up and the database reachable."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

router = APIRouter(tags=["health"])


class HealthRead(BaseModel):
    """``ok`` when the database answers."""

    status: str
    database: str


def _check(request: Request) -> HealthRead:
    services = request.app.state.services
    with services.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return HealthRead(status="ok", database="ok")


@router.get("/health", response_model=HealthRead)
def health(request: Request) -> HealthRead:
    """``{"status": "ok", "database": "ok"}`` when the database answers."""
    return _check(request)


api_router = APIRouter(tags=["health"])


@api_router.get("/health", response_model=HealthRead)
def api_health(request: Request) -> HealthRead:
    """The same check under ``/api/v1`` (no sign-in needed)."""
    return _check(request)
