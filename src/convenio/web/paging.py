"""Pages of long lists: ``?page=N`` with a fixed page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

PAGE_SIZE: Final = 25
MAX_PAGE: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a list is shown: page ``number`` (from 1) of ``size`` rows."""

    number: int
    size: int = PAGE_SIZE
    total: int = 0

    @classmethod
    def at(cls, number: int | None, size: int = PAGE_SIZE) -> Page:
        """Page ``number`` (out-of-range numbers are clamped to 1..MAX_PAGE)."""
        return cls(number=min(max(number or 1, 1), MAX_PAGE), size=size)

    @property
    def offset(self) -> int:
        """How many rows come before this page."""
        return (self.number - 1) * self.size

    def of(self, total: int) -> Page:
        """The same page, knowing the total number of rows."""
        return Page(number=self.number, size=self.size, total=total)

    @property
    def first(self) -> int:
        """The position of the first row shown (1-based; 0 when empty)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        """The position of the last row shown."""
        return min(self.offset + self.size, self.total)

    @property
    def has_previous(self) -> bool:
        """Whether a previous page exists."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.offset + self.size < self.total
