from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenio.shared.errors import InvalidInputError
from convenio.shared.money import Money


def test_parse_reads_decimal_strings_exactly():
    assert Money.parse("6000000.00", "USD") == Money(600_000_000, "USD")
    assert Money.parse("120.8", "USD").minor == 12080
    assert Money.parse("5", "JPY") == Money(5, "JPY")


@pytest.mark.parametrize("text", ["1.234", "abc", "NaN", "Infinity", ""])
def test_parse_refuses_what_is_not_an_exact_amount(text):
    with pytest.raises(InvalidInputError):
        Money.parse(text, "USD")


def test_floats_are_refused():
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]


def test_currencies_do_not_mix():
    with pytest.raises(InvalidInputError, match="cannot combine"):
        Money(1, "USD") + Money(1, "EUR")


def test_rounding_is_half_up_away_from_zero():
    assert Money.from_fraction(Fraction(5, 2), "USD").minor == 3
    assert Money.from_fraction(Fraction(-5, 2), "USD").minor == -3
    assert Money.from_fraction(Fraction(249, 100), "USD").minor == 2


def test_block_of_six_million_splits_into_twelve_equal_instalments():
    instalments = Money.parse("6000000.00", "USD").split(12)
    assert set(instalments) == {Money.parse("500000.00", "USD")}


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=400))
def test_split_sums_exactly_and_differs_by_at_most_one_cent(minor, parts):
    pieces = Money(minor, "USD").split(parts)
    assert sum(p.minor for p in pieces) == minor
    assert max(p.minor for p in pieces) - min(p.minor for p in pieces) <= 1


def test_amount_text_keeps_the_currency_decimals():
    assert Money(12080, "USD").amount_text() == "120.80"
    assert str(Money(-5, "EUR")) == "EUR -0.05"
