"""Issuing, disputing, resolving and paying invoices. Each change is a new row and a ledger
event; no stored invoice or line is ever updated."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from convenio.billing.adapters import store
from convenio.billing.adapters.sql import (
    billing_dispute_resolutions,
    billing_disputes,
    billing_invoices,
    billing_payments,
)
from convenio.billing.domain.errors import InvoiceTransitionError, PaymentTooLargeError
from convenio.billing.domain.invoice import (
    OUTSTANDING,
    Account,
    InvoiceStatus,
    check_transition,
    next_status,
)
from convenio.billing.services import record, require_finance
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor
from convenio.shared.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    RuleViolationError,
)
from convenio.shared.ids import new_id
from convenio.shared.money import Money


def header_of(session: Session, invoice_id: str) -> dict[str, Any]:
    """An invoice header.

    Raises:
        NotFoundError: no invoice has this id.
    """
    row = session.execute(
        select(billing_invoices).where(billing_invoices.c.invoice_id == invoice_id)
    ).first()
    if row is None:
        raise NotFoundError(
            f"no invoice {invoice_id!r}; list them with `convenio billing list`",
            invoice_id=invoice_id,
        )
    return dict(row._mapping)


def status_of(session: Session, invoice_id: str) -> InvoiceStatus:
    """The current status of an invoice."""
    return store.statuses(session, [invoice_id])[invoice_id][0]


def account_of(session: Session, header: dict[str, Any]) -> Account:
    """Total, credits granted, payments and open disputes of an invoice."""
    invoice_id = header["invoice_id"]
    disputes = session.execute(
        select(billing_disputes.c.dispute_id, billing_dispute_resolutions.c.credit_minor)
        .outerjoin(
            billing_dispute_resolutions,
            billing_dispute_resolutions.c.dispute_id == billing_disputes.c.dispute_id,
        )
        .where(billing_disputes.c.invoice_id == invoice_id)
    ).all()
    paid = session.execute(
        select(func.coalesce(func.sum(billing_payments.c.amount_minor), 0)).where(
            billing_payments.c.invoice_id == invoice_id
        )
    ).scalar_one()
    return Account(
        total_minor=int(header["total_minor"]),
        credited_minor=sum(int(credit) for _, credit in disputes if credit is not None),
        paid_minor=int(paid),
        open_disputes=sum(1 for _, credit in disputes if credit is None),
    )


def _move(uow: UnitOfWork, actor: Actor, header: dict[str, Any], to: InvoiceStatus) -> None:
    store.add_status(uow.session, header["invoice_id"], to, uow.clock.now(), actor.id, "")
    record(
        uow.session,
        uow,
        actor,
        f"invoice_{to.value}",
        invoice=header["invoice_id"],
        number=header["number"],
        status=to.value,
    )


def _settle_if_due(uow: UnitOfWork, actor: Actor, header: dict[str, Any]) -> InvoiceStatus:
    current = status_of(uow.session, header["invoice_id"])
    wanted = next_status(current, account_of(uow.session, header))
    if wanted is not current:
        _move(uow, actor, header, wanted)
    return wanted


def issue_invoice(uow: UnitOfWork, actor: Actor, invoice_id: str) -> InvoiceStatus:
    """Issue a draft: from now on it is never changed. Returns the new status."""
    require_finance(actor)
    with uow:
        session = uow.session
        header = header_of(session, invoice_id)
        check_transition(invoice_id, status_of(session, invoice_id), InvoiceStatus.ISSUED)
        _check_repairs_current(session, header)
        store.add_status(session, invoice_id, InvoiceStatus.ISSUED, uow.clock.now(), actor.id, "")
        record(
            session,
            uow,
            actor,
            "invoice_issued",
            invoice=invoice_id,
            number=header["number"],
            month=header["month_first"].isoformat(),
            total_minor=int(header["total_minor"]),
            currency=header["currency"],
            lines=int(header["line_count"]),
            digest=header["digest"],
        )
        status = _settle_if_due(uow, actor, header)
        uow.commit()
    return status


def _check_repairs_current(session: Session, header: dict[str, Any]) -> None:
    repairs = [r for r in store.line_rows(session, header["invoice_id"]) if r["kind"] == "repair"]
    if not repairs:
        return
    billed_ids = [h["invoice_id"] for h in store.billed_invoices(session, header["agreement_id"])]
    now: dict[str, int] = defaultdict(int)
    for row in store.lines_by_keys(session, billed_ids, [r["line_key"] for r in repairs]):
        now[row["line_key"]] += int(row["amount_minor"])
    for row in repairs:
        if now[row["line_key"]] != row["billed_before_minor"]:
            raise ConflictError(
                f"invoice {header['number']} is out of date: a correction it carries was "
                "billed on another invoice since; build the invoice again",
                invoice_id=header["invoice_id"],
                line_id=row["line_id"],
            )


def _outstanding(session: Session, invoice_id: str, wanted: InvoiceStatus) -> InvoiceStatus:
    current = status_of(session, invoice_id)
    if current not in OUTSTANDING:
        raise InvoiceTransitionError(
            invoice_id,
            current.value,
            wanted.value,
            "Only an issued or disputed invoice can be disputed or paid.",
        )
    return current


def open_dispute(uow: UnitOfWork, actor: Actor, invoice_id: str, line_id: str, reason: str) -> str:
    """Dispute one line of an issued invoice, with a reason. Returns the dispute id."""
    require_finance(actor)
    if not reason.strip():
        raise InvalidInputError("reason: say why the line is disputed", field="reason")
    with uow:
        session = uow.session
        header = header_of(session, invoice_id)
        _outstanding(session, invoice_id, InvoiceStatus.DISPUTED)
        _line(session, invoice_id, line_id)
        dispute_id = new_id("dsp")
        session.execute(
            insert(billing_disputes).values(
                dispute_id=dispute_id,
                invoice_id=invoice_id,
                line_id=line_id,
                reason=reason.strip(),
                opened_at=uow.clock.now(),
                opened_by=actor.id,
            )
        )
        record(
            session,
            uow,
            actor,
            "line_disputed",
            invoice=invoice_id,
            line=line_id,
            dispute=dispute_id,
            reason=reason.strip(),
        )
        _settle_if_due(uow, actor, header)
        uow.commit()
    return dispute_id


def _line(session: Session, invoice_id: str, line_id: str) -> dict[str, Any]:
    row = store.line_row(session, invoice_id, line_id)
    if row is None:
        raise NotFoundError(
            f"invoice {invoice_id} has no line {line_id!r}; see `convenio billing show`",
            invoice_id=invoice_id,
            line_id=line_id,
        )
    return row


def resolve_dispute(
    uow: UnitOfWork, actor: Actor, dispute_id: str, resolution: str, credit: Money | None = None
) -> InvoiceStatus:
    """Resolve a dispute, granting ``credit`` (zero: the line stands). Returns the status."""
    require_finance(actor)
    if not resolution.strip():
        raise InvalidInputError("resolution: say how the dispute was resolved", field="resolution")
    with uow:
        session = uow.session
        dispute = session.execute(
            select(billing_disputes).where(billing_disputes.c.dispute_id == dispute_id)
        ).first()
        if dispute is None:
            raise NotFoundError(f"no dispute {dispute_id!r}", dispute_id=dispute_id)
        header = header_of(session, dispute.invoice_id)
        granted = credit or Money.zero(header["currency"])
        _check_credit(session, dispute_id, header, dispute.line_id, granted)
        session.execute(
            insert(billing_dispute_resolutions).values(
                dispute_id=dispute_id,
                resolution=resolution.strip(),
                credit_minor=granted.minor,
                resolved_at=uow.clock.now(),
                resolved_by=actor.id,
            )
        )
        record(
            session,
            uow,
            actor,
            "dispute_resolved",
            dispute=dispute_id,
            invoice=header["invoice_id"],
            credit_minor=granted.minor,
            currency=granted.currency,
            resolution=resolution.strip(),
        )
        status = _settle_if_due(uow, actor, header)
        uow.commit()
    return status


def _check_credit(
    session: Session, dispute_id: str, header: dict[str, Any], line_id: str, credit: Money
) -> None:
    done = session.execute(
        select(billing_dispute_resolutions.c.dispute_id).where(
            billing_dispute_resolutions.c.dispute_id == dispute_id
        )
    ).first()
    if done is not None:
        raise ConflictError(f"dispute {dispute_id} is already resolved", dispute_id=dispute_id)
    if credit.currency != header["currency"]:
        raise InvalidInputError(
            f"credit: the invoice is in {header['currency']}, not {credit.currency}",
            field="credit",
        )
    amount = int(_line(session, header["invoice_id"], line_id)["amount_minor"])
    if credit.minor < 0 or credit.minor > max(amount, 0):
        raise RuleViolationError(
            f"credit: {credit} is outside 0 to the line's amount {Money(amount, credit.currency)}",
            field="credit",
        )


def record_payment(
    uow: UnitOfWork, actor: Actor, invoice_id: str, amount: Money, paid_on: date, reference: str
) -> str:
    """Record a payment (partial allowed, never above the balance). Returns its id."""
    require_finance(actor)
    with uow:
        session = uow.session
        header = header_of(session, invoice_id)
        _outstanding(session, invoice_id, InvoiceStatus.PAID)
        if amount.currency != header["currency"] or amount.minor <= 0:
            raise InvalidInputError(
                f"amount: pay a positive amount in {header['currency']}, not {amount}",
                field="amount",
            )
        balance = account_of(session, header).balance_minor
        if amount.minor > balance:
            raise PaymentTooLargeError(
                invoice_id, str(amount), str(Money(balance, amount.currency))
            )
        payment_id = new_id("pay")
        session.execute(
            insert(billing_payments).values(
                payment_id=payment_id,
                invoice_id=invoice_id,
                amount_minor=amount.minor,
                paid_on=paid_on,
                reference=reference,
                recorded_at=uow.clock.now(),
                recorded_by=actor.id,
            )
        )
        record(
            session,
            uow,
            actor,
            "payment_recorded",
            invoice=invoice_id,
            payment=payment_id,
            amount_minor=amount.minor,
            currency=amount.currency,
            paid_on=paid_on.isoformat(),
        )
        _settle_if_due(uow, actor, header)
        uow.commit()
    return payment_id
