"""Schemas of billing: invoices, disputes, payments, the cost comparison."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from convenio.api.schemas.common import Page

MonthText = Field(pattern=r"^\d{4}-\d{2}$", description="A month, YYYY-MM.")
AmountText = Field(pattern=r"^\d{1,15}(\.\d{1,4})?$", description="A decimal amount, e.g. 1500.00")


class MoneyRead(BaseModel):
    """An exact amount: decimal text, currency, minor units."""

    amount: str
    currency: str
    minor: int


class InvoiceSummaryRead(BaseModel):
    """An invoice header with its status and account."""

    invoice_id: str
    number: str
    agreement_id: str
    month: str
    kind: str
    status: str
    total: MoneyRead
    credited: MoneyRead
    paid: MoneyRead
    balance: MoneyRead
    line_count: int
    created_at: str
    digest: str


class InvoicePage(Page[InvoiceSummaryRead]):
    """A page of invoices, newest month first."""


class InvoiceRead(BaseModel):
    """An invoice with a window of its lines (from ``lines_offset``), its disputes, payments
    and status history."""

    summary: InvoiceSummaryRead
    lines_offset: int
    lines: list[dict[str, object]]
    disputes: list[dict[str, object]]
    payments: list[dict[str, object]]
    history: list[dict[str, object]]


class InvoiceCreate(BaseModel):
    """Build (or rebuild) the draft invoice of a month."""

    month: str = MonthText


class InvoiceResultRead(BaseModel):
    """What building an invoice did."""

    invoice_id: str
    number: str
    status: str
    created: bool
    total: MoneyRead
    line_count: int
    repair_count: int


class StatusRead(BaseModel):
    """An invoice's status after a change."""

    invoice_id: str
    status: str


class DisputeCreate(BaseModel):
    """Dispute one line of an issued invoice."""

    line_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=5000)


class ResolutionCreate(BaseModel):
    """Resolve a dispute, granting a credit (none: the line stands)."""

    resolution: str = Field(min_length=1, max_length=5000)
    credit: str | None = Field(default=None, pattern=r"^\d{1,15}(\.\d{1,4})?$")


class PaymentCreate(BaseModel):
    """A payment received against an invoice."""

    amount: str = AmountText
    paid_on: date
    reference: str = Field(default="", max_length=200)


class RecordedRead(BaseModel):
    """The id of what was recorded."""

    id: str


class MonthComparisonRead(BaseModel):
    """Fees to the receiving state against the domestic cost of the same days, per month."""

    model_config = {"extra": "allow"}

    month: str
    person_days: int
