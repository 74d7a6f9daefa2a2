"""Custody's stays as billing's interval columns, read through billing's copy of the
admissions (see ``custody.followers``): each month reads custody's count of admissions, the
admissions after the last one copied, and every exit in force, not every stay again."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from convenio.billing.adapters import custody_copies as copies
from convenio.billing.domain.monthly import INTERVAL_SCHEMA
from convenio.custody import public as custody


def _admissions(rows: list[custody.AdmissionRow]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=copies.ADMISSION_SCHEMA, orient="row")


def current_admissions(session: Session) -> pl.DataFrame:
    """Every admission custody holds, from billing's copy brought up to date (a newer copy
    is appended when custody has more)."""
    copy = copies.latest_copy(session)
    if copy is not None and copy.count == custody.admission_count(session):
        return copy.admissions
    newer = custody.admissions_after(session, copy.last_id if copy else None)
    known = copy.admissions if copy is not None else _admissions([])
    merged = pl.concat([known, _admissions(newer)])
    last = newer[-1][0] if newer else (copy.last_id if copy else None)
    # The copy and the newer rows are custody's own rows, which only ever grow in number:
    # as many as custody counts now means all of them.
    if merged.height != custody.admission_count(session):
        every = custody.admissions_after(session, None)
        merged, last = _admissions(every), (every[-1][0] if every else None)
    copies.add_copy(session, copies.CustodyCopy(merged, merged.height, last))
    return merged


def _exits(session: Session) -> pl.DataFrame:
    found = custody.exits_in_force(session)
    return pl.DataFrame(
        {
            "stay_id": list(found),
            "exited_on": [summary[0] for summary in found.values()],
            "_records": ["\n".join(summary[2]) for summary in found.values()],
            "revision": [len(summary[2]) for summary in found.values()],
        },
        schema={
            "stay_id": pl.String,
            "exited_on": pl.Date,
            "_records": pl.String,
            "revision": pl.Int64,
        },
    )


def custody_frame(session: Session, start: date, end: date) -> pl.DataFrame:
    """Custody's stays overlapping ``[start, end]`` as interval columns: the stays of
    ``custody.list_stays``, with the same events and revisions."""
    stays = current_admissions(session).join(_exits(session), on="stay_id", how="left")
    exited = pl.col("exited_on")
    return (
        stays.filter((pl.col("admitted_on") <= end) & (exited.is_null() | (exited >= start)))
        .select(
            "stay_id",
            "person_id",
            "facility_id",
            "admitted_on",
            "exited_on",
            pl.when(pl.col("_records").is_null())
            .then(pl.col("stay_id"))
            .otherwise(pl.concat_str("stay_id", pl.lit("\n"), "_records"))
            .alias("source_events"),
            pl.col("revision").fill_null(0),
        )
        .cast(INTERVAL_SCHEMA)
    )
