"""Use cases of the records context: import people, export people, check a people file.

An import is one transaction: the file is read once, streaming, in batches of persons; each
batch is compared with what is stored (by content hash) and written in bulk. A file with a
bad line is rolled back whole unless ``skip_bad`` is asked for.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Final

from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.platform.uow import UnitOfWork
from convenio.records.adapters import pipeline, queries, store
from convenio.records.adapters.copytext import CopyBatch
from convenio.records.adapters.jsonl import (
    FILE_FIELD,
    PeopleReader,
    ReadLine,
    dump_line,
    valid_person,
)
from convenio.records.adapters.rows import Person, RowBatch
from convenio.records.domain.errors import PeopleFileRejectedError
from convenio.records.domain.model import ImportResult, LineError, ValidationReport
from convenio.shared.errors import InvalidInputError
from convenio.shared.events import Event

BATCH_SIZE: Final = 5000
MAX_ERRORS: Final = 1000
READ_BUFFER: Final = 1 << 20

Progress = Callable[[int], None]


@dataclass
class _Problems:
    """Bad lines seen so far: all counted, the first MAX_ERRORS problems kept."""

    bad_lines: int = 0
    errors: list[LineError] = field(default_factory=list)
    omitted: int = 0
    empty_file: bool = False

    def add(self, line: ReadLine) -> None:
        self.bad_lines += 1
        for error in line.errors:
            if error.field == FILE_FIELD:
                self.empty_file = True
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(error)
            else:
                self.omitted += 1


@dataclass
class _ImportRun:
    """The state of one import: counts, and the digest of the persons it created."""

    session: Session
    at: datetime
    actor: str
    party: str
    stamp: str
    postgres: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    def write(self, batch: list[ReadLine]) -> None:
        """Compare a batch with what is stored and write what is new or changed."""
        stored = store.existing_hashes(self.session, [line.person_id for line in batch])
        rows: RowBatch | CopyBatch = CopyBatch() if self.postgres else RowBatch()
        changed: list[ReadLine] = []
        for line in batch:
            old = stored.get(line.person_id)
            if old == line.content_hash:
                self.unchanged += 1
                continue
            if old is None:
                self.created += 1
                self.created_digest.update(f"{line.person_id}\t{line.content_hash}\n".encode())
            else:
                changed.append(line)
            _add_rows(rows, line, self.stamp)
        if changed:
            self._replace(changed, stored)
        if isinstance(rows, CopyBatch):
            store.write_copy_batch(self.session, rows)
        else:
            store.write_batch(self.session, rows)

    def _replace(self, changed: list[ReadLine], stored: dict[str, str]) -> None:
        ids = [line.person_id for line in changed]
        before = {str(p["person_id"]): p for p in queries.load_people(self.session, ids)}
        store.delete_persons(self.session, ids)
        for line in changed:
            person_id = line.person_id
            person = line.person if line.person is not None else valid_person(line.raw)
            self.updated += 1
            ledger.record(
                self.session,
                Event(
                    type="records.person_changed",
                    at=self.at,
                    actor=self.actor,
                    party=self.party,
                    data={
                        "person_id": person_id,
                        "old_content_hash": stored[person_id],
                        "new_content_hash": line.content_hash,
                        "changed_fields": changed_fields(before.get(person_id, {}), person),
                    },
                ),
            )


def _add_rows(rows: RowBatch | CopyBatch, line: ReadLine, stamp: str) -> None:
    if line.rows is not None and isinstance(rows, CopyBatch):
        rows.add_rows(line.rows)
        return
    person = line.person if line.person is not None else valid_person(line.raw)
    if isinstance(rows, CopyBatch):
        rows.add(person, line.content_hash, stamp, plain=line.plain)
    else:
        rows.add(person, line.content_hash, stamp)


class _Writer:
    """Writes batches on a worker thread while the main thread reads and validates the next.

    The database is used by one thread at a time: the worker while it runs, the caller only
    after leaving the ``with`` block (which waits for the worker and re-raises its error).
    """

    def __init__(self, write: Callable[[list[ReadLine]], None]) -> None:
        self._write = write
        self._queue: queue.Queue[list[ReadLine] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="records-writer", daemon=True)

    def __enter__(self) -> _Writer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc_info[0] is None:
            raise self._error

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._write(batch)
                except BaseException as error:  # handed to the caller's thread
                    self._error = error

    def submit(self, batch: list[ReadLine]) -> None:
        """Queue a batch (waits while two are already queued)."""
        if self._error is not None:
            raise self._error
        self._queue.put(batch)


def changed_fields(old: Person, new: Person) -> list[str]:
    """The top-level fields whose values differ (present in one only counts as differing)."""
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def import_people(
    uow: UnitOfWork,
    path: Path,
    *,
    skip_bad: bool = False,
    actor: str = "system",
    party: str = "sending",
    on_bytes: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> ImportResult:
    """Import a people file (JSON Lines of INTERCHANGE.md): create, update or leave each person.

    Re-importing a file changes nothing; a changed person is replaced and the change recorded
    as a ``records.person_changed`` event; the import itself is one ``records.import_completed``
    event. All in one transaction.

    ``workers`` processes parse and validate the lines while the database writes (``None``:
    as many as suit the file's size and the machine; 0: none, all in this process).

    Raises:
        PeopleFileRejectedError: the file is empty, or has bad lines and ``skip_bad`` is false
            (nothing is written).
    """
    _require_file(path)
    if workers is None:
        workers = pipeline.default_workers(path.stat().st_size)
    problems = _Problems()
    with uow, path.open("rb", buffering=READ_BUFFER) as stream:
        run = _ImportRun(
            uow.session,
            uow.clock.now(),
            actor,
            party,
            store.timestamp_text(uow.clock.now(), uow.dialect),
            uow.dialect == "postgresql",
        )
        reader = PeopleReader(stream, on_bytes)
        copy_stamp = run.stamp if run.postgres else None
        lines = pipeline.parsed_lines(reader, workers, copy_stamp) if workers else iter(reader)
        with closing(lines), _Writer(run.write) as writer:
            batch: list[ReadLine] = []
            for line in lines:
                if line.errors:
                    problems.add(line)
                elif skip_bad or not problems.bad_lines:
                    batch.append(line)
                    if len(batch) >= batch_size:
                        writer.submit(batch)
                        batch = []
            if not (problems.bad_lines and not skip_bad):
                writer.submit(batch)
        if problems.empty_file or (problems.bad_lines and not skip_bad):
            raise PeopleFileRejectedError(
                path.name, problems.errors, bad_lines=problems.bad_lines, omitted=problems.omitted
            )
        result = _result(reader, run, problems)
        _record_completed(uow.session, run, result, path.name)
        uow.commit()
    return result


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file", path=str(path))


def _result(reader: PeopleReader, run: _ImportRun, problems: _Problems) -> ImportResult:
    return ImportResult(
        file_sha256=reader.sha256.hexdigest(),
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        skipped=problems.bad_lines,
        errors=tuple(problems.errors),
        errors_omitted=problems.omitted,
        created_digest=run.created_digest.hexdigest(),
    )


def _record_completed(session: Session, run: _ImportRun, result: ImportResult, name: str) -> None:
    ledger.record(
        session,
        Event(
            type="records.import_completed",
            at=run.at,
            actor=run.actor,
            party=run.party,
            data={
                "file": name,
                "file_sha256": result.file_sha256,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
                "created_digest": result.created_digest,
            },
        ),
    )


def validate_people_file(path: Path, *, on_bytes: Progress | None = None) -> ValidationReport:
    """Check a people file without a database: every bad line, as ``LINE:FIELD: message``."""
    _require_file(path)
    problems = _Problems()
    valid = 0
    with path.open("rb") as stream:
        reader = PeopleReader(stream, on_bytes)
        for line in reader:
            if line.errors:
                problems.add(line)
            else:
                valid += 1
    return ValidationReport(
        lines=reader.lines_read,
        valid=valid,
        bad_lines=problems.bad_lines,
        errors=tuple(problems.errors),
        errors_omitted=problems.omitted,
    )


def export_people(uow: UnitOfWork, out: BinaryIO, *, batch_size: int = BATCH_SIZE) -> int:
    """Write every person as a line of a people file (person_id order); returns the count."""
    count = 0
    with uow:
        for person in queries.iter_people(uow.session, batch_size=batch_size):
            out.write(dump_line(person))
            count += 1
    return count
