"""What the faces and oversight may use of billing.

Reads take the caller's session; changes take a unit of work and an ``Actor`` holding
``Role.FINANCE_OFFICER`` and record ledger events.
"""

from __future__ import annotations

from convenio.billing.comparison import (
    Forecast,
    MonthFees,
    cost_comparison,
    fees_by_month,
    forecast,
)
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.comparison import FORECAST_ASSUMPTION, MonthComparison
from convenio.billing.domain.invoice import InvoiceKind, InvoiceStatus
from convenio.billing.domain.model import CustodyInterval, DayCount, FeeModel, LineKind
from convenio.billing.exports import invoice_csv, invoice_html
from convenio.billing.queries import (
    DisputeView,
    InvoiceSummary,
    InvoiceView,
    LineView,
    PaymentView,
    StatusChange,
    find_invoice,
    get_invoice,
    list_invoices,
)
from convenio.billing.services import (
    AccrualOutcome,
    IntervalSource,
    InvoiceResult,
    accrue_month,
    build_credit_note,
    build_invoice,
    custody_intervals,
)
from convenio.billing.settlement import (
    issue_invoice,
    open_dispute,
    record_payment,
    resolve_dispute,
)

__all__ = [
    "FORECAST_ASSUMPTION",
    "AccrualOutcome",
    "CustodyInterval",
    "DayCount",
    "DisputeView",
    "FeeModel",
    "Forecast",
    "IntervalSource",
    "InvoiceKind",
    "InvoiceResult",
    "InvoiceStatus",
    "InvoiceSummary",
    "InvoiceView",
    "LineKind",
    "LineView",
    "Month",
    "MonthComparison",
    "MonthFees",
    "PaymentView",
    "StatusChange",
    "accrue_month",
    "build_credit_note",
    "build_invoice",
    "cost_comparison",
    "custody_intervals",
    "fees_by_month",
    "find_invoice",
    "forecast",
    "get_invoice",
    "invoice_csv",
    "invoice_html",
    "issue_invoice",
    "list_invoices",
    "open_dispute",
    "record_payment",
    "resolve_dispute",
]
