"""A legal hold as in INTERCHANGE.md: a court order that stops transfers of whom it names.

The hold itself never changes once recorded; lifting it is a separate record (a ``Lift``).
Whether a hold is active and whom it matches is decided by the eligibility rules
(RULEBOOK "Legal holds"); this module only reads and checks the interchange form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from convenio.shared.dates import Instant, parse_instant
from convenio.shared.errors import InvalidInputError
from convenio.shared.events import JsonValue


class HoldKind(StrEnum):
    """The kinds of order INTERCHANGE.md knows."""

    TRO = "tro"
    PRELIMINARY_INJUNCTION = "preliminary_injunction"
    STAY_OF_REMOVAL = "stay_of_removal"
    COURT_ORDER = "court_order"
    ADMINISTRATIVE_HOLD = "administrative_hold"


CLASS_CRITERIA: Final = frozenset(
    {"citizenships", "us_status", "removal_basis", "designation_organizations", "nationality_not"}
)
Problem = Callable[[str, str], None]
REQUIRED_FIELDS: Final = (
    "hold_id",
    "kind",
    "court",
    "case_number",
    "issued_at",
    "scope",
    "summary",
)
OPTIONAL_FIELDS: Final = ("expires_at", "lifted_at", "recorded_at")


@dataclass(frozen=True, slots=True, kw_only=True)
class Hold:
    """A hold as recorded: the order's terms, never edited afterwards."""

    hold_id: str
    kind: HoldKind
    court: str
    case_number: str
    issued_at: Instant
    expires_at: Instant | None
    scope: Mapping[str, JsonValue]
    summary: str
    lifted_at: Instant | None = None

    @property
    def is_class(self) -> bool:
        """Whether the hold names a class of people rather than persons."""
        return "class" in self.scope

    def terms(self) -> dict[str, JsonValue]:
        """The immutable terms in interchange form (without lifting and recording)."""
        return {
            "hold_id": self.hold_id,
            "kind": self.kind.value,
            "court": self.court,
            "case_number": self.case_number,
            "issued_at": self.issued_at.isoformat(),
            "expires_at": None if self.expires_at is None else self.expires_at.isoformat(),
            "scope": dict(self.scope),
            "summary": self.summary,
        }


def parse_hold(raw: object, *, line: int | None = None) -> Hold:
    """Read one hold in interchange form.

    Args:
        raw: the decoded JSON object.
        line: the line number in its file, used in the messages.

    Raises:
        InvalidInputError: listing every problem as ``LINE:FIELD: message``.
    """
    problems: list[str] = []
    where = "" if line is None else f"{line}:"
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"{where}hold: a hold must be a JSON object", problems=[])

    def problem(field: str, message: str) -> None:
        problems.append(f"{where}{field}: {message}")

    for key in raw:
        if key not in REQUIRED_FIELDS and key not in OPTIONAL_FIELDS:
            problem(str(key), "unknown field")
    texts = {name: _text(raw, name, problem) for name in ("hold_id", "court", "case_number")}
    summary = _text(raw, "summary", problem, allow_empty=True)
    kind = _kind(raw.get("kind"), problem)
    issued_at = _instant(raw.get("issued_at"), "issued_at", problem, required=True)
    expires_at = _instant(raw.get("expires_at"), "expires_at", problem, required=False)
    lifted_at = _instant(raw.get("lifted_at"), "lifted_at", problem, required=False)
    scope = _scope(raw.get("scope"), problem)
    if len(texts["hold_id"]) > 64:
        problem("hold_id", "longer than 64 characters")
    if problems or kind is None or issued_at is None or scope is None:
        raise InvalidInputError("; ".join(problems), problems=problems)
    return Hold(
        hold_id=texts["hold_id"],
        kind=kind,
        court=texts["court"],
        case_number=texts["case_number"],
        issued_at=issued_at,
        expires_at=expires_at,
        scope=scope,
        summary=summary,
        lifted_at=lifted_at,
    )


def _text(
    raw: Mapping[str, object], name: str, problem: Problem, *, allow_empty: bool = False
) -> str:
    value = raw.get(name)
    if name not in raw:
        problem(name, "missing")
        return ""
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        problem(name, f"{value!r} is not a non-empty string")
        return ""
    return value


def _kind(value: object, problem: Problem) -> HoldKind | None:
    if isinstance(value, str) and value in {k.value for k in HoldKind}:
        return HoldKind(value)
    allowed = ", ".join(k.value for k in HoldKind)
    problem("kind", f"{value!r} is not one of {allowed}")
    return None


def _instant(value: object, name: str, problem: Problem, *, required: bool) -> Instant | None:
    if value is None:
        if required:
            problem(name, "missing")
        return None
    if not isinstance(value, str) or len(value) == 10:
        problem(name, f"{value!r} is not an instant with an offset")
        return None
    try:
        return parse_instant(value, field=name)
    except InvalidInputError as error:
        problem(name, error.message.split(": ", 1)[-1])
        return None


def _scope(value: object, problem: Problem) -> dict[str, JsonValue] | None:
    if not isinstance(value, Mapping) or len(value) != 1:
        problem("scope", 'must be exactly one of {"person_ids": [...]} or {"class": {...}}')
        return None
    ((key, body),) = value.items()
    if key == "person_ids":
        if not _string_list(body) or not body:
            problem("scope.person_ids", "must be a non-empty list of person ids")
            return None
        return {"person_ids": list(body)}
    if key == "class":
        return _class_scope(body, problem)
    problem("scope", f"{key!r} is not a scope; use person_ids or class")
    return None


def _class_scope(body: object, problem: Problem) -> dict[str, JsonValue] | None:
    if not isinstance(body, Mapping):
        problem("scope.class", "must be an object of criteria")
        return None
    criteria: dict[str, JsonValue] = {}
    for name, items in body.items():
        if name not in CLASS_CRITERIA:
            problem(
                f"scope.class.{name}", f"unknown criterion; use {', '.join(sorted(CLASS_CRITERIA))}"
            )
        elif not _string_list(items):
            problem(f"scope.class.{name}", "must be a list of strings")
        else:
            criteria[str(name)] = list(items)
    return {"class": criteria}


def _string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)
