"""Instants read back from the database: SQLite returns them without an offset (stored UTC)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(value: datetime) -> datetime:
    """An instant read from a ``DateTime(timezone=True)`` column, as an aware UTC datetime."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
