"""A legal review: a legal reviewer's reasoned approval or rejection of a case in ``review``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from convenio.shared.errors import InvalidInputError


class ReviewOutcome(StrEnum):
    """What the reviewer decided."""

    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True, slots=True, kw_only=True)
class LegalReview:
    """A recorded review: who, why, what, and which review reasons it covers."""

    review_id: str
    case_id: str
    person_id: str
    outcome: ReviewOutcome
    reasoning: str
    covers_codes: tuple[str, ...]
    author: str
    party: str
    recorded_at: datetime

    def covers(self, codes: tuple[str, ...] | list[str]) -> bool:
        """Whether an approval covers every given review reason code."""
        return self.outcome is ReviewOutcome.APPROVE and set(codes) <= set(self.covers_codes)


def check_reasoning(reasoning: str) -> str:
    """A review must give its reasons.

    Raises:
        InvalidInputError: the reasoning is empty or too short to be a reason.
    """
    text = reasoning.strip()
    if len(text) < 10:
        raise InvalidInputError(
            "reasoning: a legal review must state its reasoning (at least 10 characters); "
            "write why the case may or may not go on.",
            field="reasoning",
        )
    return text


def parse_outcome(value: str) -> ReviewOutcome:
    """Read ``approve`` or ``reject``.

    Raises:
        InvalidInputError: anything else.
    """
    try:
        return ReviewOutcome(value)
    except ValueError:
        raise InvalidInputError(
            f"outcome: {value!r} is not approve or reject", field="outcome", value=value
        ) from None
