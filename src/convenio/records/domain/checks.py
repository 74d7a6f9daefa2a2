"""Checks of single values of the interchange format: each returns a message or ``None``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Final

from convenio.records.domain.codes import COUNTRIES, LANGUAGES

Problem = tuple[str, str]
Check = Callable[[object], str | None]

LINE_FIELD: Final = "<line>"
ID_MAX: Final = 64
TEXT_MAX: Final = 1000
COUNT_MAX: Final = 1_000_000

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
A_NUMBER = re.compile(r"A?([0-9]{7,9})")
_KINDS: Final = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
}


def describe(value: object) -> str:
    """The JSON kind of a value, for messages (``a string``, ``null``...)."""
    return _KINDS.get(type(value), type(value).__name__)


def shown(value: object) -> str:
    """A value as quoted in a message, cut short if long."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@lru_cache(maxsize=1 << 16)
def _date_problem(text: str) -> str | None:
    if _DATE.fullmatch(text) is None:
        return f"{shown(text)} is not a date (YYYY-MM-DD)"
    try:
        date.fromisoformat(text)
    except ValueError:
        return f"{shown(text)} is not a date"
    return None


def check_date(value: object) -> str | None:
    """A calendar date written ``YYYY-MM-DD``."""
    if type(value) is not str:
        return f"expected a date YYYY-MM-DD, got {describe(value)}"
    return _date_problem(value)


def _string_problem(value: object, *, min_length: int, max_length: int) -> str | None:
    if type(value) is not str:
        return f"expected a string, got {describe(value)}"
    if len(value) < min_length or (min_length and not value.strip()):
        return "must not be empty"
    if len(value) > max_length:
        return f"is {len(value)} characters long; at most {max_length} are allowed"
    if "\x00" in value:
        return "contains a NUL character"
    return None


def check_text(value: object) -> str | None:
    """A non-empty string of at most TEXT_MAX characters."""
    if type(value) is str and 0 < len(value) <= TEXT_MAX and "\x00" not in value:
        return None if value.strip() else "must not be empty"
    return _string_problem(value, min_length=1, max_length=TEXT_MAX)


def check_any_text(value: object) -> str | None:
    """A string, possibly empty (given names of a person with a single name)."""
    return _string_problem(value, min_length=0, max_length=TEXT_MAX)


def check_id(value: object) -> str | None:
    """An id: a non-empty string of at most 64 characters."""
    if type(value) is str and 0 < len(value) <= ID_MAX and "\x00" not in value:
        return None if value.strip() else "must not be empty"
    return _string_problem(value, min_length=1, max_length=ID_MAX)


def check_bool(value: object) -> str | None:
    """``true`` or ``false``."""
    return None if type(value) is bool else f"expected true or false, got {describe(value)}"


def check_count(value: object) -> str | None:
    """A whole number from 0 to COUNT_MAX."""
    if type(value) is not int:
        return f"expected a whole number, got {describe(value)}"
    if not 0 <= value <= COUNT_MAX:
        return f"{value} is out of range (0 to {COUNT_MAX:,})"
    return None


def check_a_number(value: object) -> str | None:
    """An A-number: ``A`` and 7 to 9 digits, the ``A`` optional."""
    if type(value) is not str:
        return f"expected a string, got {describe(value)}"
    if A_NUMBER.fullmatch(value) is None:
        return f"{shown(value)} is not an A-number (A followed by 7 to 9 digits)"
    return None


def one_of(values: tuple[str, ...]) -> Check:
    """A check that the value is one of ``values``."""
    allowed = frozenset(values)
    listing = ", ".join(values)

    def check(value: object) -> str | None:
        if type(value) is str and value in allowed:
            return None
        return f"{shown(value)} is not one of {listing}"

    return check


def check_country(value: object) -> str | None:
    """An ISO 3166-1 alpha-2 country code, upper case."""
    if type(value) is str and value in COUNTRIES:
        return None
    return f"{shown(value)} is not an ISO 3166-1 alpha-2 country code (e.g. SV)"


def check_language(value: object) -> str | None:
    """An ISO 639-1 language code, lower case."""
    if type(value) is str and value in LANGUAGES:
        return None
    return f"{shown(value)} is not an ISO 639-1 language code (e.g. es)"
