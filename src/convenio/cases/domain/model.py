"""A transfer case and the values it carries (DESIGN.md "The case lifecycle")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from convenio.shared.events import JsonValue


class CaseState(StrEnum):
    """Where a case stands."""

    DRAFT = "draft"
    SCREENED = "screened"
    INELIGIBLE = "ineligible"
    NOMINATED = "nominated"
    DECLINED = "declined"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"
    MANIFESTED = "manifested"
    IN_TRANSIT = "in_transit"
    IN_CUSTODY = "in_custody"
    EXITED = "exited"
    HALTED = "halted"


BEFORE_TRANSIT: Final = frozenset(
    {
        CaseState.DRAFT,
        CaseState.SCREENED,
        CaseState.NOMINATED,
        CaseState.ACCEPTED,
        CaseState.MANIFESTED,
    }
)
"""States a hold halts (any state before ``in_transit``)."""

AFTER_DEPARTURE: Final = frozenset({CaseState.IN_TRANSIT, CaseState.IN_CUSTODY})
"""States where a hold can only request the person's return."""

HOLDING_A_PLACE: Final = frozenset(
    {CaseState.ACCEPTED, CaseState.MANIFESTED, CaseState.IN_TRANSIT, CaseState.IN_CUSTODY}
)
"""States that take one of the facility's places."""

CLOSED: Final = frozenset(
    {CaseState.INELIGIBLE, CaseState.DECLINED, CaseState.WITHDRAWN, CaseState.EXITED}
)
"""Final states: a person may have a new case once their case is closed."""


class DeclineReason(StrEnum):
    """Why the receiving state declines a nomination."""

    NO_CAPACITY = "no_capacity"
    SECURITY_CLASSIFICATION = "security_classification"
    INSUFFICIENT_DOCUMENTS = "insufficient_documents"
    NOT_CONVICTED = "not_convicted"
    OTHER = "other"


class ExitReason(StrEnum):
    """How custody under the agreement ends."""

    RELEASED = "released"
    REPATRIATED = "repatriated"
    RETURNED_TO_SENDING = "returned_to_sending"
    DECEASED = "deceased"
    TRANSFERRED = "transferred"


REVIEW_ONLY_CODES: Final = frozenset(
    {"MEDICAL_ASSESSMENT_MISSING", "PENDING_CHARGES", "DESIGNATION_UNSUPPORTED"}
)
"""Reason codes whose severity is always ``review`` (RULEBOOK rules 17-19)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Screening:
    """The outcome of screening one person at an instant, as a case keeps it."""

    decision: str
    category: str | None
    codes: tuple[str, ...]
    review_codes: tuple[str, ...]
    hold_ids: tuple[str, ...]
    reasons: tuple[dict[str, JsonValue], ...] = ()

    @property
    def is_ineligible(self) -> bool:
        """Whether a blocking reason applies."""
        return self.decision == "ineligible"

    @property
    def needs_review(self) -> bool:
        """Whether the decision is ``review``."""
        return self.decision == "review"


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """A transfer case as stored."""

    case_id: str
    person_id: str
    state: CaseState
    facility_id: str | None
    category: str | None
    decision: str | None
    decision_codes: tuple[str, ...]
    review_codes: tuple[str, ...]
    decision_at: datetime | None
    return_requested: bool
    movement_id: str | None
    exit_reason: str | None
    halted_by: tuple[str, ...]
    opened_at: datetime
    updated_at: datetime
    version: int = 0

    @property
    def is_closed(self) -> bool:
        """Whether the case reached a final state."""
        return self.state in CLOSED
