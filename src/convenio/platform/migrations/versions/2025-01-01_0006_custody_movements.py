"""Custody records and movements: admissions, placements, exits, incidents, deaths, alerts,
visits, consular notifications; movements, their steps, manifest entries, handovers.

Revision ID: 0006_custody_movements
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_custody_movements"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "custody_admissions",
        sa.Column("admission_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("movement_id", sa.String(64), nullable=True),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admitted_on", sa.Date(), nullable=False),
        sa.Column("identity", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("visible_injuries", sa.Text(), nullable=False),
        sa.Column("complaints", sa.Text(), nullable=False),
        sa.Column("property", sa.Text(), nullable=False),
        sa.Column("next_of_kin", sa.Text(), nullable=False),
        sa.Column("nationality", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("admission_id", name="pk_custody_admissions"),
    )
    op.create_index("ix_custody_admissions_person_id", "custody_admissions", ["person_id"])
    op.create_index("ix_custody_admissions_case_id", "custody_admissions", ["case_id"])
    op.create_index("ix_custody_admissions_facility_id", "custody_admissions", ["facility_id"])
    op.create_index("ix_custody_admissions_admitted_on", "custody_admissions", ["admitted_on"])
    op.create_table(
        "custody_placements",
        sa.Column("placement_id", sa.String(40), nullable=False),
        sa.Column("admission_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("placement_id", name="pk_custody_placements"),
    )
    op.create_index("ix_custody_placements_admission_id", "custody_placements", ["admission_id"])
    op.create_index("ix_custody_placements_unit_id", "custody_placements", ["unit_id"])
    op.create_table(
        "custody_exits",
        sa.Column("record_id", sa.String(40), nullable=False),
        sa.Column("admission_id", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("ground", sa.String(64), nullable=False),
        sa.Column("exit_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exited_on", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(128), nullable=True),
        sa.Column("authority", sa.Text(), nullable=False),
        sa.Column("supersedes", sa.String(40), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name="pk_custody_exits"),
        sa.UniqueConstraint("admission_id", "revision", name="uq_custody_exits_admission_id"),
    )
    op.create_table(
        "custody_incidents",
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(48), nullable=False),
        sa.Column("person_ids", sa.Text(), nullable=False),
        sa.Column("movement_id", sa.String(64), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name="pk_custody_incidents"),
    )
    op.create_index("ix_custody_incidents_facility_id", "custody_incidents", ["facility_id"])
    op.create_table(
        "custody_deaths",
        sa.Column("death_id", sa.String(40), nullable=False),
        sa.Column("admission_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("died_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("remains", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("death_id", name="pk_custody_deaths"),
    )
    op.create_table(
        "custody_alerts",
        sa.Column("alert_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=True),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", name="pk_custody_alerts"),
    )
    op.create_table(
        "custody_visits",
        sa.Column("visit_id", sa.String(40), nullable=False),
        sa.Column("admission_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("visitor", sa.Text(), nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name="pk_custody_visits"),
    )
    op.create_table(
        "custody_consular_notifications",
        sa.Column("notification_id", sa.String(40), nullable=False),
        sa.Column("admission_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("consulate", sa.Text(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("informed_of_right", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notification_id", name="pk_custody_consular_notifications"),
    )
    op.create_table(
        "movements",
        sa.Column("movement_id", sa.String(40), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(128), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("scheduled_departure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("display_zone", sa.String(64), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("movement_id", name="pk_movements"),
    )
    op.create_table(
        "movement_steps",
        sa.Column("step_id", sa.String(40), nullable=False),
        sa.Column("movement_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("step_id", name="pk_movement_steps"),
        sa.UniqueConstraint("movement_id", "seq", name="uq_movement_steps_movement_id"),
    )
    op.create_table(
        "manifest_entries",
        sa.Column("entry_id", sa.String(40), nullable=False),
        sa.Column("movement_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_codes", sa.Text(), nullable=False),
        sa.Column("hold_ids", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name="pk_manifest_entries"),
        sa.UniqueConstraint("movement_id", "seq", name="uq_manifest_entries_movement_id"),
    )
    op.create_index("ix_manifest_entries_case_id", "manifest_entries", ["case_id"])
    op.create_table(
        "handover_confirmations",
        sa.Column("confirmation_id", sa.String(40), nullable=False),
        sa.Column("movement_id", sa.String(40), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("present", sa.Text(), nullable=True),
        sa.Column("intake", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("confirmation_id", name="pk_handover_confirmations"),
        sa.UniqueConstraint(
            "movement_id", "round", "side", name="uq_handover_confirmations_movement_id"
        ),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes.
    op.drop_table("handover_confirmations")
    op.drop_table("manifest_entries")
    op.drop_table("movement_steps")
    op.drop_table("movements")
    op.drop_table("custody_consular_notifications")
    op.drop_table("custody_visits")
    op.drop_table("custody_alerts")
    op.drop_table("custody_deaths")
    op.drop_table("custody_incidents")
    op.drop_table("custody_exits")
    op.drop_table("custody_placements")
    op.drop_table("custody_admissions")
