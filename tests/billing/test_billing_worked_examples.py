"""The worked examples of the real agreements, computed by the domain."""

from datetime import date

from convenio.billing.domain.accrual import accrue
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.fees import instalment, month_lines
from convenio.billing.domain.invoice import total_of
from convenio.billing.domain.model import CustodyInterval, LineKind
from convenio.billing.invoicing import terms_of
from convenio.shared.money import Money


def _stay(stay_id, admitted, exited=None, facility="F1"):
    return CustodyInterval(stay_id, f"p-{stay_id}", facility, admitted, exited, (f"e-{stay_id}",))


def test_usd_6m_block_for_300_places_is_twelve_instalments_of_500000(block):
    bt = terms_of(block)
    schedule = bt.schedules[0]
    months = [Month(2025, 3)]
    while len(months) < 12:
        months.append(months[-1].next())
    amounts = [instalment(schedule, m) for m in months]
    assert [a[0] for a in amounts] == list(range(1, 13))
    assert {Money(a[2], "USD") for a in amounts} == {Money.parse("500000.00", "USD")}
    assert sum(a[2] for a in amounts) == Money.parse("6000000.00", "USD").minor
    assert instalment(schedule, Month(2026, 3))[0] == 1  # a block still in force renews


def test_block_invoice_for_238_people_is_one_instalment_without_overage(block):
    bt = terms_of(block)
    month = Month(2025, 4)
    stays = [_stay(f"s{i}", date(2025, 3, 16), facility="CECOT") for i in range(238)]
    lines = month_lines(accrue(stays, bt.day_count, bt.schedules, month), bt.schedules, month)
    kinds = [line.kind for line in lines]
    assert kinds.count(LineKind.PERSON_DAYS) == 238
    assert all(line.amount_minor == 0 for line in lines if line.kind is LineKind.PERSON_DAYS)
    assert LineKind.OVERAGE not in kinds
    assert total_of(lines) == Money.parse("500000.00", "USD").minor


def test_block_overage_charges_person_days_above_the_places(block):
    bt = terms_of(block)
    month = Month(2025, 4)  # 30 days: the block covers 300 × 30 = 9000 person-days
    stays = [_stay(f"s{i}", date(2025, 3, 20), facility="CECOT") for i in range(310)]
    lines = month_lines(accrue(stays, bt.day_count, bt.schedules, month), bt.schedules, month)
    overage = [line for line in lines if line.kind is LineKind.OVERAGE]
    assert len(overage) == 1
    assert overage[0].days == 310 * 30 - 9000
    assert overage[0].amount_minor == 300 * Money.parse("54.79", "USD").minor
    assert total_of(lines) == Money.parse("516437.00", "USD").minor


def test_eur_8500_per_person_month_arriving_on_the_17th_of_a_30_day_month(per_person_month):
    bt = terms_of(per_person_month)
    month = Month(2025, 9)
    assert month.days == 30
    entries = accrue([_stay("a", date(2025, 9, 17))], bt.day_count, bt.schedules, month)
    assert [e.days for e in entries] == [14]  # arrival day counts: 17..30
    (line,) = month_lines(entries, bt.schedules, month)
    assert Money(line.amount_minor, "EUR") == Money.parse("3966.67", "EUR")


def test_per_diem_stay_crossing_a_month_end_is_split_between_the_months(per_diem):
    bt = terms_of(per_diem)
    stay = _stay("x", date(2025, 3, 25), date(2025, 4, 5))  # departure day not counted
    march = month_lines(
        accrue([stay], bt.day_count, bt.schedules, Month(2025, 3)), bt.schedules, Month(2025, 3)
    )
    april = month_lines(
        accrue([stay], bt.day_count, bt.schedules, Month(2025, 4)), bt.schedules, Month(2025, 4)
    )
    assert [(line.first_day, line.last_day, line.days) for line in march] == [
        (date(2025, 3, 25), date(2025, 3, 31), 7)
    ]
    assert [(line.first_day, line.last_day, line.days) for line in april] == [
        (date(2025, 4, 1), date(2025, 4, 4), 4)
    ]
    assert Money(march[0].amount_minor, "USD") == Money.parse("383.53", "USD")
    assert Money(april[0].amount_minor, "USD") == Money.parse("219.16", "USD")


def test_a_schedule_change_mid_month_splits_the_month(per_diem):
    bt = terms_of(per_diem)
    month = Month(2025, 5)
    lines = month_lines(
        accrue([_stay("m", date(2025, 4, 1))], bt.day_count, bt.schedules, month),
        bt.schedules,
        month,
    )
    assert [(line.schedule_from, line.days) for line in lines] == [
        (date(2025, 3, 1), 15),
        (date(2025, 5, 16), 16),
    ]
    assert total_of(lines) == 15 * 5479 + 16 * 6000
