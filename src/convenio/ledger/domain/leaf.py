"""A ledger leaf: the canonical JSON of one event."""

from __future__ import annotations

import hashlib

from convenio.shared.canonical_json import canonical_json
from convenio.shared.events import Event


def leaf_text(event: Event) -> str:
    """The canonical JSON text of an event (sorted keys, UTF-8, no whitespace)."""
    return canonical_json(event.as_leaf_object())


def leaf_hash(leaf: bytes) -> bytes:
    """RFC 9162 §2.1.1: SHA-256(0x00 || leaf)."""
    return hashlib.sha256(b"\x00" + leaf).digest()
