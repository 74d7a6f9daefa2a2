"""Reading and appending billing rows. Nothing here updates or deletes a row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from convenio.billing.adapters.sql import (
    billing_accruals,
    billing_invoice_lines,
    billing_invoice_status,
    billing_invoices,
)
from convenio.billing.domain.invoice import BILLED, InvoiceStatus
from convenio.billing.domain.model import AccrualEntry, FeeModel, Line, LineKind

_CHUNK = 500
_ACCRUAL_COLUMNS = (
    billing_accruals.c.stay_id,
    billing_accruals.c.person_id,
    billing_accruals.c.facility_id,
    billing_accruals.c.month_first,
    billing_accruals.c.schedule_from,
    billing_accruals.c.first_day,
    billing_accruals.c.last_day,
    billing_accruals.c.days,
    billing_accruals.c.revision,
    billing_accruals.c.source_events,
    billing_accruals.c.accrual_no,
)


def _events(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def latest_accruals(
    session: Session, agreement_id: str, month_first: date, *, after: int = -1
) -> dict[tuple[str, date, date], AccrualEntry]:
    """The latest accrual entry per key of a month (only rows numbered above ``after``)."""
    rows = session.execute(
        select(*_ACCRUAL_COLUMNS)
        .where(
            billing_accruals.c.agreement_id == agreement_id,
            billing_accruals.c.month_first == month_first,
            billing_accruals.c.accrual_no > after,
        )
        .order_by(billing_accruals.c.accrual_no)
    ).all()
    latest: dict[tuple[str, date, date], AccrualEntry] = {}
    for row in rows:
        entry = AccrualEntry(*row[:9], _events(row[9]), row[10])
        latest[entry.key] = entry
    return latest


def accrued_months(session: Session, agreement_id: str) -> list[date]:
    """Months that have accrual rows."""
    return list(
        session.execute(
            select(billing_accruals.c.month_first)
            .where(billing_accruals.c.agreement_id == agreement_id)
            .distinct()
            .order_by(billing_accruals.c.month_first)
        ).scalars()
    )


def stay_revisions(session: Session, agreement_id: str) -> dict[str, int]:
    """The highest custody revision accrued per stay."""
    rows = session.execute(
        select(billing_accruals.c.stay_id, func.max(billing_accruals.c.revision))
        .where(billing_accruals.c.agreement_id == agreement_id)
        .group_by(billing_accruals.c.stay_id)
    ).all()
    return {stay: int(revision) for stay, revision in rows}


def bulk_insert(
    session: Session, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Append many rows through one driver ``executemany`` (bind processors applied once
    per value, without compiling a statement per row)."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    processors = [
        (index, processor)
        for index, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        is not None
    ]
    if processors:
        values: list[Any] = list(zip(*rows, strict=True))
        for index, processor in processors:
            distinct: dict[Any, Any] = {v: processor(v) for v in set(values[index]) - {None}}
            distinct[None] = None
            values[index] = [distinct[value] for value in values[index]]
        rows = list(zip(*values, strict=True))
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )
    connection.exec_driver_sql(sql, rows)


_ACCRUAL_INSERT = (
    "agreement_id",
    "month_first",
    "stay_id",
    "schedule_from",
    "person_id",
    "facility_id",
    "first_day",
    "last_day",
    "days",
    "revision",
    "source_events",
    "recorded_at",
)


def live_stays(session: Session, agreement_id: str, stay_ids: set[str]) -> set[str]:
    """Those of ``stay_ids`` whose latest accrual for some month still has days."""
    ids = sorted(stay_ids)
    live: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(*_ACCRUAL_COLUMNS)
            .where(
                billing_accruals.c.agreement_id == agreement_id,
                billing_accruals.c.stay_id.in_(ids[start : start + _CHUNK]),
            )
            .order_by(billing_accruals.c.accrual_no)
        ).all()
        latest: dict[tuple[str, date, date], int] = {}
        for row in rows:
            latest[(row[0], row[3], row[4])] = row[7]
        live.update(key[0] for key, days in latest.items() if days)
    return live


def add_accruals(
    session: Session, agreement_id: str, entries: Sequence[AccrualEntry], at: datetime
) -> None:
    """Append accrual entries."""
    bulk_insert(
        session,
        billing_accruals,
        _ACCRUAL_INSERT,
        [
            (
                agreement_id,
                e.month_first,
                e.stay_id,
                e.schedule_from,
                e.person_id,
                e.facility_id,
                e.first_day,
                e.last_day,
                e.days,
                e.revision,
                "\n".join(e.source_events),
                at,
            )
            for e in entries
        ],
    )


def accrual_watermark(session: Session, agreement_id: str) -> int:
    """The number of the latest accrual row of an agreement (0 when none)."""
    value = session.execute(
        select(func.max(billing_accruals.c.accrual_no)).where(
            billing_accruals.c.agreement_id == agreement_id
        )
    ).scalar_one_or_none()
    return int(value or 0)


def statuses(session: Session, invoice_ids: Iterable[str]) -> dict[str, tuple[InvoiceStatus, int]]:
    """The current status and its sequence number of each invoice."""
    found: dict[str, tuple[InvoiceStatus, int]] = {}
    ids = list(invoice_ids)
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(
                billing_invoice_status.c.invoice_id,
                billing_invoice_status.c.seq,
                billing_invoice_status.c.status,
            )
            .where(billing_invoice_status.c.invoice_id.in_(ids[start : start + _CHUNK]))
            .order_by(billing_invoice_status.c.seq)
        ).all()
        for invoice_id, seq, status in rows:
            found[invoice_id] = (InvoiceStatus(status), int(seq))
    return found


def add_status(
    session: Session, invoice_id: str, status: InvoiceStatus, at: datetime, actor: str, note: str
) -> None:
    """Append a status row after the current one."""
    current = statuses(session, [invoice_id]).get(invoice_id)
    seq = current[1] + 1 if current else 1
    session.execute(
        insert(billing_invoice_status).values(
            invoice_id=invoice_id, seq=seq, status=status.value, at=at, actor_id=actor, note=note
        )
    )


def invoices(
    session: Session, agreement_id: str, *, month_first: date | None = None
) -> list[dict[str, Any]]:
    """Invoice headers of an agreement (optionally of one month), oldest first."""
    query = select(billing_invoices).where(billing_invoices.c.agreement_id == agreement_id)
    if month_first is not None:
        query = query.where(billing_invoices.c.month_first == month_first)
    rows = session.execute(query.order_by(billing_invoices.c.created_at, billing_invoices.c.number))
    return [dict(row._mapping) for row in rows]


def billed_invoices(session: Session, agreement_id: str) -> list[dict[str, Any]]:
    """Invoice headers whose status counts as billed (issued, disputed, paid, settled)."""
    headers = invoices(session, agreement_id)
    current = statuses(session, [h["invoice_id"] for h in headers])
    return [h for h in headers if current.get(h["invoice_id"], (None, 0))[0] in BILLED]


_LINE_INSERT = (
    "invoice_id",
    "line_id",
    "position",
    "line_key",
    "kind",
    "for_month",
    "model",
    "schedule_from",
    "days",
    "unit_minor",
    "amount_minor",
    "description",
    "facility_id",
    "person_id",
    "stay_id",
    "first_day",
    "last_day",
    "revision",
    "source_events",
    "corrects_line_id",
    "billed_before_minor",
)


_TEXT: dict[object, str] = {v: v.value for v in (*LineKind, *FeeModel)}


def add_invoice(session: Session, header: dict[str, Any], lines: Sequence[Line]) -> list[str]:
    """Insert an invoice and its lines; returns the line ids (``<invoice>-<position>``)."""
    session.execute(insert(billing_invoices).values(**header))
    invoice_id = header["invoice_id"]
    ids = [f"{invoice_id}-{position:06d}" for position in range(1, len(lines) + 1)]
    bulk_insert(
        session,
        billing_invoice_lines,
        _LINE_INSERT,
        [
            (
                invoice_id,
                ids[i],
                i + 1,
                line.key,
                _TEXT[line.kind],
                line.for_month,
                _TEXT[line.model],
                line.schedule_from,
                line.days,
                line.unit_minor,
                line.amount_minor,
                line.description,
                line.facility_id,
                line.person_id,
                line.stay_id,
                line.first_day,
                line.last_day,
                line.revision,
                "\n".join(line.source_events),
                line.corrects_line_id,
                line.billed_before_minor,
            )
            for i, line in enumerate(lines)
        ],
    )
    return ids


def line_rows(session: Session, invoice_id: str) -> list[dict[str, Any]]:
    """The stored lines of an invoice in order."""
    rows = session.execute(
        select(billing_invoice_lines)
        .where(billing_invoice_lines.c.invoice_id == invoice_id)
        .order_by(billing_invoice_lines.c.position)
    )
    return [dict(row._mapping) for row in rows]


def line_from_row(row: dict[str, Any]) -> Line:
    """A stored line back as a domain line."""
    return Line(
        key=row["line_key"],
        kind=LineKind(row["kind"]),
        for_month=row["for_month"],
        model=FeeModel(row["model"]),
        schedule_from=row["schedule_from"],
        days=row["days"],
        unit_minor=row["unit_minor"],
        amount_minor=row["amount_minor"],
        description=row["description"],
        facility_id=row["facility_id"],
        person_id=row["person_id"],
        stay_id=row["stay_id"],
        first_day=row["first_day"],
        last_day=row["last_day"],
        revision=row["revision"],
        source_events=_events(row["source_events"]),
        corrects_line_id=row["corrects_line_id"],
    )


def lines_by_keys(
    session: Session, invoice_ids: Sequence[str], keys: Iterable[str]
) -> list[dict[str, Any]]:
    """Lines with one of ``keys`` on the given invoices, oldest first."""
    wanted = sorted(set(keys))
    found: list[dict[str, Any]] = []
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(billing_invoice_lines, billing_invoices.c.created_at)
            .join(
                billing_invoices,
                billing_invoices.c.invoice_id == billing_invoice_lines.c.invoice_id,
            )
            .where(
                billing_invoice_lines.c.line_key.in_(wanted[start : start + _CHUNK]),
                billing_invoice_lines.c.invoice_id.in_(list(invoice_ids)),
            )
        )
        found.extend(dict(row._mapping) for row in rows)
    found.sort(key=lambda r: (r["created_at"], r["invoice_id"], r["position"]))
    return found
