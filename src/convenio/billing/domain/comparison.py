"""What custody abroad costs against what the same person-days would cost at home."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from convenio.billing.domain.calendar import Month
from convenio.billing.domain.model import ONE_DAY, AccrualEntry
from convenio.shared.money import Money

FORECAST_ASSUMPTION = (
    "Everyone in custody on {as_of} stays in custody for every day of the forecast months; "
    "nobody arrives and nobody leaves; the fee schedule and domestic cost in force continue."
)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """One month's raw figures (computed by the services from accruals and invoices)."""

    month: Month
    person_days: int
    domestic_cost: Money
    fees_accrued: Money
    fees_invoiced: Money
    fees_paid: Money


@dataclass(frozen=True, slots=True)
class MonthComparison:
    """Fees to the receiving state (its revenue) against the domestic cost of the same days.

    ``fees_accrued``: what custody earned this month under the agreement, from the current
    accruals. ``fees_invoiced``: what issued invoices charged for this month (original lines
    and later repairs). ``saving``: domestic cost less fees accrued (negative: abroad costs
    more).
    """

    month: Month
    person_days: int
    domestic_cost: Money
    fees_accrued: Money
    fees_invoiced: Money
    fees_paid: Money
    saving: Money
    cumulative_person_days: int
    cumulative_domestic_cost: Money
    cumulative_fees_accrued: Money
    cumulative_saving: Money


def domestic_cost(
    entries: Sequence[AccrualEntry], rates: Sequence[tuple[date, Money]], month: Month
) -> tuple[int, int]:
    """(person-days, cost in minor units) of ``entries`` at the domestic cost per day in force
    on each day. Exact: a rate per day times whole days needs no rounding."""
    ordered = sorted(rates)
    person_days = 0
    cost = 0
    for index, (start, rate) in enumerate(ordered):
        end = ordered[index + 1][0] - ONE_DAY if index + 1 < len(ordered) else month.last
        low, high = max(start, month.first), min(end, month.last)
        if low > high:
            continue
        for entry in entries:
            if entry.first_day is None or entry.last_day is None:
                continue
            first = max(entry.first_day, low)
            last = min(entry.last_day, high)
            if first <= last:
                days = (last - first).days + 1
                person_days += days
                cost += days * rate.minor
    return person_days, cost


def cumulate(figures: Sequence[MonthFigures], currency: str) -> list[MonthComparison]:
    """Add savings and running totals, month by month."""
    rows: list[MonthComparison] = []
    days = 0
    domestic = fees = Money.zero(currency)
    for item in sorted(figures, key=lambda f: f.month):
        days += item.person_days
        domestic += item.domestic_cost
        fees += item.fees_accrued
        rows.append(
            MonthComparison(
                month=item.month,
                person_days=item.person_days,
                domestic_cost=item.domestic_cost,
                fees_accrued=item.fees_accrued,
                fees_invoiced=item.fees_invoiced,
                fees_paid=item.fees_paid,
                saving=item.domestic_cost - item.fees_accrued,
                cumulative_person_days=days,
                cumulative_domestic_cost=domestic,
                cumulative_fees_accrued=fees,
                cumulative_saving=domestic - fees,
            )
        )
    return rows
