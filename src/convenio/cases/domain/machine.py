"""The case state machine: each transition, the roles that may make it, and its guard.

The guard text says what must hold; the services check it at the instant of the step (a
fresh screening, the hold match, a legal review, the capacity in force) before moving.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from convenio.cases.domain.errors import RoleNotAllowedError, TransitionNotAllowedError
from convenio.cases.domain.model import BEFORE_TRANSIT, CaseState, DeclineReason, ExitReason
from convenio.shared.actor import Actor, Role
from convenio.shared.errors import InvalidInputError

S = CaseState
_SENDING: Final = frozenset({Role.CASE_OFFICER, Role.SYSTEM})
_RECEIVING: Final = frozenset({Role.RECEIVING_OFFICER, Role.SYSTEM})
_TRANSPORT: Final = frozenset({Role.TRANSPORT_COORDINATOR, Role.SYSTEM})
_ANYONE_WHO_FINDS_A_HOLD: Final = frozenset(
    {
        Role.LEGAL_REVIEWER,
        Role.ADMINISTRATOR,
        Role.CASE_OFFICER,
        Role.RECEIVING_OFFICER,
        Role.TRANSPORT_COORDINATOR,
        Role.SYSTEM,
    }
)


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move of the state machine."""

    source: CaseState
    target: CaseState
    roles: frozenset[Role]
    guard: str


def _table() -> dict[tuple[CaseState, CaseState], Transition]:
    moves = [
        Transition(S.DRAFT, S.SCREENED, _SENDING, "the person was screened at that instant"),
        Transition(
            S.SCREENED,
            S.INELIGIBLE,
            _SENDING | {Role.LEGAL_REVIEWER, Role.TRANSPORT_COORDINATOR},
            "a fresh screening blocks (at nomination, re-screening or the dispatch check), or a "
            "legal review rejected the case",
        ),
        Transition(
            S.SCREENED,
            S.NOMINATED,
            _SENDING,
            "a fresh screening at that instant is eligible, or review with an approving legal "
            "review covering every review reason; no hold matches",
        ),
        Transition(
            S.NOMINATED,
            S.ACCEPTED,
            _RECEIVING,
            "no hold matches at that instant and a place is free at the facility",
        ),
        Transition(S.NOMINATED, S.DECLINED, _RECEIVING, "a decline reason code (text for other)"),
        Transition(
            S.ACCEPTED,
            S.WITHDRAWN,
            _SENDING | {Role.LEGAL_REVIEWER},
            "a reason is given; the place is released",
        ),
        Transition(S.ACCEPTED, S.MANIFESTED, _TRANSPORT, "the case is put on a movement"),
        Transition(
            S.MANIFESTED,
            S.SCREENED,
            _TRANSPORT,
            "taken off the manifest by the dispatch check without a hold; the place is released",
        ),
        Transition(S.MANIFESTED, S.IN_TRANSIT, _TRANSPORT, "the movement was dispatched"),
        Transition(
            S.IN_TRANSIT,
            S.IN_CUSTODY,
            _RECEIVING | _TRANSPORT,
            "the handover was confirmed by both sides",
        ),
        Transition(S.IN_CUSTODY, S.EXITED, _RECEIVING, "an exit reason is given"),
        Transition(
            S.HALTED,
            S.SCREENED,
            _SENDING | {Role.LEGAL_REVIEWER},
            "every matching hold has ended and a fresh screening was made at that instant",
        ),
    ]
    moves += [
        Transition(state, S.HALTED, _ANYONE_WHO_FINDS_A_HOLD, "a legal hold matches the person")
        for state in sorted(BEFORE_TRANSIT)
    ]
    return {(t.source, t.target): t for t in moves}


TRANSITIONS: Final = _table()


def targets_from(source: CaseState) -> list[CaseState]:
    """The states a case may move to from ``source``."""
    return [t.target for t in TRANSITIONS.values() if t.source is source]


def check_transition(
    case_id: str, source: CaseState, target: CaseState, actor: Actor
) -> Transition:
    """The transition from ``source`` to ``target`` if ``actor`` may make it.

    Raises:
        TransitionNotAllowedError: the state machine has no such move.
        RoleNotAllowedError: the actor holds none of the roles the move allows.
    """
    transition = TRANSITIONS.get((source, target))
    if transition is None:
        allowed = [t.value for t in targets_from(source)]
        raise TransitionNotAllowedError(case_id, source.value, target.value, allowed)
    if not actor.roles & transition.roles:
        raise RoleNotAllowedError(
            actor.id, source.value, target.value, [r.value for r in transition.roles]
        )
    return transition


def parse_decline(code: str, text: str | None) -> tuple[DeclineReason, str]:
    """A decline reason code with its text (required for ``other``).

    Raises:
        InvalidInputError: unknown code, or ``other`` without text.
    """
    allowed = ", ".join(r.value for r in DeclineReason)
    if code not in {r.value for r in DeclineReason}:
        raise InvalidInputError(
            f"reason: {code!r} is not a decline reason; use one of {allowed}", field="reason"
        )
    reason = DeclineReason(code)
    body = (text or "").strip()
    if reason is DeclineReason.OTHER and not body:
        raise InvalidInputError(
            "text: a decline for reason other must say why (give --text)", field="text"
        )
    return reason, body


def parse_exit(code: str) -> ExitReason:
    """An exit reason.

    Raises:
        InvalidInputError: unknown reason.
    """
    if code not in {r.value for r in ExitReason}:
        allowed = ", ".join(r.value for r in ExitReason)
        raise InvalidInputError(
            f"reason: {code!r} is not an exit reason; use one of {allowed}", field="reason"
        )
    return ExitReason(code)
