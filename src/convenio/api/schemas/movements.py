"""Schemas of movements (flights, convoys), manifests and handovers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from convenio.api.schemas.common import Page

At = Field(
    default=None, max_length=40, description="Instant with offset, or a date; now if absent."
)


class MovementRead(BaseModel):
    """A movement: state, instants (UTC and local), people on board, manifest history."""

    model_config = {"extra": "allow"}

    movement_id: str
    state: str


class MovementPage(Page[MovementRead]):
    """A page of movements, by scheduled departure."""


class MovementCreate(BaseModel):
    """A new flight or convoy to a facility."""

    number: str = Field(min_length=1, max_length=40)
    mode: str = Field(pattern="^(flight|convoy)$")
    origin: str = Field(min_length=1, max_length=100)
    facility_id: str = Field(min_length=1, max_length=64)
    scheduled_departure: str = Field(min_length=1, max_length=40)
    seats: int = Field(ge=1, le=10_000)
    time_zone: str | None = Field(default=None, max_length=64)


class ManifestAdd(BaseModel):
    """Accepted cases to put on the manifest."""

    case_ids: list[str] = Field(min_length=1, max_length=1000)
    at: str | None = At


class StepCreate(BaseModel):
    """A step of a movement at an instant."""

    at: str | None = At


class FailureRead(BaseModel):
    """A person who failed the screen at a lock or a dispatch."""

    person_id: str
    case_id: str
    codes: list[str]
    hold_ids: list[str]


class LockRead(BaseModel):
    """The locked movement and who was taken off."""

    movement: MovementRead
    failures: list[FailureRead]


class DispatchRead(BaseModel):
    """The dispatched movement and how many people are on board."""

    movement: MovementRead
    on_board: int


class HandoverCreate(BaseModel):
    """One side's count at the handover; ``present`` lists case ids when it differs."""

    headcount: int = Field(ge=0, le=100_000)
    present: list[str] | None = Field(default=None, max_length=10_000)
    intake: dict[str, dict[str, Any]] | None = None
    at: str | None = At


class HandoverRead(BaseModel):
    """The confirmation's outcome: waiting for the other side, or a reconciled round."""

    round: int
    waiting_for: str | None
    handed_over: list[str]
    missing: list[str]
    extra: list[str]
    incident_id: str | None
