"""A valid person <-> table rows (tuples in the column order of ``adapters.sql``).

Dates are kept as the ``YYYY-MM-DD`` text of the file on the way in (both databases read it
as a date) and come back as ``date`` objects on the way out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Final

from convenio.records.domain.model import RECORD_LISTS, presence_mask, present_fields

Row = tuple[Any, ...]
Person = dict[str, Any]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _optional(item: Person, **values: Any) -> Person:
    for key, value in values.items():
        if value is not None:
            item[key] = value
    return item


def _conviction_row(item: Person) -> Row:
    sentence = item.get("sentence")
    return (
        item["id"],
        item["offense"],
        item.get("offense_code"),
        item["jurisdiction"],
        item["convicted_on"],
        item["final"],
        item.get("violent"),
        sentence["start_on"] if sentence else None,
        sentence["days"] if sentence else None,
    )


def _conviction(row: Sequence[Any]) -> Person:
    item_id, offense, code, jurisdiction, convicted_on, final, violent, start, days = row
    item: Person = {"id": item_id, "offense": offense}
    _optional(item, offense_code=code)
    item.update(jurisdiction=jurisdiction, convicted_on=_iso(convicted_on), final=final)
    _optional(item, violent=violent)
    if start is not None:
        item["sentence"] = {"start_on": _iso(start), "days": days}
    return item


def _claim(row: Sequence[Any]) -> Person:
    item_id, kind, country, filed_on, status, decided_on = row
    item: Person = {
        "id": item_id,
        "kind": kind,
        "country": country,
        "filed_on": _iso(filed_on),
        "status": status,
    }
    return _optional(item, decided_on=_iso(decided_on))


def _designation(row: Sequence[Any]) -> Person:
    item_id, organization, basis, adjudicated, designated_on, points = row
    item: Person = {
        "id": item_id,
        "organization": organization,
        "basis": basis.split(","),
        "adjudicated": adjudicated,
        "designated_on": _iso(designated_on),
    }
    return _optional(item, points=points)


def _plain(*names: str) -> Callable[[Sequence[Any]], Person]:
    def build(row: Sequence[Any]) -> Person:
        return {name: _iso(value) for name, value in zip(names, row, strict=True)}

    return build


def _removal_order(row: Sequence[Any]) -> Person:
    item_id, basis, issued_on, final, countries = row
    return {
        "id": item_id,
        "basis": basis,
        "issued_on": _iso(issued_on),
        "final": final,
        "countries": countries.split(",") if countries else [],
    }


TO_ROW: Final[dict[str, Callable[[Person], Row]]] = {
    "convictions": _conviction_row,
    "pending_charges": lambda i: (i["id"], i["offense"], i["jurisdiction"], i["filed_on"]),
    "removal_orders": lambda i: (
        i["id"],
        i["basis"],
        i["issued_on"],
        i["final"],
        ",".join(i["countries"]),
    ),
    "protection_claims": lambda i: (
        i["id"],
        i["kind"],
        i["country"],
        i["filed_on"],
        i["status"],
        i.get("decided_on"),
    ),
    "designations": lambda i: (
        i["id"],
        i["organization"],
        ",".join(i["basis"]),
        i["adjudicated"],
        i["designated_on"],
        i.get("points"),
    ),
    "notices": lambda i: (i["id"], i["served_on"], i["language"], i["explains_how_to_contest"]),
    "habeas_petitions": lambda i: (
        i["id"],
        i["court"],
        i["case_number"],
        i["filed_on"],
        i["status"],
    ),
    "medical_assessments": lambda i: (i["id"], i["assessed_on"], i["fit_to_travel"]),
}

FROM_ROW: Final[dict[str, Callable[[Sequence[Any]], Person]]] = {
    "convictions": _conviction,
    "pending_charges": _plain("id", "offense", "jurisdiction", "filed_on"),
    "removal_orders": _removal_order,
    "protection_claims": _claim,
    "designations": _designation,
    "notices": _plain("id", "served_on", "language", "explains_how_to_contest"),
    "habeas_petitions": _plain("id", "court", "case_number", "filed_on", "status"),
    "medical_assessments": _plain("id", "assessed_on", "fit_to_travel"),
}


class RowBatch:
    """Rows for every table of the context, gathered for one bulk write."""

    def __init__(self) -> None:
        self.persons: list[Row] = []
        self.citizenships: list[Row] = []
        self.languages: list[Row] = []
        self.records: dict[str, list[Row]] = {name: [] for name in RECORD_LISTS}

    def add(self, person: Person, content_hash: str, imported_at: str) -> None:
        """Add the rows of one valid person."""
        pid = person["person_id"]
        self.persons.append(
            (
                pid,
                person.get("a_number"),
                person.get("fbi_number"),
                person["family_name"],
                person["given_names"],
                person["birth_date"],
                person.get("sex"),
                person["us_status"],
                person.get("consent"),
                presence_mask(person),
                content_hash,
                imported_at,
            )
        )
        self.citizenships.extend((pid, n, c) for n, c in enumerate(person["citizenships"]))
        self.languages.extend((pid, n, c) for n, c in enumerate(person["languages"]))
        for name in RECORD_LISTS:
            items = person.get(name)
            if items:
                to_row = TO_ROW[name]
                self.records[name].extend((pid, n, *to_row(item)) for n, item in enumerate(items))


def person_from_rows(
    row: Sequence[Any],
    citizenships: list[str],
    languages: list[str],
    records: dict[str, list[Person]],
) -> Person:
    """The interchange dict of a person from its stored rows (person row without its key
    columns' order changed: person_id ... imported_at)."""
    (pid, a_number, fbi, family, given, birth, sex, status, consent, mask) = row[:10]
    present = set(present_fields(mask))
    person: Person = {"person_id": pid}
    scalars = {"a_number": a_number, "fbi_number": fbi}
    person.update((k, v) for k, v in scalars.items() if k in present)
    person.update(family_name=family, given_names=given, birth_date=_iso(birth))
    if "sex" in present:
        person["sex"] = sex
    person.update(languages=languages, citizenships=citizenships, us_status=status)
    for name in RECORD_LISTS:
        if name in present:
            person[name] = records.get(name, [])
    if "consent" in present:
        person["consent"] = consent
    return person
