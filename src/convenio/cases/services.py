"""Use cases of the cases context: one function, one unit of work, one commit.

Services take an ``Actor``; each transition checks the actor's roles against the state
machine (``domain/machine.py``) and its guard at the instant of the step. Where a fresh check
finds a matching hold or a blocking reason, that finding is committed (the case is halted or
ineligible) and the requested step is then refused with a typed error.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from convenio.cases import queries
from convenio.cases import transitions as tx
from convenio.cases.adapters import repository as repo
from convenio.cases.domain.errors import (
    CaseHaltedByHoldError,
    HoldsStillActiveError,
    LegalReviewRequiredError,
    NoCapacityError,
    NotEligibleError,
    OpenCaseExistsError,
    RoleNotAllowedError,
    TransitionNotAllowedError,
    UnknownFacilityError,
)
from convenio.cases.domain.machine import check_transition, parse_decline, targets_from
from convenio.cases.domain.model import CLOSED, Case, CaseState
from convenio.cases.reviews import review_case
from convenio.cases.screening import active_matches, person_of, screen, unended_matches
from convenio.legal import public as legal
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor, Role
from convenio.shared.dates import Instant
from convenio.shared.errors import InvalidInputError
from convenio.shared.ids import new_id
from convenio.terms import services as terms_services
from convenio.terms.public import Agreement

OPEN_ROLES = frozenset({Role.CASE_OFFICER, Role.SYSTEM})


def _instant(uow: UnitOfWork, at: tx.When | None) -> Instant:
    return Instant(uow.clock.now()) if at is None else tx.as_instant(at)


def _facility(agreement: Agreement, facility_id: str | None) -> str:
    known = [f.id for f in agreement.facilities]
    chosen = facility_id or known[0]
    if chosen not in known:
        raise UnknownFacilityError(chosen, known)
    return chosen


def open_case(
    uow: UnitOfWork,
    person_id: str,
    actor: Actor,
    *,
    at: tx.When | None = None,
    facility_id: str | None = None,
) -> queries.CaseView:
    """Open a case for a person and screen them at the instant (draft → screened, then
    ineligible or halted when the screen blocks or a hold matches).

    Raises:
        RoleNotAllowedError: the actor is not a case officer.
        PersonNotFoundError: the person is not in the records.
        OpenCaseExistsError: the person already has an open case.
    """
    if not actor.roles & OPEN_ROLES:
        raise RoleNotAllowedError(actor.id, "nothing", "draft", [r.value for r in OPEN_ROLES])
    agreement = terms_services.current_agreement(uow)
    facility = _facility(agreement, facility_id)
    with uow:
        session = uow.session
        when = _instant(uow, at)
        person = person_of(session, person_id)
        existing = repo.open_case_of(session, person_id, [s.value for s in CLOSED])
        if existing is not None:
            raise OpenCaseExistsError(person_id, existing.case_id, existing.state.value)
        case = _new_case(session, person_id, facility, actor, when)
        tx.apply_screening(session, case, screen(session, person, agreement, when), actor, when)
        uow.commit()
        return _view(session, case.case_id)


def _new_case(session: Session, person_id: str, facility: str, actor: Actor, at: Instant) -> Case:
    case = Case(
        case_id=new_id("case"),
        person_id=person_id,
        state=CaseState.DRAFT,
        facility_id=facility,
        category=None,
        decision=None,
        decision_codes=(),
        review_codes=(),
        decision_at=None,
        return_requested=False,
        movement_id=None,
        exit_reason=None,
        halted_by=(),
        opened_at=at.utc,
        updated_at=at.utc,
    )
    repo.insert_case(session, case)
    repo.append_history(
        session,
        case_id=case.case_id,
        source=None,
        target=CaseState.DRAFT,
        actor=actor.id,
        party=actor.party,
        at=at.utc,
        recorded_at=at.utc,
        reason_code="opened",
        reason="case opened",
        hold_ids=(),
    )
    data = {"case_id": case.case_id, "person_id": person_id, "facility_id": facility}
    tx.record_event(session, "cases.case_opened", actor, at, dict(data))
    return case


def _view(session: Session, case_id: str) -> queries.CaseView:
    view = queries.get_case(session, case_id)
    assert view is not None
    return view


def rescreen(
    uow: UnitOfWork, case_id: str, actor: Actor, *, at: tx.When | None = None
) -> queries.CaseView:
    """Screen a draft, screened or halted case again at an instant.

    A halted case goes back to ``screened`` only when every hold matching the person has
    ended by then; the fresh screen may still make it ineligible.

    Raises:
        HoldsStillActiveError: a matching hold has not ended (nothing changes).
        TransitionNotAllowedError: the case is in another state.
    """
    agreement = terms_services.current_agreement(uow)
    with uow:
        session = uow.session
        when = _instant(uow, at)
        case = tx.load(session, case_id)
        if case.state not in (CaseState.DRAFT, CaseState.SCREENED, CaseState.HALTED):
            allowed = [t.value for t in targets_from(case.state)]
            raise TransitionNotAllowedError(case_id, case.state.value, "screened", allowed)
        target = CaseState.INELIGIBLE if case.state is CaseState.SCREENED else CaseState.SCREENED
        check_transition(case_id, case.state, target, actor)
        person = person_of(session, case.person_id)
        if case.state is CaseState.HALTED:
            pending = unended_matches(session, person, when)
            if pending:
                raise HoldsStillActiveError(case_id, pending, when.isoformat())
        tx.apply_screening(session, case, screen(session, person, agreement, when), actor, when)
        uow.commit()
        return _view(session, case_id)


def nominate(
    uow: UnitOfWork,
    case_id: str,
    actor: Actor,
    *,
    at: tx.When | None = None,
    facility_id: str | None = None,
) -> queries.CaseView:
    """Nominate a screened case to the receiving state after a fresh screen at the instant.

    Raises:
        CaseHaltedByHoldError: a hold matches now (the case is halted and that is committed).
        NotEligibleError: the fresh screen blocks (the case is ineligible, committed).
        LegalReviewRequiredError: a review decision lacks an approving legal review.
    """
    agreement = terms_services.current_agreement(uow)
    with uow:
        session = uow.session
        when = _instant(uow, at)
        case = tx.load(session, case_id)
        check_transition(case_id, case.state, CaseState.NOMINATED, actor)
        facility = _facility(agreement, facility_id or case.facility_id)
        screening = screen(session, person_of(session, case.person_id), agreement, when)
        if screening.hold_ids or screening.is_ineligible:
            tx.apply_screening(session, case, screening, actor, when)
            uow.commit()
            if screening.hold_ids:
                raise CaseHaltedByHoldError(
                    case_id, "nomination", screening.hold_ids, when.isoformat()
                )
            raise NotEligibleError(case_id, screening.codes, when.isoformat())
        if screening.needs_review:
            reviews = legal.reviews_for_case(session, case_id)
            if not reviews or not reviews[-1].covers(screening.review_codes):
                raise LegalReviewRequiredError(case_id, screening.review_codes)
        tx.record_screening(session, case, screening, actor, when)
        fields = tx.with_screening(screening, when)
        tx.move(session, case, CaseState.NOMINATED, actor, when, facility_id=facility, **fields)
        uow.commit()
        return _view(session, case_id)


def accept(
    uow: UnitOfWork, case_id: str, actor: Actor, *, at: tx.When | None = None
) -> queries.CaseView:
    """The receiving state accepts a nomination: re-check holds now, then reserve a place.

    Raises:
        CaseHaltedByHoldError: a hold matches now (the case is halted and that is committed).
        NoCapacityError: every place in force at the facility is taken (nothing changes).
    """
    agreement = terms_services.current_agreement(uow)
    with uow:
        session = uow.session
        when = _instant(uow, at)
        case = tx.load(session, case_id)
        check_transition(case_id, case.state, CaseState.ACCEPTED, actor)
        hold_ids = active_matches(session, person_of(session, case.person_id), when)
        if hold_ids:
            tx.halt(session, case, hold_ids, actor, when, reason="hold matched at acceptance")
            uow.commit()
            raise CaseHaltedByHoldError(case_id, "acceptance", hold_ids, when.isoformat())
        facility_id = _facility(agreement, case.facility_id)
        capacity = agreement.facility(facility_id).capacity.at(when.local_date).value
        repo.lock_facility(session, facility_id)
        reserved = repo.reserved_places(session, facility_id)
        if reserved >= capacity:
            raise NoCapacityError(facility_id, capacity, reserved)
        tx.move(session, case, CaseState.ACCEPTED, actor, when, reason_code="place_reserved")
        uow.commit()
        return _view(session, case_id)


def decline(
    uow: UnitOfWork,
    case_id: str,
    reason_code: str,
    actor: Actor,
    *,
    text: str | None = None,
    at: tx.When | None = None,
) -> queries.CaseView:
    """The receiving state declines a nomination with a reason code (and text for ``other``).

    Raises:
        InvalidInputError: unknown reason code, or ``other`` without text.
    """
    reason, body = parse_decline(reason_code, text)
    with uow:
        session = uow.session
        when = _instant(uow, at)
        case = tx.load(session, case_id)
        tx.move(session, case, CaseState.DECLINED, actor, when, reason_code=reason, reason=body)
        uow.commit()
        return _view(session, case_id)


def withdraw(
    uow: UnitOfWork,
    case_id: str,
    reason: str,
    actor: Actor,
    *,
    at: tx.When | None = None,
) -> queries.CaseView:
    """The sending state withdraws an accepted case; its place is released.

    Raises:
        InvalidInputError: no reason given.
    """
    if not reason.strip():
        raise InvalidInputError("reason: say why the case is withdrawn", field="reason")
    with uow:
        session = uow.session
        when = _instant(uow, at)
        case = tx.load(session, case_id)
        tx.move(
            session,
            case,
            CaseState.WITHDRAWN,
            actor,
            when,
            reason_code="withdrawn",
            reason=reason.strip(),
        )
        uow.commit()
        return _view(session, case_id)


__all__ = [
    "accept",
    "decline",
    "nominate",
    "open_case",
    "rescreen",
    "review_case",
    "withdraw",
]
