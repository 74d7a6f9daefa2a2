"""A JSON Lines file as pieces of whole lines, without copying it.

The file is memory-mapped; each piece is a zero-copy Arrow buffer over a run of whole lines
of about ``size`` bytes (a longer line makes a longer piece). Pages of a piece are handed
back to the kernel once the caller is done with it, so a file larger than memory can be
read with only the pieces in flight resident.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

PIECE_BYTES = 32 << 20


@dataclass(frozen=True, slots=True)
class Piece:
    """Whole lines ``[start, end)`` of the file, as a buffer over the mapping."""

    start: int
    end: int
    data: pa.Buffer

    def blank(self) -> bool:
        """Whether the piece holds only whitespace (blank lines); copies it, so ask rarely."""
        text: bytes = self.data.to_pybytes()
        return text.isspace()


class PieceReader:
    """Pieces of a mapped file, in order, and their release."""

    def __init__(self, mapping: mmap.mmap | None, size: int) -> None:
        self._mapping = mapping
        self._size = size
        self.total = len(mapping) if mapping is not None else 0

    def __iter__(self) -> Iterator[Piece]:
        if self._mapping is None:
            return
        view = memoryview(self._mapping)
        start = 0
        try:
            while start < self.total:
                cut = self._mapping.find(b"\n", min(start + self._size, self.total) - 1)
                end = self.total if cut < 0 else cut + 1
                yield Piece(start, end, pa.py_buffer(view[start:end]))
                start = end
        finally:
            view.release()

    def release(self, start: int, end: int) -> None:
        """Drop the resident pages of bytes ``[start, end)`` the caller has finished with."""
        if self._mapping is None or end <= start:
            return
        first = start - start % mmap.PAGESIZE
        self._mapping.madvise(mmap.MADV_DONTNEED, first, end - first)


@contextmanager
def pieces_of(path: Path, size: int = PIECE_BYTES) -> Iterator[PieceReader]:
    """Map ``path`` and give a reader of its pieces; every buffer must be dropped on exit.

    Raises:
        OSError: the file cannot be opened.
    """
    with path.open("rb") as handle:
        length = path.stat().st_size
        if length == 0:
            yield PieceReader(None, size)
            return
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            yield PieceReader(mapping, size)
        finally:
            with suppress(BufferError):  # a piece is still referenced: unmapped when it goes
                mapping.close()
