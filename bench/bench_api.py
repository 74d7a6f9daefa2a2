"""JSON API and access benchmark: request latency of the main API reads, and the costs of
authentication (argon2 sign-in, token lookup) and of the permission policy.

Run: ``python bench/bench_api.py [--size 10000] [--cases 300] [--rounds 30]``.

1. A fresh SQLite database with the default agreement, ``--size`` generated persons and a
   case opened for the first ``--cases`` of them (the same population as the web benchmark).
2. An API token for a monitor (who may read every route); each route is requested
   ``--rounds`` times through the ASGI application in process: median and 95th percentile
   in milliseconds, and the ratio of each median to that of ``/api/v1/health`` (the floor).
3. argon2id hash and verify (the default parameters), and ``policy.can`` per call.

Figures go to docs/performance.md, section "JSON API and access".
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from argon2 import PasswordHasher

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import populate

from convenio.access import public as access
from convenio.records import public as records
from convenio.server import create_app
from convenio.shared.actor import SYSTEM_ACTOR, Actor, PartyKind, Role

ROUTES = (
    "/api/v1/health",
    "/api/v1/me",
    "/api/v1/people?limit=50",
    "/api/v1/people?limit=50&search=ma",
    "/api/v1/people/{person}",
    "/api/v1/people/{person}/explanation",
    "/api/v1/cases?limit=50",
    "/api/v1/holds",
    "/api/v1/custody/occupancy",
    "/api/v1/billing/invoices",
    "/api/v1/ledger/head",
    "/api/v1/ledger/leaves?limit=100",
    "/api/v1/terms",
)


def timed(client: TestClient, path: str, headers: dict[str, str], rounds: int) -> list[float]:
    """Milliseconds of ``rounds`` requests (after one warm-up request)."""
    first = client.get(path, headers=headers)
    assert first.status_code == 200, (path, first.status_code, first.text[:200])
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def bench_routes(client: TestClient, token: str, person: str, rounds: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    floor = statistics.median(timed(client, ROUTES[0], headers, rounds))
    print(f"{'route':<42}{'median ms':>10}{'p95 ms':>9}{'x health':>10}")
    for route in ROUTES:
        path = route.format(person=person)
        times = timed(client, path, headers, rounds)
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{route:<42}{median:>10.1f}{p95:>9.1f}{median / floor:>10.1f}")


def bench_auth(rounds: int) -> None:
    hasher = PasswordHasher()
    started = time.perf_counter()
    for _ in range(rounds):
        stored = hasher.hash("benchmark password 1")
    hash_ms = (time.perf_counter() - started) * 1000 / rounds
    started = time.perf_counter()
    for _ in range(rounds):
        hasher.verify(stored, "benchmark password 1")
    verify_ms = (time.perf_counter() - started) * 1000 / rounds
    print(f"argon2id hash {hash_ms:.1f} ms, verify {verify_ms:.1f} ms (default parameters)")
    officer = Actor(
        id="u",
        party="SV",
        party_kind=PartyKind.RECEIVING,
        roles=frozenset({Role.RECEIVING_OFFICER}),
    )
    calls = 200_000
    started = time.perf_counter()
    for _ in range(calls):
        access.can(officer, access.Action.CASE_ACCEPT)
    per_call_us = (time.perf_counter() - started) * 1_000_000 / calls
    print(f"policy.can {per_call_us:.2f} µs per call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="convenio-bench-api-") as folder:
        started = time.perf_counter()
        services = populate(Path(folder), args.size, args.cases)
        print(
            f"populated {args.size:,} persons, {args.cases:,} cases in "
            f"{time.perf_counter() - started:.1f} s"
        )
        token = access.issue_token(
            services.uow(), username="bench-monitor", label="bench", actor=SYSTEM_ACTOR
        ).token
        with services.uow() as uow:
            person = records.list_people(uow.session, limit=1)[0][0].person_id
        client = TestClient(create_app(services.settings, services))
        bench_routes(client, token, person, args.rounds)
        bench_auth(5)


if __name__ == "__main__":
    main()
