"""Exact money: integer minor units with an ISO 4217 currency. Never a float.

Rounding, where a computation divides, is half-up to the minor unit
(``Money.from_fraction``); see docs/billing.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from convenio.shared.errors import InvalidInputError

# Minor-unit exponents of ISO 4217; currencies not listed here have two decimals.
_EXPONENTS: Final[dict[str, int]] = {
    "BHD": 3,
    "CLP": 0,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "OMR": 3,
    "PYG": 0,
    "TND": 3,
    "UGX": 0,
    "VND": 0,
    "XAF": 0,
    "XOF": 0,
}


def exponent_of(currency: str) -> int:
    """Number of decimals of a currency's minor unit."""
    return _EXPONENTS.get(currency, 2)


def _check_currency(currency: str) -> str:
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise InvalidInputError(
            f"{currency!r} is not an ISO 4217 currency code (three capital letters, e.g. USD)",
            currency=currency,
        )
    return currency


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An exact amount in minor units (cents for USD and EUR)."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("Money.minor must be an int (minor units), never a float")
        _check_currency(self.currency)

    @classmethod
    def parse(cls, text: str, currency: str) -> Money:
        """Read a decimal string such as ``"6000000.00"`` exactly.

        Raises:
            InvalidInputError: not a number, or more decimals than the currency has.
        """
        _check_currency(currency)
        try:
            value = Decimal(str(text).strip())
        except InvalidOperation:
            raise InvalidInputError(f"{text!r} is not an amount", value=text) from None
        if not value.is_finite():
            raise InvalidInputError(f"{text!r} is not an amount", value=text)
        scale = Decimal(1).scaleb(-exponent_of(currency))
        if value != value.quantize(scale):
            raise InvalidInputError(
                f"{text!r} has more decimals than {currency} has ({exponent_of(currency)})",
                value=text,
            )
        return cls(int(value.scaleb(exponent_of(currency))), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Nothing, in a currency."""
        return cls(0, currency)

    @classmethod
    def from_fraction(cls, minor: Fraction, currency: str) -> Money:
        """Round an exact fraction of minor units half-up (away from zero on .5)."""
        rounded = Decimal(minor.numerator) / Decimal(minor.denominator)
        whole = rounded.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return cls(int(whole), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInputError(
                f"cannot combine {other.currency} with {self.currency}",
                left=self.currency,
                right=other.currency,
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def times(self, count: int) -> Money:
        """This amount ``count`` times (exact)."""
        return Money(self.minor * count, self.currency)

    def scaled(self, ratio: Fraction) -> Money:
        """This amount times an exact ratio, rounded half-up to the minor unit."""
        return Money.from_fraction(Fraction(self.minor) * ratio, self.currency)

    def split(self, parts: int) -> list[Money]:
        """Split into ``parts`` amounts that differ by at most one minor unit and sum exactly."""
        if parts <= 0:
            raise InvalidInputError("cannot split into zero parts", parts=parts)
        base, rest = divmod(self.minor, parts)
        return [Money(base + (1 if i < rest else 0), self.currency) for i in range(parts)]

    def amount_text(self) -> str:
        """The amount as a plain decimal string, e.g. ``"500000.00"``."""
        exponent = exponent_of(self.currency)
        return str(Decimal(self.minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent)))

    def __str__(self) -> str:
        return f"{self.currency} {self.amount_text()}"
