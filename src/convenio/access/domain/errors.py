"""Errors of the access context."""

from __future__ import annotations

from datetime import datetime

from convenio.shared.errors import ConflictError, DomainError, PermissionDeniedError


class AuthenticationRequiredError(DomainError):
    """No valid credentials came with the request (HTTP 401)."""

    code = "access.authentication_required"

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Sign in first, or send 'Authorization: Bearer <token>' with an API token "
            "(create one with `convenio users token create USER`)."
        )


class SignInFailedError(AuthenticationRequiredError):
    """Wrong username or password (deliberately not saying which)."""

    code = "access.sign_in_failed"

    def __init__(self) -> None:
        super().__init__("Unknown username or wrong password.")


class SignInLockedError(DomainError):
    """Too many failed sign-ins for this username or client (HTTP 429)."""

    code = "access.locked_out"

    def __init__(self, until: datetime) -> None:
        super().__init__(
            "Too many failed sign-ins; try again after "
            f"{until.isoformat(timespec='seconds')} or ask an administrator.",
            retry_after=until.isoformat(timespec="seconds"),
        )
        self.until = until


class CsrfRejectedError(PermissionDeniedError):
    """A form or unsafe request lacked the session's CSRF token."""

    code = "access.csrf_rejected"

    def __init__(self) -> None:
        super().__init__("The form's security token is missing or stale; reload the page.")


class UsernameTakenError(ConflictError):
    """A user with this username exists already."""

    code = "access.username_taken"

    def __init__(self, username: str) -> None:
        super().__init__(f"username {username!r} is taken; choose another", username=username)


class IdempotencyKeyReusedError(ConflictError):
    """The same Idempotency-Key was sent with a different request."""

    code = "access.idempotency_key_reused"

    def __init__(self, key: str) -> None:
        super().__init__(
            "This Idempotency-Key was already used for a different request; "
            "send a new key for a new request.",
            key=key,
        )
