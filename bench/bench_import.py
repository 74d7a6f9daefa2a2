"""Import benchmark: generated persons into PostgreSQL and SQLite, against PostgreSQL's COPY.

Run: ``python bench/bench_import.py [--size 1000000] [--seed 1] [--no-sqlite] [--workers N]
[--file people.jsonl]``.

1. Generate ``--size`` persons with the demo population generator.
2. Import them into a fresh PostgreSQL database (created and dropped here) and a fresh SQLite
   file, each in a child process (so that its peak RSS is its own): persons/s and peak RSS.
3. Re-import the same file into PostgreSQL (every person unchanged: the idempotent path).
4. Raw COPY: dump every records table of the PostgreSQL database with ``COPY ... TO``,
   truncate, and time ``COPY ... FROM`` of exactly those rows, in one transaction. The ratio
   import / raw COPY is measured in the same run.

``--file`` imports an existing people file instead of generating one (its first ``--size``
lines). ``--workers`` sets the import's worker processes (default: the import's own choice;
0: all in one process). CPU seconds are counted for the import process, its worker processes
(sampled from /proc while they run) and the PostgreSQL backend.

PostgreSQL is taken from CONVENIO_BENCH_POSTGRES_URL (default: the local server of the test
suite). Figures go to docs/performance.md, section "Import".
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

PG_ADMIN = os.environ.get(
    "CONVENIO_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) used so far by a process of this machine (0 if unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class DescendantsCpu:
    """CPU seconds of this process's descendants, sampled from /proc while they run."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _children(self, pid: int) -> list[int]:
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                found.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
        return found

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            todo = self._children(os.getpid())
            while todo:
                pid = todo.pop()
                self.seen[pid] = max(self.seen.get(pid, 0.0), process_cpu(pid))
                todo.extend(self._children(pid))

    def __enter__(self) -> DescendantsCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def child_import(url: str, path: str, workers: int | None) -> None:
    """Run in a child process: import ``path`` into ``url``; print seconds and peak RSS."""
    from convenio.platform.db import make_engine
    from convenio.platform.uow import UnitOfWork
    from convenio.records import services

    engine = make_engine(url)
    backend = None
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    backend_cpu = process_cpu(backend)
    started, cpu_started = time.perf_counter(), time.process_time()
    with DescendantsCpu() as workers_cpu:
        result = services.import_people(UnitOfWork(engine), Path(path), workers=workers)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    backend_cpu = process_cpu(backend) - backend_cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "workers_cpu_seconds": workers_cpu.seconds,
                "backend_cpu_seconds": backend_cpu,
                "peak_rss_mb": peak_kb / 1024,
                "created": result.created,
                "unchanged": result.unchanged,
            }
        )
    )


def run_child(url: str, path: Path, workers: int | None) -> dict[str, float]:
    given = [] if workers is None else ["--workers", str(workers)]
    output = subprocess.run(
        [sys.executable, __file__, "--child-import", url, str(path), *given],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def create_pg() -> tuple[str, str]:
    from convenio.platform import migrate

    name = f"convenio_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    return name, url


def drop_pg(name: str) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def raw_copy_seconds(url: str, folder: Path) -> tuple[float, int, float]:
    """Dump the records tables, truncate them, time COPY FROM of the same rows."""
    import psycopg

    from convenio.records.adapters import sql

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    tables = [table.name for table in sql.ALL_TABLES]
    rows = 0
    with psycopg.connect(dsn) as connection:
        for name in tables:
            with (
                (folder / f"{name}.copy").open("wb") as out,
                connection.cursor() as cursor,
                cursor.copy(f"COPY {name} TO STDOUT") as copy,
            ):
                for data in copy:
                    out.write(data)
            with (folder / f"{name}.copy").open("rb") as dumped:  # counted once written whole
                rows += sum(1 for _ in dumped)
        connection.execute(f"TRUNCATE {', '.join(tables)}")
        connection.commit()
        backend_cpu = process_cpu(connection.info.backend_pid)
        started = time.perf_counter()
        for name in tables:
            with (
                (folder / f"{name}.copy").open("rb") as source,
                connection.cursor() as cursor,
                cursor.copy(f"COPY {name} FROM STDIN") as copy,
            ):
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
        connection.commit()
        seconds = time.perf_counter() - started
        backend_cpu = process_cpu(connection.info.backend_pid) - backend_cpu
    return seconds, rows, backend_cpu


def generate(path: Path, size: int, seed: int) -> None:
    from convenio.demo.population import write_population

    started, cpu_started = time.perf_counter(), time.process_time()
    size_bytes = write_population(path, size=size, seed=seed)
    generated = time.perf_counter() - started
    generated_cpu = time.process_time() - cpu_started
    print(
        f"generated {size:,} persons ({size_bytes / 1e6:,.0f} MB) in {generated:.1f} s "
        f"({size / generated:,.0f} persons/s; {generated_cpu:.1f} s of CPU)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-reimport", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--child-import", nargs=2, metavar=("URL", "FILE"))
    args = parser.parse_args()
    if args.child_import:
        child_import(*args.child_import, args.workers)
        return
    from convenio.platform import migrate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "people.jsonl"
        if args.file is not None:
            with args.file.open("rb") as source, path.open("wb") as out:
                out.writelines(itertools.islice(source, args.size))
            print(f"took the first {args.size:,} lines of {args.file.name}")
        else:
            generate(path, args.size, args.seed)
        name, url = create_pg()
        try:
            pg = run_child(url, path, args.workers)
            print(
                f"PostgreSQL import: {pg['seconds']:.1f} s, {args.size / pg['seconds']:,.0f} "
                f"persons/s, peak RSS {pg['peak_rss_mb']:,.0f} MB, {pg['cpu_seconds']:.1f} s of CPU"
            )
            if not args.no_reimport:
                again = run_child(url, path, args.workers)
                print(
                    f"PostgreSQL re-import (all unchanged): {again['seconds']:.1f} s, "
                    f"{args.size / again['seconds']:,.0f} persons/s, peak RSS "
                    f"{again['peak_rss_mb']:,.0f} MB"
                )
            copy_seconds, rows, copy_cpu = raw_copy_seconds(url, folder)
            print(
                f"PostgreSQL raw COPY of the same {rows:,} rows: {copy_seconds:.1f} s "
                f"(server CPU {copy_cpu:.1f} s)"
            )
            print(f"ratio import / raw COPY: {pg['seconds'] / copy_seconds:.2f}x (target <= 3x)")
            client_cpu = pg["cpu_seconds"] + pg["workers_cpu_seconds"]
            import_cpu = client_cpu + pg["backend_cpu_seconds"]
            print(
                f"CPU: import {pg['cpu_seconds']:.1f} s main + {pg['workers_cpu_seconds']:.1f} s "
                f"workers + {pg['backend_cpu_seconds']:.1f} s server = {import_cpu:.1f} s; "
                f"raw COPY server {copy_cpu:.1f} s; ratio {import_cpu / copy_cpu:.2f}x"
            )
        finally:
            drop_pg(name)
        if not args.no_sqlite:
            sqlite_url = f"sqlite:///{folder / 'bench.db'}"
            migrate.upgrade(sqlite_url)
            lite = run_child(sqlite_url, path, args.workers)
            print(
                f"SQLite import: {lite['seconds']:.1f} s, {args.size / lite['seconds']:,.0f} "
                f"persons/s, peak RSS {lite['peak_rss_mb']:,.0f} MB, "
                f"{lite['cpu_seconds']:.1f} s of CPU, "
                f"{lite['seconds'] / copy_seconds:.2f}x PostgreSQL raw COPY"
            )


if __name__ == "__main__":
    main()
