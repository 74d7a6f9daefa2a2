"""Appending events to the ledger (in the caller's transaction) and signing checkpoints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Update, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from convenio.ledger.adapters.keys import Signer
from convenio.ledger.adapters.sql import (
    ledger_checkpoints,
    ledger_head,
    ledger_leaves,
    ledger_nodes,
)
from convenio.ledger.domain.leaf import leaf_hash, leaf_text
from convenio.ledger.domain.merkle import (
    frontier_append,
    frontier_root,
    split_frontier,
)
from convenio.ledger.domain.note import Checkpoint, SignedNote, parse_note
from convenio.ledger.queries import CheckpointRecord, checkpoint_record, root_at
from convenio.platform.uow import UnitOfWork
from convenio.shared.errors import ConflictError, NotFoundError, RuleViolationError
from convenio.shared.events import Event


@dataclass
class _Head:
    size: int
    frontier: list[bytes]


_HEAD = select(ledger_head.c.size, ledger_head.c.frontier).where(ledger_head.c.id == 1)
_HEAD_FOR_UPDATE = _HEAD.with_for_update()
_HEAD_UPDATE = (
    update(ledger_head)
    .where(ledger_head.c.id == 1)
    .values(
        size=bindparam("new_size"),
        root_hash=bindparam("new_root"),
        frontier=bindparam("new_frontier"),
    )
)
_INSERT_LEAVES = insert(ledger_leaves)
_INSERT_NODES = insert(ledger_nodes)
_CACHE_KEY = "convenio.ledger.head"
_ONE_STATEMENT_MAX = 16


def _lock_head(session: Session) -> _Head:
    """Lock the head row (FOR UPDATE; SQLite's BEGIN IMMEDIATE already serialises writers).

    The locked state is cached for the innermost open transaction: further appends in the
    same transaction skip the read. Any other transaction (a savepoint begun, released or
    rolled back) reads the row again.
    """
    connection = session.connection()  # begins the transaction if none is open
    transaction = session.get_nested_transaction() or session.get_transaction()
    cached = session.info.get(_CACHE_KEY)
    if cached is not None and cached[0] is transaction:
        head: _Head = cached[1]
        return head
    row = connection.execute(_HEAD_FOR_UPDATE).one_or_none()
    if row is None:
        maker = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
        connection.execute(maker(ledger_head).values(id=1, size=0).on_conflict_do_nothing())
        row = connection.execute(_HEAD_FOR_UPDATE).one()
    size, blob = int(row.size), row.frontier
    head = _Head(size, _rebuild(session, size) if size and not blob else split_frontier(blob))
    session.info[_CACHE_KEY] = (transaction, head)
    return head


def _rebuild(session: Session, size: int) -> list[bytes]:
    """Frontier and interior nodes for leaves appended before the tree was stored."""
    frontier: list[bytes] = []
    rows = session.execute(
        select(ledger_leaves.c.leaf_hash)
        .where(ledger_leaves.c.seq < size)
        .order_by(ledger_leaves.c.seq)
    ).scalars()
    nodes: list[dict[str, object]] = []
    for index, hashed in enumerate(rows):
        _, completed = frontier_append(frontier, index, hashed)
        nodes.extend({"level": n.level, "idx": n.index, "hash": n.hash} for n in completed)
    if nodes:
        session.execute(insert(ledger_nodes), nodes)
    return frontier


def append_events(session: Session, events: Sequence[Event]) -> list[int]:
    """Append events as leaves in the caller's transaction; returns their indexes.

    The head row is locked for the rest of the transaction, so appends from several
    processes are serialised and gapless; the frontier, root and interior nodes are updated
    in the same transaction (O(log n) hashes per leaf, never a rehash of the tree).
    """
    if not events:
        return []
    head = _lock_head(session)
    first = size = head.size
    frontier = list(head.frontier)
    leaves: list[dict[str, object]] = []
    nodes: list[dict[str, object]] = []
    for event in events:
        text = leaf_text(event)
        hashed = leaf_hash(text.encode("utf-8"))
        leaves.append(
            {
                "seq": size,
                "leaf": text,
                "leaf_hash": hashed,
                "event_type": event.type,
                "recorded_at": event.at,
            }
        )
        _, completed = frontier_append(frontier, size, hashed)
        nodes.extend({"level": n.level, "idx": n.index, "hash": n.hash} for n in completed)
        size += 1
    _write(session.connection(), leaves, nodes, size, frontier)
    head.size, head.frontier = size, frontier
    return list(range(first, size))


def _write(
    connection: Connection,
    leaves: list[dict[str, object]],
    nodes: list[dict[str, object]],
    size: int,
    frontier: list[bytes],
) -> None:
    """Insert leaves and nodes and move the head. On PostgreSQL a few leaves go in one
    statement (data-modifying CTEs): one round trip per append instead of three."""
    head = {
        "new_size": size,
        "new_root": frontier_root(frontier),
        "new_frontier": b"".join(frontier),
    }
    if connection.dialect.name == "postgresql" and len(leaves) <= _ONE_STATEMENT_MAX:
        statement = _one_statement(len(leaves), len(nodes))
        for prefix, rows in (("l", leaves), ("n", nodes)):
            for i, row in enumerate(rows):
                head.update({f"{prefix}{i}_{name}": value for name, value in row.items()})
        connection.execute(statement, head)
        return
    connection.execute(_INSERT_LEAVES, leaves)
    if nodes:
        connection.execute(_INSERT_NODES, nodes)
    connection.execute(_HEAD_UPDATE, head)


_LEAF_COLUMNS = ("seq", "leaf", "leaf_hash", "event_type", "recorded_at")
_NODE_COLUMNS = ("level", "idx", "hash")
_ONE_STATEMENT_CACHE: dict[tuple[int, int], Update] = {}


def _one_statement(leaf_count: int, node_count: int) -> Update:
    """UPDATE head WITH (INSERT leaves), (INSERT nodes): built once per shape, then cached."""
    key = (leaf_count, node_count)
    statement = _ONE_STATEMENT_CACHE.get(key)
    if statement is None:
        leaf_rows: list[dict[str, Any]] = [
            {c: bindparam(f"l{i}_{c}") for c in _LEAF_COLUMNS} for i in range(leaf_count)
        ]
        statement = _HEAD_UPDATE.add_cte(insert(ledger_leaves).values(leaf_rows).cte("new_leaves"))
        if node_count:
            node_rows: list[dict[str, Any]] = [
                {c: bindparam(f"n{i}_{c}") for c in _NODE_COLUMNS} for i in range(node_count)
            ]
            statement = statement.add_cte(insert(ledger_nodes).values(node_rows).cte("new_nodes"))
        _ONE_STATEMENT_CACHE[key] = statement
    return statement


def append_event(session: Session, event: Event) -> int:
    """Append one event as a leaf in the caller's transaction; returns its index."""
    return append_events(session, [event])[0]


def _next_checkpoint_seq(session: Session) -> int:
    last = session.execute(select(func.max(ledger_checkpoints.c.seq))).scalar_one_or_none()
    return 1 if last is None else int(last) + 1


def sign_checkpoint(uow: UnitOfWork, signer: Signer, origin: str) -> CheckpointRecord:
    """Sign the current tree head as a C2SP checkpoint and store it (a new row)."""
    with uow:
        head = _lock_head(uow.session)
        checkpoint = Checkpoint(origin, head.size, frontier_root(head.frontier))
        body = checkpoint.body()
        note = SignedNote(body, (signer.sign(body.encode("utf-8")),))
        record = _store(uow, checkpoint, note, signer.name, None)
        uow.commit()
    return record


def cosign_checkpoint(uow: UnitOfWork, signer: Signer, seq: int | None) -> CheckpointRecord:
    """Add ``signer``'s signature to a stored checkpoint, as a new row.

    Like a witness, the cosigner first checks that the checkpoint's root is the root of this
    database's tree at that size. A stored signature is never changed.
    """
    with uow:
        session = uow.session
        _lock_head(session)
        query = select(ledger_checkpoints)
        if seq is None:
            query = query.order_by(ledger_checkpoints.c.seq.desc()).limit(1)
        else:
            query = query.where(ledger_checkpoints.c.seq == seq)
        row = session.execute(query).one_or_none()
        if row is None:
            raise NotFoundError(
                f"no checkpoint {seq}" if seq else "no checkpoint yet; sign one first"
            )
        existing = checkpoint_record(row)
        note = parse_note(existing.note)
        if any(sig.key_id == signer.verifier.key_id for sig in note.signatures):
            raise ConflictError(f"checkpoint {existing.seq} is already signed by {signer.name}")
        if root_at(session, existing.size) != existing.root_hash:
            raise RuleViolationError(
                f"checkpoint {existing.seq} does not match this ledger's tree at size "
                f"{existing.size}; refusing to cosign"
            )
        checkpoint = Checkpoint(existing.origin, existing.size, existing.root_hash)
        cosigned = note.with_signature(signer.sign(note.text.encode("utf-8")))
        record = _store(uow, checkpoint, cosigned, signer.name, existing.seq)
        uow.commit()
    return record


def _store(
    uow: UnitOfWork, checkpoint: Checkpoint, note: SignedNote, signer: str, extends: int | None
) -> CheckpointRecord:
    record = CheckpointRecord(
        seq=_next_checkpoint_seq(uow.session),
        origin=checkpoint.origin,
        size=checkpoint.size,
        root_hash=checkpoint.root_hash,
        note=note.render(),
        signer=signer,
        extends_seq=extends,
        created_at=uow.clock.now(),
    )
    uow.session.execute(insert(ledger_checkpoints).values(**asdict(record)))
    return record
