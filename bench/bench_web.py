"""Web UI benchmark: how long the main pages take to render on a populated SQLite database.

Run: ``python bench/bench_web.py [--size 10000] [--cases 300] [--rounds 20]``.

1. Generate ``--size`` persons with the demo population generator and import them into a
   fresh SQLite file with the default agreement.
2. Open (screen) a case for the first ``--cases`` persons.
3. Sign in as a monitor (who may read every page) and request each page ``--rounds`` times
   through the ASGI application in process: median and 95th percentile in milliseconds, and
   the ratio of each page's median to the median of a static file (the framework's floor).

Figures go to docs/performance.md, section "Web UI".
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date
from pathlib import Path

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from convenio.access import public as access
from convenio.bootstrap import Services
from convenio.cases import services as case_services
from convenio.demo.population import write_population
from convenio.platform import migrate
from convenio.platform.db import make_engine
from convenio.platform.settings import Settings
from convenio.records import public as records
from convenio.records import services as record_services
from convenio.server import create_app
from convenio.shared.actor import SYSTEM_ACTOR, Actor, PartyKind, Role
from convenio.terms import public as terms
from convenio.terms import services as terms_services

PASSWORD = "benchmark password 1"
PAGES = (
    "/",
    "/people",
    "/people?q=ma",
    "/people?page=40",
    "/people/{person}",
    "/holds",
    "/queue",
    "/movements",
    "/custody",
    "/invoices",
    "/ledger",
    "/terms",
)


def populate(folder: Path, size: int, cases: int) -> Services:
    """A migrated SQLite database with the agreement, ``size`` persons and ``cases`` cases."""
    url = f"sqlite:///{folder / 'bench.db'}"
    migrate.upgrade(url)
    services = Services(settings=Settings(database_url=url, env="test"), engine=make_engine(url))
    terms_services.register_agreement(
        services.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="bench"
    )
    people = folder / "people.jsonl"
    write_population(people, size=size, seed=1, reference_date=date(2025, 3, 15))
    record_services.import_people(services.uow(), people, actor="bench")
    officer = Actor(
        id="bench-officer",
        party="US",
        party_kind=PartyKind.SENDING,
        roles=frozenset({Role.CASE_OFFICER}),
    )
    with services.uow() as uow:
        summaries, _ = records.list_people(uow.session, limit=cases)
    for summary in summaries:
        case_services.open_case(services.uow(), summary.person_id, officer)
    access.create_user(
        services.uow(),
        username="bench-monitor",
        password=PASSWORD,
        party="MONITOR",
        roles=["monitor"],
        actor=SYSTEM_ACTOR,
    )
    return services


def signed_in(services: Services) -> TestClient:
    """A client signed in as the monitor."""
    client = TestClient(create_app(services.settings, services))
    form = client.get("/sign-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    client.post(
        "/sign-in",
        data={"username": "bench-monitor", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    return client


def timed(client: TestClient, path: str, rounds: int) -> list[float]:
    """Milliseconds of ``rounds`` requests (after one warm-up request)."""
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="convenio-bench-web-") as folder:
        started = time.perf_counter()
        services = populate(Path(folder), args.size, args.cases)
        print(
            f"populated {args.size:,} persons, {args.cases:,} cases "
            f"in {time.perf_counter() - started:.1f} s"
        )
        client = signed_in(services)
        with services.uow() as uow:
            person = records.list_people(uow.session, limit=1)[0][0].person_id
        floor = statistics.median(timed(client, "/static/css/convenio.css", args.rounds))
        print(f"{'page':<22}{'median ms':>10}{'p95 ms':>9}{'x static':>10}")
        for page in PAGES:
            path = page.format(person=person)
            times = sorted(timed(client, path, args.rounds))
            median = statistics.median(times)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{page:<22}{median:>10.1f}{p95:>9.1f}{median / floor:>10.1f}")
        print(f"{'static file':<22}{floor:>10.1f}")
        client.close()
        services.close()


if __name__ == "__main__":
    sys.exit(main())
