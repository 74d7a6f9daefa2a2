"""Reading persons back: whole interchange dicts in batches, summaries, lookups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from convenio.records.adapters import sql
from convenio.records.adapters.rows import FROM_ROW, Person, person_from_rows
from convenio.records.domain.model import PersonSummary, normalise_name


def load_people(session: Session, person_ids: Sequence[str]) -> list[Person]:
    """The interchange dicts of ``person_ids`` that exist, in person_id order."""
    if not person_ids:
        return []
    persons = sql.persons
    rows = session.execute(
        select(persons).where(persons.c.person_id.in_(person_ids)).order_by(persons.c.person_id)
    ).all()
    return _assemble(session, rows)


def _codes(session: Session, table: Any, column: str, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    query = (
        select(table.c.person_id, table.c[column])
        .where(table.c.person_id.in_(ids))
        .order_by(table.c.person_id, table.c.position)
    )
    for person_id, code in session.execute(query):
        found[person_id].append(code)
    return found


def _assemble(session: Session, rows: Sequence[Any]) -> list[Person]:
    ids = [row.person_id for row in rows]
    if not ids:
        return []
    citizenships = _codes(session, sql.citizenships, "country", ids)
    languages = _codes(session, sql.languages, "language", ids)
    records: dict[str, dict[str, list[Person]]] = defaultdict(dict)
    for name, table in sql.RECORD_TABLES.items():
        build = FROM_ROW[name]
        query = (
            select(table)
            .where(table.c.person_id.in_(ids))
            .order_by(table.c.person_id, table.c.position)
        )
        for row in session.execute(query):
            records[row[0]].setdefault(name, []).append(build(row[2:]))
    return [
        person_from_rows(
            row, citizenships.get(row[0], []), languages.get(row[0], []), records[row[0]]
        )
        for row in rows
    ]


def iter_people(session: Session, *, batch_size: int = 5000) -> Iterator[Person]:
    """Every person, in person_id order, read a batch at a time (keyset pagination)."""
    persons = sql.persons
    after: str | None = None
    while True:
        query = select(persons).order_by(persons.c.person_id).limit(batch_size)
        if after is not None:
            query = query.where(persons.c.person_id > after)
        rows = session.execute(query).all()
        if not rows:
            return
        yield from _assemble(session, rows)
        after = rows[-1].person_id


def count_people(session: Session) -> int:
    """How many persons are stored."""
    return int(session.execute(select(func.count()).select_from(sql.persons)).scalar_one())


def _search_clause(search: str) -> ColumnElement[bool]:
    persons = sql.persons
    pattern = f"%{search.strip().lower()}%"
    full_name = func.lower(persons.c.given_names + " " + persons.c.family_name)
    return or_(
        func.lower(persons.c.person_id).like(pattern),
        func.lower(persons.c.a_number).like(pattern),
        full_name.like(pattern),
        func.lower(persons.c.family_name + " " + persons.c.given_names).like(pattern),
    )


def list_people(
    session: Session, *, offset: int, limit: int, search: str | None
) -> tuple[list[PersonSummary], int]:
    """A page of person summaries (person_id order) and the number of matching persons."""
    persons = sql.persons
    query = select(
        persons.c.person_id,
        persons.c.a_number,
        persons.c.family_name,
        persons.c.given_names,
        persons.c.birth_date,
        persons.c.us_status,
    )
    count = select(func.count()).select_from(persons)
    if search and search.strip():
        query = query.where(_search_clause(search))
        count = count.where(_search_clause(search))
    rows = session.execute(query.order_by(persons.c.person_id).offset(offset).limit(limit)).all()
    total = int(session.execute(count).scalar_one())
    ids = [row.person_id for row in rows]
    citizenships = _codes(session, sql.citizenships, "country", ids) if ids else {}
    page = [
        PersonSummary(
            person_id=row.person_id,
            a_number=row.a_number,
            family_name=row.family_name,
            given_names=row.given_names,
            birth_date=row.birth_date,
            citizenships=tuple(citizenships.get(row.person_id, [])),
            us_status=row.us_status,
        )
        for row in rows
    ]
    return page, total


def person_ids_by_a_number(session: Session, a_number: str) -> list[str]:
    """Persons holding a (normalised) A-number."""
    persons = sql.persons
    query = (
        select(persons.c.person_id)
        .where(persons.c.a_number == a_number)
        .order_by(persons.c.person_id)
    )
    return list(session.execute(query).scalars())


def person_ids_by_identity(
    session: Session, *, family_name: str, given_names: str, birth_date: date, country: str
) -> list[str]:
    """Persons with exactly these names (case and spacing aside), birth date and citizenship."""
    persons, citizenships = sql.persons, sql.citizenships
    query = (
        select(persons.c.person_id, persons.c.family_name, persons.c.given_names)
        .join(citizenships, citizenships.c.person_id == persons.c.person_id)
        .where(persons.c.birth_date == birth_date, citizenships.c.country == country)
        .order_by(persons.c.person_id)
    )
    family, given = normalise_name(family_name), normalise_name(given_names)
    return [
        row.person_id
        for row in session.execute(query)
        if normalise_name(row.family_name) == family and normalise_name(row.given_names) == given
    ]
