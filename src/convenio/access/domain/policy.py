"""The one permission policy: who may do what, and what each party may see. Default deny.

A role grants actions only to an actor of a party kind that role belongs to (a receiving
officer of the sending state is granted nothing). Anonymous callers get the public actions
only. The same tables decide routes, list filters and the fields of a person each party sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final

from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.errors import PermissionDeniedError


class Action(StrEnum):
    """Every action a route or a service may ask about."""

    LOCATOR_READ = "locator.read"
    ME_READ = "me.read"
    TERMS_READ = "terms.read"
    TERMS_MANAGE = "terms.manage"
    PEOPLE_READ = "people.read"
    PEOPLE_IMPORT = "people.import"
    SCREEN_RUN = "screen.run"
    DECISION_READ = "decision.read"
    DECISION_RECORD = "decision.record"
    HOLD_READ = "hold.read"
    HOLD_RECORD = "hold.record"
    HOLD_LIFT = "hold.lift"
    CASE_READ = "case.read"
    CASE_NOMINATE = "case.nominate"
    CASE_REVIEW = "case.review"
    CASE_ACCEPT = "case.accept"
    CASE_DECLINE = "case.decline"
    CASE_WITHDRAW = "case.withdraw"
    MOVEMENT_READ = "movement.read"
    MOVEMENT_MANAGE = "movement.manage"
    MOVEMENT_DISPATCH = "movement.dispatch"
    HANDOVER_CONFIRM_TRANSPORT = "handover.confirm_transport"
    HANDOVER_CONFIRM_RECEIVING = "handover.confirm_receiving"
    CUSTODY_READ = "custody.read"
    CUSTODY_RECORD = "custody.record"
    BILLING_READ = "billing.read"
    BILLING_MANAGE = "billing.manage"
    LEDGER_READ = "ledger.read"
    LEDGER_VERIFY = "ledger.verify"
    LEDGER_CHECKPOINT = "ledger.checkpoint"
    REPORT_READ = "report.read"
    USER_MANAGE = "user.manage"
    OVERSIGHT_INSPECT = "oversight.inspect"
    COMPLAINT_MANAGE = "complaint.manage"


class Resource(StrEnum):
    """Things whose fields are filtered per party."""

    PERSON = "person"


READ_ACTIONS: Final = frozenset(a for a in Action if a.value.endswith((".read", ".verify")))
"""The read-only actions (a monitor holds all of them)."""

PUBLIC_ACTIONS: Final = frozenset({Action.LOCATOR_READ})
"""What anyone may do without signing in."""

_SIGNED_IN: Final = frozenset({Action.ME_READ, Action.TERMS_READ, Action.LOCATOR_READ})
_FOLLOW_CASES: Final = frozenset(
    {
        Action.PEOPLE_READ,
        Action.DECISION_READ,
        Action.HOLD_READ,
        Action.CASE_READ,
        Action.MOVEMENT_READ,
        Action.CUSTODY_READ,
        Action.LEDGER_READ,
        Action.REPORT_READ,
    }
)

GRANTS: Final[Mapping[Role, frozenset[Action]]] = {
    Role.CASE_OFFICER: _SIGNED_IN
    | _FOLLOW_CASES
    | {Action.PEOPLE_IMPORT, Action.SCREEN_RUN, Action.DECISION_RECORD}
    | {Action.CASE_NOMINATE, Action.CASE_WITHDRAW},
    Role.LEGAL_REVIEWER: _SIGNED_IN
    | _FOLLOW_CASES
    | {Action.HOLD_RECORD, Action.HOLD_LIFT, Action.CASE_REVIEW, Action.CASE_WITHDRAW},
    Role.TRANSPORT_COORDINATOR: _SIGNED_IN
    | _FOLLOW_CASES
    | {Action.MOVEMENT_MANAGE, Action.MOVEMENT_DISPATCH, Action.HANDOVER_CONFIRM_TRANSPORT},
    Role.RECEIVING_OFFICER: _SIGNED_IN
    | _FOLLOW_CASES
    | {Action.CASE_ACCEPT, Action.CASE_DECLINE, Action.HANDOVER_CONFIRM_RECEIVING}
    | {Action.CUSTODY_RECORD},
    Role.FINANCE_OFFICER: _SIGNED_IN
    | {Action.BILLING_READ, Action.BILLING_MANAGE, Action.CUSTODY_READ, Action.LEDGER_READ}
    | {Action.REPORT_READ},
    Role.MONITOR: _SIGNED_IN | READ_ACTIONS | {Action.OVERSIGHT_INSPECT, Action.COMPLAINT_MANAGE},
    Role.ADMINISTRATOR: _SIGNED_IN
    | {Action.USER_MANAGE, Action.TERMS_MANAGE, Action.LEDGER_READ, Action.LEDGER_VERIFY}
    | {Action.LEDGER_CHECKPOINT, Action.REPORT_READ},
    Role.SYSTEM: frozenset(Action),
}
"""The grant table: the actions each role allows (for an actor of one of its party kinds)."""

PARTY_KINDS: Final[Mapping[Role, frozenset[PartyKind]]] = {
    Role.CASE_OFFICER: frozenset({PartyKind.SENDING}),
    Role.LEGAL_REVIEWER: frozenset({PartyKind.SENDING}),
    Role.TRANSPORT_COORDINATOR: frozenset({PartyKind.SENDING}),
    Role.RECEIVING_OFFICER: frozenset({PartyKind.RECEIVING}),
    Role.FINANCE_OFFICER: frozenset({PartyKind.SENDING, PartyKind.RECEIVING}),
    Role.MONITOR: frozenset({PartyKind.MONITOR}),
    Role.ADMINISTRATOR: frozenset({PartyKind.SENDING, PartyKind.RECEIVING, PartyKind.MONITOR}),
    Role.SYSTEM: frozenset({PartyKind.SYSTEM}),
}
"""Which party kinds may hold each role; a role held by any other party grants nothing."""


def granted_actions(actor: Actor | None) -> frozenset[Action]:
    """Every action the actor may take (anonymous: the public actions only)."""
    if actor is None:
        return PUBLIC_ACTIONS
    actions: set[Action] = set(PUBLIC_ACTIONS)
    for role in actor.roles:
        if actor.party_kind in PARTY_KINDS.get(role, frozenset()):
            actions |= GRANTS.get(role, frozenset())
    return frozenset(actions)


def can(actor: Actor | None, action: Action) -> bool:
    """Whether the actor may take the action. Anything not granted is denied."""
    return action in granted_actions(actor)


def ensure_can(actor: Actor | None, action: Action) -> None:
    """Raise :class:`PermissionDeniedError` unless the actor may take the action."""
    if not can(actor, action):
        who = "anonymous callers" if actor is None else f"user {actor.id} ({actor.party})"
        raise PermissionDeniedError(
            f"{action} is not allowed for {who}; ask an administrator for a role that grants it.",
            action=str(action),
        )


def is_monitor(actor: Actor | None) -> bool:
    """Whether reads by this actor must be recorded for oversight."""
    return actor is not None and actor.party_kind is PartyKind.MONITOR


ALL_FIELDS: Final = frozenset({"*"})
"""The field set meaning "every field"."""

PERSON_IDENTITY: Final = frozenset(
    {
        "person_id",
        "a_number",
        "family_name",
        "given_names",
        "birth_date",
        "sex",
        "languages",
        "citizenships",
    }
)
PERSON_OUTCOME: Final = frozenset({"category", "decision", "eligible", "reasons", "case"})
PERSON_LOCATOR: Final = frozenset(
    {"family_name", "given_names", "birth_date", "held", "facility", "since", "location"}
)
CONVICTION_SUMMARY: Final = ("offense", "jurisdiction", "convicted_on", "final", "violent")
"""The keys of a conviction the receiving state sees (no sentence, no codes)."""

_PERSON_FIELDS: Final[Mapping[PartyKind, frozenset[str]]] = {
    PartyKind.SENDING: ALL_FIELDS,
    PartyKind.MONITOR: ALL_FIELDS,
    PartyKind.SYSTEM: ALL_FIELDS,
    PartyKind.RECEIVING: PERSON_IDENTITY | PERSON_OUTCOME | {"convictions"},
}


def visible_fields(actor: Actor | None, resource: Resource) -> frozenset[str]:
    """The top-level fields of a resource the actor may see (:data:`ALL_FIELDS` for all)."""
    if resource is Resource.PERSON:
        if actor is None:
            return PERSON_LOCATOR
        if not can(actor, Action.PEOPLE_READ):
            return PERSON_LOCATOR if can(actor, Action.LOCATOR_READ) else frozenset()
        return _PERSON_FIELDS.get(actor.party_kind, frozenset())
    return frozenset()


def redact_person(actor: Actor | None, person: Mapping[str, object]) -> dict[str, object]:
    """The person as the actor may see it: hidden fields dropped, convictions summarised."""
    fields = visible_fields(actor, Resource.PERSON)
    if fields == ALL_FIELDS:
        return dict(person)
    shown = {key: value for key, value in person.items() if key in fields}
    if "convictions" in shown:
        shown["convictions"] = _summarise_convictions(shown["convictions"])
    return shown


def _summarise_convictions(value: object) -> list[dict[str, object]]:
    items: Iterable[object] = value if isinstance(value, list | tuple) else ()
    return [
        {key: item[key] for key in CONVICTION_SUMMARY if key in item}
        for item in items
        if isinstance(item, Mapping)
    ]


PRE_NOMINATION_STATES: Final = frozenset({"draft", "screened", "ineligible"})
"""Case states the receiving state never sees: the case has not been put to it."""


def hidden_case_states(actor: Actor | None) -> frozenset[str]:
    """Case states whose cases the actor's party may not see (lists and single reads)."""
    if actor is None or not can(actor, Action.CASE_READ):
        return frozenset({"*"})
    if actor.party_kind is PartyKind.RECEIVING:
        return PRE_NOMINATION_STATES
    return frozenset()


def may_see_case(actor: Actor | None, state: str) -> bool:
    """Whether the actor may see a case in this state."""
    hidden = hidden_case_states(actor)
    return "*" not in hidden and state not in hidden


def sees_only_people_put_to_it(actor: Actor | None) -> bool:
    """Whether the actor's party sees only people whose case was put to it (the receiving
    state); other parties allowed to read people see every person on record."""
    return actor is not None and actor.party_kind is PartyKind.RECEIVING
