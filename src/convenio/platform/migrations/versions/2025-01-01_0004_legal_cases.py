"""Legal holds, lifts and reviews; transfer cases, their history, hold effects and alerts.

Revision ID: 0004_legal_cases
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_legal_cases"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def _legal() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("hold_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("court", sa.Text(), nullable=False),
        sa.Column("case_number", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("hold_id", name="pk_legal_holds"),
    )
    op.create_table(
        "legal_hold_lifts",
        sa.Column("hold_id", sa.String(64), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_at_text", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(128), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("hold_id", name="pk_legal_hold_lifts"),
    )
    op.create_table(
        "legal_reviews",
        sa.Column("review_id", sa.String(40), nullable=False),
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reasoning", sa.Text(), nullable=False),
        sa.Column("covers_codes", sa.Text(), nullable=False),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("review_id", name="pk_legal_reviews"),
    )
    op.create_index("ix_legal_reviews_case_id", "legal_reviews", ["case_id"])


def _cases() -> None:
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=True),
        sa.Column("category", sa.String(32), nullable=True),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("decision_codes", sa.Text(), nullable=False),
        sa.Column("review_codes", sa.Text(), nullable=False),
        sa.Column("decision_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_requested", sa.Boolean(), nullable=False),
        sa.Column("movement_id", sa.String(64), nullable=True),
        sa.Column("exit_reason", sa.String(32), nullable=True),
        sa.Column("halted_by", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_cases"),
    )
    op.create_index("ix_cases_person_id", "cases", ["person_id"])
    op.create_index("ix_cases_state", "cases", ["state"])
    op.create_index("ix_cases_facility_id", "cases", ["facility_id"])
    op.create_table(
        "case_transitions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=True),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_code", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("hold_ids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_transitions"),
    )
    op.create_index("ix_case_transitions_case_id", "case_transitions", ["case_id"])
    op.create_table(
        "case_hold_effects",
        sa.Column("hold_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("effect", sa.String(24), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("hold_id", "case_id", name="pk_case_hold_effects"),
    )
    op.create_table(
        "case_alerts",
        sa.Column("alert_id", sa.String(40), nullable=False),
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("hold_id", sa.String(64), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(128), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raised_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", name="pk_case_alerts"),
    )
    op.create_index("ix_case_alerts_case_id", "case_alerts", ["case_id"])
    op.create_table(
        "case_facility_locks",
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("facility_id", name="pk_case_facility_locks"),
    )


def upgrade() -> None:
    _legal()
    _cases()


def downgrade() -> None:
    op.drop_table("case_facility_locks")
    op.drop_index("ix_case_alerts_case_id", table_name="case_alerts")
    op.drop_table("case_alerts")
    op.drop_table("case_hold_effects")
    op.drop_index("ix_case_transitions_case_id", table_name="case_transitions")
    op.drop_table("case_transitions")
    op.drop_index("ix_cases_facility_id", table_name="cases")
    op.drop_index("ix_cases_state", table_name="cases")
    op.drop_index("ix_cases_person_id", table_name="cases")
    op.drop_table("cases")
    op.drop_index("ix_legal_reviews_case_id", table_name="legal_reviews")
    op.drop_table("legal_reviews")
    op.drop_table("legal_hold_lifts")
    op.drop_table("legal_holds")
