from datetime import date

import pytest

from convenio.shared.dates import age_on, parse_date, parse_instant
from convenio.shared.errors import InvalidInputError


def test_as_of_date_is_the_date_in_the_offset_given():
    instant = parse_instant("2025-03-15T23:30:00-04:00")
    assert instant.local_date == date(2025, 3, 15)
    assert instant.utc.date() == date(2025, 3, 16)


def test_bare_date_means_midnight_utc():
    assert parse_instant("2025-03-15").isoformat() == "2025-03-15T00:00:00+00:00"


@pytest.mark.parametrize("text", ["2025-03-15T19:36:00", "yesterday", "2025-02-30"])
def test_bad_instants_are_refused_with_the_field_named(text):
    with pytest.raises(InvalidInputError, match="--as-of"):
        parse_instant(text, field="--as-of")


def test_parse_date_refuses_impossible_dates():
    with pytest.raises(InvalidInputError, match="'1990-02-30' is not a date"):
        parse_date("1990-02-30", field="birth_date")


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(2007, 3, 15), date(2025, 3, 15), 18),  # on the birthday
        (date(2007, 3, 16), date(2025, 3, 15), 17),  # the day before
        (date(1980, 2, 29), date(2025, 2, 28), 44),  # leap-day birth, non-leap year
        (date(1980, 2, 29), date(2025, 3, 1), 45),
    ],
)
def test_age_in_full_years(birth, day, age):
    assert age_on(birth, day) == age
