"""Migration 0010: per-row accruals and invoice lines become documents without losing data."""

from datetime import UTC, date, datetime

import polars as pl
import pytest
from sqlalchemy import inspect, text

from convenio.billing.adapters.accruals import (
    accrual_entries,
    accrual_watermark,
    add_accruals,
    latest_accruals,
    stay_revisions,
)
from convenio.billing.adapters.store import line_rows
from convenio.platform import migrate

APRIL, MAY = date(2025, 4, 1), date(2025, 5, 1)
SCHEDULE = date(2025, 1, 1)


def _entry(no, stay, first, last, days, revision, events):
    person, facility = {"s-1": ("p-1", "f-1"), "s-2": ("p-2", "f-1"), "s-3": ("p-3", "f-2")}[stay]
    return {
        "accrual_no": no,
        "stay_id": stay,
        "person_id": person,
        "facility_id": facility,
        "schedule_from": SCHEDULE,
        "first_day": first,
        "last_day": last,
        "days": days,
        "revision": revision,
        "source_events": "\n".join(events),
    }


# (month, recorded_at, entries): accrual_no starts at 11 so batch numbers are not 1, 2, 3.
RUNS = [
    (
        APRIL,
        datetime(2025, 4, 30, 10, tzinfo=UTC),
        [
            _entry(11, "s-1", APRIL, date(2025, 4, 30), 30, 1, ["ev-1"]),
            _entry(12, "s-2", date(2025, 4, 10), date(2025, 4, 30), 21, 2, ["ev-2", "ev-3"]),
            _entry(13, "s-3", None, None, 0, 1, ["ev-4"]),
        ],
    ),
    (
        APRIL,
        datetime(2025, 5, 2, 9, tzinfo=UTC),
        [
            _entry(
                14, "s-2", date(2025, 4, 10), date(2025, 4, 20), 11, 3, ["ev-2", "ev-3", "ev-5"]
            ),
            _entry(15, "s-3", date(2025, 4, 28), date(2025, 4, 30), 3, 2, ["ev-4", "ev-6"]),
        ],
    ),
    (
        MAY,
        datetime(2025, 5, 31, 23, tzinfo=UTC),
        [
            _entry(16, "s-1", MAY, date(2025, 5, 31), 31, 1, ["ev-1"]),
            _entry(17, "s-2", None, None, 0, 3, ["ev-2", "ev-3", "ev-5"]),
        ],
    ),
]
WATERMARK = 13  # the invoice was made after the first April run
_LINE_DEFAULTS = {
    "kind": "person_days",
    "for_month": APRIL,
    "model": "per_diem",
    "schedule_from": SCHEDULE,
    "facility_id": "f-1",
    "corrects_line_id": None,
    "billed_before_minor": None,
}
LINES = [
    {
        **_LINE_DEFAULTS,
        "line_id": "inv-1-000001",
        "position": 1,
        "line_key": "pd|s-1|2025-04-01|2025-01-01",
        "person_id": "p-1",
        "stay_id": "s-1",
        "first_day": APRIL,
        "last_day": date(2025, 4, 30),
        "days": 30,
        "unit_minor": 12_345,
        "amount_minor": 370_350,
        "revision": 1,
        "source_events": "ev-1",
        "description": "Stay s-1, April",
    },
    {
        **_LINE_DEFAULTS,
        "line_id": "inv-1-000002",
        "position": 2,
        "line_key": "pd|s-2|2025-04-01|2025-01-01",
        "person_id": "p-2",
        "stay_id": "s-2",
        "first_day": date(2025, 4, 10),
        "last_day": date(2025, 4, 30),
        "days": 21,
        "unit_minor": 12_345,
        "amount_minor": 259_245,
        "revision": 2,
        "source_events": "ev-2\nev-3",
        "corrects_line_id": "inv-0-000007",
        "billed_before_minor": 3_000_000_000,
        "description": "Stay s-2, April (corrected)",
    },
    {
        **_LINE_DEFAULTS,
        "line_id": "inv-1-000003",
        "position": 3,
        "line_key": "inst|2025-04-01",
        "kind": "instalment",
        "model": "fixed_block",
        "facility_id": None,
        "person_id": None,
        "stay_id": None,
        "first_day": None,
        "last_day": None,
        "days": 0,
        "unit_minor": 0,
        "amount_minor": 5_000_000,
        "revision": None,
        "source_events": "",
        "description": "Monthly instalment",
    },
]


def _insert(connection, table, rows):
    columns = list(rows[0])
    statement = text(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    )
    connection.execute(statement, rows)


def _upgrade_with_old_rows(db):
    """Go back to 0007, fill the old per-row tables, upgrade again."""
    migrate.downgrade(db.url, "0007_billing")
    with db.engine.begin() as connection:
        for month, recorded_at, entries in RUNS:
            rows = [
                {**e, "agreement_id": "ag-1", "month_first": month, "recorded_at": recorded_at}
                for e in entries
            ]
            _insert(connection, "billing_accruals", rows)
        _insert(
            connection,
            "billing_invoices",
            [
                {
                    "invoice_id": "inv-1",
                    "number": "AG1-2025-04",
                    "agreement_id": "ag-1",
                    "month_first": APRIL,
                    "kind": "invoice",
                    "currency": "EUR",
                    "total_minor": sum(line["amount_minor"] for line in LINES),
                    "line_count": len(LINES),
                    "accrual_watermark": WATERMARK,
                    "digest": "0" * 64,
                    "created_at": datetime(2025, 5, 1, 8, tzinfo=UTC),
                    "created_by": "clerk",
                }
            ],
        )
        # Stored out of position order: the line set must follow positions.
        _insert(
            connection,
            "billing_invoice_lines",
            [{**line, "invoice_id": "inv-1"} for line in LINES[::-1]],
        )
    migrate.upgrade(db.url)


def test_old_rows_are_carried_over_into_documents(db):
    _upgrade_with_old_rows(db)
    with db.uow() as uow:
        session = uow.session
        entries = accrual_entries(session, "ag-1")
        expected = [
            {**e, "month_first": month, "accrual_no": entries_of_run[-1]["accrual_no"]}
            for month, _, entries_of_run in RUNS
            for e in entries_of_run
        ]
        assert entries.select(expected[0].keys()).rows(named=True) == expected

        latest = latest_accruals(session, "ag-1", APRIL, after=WATERMARK)
        assert latest["stay_id"].to_list() == [e["stay_id"] for e in RUNS[1][2]]
        assert latest["accrual_no"].unique().to_list() == [15]
        assert accrual_watermark(session, "ag-1") == 17

        lines = line_rows(session, "inv-1")
        assert [{k: row[k] for k in LINES[0]} for row in lines] == LINES

        revisions = dict(stay_revisions(session, "ag-1").iter_rows())
        assert revisions == {"s-1": 1, "s-2": 3, "s-3": 2}

        # New batches are numbered after the carried-over ones (PostgreSQL sequence moved on).
        june = entries.filter(pl.col("month_first") == MAY).with_columns(
            month_first=pl.lit(date(2025, 6, 1))
        )
        add_accruals(session, "ag-1", june, db.clock.now())
        assert accrual_watermark(session, "ag-1") > 17

    tables = inspect(db.engine).get_table_names()
    assert "billing_accruals" not in tables
    assert "billing_invoice_lines" not in tables
    assert {
        "billing_accrual_batches",
        "billing_invoice_line_sets",
        "billing_stay_revision_sets",
    } <= set(tables)


def test_going_back_is_refused_once_documents_exist(db):
    _upgrade_with_old_rows(db)
    with pytest.raises(RuntimeError, match="holds documents"):
        migrate.downgrade(db.url, "0007_billing")

    with db.engine.connect() as connection:
        versions = set(
            connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        )
    # later billing revisions may have gone down first; 0010 refused and stays
    assert "0010_billing_documents" in versions or "0011_billing_custody_copies" in versions
    assert "billing_accruals" not in inspect(db.engine).get_table_names()
    migrate.upgrade(db.url)  # back to the heads, for the tests that share this database
    with db.uow() as uow:
        assert accrual_watermark(uow.session, "ag-1") == 17
        assert len(line_rows(uow.session, "inv-1")) == 3
