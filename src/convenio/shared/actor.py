"""Who acts: a user (or the system) of a party, with roles. Built by ``access``, used by all."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles of DESIGN.md "Who uses it"."""

    CASE_OFFICER = "case_officer"
    LEGAL_REVIEWER = "legal_reviewer"
    TRANSPORT_COORDINATOR = "transport_coordinator"
    RECEIVING_OFFICER = "receiving_officer"
    FINANCE_OFFICER = "finance_officer"
    MONITOR = "monitor"
    ADMINISTRATOR = "administrator"
    SYSTEM = "system"


class PartyKind(StrEnum):
    """Which side an actor is on."""

    SENDING = "sending"
    RECEIVING = "receiving"
    MONITOR = "monitor"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A signed-in user (or the system itself) acting for a party."""

    id: str
    party: str
    party_kind: PartyKind
    roles: frozenset[Role]
    name: str = ""

    def has(self, role: Role) -> bool:
        """Whether the actor holds a role."""
        return role in self.roles


SYSTEM_ACTOR = Actor(
    id="system",
    party="system",
    party_kind=PartyKind.SYSTEM,
    roles=frozenset({Role.SYSTEM}),
    name="Convenio",
)
