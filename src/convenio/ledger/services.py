"""Appending events to the ledger, inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from convenio.ledger.adapters.sql import ledger_head, ledger_leaves
from convenio.ledger.domain.leaf import leaf_hash, leaf_text
from convenio.shared.events import Event


def append_event(session: Session, event: Event) -> int:
    """Append one event as a leaf in the caller's transaction; returns its index.

    The head row is locked (``FOR UPDATE`` on PostgreSQL; SQLite's writer lock otherwise),
    so concurrent appends from several processes are serialised and gapless.
    """
    size = session.execute(
        select(ledger_head.c.size).where(ledger_head.c.id == 1).with_for_update()
    ).scalar_one_or_none()
    if size is None:
        session.execute(insert(ledger_head).values(id=1, size=0))
        size = 0
    text = leaf_text(event)
    session.execute(
        insert(ledger_leaves).values(
            seq=size,
            leaf=text,
            leaf_hash=leaf_hash(text.encode("utf-8")),
            event_type=event.type,
            recorded_at=event.at,
        )
    )
    session.execute(update(ledger_head).where(ledger_head.c.id == 1).values(size=size + 1))
    return int(size)
