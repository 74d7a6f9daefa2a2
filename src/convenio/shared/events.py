"""Domain events: what happened, when, by whom, for which party. Each becomes a ledger leaf."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

JsonScalar = str | int | bool | None
JsonValue = JsonScalar | Sequence["JsonValue"] | Mapping[str, "JsonValue"]

SYSTEM_ACTOR = "system"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A fact worth proving later. ``data`` holds plain JSON values (no floats)."""

    type: str
    at: datetime
    actor: str
    party: str
    data: Mapping[str, JsonValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("event instants must be timezone-aware")

    def as_leaf_object(self) -> dict[str, JsonValue]:
        """The object that canonical JSON turns into a ledger leaf."""
        at = self.at.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return {
            "type": self.type,
            "at": at,
            "actor": self.actor,
            "party": self.party,
            "data": dict(self.data),
        }
