"""Pure custody rules: intervals, the midnight count, corrections, the Rule 7 record."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenio.custody.domain.errors import CommitmentOrderMissingError
from convenio.custody.domain.intake import admission_facts, category_of
from convenio.custody.domain.model import (
    ExitRecord,
    current_exit,
    held_on,
    local_date,
    overlaps,
    peak_occupancy,
    population_series,
)

T0 = datetime(2025, 3, 16, tzinfo=UTC)


def test_peak_counts_intervals_open_at_the_same_time():
    hour = timedelta(hours=1)
    intervals = [(T0, T0 + 2 * hour), (T0 + hour, None), (T0 + 2 * hour, T0 + 3 * hour)]
    assert peak_occupancy(intervals, T0) == 2


def test_peak_ignores_intervals_that_ended_before_the_instant():
    hour = timedelta(hours=1)
    assert peak_occupancy([(T0, T0 + hour), (T0 + 2 * hour, None)], T0 + hour) == 1


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 20)), max_size=30), st.integers(0, 60))
def test_peak_is_the_largest_count_at_any_start(spans, since_hours):
    hour = timedelta(hours=1)
    intervals = [(T0 + s * hour, T0 + (s + d) * hour) for s, d in spans]
    since = T0 + since_hours * hour
    probes = [since] + [start for start, _ in intervals if start >= since]
    brute = max((sum(1 for s, e in intervals if s <= p < e) for p in probes), default=0)
    assert peak_occupancy(intervals, since) == brute


def test_a_stay_counts_until_the_day_before_the_exit_day():
    assert held_on(date(2025, 3, 16), date(2025, 4, 1), date(2025, 3, 31))
    assert not held_on(date(2025, 3, 16), date(2025, 4, 1), date(2025, 4, 1))
    assert not held_on(date(2025, 3, 16), None, date(2025, 3, 15))


def test_overlap_includes_the_exit_day():
    assert overlaps(date(2025, 3, 16), date(2025, 4, 1), date(2025, 4, 1), date(2025, 4, 30))
    assert not overlaps(date(2025, 3, 16), date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 30))


def test_the_highest_revision_of_an_exit_is_in_force():
    first = ExitRecord(
        record_id="a",
        admission_id="s",
        revision=1,
        reason="released",
        exit_at=T0,
        exited_on=date(2025, 3, 16),
    )
    fixed = ExitRecord(
        record_id="b",
        admission_id="s",
        revision=2,
        reason="released",
        exit_at=T0,
        exited_on=date(2025, 3, 20),
    )
    assert current_exit([fixed, first]) is fixed
    assert current_exit([]) is None


def test_local_date_is_the_facility_date():
    late = datetime(2025, 3, 16, 5, 30, tzinfo=UTC)  # 23:30 on the 15th in El Salvador
    assert local_date(late, "America/El_Salvador") == date(2025, 3, 15)


def _person(**extra):
    base = {
        "person_id": "P-1",
        "family_name": "A",
        "given_names": "B",
        "birth_date": "1990-01-01",
        "citizenships": ["VE", "CO"],
        "us_status": "undocumented",
        "languages": ["es"],
        "removal_orders": [
            {
                "id": "R1",
                "basis": "ina_240",
                "issued_on": "2024-01-01",
                "final": True,
                "countries": ["VE"],
            }
        ],
    }
    base.update(extra)
    return base


def test_admission_record_names_the_removal_order_as_legal_basis():
    facts = admission_facts(_person(), case_id="case_1", movement_id="mov_1", on=date(2025, 3, 16))
    assert facts.legal_basis["removal_orders"] == ["R1"]
    assert facts.identity["family_name"] == "A"
    assert facts.nationality == "VE"
    assert facts.category == "deportee"


def test_nobody_is_received_on_an_aea_designation_alone():
    aea_only = _person(
        removal_orders=[
            {
                "id": "R2",
                "basis": "aea",
                "issued_on": "2025-03-14",
                "final": True,
                "countries": ["SV"],
            }
        ]
    )
    with pytest.raises(CommitmentOrderMissingError):
        admission_facts(aea_only, case_id="c", movement_id=None, on=date(2025, 3, 16))


def test_a_citizen_with_a_sentence_is_a_sentence_transfer():
    assert category_of({"citizenships": ["US"], "us_status": "citizen"}) == "sentence_transfer"
    assert category_of({"citizenships": [], "us_status": "lpr"}) == "sentence_transfer"


@given(
    st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 40))), max_size=25),
    st.integers(0, 50),
    st.integers(0, 30),
)
def test_the_population_series_is_the_midnight_count_of_every_day(spans, first, length):
    base = date(2025, 3, 1)
    stays = [
        (base + timedelta(days=s), None if d is None else base + timedelta(days=s + d))
        for s, d in spans
    ]
    start = base + timedelta(days=first)
    end = start + timedelta(days=length)
    expected = [
        (
            start + timedelta(days=n),
            sum(1 for a, e in stays if held_on(a, e, start + timedelta(days=n))),
        )
        for n in range(length + 1)
    ]
    assert population_series(stays, start, end) == expected
