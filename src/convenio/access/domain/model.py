"""Users, credentials and the sign-in throttle, as plain values."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.errors import InvalidInputError

USERNAME_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
MIN_PASSWORD_LENGTH: Final = 12
MAX_PASSWORD_LENGTH: Final = 1024
SESSION_LIFETIME: Final = timedelta(hours=8)
API_TOKEN_PREFIX: Final = "cvt_"
SESSION_TOKEN_PREFIX: Final = "cvs_"


@dataclass(frozen=True, slots=True, kw_only=True)
class Throttle:
    """Sign-in limits: failures counted over a window, then a lockout."""

    max_user_failures: int = 5
    max_client_failures: int = 20
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)

    def locked_until(self, failures: list[datetime], limit: int) -> datetime | None:
        """When a lockout caused by these failure instants ends (None: not locked)."""
        if len(failures) < limit:
            return None
        return max(failures) + self.lockout


DEFAULT_THROTTLE: Final = Throttle()


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """A person who signs in, acting for one party with one or more roles."""

    id: str
    username: str
    display_name: str
    party: str
    party_kind: PartyKind
    roles: frozenset[Role]
    is_active: bool
    created_at: datetime

    def actor(self) -> Actor:
        """The actor this user acts as."""
        return Actor(
            id=self.id,
            party=self.party,
            party_kind=self.party_kind,
            roles=self.roles,
            name=self.display_name or self.username,
        )


def check_username(username: str) -> str:
    """A valid username (lower case letters, digits, ``.``, ``_``, ``-``; 2–63 chars)."""
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInputError(
            "username must be 2–63 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            field="username",
        )
    return username


def check_password(password: str) -> str:
    """A password long enough to be worth hashing (and short enough to hash quickly)."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long",
            field="password",
        )
    return password


def parse_roles(names: list[str]) -> frozenset[Role]:
    """Roles from their names; the system role cannot be given to a user."""
    roles: set[Role] = set()
    for name in names:
        try:
            role = Role(name.strip())
        except ValueError:
            allowed = ", ".join(r.value for r in Role if r is not Role.SYSTEM)
            raise InvalidInputError(
                f"unknown role {name!r}; use one of: {allowed}", field="roles"
            ) from None
        if role is Role.SYSTEM:
            raise InvalidInputError("the system role cannot be given to a user", field="roles")
        roles.add(role)
    if not roles:
        raise InvalidInputError("a user needs at least one role", field="roles")
    return frozenset(roles)


def new_secret(prefix: str) -> str:
    """A fresh random bearer secret (shown once, stored only as its digest)."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 hex digest under which a bearer secret is stored."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets."""
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))
