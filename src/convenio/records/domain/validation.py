"""Validation of a person of the interchange format, field by field.

``validate_person`` takes a parsed JSON value and returns the validated person (the same
dict, normalised in place: A-number as ``A`` + 9 digits, nested optional fields given as
``null`` dropped) and the problems found, each as ``(field path, message)`` with paths like
``convictions[0].convicted_on``. It is written for speed: a million people go through it in
a bulk import, so paths and messages are only built when something is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, TypeAlias

from convenio.records.domain import model
from convenio.records.domain.checks import (
    A_NUMBER,
    COUNT_MAX,
    ID_MAX,
    LINE_FIELD,
    TEXT_MAX,
    Check,
    Problem,
    check_a_number,
    check_any_text,
    check_bool,
    check_count,
    check_country,
    check_date,
    check_id,
    check_language,
    check_text,
    describe,
    one_of,
    shown,
)

REQUIRED: Final = 0
OPTIONAL: Final = 1  # may be absent; an explicit null is kept (top-level scalars)
OPTIONAL_DROP_NULL: Final = 2  # may be absent; an explicit null means absent (nested fields)
OPTIONAL_NOT_NULL: Final = 3  # may be absent; null is refused (lists)

Checker: TypeAlias = "Check | CodeList | RecordList | ObjectSpec"
Spec: TypeAlias = "dict[str, tuple[int, Checker]]"


@dataclass(frozen=True, slots=True)
class CodeList:
    """A list of codes (languages, countries, designation bases), without repeats."""

    item: Check
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class RecordList:
    """A list of records (objects) of one kind."""

    spec: Spec


@dataclass(frozen=True, slots=True)
class ObjectSpec:
    """A nested object (a conviction's sentence)."""

    spec: Spec


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


Nested = Callable[[object, str, list[Problem]], None]
_MISSING: Final = object()


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A spec made ready for the hot loop: field tuples and the set of known names."""

    names: frozenset[str]
    scalars: tuple[tuple[str, int, Check], ...]
    nested: tuple[tuple[str, int, Nested], ...]


def _compile(spec: Spec) -> _Compiled:
    scalars: list[tuple[str, int, Check]] = []
    nested: list[tuple[str, int, Nested]] = []
    for name, (mode, checker) in spec.items():
        if isinstance(checker, RecordList):
            nested.append((name, mode, _records_checker(_compile(checker.spec))))
        elif isinstance(checker, CodeList):
            nested.append((name, mode, _codes_checker(checker)))
        elif isinstance(checker, ObjectSpec):
            nested.append((name, mode, _object_checker(_compile(checker.spec))))
        else:
            scalars.append((name, mode, checker))
    return _Compiled(frozenset(spec), tuple(scalars), tuple(nested))


def _absent(
    value: dict[str, object], name: str, mode: int, path: str, problems: list[Problem]
) -> None:
    """Handle a field that is missing or null."""
    if name not in value:
        if mode == REQUIRED:
            problems.append((_join(path, name), "required field is missing"))
    elif mode == OPTIONAL_DROP_NULL:
        del value[name]
    elif mode != OPTIONAL:
        problems.append((_join(path, name), "must not be null"))


def _check_object(value: object, spec: _Compiled, path: str, problems: list[Problem]) -> None:
    if type(value) is not dict:
        problems.append((path or LINE_FIELD, f"expected an object, got {describe(value)}"))
        return
    if not spec.names.issuperset(value):
        for key in value:
            if key not in spec.names:
                name = _join(path, str(key)[:ID_MAX])
                problems.append((name, "unknown field; check its spelling against INTERCHANGE.md"))
    get = value.get
    for name, mode, check in spec.scalars:
        item = get(name)
        if item is None:
            _absent(value, name, mode, path, problems)
            continue
        message = check(item)
        if message is not None:
            problems.append((_join(path, name), message))
    for name, mode, nested in spec.nested:
        item = get(name)
        if item is None:
            _absent(value, name, mode, path, problems)
            continue
        nested(item, _join(path, name), problems)


def _object_checker(spec: _Compiled) -> Nested:
    def check(value: object, path: str, problems: list[Problem]) -> None:
        _check_object(value, spec, path, problems)

    return check


def _records_checker(spec: _Compiled) -> Nested:
    def check(value: object, path: str, problems: list[Problem]) -> None:
        if type(value) is not list:
            problems.append((path, f"expected an array, got {describe(value)}"))
            return
        for index, item in enumerate(value):
            _check_object(item, spec, f"{path}[{index}]", problems)

    return check


def _codes_checker(codes: CodeList) -> Nested:
    def check(value: object, path: str, problems: list[Problem]) -> None:
        if type(value) is not list:
            problems.append((path, f"expected an array, got {describe(value)}"))
            return
        if len(value) < codes.min_items:
            problems.append((path, f"needs at least {codes.min_items} item(s)"))
        seen: set[object] = set()
        for index, item in enumerate(value):
            message = codes.item(item)
            if message is not None:
                problems.append((f"{path}[{index}]", message))
            elif item in seen:
                problems.append((f"{path}[{index}]", f"{shown(item)} is listed twice"))
            else:
                seen.add(item)

    return check


SENTENCE: Final[Spec] = {"start_on": (REQUIRED, check_date), "days": (REQUIRED, check_count)}

RECORD_SPECS: Final[dict[str, Spec]] = {
    "convictions": {
        "id": (REQUIRED, check_id),
        "offense": (REQUIRED, check_text),
        "offense_code": (OPTIONAL_DROP_NULL, check_text),
        "jurisdiction": (REQUIRED, check_text),
        "convicted_on": (REQUIRED, check_date),
        "final": (REQUIRED, check_bool),
        "violent": (OPTIONAL_DROP_NULL, check_bool),
        "sentence": (OPTIONAL_DROP_NULL, ObjectSpec(SENTENCE)),
    },
    "pending_charges": {
        "id": (REQUIRED, check_id),
        "offense": (REQUIRED, check_text),
        "jurisdiction": (REQUIRED, check_text),
        "filed_on": (REQUIRED, check_date),
    },
    "removal_orders": {
        "id": (REQUIRED, check_id),
        "basis": (REQUIRED, one_of(model.REMOVAL_BASES)),
        "issued_on": (REQUIRED, check_date),
        "final": (REQUIRED, check_bool),
        "countries": (REQUIRED, CodeList(check_country)),
    },
    "protection_claims": {
        "id": (REQUIRED, check_id),
        "kind": (REQUIRED, one_of(model.CLAIM_KINDS)),
        "country": (REQUIRED, check_country),
        "filed_on": (REQUIRED, check_date),
        "status": (REQUIRED, one_of(model.CLAIM_STATUSES)),
        "decided_on": (OPTIONAL_DROP_NULL, check_date),
    },
    "designations": {
        "id": (REQUIRED, check_id),
        "organization": (REQUIRED, check_text),
        "basis": (REQUIRED, CodeList(one_of(model.DESIGNATION_BASES), min_items=1)),
        "adjudicated": (REQUIRED, check_bool),
        "designated_on": (REQUIRED, check_date),
        "points": (OPTIONAL_DROP_NULL, check_count),
    },
    "notices": {
        "id": (REQUIRED, check_id),
        "served_on": (REQUIRED, check_date),
        "language": (REQUIRED, check_language),
        "explains_how_to_contest": (REQUIRED, check_bool),
    },
    "habeas_petitions": {
        "id": (REQUIRED, check_id),
        "court": (REQUIRED, check_text),
        "case_number": (REQUIRED, check_text),
        "filed_on": (REQUIRED, check_date),
        "status": (REQUIRED, one_of(model.HABEAS_STATUSES)),
    },
    "medical_assessments": {
        "id": (REQUIRED, check_id),
        "assessed_on": (REQUIRED, check_date),
        "fit_to_travel": (REQUIRED, check_bool),
    },
}

PERSON_SPEC: Final[Spec] = {
    "person_id": (REQUIRED, check_id),
    "a_number": (OPTIONAL, check_a_number),
    "fbi_number": (OPTIONAL, check_text),
    "family_name": (REQUIRED, check_text),
    "given_names": (REQUIRED, check_any_text),
    "birth_date": (REQUIRED, check_date),
    "sex": (OPTIONAL, one_of(model.SEXES)),
    "languages": (REQUIRED, CodeList(check_language, min_items=1)),
    "citizenships": (REQUIRED, CodeList(check_country)),
    "us_status": (REQUIRED, one_of(model.US_STATUSES)),
    **{name: (OPTIONAL_NOT_NULL, RecordList(spec)) for name, spec in RECORD_SPECS.items()},
    "consent": (OPTIONAL, check_bool),
}


_PERSON: Final = _compile(PERSON_SPEC)


def normalise_a_number(text: str) -> str:
    """``A`` followed by 9 digits (``A12345678`` and ``12345678`` give ``A012345678``).

    Raises:
        ValueError: the text is not an A-number.
    """
    match = A_NUMBER.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not an A-number")
    return "A" + match.group(1).zfill(9)


def validate_person(value: object) -> tuple[dict[str, object] | None, list[Problem]]:
    """Check a parsed JSON value against INTERCHANGE.md.

    Args:
        value: one parsed line of a people file.

    Returns:
        The person normalised in place (``None`` if ``value`` is not an object) and the
        problems found, as ``(field path, message)``; the person is valid if there are none.
    """
    problems: list[Problem] = []
    _check_object(value, _PERSON, "", problems)
    if type(value) is not dict:
        return None, problems
    if not problems:
        _check_item_ids(value, problems)
    a_number = value.get("a_number")
    if type(a_number) is str and not problems:
        value["a_number"] = normalise_a_number(a_number)
    return value, problems


def _check_item_ids(person: dict[str, object], problems: list[Problem]) -> None:
    """Ids inside the record lists are unique within the person (across all lists)."""
    lists: list[tuple[str, list[dict[str, object]]]] = [
        (name, items)  # type: ignore[misc]
        for name in model.RECORD_LISTS
        if (items := person.get(name))
    ]
    ids = [item["id"] for _, items in lists for item in items]
    if len(ids) == len(set(ids)):
        return
    seen: dict[object, str] = {}
    for name, items in lists:
        for index, item in enumerate(items):
            item_id = item["id"]
            if item_id in seen:
                problems.append(
                    (f"{name}[{index}].id", f"{shown(item_id)} is already used by {seen[item_id]}")
                )
            else:
                seen[item_id] = f"{name}[{index}]"


__all__ = ["COUNT_MAX", "ID_MAX", "LINE_FIELD", "TEXT_MAX", "Problem", "validate_person"]
