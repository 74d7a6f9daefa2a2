"""Identifiers. Sender-given ids are strings; ids Convenio makes are prefixed UUID7-like strings."""

from __future__ import annotations

import os
import time
from typing import NewType

PersonId = NewType("PersonId", str)
CaseId = NewType("CaseId", str)
HoldId = NewType("HoldId", str)
MovementId = NewType("MovementId", str)
InvoiceId = NewType("InvoiceId", str)
UserId = NewType("UserId", str)


def new_id(prefix: str) -> str:
    """A new time-ordered id such as ``case_01J9Z...``: sortable, unique across processes."""
    millis = time.time_ns() // 1_000_000
    raw = millis.to_bytes(6, "big") + os.urandom(10)
    return f"{prefix}_{_crockford(raw)}"


_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _crockford(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(26):
        number, index = divmod(number, 32)
        chars.append(_ALPHABET[index])
    return "".join(reversed(chars))
