"""Fees by month, the cost comparison with domestic custody, and the forecast."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from convenio.billing import invoicing, services
from convenio.billing.adapters import accruals, store
from convenio.billing.adapters.sql import billing_invoices, billing_payments
from convenio.billing.domain.accrual import accrue
from convenio.billing.domain.calendar import Month, months_between
from convenio.billing.domain.columns import entries_of
from convenio.billing.domain.comparison import (
    FORECAST_ASSUMPTION,
    MonthComparison,
    MonthFigures,
    cumulate,
    domestic_cost,
)
from convenio.billing.domain.fees import month_lines
from convenio.billing.domain.invoice import BILLED, total_of
from convenio.billing.domain.model import AccrualEntry, CustodyInterval
from convenio.billing.domain.monthly import intervals_of
from convenio.shared.money import Money
from convenio.terms import public as terms


@dataclass(frozen=True, slots=True)
class MonthFees:
    """Fees charged for a month by issued invoices (original lines and later repairs)."""

    agreement_id: str
    month: Month
    invoiced: Money
    paid: Money


def billed_by_month(
    session: Session, agreement_id: str | None = None
) -> dict[tuple[str, date], list[int]]:
    """(agreement, month) -> [minor units charged for the month, minor units paid on its
    invoice], counting only issued (billed) invoices."""
    query = select(
        billing_invoices.c.invoice_id,
        billing_invoices.c.agreement_id,
        billing_invoices.c.month_first,
        billing_invoices.c.currency,
    )
    if agreement_id is not None:
        query = query.where(billing_invoices.c.agreement_id == agreement_id)
    headers = session.execute(query).all()
    current = store.statuses(session, [h.invoice_id for h in headers])
    billed = {h.invoice_id: h for h in headers if current[h.invoice_id][0] in BILLED}
    totals: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0])
    if not billed:
        return totals
    for invoice_id, for_month, amount in store.charged_by_month(session, list(billed)):
        totals[(billed[invoice_id].agreement_id, for_month)][0] += int(amount)
    paid = session.execute(
        select(billing_payments.c.invoice_id, func.sum(billing_payments.c.amount_minor))
        .where(billing_payments.c.invoice_id.in_(list(billed)))
        .group_by(billing_payments.c.invoice_id)
    ).all()
    for invoice_id, amount in paid:
        header = billed[invoice_id]
        totals[(header.agreement_id, header.month_first)][1] += int(amount)
    return totals


def currencies(session: Session) -> dict[str, str]:
    """The currency of each agreement's invoices."""
    rows = session.execute(
        select(billing_invoices.c.agreement_id, billing_invoices.c.currency).distinct()
    ).all()
    return {str(agreement): str(currency) for agreement, currency in rows}


def fees_by_month(session: Session, agreement_id: str | None = None) -> list[MonthFees]:
    """Fees charged to the sending state per month (the receiving state's revenue)."""
    money = currencies(session)
    return [
        MonthFees(
            agreement,
            Month.of(month),
            Money(values[0], money[agreement]),
            Money(values[1], money[agreement]),
        )
        for (agreement, month), values in sorted(billed_by_month(session, agreement_id).items())
    ]


def _figures(
    bt: invoicing.BillingTerms,
    month: Month,
    entries: list[AccrualEntry],
    billed: list[int],
    *,
    charged: bool = True,
) -> MonthFigures:
    _, domestic = domestic_cost(entries, bt.domestic_cost_per_day, month)
    fees = total_of(month_lines(entries, bt.schedules, month)) if charged else 0
    return MonthFigures(
        month=month,
        person_days=sum(e.days for e in entries),
        domestic_cost=Money(domestic, bt.currency),
        fees_accrued=Money(fees, bt.currency),
        fees_invoiced=Money(billed[0], bt.currency),
        fees_paid=Money(billed[1], bt.currency),
    )


def cost_comparison(
    session: Session, agreement: terms.Agreement, start: Month | date, end: Month | date
) -> list[MonthComparison]:
    """Per month from ``start`` to ``end`` (months, or days naming their months):
    person-days, their domestic cost, the fees the receiving state earns (accrued, invoiced,
    paid), the saving and running totals."""
    start = start if isinstance(start, Month) else Month.of(start)
    end = end if isinstance(end, Month) else Month.of(end)
    bt = invoicing.terms_of(agreement)
    billed = billed_by_month(session, bt.agreement_id)
    accrued = set(accruals.accrued_months(session, bt.agreement_id))
    figures = [
        _figures(
            bt,
            month,
            entries_of(invoicing.current_entries(session, bt.agreement_id, month)),
            billed.get((bt.agreement_id, month.first), [0, 0]),
            charged=month.first in accrued,
        )
        for month in months_between(start, end)
    ]
    return cumulate(figures, bt.currency)


@dataclass(frozen=True, slots=True)
class Forecast:
    """The coming months if the current population stays (see ``assumption``)."""

    as_of: date
    population: int
    assumption: str
    months: tuple[MonthComparison, ...]


def forecast(
    session: Session,
    agreement: terms.Agreement,
    as_of: date,
    months: int = 12,
    *,
    source: services.IntervalSource | None = None,
) -> Forecast:
    """Fees and domestic cost of the ``months`` after ``as_of``'s month, assuming everyone in
    custody on ``as_of`` stays and nobody arrives."""
    bt = invoicing.terms_of(agreement)
    found = (source or services.custody_intervals)(session, as_of, as_of)
    stays = intervals_of(found) if isinstance(found, pl.DataFrame) else found
    present = [
        CustodyInterval(
            i.stay_id, i.person_id, i.facility_id, i.admitted_on, None, i.source_events, i.revision
        )
        for i in stays
        if i.admitted_on <= as_of and (i.exited_on is None or i.exited_on > as_of)
    ]
    first = Month.of(as_of).next()
    coming = months_between(first, Month.of(date(first.year + 10, 1, 1)))[: max(months, 0)]
    figures = [
        _figures(bt, month, accrue(present, bt.day_count, bt.schedules, month), [0, 0])
        for month in coming
    ]
    return Forecast(
        as_of=as_of,
        population=len({i.person_id for i in present}),
        assumption=FORECAST_ASSUMPTION.format(as_of=as_of.isoformat()),
        months=tuple(cumulate(figures, bt.currency)),
    )
