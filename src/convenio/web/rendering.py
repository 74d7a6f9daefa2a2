"""Templates and the per-request view: language, formatting, the signed-in actor, its rights."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from convenio.shared.actor import Actor
from convenio.shared.errors import (
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RuleViolationError,
)
from convenio.web import i18n

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
STATIC_DIR: Final = Path(__file__).parent / "static"
COOKIE_MAX_AGE: Final = 365 * 24 * 3600


@pass_context
def _gettext(context: Context, message: str) -> str:
    view: View = context["view"]
    return view.gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    view: View = context["view"]
    return view.ngettext(singular, plural, count)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    env.filters["as_date"] = as_date
    env.filters["as_instant"] = as_instant
    env.globals.update(
        languages=i18n.LANGUAGES,
        language_name=i18n.language_name,
        error_kind=error_kind,
        available_pages=AVAILABLE_PAGES,
        flashes=(),
    )
    return env


AVAILABLE_PAGES: set[str] = set()
"""The top-level pages present in this build (the navigation shows only these)."""

_ERROR_KINDS: Final[tuple[tuple[type[DomainError], str], ...]] = (
    (NotFoundError, "not_found"),
    (PermissionDeniedError, "permission"),
    (ConflictError, "conflict"),
    (InvalidInputError, "invalid"),
    (RuleViolationError, "rule"),
    (RateLimitedError, "rate"),
)


def as_date(value: object) -> object:
    """An ISO date string as a date (other values unchanged), for formatting."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def as_instant(value: object) -> object:
    """An ISO instant string as an aware datetime (other values unchanged)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def error_kind(error: DomainError) -> str:
    """The kind of a domain error, for its page title."""
    return next((name for kind, name in _ERROR_KINDS if isinstance(error, kind)), "other")


templates = Jinja2Templates(env=_environment())


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    """What every page needs to render: who asks, in which language, with which rights."""

    request: Request
    language: str
    actor: Actor | None
    csrf_token: str = ""
    time_zone: str = "UTC"
    actions: frozenset[str] = field(default_factory=frozenset)

    @property
    def fmt(self) -> i18n.Formatter:
        """Formatting of dates, instants and money for this language and time zone."""
        return i18n.Formatter(self.language, self.time_zone)

    @property
    def translations(self) -> gettext.NullTranslations:
        """The compiled catalog of the view's language."""
        return i18n.translations(self.language)

    def gettext(self, message: str) -> str:
        """A message in the view's language."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """A message with a count in the view's language."""
        return self.translations.ngettext(singular, plural, count)

    def can(self, action: str) -> bool:
        """Whether the signed-in actor may take an action (decides what the page offers)."""
        return action in self.actions

    def url_with(self, **changes: object) -> str:
        """The current URL with some query parameters replaced (None removes one)."""
        params = dict(self.request.query_params)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = str(value)
        query = urlencode(params)
        return self.request.url.path + (f"?{query}" if query else "")


def render(
    view: View,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a template for a view; remembers a language chosen with ``?lang=``."""
    response = templates.TemplateResponse(
        view.request,
        template,
        {"view": view, "fmt": view.fmt, **(context or {})},
        status_code=status_code,
    )
    remember_language(view, response)
    return response


def remember_language(view: View, response: Response) -> None:
    """Set the language cookie when the request chose a language explicitly."""
    if view.request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(
            i18n.LANGUAGE_COOKIE,
            view.language,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="lax",
        )
