"""Records: persons and their records (INTERCHANGE.md).

Revision ID: 0002_records
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_records"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "records_persons",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("a_number", sa.String(10)),
        sa.Column("fbi_number", sa.Text()),
        sa.Column("family_name", sa.Text(), nullable=False),
        sa.Column("given_names", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(1)),
        sa.Column("us_status", sa.String(16), nullable=False),
        sa.Column("consent", sa.Boolean()),
        sa.Column("present_fields", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name="pk_records_persons"),
    )
    op.create_index("ix_records_persons_a_number", "records_persons", ["a_number"])
    op.create_index("ix_records_persons_birth_date", "records_persons", ["birth_date"])
    op.create_table(
        "records_citizenships",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_citizenships"),
    )
    op.create_table(
        "records_languages",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_languages"),
    )
    op.create_table(
        "records_convictions",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("offense", sa.Text(), nullable=False),
        sa.Column("offense_code", sa.Text()),
        sa.Column("jurisdiction", sa.Text(), nullable=False),
        sa.Column("convicted_on", sa.Date(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("violent", sa.Boolean()),
        sa.Column("sentence_start_on", sa.Date()),
        sa.Column("sentence_days", sa.Integer()),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_convictions"),
    )
    op.create_table(
        "records_pending_charges",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("offense", sa.Text(), nullable=False),
        sa.Column("jurisdiction", sa.Text(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_pending_charges"),
    )
    op.create_table(
        "records_removal_orders",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_removal_orders"),
    )
    op.create_table(
        "records_protection_claims",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_on", sa.Date()),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_protection_claims"),
    )
    op.create_table(
        "records_designations",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("organization", sa.Text(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("adjudicated", sa.Boolean(), nullable=False),
        sa.Column("designated_on", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer()),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_designations"),
    )
    op.create_table(
        "records_notices",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("explains_how_to_contest", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_notices"),
    )
    op.create_table(
        "records_habeas_petitions",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("court", sa.Text(), nullable=False),
        sa.Column("case_number", sa.Text(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_habeas_petitions"),
    )
    op.create_table(
        "records_medical_assessments",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("fit_to_travel", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "position", name="pk_records_medical_assessments"),
    )


def downgrade() -> None:
    op.drop_index("ix_records_persons_birth_date", table_name="records_persons")
    op.drop_index("ix_records_persons_a_number", table_name="records_persons")
    op.drop_table("records_medical_assessments")
    op.drop_table("records_habeas_petitions")
    op.drop_table("records_notices")
    op.drop_table("records_designations")
    op.drop_table("records_protection_claims")
    op.drop_table("records_removal_orders")
    op.drop_table("records_pending_charges")
    op.drop_table("records_convictions")
    op.drop_table("records_languages")
    op.drop_table("records_citizenships")
    op.drop_table("records_persons")
