"""``/health``: is the process up and the database reachable."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text

router = APIRouter(tags=["health"])


@router.get("/health")
def health(request: Request) -> dict[str, str]:
    """``{"status": "ok", "database": "ok"}`` when the database answers."""
    services = request.app.state.services
    with services.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"status": "ok", "database": "ok"}
