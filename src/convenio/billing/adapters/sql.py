"""Billing's tables. Accruals, invoices and lines are only ever inserted; an invoice's
status is the latest of its status rows.

A month's accrual entries and an invoice's lines are written as whole documents (Arrow IPC,
one per accrual run and month, one per invoice) with the SHA-256 of their bytes: they are
only ever read whole, and a year of 40,000 people is 480,000 of each.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from convenio.platform.db import metadata

billing_accrual_batches = Table(
    "billing_accrual_batches",
    metadata,
    Column("batch_no", Integer, primary_key=True, autoincrement=True),
    Column("agreement_id", String(64), nullable=False),
    Column("month_first", Date, nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("person_days", BigInteger, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("entries", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_billing_accrual_batches_agreement_month", "agreement_id", "month_first", "batch_no"),
)
"""One row per month per accrual run: the entries it appended, as an Arrow IPC document."""

billing_stay_revision_sets = Table(
    "billing_stay_revision_sets",
    metadata,
    Column("set_no", Integer, primary_key=True, autoincrement=True),
    Column("agreement_id", String(64), nullable=False),
    Column("through_batch", Integer, nullable=False),
    Column("stay_count", Integer, nullable=False),
    Column("revisions", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_billing_stay_revision_sets_agreement", "agreement_id", "set_no"),
)
"""The highest custody revision billing has accrued or seen per stay, as of accrual batch
``through_batch`` (written when it changes, so that it is read in one piece; a stay missing
from it is only re-checked, never billed twice)."""

billing_custody_copies = Table(
    "billing_custody_copies",
    metadata,
    Column("copy_no", Integer, primary_key=True, autoincrement=True),
    Column("admission_count", Integer, nullable=False),
    Column("last_admission_id", String(64), nullable=True),
    Column("digest", String(64), nullable=False),
    Column("admissions", LargeBinary, nullable=False),
)
"""Billing's copy of custody's admissions (which never change), written when custody has
more: each month's accrual then reads custody's count, the new admissions and the exits."""

billing_invoices = Table(
    "billing_invoices",
    metadata,
    Column("invoice_id", String(40), primary_key=True),
    Column("number", String(80), nullable=False, unique=True),
    Column("agreement_id", String(64), nullable=False),
    Column("month_first", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("accrual_watermark", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=False),
    Index("ix_billing_invoices_agreement_month", "agreement_id", "month_first"),
)

billing_invoice_line_sets = Table(
    "billing_invoice_line_sets",
    metadata,
    Column("invoice_id", String(40), primary_key=True),
    Column("line_count", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("lines", LargeBinary, nullable=False),
)
"""The lines of an invoice, in order, as one Arrow IPC document written with the invoice."""

billing_invoice_status = Table(
    "billing_invoice_status",
    metadata,
    Column("invoice_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("note", Text, nullable=False),
    PrimaryKeyConstraint("invoice_id", "seq"),
)

billing_disputes = Table(
    "billing_disputes",
    metadata,
    Column("dispute_id", String(40), primary_key=True),
    Column("invoice_id", String(40), nullable=False, index=True),
    Column("line_id", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("opened_by", String(64), nullable=False),
)

billing_dispute_resolutions = Table(
    "billing_dispute_resolutions",
    metadata,
    Column("dispute_id", String(40), primary_key=True),
    Column("resolution", Text, nullable=False),
    Column("credit_minor", BigInteger, nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=False),
    Column("resolved_by", String(64), nullable=False),
)

billing_payments = Table(
    "billing_payments",
    metadata,
    Column("payment_id", String(40), primary_key=True),
    Column("invoice_id", String(40), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("reference", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(64), nullable=False),
)
