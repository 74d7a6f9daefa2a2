"""Accrual batches and revision sets: appending them and reading them back as frames.

Nothing here updates or deletes a row. A batch is the entries one accrual run appended for
one month (a document, see ``documents``); its number orders the runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import polars as pl
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from convenio.billing.adapters.documents import decode, encode
from convenio.billing.adapters.sql import billing_accrual_batches, billing_stay_revision_sets
from convenio.billing.domain.columns import ACCRUAL_SCHEMA, empty_entries
from convenio.billing.domain.monthly import latest_per_key

_BATCH = billing_accrual_batches.c
_STORED_ENTRY = [
    name for name in ACCRUAL_SCHEMA.names() if name not in ("month_first", "accrual_no")
]


def accrual_entries(
    session: Session,
    agreement_id: str,
    *,
    month_first: date | None = None,
    after: int = -1,
    columns: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every accrual entry of an agreement (of one month, in batches numbered above
    ``after``), in the order recorded; ``accrual_no`` is the batch's number."""
    query = select(_BATCH.batch_no, _BATCH.month_first, _BATCH.entries).where(
        _BATCH.agreement_id == agreement_id, _BATCH.batch_no > after
    )
    if month_first is not None:
        query = query.where(_BATCH.month_first == month_first)
    stored = [c for c in columns if c in _STORED_ENTRY] if columns else None
    frames = [
        decode(data, ACCRUAL_SCHEMA, stored).with_columns(
            pl.lit(month, pl.Date).alias("month_first"),
            pl.lit(batch_no, pl.Int64).alias("accrual_no"),
        )
        for batch_no, month, data in session.execute(query.order_by(_BATCH.batch_no))
    ]
    if not frames:
        empty = empty_entries()
        return empty.select(columns) if columns else empty
    found = pl.concat(frames)
    return found.select(columns) if columns else found.select(ACCRUAL_SCHEMA.names())


def latest_accruals(
    session: Session, agreement_id: str, month_first: date, *, after: int = -1
) -> pl.DataFrame:
    """The latest accrual entry per key of a month (only batches numbered above ``after``)."""
    return latest_per_key(
        accrual_entries(session, agreement_id, month_first=month_first, after=after)
    )


def accrued_months(session: Session, agreement_id: str) -> list[date]:
    """Months that have accrual entries."""
    return list(
        session.execute(
            select(_BATCH.month_first)
            .where(_BATCH.agreement_id == agreement_id)
            .distinct()
            .order_by(_BATCH.month_first)
        ).scalars()
    )


_REVISIONS = pl.Schema({"stay_id": pl.String, "revision": pl.Int64})
_SETS = billing_stay_revision_sets.c


def stay_revisions(session: Session, agreement_id: str) -> pl.DataFrame:
    """``stay_id, revision``: the highest custody revision billing has accrued or seen per
    stay (the latest revision set, and the batches recorded after it)."""
    latest = session.execute(
        select(_SETS.through_batch, _SETS.revisions)
        .where(_SETS.agreement_id == agreement_id)
        .order_by(_SETS.set_no.desc())
        .limit(1)
    ).first()
    through, parts = -1, []
    if latest is not None:
        through = int(latest.through_batch)
        parts.append(decode(latest.revisions, _REVISIONS))
    parts.append(accrual_entries(session, agreement_id, after=through, columns=tuple(_REVISIONS)))
    return pl.concat(parts).group_by("stay_id").agg(pl.col("revision").max())


def add_revision_set(
    session: Session, agreement_id: str, known: pl.DataFrame, seen: pl.DataFrame, at: datetime
) -> None:
    """Record the revisions known so far when the stays ``seen`` by a finished accrual run
    (``stay_id, revision``: every stay it read, accrued or not) changed ``known``."""
    seen = seen.select(tuple(_REVISIONS))
    fresh = seen.join(known, on="stay_id", how="left", suffix="_known")
    if not fresh.filter(pl.col("revision") > pl.col("revision_known").fill_null(-1)).height:
        return
    merged = pl.concat([known, seen])
    merged = merged.group_by("stay_id").agg(pl.col("revision").max()).sort("stay_id")
    data, _ = encode(merged)
    session.execute(
        insert(billing_stay_revision_sets).values(
            agreement_id=agreement_id,
            through_batch=accrual_watermark(session, agreement_id),
            stay_count=merged.height,
            revisions=data,
            recorded_at=at,
        )
    )


def live_stays(session: Session, agreement_id: str, stay_ids: set[str]) -> set[str]:
    """Those of ``stay_ids`` whose latest accrual for some month still has days."""
    if not stay_ids:
        return set()
    entries = accrual_entries(
        session, agreement_id, columns=("stay_id", "month_first", "schedule_from", "days")
    ).filter(pl.col("stay_id").is_in(sorted(stay_ids)))
    latest = latest_per_key(entries).filter(pl.col("days") != 0)
    return set(latest["stay_id"].to_list())


def add_accruals(session: Session, agreement_id: str, entries: pl.DataFrame, at: datetime) -> None:
    """Append accrual entries: one batch per month they are about."""
    for (month_first,), part in entries.group_by("month_first", maintain_order=True):
        data, digest = encode(part.select(_STORED_ENTRY))
        session.execute(
            insert(billing_accrual_batches).values(
                agreement_id=agreement_id,
                month_first=month_first,
                entry_count=part.height,
                person_days=int(part["days"].sum()),
                digest=digest,
                entries=data,
                recorded_at=at,
            )
        )


def accrual_watermark(session: Session, agreement_id: str) -> int:
    """The number of the latest accrual batch of an agreement (0 when none)."""
    value = session.execute(
        select(func.max(_BATCH.batch_no)).where(_BATCH.agreement_id == agreement_id)
    ).scalar_one_or_none()
    return int(value or 0)
