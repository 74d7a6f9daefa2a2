"""``Idempotency-Key`` on POST: a repeated request gets the first response again.

Responses are stored in the database per key and user (so replays work across processes).
Only successful (2xx) JSON responses are kept; the same key with a different request is a
409, an unusable key a 422. Replays carry ``Idempotent-Replayed: true``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Annotated, Final

from fastapi import Header
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from convenio.access import public as access
from convenio.bootstrap import Services
from convenio.http.auth import SESSION_COOKIE, Authentication, authenticate
from convenio.http.csrf import CSRF_HEADER
from convenio.http.errors import error_body, status_for
from convenio.shared.errors import DomainError

HEADER: Final = "idempotency-key"
REPLAYED: Final = "idempotent-replayed"


def idempotency_key_header(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            description="Send the same key again to get the first response back, not a repeat.",
        ),
    ] = None,
) -> str | None:
    """Documents the ``Idempotency-Key`` header on a POST route (the middleware acts on it)."""
    return idempotency_key


class IdempotencyMiddleware:
    """Stores and replays responses of keyed POST requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        try:
            await self._keyed(scope, receive, send, key)
        except DomainError as error:
            await _send_json(send, status_for(error), error_body(error), ())

    async def _keyed(self, scope: Scope, receive: Receive, send: Send, key: str) -> None:
        access.check_key(key)
        services: Services = scope["app"].state.services
        auth = await run_in_threadpool(
            authenticate, services, _header(scope, "authorization"), _cookie(scope, SESSION_COOKIE)
        )
        if auth.actor is None or not _csrf_ok(scope, auth):
            await self.app(scope, receive, send)  # the route answers 401/403 or acts publicly
            return
        body, replay_receive = await _read_body(receive)
        request_hash = _request_hash(scope, body)
        user_id = auth.actor.id
        stored = await run_in_threadpool(
            lambda: access.find_response(
                services.uow(), key=key, user_id=user_id, request_hash=request_hash
            )
        )
        if stored is not None:
            replayed = json.loads(stored.body)
            await _send_json(send, stored.status_code, replayed, ((REPLAYED, "true"),))
            return
        captured = _Capture(send)
        await self.app(scope, replay_receive, captured.send)
        if 200 <= captured.status < 300 and captured.is_json:
            await run_in_threadpool(
                lambda: access.store_response(
                    services.uow(),
                    key=key,
                    user_id=user_id,
                    request_hash=request_hash,
                    status_code=captured.status,
                    body=bytes(captured.body).decode("utf-8"),
                )
            )


class _Capture:
    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = 0
        self.is_json = False
        self.body = bytearray()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            content_type = dict(message.get("headers", [])).get(b"content-type", b"")
            self.is_json = content_type.startswith(b"application/json")
        elif message["type"] == "http.response.body":
            self.body.extend(message.get("body", b""))
        await self._send(message)


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def _csrf_ok(scope: Scope, auth: Authentication) -> bool:
    if auth.session is None:
        return auth.via == "token"
    given = _header(scope, CSRF_HEADER.lower()) or ""
    return secrets.compare_digest(given.encode("latin-1"), auth.session.csrf_token.encode())


def _request_hash(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1")):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.encode("latin-1")
    for key, value in scope.get("headers", []):
        if key.lower() == wanted:
            return bytes(value).decode("latin-1")
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, "cookie") or ""
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


async def _send_json(
    send: Send, status: int, body: object, extra: tuple[tuple[str, str], ...]
) -> None:
    payload = json.dumps(body).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
