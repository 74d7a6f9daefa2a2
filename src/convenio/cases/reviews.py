"""Legal review of a case whose screening decision is ``review`` (one commit)."""

from __future__ import annotations

from convenio.cases import queries
from convenio.cases import transitions as tx
from convenio.cases.domain.errors import ReviewNotNeededError
from convenio.cases.domain.model import CaseState
from convenio.legal import public as legal
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor
from convenio.shared.dates import Instant


def review_case(
    uow: UnitOfWork,
    case_id: str,
    outcome: legal.ReviewOutcome,
    reasoning: str,
    actor: Actor,
    *,
    at: tx.When | None = None,
) -> queries.CaseView:
    """Record a legal review of a screened case whose decision is ``review``.

    An approval covers the case's current review reasons and lets it be nominated; a
    rejection makes it ineligible.

    Raises:
        ReviewNotNeededError: the case is not screened with a review decision.
        LegalRoleRequiredError: the actor is not a legal reviewer.
    """
    with uow:
        session = uow.session
        when = Instant(uow.clock.now()) if at is None else tx.as_instant(at)
        case = tx.load(session, case_id)
        if case.state is not CaseState.SCREENED or case.decision != "review":
            raise ReviewNotNeededError(case_id, case.state.value, case.decision)
        legal.store_review(
            session,
            case_id=case_id,
            person_id=case.person_id,
            outcome=outcome,
            reasoning=reasoning,
            covers_codes=case.review_codes,
            actor=actor,
            at=when.utc,
        )
        if outcome is legal.ReviewOutcome.REJECT:
            tx.move(
                session,
                case,
                CaseState.INELIGIBLE,
                actor,
                when,
                reason_code="legal_review_rejected",
                reason=reasoning.strip(),
            )
        uow.commit()
        view = queries.get_case(session, case_id)
        assert view is not None
        return view
