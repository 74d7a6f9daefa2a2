"""Use cases of the legal context, and the storage steps other contexts run in their transaction.

``store_hold``, ``store_lift`` and ``store_review`` take a session and do not commit: the
cases context calls them inside the transaction that also halts the matching cases. Only
``lift_hold`` is a use case of its own (lifting halts nothing; re-screening is explicit).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Row, Select, and_, insert, or_, select
from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.legal.adapters.sql import legal_hold_lifts, legal_holds, legal_reviews
from convenio.legal.domain.errors import (
    HoldAlreadyLiftedError,
    HoldChangedError,
    HoldNotFoundError,
    LegalRoleRequiredError,
    LiftBeforeIssueError,
)
from convenio.legal.domain.hold import Hold
from convenio.legal.domain.review import LegalReview, ReviewOutcome, check_reasoning
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, Role
from convenio.shared.canonical_json import canonical_json
from convenio.shared.dates import Instant
from convenio.shared.events import Event, JsonValue
from convenio.shared.ids import new_id

LEGAL_ROLES: Final = frozenset({Role.LEGAL_REVIEWER, Role.ADMINISTRATOR, Role.SYSTEM})


def ensure_legal_actor(actor: Actor, action: str) -> None:
    """Holds and reviews are recorded by legal reviewers, administrators or the system.

    Raises:
        LegalRoleRequiredError: the actor has none of these roles.
    """
    if not actor.roles & LEGAL_ROLES:
        raise LegalRoleRequiredError(action, actor.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredHold:
    """What storing a hold did: created it, found it unchanged, and whether a lift was added."""

    hold: dict[str, JsonValue]
    created: bool
    lift_added: bool


def store_hold(session: Session, hold: Hold, actor: Actor, at: datetime) -> StoredHold:
    """Record a hold (idempotent for the same terms) in the caller's transaction.

    A hold given with ``lifted_at`` is recorded, then lifted by a separate lift record.

    Raises:
        LegalRoleRequiredError: the actor may not record holds.
        HoldChangedError: the id is recorded with different terms.
    """
    ensure_legal_actor(actor, "record a legal hold")
    terms = hold.terms()
    existing = session.execute(
        select(legal_holds.c.terms).where(legal_holds.c.hold_id == hold.hold_id)
    ).scalar_one_or_none()
    if existing is not None:
        old = json.loads(existing)
        changed = sorted(k for k in terms if old.get(k) != terms[k])
        if changed:
            raise HoldChangedError(hold.hold_id, changed)
    else:
        session.execute(insert(legal_holds).values(**_hold_row(hold, terms, actor, at)))
        _record(session, "legal.hold_recorded", actor, at, {"hold": terms})
    lift_added = False
    if hold.lifted_at is not None and _lift_row(session, hold.hold_id) is None:
        store_lift(session, hold.hold_id, hold.lifted_at, actor, at, reason="lifted_at in file")
        lift_added = True
    found = get_hold(session, hold.hold_id)
    assert found is not None
    return StoredHold(hold=found, created=existing is None, lift_added=lift_added)


def _hold_row(
    hold: Hold, terms: dict[str, JsonValue], actor: Actor, at: datetime
) -> dict[str, object]:
    return {
        "hold_id": hold.hold_id,
        "kind": hold.kind.value,
        "court": hold.court,
        "case_number": hold.case_number,
        "issued_at": hold.issued_at.utc,
        "expires_at": None if hold.expires_at is None else hold.expires_at.utc,
        "scope": canonical_json(dict(hold.scope)),
        "summary": hold.summary,
        "terms": canonical_json(terms),
        "recorded_at": at,
        "recorded_by": actor.id,
        "party": actor.party,
    }


def store_lift(
    session: Session, hold_id: str, lifted_at: Instant, actor: Actor, at: datetime, *, reason: str
) -> dict[str, JsonValue]:
    """Record that a hold was lifted at an instant (a new row; the hold row stays as it was).

    Raises:
        LegalRoleRequiredError: the actor may not lift holds.
        HoldNotFoundError: no such hold.
        HoldAlreadyLiftedError: it was lifted before.
        LiftBeforeIssueError: the lift instant precedes the hold.
    """
    ensure_legal_actor(actor, "lift a legal hold")
    issued = session.execute(
        select(legal_holds.c.issued_at).where(legal_holds.c.hold_id == hold_id)
    ).scalar_one_or_none()
    if issued is None:
        raise HoldNotFoundError(hold_id)
    lift = _lift_row(session, hold_id)
    if lift is not None:
        raise HoldAlreadyLiftedError(hold_id, lift.lifted_at_text)
    if lifted_at.utc < _utc(issued):
        raise LiftBeforeIssueError(hold_id, _utc(issued).isoformat(), lifted_at.isoformat())
    session.execute(
        insert(legal_hold_lifts).values(
            hold_id=hold_id,
            lifted_at=lifted_at.utc,
            lifted_at_text=lifted_at.isoformat(),
            reason=reason,
            recorded_at=at,
            recorded_by=actor.id,
            party=actor.party,
        )
    )
    data: dict[str, JsonValue] = {
        "hold_id": hold_id,
        "lifted_at": lifted_at.isoformat(),
        "reason": reason,
    }
    _record(session, "legal.hold_lifted", actor, at, data)
    return data


def lift_hold(
    uow: UnitOfWork, hold_id: str, lifted_at: Instant, actor: Actor, *, reason: str = ""
) -> dict[str, JsonValue]:
    """Lift a hold at an instant. Halted cases stay halted until someone re-screens them."""
    with uow:
        store_lift(uow.session, hold_id, lifted_at, actor, uow.clock.now(), reason=reason)
        hold = get_hold(uow.session, hold_id)
        uow.commit()
    assert hold is not None
    return hold


def store_review(
    session: Session,
    *,
    case_id: str,
    person_id: str,
    outcome: ReviewOutcome,
    reasoning: str,
    covers_codes: tuple[str, ...],
    actor: Actor,
    at: datetime,
) -> LegalReview:
    """Record a legal review of a case in the caller's transaction (with its ledger event).

    Raises:
        LegalRoleRequiredError: the actor is not a legal reviewer.
        InvalidInputError: the reasoning is missing.
    """
    if not actor.has(Role.LEGAL_REVIEWER):
        raise LegalRoleRequiredError("record a legal review", actor.id)
    review = LegalReview(
        review_id=new_id("review"),
        case_id=case_id,
        person_id=person_id,
        outcome=outcome,
        reasoning=check_reasoning(reasoning),
        covers_codes=tuple(sorted(covers_codes)),
        author=actor.id,
        party=actor.party,
        recorded_at=at,
    )
    session.execute(
        insert(legal_reviews).values(
            review_id=review.review_id,
            case_id=case_id,
            person_id=person_id,
            outcome=outcome.value,
            reasoning=review.reasoning,
            covers_codes=canonical_json(list(review.covers_codes)),
            author=actor.id,
            party=actor.party,
            recorded_at=at,
        )
    )
    data: dict[str, JsonValue] = {
        "review_id": review.review_id,
        "case_id": case_id,
        "person_id": person_id,
        "outcome": outcome.value,
        "reasoning": review.reasoning,
        "covers_codes": list(review.covers_codes),
    }
    _record(session, "legal.review_recorded", actor, at, data)
    return review


def reviews_for_case(session: Session, case_id: str) -> list[LegalReview]:
    """Every review of a case, oldest first."""
    rows = session.execute(
        select(legal_reviews)
        .where(legal_reviews.c.case_id == case_id)
        .order_by(legal_reviews.c.recorded_at, legal_reviews.c.review_id)
    ).all()
    return [
        LegalReview(
            review_id=row.review_id,
            case_id=row.case_id,
            person_id=row.person_id,
            outcome=ReviewOutcome(row.outcome),
            reasoning=row.reasoning,
            covers_codes=tuple(json.loads(row.covers_codes)),
            author=row.author,
            party=row.party,
            recorded_at=_utc(row.recorded_at),
        )
        for row in rows
    ]


def _holds_query() -> Select[str, datetime, str, str | None]:
    return select(
        legal_holds.c.terms,
        legal_holds.c.recorded_at,
        legal_holds.c.recorded_by,
        legal_hold_lifts.c.lifted_at_text,
    ).select_from(
        legal_holds.outerjoin(legal_hold_lifts, legal_hold_lifts.c.hold_id == legal_holds.c.hold_id)
    )


def _as_dict(row: Row[str, datetime, str, str | None]) -> dict[str, JsonValue]:
    hold: dict[str, JsonValue] = json.loads(row[0])
    hold["lifted_at"] = row[3]
    hold["recorded_at"] = _utc(row[1]).isoformat().replace("+00:00", "Z")
    hold["recorded_by"] = row[2]
    return hold


def get_hold(session: Session, hold_id: str) -> dict[str, JsonValue] | None:
    """A hold in interchange form (with ``lifted_at`` from its lift), or None."""
    row = session.execute(_holds_query().where(legal_holds.c.hold_id == hold_id)).first()
    return None if row is None else _as_dict(row)


def list_holds(session: Session) -> list[dict[str, JsonValue]]:
    """Every hold in interchange form, by issue instant."""
    rows = session.execute(
        _holds_query().order_by(legal_holds.c.issued_at, legal_holds.c.hold_id)
    ).all()
    return [_as_dict(row) for row in rows]


def active_holds(session: Session, at: datetime) -> list[dict[str, JsonValue]]:
    """Holds active at an instant: issued at or before it, neither expired nor lifted by it."""
    query = _not_ended(_holds_query(), at).where(legal_holds.c.issued_at <= at)
    return [_as_dict(row) for row in session.execute(query.order_by(legal_holds.c.hold_id))]


def unended_holds(session: Session, at: datetime) -> list[dict[str, JsonValue]]:
    """Holds that have not ended by an instant: active, or issued for a later instant."""
    query = _not_ended(_holds_query(), at)
    return [_as_dict(row) for row in session.execute(query.order_by(legal_holds.c.hold_id))]


def _not_ended(
    query: Select[str, datetime, str, str | None], at: datetime
) -> Select[str, datetime, str, str | None]:
    return query.where(
        and_(
            or_(legal_holds.c.expires_at.is_(None), legal_holds.c.expires_at > at),
            or_(legal_hold_lifts.c.lifted_at.is_(None), legal_hold_lifts.c.lifted_at > at),
        )
    )


def _lift_row(session: Session, hold_id: str) -> Row[str] | None:
    return session.execute(
        select(legal_hold_lifts.c.lifted_at_text).where(legal_hold_lifts.c.hold_id == hold_id)
    ).first()


def _record(
    session: Session, kind: str, actor: Actor, at: datetime, data: dict[str, JsonValue]
) -> None:
    ledger.record(session, Event(type=kind, at=at, actor=actor.id, party=actor.party, data=data))


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
