"""The ASGI application: the JSON API under /api/v1 and the web UI, composed from settings."""

from __future__ import annotations

from fastapi import FastAPI

from convenio.api.app import include_api
from convenio.api.routers import health
from convenio.bootstrap import Services, bootstrap
from convenio.http.errors import install_error_handlers
from convenio.http.setup import install_security
from convenio.platform.settings import Settings
from convenio.web import pages


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    """Build the application; nothing is created at import time."""
    app = FastAPI(
        title="Convenio API",
        version="1",
        description="The shared system of record of a custody-outsourcing agreement.",
        # The schema is served at /openapi.json; FastAPI's /docs and /redoc pages load
        # scripts from a CDN with inline script, which the CSP (rightly) refuses.
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services or bootstrap(settings)
    install_error_handlers(app)
    install_security(app, settings)
    app.include_router(health.router)
    include_api(app)
    app.include_router(pages.router)
    return app
