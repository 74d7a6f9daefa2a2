"""Time as an injectable dependency. Instants are aware datetimes in UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current instant."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests and replays: stands still until advanced."""

    instant: datetime = field(default_factory=lambda: datetime(2025, 3, 15, 12, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """The instant the clock is set to."""
        return self.instant

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.instant = self.instant + delta
