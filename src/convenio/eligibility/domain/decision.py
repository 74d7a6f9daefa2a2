"""Decisions and their reasons (RULEBOOK "Output of a decision"), and explanations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from enum import StrEnum

from convenio.shared.dates import Instant
from convenio.shared.events import JsonValue


class DecisionKind(StrEnum):
    """The three outcomes of a screen."""

    ELIGIBLE = "eligible"
    REVIEW = "review"
    INELIGIBLE = "ineligible"


class Severity(StrEnum):
    """``block`` makes a decision ineligible; ``review`` asks a person to look."""

    BLOCK = "block"
    REVIEW = "review"


def utc_text(instant: Instant) -> str:
    """The instant in UTC, written with ``Z``."""
    return instant.utc.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that applies to the person, with why and on what authority."""

    code: str
    severity: str
    detail: str
    reference: str

    def to_json(self) -> dict[str, JsonValue]:
        """The reason as in RULEBOOK "Output of a decision"."""
        return {
            "code": self.code,
            "severity": self.severity,
            "detail": self.detail,
            "reference": self.reference,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """What the rulebook decides for one person at one instant."""

    person_id: str
    decision: DecisionKind
    category: str | None
    as_of: Instant
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in rulebook order."""
        return tuple(reason.code for reason in self.reasons)

    def to_json(self) -> dict[str, JsonValue]:
        """The decision as one line of ``decisions.jsonl``."""
        return {
            "person_id": self.person_id,
            "decision": str(self.decision),
            "category": self.category,
            "as_of": utc_text(self.as_of),
            "reasons": [reason.to_json() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class ParameterUse:
    """A parameter value in force on the as-of date, with its start and reference."""

    name: str
    value: int | bool
    effective_from: date
    reference: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleResult:
    """One rule for one person: whether it applies, what it looked at, what it used."""

    number: int
    code: str
    applies: bool
    severity: str
    facts: dict[str, JsonValue]
    parameters: tuple[ParameterUse, ...]
    detail: str | None
    reference: str

    @property
    def passed(self) -> bool:
        """The person passes the rule when it does not apply."""
        return not self.applies

    def to_json(self) -> dict[str, JsonValue]:
        """The rule result as plain JSON."""
        return {
            "number": self.number,
            "code": self.code,
            "passed": self.passed,
            "applies": self.applies,
            "severity": self.severity,
            "facts": self.facts,
            "parameters": [
                {
                    "name": p.name,
                    "value": p.value,
                    "effective_from": p.effective_from.isoformat(),
                    "reference": p.reference,
                }
                for p in self.parameters
            ],
            "detail": self.detail,
            "reference": self.reference,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    """A decision with every rule's result, in rulebook order."""

    decision: Decision
    as_of_date: date
    rules: tuple[RuleResult, ...]

    def to_json(self) -> dict[str, JsonValue]:
        """The explanation as plain JSON."""
        return {
            "decision": self.decision.to_json(),
            "as_of_date": self.as_of_date.isoformat(),
            "rules": [rule.to_json() for rule in self.rules],
        }
