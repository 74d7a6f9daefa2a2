"""Parsing and formatting of dates and instants at the edges.

RULEBOOK "Time": an instant carries an offset; a bare date ``D`` means ``D``T00:00:00Z. The
*as-of date* of an instant is its calendar date in the offset it was given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from convenio.shared.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class Instant:
    """An instant as given: keeps the offset it was written with (for the as-of date)."""

    at: datetime

    @property
    def utc(self) -> datetime:
        """The same instant in UTC."""
        return self.at.astimezone(UTC)

    @property
    def local_date(self) -> date:
        """The calendar date in the offset the instant was given in (the as-of date)."""
        return self.at.date()

    def isoformat(self) -> str:
        """ISO 8601 with the original offset."""
        return self.at.isoformat()


def parse_instant(text: str, *, field: str = "instant") -> Instant:
    """Read an ISO 8601 instant with an offset, or a bare date meaning midnight UTC.

    Raises:
        InvalidInputError: the text is not a date or an instant with an offset.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return Instant(datetime(day.year, day.month, day.day, tzinfo=UTC))
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(
            f"{field}: {text!r} is not an ISO 8601 instant "
            "(write e.g. 2025-03-15T19:36:00-04:00, or a date 2025-03-15)",
            field=field,
            value=text,
        ) from None
    if parsed.tzinfo is None:
        raise InvalidInputError(
            f"{field}: {text!r} has no offset; add one (e.g. -04:00 or Z)",
            field=field,
            value=text,
        )
    return Instant(parsed)


def parse_date(text: str, *, field: str = "date") -> date:
    """Read a calendar date ``YYYY-MM-DD``.

    Raises:
        InvalidInputError: the text is not a real date.
    """
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except (ValueError, TypeError):
        raise InvalidInputError(
            f"{field}: {text!r} is not a date (YYYY-MM-DD)", field=field, value=text
        ) from None


def to_utc(at: datetime) -> datetime:
    """Normalise an aware datetime to UTC; refuses naive datetimes."""
    if at.tzinfo is None:
        raise InvalidInputError("an instant must carry an offset", value=at.isoformat())
    return at.astimezone(UTC)


def age_on(birth: date, day: date) -> int:
    """Age in full years on a day (RULEBOOK "Time")."""
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - (1 if before_birthday else 0)


def as_utc(at: datetime) -> datetime:
    """An instant read back from storage, aware in UTC (SQLite returns naive UTC values)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
