"""Statistical disclosure control for published figures: cells under 5 are suppressed."""

from __future__ import annotations

from typing import Final

THRESHOLD: Final = 5
SUPPRESSED: Final = "<5"


def cell(count: int) -> int | str:
    """A published count: the count, or ``"<5"`` for 1–4 (zero is published as 0)."""
    if 0 < count < THRESHOLD:
        return SUPPRESSED
    return count


def table(counts: dict[str, int]) -> dict[str, int | str]:
    """Suppress every small cell of a one-way table.

    If exactly one cell is suppressed, the next smallest is suppressed too, so the hidden
    value cannot be recovered from a published total.
    """
    published: dict[str, int | str] = {key: cell(value) for key, value in counts.items()}
    hidden = [key for key, value in published.items() if value == SUPPRESSED]
    if len(hidden) == 1:
        candidates = sorted(
            (value, key) for key, value in counts.items() if key not in hidden and value > 0
        )
        if candidates:
            published[candidates[0][1]] = SUPPRESSED
    return published
