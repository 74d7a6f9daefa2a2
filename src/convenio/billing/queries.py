"""The read side of billing: invoices with their lines, fees by month, cost comparison."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.billing.adapters import store
from convenio.billing.adapters.sql import (
    billing_dispute_resolutions,
    billing_disputes,
    billing_invoice_status,
    billing_invoices,
    billing_payments,
)
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.invoice import InvoiceKind, InvoiceStatus
from convenio.billing.settlement import account_of, header_of
from convenio.shared.money import Money


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    """An invoice header with its current status and account."""

    invoice_id: str
    number: str
    agreement_id: str
    month: Month
    kind: InvoiceKind
    status: InvoiceStatus
    total: Money
    credited: Money
    paid: Money
    balance: Money
    line_count: int
    created_at: datetime
    digest: str


@dataclass(frozen=True, slots=True)
class LineView:
    """One line: who, which days, which schedule, from which custody events, how much."""

    line_id: str
    position: int
    kind: str
    for_month: Month
    model: str
    schedule_from: date
    facility_id: str | None
    person_id: str | None
    stay_id: str | None
    first_day: date | None
    last_day: date | None
    days: int
    unit: Money
    amount: Money
    revision: int | None
    source_events: tuple[str, ...]
    corrects_line_id: str | None
    description: str


@dataclass(frozen=True, slots=True)
class DisputeView:
    """A dispute on a line and its resolution, if any."""

    dispute_id: str
    line_id: str
    reason: str
    opened_at: datetime
    opened_by: str
    resolution: str | None
    credit: Money | None
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class PaymentView:
    """A payment received against an invoice."""

    payment_id: str
    amount: Money
    paid_on: date
    reference: str
    recorded_by: str


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One row of an invoice's status history."""

    status: InvoiceStatus
    at: datetime
    actor_id: str
    note: str


@dataclass(frozen=True, slots=True)
class InvoiceView:
    """An invoice with everything needed to check it to the cent."""

    summary: InvoiceSummary
    lines: tuple[LineView, ...]
    disputes: tuple[DisputeView, ...]
    payments: tuple[PaymentView, ...]
    history: tuple[StatusChange, ...]


def _summary(session: Session, header: dict[str, Any], status: InvoiceStatus) -> InvoiceSummary:
    account = account_of(session, header)
    currency = header["currency"]
    return InvoiceSummary(
        invoice_id=header["invoice_id"],
        number=header["number"],
        agreement_id=header["agreement_id"],
        month=Month.of(header["month_first"]),
        kind=InvoiceKind(header["kind"]),
        status=status,
        total=Money(account.total_minor, currency),
        credited=Money(account.credited_minor, currency),
        paid=Money(account.paid_minor, currency),
        balance=Money(account.balance_minor, currency),
        line_count=int(header["line_count"]),
        created_at=header["created_at"],
        digest=header["digest"],
    )


def list_invoices(
    session: Session,
    *,
    agreement_id: str | None = None,
    month: Month | None = None,
    status: InvoiceStatus | None = None,
) -> list[InvoiceSummary]:
    """Invoices, newest month first, optionally of one agreement, month or status."""
    query = select(billing_invoices)
    if agreement_id is not None:
        query = query.where(billing_invoices.c.agreement_id == agreement_id)
    if month is not None:
        query = query.where(billing_invoices.c.month_first == month.first)
    headers = [dict(r._mapping) for r in session.execute(query)]
    current = store.statuses(session, [h["invoice_id"] for h in headers])
    found = [
        _summary(session, h, current[h["invoice_id"]][0])
        for h in headers
        if status is None or current[h["invoice_id"]][0] is status
    ]
    return sorted(found, key=lambda s: (s.month, s.number), reverse=True)


def get_invoice(
    session: Session, invoice_id: str, *, offset: int = 0, limit: int | None = None
) -> InvoiceView:
    """An invoice with its lines (``limit`` of them from ``offset`` when given; the summary
    counts them all), disputes, payments and status history.

    Raises:
        NotFoundError: no invoice has this id.
    """
    header = header_of(session, invoice_id)
    currency = header["currency"]
    history = tuple(
        StatusChange(InvoiceStatus(r.status), r.at, r.actor_id, r.note)
        for r in session.execute(
            select(billing_invoice_status)
            .where(billing_invoice_status.c.invoice_id == invoice_id)
            .order_by(billing_invoice_status.c.seq)
        )
    )
    rows = store.line_rows(session, invoice_id, offset=offset, limit=limit)
    lines = tuple(_line_view(row, currency) for row in rows)
    return InvoiceView(
        summary=_summary(session, header, history[-1].status),
        lines=lines,
        disputes=_disputes(session, invoice_id, currency),
        payments=tuple(
            PaymentView(
                r.payment_id, Money(r.amount_minor, currency), r.paid_on, r.reference, r.recorded_by
            )
            for r in session.execute(
                select(billing_payments)
                .where(billing_payments.c.invoice_id == invoice_id)
                .order_by(billing_payments.c.recorded_at, billing_payments.c.payment_id)
            )
        ),
        history=history,
    )


def _line_view(row: dict[str, Any], currency: str) -> LineView:
    line = store.line_from_row(row)
    return LineView(
        line_id=row["line_id"],
        position=row["position"],
        kind=line.kind.value,
        for_month=Month.of(line.for_month),
        model=line.model.value,
        schedule_from=line.schedule_from,
        facility_id=line.facility_id,
        person_id=line.person_id,
        stay_id=line.stay_id,
        first_day=line.first_day,
        last_day=line.last_day,
        days=line.days,
        unit=Money(line.unit_minor, currency),
        amount=Money(line.amount_minor, currency),
        revision=line.revision,
        source_events=line.source_events,
        corrects_line_id=line.corrects_line_id,
        description=line.description,
    )


def _disputes(session: Session, invoice_id: str, currency: str) -> tuple[DisputeView, ...]:
    rows = session.execute(
        select(billing_disputes, billing_dispute_resolutions)
        .outerjoin(
            billing_dispute_resolutions,
            billing_dispute_resolutions.c.dispute_id == billing_disputes.c.dispute_id,
        )
        .where(billing_disputes.c.invoice_id == invoice_id)
        .order_by(billing_disputes.c.opened_at, billing_disputes.c.dispute_id)
    ).all()
    return tuple(
        DisputeView(
            dispute_id=r.dispute_id,
            line_id=r.line_id,
            reason=r.reason,
            opened_at=r.opened_at,
            opened_by=r.opened_by,
            resolution=r.resolution,
            credit=None if r.credit_minor is None else Money(r.credit_minor, currency),
            resolved_at=r.resolved_at,
        )
        for r in rows
    )


def find_invoice(session: Session, reference: str) -> str:
    """The id of an invoice given its id or its number.

    Raises:
        NotFoundError: neither matches.
    """
    found = session.execute(
        select(billing_invoices.c.invoice_id).where(
            (billing_invoices.c.invoice_id == reference) | (billing_invoices.c.number == reference)
        )
    ).scalar_one_or_none()
    if found is None:
        return str(header_of(session, reference)["invoice_id"])  # raises NotFoundError
    return str(found)
