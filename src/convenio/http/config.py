"""HTTP settings derived from the application settings (kept on ``app.state.http_config``)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI, Request

from convenio.platform.settings import Settings


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpConfig:
    """``secure_cookies``: send cookies only over HTTPS (and announce HSTS)."""

    secure_cookies: bool = False

    @classmethod
    def from_settings(cls, settings: Settings, *, secure_cookies: bool | None = None) -> HttpConfig:
        """Secure cookies in production unless told otherwise."""
        secure = settings.env == "prod" if secure_cookies is None else secure_cookies
        return cls(secure_cookies=secure)


def set_http_config(app: FastAPI, config: HttpConfig) -> None:
    """Keep the HTTP configuration on the application."""
    app.state.http_config = config


def http_config(request: Request) -> HttpConfig:
    """The application's HTTP configuration (defaults when none was set)."""
    config = getattr(request.app.state, "http_config", None)
    return config if isinstance(config, HttpConfig) else HttpConfig()
