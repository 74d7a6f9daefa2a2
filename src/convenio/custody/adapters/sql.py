"""Custody tables. Every row is a record: inserted once, never updated or deleted.

Lists and objects (identity, property, next of kin, recipients) are canonical JSON text.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from convenio.platform.db import metadata

custody_admissions = Table(
    "custody_admissions",
    metadata,
    Column("admission_id", String(40), primary_key=True),
    Column("person_id", String(64), nullable=False, index=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("movement_id", String(64), nullable=True),
    Column("facility_id", String(64), nullable=False, index=True),
    Column("admitted_at", DateTime(timezone=True), nullable=False),
    Column("admitted_on", Date, nullable=False, index=True),
    Column("identity", Text, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("visible_injuries", Text, nullable=False),
    Column("complaints", Text, nullable=False),
    Column("property", Text, nullable=False),
    Column("next_of_kin", Text, nullable=False),
    Column("nationality", String(16), nullable=False),
    Column("category", String(32), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

custody_placements = Table(
    "custody_placements",
    metadata,
    Column("placement_id", String(40), primary_key=True),
    Column("admission_id", String(40), nullable=False, index=True),
    Column("person_id", String(64), nullable=False),
    Column("facility_id", String(64), nullable=False),
    Column("unit_id", String(64), nullable=False, index=True),
    Column("start_at", DateTime(timezone=True), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

custody_exits = Table(
    "custody_exits",
    metadata,
    Column("record_id", String(40), primary_key=True),
    Column("admission_id", String(40), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("ground", String(64), nullable=False),
    Column("exit_at", DateTime(timezone=True), nullable=False),
    Column("exited_on", Date, nullable=False),
    Column("destination", String(128), nullable=True),
    Column("authority", Text, nullable=False),
    Column("supersedes", String(40), nullable=True),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("admission_id", "revision"),
)

custody_incidents = Table(
    "custody_incidents",
    metadata,
    Column("incident_id", String(40), primary_key=True),
    Column("facility_id", String(64), nullable=False, index=True),
    Column("kind", String(48), nullable=False),
    Column("person_ids", Text, nullable=False),
    Column("movement_id", String(64), nullable=True),
    Column("description", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

custody_deaths = Table(
    "custody_deaths",
    metadata,
    Column("death_id", String(40), primary_key=True),
    Column("admission_id", String(40), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("facility_id", String(64), nullable=False),
    Column("died_at", DateTime(timezone=True), nullable=False),
    Column("cause", Text, nullable=False),
    Column("circumstances", Text, nullable=False),
    Column("remains", Text, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

custody_alerts = Table(
    "custody_alerts",
    metadata,
    Column("alert_id", String(40), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("subject_id", String(40), nullable=False),
    Column("person_id", String(64), nullable=True),
    Column("facility_id", String(64), nullable=False),
    Column("recipients", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
)

custody_visits = Table(
    "custody_visits",
    metadata,
    Column("visit_id", String(40), primary_key=True),
    Column("admission_id", String(40), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("visitor", Text, nullable=False),
    Column("visited_at", DateTime(timezone=True), nullable=False),
    Column("notes", Text, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

custody_consular_notifications = Table(
    "custody_consular_notifications",
    metadata,
    Column("notification_id", String(40), primary_key=True),
    Column("admission_id", String(40), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("country", String(2), nullable=False),
    Column("consulate", Text, nullable=False),
    Column("notified_on", Date, nullable=False),
    Column("informed_of_right", Boolean, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

ALL = (
    custody_admissions,
    custody_placements,
    custody_exits,
    custody_incidents,
    custody_deaths,
    custody_alerts,
    custody_visits,
    custody_consular_notifications,
)
