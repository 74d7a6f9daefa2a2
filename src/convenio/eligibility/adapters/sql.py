"""Stored decisions: append-only, one row per person per screening."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, UniqueConstraint

from convenio.platform.db import metadata

eligibility_decisions = Table(
    "eligibility_decisions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("decision_id", String(40), nullable=False),
    Column("run_id", String(40), nullable=False, index=True),
    Column("person_id", String(64), nullable=False, index=True),
    Column("decision", String(16), nullable=False),
    Column("category", String(32), nullable=True),
    Column("reasons", Text, nullable=False),
    Column("agreement_id", String(64), nullable=False),
    Column("agreement_digest", String(64), nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("as_of_text", String(40), nullable=False),
    Column("inputs_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("decision_id"),
)
