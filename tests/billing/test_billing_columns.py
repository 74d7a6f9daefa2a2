"""The columnar month (``domain.monthly``) against the per-record reference (``accrual``,
``fees``): the same entries, lines, reconciliation and refusals for any custody."""

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convenio.billing.domain import monthly
from convenio.billing.domain.accrual import accrue, reconcile
from convenio.billing.domain.calendar import Month, months_between
from convenio.billing.domain.columns import entries_frame, entries_of, lines_of
from convenio.billing.domain.errors import InvalidIntervalError
from convenio.billing.domain.fees import month_lines
from convenio.billing.domain.model import CustodyInterval, DayCount, FeeModel, Schedule
from convenio.shared.money import Money

START = date(2025, 1, 1)
SCHEDULES = {
    "per diem with a rate change": (
        Schedule(START, FeeModel.PER_DIEM, Money.parse("54.79", "USD")),
        Schedule(date(2025, 5, 16), FeeModel.PER_DIEM, Money.parse("61.00", "USD")),
    ),
    "person-month": (Schedule(START, FeeModel.PER_PERSON_MONTH, Money.parse("8500.00", "EUR")),),
    "block from February": (
        Schedule(
            date(2025, 2, 1),
            FeeModel.FIXED_BLOCK,
            Money.parse("6000000.00", "USD"),
            places=3,
            period_months=12,
            overage_per_day=Money.parse("120.80", "USD"),
        ),
    ),
}
MONTHS = months_between(Month(2025, 1), Month(2025, 8))


@st.composite
def custody(draw, count=st.integers(0, 10)):
    found = []
    for index in range(draw(count)):
        admitted = START + timedelta(days=draw(st.integers(0, 240)))
        length = draw(st.one_of(st.none(), st.integers(0, 90)))
        exited = None if length is None else admitted + timedelta(days=length)
        facility = draw(st.sampled_from(["F1", "F2"]))
        person = draw(st.sampled_from(["p1", "p2", "p3", f"p{index}"]))
        events = tuple(f"e{index}-{n}" for n in range(draw(st.integers(0, 2))))
        revision = draw(st.integers(1, 3))
        found.append(
            CustodyInterval(f"s{index}", person, facility, admitted, exited, events, revision)
        )
    return found


@settings(max_examples=60, deadline=None)
@given(
    custody(),
    st.builds(DayCount, st.booleans(), st.booleans()),
    st.sampled_from(sorted(SCHEDULES)),
    st.sampled_from(MONTHS),
)
def test_a_month_in_columns_is_the_reference_month(stays, rule, model, month):
    schedules = SCHEDULES[model]
    entries = accrue(stays, rule, schedules, month)
    columns = monthly.accrue_frame(monthly.intervals_frame(stays), rule, schedules, month)
    assert entries_of(columns) == entries
    expected = month_lines(entries, schedules, month)
    assert lines_of(monthly.month_lines_frame(columns, schedules, month)) == expected


@settings(max_examples=60, deadline=None)
@given(custody(), custody(), st.sampled_from(MONTHS))
def test_reconciling_columns_appends_what_the_reference_appends(before, now, month):
    rule, schedules = DayCount(True, False), SCHEDULES["per diem with a rate change"]
    earlier = accrue(before, rule, schedules, month)
    computed = accrue(now, rule, schedules, month)
    revisions = {s.stay_id: s.revision for s in now}
    expected = reconcile({e.key: e for e in earlier}, computed, lambda _k: True, revisions)
    found = monthly.reconcile_frame(
        entries_frame(earlier),
        entries_frame(computed),
        pl.DataFrame(
            {"stay_id": list(revisions), "revision": list(revisions.values())},
            schema={"stay_id": pl.String, "revision": pl.Int64},
        ),
    )
    assert entries_of(found) == expected


def test_an_interval_ending_before_it_starts_is_refused_in_columns_too():
    stays = [CustodyInterval("s1", "p1", "F1", date(2025, 3, 5), date(2025, 3, 1))]
    frame = monthly.intervals_frame(stays)
    with pytest.raises(InvalidIntervalError, match="s1"):
        monthly.accrue_frame(frame, DayCount(True, False), SCHEDULES["person-month"], MONTHS[2])
