"""Bulk writes of persons: COPY on PostgreSQL, one ``executemany`` per table on SQLite.

Everything runs on the caller's session, inside its transaction: a rejected import is rolled
back whole.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import psycopg
from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from convenio.records.adapters import sql
from convenio.records.adapters.copytext import CopyBatch
from convenio.records.adapters.rows import Row, RowBatch
from convenio.records.domain.errors import ConcurrentImportError


def existing_hashes(session: Session, person_ids: Sequence[str]) -> dict[str, str]:
    """The stored content hash of each of ``person_ids`` that exists.

    The ids go as one parameter (an array on PostgreSQL, a JSON array on SQLite): an ``IN``
    list of thousands of bound values costs more to build than the query costs to run.
    """
    if not person_ids:
        return {}
    connection = session.connection()
    driver: Any = connection.connection.driver_connection
    table = sql.persons.name
    if connection.dialect.name == "postgresql":
        query = f"SELECT person_id, content_hash FROM {table} WHERE person_id = ANY(%s)"
        with driver.cursor() as cursor:
            cursor.execute(query, (list(person_ids),))
            rows = cursor.fetchall()
    else:
        query = (
            f"SELECT person_id, content_hash FROM {table} "
            "WHERE person_id IN (SELECT value FROM json_each(?))"
        )
        rows = driver.execute(query, (orjson.dumps(list(person_ids)).decode(),)).fetchall()
    return {str(row[0]): str(row[1]) for row in rows}


def delete_persons(session: Session, person_ids: Sequence[str]) -> None:
    """Remove persons and all their records (before writing their new version)."""
    if not person_ids:
        return
    for table in reversed(sql.ALL_TABLES):
        session.execute(delete(table).where(table.c.person_id.in_(person_ids)))


def timestamp_text(at: datetime, dialect: str) -> str:
    """An instant as the bulk path writes it (SQLite keeps SQLAlchemy's UTC text form)."""
    utc = at.astimezone(UTC)
    if dialect == "sqlite":
        return utc.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return utc.isoformat()


def write_batch(session: Session, batch: RowBatch) -> None:
    """Insert the rows of a batch of persons, as fast as the database allows.

    Raises:
        ConcurrentImportError: a person was written meanwhile by another import.
    """
    try:
        _write_rows(session, batch)
    except (psycopg.errors.IntegrityError, sqlite3.IntegrityError):
        raise ConcurrentImportError() from None


def _write_rows(session: Session, batch: RowBatch) -> None:
    tables: list[tuple[Table, list[Row]]] = [
        (sql.persons, batch.persons),
        (sql.citizenships, batch.citizenships),
        (sql.languages, batch.languages),
    ]
    tables.extend((sql.RECORD_TABLES[name], rows) for name, rows in batch.records.items())
    connection = session.connection()
    driver: Any = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        for table, rows in tables:
            if rows:
                copy_rows(driver, table, rows)
    else:
        for table, rows in tables:
            if rows:
                columns = ", ".join(f'"{c.name}"' for c in table.columns)
                marks = ", ".join("?" for _ in table.columns)
                driver.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", rows)


def write_copy_batch(session: Session, batch: CopyBatch) -> None:
    """Send a batch of COPY text to PostgreSQL, table by table.

    Raises:
        ConcurrentImportError: a person was written meanwhile by another import.
    """
    try:
        _copy_text(session, batch)
    except psycopg.errors.IntegrityError:
        raise ConcurrentImportError() from None


def _copy_text(session: Session, batch: CopyBatch) -> None:
    driver: Any = session.connection().connection.driver_connection
    tables = {"persons": sql.persons, "citizenships": sql.citizenships, "languages": sql.languages}
    tables.update(sql.RECORD_TABLES)
    for kind, lines in batch.tables():
        if not lines:
            continue
        table = tables[kind]
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
        ):
            copy.write("".join(lines).encode("utf-8"))


def copy_rows(driver: Any, table: Table, rows: Iterable[Row]) -> None:
    """``COPY table FROM STDIN`` with psycopg 3 (text format; the server parses dates)."""
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
