"""Several processes appending at once on PostgreSQL: gapless, and the incremental root is right."""

from __future__ import annotations

import multiprocessing

import pytest
from ledger_builders import all_leaves, make_event

from convenio.ledger import public as ledger
from convenio.ledger.domain.merkle import mth
from convenio.platform.db import make_engine
from convenio.platform.uow import UnitOfWork

WORKERS = 4
PER_WORKER = 40


def _worker(url: str, worker: int) -> list[int]:
    engine = make_engine(url)
    indexes = []
    try:
        for i in range(PER_WORKER):
            with UnitOfWork(engine) as uow:
                event = make_event(worker * 1000 + i)
                if i % 5 == 0:
                    indexes += ledger.record_many(uow.session, [event, make_event(-worker - 1)])
                else:
                    indexes.append(ledger.record(uow.session, event))
                uow.commit()
    finally:
        engine.dispose()
    return indexes


@pytest.mark.postgres_only
def test_concurrent_appends_from_processes_are_gapless_with_the_right_root(pg_db):
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        results = pool.starmap(_worker, [(pg_db.url, w) for w in range(WORKERS)])
    indexes = sorted(i for result in results for i in result)
    total = WORKERS * (PER_WORKER + PER_WORKER // 5)
    assert indexes == list(range(total))
    leaves = all_leaves(pg_db)
    with pg_db.uow() as uow:
        head = ledger.tree_head(uow.session)
        report = ledger.verify_database(uow.session, [])
    assert head.size == len(leaves) == total
    assert head.root_hash == mth(leaves)
    assert report.ok, report.problems
