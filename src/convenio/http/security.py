"""Security headers on every response, and the pre-session CSRF cookie when one was issued.

The content security policy allows nothing but this origin: no inline script, no inline
style elements, no third-party origins, no framing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from convenio.http.csrf import CSRF_COOKIE, NEW_CSRF_STATE

CONTENT_SECURITY_POLICY: Final = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: Final[tuple[tuple[str, str], ...]] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` (and HSTS when cookies are secure) to every response."""

    def __init__(self, app: ASGIApp, *, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                self._apply(headers, path, scope.get("state") or {})
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _apply(self, headers: MutableHeaders, path: str, state: dict[str, object]) -> None:
        for name, value in SECURITY_HEADERS:
            headers.setdefault(name, value)
        if self.secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if not path.startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")
        fresh = state.get(NEW_CSRF_STATE)
        if isinstance(fresh, str):
            headers.append("Set-Cookie", _cookie(CSRF_COOKIE, fresh, secure=self.secure))


def _cookie(name: str, value: str, *, secure: bool) -> str:
    parts: Iterable[str] = (f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict")
    return "; ".join((*parts, "Secure") if secure else parts)
