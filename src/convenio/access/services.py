"""Use cases of access: users, sign-in with throttling, sessions, API tokens, monitor reads.

Each function is one unit of work. Secrets (session and API tokens) are returned once and
stored only as SHA-256 digests; passwords are stored as argon2id hashes.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from convenio.access.adapters.sql import api_tokens, sessions, sign_in_attempts, users
from convenio.access.domain import model
from convenio.access.domain.errors import (
    SignInFailedError,
    SignInLockedError,
    UsernameTakenError,
)
from convenio.access.domain.model import DEFAULT_THROTTLE, Throttle, User
from convenio.ledger import public as ledger
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.shared.events import Event
from convenio.shared.ids import new_id
from convenio.terms import public as terms

_hasher = PasswordHasher()
_dummy_hash: str | None = None


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Use other argon2 parameters from now on (tests use cheap ones; hashes stay argon2id)."""
    global _hasher, _dummy_hash  # noqa: PLW0603
    _hasher = hasher
    _dummy_hash = None


def _dummy() -> str:
    global _dummy_hash  # noqa: PLW0603
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not a real password, used to even out timing")
    return _dummy_hash


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedIn:
    """A fresh session: the cookie secret and the CSRF token of its forms."""

    user: User
    session_token: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ActiveSession:
    """A session found by its cookie secret."""

    user: User
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class IssuedToken:
    """A new API token; ``token`` is shown once and never stored."""

    user: User
    token: str
    label: str


def hash_password(password: str) -> str:
    """The argon2id hash of a password."""
    return _hasher.hash(model.check_password(password))


def party_kinds() -> dict[str, PartyKind]:
    """The parties of the agreement and their kinds."""
    return {p.id: PartyKind(p.role.value) for p in terms.default_agreement().parties}


def create_user(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    party: str,
    roles: Sequence[str],
    actor: Actor,
    display_name: str = "",
) -> User:
    """Create a user of a party with roles (records ``access.user_created``)."""
    model.check_username(username)
    kinds = party_kinds()
    if party not in kinds:
        raise InvalidInputError(
            f"unknown party {party!r}; use one of: {', '.join(kinds)}", field="party"
        )
    role_set = model.parse_roles(list(roles))
    password_hash = hash_password(password)
    with uow:
        now = uow.clock.now()
        user = User(
            id=new_id("usr"),
            username=username,
            display_name=display_name.strip() or username,
            party=party,
            party_kind=kinds[party],
            roles=role_set,
            is_active=True,
            created_at=now,
        )
        taken = uow.session.execute(select(users.c.id).where(users.c.username == username))
        if taken.first() is not None:
            raise UsernameTakenError(username)
        uow.session.execute(insert(users).values(**_user_values(user), password_hash=password_hash))
        _record(uow, actor, "access.user_created", user=user.id, username=username, party=party)
        uow.commit()
    return user


def list_users(uow: UnitOfWork) -> list[User]:
    """Every user, by username."""
    with uow:
        rows = uow.session.execute(select(users).order_by(users.c.username)).mappings()
        return [_to_user(row) for row in rows]


def find_user(uow: UnitOfWork, username: str) -> User:
    """A user by username."""
    with uow:
        return _user_by_name(uow.session, username)


def reset_password(uow: UnitOfWork, *, username: str, password: str, actor: Actor) -> User:
    """Give a user a new password and end their sessions (records ``access.password_reset``)."""
    password_hash = hash_password(password)
    with uow:
        user = _user_by_name(uow.session, username)
        uow.session.execute(
            update(users).where(users.c.id == user.id).values(password_hash=password_hash)
        )
        uow.session.execute(delete(sessions).where(sessions.c.user_id == user.id))
        _record(uow, actor, "access.password_reset", user=user.id)
        uow.commit()
    return user


def sign_in(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    client: str,
    throttle: Throttle = DEFAULT_THROTTLE,
) -> SignedIn:
    """Check a password (throttled per username and client) and open a session."""
    with uow:
        user = _authenticate(uow, username, password, client, throttle)
        now = uow.clock.now()
        token = model.new_secret(model.SESSION_TOKEN_PREFIX)
        csrf = secrets.token_urlsafe(32)
        expires_at = now + model.SESSION_LIFETIME
        uow.session.execute(
            insert(sessions).values(
                token_hash=model.digest(token),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=expires_at,
            )
        )
        uow.session.execute(delete(sessions).where(sessions.c.expires_at <= now))
        _record(uow, user.actor(), "access.signed_in", user=user.id, via="session")
        uow.commit()
    return SignedIn(user=user, session_token=token, csrf_token=csrf, expires_at=expires_at)


def issue_token_for_password(
    uow: UnitOfWork,
    *,
    username: str,
    password: str,
    client: str,
    label: str = "api",
    throttle: Throttle = DEFAULT_THROTTLE,
) -> IssuedToken:
    """Exchange a username and password (throttled) for a new API token."""
    with uow:
        user = _authenticate(uow, username, password, client, throttle)
        issued = _insert_token(uow, user, label)
        _record(uow, user.actor(), "access.signed_in", user=user.id, via="api_token")
        uow.commit()
    return issued


def issue_token(uow: UnitOfWork, *, username: str, label: str, actor: Actor) -> IssuedToken:
    """Create an API token for a user (an administrator's task)."""
    with uow:
        user = _user_by_name(uow.session, username)
        issued = _insert_token(uow, user, label)
        _record(uow, actor, "access.token_issued", user=user.id, label=issued.label)
        uow.commit()
    return issued


def resolve_token(uow: UnitOfWork, token: str) -> User | None:
    """The active user an API token belongs to (None if unknown or revoked)."""
    if not token.startswith(model.API_TOKEN_PREFIX) or len(token) > 200:
        return None
    condition = and_(
        api_tokens.c.token_hash == model.digest(token), api_tokens.c.revoked_at.is_(None)
    )
    with uow:
        row = (
            uow.session.execute(
                select(users).join(api_tokens, api_tokens.c.user_id == users.c.id).where(condition)
            )
            .mappings()
            .first()
        )
    user = _to_user(row) if row is not None else None
    return user if user is not None and user.is_active else None


def resolve_session(uow: UnitOfWork, token: str) -> ActiveSession | None:
    """The live session behind a cookie secret (None if unknown or expired)."""
    if not token.startswith(model.SESSION_TOKEN_PREFIX) or len(token) > 200:
        return None
    with uow:
        row = (
            uow.session.execute(
                select(users, sessions.c.csrf_token, sessions.c.expires_at)
                .join(sessions, sessions.c.user_id == users.c.id)
                .where(sessions.c.token_hash == model.digest(token))
                .where(sessions.c.expires_at > uow.clock.now())
            )
            .mappings()
            .first()
        )
    if row is None or not row["is_active"]:
        return None
    return ActiveSession(
        user=_to_user(row), csrf_token=row["csrf_token"], expires_at=row["expires_at"]
    )


def sign_out(uow: UnitOfWork, token: str) -> None:
    """End the session behind a cookie secret (nothing happens for an unknown one)."""
    with uow:
        uow.session.execute(delete(sessions).where(sessions.c.token_hash == model.digest(token)))
        uow.commit()


def record_monitor_read(uow: UnitOfWork, actor: Actor, resource: str, ids: Sequence[str]) -> None:
    """Record on the ledger that a monitor read records (oversight builds on these)."""
    with uow:
        _record(uow, actor, "access.monitor_read", resource=resource, ids=list(ids[:500]))
        uow.commit()


def _authenticate(
    uow: UnitOfWork, username: str, password: str, client: str, throttle: Throttle
) -> User:
    session = uow.session
    now = uow.clock.now()
    username = username[:64]
    client = client[:64]
    _ensure_not_locked(session, now, throttle, username=username, client=client)
    row = session.execute(select(users).where(users.c.username == username)).mappings().first()
    stored = row["password_hash"] if row is not None else _dummy()
    ok = _verify(stored, password) and row is not None and bool(row["is_active"])
    session.execute(
        insert(sign_in_attempts).values(
            id=new_id("att"), username=username, client=client, at=now, succeeded=ok
        )
    )
    if not ok or row is None:
        uow.commit()
        raise SignInFailedError()
    if _hasher.check_needs_rehash(row["password_hash"]):
        new_hash = _hasher.hash(password)
        session.execute(update(users).where(users.c.id == row["id"]).values(password_hash=new_hash))
    return _to_user(row)


def _ensure_not_locked(
    session: Session, now: datetime, throttle: Throttle, *, username: str, client: str
) -> None:
    for column, value, limit in (
        (sign_in_attempts.c.username, username, throttle.max_user_failures),
        (sign_in_attempts.c.client, client, throttle.max_client_failures),
    ):
        last_success = session.execute(
            select(func.max(sign_in_attempts.c.at)).where(
                column == value, sign_in_attempts.c.succeeded
            )
        ).scalar_one_or_none()
        since = now - throttle.window - throttle.lockout
        if last_success is not None:
            since = max(since, _aware(last_success))
        failures = session.execute(
            select(sign_in_attempts.c.at)
            .where(column == value, ~sign_in_attempts.c.succeeded, sign_in_attempts.c.at > since)
            .order_by(sign_in_attempts.c.at.desc())
            .limit(limit)
        ).scalars()
        until = throttle.locked_until([_aware(at) for at in failures], limit)
        if until is not None and until > now:
            raise SignInLockedError(until)


def _verify(password_hash: str, password: str) -> bool:
    if len(password) > model.MAX_PASSWORD_LENGTH:
        return False
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _insert_token(uow: UnitOfWork, user: User, label: str) -> IssuedToken:
    label = label.strip()[:100] or "api"
    token = model.new_secret(model.API_TOKEN_PREFIX)
    uow.session.execute(
        insert(api_tokens).values(
            token_hash=model.digest(token),
            user_id=user.id,
            label=label,
            created_at=uow.clock.now(),
            revoked_at=None,
        )
    )
    return IssuedToken(user=user, token=token, label=label)


def _user_by_name(session: Session, username: str) -> User:
    row = session.execute(select(users).where(users.c.username == username)).mappings().first()
    if row is None:
        raise NotFoundError(f"no user named {username!r}; list them with `convenio users list`")
    return _to_user(row)


def _user_values(user: User) -> dict[str, object]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "party": user.party,
        "party_kind": user.party_kind.value,
        "roles": ",".join(sorted(r.value for r in user.roles)),
        "is_active": user.is_active,
        "created_at": user.created_at,
    }


def _to_user(row: object) -> User:
    values = dict(row)  # type: ignore[call-overload]
    return User(
        id=values["id"],
        username=values["username"],
        display_name=values["display_name"],
        party=values["party"],
        party_kind=PartyKind(values["party_kind"]),
        roles=frozenset(Role(r) for r in values["roles"].split(",") if r),
        is_active=bool(values["is_active"]),
        created_at=_aware(values["created_at"]),
    )


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def _record(uow: UnitOfWork, actor: Actor, kind: str, **data: str | list[str]) -> None:
    ledger.record(
        uow.session,
        Event(type=kind, at=uow.clock.now(), actor=actor.id, party=actor.party, data=data),
    )
