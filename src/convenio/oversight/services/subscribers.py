"""Reading the webhook subscribers and whom they follow (the secret is never read back)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.oversight.adapters.sql import webhook_follows, webhook_subscribers
from convenio.shared.dates import as_utc


@dataclass(frozen=True, slots=True)
class SubscriberView:
    """A subscriber without its secret, with the people it follows."""

    id: str
    name: str
    kind: str
    url: str
    created_at: datetime
    follows: tuple[str, ...]


def list_subscribers(session: Session) -> list[SubscriberView]:
    """Every subscriber, oldest first."""
    follows: dict[str, list[str]] = {}
    for subscriber_id, person_id in session.execute(
        select(webhook_follows.c.subscriber_id, webhook_follows.c.person_id).order_by(
            webhook_follows.c.person_id
        )
    ):
        follows.setdefault(subscriber_id, []).append(person_id)
    rows = session.execute(
        select(
            webhook_subscribers.c.id,
            webhook_subscribers.c.name,
            webhook_subscribers.c.kind,
            webhook_subscribers.c.url,
            webhook_subscribers.c.created_at,
        ).order_by(webhook_subscribers.c.created_at, webhook_subscribers.c.id)
    ).all()
    return [
        SubscriberView(
            id=row.id,
            name=row.name,
            kind=row.kind,
            url=row.url,
            created_at=as_utc(row.created_at),
            follows=tuple(follows.get(row.id, [])),
        )
        for row in rows
    ]
