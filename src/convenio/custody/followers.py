"""Reads for a context that keeps its own copy of custody's admissions (billing).

Admissions are only ever inserted and never change, so a follower holding ``n`` of them
holds them all exactly when custody counts ``n``. It asks for the admissions numbered after
the last one it holds and checks the count; when an admission committed late (a lower id
than one already seen) makes the counts differ, it reads them all again. Exits change a stay
and are few: a follower reads every exit in force each time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from convenio.custody.adapters.sql import custody_admissions
from convenio.custody.stays import exit_summaries

AdmissionRow = tuple[str, str, str, date]
"""``(admission id, person id, facility id, admitted on)``."""

ExitSummary = tuple[date, str, tuple[str, ...]]
"""The exit in force of a stay: its day, its reason and every exit record id by revision."""


def admission_count(session: Session) -> int:
    """How many admissions custody holds."""
    return int(session.execute(select(func.count()).select_from(custody_admissions)).scalar_one())


def admissions_after(session: Session, after: str | None) -> list[AdmissionRow]:
    """Admissions with an id after ``after`` (all when None), in id order."""
    query = select(
        custody_admissions.c.admission_id,
        custody_admissions.c.person_id,
        custody_admissions.c.facility_id,
        custody_admissions.c.admitted_on,
    ).order_by(custody_admissions.c.admission_id)
    if after is not None:
        query = query.where(custody_admissions.c.admission_id > after)
    return [(a, p, f, d) for a, p, f, d in session.execute(query)]


def exits_in_force(session: Session) -> dict[str, ExitSummary]:
    """Per admission that has exit records: the exit in force and the record ids."""
    return exit_summaries(session, None)
