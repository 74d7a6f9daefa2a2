"""The interchange shape of a person and of a hold (INTERCHANGE.md), declared once.

The declaration drives the Arrow schema of the fast reader, the per-line validator that names
``LINE:FIELD`` and the vectorized checks of a whole file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final


@dataclass(frozen=True, slots=True)
class Field:
    """One field and its kind: str, date, bool, int, enum, list or struct."""

    name: str
    kind: str
    required: bool = False
    choices: frozenset[str] = frozenset()
    items: Field | None = None
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    pattern: str | None = None
    max_length: int | None = None
    unique_ids: bool = False


def _s(name: str, *, required: bool = True) -> Field:
    return Field(name, "str", required)


def _d(name: str, *, required: bool = True) -> Field:
    return Field(name, "date", required)


def _b(name: str, *, required: bool = True) -> Field:
    return Field(name, "bool", required)


def _e(name: str, *choices: str, required: bool = True) -> Field:
    return Field(name, "enum", required, frozenset(choices))


def _records(name: str, *fields: Field) -> Field:
    item = Field(name, "struct", True, fields=(_s("id"), *fields))
    return Field(name, "list", False, items=item, unique_ids=True)


US_STATUSES: Final = [
    "citizen",
    "lpr",
    "refugee",
    "asylee",
    "tps",
    "parolee",
    "visa",
    "undocumented",
    "unknown",
]
REMOVAL_BASES: Final = ("ina_240", "expedited", "reinstatement", "stipulated", "aea")
CLAIM_KINDS: Final = ("asylum", "withholding", "cat", "cat_deferral", "fear_third_country")
CLAIM_STATUSES: Final = ("pending", "granted", "denied", "withdrawn")
DESIGNATION_BASES: Final = [
    "conviction",
    "court_finding",
    "self_admission",
    "tattoo",
    "clothing",
    "hand_signs",
    "social_media",
    "associates",
    "intelligence",
    "location",
]
HABEAS_STATUSES: Final = ("pending", "granted", "denied", "dismissed")

PERSON_FIELDS: Final[tuple[Field, ...]] = (
    Field("person_id", "str", True, max_length=64),
    Field("a_number", "str", pattern=r"A?\d{7,9}"),
    _s("fbi_number", required=False),
    _s("family_name"),
    _s("given_names"),
    _d("birth_date"),
    _e("sex", "F", "M", "X", required=False),
    Field("languages", "list", True, items=_s("languages"), min_items=1),
    Field("citizenships", "list", True, items=_s("citizenships")),
    _e("us_status", *US_STATUSES),
    _records(
        "convictions",
        _s("offense"),
        _s("offense_code", required=False),
        _s("jurisdiction"),
        _d("convicted_on"),
        _b("final"),
        _b("violent", required=False),
        Field("sentence", "struct", fields=(_d("start_on"), Field("days", "int", True))),
    ),
    _records("pending_charges", _s("offense"), _s("jurisdiction"), _d("filed_on")),
    _records(
        "removal_orders",
        _e("basis", *REMOVAL_BASES),
        _d("issued_on"),
        _b("final"),
        Field("countries", "list", True, items=_s("countries")),
    ),
    _records(
        "protection_claims",
        _e("kind", *CLAIM_KINDS),
        _s("country"),
        _d("filed_on"),
        _e("status", *CLAIM_STATUSES),
        _d("decided_on", required=False),
    ),
    _records(
        "designations",
        _s("organization"),
        Field("basis", "list", True, items=_e("basis", *DESIGNATION_BASES)),
        _b("adjudicated"),
        _d("designated_on"),
        Field("points", "int"),
    ),
    _records("notices", _d("served_on"), _s("language"), _b("explains_how_to_contest")),
    _records(
        "habeas_petitions",
        _s("court"),
        _s("case_number"),
        _d("filed_on"),
        _e("status", *HABEAS_STATUSES),
    ),
    _records("medical_assessments", _d("assessed_on"), _b("fit_to_travel")),
    _b("consent", required=False),
)

PERSON: Final = Field("person", "struct", True, fields=PERSON_FIELDS)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def problems(value: object, spec: Field = PERSON, path: str = "") -> list[str]:
    """Every problem of one interchange object, each as ``FIELD: message``."""
    if value is None:
        return [f"{path or spec.name}: is required"] if spec.required else []
    checker = _CHECKS[spec.kind]
    return checker(value, spec, path or spec.name)


def _check_str(value: object, spec: Field, path: str) -> list[str]:
    if not isinstance(value, str):
        return [f"{path}: {value!r} is not a string"]
    if spec.max_length is not None and not 1 <= len(value) <= spec.max_length:
        return [f"{path}: must have 1 to {spec.max_length} characters"]
    if spec.pattern is not None and not re.fullmatch(spec.pattern, value):
        return [f"{path}: {value!r} does not match {spec.pattern}"]
    return []


def _check_enum(value: object, spec: Field, path: str) -> list[str]:
    if not isinstance(value, str) or value not in spec.choices:
        return [f"{path}: {value!r} is not one of {', '.join(sorted(spec.choices))}"]
    return []


def _check_date(value: object, spec: Field, path: str) -> list[str]:
    del spec
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return []
    return [f"{path}: {value!r} is not a date"]


def _check_bool(value: object, spec: Field, path: str) -> list[str]:
    del spec
    return [] if isinstance(value, bool) else [f"{path}: {value!r} is not true or false"]


def _check_int(value: object, spec: Field, path: str) -> list[str]:
    del spec
    ok = isinstance(value, int) and not isinstance(value, bool)
    return [] if ok else [f"{path}: {value!r} is not an integer"]


def _check_list(value: object, spec: Field, path: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{path}: {value!r} is not a list"]
    if len(value) < spec.min_items:
        return [f"{path}: needs at least {spec.min_items} item(s)"]
    assert spec.items is not None
    found: list[str] = []
    for index, item in enumerate(value):
        found.extend(problems(item, spec.items, f"{path}[{index}]"))
    if spec.unique_ids and not found:
        ids = [item.get("id") for item in value]
        if len(set(ids)) != len(ids):
            found.append(f"{path}: ids are not unique within the person")
    return found


def _check_struct(value: object, spec: Field, path: str) -> list[str]:
    if not isinstance(value, Mapping):
        return [f"{path}: {value!r} is not an object"]
    known = {f.name for f in spec.fields}
    prefix = "" if spec is PERSON else f"{path}."
    found = [f"{prefix}{key}: unknown field" for key in value if key not in known]
    for field in spec.fields:
        found.extend(problems(value.get(field.name), field, f"{prefix}{field.name}"))
    return found


_CHECKS = {
    "str": _check_str,
    "enum": _check_enum,
    "date": _check_date,
    "bool": _check_bool,
    "int": _check_int,
    "list": _check_list,
    "struct": _check_struct,
}
