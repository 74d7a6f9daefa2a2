"""Properties of the pure billing core (hypothesis)."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convenio.billing.domain.accrual import accrue, reconcile
from convenio.billing.domain.calendar import Month, half_up, months_between
from convenio.billing.domain.errors import InvalidIntervalError, InvoiceTransitionError
from convenio.billing.domain.fees import month_lines
from convenio.billing.domain.invoice import (
    Account,
    InvoiceStatus,
    check_transition,
    next_status,
)
from convenio.billing.domain.model import CustodyInterval, DayCount, FeeModel, Schedule
from convenio.billing.domain.repair import Billed, repair_lines
from convenio.shared.money import Money

START = date(2025, 1, 1)
RATE = Money.parse("54.79", "USD")
PER_DIEM = (Schedule(START, FeeModel.PER_DIEM, RATE),)
MONTHLY = (Schedule(START, FeeModel.PER_PERSON_MONTH, Money.parse("8500.00", "EUR")),)
MONTHS = months_between(Month(2025, 1), Month(2025, 12))

day_counts = st.builds(DayCount, st.booleans(), st.booleans())


@st.composite
def intervals(draw, count=st.integers(1, 8)):
    found = []
    for index in range(draw(count)):
        admitted = START + timedelta(days=draw(st.integers(0, 300)))
        length = draw(st.one_of(st.none(), st.integers(0, 120)))
        exited = None if length is None else admitted + timedelta(days=length)
        found.append(CustodyInterval(f"s{index}", f"p{index}", "F1", admitted, exited))
    return found


def _paid_days(interval, rule, through):
    paid = rule.billable(interval)
    if paid is None:
        return 0
    last = through if paid[1] is None or paid[1] > through else paid[1]
    return max(0, (last - paid[0]).days + 1)


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6))
def test_half_up_matches_money_rounding(numerator, denominator):
    expected = Money.from_fraction(Fraction(numerator, denominator), "USD").minor
    assert half_up(numerator, denominator) == expected


@given(intervals(), day_counts)
def test_accrual_over_the_months_counts_every_paid_day_exactly_once(stays, rule):
    entries = [e for m in MONTHS for e in accrue(stays, rule, PER_DIEM, m)]
    for stay in stays:
        accrued = sum(e.days for e in entries if e.stay_id == stay.stay_id)
        assert accrued == _paid_days(stay, rule, date(2025, 12, 31))


@given(intervals())
def test_per_diem_lines_over_the_months_charge_rate_times_paid_days(stays):
    rule = DayCount(arrival_day=True, departure_day=False)
    lines = [
        line for m in MONTHS for line in month_lines(accrue(stays, rule, PER_DIEM, m), PER_DIEM, m)
    ]
    days = sum(_paid_days(s, rule, date(2025, 12, 31)) for s in stays)
    assert sum(line.amount_minor for line in lines) == RATE.minor * days


@given(intervals(), st.sampled_from(MONTHS))
def test_each_per_person_month_line_is_the_prorated_fee_rounded_half_up(stays, month):
    rule = DayCount(arrival_day=True, departure_day=False)
    for line in month_lines(accrue(stays, rule, MONTHLY, month), MONTHLY, month):
        exact = Fraction(850000 * line.days, month.days)
        assert abs(Fraction(line.amount_minor) - exact) <= Fraction(1, 2)
        assert (
            line.amount_minor
            == Money.parse("8500.00", "EUR").scaled(Fraction(line.days, month.days)).minor
        )


@given(intervals(), day_counts, st.sampled_from(MONTHS))
def test_reaccruing_the_same_intervals_adds_nothing(stays, rule, month):
    first = accrue(stays, rule, PER_DIEM, month)
    latest = {e.key: e for e in first}
    again = accrue(stays, rule, PER_DIEM, month)
    assert reconcile(latest, again, lambda _k: True, {}) == []


@given(st.integers(1, 10**9), st.integers(1, 60))
def test_block_instalments_sum_exactly_to_the_block(amount, period):
    from convenio.billing.domain.fees import instalment

    schedule = Schedule(
        START, FeeModel.FIXED_BLOCK, Money(amount, "USD"), places=1, period_months=period
    )
    months = months_between(Month(2025, 1), Month(2025 + (period - 1) // 12 + 1, 12))[:period]
    parts = [instalment(schedule, m)[2] for m in months]
    assert sum(parts) == amount
    assert max(parts) - min(parts) <= 1


@settings(max_examples=200)
@given(
    st.integers(0, 200),
    st.integers(0, 200),
    st.integers(0, 200),
)
def test_a_corrected_release_date_yields_one_repair_line_of_the_difference(
    admitted_offset, old_length, new_length
):
    rule = DayCount(arrival_day=True, departure_day=False)
    admitted = START + timedelta(days=admitted_offset)
    before = CustodyInterval("s", "p", "F1", admitted, admitted + timedelta(days=old_length))
    after = CustodyInterval(
        "s", "p", "F1", admitted, admitted + timedelta(days=new_length), revision=2
    )
    for month in MONTHS:
        old = {
            line.key: line
            for line in month_lines(accrue([before], rule, PER_DIEM, month), PER_DIEM, month)
        }
        new = {
            line.key: line
            for line in month_lines(accrue([after], rule, PER_DIEM, month), PER_DIEM, month)
        }
        billed = {k: Billed(v.amount_minor, v.days, f"L-{k}", v) for k, v in old.items()}
        repairs = repair_lines(set(old) | set(new), new, billed)
        difference = sum(v.amount_minor for v in new.values()) - sum(
            v.amount_minor for v in old.values()
        )
        if difference == 0:
            assert repairs == []
            continue
        assert len(repairs) == 1
        assert repairs[0].amount_minor == difference
        if old:
            assert repairs[0].corrects_line_id == f"L-{next(iter(old))}"


def test_same_day_arrival_and_departure_is_one_day_when_either_end_counts():
    stay = CustodyInterval("s", "p", "F1", date(2025, 3, 3), date(2025, 3, 3))
    assert DayCount(True, False).billable(stay) == (date(2025, 3, 3), date(2025, 3, 3))
    assert DayCount(False, True).billable(stay) == (date(2025, 3, 3), date(2025, 3, 3))
    assert DayCount(False, False).billable(stay) is None


def test_an_interval_ending_before_it_starts_is_refused():
    stay = CustodyInterval("s", "p", "F1", date(2025, 3, 3), date(2025, 3, 1))
    with pytest.raises(InvalidIntervalError, match="before admitted_on"):
        DayCount(True, False).billable(stay)


def test_an_issued_invoice_cannot_go_back_to_draft_or_be_voided():
    for wanted in (InvoiceStatus.DRAFT, InvoiceStatus.VOID):
        with pytest.raises(InvoiceTransitionError):
            check_transition("inv", InvoiceStatus.ISSUED, wanted)


def test_status_follows_disputes_and_payments():
    owed = Account(total_minor=1000, credited_minor=0, paid_minor=400, open_disputes=0)
    assert next_status(InvoiceStatus.ISSUED, owed) is InvoiceStatus.ISSUED
    paid = Account(total_minor=1000, credited_minor=0, paid_minor=1000, open_disputes=0)
    assert next_status(InvoiceStatus.ISSUED, paid) is InvoiceStatus.PAID
    disputed = Account(total_minor=1000, credited_minor=0, paid_minor=0, open_disputes=1)
    assert next_status(InvoiceStatus.ISSUED, disputed) is InvoiceStatus.DISPUTED
    resolved = Account(total_minor=1000, credited_minor=300, paid_minor=700, open_disputes=0)
    assert next_status(InvoiceStatus.DISPUTED, resolved) is InvoiceStatus.SETTLED
    unpaid = Account(total_minor=1000, credited_minor=300, paid_minor=0, open_disputes=0)
    assert next_status(InvoiceStatus.DISPUTED, unpaid) is InvoiceStatus.DISPUTED


def test_month_parsing_names_the_field():
    assert str(Month.parse("2025-04")) == "2025-04"
    for bad in ("2025-4", "2025-13", "April", "2025-04-01"):
        with pytest.raises(Exception, match="--month"):
            Month.parse(bad, field="--month")
