"""Accrual entries and invoice lines as columns (Polars frames), for whole months at once.

The columns are the fields of ``AccrualEntry`` and ``Line`` with enums as their text and a
record's custody events joined by newlines. Small sets move between the two forms with
``entries_frame``/``entries_of`` and ``lines_frame``/``lines_of``; whole months stay columns.
Money columns are 64-bit integers of minor units.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from convenio.billing.domain.model import AccrualEntry, FeeModel, Line, LineKind

ACCRUAL_SCHEMA: Final = pl.Schema(
    {
        "stay_id": pl.String,
        "person_id": pl.String,
        "facility_id": pl.String,
        "month_first": pl.Date,
        "schedule_from": pl.Date,
        "first_day": pl.Date,
        "last_day": pl.Date,
        "days": pl.Int64,
        "revision": pl.Int64,
        "source_events": pl.String,
        "accrual_no": pl.Int64,
    }
)
"""Columns of accrual entries (``accrual_no``: the batch that recorded the entry)."""

LINE_SCHEMA: Final = pl.Schema(
    {
        "key": pl.String,
        "kind": pl.String,
        "for_month": pl.Date,
        "model": pl.String,
        "schedule_from": pl.Date,
        "days": pl.Int64,
        "unit_minor": pl.Int64,
        "amount_minor": pl.Int64,
        "description": pl.String,
        "facility_id": pl.String,
        "person_id": pl.String,
        "stay_id": pl.String,
        "first_day": pl.Date,
        "last_day": pl.Date,
        "revision": pl.Int64,
        "source_events": pl.String,
        "corrects_line_id": pl.String,
        "billed_before_minor": pl.Int64,
    }
)
"""Columns of invoice lines, in the order of ``Line``'s fields."""

KEY_COLUMNS: Final = ("stay_id", "month_first", "schedule_from")


def _events_text(events: tuple[str, ...]) -> str:
    return "\n".join(events)


def _events(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def entries_frame(entries: Sequence[AccrualEntry]) -> pl.DataFrame:
    """Accrual entries as columns."""
    rows = [(*e[:9], _events_text(e.source_events), e.accrual_no) for e in entries]
    return pl.DataFrame(rows, schema=ACCRUAL_SCHEMA, orient="row")


def entries_of(frame: pl.DataFrame) -> list[AccrualEntry]:
    """Columns back as accrual entries (for small sets)."""
    return [
        AccrualEntry._make((*row[:9], _events(row[9]), row[10]))
        for row in frame.select(ACCRUAL_SCHEMA.names()).iter_rows()
    ]


def lines_frame(lines: Sequence[Line]) -> pl.DataFrame:
    """Invoice lines as columns."""
    rows = [
        (*line[:15], _events_text(line.source_events), line.corrects_line_id, line[17])
        for line in lines
    ]
    return pl.DataFrame(rows, schema=LINE_SCHEMA, orient="row")


def lines_of(frame: pl.DataFrame) -> list[Line]:
    """Columns back as invoice lines (for small sets)."""
    return [
        Line._make(
            (
                row[0],
                LineKind(row[1]),
                row[2],
                FeeModel(row[3]),
                *row[4:15],
                _events(row[15]),
                *row[16:],
            )
        )
        for row in frame.select(LINE_SCHEMA.names()).iter_rows()
    ]


def empty_lines() -> pl.DataFrame:
    """No line, with the line columns."""
    return pl.DataFrame(schema=LINE_SCHEMA)


def empty_entries() -> pl.DataFrame:
    """No accrual entry, with the accrual columns."""
    return pl.DataFrame(schema=ACCRUAL_SCHEMA)
