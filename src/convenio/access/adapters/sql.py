"""Tables of the access context: users, hashed API tokens, server-side sessions, sign-in
attempts (for throttling across processes) and stored responses of idempotent requests."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Table, Text

from convenio.platform.db import metadata

users = Table(
    "access_users",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("party", String(32), nullable=False),
    Column("party_kind", String(16), nullable=False),
    Column("roles", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "access_api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(40), nullable=False, index=True),
    Column("label", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

sessions = Table(
    "access_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(40), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

sign_in_attempts = Table(
    "access_sign_in_attempts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("client", String(64), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("succeeded", Boolean, nullable=False),
)

idempotent_responses = Table(
    "access_idempotent_responses",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("user_id", String(40), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
