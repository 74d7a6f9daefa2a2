"""Billing's tables. Accruals, invoices and lines are only ever inserted; an invoice's
status is the latest of its status rows."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from convenio.platform.db import metadata

billing_accruals = Table(
    "billing_accruals",
    metadata,
    Column("accrual_no", Integer, primary_key=True, autoincrement=True),
    Column("agreement_id", String(64), nullable=False),
    Column("month_first", Date, nullable=False),
    Column("stay_id", String(64), nullable=False),
    Column("schedule_from", Date, nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("facility_id", String(64), nullable=False),
    Column("first_day", Date, nullable=True),
    Column("last_day", Date, nullable=True),
    Column("days", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("source_events", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_billing_accruals_agreement_month", "agreement_id", "month_first", "accrual_no"),
    Index("ix_billing_accruals_agreement_stay", "agreement_id", "stay_id", "revision"),
)

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

billing_invoice_lines = Table(
    "billing_invoice_lines",
    metadata,
    Column("line_id", String(64), primary_key=True),
    Column("invoice_id", String(40), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("line_key", String(200), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("for_month", Date, nullable=False),
    Column("model", String(24), nullable=False),
    Column("schedule_from", Date, nullable=False),
    Column("facility_id", String(64), nullable=True),
    Column("person_id", String(64), nullable=True),
    Column("stay_id", String(64), nullable=True),
    Column("first_day", Date, nullable=True),
    Column("last_day", Date, nullable=True),
    Column("days", Integer, nullable=False),
    Column("unit_minor", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("revision", Integer, nullable=True),
    Column("source_events", Text, nullable=False),
    Column("corrects_line_id", String(64), nullable=True),
    Column("billed_before_minor", BigInteger, nullable=True),
    Column("description", Text, nullable=False),
)

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
