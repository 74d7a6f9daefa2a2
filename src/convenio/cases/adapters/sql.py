"""Tables of the cases context. History, hold effects and alerts are appended, never edited."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from convenio.platform.db import metadata

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(40), primary_key=True),
    Column("person_id", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("facility_id", String(64), nullable=True),
    Column("category", String(32), nullable=True),
    Column("decision", String(16), nullable=True),
    Column("decision_codes", Text, nullable=False),
    Column("review_codes", Text, nullable=False),
    Column("decision_at", DateTime(timezone=True), nullable=True),
    Column("return_requested", Boolean, nullable=False),
    Column("movement_id", String(64), nullable=True),
    Column("exit_reason", String(32), nullable=True),
    Column("halted_by", Text, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_cases_person_id", "person_id"),
    Index("ix_cases_state", "state"),
    Index("ix_cases_facility_id", "facility_id"),
)

case_transitions = Table(
    "case_transitions",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("case_id", String(40), nullable=False),
    Column("from_state", String(16), nullable=True),
    Column("to_state", String(16), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("party", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("reason_code", String(64), nullable=True),
    Column("reason", Text, nullable=False),
    Column("hold_ids", Text, nullable=False),
    Index("ix_case_transitions_case_id", "case_id"),
)

case_hold_effects = Table(
    "case_hold_effects",
    metadata,
    Column("hold_id", String(64), primary_key=True),
    Column("case_id", String(40), primary_key=True),
    Column("effect", String(24), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

case_alerts = Table(
    "case_alerts",
    metadata,
    Column("alert_id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("hold_id", String(64), nullable=True),
    Column("message", Text, nullable=False),
    Column("audience", String(128), nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("raised_by", String(128), nullable=False),
    Index("ix_case_alerts_case_id", "case_id"),
)

case_facility_locks = Table(
    "case_facility_locks",
    metadata,
    Column("facility_id", String(64), primary_key=True),
)
