"""What other contexts may use of the records context.

Persons travel as interchange dicts (INTERCHANGE.md), exactly as a line of a people file.
The identity lookup matches names exactly (case and spacing aside), the birth date, and a
country among the person's citizenships: the interchange format has no country of birth.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from convenio.records import services
from convenio.records.adapters import queries
from convenio.records.domain.errors import PeopleFileRejectedError, PersonNotFoundError
from convenio.records.domain.model import (
    ImportResult,
    LineError,
    PersonSummary,
    ValidationReport,
)
from convenio.records.domain.validation import normalise_a_number

PersonImported = ImportResult


def get_person(session: Session, person_id: str) -> dict[str, Any] | None:
    """The interchange dict of a person, or ``None`` if there is no such person."""
    found = queries.load_people(session, [person_id])
    return found[0] if found else None


def iter_people(session: Session, *, batch_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Every person as an interchange dict, in person_id order, read in batches."""
    return queries.iter_people(session, batch_size=batch_size)


def list_people(
    session: Session, *, offset: int = 0, limit: int = 50, search: str | None = None
) -> tuple[list[PersonSummary], int]:
    """A page of person summaries and the total matching; ``search`` matches a substring of
    the person id, the A-number or the name (either order), case aside."""
    return queries.list_people(session, offset=offset, limit=limit, search=search)


def find_person_ids_by_a_number(session: Session, a_number: str) -> list[str]:
    """Persons with this A-number (given in any accepted form: ``A12345678``, ``12345678``)."""
    try:
        normalised = normalise_a_number(a_number)
    except ValueError:
        return []
    return queries.person_ids_by_a_number(session, normalised)


def find_person_ids_by_identity(
    session: Session, *, family_name: str, given_names: str, birth_date: date, country: str
) -> list[str]:
    """Persons with exactly these names (case-insensitive, spacing normalised), this birth
    date, and ``country`` among their citizenships."""
    return queries.person_ids_by_identity(
        session,
        family_name=family_name,
        given_names=given_names,
        birth_date=birth_date,
        country=country.strip().upper(),
    )


def count_people(session: Session) -> int:
    """How many persons are on record."""
    return queries.count_people(session)


def validate_people_file(path: Path) -> ValidationReport:
    """Check a people file without a database."""
    return services.validate_people_file(path)


__all__ = [
    "ImportResult",
    "LineError",
    "PeopleFileRejectedError",
    "PersonImported",
    "PersonNotFoundError",
    "PersonSummary",
    "ValidationReport",
    "count_people",
    "find_person_ids_by_a_number",
    "find_person_ids_by_identity",
    "get_person",
    "iter_people",
    "list_people",
    "validate_people_file",
]
