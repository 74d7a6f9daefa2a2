"""A quick yes/no check for the common case: a person that is valid as given.

``validation.validate_person`` names every problem, which costs a function call per field;
a bulk import of a million people mostly meets valid ones. ``is_plainly_valid`` answers
"valid, and nothing to normalise" with inline tests; on ``False`` (a problem, or a null to
drop, or an A-number to pad) the full validation runs and decides. It is never looser than
the full validation: the bad-input tests go through both.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from convenio.records.domain import model
from convenio.records.domain.checks import COUNT_MAX, ID_MAX, TEXT_MAX
from convenio.records.domain.codes import COUNTRIES, LANGUAGES

_GOOD_DATES: set[str] = set()
_DATES_KEPT: Final = 50_000
_US_STATUSES: Final = frozenset(model.US_STATUSES)
_SEXES: Final = frozenset(model.SEXES)
_BASES: Final = frozenset(model.REMOVAL_BASES)
_KINDS: Final = frozenset(model.CLAIM_KINDS)
_CLAIM_STATUSES: Final = frozenset(model.CLAIM_STATUSES)
_DESIGNATION_BASES: Final = frozenset(model.DESIGNATION_BASES)
_HABEAS_STATUSES: Final = frozenset(model.HABEAS_STATUSES)
_DIGITS: Final = frozenset("0123456789")


def _date(value: Any) -> bool:
    if type(value) is not str:
        return False
    if value in _GOOD_DATES:
        return True
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return False
    if not _DIGITS.issuperset(value[:4] + value[5:7] + value[8:]):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    if len(_GOOD_DATES) < _DATES_KEPT:
        _GOOD_DATES.add(value)
    return True


def _id(value: Any) -> bool:
    return (
        type(value) is str
        and 0 < len(value) <= ID_MAX
        and "\x00" not in value
        and not value.isspace()
    )


def _text(value: Any) -> bool:
    return (
        type(value) is str
        and 0 < len(value) <= TEXT_MAX
        and "\x00" not in value
        and not value.isspace()
    )


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value <= COUNT_MAX


def _member(value: Any, allowed: frozenset[Any]) -> bool:
    return type(value) is str and value in allowed


def _codes(values: Any, allowed: frozenset[str], min_items: int) -> bool:
    # Only strings equal the strings of ``allowed``; an unhashable item is not a code.
    if type(values) is not list or len(values) < min_items:
        return False
    try:
        return allowed.issuperset(values) and len(set(values)) == len(values)
    except TypeError:
        return False


def _conviction(item: Any) -> bool:
    if type(item) is not dict:
        return False
    sentence = item.get("sentence")
    optional = ("offense_code" in item) + ("violent" in item) + (sentence is not None)
    return (
        len(item) == 5 + optional
        and _id(item.get("id"))
        and _text(item.get("offense"))
        and ("offense_code" not in item or _text(item["offense_code"]))
        and _text(item.get("jurisdiction"))
        and _date(item.get("convicted_on"))
        and type(item.get("final")) is bool
        and ("violent" not in item or type(item["violent"]) is bool)
        and (sentence is None or _sentence(sentence))
    )


def _sentence(value: Any) -> bool:
    return (
        type(value) is dict
        and len(value) == 2
        and _date(value.get("start_on"))
        and _count(value.get("days"))
    )


def _charge(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 4
        and _id(item.get("id"))
        and _text(item.get("offense"))
        and _text(item.get("jurisdiction"))
        and _date(item.get("filed_on"))
    )


def _removal_order(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 5
        and _id(item.get("id"))
        and _member(item.get("basis"), _BASES)
        and _date(item.get("issued_on"))
        and type(item.get("final")) is bool
        and _codes(item.get("countries"), COUNTRIES, 0)
    )


def _claim(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 5 + ("decided_on" in item)
        and _id(item.get("id"))
        and _member(item.get("kind"), _KINDS)
        and _member(item.get("country"), COUNTRIES)
        and _date(item.get("filed_on"))
        and _member(item.get("status"), _CLAIM_STATUSES)
        and ("decided_on" not in item or _date(item["decided_on"]))
    )


def _designation(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 5 + ("points" in item)
        and _id(item.get("id"))
        and _text(item.get("organization"))
        and _codes(item.get("basis"), _DESIGNATION_BASES, 1)
        and type(item.get("adjudicated")) is bool
        and _date(item.get("designated_on"))
        and ("points" not in item or _count(item["points"]))
    )


def _notice(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 4
        and _id(item.get("id"))
        and _date(item.get("served_on"))
        and _member(item.get("language"), LANGUAGES)
        and type(item.get("explains_how_to_contest")) is bool
    )


def _habeas(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 5
        and _id(item.get("id"))
        and _text(item.get("court"))
        and _text(item.get("case_number"))
        and _date(item.get("filed_on"))
        and _member(item.get("status"), _HABEAS_STATUSES)
    )


def _medical(item: Any) -> bool:
    return (
        type(item) is dict
        and len(item) == 3
        and _id(item.get("id"))
        and _date(item.get("assessed_on"))
        and type(item.get("fit_to_travel")) is bool
    )


_RECORDS: Final = {
    "convictions": _conviction,
    "pending_charges": _charge,
    "removal_orders": _removal_order,
    "protection_claims": _claim,
    "designations": _designation,
    "notices": _notice,
    "habeas_petitions": _habeas,
    "medical_assessments": _medical,
}


def _a_number(value: Any) -> bool:
    return (
        type(value) is str
        and len(value) == 10
        and value[0] == "A"
        and value[1:].isdigit()
        and value[1:].isascii()
    )


def _top(person: dict[str, Any]) -> bool:
    return (
        _id(person.get("person_id"))
        and (
            "a_number" not in person or person["a_number"] is None or _a_number(person["a_number"])
        )
        and (
            "fbi_number" not in person
            or person["fbi_number"] is None
            or _text(person["fbi_number"])
        )
        and _text(person.get("family_name"))
        and type(person.get("given_names")) is str
        and len(person["given_names"]) <= TEXT_MAX
        and "\x00" not in person["given_names"]
        and _date(person.get("birth_date"))
        and (person.get("sex") is None or _member(person["sex"], _SEXES))
        and _codes(person.get("languages"), LANGUAGES, 1)
        and _codes(person.get("citizenships"), COUNTRIES, 0)
        and _member(person.get("us_status"), _US_STATUSES)
        and (
            "consent" not in person or person["consent"] is None or type(person["consent"]) is bool
        )
    )


def is_plainly_valid(person: Any) -> bool:
    """Whether ``person`` is valid and already normalised (``False`` means: look closer)."""
    if type(person) is not dict or not model.PERSON_FIELDS.issuperset(person):
        return False
    if not _top(person):
        return False
    ids: list[Any] = []
    for name, check in _RECORDS.items():
        items = person.get(name)
        if items is None:
            if name in person:
                return False
            continue
        if type(items) is not list:
            return False
        for item in items:
            if not check(item):
                return False
            ids.append(item["id"])
    return len(ids) == len(set(ids))
