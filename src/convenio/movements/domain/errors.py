"""Errors of the movements context; each message says what to do next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from convenio.movements.domain.model import Failure
from convenio.shared.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    RuleViolationError,
)


class MovementNotFoundError(NotFoundError):
    """No movement has this id."""

    code = "movements.not_found"

    def __init__(self, movement_id: str) -> None:
        super().__init__(
            f"no movement {movement_id}; list them with `convenio movements list`",
            movement_id=movement_id,
        )


class MovementStateError(RuleViolationError):
    """The step does not fit the movement's state."""

    code = "movements.wrong_state"

    def __init__(self, movement_id: str, state: str, step: str, needs: str) -> None:
        super().__init__(
            f"cannot {step} movement {movement_id}: it is {state}; it must be {needs}",
            movement_id=movement_id,
            state=state,
            step=step,
        )


class SeatsExhaustedError(ConflictError):
    """More people than seats."""

    code = "movements.no_seats"

    def __init__(self, movement_id: str, seats: int, asked: int) -> None:
        super().__init__(
            f"movement {movement_id} has {seats} seats; {asked} people would not fit — "
            "create another movement for the rest",
            movement_id=movement_id,
            seats=seats,
            asked=asked,
        )


class CaseNotAcceptedError(RuleViolationError):
    """Only accepted cases go on a manifest."""

    code = "movements.case_not_accepted"

    def __init__(self, case_id: str, state: str) -> None:
        super().__init__(
            f"case {case_id} is {state}; only accepted cases can be added to a manifest",
            case_id=case_id,
            state=state,
        )


class StepOutOfOrderError(RuleViolationError):
    """A step dated before the movement's previous step."""

    code = "movements.out_of_order"

    def __init__(self, step: str, at: datetime, previous: datetime) -> None:
        super().__init__(
            f"{step} at {at.isoformat()} is before the previous step of this movement "
            f"({previous.isoformat()}); steps are recorded in time order",
            at=at.isoformat(),
            previous=previous.isoformat(),
        )


class DispatchRefusedError(RuleViolationError):
    """People on board failed the screen at the instant of dispatch.

    They have been taken off the manifest (recorded); dispatch again to send the others.
    """

    code = "movements.dispatch_refused"

    def __init__(self, movement_id: str, at: datetime, failures: Sequence[Failure]) -> None:
        names = "; ".join(
            f"{f.person_id} (case {f.case_id}): {', '.join(f.codes)}"
            + (f" (holds {', '.join(f.hold_ids)})" if f.hold_ids else "")
            for f in failures
        )
        super().__init__(
            f"dispatch of {movement_id} at {at.isoformat()} refused: {names}. They were taken "
            "off the manifest; dispatch again to send the others",
            movement_id=movement_id,
            at=at.isoformat(),
            people=[
                {
                    "person_id": f.person_id,
                    "case_id": f.case_id,
                    "codes": list(f.codes),
                    "hold_ids": list(f.hold_ids),
                }
                for f in failures
            ],
        )
        self.failures = tuple(failures)


class HeadcountInputError(InvalidInputError):
    """A headcount confirmation that cannot be reconciled as given."""

    code = "movements.headcount_input"
