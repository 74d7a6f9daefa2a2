"""Ledger tables. Rows are inserted, never updated or deleted (the head row excepted)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, LargeBinary, String, Table, Text

from convenio.platform.db import metadata

ledger_leaves = Table(
    "ledger_leaves",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("leaf", Text, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
    Column("event_type", String(80), nullable=False, index=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

# One row (id = 1): the size of the log. Locked FOR UPDATE by each append so that appends
# from several processes get a gapless order.
ledger_head = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
)
