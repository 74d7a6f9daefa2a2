"""Errors of the cases context: every refusal says why and what to do next."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from convenio.shared.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
)


class CaseNotFoundError(NotFoundError):
    """No case with this id."""

    code = "cases.case_not_found"

    def __init__(self, case_id: str) -> None:
        super().__init__(
            f"No case {case_id!r}; find it with `convenio cases list`.", case_id=case_id
        )


class PersonNotFoundError(NotFoundError):
    """The person of a case is not in the records."""

    code = "cases.person_not_found"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"No person {person_id!r} in the records; import them first "
            "(`convenio import people FILE`).",
            person_id=person_id,
        )


class OpenCaseExistsError(ConflictError):
    """A person has at most one open case."""

    code = "cases.open_case_exists"

    def __init__(self, person_id: str, case_id: str, state: str) -> None:
        super().__init__(
            f"Person {person_id!r} already has case {case_id} ({state}); work on that case, "
            "or wait until it is closed.",
            person_id=person_id,
            case_id=case_id,
            state=state,
        )


class TransitionNotAllowedError(RuleViolationError):
    """The state machine has no such move from the case's current state."""

    code = "cases.transition_not_allowed"

    def __init__(self, case_id: str, source: str, target: str, allowed: Iterable[str]) -> None:
        options = ", ".join(sorted(allowed)) or "nothing (the case is closed)"
        super().__init__(
            f"Case {case_id} is {source}; it cannot go to {target}. From {source} it may go "
            f"to: {options}.",
            case_id=case_id,
            source=source,
            target=target,
        )


class RoleNotAllowedError(PermissionDeniedError):
    """The actor lacks every role the transition allows."""

    code = "cases.role_not_allowed"

    def __init__(self, actor_id: str, source: str, target: str, roles: Iterable[str]) -> None:
        needed = " or ".join(sorted(roles))
        super().__init__(
            f"{actor_id} may not move a case from {source} to {target}: that needs the role "
            f"{needed}. Ask someone with that role.",
            actor=actor_id,
            source=source,
            target=target,
            roles=sorted(roles),
        )


class LegalReviewRequiredError(RuleViolationError):
    """A ``review`` decision needs an approving legal review before nomination."""

    code = "cases.legal_review_required"

    def __init__(self, case_id: str, codes: Sequence[str]) -> None:
        super().__init__(
            f"Case {case_id} needs a legal review of {', '.join(codes)} before it can be "
            "nominated; a legal reviewer must record an approving review "
            f"(`convenio cases review {case_id} --outcome approve --reasoning ...`).",
            case_id=case_id,
            codes=list(codes),
        )


class ReviewNotNeededError(RuleViolationError):
    """Legal reviews are for screened cases whose decision is ``review``."""

    code = "cases.review_not_needed"

    def __init__(self, case_id: str, state: str, decision: str | None) -> None:
        super().__init__(
            f"Case {case_id} is {state} with decision {decision}; only a screened case whose "
            "decision is review takes a legal review. Re-screen it first if records changed.",
            case_id=case_id,
            state=state,
            decision=decision,
        )


class CaseHaltedByHoldError(RuleViolationError):
    """A legal hold matched at the instant of the step: the case was halted instead."""

    code = "cases.halted_by_hold"

    def __init__(self, case_id: str, step: str, hold_ids: Sequence[str], at: str) -> None:
        super().__init__(
            f"{step.capitalize()} refused: legal hold {', '.join(hold_ids)} matches the person "
            f"of case {case_id} at {at}. The case is now halted; it can be re-screened when "
            "every matching hold has ended.",
            case_id=case_id,
            step=step,
            hold_ids=list(hold_ids),
            at=at,
        )


class NotEligibleError(RuleViolationError):
    """The fresh screening at nomination found the person ineligible."""

    code = "cases.not_eligible"

    def __init__(self, case_id: str, codes: Sequence[str], at: str) -> None:
        super().__init__(
            f"Nomination refused: at {at} the person of case {case_id} is ineligible "
            f"({', '.join(codes)}). The case is now ineligible; open a new case if the "
            "records change.",
            case_id=case_id,
            codes=list(codes),
            at=at,
        )


class HoldsStillActiveError(RuleViolationError):
    """A halted case may be re-screened only when every matching hold has ended."""

    code = "cases.holds_still_active"

    def __init__(self, case_id: str, hold_ids: Sequence[str], at: str) -> None:
        super().__init__(
            f"Case {case_id} stays halted: hold {', '.join(hold_ids)} still matches the person "
            f"at {at}. Re-screen after the hold is lifted or expires.",
            case_id=case_id,
            hold_ids=list(hold_ids),
            at=at,
        )


class NoCapacityError(ConflictError):
    """Every place of the facility in force is taken or reserved."""

    code = "cases.no_capacity"

    def __init__(self, facility_id: str, capacity: int, reserved: int) -> None:
        super().__init__(
            f"Facility {facility_id} has no place left: {reserved} of {capacity} places are "
            "reserved or occupied. Decline the nomination with reason no_capacity, or accept "
            "it when a place frees up.",
            facility_id=facility_id,
            capacity=capacity,
            reserved=reserved,
        )


class UnknownFacilityError(InvalidInputError):
    """The facility is not in the agreement."""

    code = "cases.unknown_facility"

    def __init__(self, facility_id: str, known: Sequence[str]) -> None:
        super().__init__(
            f"facility: {facility_id!r} is not a facility of the agreement; use one of "
            f"{', '.join(known)}.",
            field="facility",
            value=facility_id,
        )
