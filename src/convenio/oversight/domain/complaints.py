"""Complaints by or for a person in custody: filed → acknowledged → investigated → resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from convenio.shared.errors import RuleViolationError


class ComplaintStage(StrEnum):
    """The stages, in order."""

    FILED = "filed"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATED = "investigated"
    RESOLVED = "resolved"


ORDER: tuple[ComplaintStage, ...] = tuple(ComplaintStage)

# How long each stage may last before it is overdue (operator policy, shown on the page).
STAGE_LIMITS: dict[ComplaintStage, timedelta] = {
    ComplaintStage.FILED: timedelta(days=2),
    ComplaintStage.ACKNOWLEDGED: timedelta(days=14),
    ComplaintStage.INVESTIGATED: timedelta(days=14),
}


class ComplaintStageError(RuleViolationError):
    """A complaint can only move to the next stage."""

    code = "oversight.complaint_stage"

    def __init__(self, current: ComplaintStage, wanted: ComplaintStage) -> None:
        expected = next_stage(current)
        hint = f"move it to {expected} first" if expected else "it is already resolved"
        super().__init__(
            f"A complaint that is {current} cannot become {wanted}; {hint}.",
            current=str(current),
            wanted=str(wanted),
        )


def next_stage(stage: ComplaintStage) -> ComplaintStage | None:
    """The stage after ``stage`` (None after resolved)."""
    index = ORDER.index(stage)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def check_advance(current: ComplaintStage, wanted: ComplaintStage) -> None:
    """Refuse anything but the next stage."""
    if next_stage(current) is not wanted:
        raise ComplaintStageError(current, wanted)


@dataclass(frozen=True, slots=True)
class StageClock:
    """How long a complaint has been (or was) in a stage, and whether that is overdue."""

    stage: ComplaintStage
    entered_at: datetime
    left_at: datetime | None
    elapsed: timedelta
    overdue: bool


def stage_clocks(entered: list[tuple[ComplaintStage, datetime]], now: datetime) -> list[StageClock]:
    """Clocks for each stage reached, from the instants each stage was entered."""
    clocks = []
    for index, (stage, at) in enumerate(entered):
        left = entered[index + 1][1] if index + 1 < len(entered) else None
        elapsed = (left or now) - at
        limit = STAGE_LIMITS.get(stage)
        overdue = stage is not ComplaintStage.RESOLVED and limit is not None and elapsed > limit
        clocks.append(StageClock(stage, at, left, elapsed, overdue))
    return clocks
