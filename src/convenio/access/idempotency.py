"""Stored responses of POST requests sent with an ``Idempotency-Key``, per key and user.

A repeated request with the same key, user and body gets the stored response again; the same
key with a different body is a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from convenio.access.adapters.sql import idempotent_responses as table
from convenio.access.domain.errors import IdempotencyKeyReusedError
from convenio.platform.uow import UnitOfWork
from convenio.shared.errors import InvalidInputError

MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredResponse:
    """The response first given to a keyed request."""

    status_code: int
    body: str


def check_key(key: str) -> str:
    """A usable Idempotency-Key (1–200 printable ASCII characters)."""
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidInputError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
            field="Idempotency-Key",
        )
    return key


def find_response(
    uow: UnitOfWork, *, key: str, user_id: str, request_hash: str
) -> StoredResponse | None:
    """The stored response of an earlier identical request, if there was one."""
    with uow:
        row = (
            uow.session.execute(select(table).where(table.c.key == key, table.c.user_id == user_id))
            .mappings()
            .first()
        )
    if row is None:
        return None
    if row["request_hash"] != request_hash:
        raise IdempotencyKeyReusedError(key)
    return StoredResponse(status_code=row["status_code"], body=row["body"])


def store_response(
    uow: UnitOfWork, *, key: str, user_id: str, request_hash: str, status_code: int, body: str
) -> None:
    """Keep a response for replays (the first stored response wins a race)."""
    with uow:
        try:
            uow.session.execute(
                insert(table).values(
                    key=key,
                    user_id=user_id,
                    request_hash=request_hash,
                    status_code=status_code,
                    body=body,
                    created_at=uow.clock.now(),
                )
            )
            uow.commit()
        except IntegrityError:
            uow.rollback()
