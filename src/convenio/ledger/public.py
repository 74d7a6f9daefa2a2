"""What other contexts may use of the ledger: record an event in their transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from convenio.ledger import services
from convenio.shared.events import Event


def record(session: Session, event: Event) -> int:
    """Append ``event`` as a ledger leaf in the caller's transaction; returns the leaf index."""
    return services.append_event(session, event)


__all__ = ["Event", "record"]
