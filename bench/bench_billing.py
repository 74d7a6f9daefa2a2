"""Billing benchmark: 40,000 people in custody for 12 months.

Measures (1) the core in memory — accrual and fee lines for 12 months — both as the services
run it (whole months as Polars columns, ``domain.monthly``) and the per-record reference
(``domain.accrual``/``domain.fees``, plain Python), and (2) the whole use case on a migrated
SQLite database (and PostgreSQL with ``--postgres``): for each month, accrue and build the
invoice (documents written, ledger events recorded, committed). Budget: accrual and
invoicing ≤ 2 s.

Run: .venv/bin/python bench/bench_billing.py [--people 40000] [--months 12] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from convenio.billing import public as billing
from convenio.billing.domain.accrual import accrue
from convenio.billing.domain.fees import month_lines
from convenio.billing.domain.invoice import total_of
from convenio.billing.domain.monthly import accrue_frame, intervals_frame, month_lines_frame
from convenio.billing.invoicing import paused_gc, terms_of
from convenio.custody.adapters.sql import custody_admissions
from convenio.platform import migrate
from convenio.platform.db import make_engine
from convenio.platform.uow import UnitOfWork
from convenio.shared.clock import FixedClock
from convenio.terms import public as terms

BUDGET_SECONDS = 2
PER_DIEM = Path(__file__).resolve().parent.parent / "tests" / "billing" / "data" / "per-diem.yaml"


def population(people: int, start: date) -> list[billing.CustodyInterval]:
    """Everyone admitted before the period and held throughout (a few leave and return)."""
    stays = []
    for index in range(people):
        admitted = start - timedelta(days=1 + index % 20)
        stays.append(
            billing.CustodyInterval(
                stay_id=f"adm_{index:06d}",
                person_id=f"person_{index:06d}",
                facility_id="CECOT" if index % 2 else "F1",
                admitted_on=admitted,
                exited_on=None,
                source_events=(f"adm_{index:06d}",),
                revision=0,
            )
        )
    return stays


def months_from(first: billing.Month, count: int) -> list[billing.Month]:
    months = [first]
    while len(months) < count:
        months.append(months[-1].next())
    return months


def columns(
    agreement: terms.Agreement,
    stays: Sequence[billing.CustodyInterval],
    months: Sequence[billing.Month],
) -> tuple[float, float, int, int]:
    bt = terms_of(agreement)
    began, cpu = time.perf_counter(), time.process_time()
    person_days = lines = 0
    for month in months:
        frame = intervals_frame(stays)
        entries = accrue_frame(frame, bt.day_count, bt.schedules, month)
        charged = month_lines_frame(entries, bt.schedules, month)
        int(charged["amount_minor"].sum())
        person_days += int(entries["days"].sum())
        lines += charged.height
    return time.perf_counter() - began, time.process_time() - cpu, person_days, lines


def pure(
    agreement: terms.Agreement,
    stays: Sequence[billing.CustodyInterval],
    months: Sequence[billing.Month],
) -> tuple[float, float, int, int]:
    bt = terms_of(agreement)
    began, cpu = time.perf_counter(), time.process_time()
    person_days = lines = 0
    with paused_gc():  # as the services run it
        for month in months:
            entries = accrue(stays, bt.day_count, bt.schedules, month)
            charged = month_lines(entries, bt.schedules, month)
            total_of(charged)
            person_days += sum(e.days for e in entries)
            lines += len(charged)
    return time.perf_counter() - began, time.process_time() - cpu, person_days, lines


def database(
    url: str,
    agreement: terms.Agreement,
    stays: Sequence[billing.CustodyInterval],
    months: Sequence[billing.Month],
) -> tuple[float, float, int]:
    migrate.upgrade(url)
    engine = make_engine(url)
    clock = FixedClock()
    source = lambda _session, _start, _end: stays  # noqa: E731
    lines = 0
    began, cpu = time.perf_counter(), time.process_time()
    for month in months:
        result = billing.build_invoice(UnitOfWork(engine, clock), agreement, month, source=source)
        lines += result.line_count
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    engine.dispose()
    return wall, used, lines


def custody_rows(stays: Sequence[billing.CustodyInterval]) -> list[dict[str, object]]:
    """The same stays as custody admission rows (no exits), for the custody-read run."""
    return [
        {
            "admission_id": stay.stay_id,
            "person_id": stay.person_id,
            "case_id": f"case_{stay.stay_id}",
            "movement_id": None,
            "facility_id": stay.facility_id,
            "admitted_at": datetime.combine(stay.admitted_on, datetime.min.time(), UTC),
            "admitted_on": stay.admitted_on,
            "identity": "{}",
            "legal_basis": "{}",
            "visible_injuries": "none visible",
            "complaints": "none made",
            "property": "[]",
            "next_of_kin": "[]",
            "nationality": "VE",
            "category": "deportee",
            "recorded_by": "bench",
            "recorded_at": datetime(2025, 1, 1, tzinfo=UTC),
        }
        for stay in stays
    ]


def with_custody(
    url: str,
    agreement: terms.Agreement,
    stays: Sequence[billing.CustodyInterval],
    months: Sequence[billing.Month],
) -> tuple[float, float, int]:
    """The use case with billing's own interval source: custody read from the custody
    tables every month (through billing's copy of the admissions)."""
    migrate.upgrade(url)
    engine = make_engine(url)
    rows = custody_rows(stays)
    with engine.begin() as connection:
        for first in range(0, len(rows), 5000):
            connection.execute(insert(custody_admissions), rows[first : first + 5000])
    lines = 0
    began, cpu = time.perf_counter(), time.process_time()
    for month in months:
        lines += billing.build_invoice(
            UnitOfWork(engine, FixedClock()), agreement, month
        ).line_count
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    engine.dispose()
    return wall, used, lines


def reference_microseconds() -> float:
    """A fixed pure-Python workload: compare it between runs and machines to scale the
    figures (it grows when the machine is busy)."""
    best = None
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(1000):
            sum(range(1000))
        took = (time.perf_counter() - began) * 1000
        best = took if best is None else min(best, took)
    return best or 0


def report(label: str, wall: float, cpu: float, person_days: int, lines: int) -> None:
    print(
        f"{label:<52} wall {wall:7.2f} s  cpu {cpu:7.2f} s  "
        f"{person_days / wall:>12,.0f} person-days/s  {lines:>9,} lines  "
        f"{wall / BUDGET_SECONDS:5.2f} × budget"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=40_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--postgres", default=None, help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    months = months_from(billing.Month(2025, 4), args.months)
    stays = population(args.people, months[0].first)
    agreements = {
        "fixed_block (us-sv-2025)": terms.default_agreement(),
        "per_diem (test agreement)": terms.load_agreement(PER_DIEM),
    }
    print(f"{args.people:,} people in custody for {args.months} months; budget {BUDGET_SECONDS} s")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"machine reference: sum(range(1000)) takes {reference_microseconds():.1f} µs")
    person_days = 0
    for name, agreement in agreements.items():
        wall, cpu, person_days, lines = columns(agreement, stays, months)
        report(f"core in columns, {name}", wall, cpu, person_days, lines)
    for name, agreement in agreements.items():
        wall, cpu, person_days, lines = pure(agreement, stays, months)
        report(f"reference per record, {name}", wall, cpu, person_days, lines)
    for name, agreement in agreements.items():
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.db"
            wall, cpu, lines = database(url, agreement, stays, months)
            report(f"SQLite accrue + invoice, {name}", wall, cpu, person_days, lines)
    with tempfile.TemporaryDirectory() as folder:
        wall, cpu, lines = with_custody(
            f"sqlite:///{folder}/custody.db", agreements["fixed_block (us-sv-2025)"], stays, months
        )
        report("SQLite, custody read from its tables, fixed_block", wall, cpu, person_days, lines)
    if args.postgres:
        wall, cpu, lines = database(
            args.postgres, agreements["per_diem (test agreement)"], stays, months
        )
        report("PostgreSQL accrue + invoice, per_diem", wall, cpu, person_days, lines)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
