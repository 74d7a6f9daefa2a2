"""The one place where domain errors become HTTP statuses: ``{code, message, details}``."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from convenio.shared.errors import (
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
)

_STATUS_BY_KIND: tuple[tuple[type[DomainError], int], ...] = (
    (NotFoundError, 404),
    (PermissionDeniedError, 403),
    (ConflictError, 409),
    (InvalidInputError, 422),
    (RuleViolationError, 422),
)


def status_for(error: DomainError) -> int:
    """The HTTP status of a domain error kind."""
    return next((status for kind, status in _STATUS_BY_KIND if isinstance(error, kind)), 400)


def _jsonable(details: dict[str, object]) -> dict[str, object]:
    return json.loads(json.dumps(details, default=str))  # type: ignore[no-any-return]


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors and request validation errors to JSON bodies."""

    @app.exception_handler(DomainError)
    async def _on_domain_error(_: Request, exc: DomainError) -> JSONResponse:
        body = {"code": exc.code, "message": exc.message, "details": _jsonable(exc.details)}
        return JSONResponse(status_code=status_for(exc), content=body)

    @app.exception_handler(RequestValidationError)
    async def _on_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in exc.errors()
        ]
        body = {
            "code": "invalid_input",
            "message": "; ".join(f"{p['field']}: {p['message']}" for p in problems),
            "details": {"errors": problems},
        }
        return JSONResponse(status_code=422, content=body)
