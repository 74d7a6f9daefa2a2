"""Ledger tables. Rows are inserted, never updated or deleted (the head row excepted)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
)

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

# One row (id = 1): the size of the log, its root and its right frontier (the roots of the
# perfect subtrees on the right edge, largest first, concatenated). Locked FOR UPDATE by each
# append so that appends from several processes get a gapless order; updated in the same
# transaction as the leaves it counts.
ledger_head = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("root_hash", LargeBinary(32), nullable=True),
    Column("frontier", LargeBinary, nullable=True),
)

# Interior nodes (level >= 1) of complete perfect subtrees: node (level, idx) covers leaves
# [idx * 2**level, (idx + 1) * 2**level). Complete subtrees never change, so proofs for any
# tree size read them directly. Level 0 is ledger_leaves.leaf_hash.
ledger_nodes = Table(
    "ledger_nodes",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

# Signed checkpoints, append-only. A cosignature is a new row whose note carries one more
# signature line; ``extends_seq`` names the row it extends.
ledger_checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("origin", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("signer", String(64), nullable=False),
    Column("extends_seq", BigInteger, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
