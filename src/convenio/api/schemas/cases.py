"""Schemas of cases and legal holds."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from convenio.api.schemas.common import Instant, Page

At = Field(
    default=None, max_length=40, description="Instant with offset, or a date; now if absent."
)


class CaseRead(BaseModel):
    """A transfer case and where it stands."""

    model_config = {"from_attributes": True}

    case_id: str
    person_id: str
    state: str
    facility_id: str | None
    category: str | None
    decision: str | None
    decision_codes: list[str]
    review_codes: list[str]
    decision_at: Instant | None
    return_requested: bool
    movement_id: str | None
    exit_reason: str | None
    halted_by: list[str]
    opened_at: Instant
    updated_at: Instant


class CasePage(Page[CaseRead]):
    """A page of cases, newest first."""


class TransitionRead(BaseModel):
    """One step of a case's history."""

    model_config = {"extra": "allow"}


class CaseCreate(BaseModel):
    """Open a case for a person (screened at once)."""

    person_id: str = Field(min_length=1, max_length=64)
    facility_id: str | None = Field(default=None, max_length=64)
    at: str | None = At


class NominationCreate(BaseModel):
    """Nominate a screened case (a fresh screen runs first)."""

    facility_id: str | None = Field(default=None, max_length=64)
    at: str | None = At


class StepCreate(BaseModel):
    """A transition with nothing but its instant."""

    at: str | None = At


class ReviewCreate(BaseModel):
    """A legal review: approve or reject, with reasoning."""

    outcome: str = Field(pattern="^(approve|reject)$")
    reasoning: str = Field(min_length=1, max_length=5000)
    at: str | None = At


class DeclineCreate(BaseModel):
    """The receiving state declines, with a reason code (and text for ``other``)."""

    reason_code: str = Field(min_length=1, max_length=64)
    text: str | None = Field(default=None, max_length=5000)
    at: str | None = At


class WithdrawalCreate(BaseModel):
    """The sending state withdraws an accepted case, saying why."""

    reason: str = Field(min_length=1, max_length=5000)
    at: str | None = At


class HoldRead(BaseModel):
    """A legal hold in the interchange form (plus when and by whom it was recorded)."""

    model_config = {"extra": "allow"}

    hold_id: str


class HoldPage(Page[HoldRead]):
    """A page of holds, by issue instant."""


class HoldDetailRead(BaseModel):
    """A hold and the cases it halted or flagged."""

    hold: HoldRead
    cases: list[dict[str, Any]]


class HoldOutcomeRead(BaseModel):
    """What recording a hold did."""

    hold_id: str
    created: bool
    halted: list[str]
    return_requested: list[str]


class LiftCreate(BaseModel):
    """Lift a hold at an instant (now if absent), saying why."""

    lifted_at: str | None = At
    reason: str = Field(default="", max_length=5000)


class LiftRead(BaseModel):
    """The lifted hold and the halted cases that may now be re-screened."""

    hold: HoldRead
    halted_cases: list[str]
