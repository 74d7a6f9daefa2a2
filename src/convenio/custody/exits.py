"""Exits and the records kept during custody, inside the caller's transaction (no commit).

Exits: release, repatriation, return to the sending state, transfer, death. An exit is a
record with revision 1; a correction is a new record with the next revision that supersedes
the previous one. Each exit also closes the case (``cases.public.mark_exited``).
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.cases import public as cases
from convenio.custody.adapters.agreement import agreement_in_force
from convenio.custody.adapters.sql import (
    custody_admissions,
    custody_alerts,
    custody_deaths,
    custody_exits,
)
from convenio.custody.adapters.timestamps import utc
from convenio.custody.domain.errors import NotExitedError, NotInCustodyError, OutOfOrderError
from convenio.custody.domain.model import ExitReason, local_date
from convenio.custody.recording import emit, facility_of, held_stay, last_instant, next_revision
from convenio.custody.stays import StayRow, stay_rows
from convenio.shared.actor import Actor
from convenio.shared.canonical_json import canonical_json
from convenio.shared.errors import RuleViolationError
from convenio.shared.ids import new_id
from convenio.terms import public as terms


def citizenships_of(session: Session, admission_id: str) -> list[str]:
    """The citizenships recorded in the admission record."""
    identity = session.execute(
        select(custody_admissions.c.identity).where(
            custody_admissions.c.admission_id == admission_id
        )
    ).scalar_one()
    return [str(c) for c in json.loads(identity).get("citizenships", [])]


def record_exit(
    session: Session,
    *,
    person_id: str,
    reason: ExitReason,
    ground: str,
    at: datetime,
    actor: Actor,
    now: datetime,
    destination: str | None = None,
    authority: str = "",
) -> str:
    """End a person's custody; returns the exit record id.

    Raises:
        NotInCustodyError: the person is not held.
        OutOfOrderError: the exit is before the admission or the last placement.
        RuleViolationError: a repatriation to a country the person is not a citizen of.
    """
    row = held_stay(session, person_id)
    earliest = last_instant(session, row.stay.stay_id, row.admitted_at)
    if utc(at) < earliest:
        raise OutOfOrderError("the exit", utc(at), earliest)
    if reason is ExitReason.REPATRIATED:
        citizenships = citizenships_of(session, row.stay.stay_id)
        if destination not in citizenships:
            raise RuleViolationError(
                f"{person_id} can be repatriated only to a country of citizenship "
                f"({', '.join(citizenships) or 'none recorded'}), not {destination}",
                person_id=person_id,
                destination=destination,
            )
    facility = facility_of(session, row.stay.facility_id)
    record_id = _insert_exit(
        session, row, reason, ground, at, facility, actor, now, destination, authority, None
    )
    cases.mark_exited(session, row.stay.case_id, str(reason), actor, utc(at))
    return record_id


def _insert_exit(
    session: Session,
    row: StayRow,
    reason: str,
    ground: str,
    at: datetime,
    facility: terms.Facility,
    actor: Actor,
    now: datetime,
    destination: str | None,
    authority: str,
    supersedes: str | None,
) -> str:
    record_id = new_id("ext")
    revision = next_revision(session, row.stay.stay_id)
    exited_on = local_date(at, facility.time_zone)
    session.execute(
        insert(custody_exits).values(
            record_id=record_id,
            admission_id=row.stay.stay_id,
            revision=revision,
            kind="exit" if supersedes is None else "correction",
            reason=reason,
            ground=ground,
            exit_at=utc(at),
            exited_on=exited_on,
            destination=destination,
            authority=authority,
            supersedes=supersedes,
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "exited" if supersedes is None else "exit_corrected",
        at if supersedes is None else now,
        actor,
        {
            "record_id": record_id,
            "admission_id": row.stay.stay_id,
            "person_id": row.stay.person_id,
            "case_id": row.stay.case_id,
            "facility_id": row.stay.facility_id,
            "reason": reason,
            "ground": ground,
            "exit_at": utc(at).isoformat(),
            "exited_on": exited_on.isoformat(),
            "destination": destination,
            "authority": authority,
            "revision": revision,
            "supersedes": supersedes,
        },
    )
    return record_id


def correct_exit(
    session: Session, *, person_id: str, exit_at: datetime, note: str, actor: Actor, now: datetime
) -> str:
    """Correct the exit instant of a person's latest stay with a superseding record.

    Raises:
        NotInCustodyError: the person was never held.
        NotExitedError: the latest stay has no exit yet.
        OutOfOrderError: the corrected exit is before the admission.
    """
    rows = stay_rows(session, person_id=person_id)
    if not rows:
        raise NotInCustodyError(person_id)
    row = rows[-1]
    if row.stay.exit_reason is None:
        raise NotExitedError(person_id)
    if utc(exit_at) < row.admitted_at:
        raise OutOfOrderError("the corrected exit", utc(exit_at), row.admitted_at)
    previous = session.execute(
        select(custody_exits)
        .where(custody_exits.c.admission_id == row.stay.stay_id)
        .order_by(custody_exits.c.revision.desc())
        .limit(1)
    ).one()
    facility = facility_of(session, row.stay.facility_id)
    return _insert_exit(
        session,
        row,
        previous.reason,
        previous.ground,
        exit_at,
        facility,
        actor,
        now,
        previous.destination,
        note,
        previous.record_id,
    )


def record_death(
    session: Session,
    *,
    person_id: str,
    at: datetime,
    cause: str,
    circumstances: str,
    remains: str,
    actor: Actor,
    now: datetime,
) -> str:
    """Record a death in custody, end the stay and alert both parties and the monitors.

    Mandela Rules 8 and 71: cause and circumstances, destination of the remains, and a report
    without delay to an independent authority. Returns the death id.
    """
    row = held_stay(session, person_id)
    death_id = new_id("dth")
    session.execute(
        insert(custody_deaths).values(
            death_id=death_id,
            admission_id=row.stay.stay_id,
            person_id=person_id,
            facility_id=row.stay.facility_id,
            died_at=utc(at),
            cause=cause,
            circumstances=circumstances,
            remains=remains,
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "death_recorded",
        at,
        actor,
        {
            "death_id": death_id,
            "person_id": person_id,
            "facility_id": row.stay.facility_id,
            "cause": cause,
            "circumstances": circumstances,
            "remains": remains,
        },
    )
    record_exit(
        session,
        person_id=person_id,
        reason=ExitReason.DECEASED,
        ground="death",
        at=at,
        actor=actor,
        now=now,
        authority=f"death record {death_id}",
    )
    recipients = [party.id for party in agreement_in_force(session).parties]
    alert_id = new_id("alr")
    message = f"Death in custody of {person_id} at {row.stay.facility_id} on {utc(at).isoformat()}"
    session.execute(
        insert(custody_alerts).values(
            alert_id=alert_id,
            kind="death_in_custody",
            subject_id=death_id,
            person_id=person_id,
            facility_id=row.stay.facility_id,
            recipients=canonical_json(recipients),
            message=message,
            raised_at=utc(now),
        )
    )
    emit(
        session,
        "alert_raised",
        now,
        actor,
        {
            "alert_id": alert_id,
            "kind": "death_in_custody",
            "subject_id": death_id,
            "person_id": person_id,
            "recipients": recipients,
            "message": message,
        },
    )
    return death_id
