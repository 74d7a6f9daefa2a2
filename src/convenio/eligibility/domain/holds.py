"""Legal holds (RULEBOOK "Legal holds"): when a hold is active and whom it matches.

``hold_is_active`` and ``hold_matches`` read one hold and one person as interchange dicts;
``hold_match_expression`` is the same test over the flat facts of a whole population.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import reduce
from typing import Any, Final

import polars as pl

from convenio.shared.dates import parse_instant
from convenio.shared.errors import InvalidInputError

HOLD_KINDS: Final = (
    "tro",
    "preliminary_injunction",
    "stay_of_removal",
    "court_order",
    "administrative_hold",
)
CLASS_CRITERIA: Final = (
    "citizenships",
    "us_status",
    "removal_basis",
    "designation_organizations",
    "nationality_not",
)
_HOLD_FIELDS: Final = {
    "hold_id": True,
    "kind": True,
    "court": False,
    "case_number": False,
    "issued_at": True,
    "expires_at": False,
    "lifted_at": False,
    "scope": True,
    "summary": False,
    "recorded_at": False,
    "recorded_by": False,
}

Hold = Mapping[str, Any]


def instant_of(value: object, *, field: str) -> datetime:
    """An aware datetime from a hold field (ISO text with an offset, or a datetime)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{field}: a datetime without offset")
        return value
    return parse_instant(str(value), field=field).at


def hold_is_active(hold: Hold, at: datetime) -> bool:
    """Active at ``at``: issued at or before it, and neither expired nor lifted by then."""
    if instant_of(hold["issued_at"], field="issued_at") > at:
        return False
    for name in ("expires_at", "lifted_at"):
        end = hold.get(name)
        if end is not None and instant_of(end, field=name) <= at:
            return False
    return True


def _dated(records: object, date_field: str, day: date) -> list[dict[str, Any]]:
    items = records if isinstance(records, list) else []
    return [r for r in items if str(r[date_field]) <= day.isoformat()]


def hold_matches(hold: Hold, person: Mapping[str, Any], as_of_date: date) -> bool:
    """Whether the hold's scope covers the person, ignoring records dated after the day."""
    scope = hold["scope"]
    if "person_ids" in scope:
        return person["person_id"] in scope["person_ids"]
    criteria: Mapping[str, Sequence[str]] = scope.get("class") or {}
    if not criteria:
        return False
    citizenships = set(person.get("citizenships") or [])
    facts = {
        "citizenships": bool(citizenships & set(criteria.get("citizenships", ()))),
        "us_status": person.get("us_status") in criteria.get("us_status", ()),
        "removal_basis": any(
            order["basis"] in criteria.get("removal_basis", ())
            for order in _dated(person.get("removal_orders"), "issued_on", as_of_date)
        ),
        "designation_organizations": any(
            d["organization"] in criteria.get("designation_organizations", ())
            for d in _dated(person.get("designations"), "designated_on", as_of_date)
        ),
        "nationality_not": not citizenships & set(criteria.get("nationality_not", ())),
    }
    return all(facts[name] for name in criteria)


def hold_match_expression(hold: Hold) -> pl.Expr:
    """The same match over flat facts (``citizenships``, ``removal_bases``, …)."""
    scope = hold["scope"]
    if "person_ids" in scope:
        return pl.col("person_id").is_in(list(scope["person_ids"]))
    criteria: Mapping[str, Sequence[str]] = scope.get("class") or {}
    if not criteria:
        return pl.lit(False)
    tests = {
        "citizenships": lambda v: _shares("citizenships", v),
        "us_status": lambda v: pl.col("us_status").is_in(v),
        "removal_basis": lambda v: _shares("removal_bases", v),
        "designation_organizations": lambda v: _shares("designation_organizations", v),
        "nationality_not": lambda v: ~_shares("citizenships", v),
    }
    parts = [tests[name](list(values)) for name, values in criteria.items()]
    return reduce(lambda a, b: a & b, parts)


def _shares(column: str, values: list[str]) -> pl.Expr:
    """Whether the person's list in ``column`` holds any of ``values``."""
    found = [pl.col(column).list.contains(value) for value in dict.fromkeys(values)]
    return reduce(lambda a, b: a | b, found, pl.lit(False)).fill_null(False)


def hold_problems(hold: object) -> list[str]:
    """Every problem of one interchange hold, each as ``FIELD: message``."""
    if not isinstance(hold, Mapping):
        return [f"hold: {hold!r} is not an object"]
    found = [f"{key}: unknown field" for key in hold if key not in _HOLD_FIELDS]
    found += [
        f"{k}: is required" for k, needed in _HOLD_FIELDS.items() if needed and hold.get(k) is None
    ]
    if hold.get("kind") is not None and hold["kind"] not in HOLD_KINDS:
        found.append(f"kind: {hold['kind']!r} is not one of {', '.join(HOLD_KINDS)}")
    for name in ("issued_at", "expires_at", "lifted_at", "recorded_at"):
        if hold.get(name) is not None:
            try:
                instant_of(hold[name], field=name)
            except (ValueError, InvalidInputError):
                found.append(f"{name}: {hold[name]!r} is not an instant with an offset")
    if hold.get("scope") is not None:
        found.extend(_scope_problems(hold["scope"]))
    return found


def _scope_problems(scope: object) -> list[str]:
    if (
        not isinstance(scope, dict)
        or len(scope) != 1
        or next(iter(scope))
        not in (
            "person_ids",
            "class",
        )
    ):
        return ['scope: must be exactly one of {"person_ids": [...]} or {"class": {...}}']
    ((kind, value),) = scope.items()
    if kind == "person_ids":
        return [] if _strings(value) else ["scope.person_ids: must be a list of strings"]
    if not isinstance(value, dict):
        return ["scope.class: must be an object"]
    found = [f"scope.class.{k}: unknown criterion" for k in value if k not in CLASS_CRITERIA]
    found += [
        f"scope.class.{k}: must be a list of strings"
        for k, v in value.items()
        if k in CLASS_CRITERIA and not _strings(v)
    ]
    return found


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
