"""Recording and lifting legal holds, and what they do to cases, in one transaction each.

The cases context sits above legal, so it runs the whole use case: legal stores the hold,
then every matching case before transit is halted and every matching case in transit or in
custody is flagged ``return_requested`` with an alert for legal reviewers and monitors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from convenio.cases import queries
from convenio.cases import transitions as tx
from convenio.cases.adapters import repository as repo
from convenio.cases.domain.model import AFTER_DEPARTURE, BEFORE_TRANSIT, Case, CaseState
from convenio.eligibility import public as eligibility
from convenio.legal import public as legal
from convenio.platform.uow import UnitOfWork
from convenio.records import public as records
from convenio.shared.actor import Actor
from convenio.shared.dates import Instant


@dataclass(frozen=True, slots=True, kw_only=True)
class HoldOutcome:
    """What recording one hold did."""

    hold_id: str
    created: bool
    halted: list[str] = field(default_factory=list)
    return_requested: list[str] = field(default_factory=list)


def record_hold(uow: UnitOfWork, hold: dict[str, Any], actor: Actor) -> HoldOutcome:
    """Record one hold (interchange dict) and halt or flag the matching cases.

    Raises:
        InvalidInputError: the hold is malformed (nothing is written).
        LegalRoleRequiredError: the actor is not a legal reviewer or administrator.
        HoldChangedError: the hold id is recorded with different terms.
    """
    return record_holds(uow, [legal.parse_hold(hold)], actor)[0]


def import_holds(uow: UnitOfWork, path: Path, actor: Actor) -> list[HoldOutcome]:
    """Record every hold of a ``holds.jsonl`` file in one transaction (idempotent).

    Raises:
        HoldInputError: the file has bad lines (each reported; nothing is written).
    """
    return record_holds(uow, legal.read_holds_file(path), actor)


def record_holds(uow: UnitOfWork, holds: Sequence[legal.Hold], actor: Actor) -> list[HoldOutcome]:
    """Record holds and apply each new one to the cases, all in one transaction."""
    outcomes: list[HoldOutcome] = []
    with uow:
        now = Instant(uow.clock.now())
        # Lock the candidate cases first, before the ledger head: the same order as an
        # acceptance (case, facility, ledger), so the two never wait on each other in a cycle.
        candidates = {hold.hold_id: _candidates(uow.session, hold) for hold in holds}
        for hold in holds:
            stored = legal.store_hold(uow.session, hold, actor, now.utc)
            outcome = HoldOutcome(hold_id=hold.hold_id, created=stored.created)
            if stored.created:
                for case in candidates[hold.hold_id]:
                    _apply(uow.session, hold, stored.hold, case.case_id, actor, now, outcome)
            outcomes.append(outcome)
        uow.commit()
    return outcomes


def _candidates(session: Session, hold: legal.Hold) -> list[Case]:
    """The cases a hold could act on, locked for the transaction (ordered by case id)."""
    scope = hold.scope.get("person_ids")
    person_ids = [str(p) for p in scope] if isinstance(scope, list) else None
    states = sorted(BEFORE_TRANSIT | AFTER_DEPARTURE | {CaseState.HALTED})
    return repo.cases_in_states(session, states, person_ids)


def _apply(
    session: Session,
    hold: legal.Hold,
    as_dict: dict[str, Any],
    case_id: str,
    actor: Actor,
    now: Instant,
    outcome: HoldOutcome,
) -> None:
    """Halt or flag one case if the hold matches its person, unless the hold has ended."""
    ends = [end for end in (hold.expires_at, hold.lifted_at) if end is not None]
    if any(end.utc <= now.utc for end in ends):
        return
    issued = hold.issued_at
    at = issued if issued.utc > now.utc else Instant(now.utc.astimezone(issued.at.tzinfo))
    case = tx.load(session, case_id)  # its current state: an earlier hold may have halted it
    person = records.get_person(session, case.person_id)
    if person is None or not eligibility.hold_matches(as_dict, person, at.local_date):
        return
    if case.state in AFTER_DEPARTURE:
        tx.request_return(session, case, hold.hold_id, actor, now)
        outcome.return_requested.append(case.case_id)
    else:
        reason = f"legal hold {hold.hold_id} recorded ({hold.kind.value}, {hold.court})"
        tx.halt(session, case, [hold.hold_id], actor, now, reason=reason)
        outcome.halted.append(case.case_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class LiftOutcome:
    """A lifted hold and the halted cases that may now be re-screened."""

    hold: dict[str, Any]
    halted_cases: list[str]


def lift_hold(
    uow: UnitOfWork,
    hold_id: str,
    lifted_at: tx.When,
    actor: Actor,
    *,
    reason: str = "",
) -> LiftOutcome:
    """Lift a hold at an instant (a new record). Halted cases stay halted: re-screen them.

    Raises:
        HoldNotFoundError, HoldAlreadyLiftedError, LiftBeforeIssueError,
        LegalRoleRequiredError.
    """
    when = tx.as_instant(lifted_at)
    with uow:
        session = uow.session
        legal.store_lift(session, hold_id, when, actor, uow.clock.now(), reason=reason)
        hold = legal.get_hold(session, hold_id)
        affected = queries.cases_affected_by_hold(session, hold_id)
        uow.commit()
    assert hold is not None
    halted = [c["case_id"] for c in affected if c["state"] == CaseState.HALTED.value]
    return LiftOutcome(hold=hold, halted_cases=halted)
