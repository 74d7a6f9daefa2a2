"""Movements tables: rows are inserted once and never updated or deleted.

The state of a movement is its latest step; the manifest is the history of its entries.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, UniqueConstraint

from convenio.platform.db import metadata

movements = Table(
    "movements",
    metadata,
    Column("movement_id", String(40), primary_key=True),
    Column("number", String(32), nullable=False),
    Column("mode", String(16), nullable=False),
    Column("origin", String(128), nullable=False),
    Column("facility_id", String(64), nullable=False),
    Column("scheduled_departure_at", DateTime(timezone=True), nullable=False),
    Column("display_zone", String(64), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

movement_steps = Table(
    "movement_steps",
    metadata,
    Column("step_id", String(40), primary_key=True),
    Column("movement_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("movement_id", "seq"),
)

manifest_entries = Table(
    "manifest_entries",
    metadata,
    Column("entry_id", String(40), primary_key=True),
    Column("movement_id", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("case_id", String(64), nullable=False, index=True),
    Column("person_id", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reason_codes", Text, nullable=False),
    Column("hold_ids", Text, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("movement_id", "seq"),
)

handover_confirmations = Table(
    "handover_confirmations",
    metadata,
    Column("confirmation_id", String(40), primary_key=True),
    Column("movement_id", String(40), nullable=False),
    Column("round", Integer, nullable=False),
    Column("side", String(16), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("headcount", Integer, nullable=False),
    Column("present", Text, nullable=True),
    Column("intake", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("movement_id", "round", "side"),
)

ALL = (movements, movement_steps, manifest_entries, handover_confirmations)
