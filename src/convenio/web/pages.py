"""The web UI: every page router, the static files, and the list of pages present."""

from __future__ import annotations

from types import ModuleType

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from convenio.web.rendering import AVAILABLE_PAGES, STATIC_DIR
from convenio.web.routes import (
    custody,
    dashboard,
    holds,
    imports,
    invoices,
    ledger,
    locator,
    movements,
    oversight,
    people,
    queue,
    session,
    terms,
)

PAGE_MODULES: tuple[tuple[ModuleType, tuple[str, ...]], ...] = (
    (session, ()),
    (dashboard, ("/",)),
    (people, ("/people",)),
    (imports, ("/imports",)),
    (holds, ("/holds",)),
    (queue, ("/queue",)),
    (movements, ("/movements",)),
    (custody, ("/custody",)),
    (invoices, ("/invoices",)),
    (ledger, ("/ledger",)),
    (terms, ("/terms",)),
    (locator, ("/locator",)),
    (oversight, ("/oversight",)),
)
"""Each router with the top-level pages it adds to the navigation."""


def build_router() -> APIRouter:
    """The router of the whole web UI (pages are not part of the API schema)."""
    web = APIRouter(include_in_schema=False)
    web.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module, pages in PAGE_MODULES:
        web.include_router(module.router, include_in_schema=False)
        AVAILABLE_PAGES.update(pages)
    return web


router = build_router()
