"""Oversight: webhooks, locator counters, complaints, inspections, transparency reports.

Revision ID: 0009_oversight
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_oversight"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_subscribers",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_subscribers"),
    )
    op.create_table(
        "webhook_follows",
        sa.Column("subscriber_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["webhook_subscribers.id"],
            name="fk_webhook_follows_subscriber_id_webhook_subscribers",
        ),
        sa.PrimaryKeyConstraint("subscriber_id", "person_id", name="pk_webhook_follows"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("subscriber_id", sa.String(40), nullable=False),
        sa.Column("event_seq", sa.BigInteger(), nullable=False),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["webhook_subscribers.id"],
            name="fk_webhook_deliveries_subscriber_id_webhook_subscribers",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
    )
    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.String(40), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["webhook_deliveries.id"],
            name="fk_webhook_attempts_delivery_id_webhook_deliveries",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_attempts"),
    )
    op.create_index("ix_webhook_attempts_delivery_id", "webhook_attempts", ["delivery_id"])
    op.create_table(
        "oversight_cursors",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_oversight_cursors"),
    )
    op.create_table(
        "locator_query_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "outcome", name="pk_locator_query_counts"),
    )
    op.create_table(
        "locator_rate_windows",
        sa.Column("client_key", sa.String(64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("client_key", "window_start", name="pk_locator_rate_windows"),
    )
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("facility_id", sa.String(40), nullable=True),
        sa.Column("filed_by", sa.Text(), nullable=False),
        sa.Column("filed_by_kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_complaints"),
    )
    op.create_index("ix_complaints_person_id", "complaints", ["person_id"])
    op.create_table(
        "complaint_stages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(40), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name="fk_complaint_stages_complaint_id_complaints"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_complaint_stages"),
    )
    op.create_index("ix_complaint_stages_complaint_id", "complaint_stages", ["complaint_id"])
    op.create_table(
        "inspections",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("facility_id", sa.String(40), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("inspector", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inspections"),
    )
    op.create_table(
        "inspection_findings",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("inspection_id", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name="fk_inspection_findings_inspection_id_inspections",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_inspection_findings"),
    )
    op.create_index(
        "ix_inspection_findings_inspection_id", "inspection_findings", ["inspection_id"]
    )
    op.create_table(
        "finding_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("finding_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["inspection_findings.id"],
            name="fk_finding_updates_finding_id_inspection_findings",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_finding_updates"),
    )
    op.create_index("ix_finding_updates_finding_id", "finding_updates", ["finding_id"])
    op.create_table(
        "transparency_reports",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ledger_size", sa.BigInteger(), nullable=False),
        sa.Column("ledger_root", sa.String(64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_transparency_reports"),
    )


def downgrade() -> None:
    for table in (
        "transparency_reports",
        "finding_updates",
        "inspection_findings",
        "inspections",
        "complaint_stages",
        "complaints",
        "locator_rate_windows",
        "locator_query_counts",
        "oversight_cursors",
        "webhook_attempts",
        "webhook_deliveries",
        "webhook_follows",
        "webhook_subscribers",
    ):
        op.drop_table(table)
