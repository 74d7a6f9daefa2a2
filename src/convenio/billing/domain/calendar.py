"""Calendar months and the one rounding rule of billing (half-up to the minor unit)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from convenio.shared.errors import InvalidInputError


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, e.g. ``Month(2025, 4)``; written ``2025-04``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise InvalidInputError(f"{self.year}-{self.month:02d} is not a month")

    @classmethod
    def parse(cls, text: str, *, field: str = "month") -> Month:
        """Read ``YYYY-MM``.

        Raises:
            InvalidInputError: naming the field and the text.
        """
        parts = text.strip().split("-")
        if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
            raise InvalidInputError(
                f"{field}: {text!r} is not a month; write YYYY-MM, e.g. 2025-04",
                field=field,
                value=text,
            )
        try:
            return cls(int(parts[0]), int(parts[1]))
        except (ValueError, InvalidInputError):
            raise InvalidInputError(
                f"{field}: {text!r} is not a month; write YYYY-MM, e.g. 2025-04",
                field=field,
                value=text,
            ) from None

    @classmethod
    def of(cls, day: date) -> Month:
        """The month a day falls in."""
        return cls(day.year, day.month)

    @property
    def days(self) -> int:
        """Number of days in the month."""
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first(self) -> date:
        """The first day."""
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """The last day."""
        return date(self.year, self.month, self.days)

    def next(self) -> Month:
        """The following month."""
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def index(self) -> int:
        """Months since year 0 (differences give month counts)."""
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive (empty when ``last`` is earlier)."""
    months: list[Month] = []
    current = first
    while current <= last:
        months.append(current)
        current = current.next()
    return months


def half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to an integer, halves away from zero.

    The rounding rule of billing: every line is rounded once, half-up to the minor unit.
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude
