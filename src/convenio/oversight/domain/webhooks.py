"""Signed webhooks: HMAC-SHA256 over ``id.timestamp.body`` (the Standard Webhooks scheme).

Headers sent with every delivery::

    Webhook-Id: <delivery id>            the same on every retry of one delivery
    Webhook-Timestamp: <unix seconds>    when this attempt was signed
    Webhook-Signature: v1,<base64 HMAC-SHA256(secret, id + "." + timestamp + "." + body)>

A receiver recomputes the HMAC with its shared secret, compares in constant time, and
rejects timestamps older than its tolerance (replays).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Final

SIGNATURE_VERSION: Final = "v1"
# Seconds to wait after attempt n (1-based) fails; after the last, the delivery is given up.
RETRY_DELAYS: Final[tuple[int, ...]] = (10, 60, 300, 1800, 7200, 21600)


def signature(secret: bytes, delivery_id: str, timestamp: int, body: bytes) -> str:
    """The ``Webhook-Signature`` value for one attempt."""
    message = f"{delivery_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def signed_headers(secret: bytes, delivery_id: str, at: datetime, body: bytes) -> dict[str, str]:
    """The headers of one signed delivery attempt."""
    timestamp = int(at.timestamp())
    return {
        "Content-Type": "application/json",
        "Webhook-Id": delivery_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(secret, delivery_id, timestamp, body),
    }


def verify(
    secret: bytes,
    headers: dict[str, str],
    body: bytes,
    *,
    now: datetime,
    tolerance: timedelta = timedelta(minutes=5),
) -> bool:
    """What a subscriber does: check the signature and the freshness of the timestamp."""
    try:
        timestamp = int(headers["Webhook-Timestamp"])
        delivery_id = headers["Webhook-Id"]
        given = headers["Webhook-Signature"]
    except (KeyError, ValueError):
        return False
    if abs(now.timestamp() - timestamp) > tolerance.total_seconds():
        return False
    expected = signature(secret, delivery_id, timestamp, body)
    return any(hmac.compare_digest(expected, part.strip()) for part in given.split(" "))


def next_attempt_after(attempts_made: int, last_attempt: datetime) -> datetime | None:
    """When to retry after ``attempts_made`` failed attempts; None when giving up."""
    if attempts_made <= 0:
        return last_attempt
    if attempts_made > len(RETRY_DELAYS):
        return None
    return last_attempt + timedelta(seconds=RETRY_DELAYS[attempts_made - 1])
