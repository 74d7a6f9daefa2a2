"""Errors of the legal context, each saying what to do next."""

from __future__ import annotations

from collections.abc import Sequence

from convenio.shared.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RuleViolationError,
)


class HoldInputError(InvalidInputError):
    """A hold (or a file of holds) that cannot be read; lists every problem."""

    code = "legal.invalid_hold"

    def __init__(self, problems: Sequence[str]) -> None:
        shown = "; ".join(problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(
            f"Holds rejected, nothing was recorded: {shown}{more}. Fix these lines and import "
            "the file again.",
            problems=list(problems),
        )


class HoldNotFoundError(NotFoundError):
    """No hold with this id."""

    code = "legal.hold_not_found"

    def __init__(self, hold_id: str) -> None:
        super().__init__(
            f"No legal hold {hold_id!r} is recorded; check the id with `convenio holds list`.",
            hold_id=hold_id,
        )


class HoldChangedError(ConflictError):
    """A hold id re-imported with different terms: holds are never edited."""

    code = "legal.hold_changed"

    def __init__(self, hold_id: str, fields: Sequence[str]) -> None:
        super().__init__(
            f"Hold {hold_id!r} is already recorded with different {', '.join(fields)}. Holds "
            "are never edited: lift it and record the new order under a new hold id.",
            hold_id=hold_id,
            fields=list(fields),
        )


class HoldAlreadyLiftedError(RuleViolationError):
    """A hold can be lifted once."""

    code = "legal.hold_already_lifted"

    def __init__(self, hold_id: str, lifted_at: str) -> None:
        super().__init__(
            f"Hold {hold_id!r} was already lifted at {lifted_at}; nothing to do.",
            hold_id=hold_id,
            lifted_at=lifted_at,
        )


class LiftBeforeIssueError(RuleViolationError):
    """A hold cannot be lifted before it was issued."""

    code = "legal.lift_before_issue"

    def __init__(self, hold_id: str, issued_at: str, lifted_at: str) -> None:
        super().__init__(
            f"Hold {hold_id!r} was issued at {issued_at}; it cannot be lifted at {lifted_at}. "
            "Give the instant of the order that lifted it.",
            hold_id=hold_id,
            issued_at=issued_at,
            lifted_at=lifted_at,
        )


class LegalRoleRequiredError(PermissionDeniedError):
    """Holds and legal reviews are recorded by legal reviewers (or administrators)."""

    code = "legal.role_required"

    def __init__(self, action: str, actor_id: str) -> None:
        super().__init__(
            f"{actor_id} may not {action}: it needs the legal_reviewer (or administrator) "
            "role. Ask a legal reviewer to do it.",
            action=action,
            actor=actor_id,
        )
