"""Billing use cases: one function, one unit of work, one commit, one or more ledger events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from convenio.billing import invoicing
from convenio.billing.adapters import accruals, store
from convenio.billing.custody_view import custody_frame
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.columns import lines_frame
from convenio.billing.domain.invoice import InvoiceKind, InvoiceStatus
from convenio.billing.domain.model import LineKind
from convenio.billing.domain.monthly import month_lines_frame
from convenio.ledger import public as ledger
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import SYSTEM_ACTOR, Actor, Role
from convenio.shared.errors import ConflictError, PermissionDeniedError
from convenio.shared.events import Event, JsonValue
from convenio.shared.ids import new_id
from convenio.shared.money import Money
from convenio.terms import public as terms

IntervalSource = invoicing.IntervalSource
AccrualOutcome = invoicing.AccrualOutcome


def custody_intervals(session: Session, start: date, end: date) -> pl.DataFrame:
    """Custody's stays overlapping ``[start, end]`` as interval columns (billing's interval
    source: through billing's copy of the admissions, see ``custody_view``)."""
    return custody_frame(session, start, end)


def require_finance(actor: Actor) -> None:
    """Only a finance officer (or the system itself) may change invoices."""
    if not (actor.has(Role.FINANCE_OFFICER) or actor.has(Role.SYSTEM)):
        raise PermissionDeniedError(
            f"{actor.id} is not a finance officer; ask a finance officer of the party",
            actor=actor.id,
            role=Role.FINANCE_OFFICER.value,
        )


def record(
    session: Session, uow: UnitOfWork, actor: Actor, kind: str, /, **data: JsonValue
) -> None:
    """Append a ``billing.<kind>`` event to the ledger in this transaction."""
    ledger.record(
        session,
        Event(
            type=f"billing.{kind}", at=uow.clock.now(), actor=actor.id, party=actor.party, data=data
        ),
    )


def accrue_month(
    uow: UnitOfWork,
    agreement: terms.Agreement,
    month: Month,
    *,
    actor: Actor = SYSTEM_ACTOR,
    source: IntervalSource | None = None,
) -> AccrualOutcome:
    """Accrue person-days of ``month`` (idempotent: the same custody adds no rows)."""
    bt = invoicing.terms_of(agreement)
    with uow, invoicing.paused_gc():
        outcome = invoicing.accrue_in(
            uow.session, bt, month, source or custody_intervals, uow.clock.now()
        )
        if outcome.added:
            _record_accrual(uow, actor, bt.agreement_id, outcome)
        uow.commit()
    return outcome


def _record_accrual(
    uow: UnitOfWork, actor: Actor, agreement_id: str, outcome: AccrualOutcome
) -> None:
    record(
        uow.session,
        uow,
        actor,
        "accrued",
        agreement=agreement_id,
        month=str(outcome.month),
        rows=outcome.added,
        person_days=outcome.person_days,
        corrected_stays=outcome.corrected_stays,
    )


@dataclass(frozen=True, slots=True)
class InvoiceResult:
    """The invoice a build produced or found."""

    invoice_id: str
    number: str
    status: InvoiceStatus
    created: bool
    total: Money
    line_count: int
    repair_count: int


def build_invoice(
    uow: UnitOfWork,
    agreement: terms.Agreement,
    month: Month,
    *,
    actor: Actor = SYSTEM_ACTOR,
    source: IntervalSource | None = None,
) -> InvoiceResult:
    """The draft invoice of ``month``: its charges plus repairs of billed months.

    An invoice already issued for the month is returned unchanged. A draft with the same
    charges is kept; a draft whose charges changed is voided and replaced.
    """
    require_finance(actor)
    bt = invoicing.terms_of(agreement)
    with uow, invoicing.paused_gc():
        session = uow.session
        existing = store.invoices(session, bt.agreement_id, month_first=month.first)
        existing = [h for h in existing if h["kind"] == InvoiceKind.INVOICE.value]
        current = store.statuses(session, [h["invoice_id"] for h in existing])
        for header in existing:
            status = current[header["invoice_id"]][0]
            if status not in (InvoiceStatus.DRAFT, InvoiceStatus.VOID):
                return _result(header, status, created=False)
        accrued = invoicing.accrue_in(
            session, bt, month, source or custody_intervals, uow.clock.now()
        )
        if accrued.added:
            _record_accrual(uow, actor, bt.agreement_id, accrued)
        charges = month_lines_frame(accrued.entries, bt.schedules, month)
        repairs = lines_frame(invoicing.repairs_for(session, bt, month.first))
        lines = pl.concat([charges, repairs])
        result = _store_draft(uow, bt, month, InvoiceKind.INVOICE, lines, existing, actor)
        uow.commit()
    return result


def build_credit_note(
    uow: UnitOfWork,
    agreement: terms.Agreement,
    *,
    actor: Actor = SYSTEM_ACTOR,
    source: IntervalSource | None = None,
) -> InvoiceResult | None:
    """A credit note with the repairs of every billed month, when no next invoice is wanted.

    Returns None when custody changed nothing that was billed.
    """
    require_finance(actor)
    bt = invoicing.terms_of(agreement)
    with uow, invoicing.paused_gc():
        session = uow.session
        billed = store.billed_invoices(session, bt.agreement_id)
        if not billed:
            return None
        last = Month.of(max(h["month_first"] for h in billed))
        accrued = invoicing.accrue_in(
            session, bt, last, source or custody_intervals, uow.clock.now()
        )
        repairs = invoicing.repairs_for(session, bt, date.max)
        if not repairs:
            return None
        if accrued.added:
            _record_accrual(uow, actor, bt.agreement_id, accrued)
        month = Month.of(uow.clock.now().date())
        drafts = [
            h
            for h in store.invoices(session, bt.agreement_id)
            if h["kind"] == InvoiceKind.CREDIT_NOTE.value
        ]
        result = _store_draft(
            uow, bt, month, InvoiceKind.CREDIT_NOTE, lines_frame(repairs), drafts, actor
        )
        uow.commit()
    return result


def _result(header: dict[str, Any], status: InvoiceStatus, *, created: bool) -> InvoiceResult:
    return InvoiceResult(
        invoice_id=header["invoice_id"],
        number=header["number"],
        status=status,
        created=created,
        total=Money(int(header["total_minor"]), header["currency"]),
        line_count=int(header["line_count"]),
        repair_count=int(header.get("repair_count", 0)),
    )


def _keep_or_void_drafts(
    uow: UnitOfWork, existing: list[dict[str, Any]], digest: str, actor: Actor
) -> dict[str, Any] | None:
    """The draft with the same charges, if any; other drafts are voided."""
    drafts = store.statuses(uow.session, [h["invoice_id"] for h in existing])
    for header in existing:
        if drafts[header["invoice_id"]][0] is not InvoiceStatus.DRAFT:
            continue
        if header["digest"] == digest:
            return header
        store.add_status(
            uow.session,
            header["invoice_id"],
            InvoiceStatus.VOID,
            uow.clock.now(),
            actor.id,
            "replaced by a newer draft",
        )
        record(uow.session, uow, actor, "invoice_voided", invoice=header["invoice_id"])
    return None


def _store_draft(
    uow: UnitOfWork,
    bt: invoicing.BillingTerms,
    month: Month,
    kind: InvoiceKind,
    lines: pl.DataFrame,
    existing: list[dict[str, Any]],
    actor: Actor,
) -> InvoiceResult:
    session, now = uow.session, uow.clock.now()
    document = store.line_document(lines)
    digest = document[1]
    repairs = int((lines["kind"] == LineKind.REPAIR.value).sum())
    kept = _keep_or_void_drafts(uow, existing, digest, actor)
    if kept is not None:
        return _result({**kept, "repair_count": repairs}, InvoiceStatus.DRAFT, created=False)
    prefix = "CN-" if kind is InvoiceKind.CREDIT_NOTE else ""
    count = len(store.invoices(session, bt.agreement_id, month_first=month.first))
    header: dict[str, Any] = {
        "invoice_id": new_id("inv"),
        "number": f"{prefix}{bt.agreement_id.upper()}-{month}-{count + 1:02d}",
        "agreement_id": bt.agreement_id,
        "month_first": month.first,
        "kind": kind.value,
        "currency": bt.currency,
        "total_minor": int(lines["amount_minor"].sum()),
        "line_count": lines.height,
        "accrual_watermark": accruals.accrual_watermark(session, bt.agreement_id),
        "digest": digest,
        "created_at": now,
        "created_by": actor.id,
    }
    try:
        store.add_invoice(session, header, document, lines.height)
        store.add_status(session, header["invoice_id"], InvoiceStatus.DRAFT, now, actor.id, "")
        session.flush()
    except IntegrityError:
        raise ConflictError(
            f"invoice {header['number']} was built concurrently; run the command again",
            number=header["number"],
        ) from None
    record(
        session,
        uow,
        actor,
        "invoice_drafted",
        invoice=header["invoice_id"],
        number=header["number"],
        kind=kind.value,
        month=str(month),
        total_minor=header["total_minor"],
        currency=bt.currency,
        lines=lines.height,
        repairs=repairs,
        digest=digest,
    )
    return _result({**header, "repair_count": repairs}, InvoiceStatus.DRAFT, created=True)
