"""Reading a people file with worker processes, so that parsing overlaps the database work.

The main process reads the file (its SHA-256, the progress, overlong lines and blank lines),
sends the lines in chunks to worker processes that parse and validate them, and takes the
parsed lines back in file order. The checks that span the file (a person id given twice)
stay in the main process, so the result is line for line what the in-process reader gives.
A worker also computes the content hash and, for PostgreSQL, the person's COPY text, so that
no person object has to cross between processes.

The workers start with the ``forkserver`` method (never a fork of a process that holds
database connections and threads), so a script that imports people must guard its entry
point with ``if __name__ == "__main__":``, as Python's multiprocessing requires.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Final

from convenio.records.adapters.copytext import Rows, person_rows
from convenio.records.adapters.jsonl import Pending, PeopleReader, Person, ReadLine, read_line

CHUNK_LINES: Final = 500
MIN_BYTES: Final = 8 << 20  # below this, starting the workers costs more than they save
MAX_WORKERS: Final = 2

Chunk = list[Pending]
# A valid line as it comes back from a worker (a tuple costs far less to send than an object):
# line number, person id, content hash, plain, COPY text (or None), person (or None).
Parsed = tuple[int, str, str, bool, Rows | None, Person | None]
Task = tuple["Future[list[Parsed | ReadLine]]", Chunk] | ReadLine


def default_workers(size: int) -> int:
    """How many worker processes suit a file of ``size`` bytes (0: read it in-process)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if size < MIN_BYTES or (cpus or 1) < 2:
        return 0
    return min(MAX_WORKERS, cpus or 1)


def parse_chunk(chunk: Chunk, imported_at: str | None) -> list[Parsed | ReadLine]:
    """Run in a worker: parse and validate lines; with ``imported_at``, build COPY text."""
    lines: list[Parsed | ReadLine] = []
    for number, raw in chunk:
        line = read_line(number, raw)
        person = line.person
        if person is None:
            lines.append(line)
        elif imported_at is None:
            lines.append((number, line.person_id, line.content_hash, line.plain, None, person))
        else:
            rows = person_rows(person, line.content_hash, imported_at, plain=line.plain)
            lines.append((number, line.person_id, line.content_hash, line.plain, rows, None))
    return lines


def parsed_lines(
    reader: PeopleReader, workers: int, imported_at: str | None = None
) -> Generator[ReadLine, None, None]:
    """The lines of ``reader``, parsed by ``workers`` processes, in file order.

    With ``imported_at`` (PostgreSQL), valid lines come back with their COPY text in
    ``rows`` and their bytes in ``raw``, instead of a ``person``.
    """
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(workers, mp_context=context)
    window: deque[Task] = deque()
    chunk: Chunk = []
    try:
        for item in reader.pending():
            if type(item) is tuple:
                chunk.append(item)
                if len(chunk) < CHUNK_LINES:
                    continue
                window.append((pool.submit(parse_chunk, chunk, imported_at), chunk))
                chunk = []
            else:
                if chunk:
                    window.append((pool.submit(parse_chunk, chunk, imported_at), chunk))
                    chunk = []
                assert isinstance(item, ReadLine)
                window.append(item)
            while len(window) > 3 * workers:
                yield from _finish(reader, window.popleft())
        if chunk:
            window.append((pool.submit(parse_chunk, chunk, imported_at), chunk))
        while window:
            yield from _finish(reader, window.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finish(reader: PeopleReader, task: Task) -> Iterator[ReadLine]:
    if isinstance(task, ReadLine):
        yield task
        return
    future, chunk = task
    for line, (_, raw) in zip(future.result(), chunk, strict=True):
        if isinstance(line, ReadLine):
            yield line
        else:
            number, person_id, digest, plain, rows, person = line
            yield reader.accept(ReadLine(number, person, digest, [], plain, person_id, rows, raw))
