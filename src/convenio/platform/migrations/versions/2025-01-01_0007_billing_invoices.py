"""Billing: accruals, invoices and their lines, status rows, disputes, payments.

Revision ID: 0007_billing
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_billing"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_accruals",
        sa.Column("accrual_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("month_first", sa.Date(), nullable=False),
        sa.Column("stay_id", sa.String(64), nullable=False),
        sa.Column("schedule_from", sa.Date(), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source_events", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("accrual_no", name="pk_billing_accruals"),
    )
    op.create_index(
        "ix_billing_accruals_agreement_month",
        "billing_accruals",
        ["agreement_id", "month_first", "accrual_no"],
    )
    op.create_index(
        "ix_billing_accruals_agreement_stay",
        "billing_accruals",
        ["agreement_id", "stay_id", "revision"],
    )
    op.create_table(
        "billing_invoices",
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("month_first", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("accrual_watermark", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("invoice_id", name="pk_billing_invoices"),
        sa.UniqueConstraint("number", name="uq_billing_invoices_number"),
    )
    op.create_index(
        "ix_billing_invoices_agreement_month", "billing_invoices", ["agreement_id", "month_first"]
    )
    op.create_table(
        "billing_invoice_lines",
        sa.Column("line_id", sa.String(64), nullable=False),
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("for_month", sa.Date(), nullable=False),
        sa.Column("model", sa.String(24), nullable=False),
        sa.Column("schedule_from", sa.Date(), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=True),
        sa.Column("person_id", sa.String(64), nullable=True),
        sa.Column("stay_id", sa.String(64), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("unit_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("source_events", sa.Text(), nullable=False),
        sa.Column("corrects_line_id", sa.String(64), nullable=True),
        sa.Column("billed_before_minor", sa.BigInteger(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("line_id", name="pk_billing_invoice_lines"),
    )
    op.create_index("ix_billing_invoice_lines_invoice_id", "billing_invoice_lines", ["invoice_id"])
    op.create_index("ix_billing_invoice_lines_line_key", "billing_invoice_lines", ["line_key"])
    op.create_table(
        "billing_invoice_status",
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("invoice_id", "seq", name="pk_billing_invoice_status"),
    )
    op.create_table(
        "billing_disputes",
        sa.Column("dispute_id", sa.String(40), nullable=False),
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("line_id", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("dispute_id", name="pk_billing_disputes"),
    )
    op.create_index("ix_billing_disputes_invoice_id", "billing_disputes", ["invoice_id"])
    op.create_table(
        "billing_dispute_resolutions",
        sa.Column("dispute_id", sa.String(40), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("credit_minor", sa.BigInteger(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("dispute_id", name="pk_billing_dispute_resolutions"),
    )
    op.create_table(
        "billing_payments",
        sa.Column("payment_id", sa.String(40), nullable=False),
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("payment_id", name="pk_billing_payments"),
    )
    op.create_index("ix_billing_payments_invoice_id", "billing_payments", ["invoice_id"])


def downgrade() -> None:
    op.drop_index("ix_billing_payments_invoice_id", table_name="billing_payments")
    op.drop_table("billing_payments")
    op.drop_table("billing_dispute_resolutions")
    op.drop_index("ix_billing_disputes_invoice_id", table_name="billing_disputes")
    op.drop_table("billing_disputes")
    op.drop_table("billing_invoice_status")
    op.drop_index("ix_billing_invoice_lines_line_key", table_name="billing_invoice_lines")
    op.drop_index("ix_billing_invoice_lines_invoice_id", table_name="billing_invoice_lines")
    op.drop_table("billing_invoice_lines")
    op.drop_index("ix_billing_invoices_agreement_month", table_name="billing_invoices")
    op.drop_table("billing_invoices")
    op.drop_index("ix_billing_accruals_agreement_stay", table_name="billing_accruals")
    op.drop_index("ix_billing_accruals_agreement_month", table_name="billing_accruals")
    op.drop_table("billing_accruals")
