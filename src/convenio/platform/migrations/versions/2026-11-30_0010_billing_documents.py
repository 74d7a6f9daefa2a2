"""Billing: accrual entries and invoice lines stored as documents, one per run and month and
one per invoice (Arrow IPC, zstd), instead of one row each.

Existing rows are carried over: each accrual run (rows of one agreement, month and
``recorded_at``, contiguous in ``accrual_no``) becomes a batch numbered by its last
``accrual_no``, so that the ``accrual_watermark`` of every invoice keeps its meaning; each
invoice's lines become its line set, in position order. The revision sets start empty
(they are derived from the batches). Going back is refused once
documents exist (the per-row numbering cannot be rebuilt).

Revision ID: 0010_billing_documents
Revises: 0007_billing
Create Date: 2026-11-30
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import polars as pl
import sqlalchemy as sa
from alembic import op

revision = "0010_billing_documents"
down_revision = "0007_billing"
branch_labels = None
depends_on = None

_ENTRY_COLUMNS = (
    "stay_id",
    "person_id",
    "facility_id",
    "schedule_from",
    "first_day",
    "last_day",
    "days",
    "revision",
    "source_events",
)
_LINE_COLUMNS = (
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
_TYPES = {
    "schedule_from": pl.Date,
    "first_day": pl.Date,
    "last_day": pl.Date,
    "for_month": pl.Date,
    "days": pl.Int64,
    "revision": pl.Int64,
    "unit_minor": pl.Int64,
    "amount_minor": pl.Int64,
    "billed_before_minor": pl.Int64,
}


def _document(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> tuple[bytes, str]:
    frame = pl.DataFrame(
        {c: [r[c] for r in rows] for c in columns},
        schema={c: _TYPES.get(c, pl.String) for c in columns},
    ).rename({"line_key": "key"}, strict=False)
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def _create_tables() -> None:
    op.create_table(
        "billing_accrual_batches",
        sa.Column("batch_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("month_first", sa.Date(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("person_days", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("entries", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("batch_no", name="pk_billing_accrual_batches"),
    )
    op.create_index(
        "ix_billing_accrual_batches_agreement_month",
        "billing_accrual_batches",
        ["agreement_id", "month_first", "batch_no"],
    )
    op.create_table(
        "billing_stay_revision_sets",
        sa.Column("set_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("through_batch", sa.Integer(), nullable=False),
        sa.Column("stay_count", sa.Integer(), nullable=False),
        sa.Column("revisions", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("set_no", name="pk_billing_stay_revision_sets"),
    )
    op.create_index(
        "ix_billing_stay_revision_sets_agreement",
        "billing_stay_revision_sets",
        ["agreement_id", "set_no"],
    )
    op.create_table(
        "billing_invoice_line_sets",
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("lines", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("invoice_id", name="pk_billing_invoice_line_sets"),
    )


def _carry_accruals(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text("SELECT * FROM billing_accruals ORDER BY accrual_no")
    ).mappings()
    batches: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["agreement_id"], row["month_first"], row["recorded_at"])
        batches.setdefault(key, []).append(dict(row))
    batch_table = sa.table(
        "billing_accrual_batches",
        *(
            sa.column(c)
            for c in (
                "batch_no",
                "agreement_id",
                "month_first",
                "entry_count",
                "person_days",
                "digest",
                "entries",
                "recorded_at",
            )
        ),
    )
    for (agreement_id, month_first, recorded_at), entries in batches.items():
        data, digest = _document(entries, _ENTRY_COLUMNS)
        connection.execute(
            batch_table.insert().values(
                batch_no=max(int(e["accrual_no"]) for e in entries),
                agreement_id=agreement_id,
                month_first=month_first,
                entry_count=len(entries),
                person_days=sum(int(e["days"]) for e in entries),
                digest=digest,
                entries=data,
                recorded_at=recorded_at,
            )
        )
    if batches and connection.dialect.name == "postgresql":
        connection.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('billing_accrual_batches', 'batch_no'), "
                "(SELECT max(batch_no) FROM billing_accrual_batches))"
            )
        )


def _carry_lines(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text("SELECT * FROM billing_invoice_lines ORDER BY invoice_id, position")
    ).mappings()
    invoices: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        invoices.setdefault(row["invoice_id"], []).append(dict(row))
    sets = sa.table(
        "billing_invoice_line_sets",
        sa.column("invoice_id"),
        sa.column("line_count"),
        sa.column("digest"),
        sa.column("lines"),
    )
    for invoice_id, lines in invoices.items():
        ids = [str(line["line_id"]) for line in lines]
        if ids != [f"{invoice_id}-{n:06d}" for n in range(1, len(lines) + 1)]:
            raise RuntimeError(
                f"invoice {invoice_id}: line ids are not <invoice>-<position> for positions "
                "1..n, and disputes name lines by id; carry these lines over by hand"
            )
        data, digest = _document(lines, _LINE_COLUMNS)
        connection.execute(
            sets.insert().values(
                invoice_id=invoice_id, line_count=len(lines), digest=digest, lines=data
            )
        )


def upgrade() -> None:
    _create_tables()
    connection = op.get_bind()
    _carry_accruals(connection)
    _carry_lines(connection)
    op.drop_index("ix_billing_accruals_agreement_stay", table_name="billing_accruals")
    op.drop_index("ix_billing_accruals_agreement_month", table_name="billing_accruals")
    op.drop_table("billing_accruals")
    op.drop_index("ix_billing_invoice_lines_line_key", table_name="billing_invoice_lines")
    op.drop_index("ix_billing_invoice_lines_invoice_id", table_name="billing_invoice_lines")
    op.drop_table("billing_invoice_lines")


def downgrade() -> None:
    connection = op.get_bind()
    for table in ("billing_accrual_batches", "billing_invoice_line_sets"):
        if connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one():
            raise RuntimeError(
                f"{table} holds documents: going back to one row per entry would renumber "
                "accruals and break invoices' watermarks; restore a backup instead"
            )
    op.drop_table("billing_invoice_line_sets")
    op.drop_index(
        "ix_billing_stay_revision_sets_agreement", table_name="billing_stay_revision_sets"
    )
    op.drop_table("billing_stay_revision_sets")
    op.drop_index(
        "ix_billing_accrual_batches_agreement_month", table_name="billing_accrual_batches"
    )
    op.drop_table("billing_accrual_batches")
    op.create_table(
        "billing_accruals",
        sa.Column("accrual_no", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agreement_id", sa.String(64), nullable=False),
        sa.Column("month_first", sa.Date(), nullable=False),
        sa.Column("stay_id", sa.String(64), nullable=False),
        sa.Column("schedule_from", sa.Date(), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source_events", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("accrual_no", name="pk_billing_accruals"),
    )
    op.create_index(
        "ix_billing_accruals_agreement_month",
        "billing_accruals",
        ["agreement_id", "month_first", "accrual_no"],
    )
    op.create_index(
        "ix_billing_accruals_agreement_stay",
        "billing_accruals",
        ["agreement_id", "stay_id", "revision"],
    )
    op.create_table(
        "billing_invoice_lines",
        sa.Column("line_id", sa.String(64), nullable=False),
        sa.Column("invoice_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("for_month", sa.Date(), nullable=False),
        sa.Column("model", sa.String(24), nullable=False),
        sa.Column("schedule_from", sa.Date(), nullable=False),
        sa.Column("facility_id", sa.String(64), nullable=True),
        sa.Column("person_id", sa.String(64), nullable=True),
        sa.Column("stay_id", sa.String(64), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("unit_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("source_events", sa.Text(), nullable=False),
        sa.Column("corrects_line_id", sa.String(64), nullable=True),
        sa.Column("billed_before_minor", sa.BigInteger(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("line_id", name="pk_billing_invoice_lines"),
    )
    op.create_index("ix_billing_invoice_lines_invoice_id", "billing_invoice_lines", ["invoice_id"])
    op.create_index("ix_billing_invoice_lines_line_key", "billing_invoice_lines", ["line_key"])
