"""Builders for the ledger tests: events to append, raw leaves, in-memory proofs by the RFC definition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from convenio.ledger import public as ledger
from convenio.ledger.domain.merkle import mth
from convenio.ledger.domain.proofs import consistency_ranges, inclusion_ranges
from convenio.shared.events import Event

DATA = Path(__file__).parents[1] / "data" / "merkle"


def make_event(i: int) -> Event:
    at = datetime(2025, 3, 15, 12, 0, tzinfo=UTC) + timedelta(seconds=i)
    return Event(type=f"test.kind{i % 3}", at=at, actor="u-1", party="US", data={"n": i})


def append(db, count: int, start: int = 0) -> None:
    with db.uow() as uow:
        ledger.record_many(uow.session, [make_event(start + i) for i in range(count)])
        uow.commit()


def all_leaves(db) -> list[bytes]:
    with db.uow() as uow:
        size = ledger.tree_head(uow.session).size
        return [r.leaf.encode() for r in ledger.list_leaves(uow.session, 0, max(size, 1))]


def reference_inclusion(leaves: list[bytes], index: int, size: int) -> list[bytes]:
    return [mth(leaves[a:b]) for a, b in inclusion_ranges(index, size)]


def reference_consistency(leaves: list[bytes], old: int, new: int) -> list[bytes]:
    return [mth(leaves[a:b]) for a, b in consistency_ranges(old, new)]
