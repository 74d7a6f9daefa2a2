"""One rooted error tree. The faces map its kinds to HTTP statuses and exit codes.

DomainError
  InvalidInputError      -> 422 at the API, exit code 2 in the CLI (bad file, bad field)
  NotFoundError          -> 404, exit code 3
  PermissionDeniedError  -> 403, exit code 4
  ConflictError          -> 409, exit code 5 (duplicate, stale version, capacity taken)
  RuleViolationError     -> 422, exit code 6 (a transition or invariant would break)
  RateLimitedError       -> 429, exit code 7 (too many attempts; wait and retry)

Every concrete error has a dotted ``code`` and a message that says what to do next.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """Something the business has a name for. Knows nothing about HTTP."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, object] = details

    def __str__(self) -> str:
        return self.message


class InvalidInputError(DomainError):
    """Input that cannot be read: a malformed file, a bad field, a bad instant."""

    code = "invalid_input"


class NotFoundError(DomainError):
    """A referenced thing does not exist (or is not visible to the caller)."""

    code = "not_found"


class PermissionDeniedError(DomainError):
    """The actor may not do this."""

    code = "permission_denied"


class ConflictError(DomainError):
    """The request conflicts with the current state (duplicate, stale, no capacity left)."""

    code = "conflict"


class RuleViolationError(DomainError):
    """A business rule or state-machine guard refuses the change."""

    code = "rule_violation"


class RateLimitedError(DomainError):
    """Too many requests from one client or for one account; try again later."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int, **details: object) -> None:
        super().__init__(message, retry_after_seconds=retry_after_seconds, **details)
        self.retry_after_seconds = retry_after_seconds


EXIT_CODES: dict[type[DomainError], int] = {
    InvalidInputError: 2,
    NotFoundError: 3,
    PermissionDeniedError: 4,
    ConflictError: 5,
    RuleViolationError: 6,
    RateLimitedError: 7,
}


def exit_code_for(error: DomainError) -> int:
    """The CLI exit code of an error kind (1 for an unclassified domain error)."""
    for kind, code in EXIT_CODES.items():
        if isinstance(error, kind):
            return code
    return 1
