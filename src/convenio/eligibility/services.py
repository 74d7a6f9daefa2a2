"""Use cases of the eligibility context that touch the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from convenio.eligibility.domain.decision import Decision
from convenio.eligibility.screening import context_for, screen_people
from convenio.eligibility.store import inputs_hash, store_decisions
from convenio.platform.uow import UnitOfWork
from convenio.records import public as records
from convenio.shared.dates import Instant
from convenio.terms.public import Agreement

HoldsOf = Callable[[Session], Sequence[Mapping[str, Any]]]
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScreeningRun:
    """What a screening of the database stored."""

    decisions: tuple[Decision, ...]
    decision_ids: tuple[str, ...]
    by_decision: dict[str, int]


def screen_database(
    uow: UnitOfWork,
    *,
    agreement: Agreement,
    as_of: Instant,
    holds_of: HoldsOf,
    actor: str,
    progress: Progress | None = None,
) -> ScreeningRun:
    """Screen every person in the records and store each decision, in one transaction.

    ``holds_of`` reads the holds in the same session (the legal context's ``list_holds``).

    Raises:
        ParameterNotInForceError: a parameter has no value on the as-of date.
    """
    context_for(agreement, as_of)
    with uow:
        session = uow.session
        people: list[dict[str, Any]] = []
        for person in records.iter_people(session):
            people.append(person)
            if progress is not None:
                progress(1)
        holds = list(holds_of(session))
        decisions = screen_people(people, holds, agreement, as_of) if people else []
        hashes = {p["person_id"]: inputs_hash(p, holds, agreement, as_of) for p in people}
        ids = store_decisions(
            session,
            decisions,
            agreement=agreement,
            inputs_hashes=hashes,
            at=uow.clock.now(),
            actor=actor,
        )
        uow.commit()
    counts = Counter(str(d.decision) for d in decisions)
    return ScreeningRun(
        decisions=tuple(decisions), decision_ids=tuple(ids), by_decision=dict(counts)
    )


def decide_and_store(
    uow: UnitOfWork,
    person: Mapping[str, Any],
    holds: Sequence[Mapping[str, Any]],
    *,
    agreement: Agreement,
    as_of: Instant,
    actor: str,
) -> tuple[Decision, str]:
    """Decide for one person and store the decision (event ``eligibility.decided``)."""
    decision = screen_people([person], holds, agreement, as_of)[0]
    with uow:
        ids = store_decisions(
            uow.session,
            [decision],
            agreement=agreement,
            inputs_hashes={decision.person_id: inputs_hash(person, holds, agreement, as_of)},
            at=uow.clock.now(),
            actor=actor,
        )
        uow.commit()
    return decision, ids[0]
