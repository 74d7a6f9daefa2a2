"""Access: users, hashed API tokens, sessions, sign-in attempts, idempotent responses.

Revision ID: 0008_access
Revises: 0001_base
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_access"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "access_users",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("party", sa.String(32), nullable=False),
        sa.Column("party_kind", sa.String(16), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_access_users"),
        sa.UniqueConstraint("username", name="uq_access_users_username"),
    )
    op.create_table(
        "access_api_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        _at("created_at"),
        _at("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name="pk_access_api_tokens"),
    )
    op.create_index("ix_access_api_tokens_user_id", "access_api_tokens", ["user_id"])
    op.create_table(
        "access_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _at("created_at"),
        _at("expires_at"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_access_sessions"),
    )
    op.create_index("ix_access_sessions_user_id", "access_sessions", ["user_id"])
    op.create_table(
        "access_sign_in_attempts",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        _at("at"),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_access_sign_in_attempts"),
    )
    for column in ("username", "client", "at"):
        op.create_index(f"ix_access_sign_in_attempts_{column}", "access_sign_in_attempts", [column])
    op.create_table(
        "access_idempotent_responses",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _at("created_at"),
        sa.PrimaryKeyConstraint("key", "user_id", name="pk_access_idempotent_responses"),
    )


def downgrade() -> None:
    op.drop_table("access_idempotent_responses")
    for column in ("username", "client", "at"):
        op.drop_index(f"ix_access_sign_in_attempts_{column}", table_name="access_sign_in_attempts")
    op.drop_table("access_sign_in_attempts")
    op.drop_index("ix_access_sessions_user_id", table_name="access_sessions")
    op.drop_table("access_sessions")
    op.drop_index("ix_access_api_tokens_user_id", table_name="access_api_tokens")
    op.drop_table("access_api_tokens")
    op.drop_table("access_users")
