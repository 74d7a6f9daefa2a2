"""Tables of the legal context. Hold rows are never updated: a lift is its own row."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, String, Table, Text

from convenio.platform.db import metadata

legal_holds = Table(
    "legal_holds",
    metadata,
    Column("hold_id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("court", Text, nullable=False),
    Column("case_number", Text, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("scope", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("terms", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("party", String(64), nullable=False),
)

legal_hold_lifts = Table(
    "legal_hold_lifts",
    metadata,
    Column("hold_id", String(64), primary_key=True),
    Column("lifted_at", DateTime(timezone=True), nullable=False),
    Column("lifted_at_text", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("party", String(64), nullable=False),
)

legal_reviews = Table(
    "legal_reviews",
    metadata,
    Column("review_id", String(40), primary_key=True),
    Column("case_id", String(40), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("reasoning", Text, nullable=False),
    Column("covers_codes", Text, nullable=False),
    Column("author", String(128), nullable=False),
    Column("party", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_legal_reviews_case_id", "case_id"),
)
