"""Stored agreement versions: the file text by digest, and which one is current."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, String, Table, Text

from convenio.platform.db import metadata

agreement_versions = Table(
    "agreement_versions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("agreement_id", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("is_current", Boolean, nullable=False),
)
