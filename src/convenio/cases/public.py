"""What other contexts and the faces may use of the cases context.

Reads (plain data; take a session, never commit):

* ``CaseView`` — case_id, person_id, state, facility_id, category, decision,
  decision_codes, review_codes, decision_at, return_requested, movement_id, exit_reason,
  halted_by (hold ids), opened_at, updated_at.
* ``get_case(session, case_id) -> CaseView | None``
* ``list_cases(session, *, state=None, person_id=None, offset=0, limit=50)
  -> (list[CaseView], total)``
* ``count_by_state(session) -> dict[state, int]`` (every state, zeros included)
* ``case_history(session, case_id) -> list[dict]`` (from, to, actor, party, at, reason_code,
  reason, hold_ids), oldest first
* ``cases_for_person(session, person_id) -> list[CaseView]``
* ``open_alerts(session) -> list[dict]``: return requests (a hold that matched a person
  already in transit or in custody) on cases still flagged ``return_requested``
* ``cases_affected_by_hold(session, hold_id) -> list[dict]``: the cases a hold halted or
  flagged (case_id, person_id, effect ``halted``/``return_requested``, at, state)
* ``reserved_places(session, facility_id) -> int``: accepted + manifested + in transit +
  in custody at the facility

Transitions run INSIDE the caller's transaction (they take the session, the actor and the
instant — an ``Instant``, an aware ``datetime`` or ISO text with an offset — and do not
commit). Each checks the state machine and the actor's roles, writes the case history and
a ``cases.case_transitioned`` ledger event, and raises ``TransitionNotAllowedError`` or
``RoleNotAllowedError`` otherwise:

* ``mark_manifested(session, case_id, movement_id, actor, at)``: accepted → manifested.
* ``take_off_manifest(session, case_id, reason_codes, hold_ids, actor, at)``: the dispatch
  check took the person off. With ``hold_ids``: manifested → halted (re-screen once the holds
  end). Without: manifested → screened, and on to ineligible when any reason code can block
  (every code except MEDICAL_ASSESSMENT_MISSING, PENDING_CHARGES, DESIGNATION_UNSUPPORTED);
  with review codes only it stays screened and needs a fresh legal review and nomination.
  Either way the movement is cleared and the place released.
* ``mark_in_transit(session, case_id, actor, at)``: manifested → in_transit.
* ``mark_in_custody(session, case_id, actor, at)``: in_transit → in_custody.
* ``mark_exited(session, case_id, reason, actor, at)``: in_custody → exited; ``reason`` is
  released, repatriated, returned_to_sending, deceased or transferred.

Use cases (one commit each) are in ``cases.services`` (open, rescreen, review, nominate,
accept, decline, withdraw) and ``cases.holds`` (record/import/lift holds).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from convenio.cases import transitions as tx
from convenio.cases.adapters.repository import reserved_places
from convenio.cases.domain.errors import (
    CaseHaltedByHoldError,
    CaseNotFoundError,
    HoldsStillActiveError,
    LegalReviewRequiredError,
    NoCapacityError,
    NotEligibleError,
    OpenCaseExistsError,
    PersonNotFoundError,
    ReviewNotNeededError,
    RoleNotAllowedError,
    TransitionNotAllowedError,
)
from convenio.cases.domain.machine import TRANSITIONS, Transition, parse_exit, targets_from
from convenio.cases.domain.model import (
    AFTER_DEPARTURE,
    BEFORE_TRANSIT,
    CLOSED,
    HOLDING_A_PLACE,
    REVIEW_ONLY_CODES,
    CaseState,
    DeclineReason,
    ExitReason,
)
from convenio.cases.queries import (
    CaseView,
    case_history,
    cases_affected_by_hold,
    cases_for_person,
    count_by_state,
    get_case,
    list_cases,
    open_alerts,
    view_of,
)
from convenio.shared.actor import Actor

When = tx.When


def mark_manifested(
    session: Session, case_id: str, movement_id: str, actor: Actor, at: When
) -> CaseView:
    """Put an accepted case on a movement's manifest (accepted → manifested)."""
    case = tx.load(session, case_id)
    moved = tx.move(
        session,
        case,
        CaseState.MANIFESTED,
        actor,
        tx.as_instant(at),
        reason_code="manifested",
        reason=f"on movement {movement_id}",
        movement_id=movement_id,
    )
    return view_of(moved)


def take_off_manifest(
    session: Session,
    case_id: str,
    reason_codes: Sequence[str],
    hold_ids: Sequence[str],
    actor: Actor,
    at: When,
) -> CaseView:
    """Take a manifested case off its movement after a failed dispatch check (see module doc)."""
    when = tx.as_instant(at)
    case = tx.load(session, case_id)
    codes = ", ".join(reason_codes)
    if hold_ids:
        reason = f"taken off manifest {case.movement_id}: {codes or 'legal hold'}"
        moved = tx.halt(session, case, list(hold_ids), actor, when, reason=reason, movement_id=None)
        return view_of(moved)
    moved = tx.move(
        session,
        case,
        CaseState.SCREENED,
        actor,
        when,
        reason_code="off_manifest",
        reason=f"taken off manifest {case.movement_id}: {codes}",
        movement_id=None,
        decision_codes=tuple(reason_codes),
    )
    if set(reason_codes) - REVIEW_ONLY_CODES:
        moved = tx.move(
            session,
            moved,
            CaseState.INELIGIBLE,
            actor,
            when,
            reason_code="screen_blocked",
            reason=codes,
            decision="ineligible",
            category=None,
        )
    else:
        moved = tx.replace_fields(
            session, moved, decision="review", review_codes=tuple(reason_codes)
        )
    return view_of(moved)


def mark_in_transit(session: Session, case_id: str, actor: Actor, at: When) -> CaseView:
    """The movement left (manifested → in_transit)."""
    case = tx.load(session, case_id)
    return view_of(
        tx.move(
            session, case, CaseState.IN_TRANSIT, actor, tx.as_instant(at), reason_code="dispatched"
        )
    )


def mark_in_custody(session: Session, case_id: str, actor: Actor, at: When) -> CaseView:
    """Both sides confirmed the handover (in_transit → in_custody)."""
    case = tx.load(session, case_id)
    return view_of(
        tx.move(
            session, case, CaseState.IN_CUSTODY, actor, tx.as_instant(at), reason_code="handover"
        )
    )


def mark_exited(session: Session, case_id: str, reason: str, actor: Actor, at: When) -> CaseView:
    """Custody under the agreement ended (in_custody → exited(reason)).

    Raises:
        InvalidInputError: unknown exit reason.
    """
    exit_reason = parse_exit(reason)
    case = tx.load(session, case_id)
    moved = tx.move(
        session,
        case,
        CaseState.EXITED,
        actor,
        tx.as_instant(at),
        reason_code=exit_reason.value,
        exit_reason=exit_reason.value,
    )
    return view_of(moved)


__all__ = [
    "AFTER_DEPARTURE",
    "BEFORE_TRANSIT",
    "CLOSED",
    "HOLDING_A_PLACE",
    "TRANSITIONS",
    "CaseHaltedByHoldError",
    "CaseNotFoundError",
    "CaseState",
    "CaseView",
    "DeclineReason",
    "ExitReason",
    "HoldsStillActiveError",
    "LegalReviewRequiredError",
    "NoCapacityError",
    "NotEligibleError",
    "OpenCaseExistsError",
    "PersonNotFoundError",
    "ReviewNotNeededError",
    "RoleNotAllowedError",
    "Transition",
    "TransitionNotAllowedError",
    "case_history",
    "cases_affected_by_hold",
    "cases_for_person",
    "count_by_state",
    "get_case",
    "list_cases",
    "mark_exited",
    "mark_in_custody",
    "mark_in_transit",
    "mark_manifested",
    "open_alerts",
    "reserved_places",
    "take_off_manifest",
    "targets_from",
]
