"""Errors of the custody context; each message says what to do next."""

from __future__ import annotations

from datetime import datetime

from convenio.shared.errors import ConflictError, NotFoundError, RuleViolationError


class UnknownFacilityError(NotFoundError):
    """The agreement in force has no such facility or unit."""

    code = "custody.unknown_facility"

    def __init__(self, facility_id: str, unit_id: str | None = None) -> None:
        where = facility_id if unit_id is None else f"{facility_id}/{unit_id}"
        super().__init__(
            f"{where} is not a facility (or unit) of the agreement in force; "
            "use one listed by `convenio terms show`",
            facility_id=facility_id,
            unit_id=unit_id,
        )


class UnitFullError(ConflictError):
    """A placement would take a unit over its operational capacity."""

    code = "custody.unit_full"

    def __init__(self, facility_id: str, unit_id: str, capacity: int) -> None:
        super().__init__(
            f"unit {facility_id}/{unit_id} is full (operational capacity {capacity}); "
            "place the person in another unit",
            facility_id=facility_id,
            unit_id=unit_id,
            capacity=capacity,
        )


class FacilityFullError(ConflictError):
    """An admission would take a facility over its capacity in force."""

    code = "custody.facility_full"

    def __init__(self, facility_id: str, capacity: int) -> None:
        super().__init__(
            f"facility {facility_id} is at its capacity ({capacity}); no admission is possible "
            "until someone leaves or the agreement raises the capacity",
            facility_id=facility_id,
            capacity=capacity,
        )


class NotInCustodyError(RuleViolationError):
    """The person has no open stay (never admitted, or already exited)."""

    code = "custody.not_in_custody"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"{person_id} is not in custody under the agreement; check `convenio custody "
            "occupancy` or the person's case",
            person_id=person_id,
        )


class NotExitedError(RuleViolationError):
    """A correction of an exit was asked for a stay that has no exit."""

    code = "custody.not_exited"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"{person_id} has no recorded exit to correct; record the exit first",
            person_id=person_id,
        )


class AlreadyInCustodyError(ConflictError):
    """An admission for a person who is already held."""

    code = "custody.already_in_custody"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"{person_id} is already in custody; record their exit before a new admission",
            person_id=person_id,
        )


class CommitmentOrderMissingError(RuleViolationError):
    """Mandela Rule 7: nobody is received without a valid commitment order."""

    code = "custody.commitment_order_missing"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"{person_id} has no legal basis for custody (no final removal order and no "
            "sentence); Mandela Rule 7 forbids receiving them",
            person_id=person_id,
        )


class OutOfOrderError(RuleViolationError):
    """A record dated before the record it follows (e.g. an exit before the admission)."""

    code = "custody.out_of_order"

    def __init__(self, what: str, at: datetime, earliest: datetime) -> None:
        super().__init__(
            f"{what} at {at.isoformat()} is before {earliest.isoformat()}, the last record "
            "of this stay; give a later instant (records are never rewritten)",
            at=at.isoformat(),
            earliest=earliest.isoformat(),
        )
