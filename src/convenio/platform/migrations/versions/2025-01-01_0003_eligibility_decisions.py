"""Eligibility: stored decisions (append-only).

Revision ID: 0003_eligibility
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_eligibility"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "eligibility_decisions",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("decision_id", sa.String(40), nullable=False),
        sa.Column("run_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("agreement_digest", sa.String(64), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of_text", sa.String(40), nullable=False),
        sa.Column("inputs_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_eligibility_decisions"),
        sa.UniqueConstraint("decision_id", name="uq_eligibility_decisions_decision_id"),
    )
    op.create_index("ix_eligibility_decisions_run_id", "eligibility_decisions", ["run_id"])
    op.create_index("ix_eligibility_decisions_person_id", "eligibility_decisions", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_eligibility_decisions_person_id", table_name="eligibility_decisions")
    op.drop_index("ix_eligibility_decisions_run_id", table_name="eligibility_decisions")
    op.drop_table("eligibility_decisions")
