"""Schemas of people (records) and their screening (eligibility)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from convenio.api.schemas.common import Page


class PersonSummaryRead(BaseModel):
    """A person in a list; fields the caller's party may not see are null."""

    person_id: str
    family_name: str | None = None
    given_names: str | None = None
    birth_date: date | None = None
    a_number: str | None = None
    citizenships: list[str] | None = None
    us_status: str | None = None


class PersonSummaryPage(Page[PersonSummaryRead]):
    """A page of people."""


class PersonRead(BaseModel):
    """A person in the interchange form, limited to the fields the caller's party may see."""

    model_config = {"extra": "allow"}

    person_id: str | None = None


class ImportRead(BaseModel):
    """What an import of a people file did."""

    file_sha256: str
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[dict[str, Any]]
    errors_omitted: int


class ReasonRead(BaseModel):
    """A rule that applies, with why and on what authority."""

    code: str
    severity: str
    detail: str
    reference: str


class DecisionRead(BaseModel):
    """A decision of the rulebook for one person at one instant."""

    person_id: str
    decision: str
    category: str | None
    as_of: str
    reasons: list[ReasonRead]
    decision_id: str | None = None


class ParameterUseRead(BaseModel):
    """A parameter value a rule used, with its start and reference."""

    name: str
    value: int | bool
    effective_from: date
    reference: str


class RuleResultRead(BaseModel):
    """One rule for one person; ``facts`` are withheld from parties without the full file."""

    number: int
    code: str
    passed: bool
    applies: bool
    severity: str
    facts: dict[str, Any] | None
    parameters: list[ParameterUseRead]
    detail: str | None
    reference: str


class ExplanationRead(BaseModel):
    """Every rule for one person, in rulebook order, and the decision they add up to."""

    decision: DecisionRead
    as_of_date: date
    rules: list[RuleResultRead]


class ScreeningCreate(BaseModel):
    """Screen as of an instant (ISO 8601 with offset, or a date); now by default."""

    as_of: str | None = Field(default=None, max_length=40)


class ScreeningRead(BaseModel):
    """What a screening stored: how many decisions of each kind."""

    decided: int
    by_decision: dict[str, int]
