"""Read side of the ledger: tree head, leaves, proofs from the stored tree, checkpoints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.orm import Session

from convenio.ledger.adapters.sql import (
    ledger_checkpoints,
    ledger_head,
    ledger_leaves,
    ledger_nodes,
)
from convenio.ledger.domain.merkle import EMPTY_ROOT, frontier_root, perfect_subtrees
from convenio.ledger.domain.proofs import Range, consistency_ranges, inclusion_ranges
from convenio.shared.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class TreeHead:
    """The size and root hash of the log."""

    size: int
    root_hash: bytes


@dataclass(frozen=True, slots=True)
class LeafRecord:
    """One leaf: its index, canonical JSON text, RFC 9162 leaf hash and event type."""

    index: int
    leaf: str
    leaf_hash: bytes
    event_type: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class CheckpointRecord:
    """A stored signed checkpoint; ``note`` is the signed-note text as published."""

    seq: int
    origin: str
    size: int
    root_hash: bytes
    note: str
    signer: str
    extends_seq: int | None
    created_at: datetime


def checkpoint_record(row: Any) -> CheckpointRecord:
    """A checkpoint row as a record."""
    return CheckpointRecord(
        seq=int(row.seq),
        origin=row.origin,
        size=int(row.size),
        root_hash=bytes(row.root_hash),
        note=row.note,
        signer=row.signer,
        extends_seq=row.extends_seq,
        created_at=row.created_at,
    )


def tree_head(session: Session) -> TreeHead:
    """The current size and root (the empty tree when nothing was recorded)."""
    row = session.execute(
        select(ledger_head.c.size, ledger_head.c.root_hash).where(ledger_head.c.id == 1)
    ).one_or_none()
    if row is None or not row.size:
        return TreeHead(0, EMPTY_ROOT)
    return TreeHead(int(row.size), bytes(row.root_hash))


def list_leaves(session: Session, offset: int, limit: int) -> list[LeafRecord]:
    """Leaves ``offset`` .. ``offset + limit - 1``, in order."""
    if offset < 0 or not 0 < limit <= 10_000:
        raise InvalidInputError("offset must be >= 0 and limit between 1 and 10000")
    rows = session.execute(
        select(ledger_leaves)
        .where(ledger_leaves.c.seq >= offset)
        .order_by(ledger_leaves.c.seq)
        .limit(limit)
    )
    return [
        LeafRecord(int(r.seq), r.leaf, bytes(r.leaf_hash), r.event_type, r.recorded_at)
        for r in rows
    ]


def leaves_after(session: Session, position: int, limit: int) -> list[tuple[int, str]]:
    """``(index, leaf text)`` of up to ``limit`` leaves from index ``position`` on."""
    rows = session.execute(
        select(ledger_leaves.c.seq, ledger_leaves.c.leaf)
        .where(ledger_leaves.c.seq >= position)
        .order_by(ledger_leaves.c.seq)
        .limit(limit)
    )
    return [(int(seq), leaf) for seq, leaf in rows]


def leaf_count_by_type(session: Session) -> dict[str, int]:
    """How many leaves of each event type."""
    rows = session.execute(
        select(ledger_leaves.c.event_type, func.count())
        .group_by(ledger_leaves.c.event_type)
        .order_by(ledger_leaves.c.event_type)
    )
    return {event_type: int(count) for event_type, count in rows}


def list_checkpoints(session: Session) -> list[CheckpointRecord]:
    """Every stored checkpoint, oldest first."""
    rows = session.execute(select(ledger_checkpoints).order_by(ledger_checkpoints.c.seq))
    return [checkpoint_record(row) for row in rows]


def _check_size(session: Session, size: int) -> None:
    head = tree_head(session).size
    if not 0 <= size <= head:
        raise InvalidInputError(f"tree size {size} is not between 0 and the log size {head}")


_LEAF_HASHES = select(ledger_leaves.c.seq, ledger_leaves.c.leaf_hash)
_NODE_HASHES = select(ledger_nodes.c.level, ledger_nodes.c.idx, ledger_nodes.c.hash)


def node_hashes(session: Session, nodes: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Hashes of perfect subtrees: level 0 from the leaves, higher levels from the nodes.

    Two indexed queries whatever the number of nodes (their compiled form is cached).
    """
    connection = session.connection()
    found: dict[tuple[int, int], bytes] = {}
    leaves = [idx for level, idx in nodes if level == 0]
    if leaves:
        rows = connection.execute(_LEAF_HASHES.where(ledger_leaves.c.seq.in_(leaves)))
        found.update({(0, int(seq)): bytes(hashed) for seq, hashed in rows})
    pairs = {node for node in nodes if node[0]}
    if pairs:
        # One index lookup per node: a row-value IN on PostgreSQL (planned as OR-ed index
        # probes); on SQLite, where a row-value IN is a full scan, IN on both key columns
        # (an index probe per combination; extra combinations are dropped below).
        condition: ColumnElement[bool]
        if connection.dialect.name == "postgresql":
            condition = tuple_(ledger_nodes.c.level, ledger_nodes.c.idx).in_(sorted(pairs))
        else:
            levels, idxs = {lv for lv, _ in pairs}, {ix for _, ix in pairs}
            condition = ledger_nodes.c.level.in_(levels) & ledger_nodes.c.idx.in_(idxs)
        for r in connection.execute(_NODE_HASHES.where(condition)):
            node = (int(r.level), int(r.idx))
            if node in pairs:
                found[node] = bytes(r.hash)
    missing = nodes - found.keys()
    if missing:
        head = tree_head(session).size
        level, idx = max(missing, key=lambda node: (node[1] + 1) << node[0])
        if (idx + 1) << level > head:
            raise InvalidInputError(f"the log has only {head} leaves")
        raise InvalidInputError(f"the stored tree lacks node {(level, idx)}")
    return found


def range_hashes(session: Session, ranges: Sequence[Range], leaf: int | None = None) -> list[bytes]:
    """MTH of each leaf range, from stored perfect subtrees (one query per table).

    ``leaf``: an index whose row must exist too (the leaf an inclusion proof is for).
    """
    plans = [perfect_subtrees(start, end) for start, end in ranges]
    wanted = {node for plan in plans for node in plan}
    if leaf is not None:
        wanted.add((0, leaf))
    found = node_hashes(session, wanted)
    return [frontier_root([found[node] for node in plan]) for plan in plans]


def root_at(session: Session, size: int) -> bytes:
    """The root hash of the first ``size`` leaves."""
    _check_size(session, size)
    return range_hashes(session, [(0, size)])[0] if size else EMPTY_ROOT


def inclusion_proof(session: Session, index: int, size: int) -> list[bytes]:
    """The RFC 9162 inclusion proof of leaf ``index`` in the tree of ``size`` leaves.

    A size beyond the log is refused because the subtrees it needs are not stored.
    """
    if not 0 <= index < size:
        raise InvalidInputError(f"leaf index {index} is not in a tree of size {size}")
    return range_hashes(session, inclusion_ranges(index, size), leaf=index)


def consistency_proof(session: Session, old: int, new: int) -> list[bytes]:
    """The RFC 9162 consistency proof from the tree of ``old`` leaves to that of ``new``."""
    if not 0 < old <= new:
        raise InvalidInputError(f"sizes must satisfy 0 < old <= new (got {old} and {new})")
    return range_hashes(session, consistency_ranges(old, new))
