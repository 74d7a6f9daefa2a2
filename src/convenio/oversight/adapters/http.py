"""Sending a signed webhook over HTTP (the sender ``deliver_due`` is given in production)."""

from __future__ import annotations

import httpx

TIMEOUT_SECONDS = 10.0


def send(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST one delivery; the subscriber's HTTP status (network failures raise)."""
    return httpx.post(url, content=body, headers=headers, timeout=TIMEOUT_SECONDS).status_code
