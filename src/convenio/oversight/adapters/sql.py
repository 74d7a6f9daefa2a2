"""Oversight tables. Records are appended; counters and cursors are the only rows updated."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from convenio.platform.db import metadata

webhook_subscribers = Table(
    "webhook_subscribers",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("url", Text, nullable=False),
    Column("secret", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

webhook_follows = Table(
    "webhook_follows",
    metadata,
    Column("subscriber_id", String(40), ForeignKey("webhook_subscribers.id"), primary_key=True),
    Column("person_id", String(64), primary_key=True),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("subscriber_id", String(40), ForeignKey("webhook_subscribers.id"), nullable=False),
    Column("event_seq", BigInteger, nullable=False),
    Column("event_type", String(80), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "delivery_id", String(40), ForeignKey("webhook_deliveries.id"), nullable=False, index=True
    ),
    Column("attempt", Integer, nullable=False),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Column("succeeded", Boolean, nullable=False),
)

oversight_cursors = Table(
    "oversight_cursors",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

locator_query_counts = Table(
    "locator_query_counts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("outcome", String(30), primary_key=True),
    Column("count", BigInteger, nullable=False),
)

locator_rate_windows = Table(
    "locator_rate_windows",
    metadata,
    Column("client_key", String(64), primary_key=True),
    Column("window_start", DateTime(timezone=True), primary_key=True),
    Column("count", Integer, nullable=False),
)

complaints = Table(
    "complaints",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("person_id", String(64), nullable=False, index=True),
    Column("facility_id", String(40), nullable=True),
    Column("filed_by", Text, nullable=False),
    Column("filed_by_kind", String(20), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("filed_at", DateTime(timezone=True), nullable=False),
)

complaint_stages = Table(
    "complaint_stages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("complaint_id", String(40), ForeignKey("complaints.id"), nullable=False, index=True),
    Column("stage", String(20), nullable=False),
    Column("entered_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("note", Text, nullable=False),
)

inspections = Table(
    "inspections",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("facility_id", String(40), nullable=False),
    Column("visited_on", Date, nullable=False),
    Column("inspector", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

inspection_findings = Table(
    "inspection_findings",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("inspection_id", String(40), ForeignKey("inspections.id"), nullable=False, index=True),
    Column("severity", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("due_on", Date, nullable=True),
)

finding_updates = Table(
    "finding_updates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "finding_id", String(40), ForeignKey("inspection_findings.id"), nullable=False, index=True
    ),
    Column("status", String(20), nullable=False),
    Column("note", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
)

transparency_reports = Table(
    "transparency_reports",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("ledger_size", BigInteger, nullable=False),
    Column("ledger_root", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("digest", String(64), nullable=False),
)
