"""Builders of valid persons and people files for the records tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson

FULL_PERSON: dict[str, Any] = {
    "person_id": "T-1",
    "a_number": "A201234567",
    "fbi_number": "123456AB7",
    "family_name": "Rojas Medina",
    "given_names": "Luis Alberto",
    "birth_date": "1994-07-12",
    "sex": "M",
    "languages": ["es", "en"],
    "citizenships": ["VE"],
    "us_status": "undocumented",
    "convictions": [
        {
            "id": "C1",
            "offense": "Aggravated assault",
            "offense_code": "TX PC 22.02",
            "jurisdiction": "US-TX",
            "convicted_on": "2022-05-03",
            "final": True,
            "violent": True,
            "sentence": {"start_on": "2022-05-03", "days": 730},
        },
        {
            "id": "C2",
            "offense": "Theft",
            "jurisdiction": "US-TX",
            "convicted_on": "2019-01-03",
            "final": False,
        },
    ],
    "pending_charges": [
        {"id": "PC1", "offense": "Theft", "jurisdiction": "US-FL", "filed_on": "2024-12-01"}
    ],
    "removal_orders": [
        {"id": "R1", "basis": "aea", "issued_on": "2025-03-14", "final": True, "countries": ["SV"]}
    ],
    "protection_claims": [
        {
            "id": "P1",
            "kind": "withholding",
            "country": "SV",
            "filed_on": "2019-04-01",
            "status": "granted",
            "decided_on": "2019-10-10",
        }
    ],
    "designations": [
        {
            "id": "D1",
            "organization": "Tren de Aragua",
            "basis": ["tattoo", "clothing"],
            "adjudicated": False,
            "designated_on": "2025-03-12",
            "points": 8,
        }
    ],
    "notices": [
        {"id": "N1", "served_on": "2025-03-01", "language": "es", "explains_how_to_contest": True}
    ],
    "habeas_petitions": [
        {
            "id": "H1",
            "court": "D.D.C.",
            "case_number": "1:25-cv-00766",
            "filed_on": "2025-03-15",
            "status": "pending",
        }
    ],
    "medical_assessments": [{"id": "M1", "assessed_on": "2025-03-10", "fit_to_travel": True}],
    "consent": None,
}


def person(**overrides: Any) -> dict[str, Any]:
    """A complete valid person (every record kind), with ``overrides`` applied."""
    value = copy.deepcopy(FULL_PERSON)
    value.update(overrides)
    return value


def minimal(person_id: str = "T-2", **overrides: Any) -> dict[str, Any]:
    """A valid person with only the required fields."""
    value: dict[str, Any] = {
        "person_id": person_id,
        "family_name": "Gómez",
        "given_names": "Andrés",
        "birth_date": "1999-01-30",
        "languages": ["es"],
        "citizenships": ["VE"],
        "us_status": "parolee",
    }
    value.update(overrides)
    return value


def line(value: Any) -> bytes:
    """One JSON line."""
    return orjson.dumps(value) + b"\n"


def write_file(path: Path, *values: Any) -> Path:
    """A people file with one line per value (bytes are written as they are)."""
    path.write_bytes(b"".join(v if isinstance(v, bytes) else line(v) for v in values))
    return path
