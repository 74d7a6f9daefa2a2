"""Records kept during custody: welfare visits and consular notification (Vienna Convention
art. 36), inside the caller's transaction (no commit here)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from convenio.custody.adapters.sql import custody_consular_notifications, custody_visits
from convenio.custody.adapters.timestamps import utc
from convenio.custody.exits import citizenships_of
from convenio.custody.recording import emit, held_stay
from convenio.shared.actor import Actor
from convenio.shared.errors import RuleViolationError
from convenio.shared.ids import new_id


def record_visit(
    session: Session,
    *,
    person_id: str,
    kind: str,
    visitor: str,
    at: datetime,
    notes: str,
    actor: Actor,
    now: datetime,
) -> str:
    """Record a welfare (or family, legal, consular) visit to a held person."""
    row = held_stay(session, person_id)
    visit_id = new_id("vis")
    session.execute(
        insert(custody_visits).values(
            visit_id=visit_id,
            admission_id=row.stay.stay_id,
            person_id=person_id,
            kind=kind,
            visitor=visitor,
            visited_at=utc(at),
            notes=notes,
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "visit_recorded",
        at,
        actor,
        {
            "visit_id": visit_id,
            "person_id": person_id,
            "kind": kind,
            "visitor": visitor,
            "notes": notes,
        },
    )
    return visit_id


def record_consular_notification(
    session: Session,
    *,
    person_id: str,
    country: str,
    consulate: str,
    notified_on: date,
    informed_of_right: bool,
    actor: Actor,
    now: datetime,
) -> str:
    """Vienna Convention art. 36: the consulate notified, and the person told of the right.

    Raises:
        RuleViolationError: the country is not one of the person's citizenships.
    """
    row = held_stay(session, person_id)
    citizenships = citizenships_of(session, row.stay.stay_id)
    if country not in citizenships:
        raise RuleViolationError(
            f"{person_id} is not a national of {country} (citizenships: "
            f"{', '.join(citizenships) or 'none'}); notify the consulate of a country of "
            "citizenship",
            person_id=person_id,
            country=country,
        )
    notification_id = new_id("cns")
    session.execute(
        insert(custody_consular_notifications).values(
            notification_id=notification_id,
            admission_id=row.stay.stay_id,
            person_id=person_id,
            country=country,
            consulate=consulate,
            notified_on=notified_on,
            informed_of_right=informed_of_right,
            recorded_by=actor.id,
            recorded_at=utc(now),
        )
    )
    emit(
        session,
        "consular_notified",
        now,
        actor,
        {
            "notification_id": notification_id,
            "person_id": person_id,
            "country": country,
            "consulate": consulate,
            "notified_on": notified_on.isoformat(),
            "informed_of_right": informed_of_right,
        },
    )
    return notification_id
