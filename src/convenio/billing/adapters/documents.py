"""Frames as stored documents: Arrow IPC files, zstd-compressed, named by their SHA-256."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

import polars as pl


def encode(frame: pl.DataFrame) -> tuple[bytes, str]:
    """The document of a frame and the SHA-256 of its bytes."""
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()


def decode(data: bytes, schema: pl.Schema, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """A stored document back as a frame (only ``columns`` when given), cast to ``schema``."""
    frame = pl.read_ipc(io.BytesIO(data), columns=list(columns) if columns else None)
    wanted = {name: schema[name] for name in frame.columns}
    return frame.cast(wanted)  # type: ignore[arg-type]
