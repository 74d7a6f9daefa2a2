"""``/api/v1/billing``: invoices (build, issue, dispute, pay) and the cost comparison."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from convenio.access import public as access
from convenio.api.convert import plain
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.schemas.billing import (
    DisputeCreate,
    InvoiceCreate,
    InvoicePage,
    InvoiceRead,
    InvoiceResultRead,
    InvoiceSummaryRead,
    MonthComparisonRead,
    PaymentCreate,
    RecordedRead,
    ResolutionCreate,
    StatusRead,
)
from convenio.billing import public as billing
from convenio.http.auth import actor_allowed
from convenio.shared.actor import Actor
from convenio.shared.errors import InvalidInputError
from convenio.shared.money import Money
from convenio.terms import services as terms_services

router = APIRouter(prefix="/billing", tags=["billing"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.BILLING_READ))]
Manager = Annotated[Actor, Depends(actor_allowed(access.Action.BILLING_MANAGE))]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
StatusQuery = Annotated[billing.InvoiceStatus | None, Query(description="Only this status.")]


@router.get("/invoices", response_model=InvoicePage)
def list_invoices(
    _: Reader,
    services: ServicesDep,
    page: Paging,
    month: MonthQuery = None,
    status: StatusQuery = None,
) -> InvoicePage:
    """Invoices, newest month first, optionally of one month or status."""
    chosen = billing.Month.parse(month) if month else None
    with services.uow() as uow:
        every = billing.list_invoices(uow.session, month=chosen, status=status)
    items = [InvoiceSummaryRead.model_validate(plain(i)) for i in page.slice(every)]
    return InvoicePage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.get("/invoices/{reference}", response_model=InvoiceRead)
def get_invoice(
    reference: str,
    _: Reader,
    services: ServicesDep,
    lines_offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    lines_limit: Annotated[int, Query(ge=1, le=10_000)] = 1_000,
) -> InvoiceRead:
    """An invoice (by id or number) with its disputes, payments and status changes, and its
    lines from ``lines_offset`` (at most ``lines_limit``; ``summary.line_count`` counts
    them all)."""
    with services.uow() as uow:
        invoice_id = billing.find_invoice(uow.session, reference)
        view = billing.get_invoice(uow.session, invoice_id, offset=lines_offset, limit=lines_limit)
    return InvoiceRead.model_validate({**plain(view), "lines_offset": lines_offset})


@router.post("/invoices", response_model=InvoiceResultRead, status_code=201)
def build_invoice(
    body: InvoiceCreate, actor: Manager, services: ServicesDep, _key: IdempotencyKey
) -> InvoiceResultRead:
    """Build (or rebuild) the draft invoice of a month from the custody record."""
    agreement = terms_services.current_agreement(services.uow())
    month = billing.Month.parse(body.month)
    result = billing.build_invoice(services.uow(), agreement, month, actor=actor)
    return InvoiceResultRead.model_validate(plain(result))


@router.post("/invoices/{invoice_id}/issue", response_model=StatusRead)
def issue_invoice(
    invoice_id: str, actor: Manager, services: ServicesDep, _key: IdempotencyKey
) -> StatusRead:
    """Issue a draft invoice; from then on it never changes."""
    status = billing.issue_invoice(services.uow(), actor, invoice_id)
    return StatusRead(invoice_id=invoice_id, status=status.value)


@router.post("/invoices/{invoice_id}/disputes", response_model=RecordedRead, status_code=201)
def open_dispute(
    invoice_id: str,
    body: DisputeCreate,
    actor: Manager,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> RecordedRead:
    """Dispute one line of an issued invoice."""
    dispute_id = billing.open_dispute(services.uow(), actor, invoice_id, body.line_id, body.reason)
    return RecordedRead(id=dispute_id)


@router.post("/disputes/{dispute_id}/resolution", response_model=StatusRead)
def resolve_dispute(
    dispute_id: str,
    body: ResolutionCreate,
    actor: Manager,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> StatusRead:
    """Resolve a dispute, granting a credit or letting the line stand."""
    currency = terms_services.current_agreement(services.uow()).fees.currency
    credit = Money.parse(body.credit, currency) if body.credit else None
    status = billing.resolve_dispute(services.uow(), actor, dispute_id, body.resolution, credit)
    return StatusRead(invoice_id="", status=status.value)


@router.post("/invoices/{invoice_id}/payments", response_model=RecordedRead, status_code=201)
def record_payment(
    invoice_id: str,
    body: PaymentCreate,
    actor: Manager,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> RecordedRead:
    """Record a payment (partial allowed, never above the balance)."""
    currency = terms_services.current_agreement(services.uow()).fees.currency
    amount = Money.parse(body.amount, currency)
    payment_id = billing.record_payment(
        services.uow(), actor, invoice_id, amount, body.paid_on, body.reference
    )
    return RecordedRead(id=payment_id)


@router.get("/comparison", response_model=list[MonthComparisonRead])
def cost_comparison(
    _: Reader,
    services: ServicesDep,
    start: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="First month, YYYY-MM")],
    end: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="Last month, YYYY-MM")],
) -> list[MonthComparisonRead]:
    """Per month: person-days, domestic cost, fees accrued, invoiced and paid, the saving."""
    first, last = billing.Month.parse(start, field="start"), billing.Month.parse(end, field="end")
    if last < first or (last.year - first.year) * 12 + last.month - first.month > 240:
        raise InvalidInputError(
            "end must not be before start, and the range at most 240 months", field="end"
        )
    agreement = terms_services.current_agreement(services.uow())
    with services.uow() as uow:
        months = billing.cost_comparison(uow.session, agreement, first, last)
    return [MonthComparisonRead.model_validate(plain(m)) for m in months]
