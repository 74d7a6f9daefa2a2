"""Reading a people file with worker processes, so that parsing overlaps the database work.

The main process reads the file (its SHA-256, the progress, overlong lines and blank lines),
sends the lines in chunks to worker processes that parse and validate them, and takes the
parsed lines back in file order. The checks that span the file (a person id given twice)
stay in the main process, so the result is line for line what the in-process reader gives.
For PostgreSQL a worker also hashes the person and builds its COPY text, so that no person
object has to cross between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Final

from convenio.records.adapters.copytext import person_rows
from convenio.records.adapters.jsonl import Pending, PeopleReader, ReadLine, read_line

CHUNK_LINES: Final = 500
MIN_BYTES: Final = 8 << 20  # below this, starting the workers costs more than they save
MAX_WORKERS: Final = 2

Chunk = list[Pending]
Task = tuple["Future[list[ReadLine]]", Chunk] | ReadLine


def default_workers(size: int) -> int:
    """How many worker processes suit a file of ``size`` bytes (0: read it in-process)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if size < MIN_BYTES or (cpus or 1) < 2:
        return 0
    return min(MAX_WORKERS, cpus or 1)


def parse_chunk(chunk: Chunk, imported_at: str | None) -> list[ReadLine]:
    """Run in a worker: parse and validate lines; with ``imported_at``, build COPY text."""
    lines = []
    for number, raw in chunk:
        line = read_line(number, raw)
        if imported_at is not None and line.person is not None:
            line.rows = person_rows(line.person, line.content_hash, imported_at, plain=line.plain)
            line.person = None
        lines.append(line)
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
        if line.rows is not None:
            line.raw = raw
        yield reader.accept(line)
