"""The API reference: Swagger UI, vendored, over ``/openapi.json`` (public, like the schema).

The page is a static file with no inline script, so the content security policy holds.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from convenio.web.rendering import STATIC_DIR

router = APIRouter()
PAGE = STATIC_DIR / "api-docs.html"


@router.get("/api/docs")
def api_reference() -> FileResponse:
    """The browsable reference of every route of ``/api/v1``."""
    return FileResponse(PAGE, media_type="text/html")
