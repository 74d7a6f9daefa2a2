"""The public locator: exact queries in, one of three answers out.

The answer reveals nothing beyond "held at FACILITY since DATE", "released or returned on
DATE" or "no record" — in particular nothing like "known to the sending state but not held".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from convenio.shared.errors import InvalidInputError

_A_NUMBER = re.compile(r"^A?\d{7,9}$")
_WILDCARDS = re.compile(r"[*%?_\\]")
_MIN_NAME = 2


class AnswerKind(StrEnum):
    """The only three things the locator ever says."""

    HELD = "held"
    LEFT = "released_or_returned"
    NO_RECORD = "no_record"


@dataclass(frozen=True, slots=True)
class LocatorAnswer:
    """An answer: for HELD a facility and a date; for LEFT a date; for NO_RECORD nothing."""

    kind: AnswerKind
    facility: str | None = None
    on: date | None = None

    @classmethod
    def no_record(cls) -> LocatorAnswer:
        """The answer for anything not held or released under the agreement."""
        return cls(AnswerKind.NO_RECORD)


@dataclass(frozen=True, slots=True)
class ByANumber:
    """A query by A-number, normalised to ``A`` + 9 digits."""

    a_number: str


@dataclass(frozen=True, slots=True)
class ByIdentity:
    """A query by family name, given names, birth date and country (all required, exact)."""

    family_name: str
    given_names: str
    birth_date: date
    country: str


def normalise_a_number(text: str) -> str:
    """``A12345678`` → ``A012345678``.

    Raises:
        InvalidInputError: not an A-number (7 to 9 digits, optionally prefixed with A).
    """
    value = text.strip().upper().replace("-", "").replace(" ", "")
    if not _A_NUMBER.match(value):
        raise InvalidInputError(
            "a_number: write an A-number of 7 to 9 digits, e.g. A201234567",
            field="a_number",
        )
    digits = value.removeprefix("A")
    return "A" + digits.zfill(9)


def normalise_name(text: str, *, field: str) -> str:
    """Exact-match form of a name: NFC, trimmed, single spaces. Wildcards are refused."""
    value = " ".join(unicodedata.normalize("NFC", text).split())
    if len(value) < _MIN_NAME:
        raise InvalidInputError(f"{field}: write the full name", field=field)
    if _WILDCARDS.search(value):
        raise InvalidInputError(
            f"{field}: the locator searches exact names only; wildcards are not accepted",
            field=field,
        )
    return value


def normalise_country(text: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case."""
    value = text.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise InvalidInputError("country: choose a country (ISO code such as VE)", field="country")
    return value


def parse_query(fields: dict[str, str]) -> ByANumber | ByIdentity:
    """The exact query a form or a request asks: an A-number, or the full identity.

    Raises:
        InvalidInputError: naming the field that is missing, partial or has a wildcard.
    """
    if fields.get("a_number", "").strip():
        return ByANumber(normalise_a_number(fields["a_number"]))
    text = fields.get("birth_date", "").strip()
    try:
        born = date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            "birth_date: write the date of birth as YYYY-MM-DD (or give an A-number)",
            field="birth_date",
        ) from None
    return ByIdentity(
        family_name=normalise_name(fields.get("family_name", ""), field="family_name"),
        given_names=normalise_name(fields.get("given_names", ""), field="given_names"),
        birth_date=born,
        country=normalise_country(fields.get("country", "")),
    )
