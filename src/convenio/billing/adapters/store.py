"""Invoices, their status rows and their line documents: appending and reading them.

Nothing here updates or deletes a row. Accruals are in ``accruals``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import polars as pl
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.billing.adapters.documents import decode, encode
from convenio.billing.adapters.sql import (
    billing_invoice_line_sets,
    billing_invoice_status,
    billing_invoices,
)
from convenio.billing.domain.columns import LINE_SCHEMA, empty_lines
from convenio.billing.domain.invoice import BILLED, InvoiceStatus
from convenio.billing.domain.model import FeeModel, Line, LineKind

_CHUNK = 500


def _events(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


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


_TEXT: dict[object, str] = {v: v.value for v in (*LineKind, *FeeModel)}
_ROW_NAMES = {"key": "line_key"}


def line_document(lines: pl.DataFrame) -> tuple[bytes, str]:
    """The stored form of an invoice's lines and its SHA-256 (the invoice's digest)."""
    return encode(lines.select(LINE_SCHEMA.names()))


def add_invoice(
    session: Session, header: dict[str, Any], document: tuple[bytes, str], line_count: int
) -> None:
    """Insert an invoice and its line document (line ids are ``<invoice>-<position>``)."""
    session.execute(insert(billing_invoices).values(**header))
    data, digest = document
    session.execute(
        insert(billing_invoice_line_sets).values(
            invoice_id=header["invoice_id"], line_count=line_count, digest=digest, lines=data
        )
    )


def invoice_lines(session: Session, invoice_ids: Sequence[str]) -> pl.DataFrame:
    """The lines of the given invoices, each with ``invoice_id``, ``position`` and
    ``line_id``, invoice by invoice in the order given."""
    wanted = list(dict.fromkeys(invoice_ids))
    stored: dict[str, bytes] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(billing_invoice_line_sets.c.invoice_id, billing_invoice_line_sets.c.lines).where(
                billing_invoice_line_sets.c.invoice_id.in_(wanted[start : start + _CHUNK])
            )
        )
        stored.update((invoice_id, data) for invoice_id, data in rows)
    frames = [
        decode(stored[invoice_id], LINE_SCHEMA).select(
            pl.lit(invoice_id).alias("invoice_id"),
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("position"),
            pl.all(),
        )
        for invoice_id in wanted
        if invoice_id in stored
    ]
    if not frames:
        return (
            empty_lines()
            .select(
                pl.lit(None, pl.String).alias("invoice_id"),
                pl.lit(None, pl.Int64).alias("position"),
                pl.all(),
            )
            .with_columns(pl.lit(None, pl.String).alias("line_id"))
            .clear()
        )
    return pl.concat(frames).with_columns(
        pl.format("{}-{}", "invoice_id", pl.col("position").cast(pl.String).str.zfill(6)).alias(
            "line_id"
        )
    )


def _rows(lines: pl.DataFrame) -> list[dict[str, Any]]:
    return [
        {_ROW_NAMES.get(name, name): value for name, value in row.items()}
        for row in lines.iter_rows(named=True)
    ]


def line_rows(
    session: Session, invoice_id: str, *, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """The stored lines of an invoice in order (``limit`` of them from ``offset`` when
    given), as rows (``line_key`` for the key)."""
    lines = invoice_lines(session, [invoice_id])
    if offset or limit is not None:
        lines = lines.slice(offset, limit)
    return _rows(lines)


def line_row(session: Session, invoice_id: str, line_id: str) -> dict[str, Any] | None:
    """One stored line of an invoice, or None."""
    found = invoice_lines(session, [invoice_id]).filter(pl.col("line_id") == line_id)
    return _rows(found)[0] if found.height else None


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
    """Lines with one of ``keys`` on the given invoices, oldest invoice first."""
    wanted = sorted(set(keys))
    if not wanted or not invoice_ids:
        return []
    created = dict(
        session.execute(
            select(billing_invoices.c.invoice_id, billing_invoices.c.created_at).where(
                billing_invoices.c.invoice_id.in_(list(invoice_ids))
            )
        ).all()
    )
    found = _rows(invoice_lines(session, list(invoice_ids)).filter(pl.col("key").is_in(wanted)))
    for row in found:
        row["created_at"] = created[row["invoice_id"]]
    found.sort(key=lambda r: (r["created_at"], r["invoice_id"], r["position"]))
    return found


def charged_by_month(session: Session, invoice_ids: Sequence[str]) -> list[tuple[str, date, int]]:
    """``(invoice_id, for_month, amount in minor units)`` summed over the invoices' lines."""
    lines = invoice_lines(session, invoice_ids)
    sums = lines.group_by("invoice_id", "for_month", maintain_order=True).agg(
        pl.col("amount_minor").sum()
    )
    return [(str(i), m, int(a)) for i, m, a in sums.iter_rows()]
