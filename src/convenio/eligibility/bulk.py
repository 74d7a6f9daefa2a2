"""Screening a large people file: pieces parsed and screened on every core, in input order.

Each piece of whole lines goes through the same steps as any screen (interchange columns,
flat facts, active holds, rule table, output lines) on a worker thread; Arrow and Polars
release the interpreter while they work, so the pieces run side by side. Results are taken
in input order, with at most a few pieces in flight, so memory stays bounded whatever the
file's size. When any piece breaks the shape, or a person id appears twice in the file, the
file is read again line by line to name every bad ``LINE:FIELD``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl
import pyarrow as pa

from convenio.eligibility.adapters.interchange import (
    check_holds,
    duplicated_ids,
    empty_people_frame,
    open_people_file,
    parse_people_piece,
    raise_file_problems,
)
from convenio.eligibility.adapters.pieces import PIECE_BYTES, Piece, PieceReader
from convenio.eligibility.domain.decision import utc_text
from convenio.eligibility.domain.screen import json_line_expression, plain_ids
from convenio.eligibility.screening import HoldDict, context_for, screen_frame
from convenio.shared.dates import Instant
from convenio.terms.public import Agreement

Progress = Callable[[int, int], None]
"""Told ``(bytes done, bytes in all)`` as pieces finish."""


@dataclass(frozen=True, slots=True)
class _Screened:
    frames: list[pl.DataFrame]
    lines: pa.Buffer | None


def _text_of(lines: pl.Series) -> pa.Buffer:
    """The bytes of a column of texts laid end to end, without copying them again."""
    array = lines.to_arrow()
    assert isinstance(array, pa.LargeStringArray) and not array.null_count
    _, offsets, data = array.buffers()
    bounds = memoryview(offsets).cast("q")
    start, end = bounds[array.offset], bounds[array.offset + len(array)]
    return data.slice(start, end - start)


class _BadPieceError(Exception):
    """A piece holds a line that breaks the shape."""


@dataclass(frozen=True, slots=True)
class BulkScreen:
    """What to screen a file against, and where its decision lines go.

    ``sink`` receives the lines of the first agreement's decisions, piece by piece in input
    order (none are built without a sink). The caller must discard what it received when the
    screen raises.
    """

    holds: Sequence[HoldDict]
    agreements: Sequence[Agreement]
    as_of: Instant
    sink: BinaryIO | None = None
    progress: Progress | None = None
    workers: int = max(2, min(4, os.cpu_count() or 2))
    piece_bytes: int = PIECE_BYTES

    def _screen_piece(self, people: pl.DataFrame | None) -> _Screened:
        if people is None:
            raise _BadPieceError
        frames = [screen_frame(people, self.holds, a, self.as_of) for a in self.agreements]
        if self.sink is None or not frames[0].height:
            return _Screened(frames, None)
        ctx = context_for(self.agreements[0], self.as_of)
        line = json_line_expression(
            ctx, utc_text(self.as_of), plain_ids=plain_ids(frames[0]), end="\n"
        )
        return _Screened(frames, _text_of(frames[0].select(line).to_series()))

    def _work(self, piece: Piece) -> _Screened:
        return self._screen_piece(parse_people_piece(piece))

    def run(self, path: Path) -> list[pl.DataFrame]:
        """One screened frame per agreement (see ``screen_frame``), rows in input order.

        Raises:
            InvalidInputError: a missing or bad file (each bad line named), a bad hold, or a
                parameter not in force.
        """
        for agreement in self.agreements:
            context_for(agreement, self.as_of)
        check_holds(self.holds)
        parts: list[list[pl.DataFrame]] = []
        try:
            self._run_pieces(path, parts)
        except _BadPieceError:
            raise_file_problems(path)
        if not parts:
            parts.append(self._screen_piece(empty_people_frame()).frames)
        frames = [
            pl.concat([part[i] for part in parts], rechunk=False)
            for i in range(len(self.agreements))
        ]
        if duplicated_ids(frames[0]):
            raise_file_problems(path)
        return frames

    def _run_pieces(self, path: Path, parts: list[list[pl.DataFrame]]) -> None:
        in_flight: deque[tuple[Piece, Future[_Screened]]] = deque()
        with (
            open_people_file(path, self.piece_bytes) as reader,
            ThreadPoolExecutor(self.workers) as pool,
        ):
            try:
                for piece in reader:
                    in_flight.append((piece, pool.submit(self._work, piece)))
                    while len(in_flight) > self.workers:
                        self._take(reader, *in_flight.popleft(), parts)
                while in_flight:
                    self._take(reader, *in_flight.popleft(), parts)
            finally:
                for _, future in in_flight:
                    future.cancel()
                in_flight.clear()

    def _take(
        self,
        reader: PieceReader,
        piece: Piece,
        future: Future[_Screened],
        parts: list[list[pl.DataFrame]],
    ) -> None:
        screened = future.result()
        reader.release(piece.start, piece.end)
        parts.append(screened.frames)
        if self.sink is not None and screened.lines is not None:
            self.sink.write(screened.lines)
        if self.progress is not None:
            self.progress(piece.end, reader.total)


def screen_file(
    path: Path, holds: Sequence[HoldDict], agreement: Agreement, as_of: Instant
) -> pl.DataFrame:
    """The screen of a JSON Lines people file, in input order: see ``screen_frame``.

    Raises:
        InvalidInputError: a missing or bad file, a bad hold, or a parameter not in force.
    """
    return BulkScreen(holds, [agreement], as_of).run(path)[0]
