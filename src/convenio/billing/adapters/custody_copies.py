"""Billing's copies of custody's admissions: the latest one, and appending a newer one."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.billing.adapters.documents import decode, encode
from convenio.billing.adapters.sql import billing_custody_copies

ADMISSION_SCHEMA = pl.Schema(
    {"stay_id": pl.String, "person_id": pl.String, "facility_id": pl.String, "admitted_on": pl.Date}
)
_COPIES = billing_custody_copies.c


@dataclass(frozen=True, slots=True)
class CustodyCopy:
    """Admissions as columns, how many custody counted, and the last id in id order."""

    admissions: pl.DataFrame
    count: int
    last_id: str | None


def latest_copy(session: Session) -> CustodyCopy | None:
    """The newest copy, if billing made one."""
    row = session.execute(
        select(_COPIES.admission_count, _COPIES.last_admission_id, _COPIES.admissions)
        .order_by(_COPIES.copy_no.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    frame = decode(row.admissions, ADMISSION_SCHEMA)
    return CustodyCopy(frame, int(row.admission_count), row.last_admission_id)


def add_copy(session: Session, copy: CustodyCopy) -> None:
    """Append a copy."""
    data, digest = encode(copy.admissions.select(ADMISSION_SCHEMA.names()))
    session.execute(
        insert(billing_custody_copies).values(
            admission_count=copy.count,
            last_admission_id=copy.last_id,
            digest=digest,
            admissions=data,
        )
    )
