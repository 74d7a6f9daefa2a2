"""Install the HTTP plumbing on an application: configuration and middleware."""

from __future__ import annotations

from fastapi import FastAPI

from convenio.http.config import HttpConfig, set_http_config
from convenio.http.idempotency import IdempotencyMiddleware
from convenio.http.security import SecurityHeadersMiddleware
from convenio.platform.settings import Settings


def install_security(
    app: FastAPI, settings: Settings, *, secure_cookies: bool | None = None
) -> HttpConfig:
    """Cookie settings, Idempotency-Key replay and security headers (outermost)."""
    config = HttpConfig.from_settings(settings, secure_cookies=secure_cookies)
    set_http_config(app, config)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, secure=config.secure_cookies)
    return config
