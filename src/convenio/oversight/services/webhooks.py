"""Signed webhooks to subscribers who follow people: an outbox filled from the ledger.

Enqueuing reads case transitions from the ledger after a stored cursor, so the transaction
that moved a case never waits for (or fails because of) a subscriber. Delivery happens
outside any database transaction; each attempt is appended to the delivery log.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Integer, func, insert, select, update
from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.oversight.adapters.sql import (
    oversight_cursors,
    webhook_attempts,
    webhook_deliveries,
    webhook_follows,
    webhook_subscribers,
)
from convenio.oversight.domain.webhooks import RETRY_DELAYS, next_attempt_after, signed_headers
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor
from convenio.shared.dates import as_utc
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.shared.events import Event
from convenio.shared.ids import new_id

SUBSCRIBER_KINDS: Final = ("counsel", "consulate", "monitor")
FOLLOWED_EVENT_TYPES: Final = frozenset({"cases.case_transitioned"})
CURSOR: Final = "webhooks"
SCAN_BATCH: Final = 1000

# Sends one request: (url, body, headers) -> HTTP status code; raises OSError-like on failure.
Sender = Callable[[str, bytes, dict[str, str]], int]


@dataclass(frozen=True, slots=True)
class NewSubscriber:
    """A subscriber just registered: the secret is shown once, here."""

    id: str
    secret: str


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """One delivery and its attempts so far."""

    id: str
    subscriber_id: str
    event_type: str
    created_at: datetime
    attempts: int
    succeeded: bool
    last_status: int | None
    last_error: str | None
    given_up: bool


def register_subscriber(
    uow: UnitOfWork, *, name: str, kind: str, url: str, actor: Actor
) -> NewSubscriber:
    """Register counsel, a consulate or a monitor to receive signed notifications."""
    if kind not in SUBSCRIBER_KINDS:
        raise InvalidInputError(f"kind: choose one of {', '.join(SUBSCRIBER_KINDS)}", field="kind")
    if not url.startswith(("https://", "http://")):
        raise InvalidInputError("url: an http(s) address is required", field="url")
    secret = secrets.token_urlsafe(32)
    subscriber_id = new_id("sub")
    with uow:
        now = uow.clock.now()
        uow.session.execute(
            insert(webhook_subscribers).values(
                id=subscriber_id,
                name=name,
                kind=kind,
                url=url,
                secret=secret.encode(),
                created_at=now,
            )
        )
        ledger.record(
            uow.session,
            Event(
                type="oversight.subscriber_registered",
                at=now,
                actor=actor.id,
                party=actor.party,
                data={"subscriber_id": subscriber_id, "kind": kind, "name": name},
            ),
        )
        uow.commit()
    return NewSubscriber(id=subscriber_id, secret=secret)


def follow(uow: UnitOfWork, subscriber_id: str, person_id: str, actor: Actor) -> None:
    """Make a subscriber receive the case transitions of a person (idempotent)."""
    with uow:
        session = uow.session
        known = session.execute(
            select(webhook_subscribers.c.id).where(webhook_subscribers.c.id == subscriber_id)
        ).scalar_one_or_none()
        if known is None:
            raise NotFoundError(f"No subscriber {subscriber_id}.", subscriber_id=subscriber_id)
        already = session.execute(
            select(webhook_follows.c.person_id).where(
                webhook_follows.c.subscriber_id == subscriber_id,
                webhook_follows.c.person_id == person_id,
            )
        ).scalar_one_or_none()
        if already is None:
            session.execute(
                insert(webhook_follows).values(subscriber_id=subscriber_id, person_id=person_id)
            )
            ledger.record(
                session,
                Event(
                    type="oversight.person_followed",
                    at=uow.clock.now(),
                    actor=actor.id,
                    party=actor.party,
                    data={"subscriber_id": subscriber_id, "person_id": person_id},
                ),
            )
        uow.commit()


def enqueue_from_ledger(uow: UnitOfWork) -> int:
    """Create deliveries for case transitions recorded since the last scan; returns how many."""
    created = 0
    with uow:
        session = uow.session
        position = _cursor(session)
        followers = _followers(session)
        now = uow.clock.now()
        while True:
            leaves = ledger.leaves_after(session, position, SCAN_BATCH)
            if not leaves:
                break
            for seq, text in leaves:
                created += _enqueue_leaf(session, seq, text, followers, now)
                position = seq + 1
        _set_cursor(session, position)
        uow.commit()
    return created


def _enqueue_leaf(
    session: Session, seq: int, text: str, followers: dict[str, list[str]], now: datetime
) -> int:
    leaf = json.loads(text)
    if leaf.get("type") not in FOLLOWED_EVENT_TYPES:
        return 0
    data = leaf.get("data") or {}
    subscribers = followers.get(str(data.get("person_id")), [])
    body = json.dumps(
        {"event": leaf["type"], "ledger_index": seq, "at": leaf["at"], "data": data},
        sort_keys=True,
        separators=(",", ":"),
    )
    for subscriber_id in subscribers:
        session.execute(
            insert(webhook_deliveries).values(
                id=new_id("dlv"),
                subscriber_id=subscriber_id,
                event_seq=seq,
                event_type=leaf["type"],
                body=body,
                created_at=now,
            )
        )
    return len(subscribers)


def _followers(session: Session) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for subscriber_id, person_id in session.execute(
        select(webhook_follows.c.subscriber_id, webhook_follows.c.person_id)
    ):
        found.setdefault(person_id, []).append(subscriber_id)
    return found


def _cursor(session: Session) -> int:
    position = session.execute(
        select(oversight_cursors.c.position).where(oversight_cursors.c.name == CURSOR)
    ).scalar_one_or_none()
    if position is None:
        session.execute(insert(oversight_cursors).values(name=CURSOR, position=0))
        return 0
    return int(position)


def _set_cursor(session: Session, position: int) -> None:
    session.execute(
        update(oversight_cursors)
        .where(oversight_cursors.c.name == CURSOR)
        .values(position=position)
    )


@dataclass(frozen=True, slots=True)
class _Due:
    delivery_id: str
    url: str
    secret: bytes
    body: bytes
    attempts: int


def deliver_due(uow: UnitOfWork, send: Sender) -> tuple[int, int]:
    """Attempt every delivery that is due; returns (succeeded, failed) attempts.

    The sending happens outside any transaction; each attempt is then appended to the log.
    """
    with uow:
        now = uow.clock.now()
        due = _due_deliveries(uow.session, now)
    outcomes = []
    for item in due:
        headers = signed_headers(item.secret, item.delivery_id, now, item.body)
        try:
            status, error = send(item.url, item.body, headers), None
        except Exception as failure:  # a subscriber's failure must never stop the others
            status, error = None, f"{type(failure).__name__}: {failure}"[:500]
        outcomes.append((item, status, error))
    with uow:
        for item, status, error in outcomes:
            ok = status is not None and 200 <= status < 300
            uow.session.execute(
                insert(webhook_attempts).values(
                    delivery_id=item.delivery_id,
                    attempt=item.attempts + 1,
                    attempted_at=now,
                    status_code=status,
                    error=error if not ok else None,
                    succeeded=ok,
                )
            )
        uow.commit()
    succeeded = sum(1 for _, status, _ in outcomes if status is not None and 200 <= status < 300)
    return succeeded, len(outcomes) - succeeded


def _due_deliveries(session: Session, now: datetime) -> list[_Due]:
    attempts = (
        select(
            webhook_attempts.c.delivery_id,
            func.count().label("made"),
            func.max(webhook_attempts.c.attempted_at).label("last"),
            func.max(webhook_attempts.c.succeeded.cast(Integer)).label("ok"),
        )
        .group_by(webhook_attempts.c.delivery_id)
        .subquery()
    )
    rows = session.execute(
        select(
            webhook_deliveries.c.id,
            webhook_deliveries.c.body,
            webhook_subscribers.c.url,
            webhook_subscribers.c.secret,
            attempts.c.made,
            attempts.c.last,
            attempts.c.ok,
        )
        .join(webhook_subscribers, webhook_subscribers.c.id == webhook_deliveries.c.subscriber_id)
        .outerjoin(attempts, attempts.c.delivery_id == webhook_deliveries.c.id)
        .order_by(webhook_deliveries.c.event_seq)
    ).all()
    due = []
    for row in rows:
        made = int(row.made or 0)
        if row.ok:
            continue
        when = next_attempt_after(made, as_utc(row.last) if row.last else now)
        if when is not None and when <= now:
            due.append(_Due(row.id, row.url, bytes(row.secret), row.body.encode(), made))
    return due


def list_deliveries(session: Session, *, limit: int = 100) -> list[DeliveryView]:
    """The delivery log, newest first."""
    rows = session.execute(
        select(webhook_deliveries)
        .order_by(webhook_deliveries.c.created_at.desc(), webhook_deliveries.c.event_seq.desc())
        .limit(limit)
    ).all()
    views = []
    for row in rows:
        attempts = session.execute(
            select(webhook_attempts)
            .where(webhook_attempts.c.delivery_id == row.id)
            .order_by(webhook_attempts.c.attempt)
        ).all()
        last = attempts[-1] if attempts else None
        succeeded = any(a.succeeded for a in attempts)
        views.append(
            DeliveryView(
                id=row.id,
                subscriber_id=row.subscriber_id,
                event_type=row.event_type,
                created_at=as_utc(row.created_at),
                attempts=len(attempts),
                succeeded=succeeded,
                last_status=last.status_code if last else None,
                last_error=last.error if last else None,
                given_up=not succeeded and len(attempts) > len(RETRY_DELAYS),
            )
        )
    return views
