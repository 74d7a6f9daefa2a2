"""Schemas shared by every router: errors and pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field

T = TypeVar("T")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Instant = Annotated[datetime, AfterValidator(_utc)]
"""An instant, always sent with its offset (stored instants are UTC)."""

MAX_INT = 2**53
"""Numbers beyond this are refused before they reach storage."""


class ErrorRead(BaseModel):
    """Every error: a dotted code, a message saying what to do, and structured details."""

    code: str = Field(examples=["invalid_input"])
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class Page(BaseModel, Generic[T]):
    """A page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int = Field(ge=0)
    offset: int = Field(ge=0)
    limit: int = Field(ge=1)


class JsonObject(BaseModel):
    """A JSON object whose keys depend on the record (e.g. a person in interchange form)."""

    model_config = {"extra": "allow"}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorRead, "description": "Not signed in, or an unknown API token."},
    403: {"model": ErrorRead, "description": "The access policy does not grant this action."},
    404: {"model": ErrorRead, "description": "Not found (or not visible to you)."},
    409: {"model": ErrorRead, "description": "Conflicts with the current state."},
    422: {"model": ErrorRead, "description": "Bad input: what and where is in the message."},
    429: {"model": ErrorRead, "description": "Too many failed sign-ins."},
}
"""The error answers every API route may give."""
