"""Reading stays: full rows (with the admission instant, nationality and category), and the
lean forms that capacity checks and billing read for every stay of a facility or period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.custody.adapters.sql import custody_admissions, custody_exits
from convenio.custody.adapters.timestamps import utc
from convenio.custody.domain.model import ExitRecord, Interval, Stay, current_exit


@dataclass(frozen=True, slots=True, kw_only=True)
class StayRow:
    """A stay with the admission fields the read side needs."""

    stay: Stay
    admitted_at: datetime
    exit_at: datetime | None
    nationality: str
    category: str


ADMISSION_COLUMNS = (
    custody_admissions.c.admission_id,
    custody_admissions.c.person_id,
    custody_admissions.c.case_id,
    custody_admissions.c.facility_id,
    custody_admissions.c.admitted_at,
    custody_admissions.c.admitted_on,
    custody_admissions.c.nationality,
    custody_admissions.c.category,
)


def _scoped(query: Any, facility_id: str | None, person_id: str | None) -> Any:
    if facility_id is not None:
        query = query.where(custody_admissions.c.facility_id == facility_id)
    if person_id is not None:
        query = query.where(custody_admissions.c.person_id == person_id)
    return query


def _exit_records(
    session: Session, facility_id: str | None, person_id: str | None
) -> dict[str, list[ExitRecord]]:
    query = select(
        custody_exits.c.record_id,
        custody_exits.c.admission_id,
        custody_exits.c.revision,
        custody_exits.c.reason,
        custody_exits.c.exit_at,
        custody_exits.c.exited_on,
    )
    if facility_id is not None or person_id is not None:
        query = _scoped(
            query.join(
                custody_admissions,
                custody_admissions.c.admission_id == custody_exits.c.admission_id,
            ),
            facility_id,
            person_id,
        )
    grouped: dict[str, list[ExitRecord]] = {}
    for record_id, admission_id, revision, reason, exit_at, exited_on in session.execute(query):
        grouped.setdefault(admission_id, []).append(
            ExitRecord(
                record_id=record_id,
                admission_id=admission_id,
                revision=revision,
                reason=reason,
                exit_at=utc(exit_at),
                exited_on=exited_on,
            )
        )
    return grouped


def _stay_row(admission: Sequence[Any], records: list[ExitRecord]) -> StayRow:
    admission_id, person_id, case_id, facility_id, admitted_at, admitted_on, nation, kind = (
        admission
    )
    latest = current_exit(records) if records else None
    ordered = sorted(records, key=lambda record: record.revision) if len(records) > 1 else records
    stay = Stay(
        stay_id=admission_id,
        person_id=person_id,
        case_id=case_id,
        facility_id=facility_id,
        admitted_on=admitted_on,
        exited_on=None if latest is None else latest.exited_on,
        exit_reason=None if latest is None else latest.reason,
        source_events=(admission_id, *(record.record_id for record in ordered)),
        revision=len(ordered),
    )
    return StayRow(
        stay=stay,
        admitted_at=utc(admitted_at),
        exit_at=None if latest is None else latest.exit_at,
        nationality=nation,
        category=kind,
    )


def stay_rows(
    session: Session,
    *,
    facility_id: str | None = None,
    person_id: str | None = None,
    admitted_by: date | None = None,
) -> list[StayRow]:
    """Every stay (optionally of one facility or person, admitted on or before a day)."""
    query = _scoped(
        select(*ADMISSION_COLUMNS).order_by(
            custody_admissions.c.admitted_at, custody_admissions.c.admission_id
        ),
        facility_id,
        person_id,
    )
    if admitted_by is not None:
        query = query.where(custody_admissions.c.admitted_on <= admitted_by)
    exits = _exit_records(session, facility_id, person_id)
    return [_stay_row(a, exits.get(a[0], [])) for a in session.execute(query)]


def stay_intervals(session: Session, facility_id: str) -> dict[str, Interval]:
    """Every stay of a facility as ``admission id → (admitted at, exit at or None)`` in UTC,
    after corrections: the lean form the capacity checks read."""
    exits: dict[str, tuple[int, datetime]] = {}
    query = (
        select(custody_exits.c.admission_id, custody_exits.c.revision, custody_exits.c.exit_at)
        .join(custody_admissions, custody_admissions.c.admission_id == custody_exits.c.admission_id)
        .where(custody_admissions.c.facility_id == facility_id)
    )
    for admission_id, revision, exit_at in session.execute(query):
        known = exits.get(admission_id)
        if known is None or revision > known[0]:
            exits[admission_id] = (revision, exit_at)
    admissions = select(custody_admissions.c.admission_id, custody_admissions.c.admitted_at).where(
        custody_admissions.c.facility_id == facility_id
    )
    intervals: dict[str, Interval] = {}
    for admission_id, admitted_at in session.execute(admissions):
        current = exits.get(admission_id)
        intervals[admission_id] = (utc(admitted_at), None if current is None else utc(current[1]))
    return intervals


def exit_summaries(
    session: Session, facility_id: str | None
) -> dict[str, tuple[date, str, tuple[str, ...]]]:
    """Per admission with exits: the day and reason in force and the record ids by revision."""
    summaries: dict[str, tuple[date, str, tuple[str, ...]]] = {}
    for admission_id, records in _exit_records(session, facility_id, None).items():
        latest = current_exit(records)
        assert latest is not None
        ordered = sorted(records, key=lambda record: record.revision)
        summaries[admission_id] = (
            latest.exited_on,
            latest.reason,
            tuple(record.record_id for record in ordered),
        )
    return summaries


def list_stays(
    session: Session, *, start: date, end: date, facility_id: str | None = None
) -> list[Stay]:
    """Stays overlapping the closed period ``[start, end]``, after any correction (the same
    stays as ``stay_rows``, read lean: billing reads every held person each month)."""
    exits = exit_summaries(session, facility_id)
    query = _scoped(
        select(
            custody_admissions.c.admission_id,
            custody_admissions.c.person_id,
            custody_admissions.c.case_id,
            custody_admissions.c.facility_id,
            custody_admissions.c.admitted_on,
        )
        .where(custody_admissions.c.admitted_on <= end)
        .order_by(custody_admissions.c.admitted_at, custody_admissions.c.admission_id),
        facility_id,
        None,
    )
    stays: list[Stay] = []
    append = stays.append
    for admission_id, person_id, case_id, facility, admitted_on in session.execute(query):
        summary = exits.get(admission_id)
        exited_on, reason, records = summary or (None, None, ())
        if exited_on is None or exited_on >= start:
            append(
                Stay(
                    stay_id=admission_id,
                    person_id=person_id,
                    case_id=case_id,
                    facility_id=facility,
                    admitted_on=admitted_on,
                    exited_on=exited_on,
                    exit_reason=reason,
                    source_events=(admission_id, *records),
                    revision=len(records),
                )
            )
    return stays


def open_stay(session: Session, person_id: str) -> StayRow | None:
    """The person's stay that has no exit, if any."""
    rows = [r for r in stay_rows(session, person_id=person_id) if r.stay.exited_on is None]
    return rows[-1] if rows else None
