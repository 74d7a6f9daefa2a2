"""A small structural reader that collects every problem with the path of the bad key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

T = TypeVar("T")


def describe(value: object) -> str:
    """A short description of a YAML value for error messages."""
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"[:80]


class Problems:
    """Accumulates ``path: message`` lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: str, message: str) -> None:
        """Record a problem at a dotted path."""
        self.lines.append(f"{path}: {message}" if path else message)


def join(path: str, key: object) -> str:
    """Extend a dotted path with a key (dates as ISO dates)."""
    text = key.isoformat() if isinstance(key, date) else str(key)
    return f"{path}.{text}" if path else text


def mapping(
    problems: Problems, path: str, value: object, *, required: set[str], optional: set[str]
) -> dict[str, object] | None:
    """Check a mapping's keys: every required key present, no unknown key."""
    if not isinstance(value, dict):
        problems.add(path, f"expected a mapping, got {describe(value)}")
        return None
    for key in sorted(required - set(value), key=str):
        problems.add(join(path, key), "missing")
    for key in sorted(set(value) - required - optional, key=str):
        problems.add(join(path, key), "unknown key")
    return {str(k): v for k, v in value.items()}


def text(problems: Problems, path: str, value: object) -> str | None:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        problems.add(path, f"expected a non-empty string, got {describe(value)}")
        return None
    return value


def integer(problems: Problems, path: str, value: object, *, minimum: int = 0) -> int | None:
    """An integer (booleans refused) at least ``minimum``."""
    if not isinstance(value, int) or isinstance(value, bool):
        problems.add(path, f"expected an integer, got {describe(value)}")
        return None
    if value < minimum:
        problems.add(path, f"expected an integer of at least {minimum}, got {value}")
        return None
    return value


def boolean(problems: Problems, path: str, value: object) -> bool | None:
    """``true`` or ``false``."""
    if not isinstance(value, bool):
        problems.add(path, f"expected true or false, got {describe(value)}")
        return None
    return value


def day(problems: Problems, path: str, value: object) -> date | None:
    """A calendar date (YAML date or ISO string)."""
    if isinstance(value, datetime):
        problems.add(path, f"expected a date, got an instant {value!r}")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(path, f"expected a date YYYY-MM-DD, got {describe(value)}")
    return None


def country(problems: Problems, path: str, value: object) -> str | None:
    """An ISO 3166-1 alpha-2 code."""
    if isinstance(value, str) and len(value) == 2 and value.isalpha() and value.isupper():
        return value
    problems.add(path, f"expected an ISO 3166-1 alpha-2 code such as SV, got {describe(value)}")
    return None


def dated(
    problems: Problems,
    path: str,
    value: object,
    read: Callable[[Problems, str, object], T | None],
) -> list[tuple[date, T, str]]:
    """A mapping ``date -> {value, reference}``, sorted by date."""
    if not isinstance(value, dict) or not value:
        problems.add(
            path, f"expected dated values (DATE: {{value, reference}}), got {describe(value)}"
        )
        return []
    found: list[tuple[date, T, str]] = []
    for key, entry in value.items():
        entry_path = join(path, key)
        start = day(problems, entry_path, key)
        fields = mapping(
            problems, entry_path, entry, required={"value", "reference"}, optional=set()
        )
        if fields is None or start is None or "value" not in fields:
            continue
        parsed = read(problems, join(entry_path, "value"), fields.get("value"))
        reference = text(problems, join(entry_path, "reference"), fields.get("reference"))
        if parsed is not None and reference is not None:
            found.append((start, parsed, reference))
    return sorted(found, key=lambda item: item[0])
