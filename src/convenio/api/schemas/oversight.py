"""Schemas of oversight: the locator, complaints, inspections, reports and webhooks."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from convenio.api.schemas.common import Instant, Page


class LocatorQuery(BaseModel):
    """An exact question: an A-number, or family name + given names + birth date + country."""

    a_number: str = Field(default="", max_length=20, examples=["A201234567"])
    family_name: str = Field(default="", max_length=200)
    given_names: str = Field(default="", max_length=200)
    birth_date: str = Field(default="", max_length=10, description="YYYY-MM-DD")
    country: str = Field(default="", max_length=2, description="ISO 3166-1 alpha-2")


class LocatorAnswerRead(BaseModel):
    """One of three answers and nothing else."""

    answer: Literal["held", "released_or_returned", "no_record"]
    facility: str | None = None
    on: date | None = Field(default=None, description="Since (held) or the day of leaving.")


class StageClockRead(BaseModel):
    """How long a complaint was (or has been) in a stage."""

    stage: str
    entered_at: Instant
    left_at: Instant | None
    elapsed_seconds: int
    overdue: bool


class ComplaintRead(BaseModel):
    """A complaint with the clock of every stage it reached."""

    id: str
    person_id: str
    facility_id: str | None
    filed_by: str
    filed_by_kind: str
    subject: str
    body: str
    filed_at: Instant
    stage: str
    overdue: bool
    clocks: list[StageClockRead]


class ComplaintPage(Page[ComplaintRead]):
    """A page of complaints, newest first."""


class ComplaintCreate(BaseModel):
    """A complaint by or for a person in custody."""

    person_id: str = Field(min_length=1, max_length=64)
    facility_id: str | None = Field(default=None, max_length=64)
    filed_by: str = Field(min_length=1, max_length=200)
    filed_by_kind: str = Field(max_length=20, examples=["counsel"])
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000)


class ComplaintAdvance(BaseModel):
    """Move a complaint to its next stage."""

    stage: Literal["acknowledged", "investigated", "resolved"]
    note: str = Field(default="", max_length=20000)


class CreatedRead(BaseModel):
    """The id of what was created."""

    id: str


class FindingCreate(BaseModel):
    """What an inspector found and the action asked for."""

    severity: Literal["low", "medium", "high", "critical"]
    text: str = Field(min_length=1, max_length=5000)
    action: str = Field(min_length=1, max_length=5000)
    due_on: date | None = None


class InspectionCreate(BaseModel):
    """A visit to a facility with its findings."""

    facility_id: str = Field(min_length=1, max_length=64)
    visited_on: date
    inspector: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=20000)
    findings: list[FindingCreate] = Field(default_factory=list, max_length=200)


class FindingRead(BaseModel):
    """A finding with the latest status of its follow-up."""

    model_config = {"from_attributes": True}

    id: str
    severity: str
    text: str
    action: str
    due_on: date | None
    status: str
    updated_at: Instant | None


class InspectionRead(BaseModel):
    """A visit and its findings."""

    model_config = {"from_attributes": True}

    id: str
    facility_id: str
    visited_on: date
    inspector: str
    summary: str
    findings: list[FindingRead]


class InspectionPage(Page[InspectionRead]):
    """A page of inspections, newest visit first."""


class FindingUpdate(BaseModel):
    """Progress on a finding's follow-up action."""

    status: Literal["open", "in_progress", "done", "not_accepted"]
    note: str = Field(default="", max_length=20000)


class ReportCreate(BaseModel):
    """A period: ``month`` (YYYY-MM), or ``start`` and ``end`` (inclusive days)."""

    month: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$", examples=["2025-03"])
    start: date | None = None
    end: date | None = None


class ReportRead(BaseModel):
    """A transparency report: suppressed figures and the ledger head it was computed from."""

    period_start: date
    period_end: date
    computed_at: Instant
    ledger_size: int
    ledger_root: str
    digest: str
    sections: dict[str, dict[str, int | str]]


class SubscriberCreate(BaseModel):
    """Counsel, a consulate or a monitor receiving signed notifications."""

    name: str = Field(min_length=1, max_length=200)
    kind: Literal["counsel", "consulate", "monitor"]
    url: str = Field(min_length=8, max_length=2000, examples=["https://counsel.example/hooks"])


class SubscriberCreated(BaseModel):
    """The new subscriber; the signing secret is shown here once."""

    id: str
    secret: str


class SubscriberRead(BaseModel):
    """A subscriber (never its secret) and the people it follows."""

    model_config = {"from_attributes": True}

    id: str
    name: str
    kind: str
    url: str
    created_at: Instant
    follows: list[str]


class SubscriberPage(Page[SubscriberRead]):
    """A page of subscribers."""


class FollowCreate(BaseModel):
    """A person whose case transitions the subscriber receives."""

    person_id: str = Field(min_length=1, max_length=64)


class DeliveryRead(BaseModel):
    """One delivery and its attempts so far."""

    model_config = {"from_attributes": True}

    id: str
    subscriber_id: str
    event_type: str
    created_at: Instant
    attempts: int
    succeeded: bool
    last_status: int | None
    last_error: str | None
    given_up: bool


class DeliveryPage(Page[DeliveryRead]):
    """A page of the delivery log, newest first."""


class DeliveryRunRead(BaseModel):
    """What one run of the outbox did."""

    queued: int
    succeeded: int
    failed: int
