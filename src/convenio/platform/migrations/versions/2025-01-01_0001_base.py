"""Base: agreement versions and the ledger's leaves.

Revision ID: 0001_base
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement_versions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_agreement_versions"),
    )
    op.create_table(
        "ledger_leaves",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("leaf", sa.Text(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_ledger_leaves"),
    )
    op.create_index("ix_ledger_leaves_event_type", "ledger_leaves", ["event_type"])
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_head"),
    )


def downgrade() -> None:
    op.drop_table("ledger_head")
    op.drop_index("ix_ledger_leaves_event_type", table_name="ledger_leaves")
    op.drop_table("ledger_leaves")
    op.drop_table("agreement_versions")
