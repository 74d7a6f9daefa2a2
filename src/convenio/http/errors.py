"""The one place where errors become HTTP statuses: ``{code, message, details}``.

Domain errors map by kind; malformed requests (bad JSON, bad encoding, numbers out of range,
unknown routes) answer 4xx in the same shape, never 500.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from convenio.access import public as access
from convenio.shared.errors import (
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RuleViolationError,
)

_log = logging.getLogger("convenio.http")

_STATUS_BY_KIND: tuple[tuple[type[DomainError], int], ...] = (
    (access.AuthenticationRequiredError, 401),
    (access.SignInLockedError, 429),
    (RateLimitedError, 429),
    (NotFoundError, 404),
    (PermissionDeniedError, 403),
    (ConflictError, 409),
    (InvalidInputError, 422),
    (RuleViolationError, 422),
)

_HTTP_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
}


def status_for(error: DomainError) -> int:
    """The HTTP status of a domain error kind."""
    return next((status for kind, status in _STATUS_BY_KIND if isinstance(error, kind)), 400)


def error_body(error: DomainError) -> dict[str, object]:
    """The JSON body of a domain error."""
    return {"code": error.code, "message": error.message, "details": _jsonable(error.details)}


def _jsonable(details: dict[str, object]) -> dict[str, object]:
    return json.loads(json.dumps(details, default=str))  # type: ignore[no-any-return]


def _headers_for(error: DomainError) -> dict[str, str]:
    if isinstance(error, access.AuthenticationRequiredError):
        return {"WWW-Authenticate": 'Bearer realm="convenio"'}
    if isinstance(error, access.SignInLockedError):
        return {"Retry-After": str(15 * 60)}
    if isinstance(error, RateLimitedError):
        return {"Retry-After": str(max(1, error.retry_after_seconds))}
    return {}


def _body(code: str, message: str, **details: object) -> dict[str, object]:
    return {"code": code, "message": message, "details": _jsonable(dict(details))}


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors, validation errors and malformed requests to JSON bodies."""

    @app.exception_handler(DomainError)
    async def _on_domain_error(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=status_for(exc), content=error_body(exc), headers=_headers_for(exc)
        )

    @app.exception_handler(RequestValidationError)
    async def _on_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
            for err in exc.errors()
        ]
        message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        return JSONResponse(
            status_code=422, content=_body("invalid_input", message, errors=problems)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _on_http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        code = _HTTP_CODES.get(status, "bad_request")
        return JSONResponse(
            status_code=status, content=_body(code, str(exc.detail)), headers=exc.headers
        )

    @app.exception_handler(DataError)
    async def _on_data_error(_: Request, exc: DataError) -> JSONResponse:
        _log.info("value refused by the database: %s", exc.orig)
        message = "a value is out of range or malformed for storage; check numbers and text"
        return JSONResponse(status_code=422, content=_body("invalid_input", message))

    @app.exception_handler(IntegrityError)
    async def _on_integrity_error(_: Request, exc: IntegrityError) -> JSONResponse:
        _log.info("write refused by the database: %s", exc.orig)
        message = "this conflicts with a record that exists already"
        return JSONResponse(status_code=409, content=_body("conflict", message))

    @app.exception_handler(OverflowError)
    async def _on_overflow(_: Request, exc: OverflowError) -> JSONResponse:
        message = f"a number or date is out of range: {exc}"
        return JSONResponse(status_code=422, content=_body("invalid_input", message))
