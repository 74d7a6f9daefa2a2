"""Ledger benchmark: appends on SQLite and PostgreSQL, proofs from the database, verification.

Run: ``python bench/bench_ledger.py [--appends 100000] [--bundle 1000000]``. PostgreSQL is
taken from CONVENIO_BENCH_POSTGRES_URL (default: the local server of the test suite) and
skipped when unreachable. Figures go to docs/performance.md, section "Ledger".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import create_engine, make_url, text

from convenio.ledger import public as ledger
from convenio.ledger.adapters.keys import Signer
from convenio.ledger.domain.audit import TreeScanner
from convenio.ledger.domain.leaf import leaf_text
from convenio.ledger.domain.note import Checkpoint, SignedNote
from convenio.ledger.verification import read_bundle, verify_bundle
from convenio.platform import migrate
from convenio.platform.db import make_engine
from convenio.platform.uow import UnitOfWork
from convenio.shared.events import Event

PG_ADMIN = os.environ.get(
    "CONVENIO_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
T0 = datetime(2025, 3, 15, 12, 0, tzinfo=UTC)
SIGNER = Signer("bench-party", bytes(range(32)))


def event(i: int) -> Event:
    return Event(
        type=("case.transitioned", "movement.recorded", "custody.day_counted")[i % 3],
        at=T0 + timedelta(seconds=i),
        actor=f"u-{i % 17}",
        party=("US", "SV")[i % 2],
        data={"case_id": f"case_{i:08d}", "person_id": f"per_{i % 5000:06d}", "step": i % 7},
    )


@contextmanager
def sqlite_db() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(url)
        yield url


@contextmanager
def postgres_db() -> Iterator[str | None]:
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # unreachable server: skip PostgreSQL figures
        print(f"PostgreSQL skipped: {str(error).splitlines()[0]}")
        yield None
        return
    name = f"convenio_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(label: str, count: int, unit: str, work: Callable[[], None]) -> float:
    """Run ``work``; print wall-clock and CPU rates (CPU: this process only)."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = count / seconds
    print(
        f"  {label:<46} {count:>9,} {unit} in {seconds:7.2f} s = {rate:>9,.0f} {unit}/s"
        f" (CPU {cpu:6.2f} s = {count / cpu:>9,.0f}/s)"
    )
    return rate


def bench_appends(url: str, total: int, per_event: int, singles: int) -> None:
    engine = make_engine(url)
    batch = 1_000
    next_i = 0

    def batched_record() -> None:
        nonlocal next_i
        for _ in range(per_event // batch):
            with UnitOfWork(engine) as uow:
                for _ in range(batch):
                    ledger.record(uow.session, event(next_i))
                    next_i += 1
                uow.commit()

    def batched_record_many() -> None:
        nonlocal next_i
        for _ in range(total // batch):
            with UnitOfWork(engine) as uow:
                ledger.record_many(uow.session, [event(next_i + k) for k in range(batch)])
                next_i += batch
                uow.commit()

    def single() -> None:
        nonlocal next_i
        for _ in range(singles):
            with UnitOfWork(engine) as uow:
                ledger.record(uow.session, event(next_i))
                next_i += 1
                uow.commit()

    timed("record_many(), 1,000 events per transaction", total, "events", batched_record_many)
    timed("record(), 1,000 events per transaction", per_event, "events", batched_record)
    timed("record(), one event per transaction", singles, "events", single)
    bench_proofs(engine)
    bench_verify_database(engine)
    engine.dispose()


def bench_proofs(engine) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    times, cpu_times = [], []
    with UnitOfWork(engine) as uow:
        size = ledger.tree_head(uow.session).size
        root = ledger.root_at(uow.session, size)
        leaves = {r.index: r.leaf_hash for r in ledger.list_leaves(uow.session, 0, 1)}
        for _ in range(300):
            index = rng.randrange(size)
            start, cpu = time.perf_counter(), time.process_time()
            proof = ledger.inclusion_proof(uow.session, index, size)
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
            if index in leaves:
                ledger.verify_inclusion(index, size, leaves[index], proof, root)
        consistency = []
        for _ in range(100):
            old = rng.randrange(1, size)
            start = time.perf_counter()
            ledger.consistency_proof(uow.session, old, size)
            consistency.append((time.perf_counter() - start) * 1000)
    print(
        f"  inclusion proof from the database at {size:,} leaves: median "
        f"{statistics.median(times):.2f} ms, p95 {sorted(times)[284]:.2f} ms; "
        f"CPU median {statistics.median(cpu_times):.2f} ms (300 proofs)"
    )
    print(
        f"  consistency proof from the database at {size:,} leaves: median "
        f"{statistics.median(consistency):.2f} ms (100 proofs)"
    )


def bench_verify_database(engine) -> None:  # type: ignore[no-untyped-def]
    with UnitOfWork(engine) as uow:
        size = ledger.tree_head(uow.session).size

        def work() -> None:
            report = ledger.verify_database(uow.session, [])
            assert report.ok, report.problems

        timed("verify_database (stream + recompute)", size, "leaves", work)


def make_bundle_file(path: Path, size: int) -> None:
    leaves = [leaf_text(event(i)) for i in range(size)]
    sizes = sorted({size // 4, size // 2, size})
    scanner = TreeScanner(sizes)
    scanner.add([leaf.encode() for leaf in leaves])
    notes = []
    for cut in sizes:
        body = Checkpoint("convenio.example/bench", cut, scanner.roots[cut]).body()
        notes.append(SignedNote(body, (SIGNER.sign(body.encode()),)).render())
    bundle = {
        "origin": "convenio.example/bench",
        "leaves": leaves,
        "checkpoints": notes,
        "keys": [SIGNER.verifier.text()],
    }
    path.write_bytes(orjson.dumps(bundle))


def bench_bundle(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundle.json"
        make_bundle_file(path, size)
        print(f"  bundle file: {path.stat().st_size / 1e6:,.0f} MB")
        loaded: dict[str, object] = {}

        def load() -> None:
            loaded.update(read_bundle(path))

        def verify() -> None:
            report = verify_bundle(loaded, [SIGNER.verifier])
            assert report.ok, report.problems

        load_rate = timed("read bundle (orjson)", size, "leaves", load)
        verify_rate = timed("verify bundle (hash + 3 checkpoints)", size, "leaves", verify)
        overall = 1 / (1 / load_rate + 1 / verify_rate)
        print(f"  read + verify: {overall:,.0f} leaves/s (target 300,000/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appends", type=int, default=100_000)
    parser.add_argument("--per-event", type=int, default=20_000)
    parser.add_argument("--singles", type=int, default=2_000)
    parser.add_argument("--bundle", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql", "bundle"), default=None)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.only in (None, "sqlite"):
        print("SQLite")
        with sqlite_db() as url:
            bench_appends(url, args.appends, args.per_event, args.singles)
    if args.only in (None, "postgresql"):
        print("PostgreSQL")
        with postgres_db() as pg_url:
            if pg_url:
                bench_appends(pg_url, args.appends, args.per_event, args.singles)
    if args.only in (None, "bundle"):
        print(f"Bundle of {args.bundle:,} leaves")
        bench_bundle(args.bundle)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
