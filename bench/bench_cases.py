"""Cases benchmark: the lifecycle use cases, a class-wide hold over many cases, and racing
acceptances.

Times, on a migrated SQLite file (or PostgreSQL with ``--postgres URL``): open + screen,
nominate (fresh screen) and accept (hold re-check, facility lock, count) per case; recording
one class-wide hold that halts ``--cases`` nominated cases in one transaction; and, on
PostgreSQL, ``--racers`` concurrent acceptances for the last 10 places.

Run: .venv/bin/python bench/bench_cases.py [--cases 200] [--postgres URL] [--racers 50]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.cases import services
from convenio.platform import migrate
from convenio.platform.db import make_engine
from convenio.platform.uow import UnitOfWork
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.clock import FixedClock
from convenio.terms import public as terms
from convenio.terms import services as terms_services

EXAMPLES = Path(__file__).parents[1] / "tests" / "data" / "examples" / "people.jsonl"


def actor(role: Role) -> Actor:
    receiving = role is Role.RECEIVING_OFFICER
    kind = PartyKind.RECEIVING if receiving else PartyKind.SENDING
    return Actor(
        id=f"bench-{role}",
        party="SV" if receiving else "US",
        party_kind=kind,
        roles=frozenset({role}),
    )


OFFICER, RECEIVING, LEGAL = (
    actor(Role.CASE_OFFICER),
    actor(Role.RECEIVING_OFFICER),
    actor(Role.LEGAL_REVIEWER),
)


def setup(url: str, people: int, capacity: int, folder: Path) -> tuple[Any, FixedClock]:
    migrate.upgrade(url)
    engine = (
        make_engine(url, pool_size=64, max_overflow=0) if "postgres" in url else make_engine(url)
    )
    clock = FixedClock()
    text = terms.DEFAULT_AGREEMENT_PATH.read_text(encoding="utf-8")
    text = text.replace("{value: 40000,", f"{{value: {capacity},", 1)
    terms_services.register_agreement(UnitOfWork(engine, clock), text.encode(), actor="bench")
    ex1 = json.loads(EXAMPLES.read_text(encoding="utf-8").splitlines()[0])
    lines = []
    for index in range(people):
        person = copy.deepcopy(ex1)
        person["person_id"] = f"B-{index:05d}"
        lines.append(json.dumps(person))
    path = folder / "people.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records_services.import_people(UnitOfWork(engine, clock), path)
    return engine, clock


def timed(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:<38} median {statistics.median(samples) * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms"
    )


def lifecycle(engine: Any, clock: FixedClock, count: int) -> list[str]:
    steps: dict[str, list[float]] = {"open + screen": [], "nominate": [], "accept": []}
    ids = []
    for index in range(count):
        person_id = f"B-{index:05d}"
        start = time.perf_counter()
        case = services.open_case(UnitOfWork(engine, clock), person_id, OFFICER)
        steps["open + screen"].append(time.perf_counter() - start)
        start = time.perf_counter()
        services.nominate(UnitOfWork(engine, clock), case.case_id, OFFICER)
        steps["nominate"].append(time.perf_counter() - start)
        ids.append(case.case_id)
    for case_id in ids[: count // 2]:
        start = time.perf_counter()
        services.accept(UnitOfWork(engine, clock), case_id, RECEIVING)
        steps["accept"].append(time.perf_counter() - start)
    for label, samples in steps.items():
        timed(label, samples)
    return ids


def class_hold(engine: Any, clock: FixedClock) -> None:
    hold = {
        "hold_id": "H-BENCH",
        "kind": "tro",
        "court": "D.D.C.",
        "case_number": "1",
        "issued_at": "2025-03-15T07:00:00-04:00",
        "expires_at": None,
        "lifted_at": None,
        "scope": {"class": {"citizenships": ["VE"]}},
        "summary": "bench",
    }
    start = time.perf_counter()
    outcome = case_holds.record_hold(UnitOfWork(engine, clock), hold, LEGAL)
    elapsed = time.perf_counter() - start
    print(
        f"class-wide hold halting {len(outcome.halted)} cases      {elapsed * 1000:8.1f} ms "
        f"({elapsed / max(1, len(outcome.halted)) * 1000:.1f} ms per case)"
    )


def race(engine: Any, clock: FixedClock, case_ids: list[str]) -> None:
    barrier = threading.Barrier(len(case_ids))
    won: list[str] = []

    def accept(case_id: str) -> None:
        uow = UnitOfWork(engine, clock)
        barrier.wait()
        try:
            services.accept(uow, case_id, RECEIVING)
            won.append(case_id)
        except cases.NoCapacityError:
            pass

    threads = [threading.Thread(target=accept, args=(c,)) for c in case_ids]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    print(f"{len(case_ids)} racing acceptances: {len(won)} accepted in {elapsed * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--racers", type=int, default=50)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.postgres or f"sqlite:///{folder}/bench.db"
        racers = args.racers if args.postgres else 0
        capacity = args.cases // 2 + 10
        engine, clock = setup(url, args.cases + racers, capacity, Path(folder))
        print(f"database: {engine.dialect.name}, {args.cases} cases")
        ids = lifecycle(engine, clock, args.cases)
        if racers:
            racing = [
                services.nominate(
                    UnitOfWork(engine, clock),
                    services.open_case(
                        UnitOfWork(engine, clock), f"B-{args.cases + i:05d}", OFFICER
                    ).case_id,
                    OFFICER,
                ).case_id
                for i in range(racers)
            ]
            race(engine, clock, racing)
        del ids
        class_hold(engine, clock)
        engine.dispose()


if __name__ == "__main__":
    main()
