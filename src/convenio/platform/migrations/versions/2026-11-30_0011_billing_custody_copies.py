"""Billing: its copies of custody's admissions (one document each, appended when custody has
more), so that a month's accrual reads only what is new.

Revision ID: 0011_billing_custody_copies
Revises: 0010_billing_documents
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_billing_custody_copies"
down_revision = "0010_billing_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_custody_copies",
        sa.Column("copy_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("admission_count", sa.Integer(), nullable=False),
        sa.Column("last_admission_id", sa.String(64), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("admissions", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("copy_no", name="pk_billing_custody_copies"),
    )


def downgrade() -> None:
    op.drop_table("billing_custody_copies")
