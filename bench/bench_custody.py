"""Custody benchmark: the read side and one admission at a full facility (40,000 stays).

Fills the custody tables of a migrated SQLite database (or PostgreSQL) with ``--people``
admissions spread over a year (one placement each, one in ten already released), then
times: the occupancy of one day, the daily population of a year, the stays of a month
(billing's query), a locator lookup, and one admission (the facility and unit capacity checks
read every stay of the facility).

Run: .venv/bin/python bench/bench_custody.py [--people 40000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from convenio.custody import public as custody
from convenio.custody.adapters.sql import custody_admissions, custody_exits, custody_placements
from convenio.platform import migrate
from convenio.platform.db import make_engine
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.clock import FixedClock

START = datetime(2025, 3, 16, 6, 0, tzinfo=UTC)
RECEIVING = Actor(
    id="bench",
    party="SV",
    party_kind=PartyKind.RECEIVING,
    roles=frozenset({Role.RECEIVING_OFFICER}),
)


def rows(people: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    admissions, placements, exits = [], [], []
    for index in range(people):
        at = START + timedelta(minutes=index * 13 % (365 * 24 * 60))
        admission_id = f"adm_{index:07d}"
        admissions.append(
            {
                "admission_id": admission_id,
                "person_id": f"P-{index:07d}",
                "case_id": f"case_{index:07d}",
                "movement_id": None,
                "facility_id": "CECOT",
                "admitted_at": at,
                "admitted_on": at.date(),
                "identity": "{}",
                "legal_basis": "{}",
                "visible_injuries": "none visible",
                "complaints": "none made",
                "property": "[]",
                "next_of_kin": "[]",
                "nationality": ("VE", "SV", "HN", "GT")[index % 4],
                "category": "deportee",
                "recorded_by": "bench",
                "recorded_at": at,
            }
        )
        placements.append(
            {
                "placement_id": f"plc_{index:07d}",
                "admission_id": admission_id,
                "person_id": f"P-{index:07d}",
                "facility_id": "CECOT",
                "unit_id": f"P{1 + index % 8}",
                "start_at": at,
                "reason": "admission",
                "recorded_by": "bench",
                "recorded_at": at,
            }
        )
        if index % 10 == 0:
            out = at + timedelta(days=90)
            exits.append(
                {
                    "record_id": f"ext_{index:07d}",
                    "admission_id": admission_id,
                    "revision": 1,
                    "kind": "exit",
                    "reason": "released",
                    "ground": "by_decision",
                    "exit_at": out,
                    "exited_on": out.date(),
                    "destination": None,
                    "authority": "",
                    "supersedes": None,
                    "recorded_by": "bench",
                    "recorded_at": out,
                }
            )
    return admissions, placements, exits


def timed(label: str, action: Callable[[], object], results: list[tuple[str, float]]) -> None:
    began = time.perf_counter()
    action()
    results.append((label, time.perf_counter() - began))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=40_000)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.postgres or f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        admissions, placements, exits = rows(args.people)
        with engine.begin() as connection:
            for table, data in (
                (custody_admissions, admissions),
                (custody_placements, placements),
                (custody_exits, exits),
            ):
                for first in range(0, len(data), 5000):
                    connection.execute(insert(table), data[first : first + 5000])
        uow = UnitOfWork(engine, FixedClock(datetime(2026, 3, 20, tzinfo=UTC)))
        results: list[tuple[str, float]] = []
        with uow:
            session = uow.session
            timed(
                "occupancy on one day",
                lambda: custody.occupancy(session, on=date(2026, 3, 1)),
                results,
            )
            timed(
                "daily population, 365 days",
                lambda: custody.daily_population(
                    session, start=date(2025, 3, 16), end=date(2026, 3, 15)
                ),
                results,
            )
            timed(
                "list_stays of one month",
                lambda: custody.list_stays(session, start=date(2025, 9, 1), end=date(2025, 9, 30)),
                results,
            )
            timed("locate one person", lambda: custody.locate(session, "P-0012345"), results)
            person = {
                "person_id": "NEW-1",
                "citizenships": ["VE"],
                "us_status": "undocumented",
                "removal_orders": [
                    {
                        "id": "R1",
                        "basis": "ina_240",
                        "issued_on": "2024-01-01",
                        "final": True,
                        "countries": ["VE"],
                    }
                ],
            }
            timed(
                "admit one person (capacity checks)",
                lambda: custody.admit(
                    session,
                    person=person,
                    case_id="case_new",
                    movement_id=None,
                    facility_id="CECOT",
                    at=datetime(2026, 3, 20, tzinfo=UTC),
                    actor=RECEIVING,
                    now=datetime(2026, 3, 20, tzinfo=UTC),
                ),
                results,
            )

            def handover(count: int = 200) -> None:
                """A flight of ``count`` people admitted in one transaction, one room."""
                room = custody.room_of(session, "CECOT")
                for number in range(count):
                    custody.admit(
                        session,
                        person={**person, "person_id": f"FLIGHT-{number}"},
                        case_id=f"case_flight_{number}",
                        movement_id=None,
                        facility_id="CECOT",
                        at=datetime(2026, 3, 20, 1, tzinfo=UTC),
                        actor=RECEIVING,
                        now=datetime(2026, 3, 20, 1, tzinfo=UTC),
                        room=room,
                    )

            timed("handover of 200 people (one room)", handover, results)
        engine.dispose()
    print(
        f"custody benchmark: {args.people:,} stays ({'PostgreSQL' if args.postgres else 'SQLite'})"
    )
    for label, seconds in results:
        per_stay = seconds / args.people * 1e6
        print(f"  {label:<38} {seconds * 1000:9.1f} ms  {per_stay:6.2f} µs per stay")


if __name__ == "__main__":
    main()
