"""CSRF tokens for forms and unsafe requests.

Signed-in users get the token stored with their server-side session. Before sign-in (the
sign-in form itself) a random token is kept in the ``convenio_csrf`` cookie (HttpOnly,
SameSite=Strict) and must come back in the form: a double submit.
"""

from __future__ import annotations

import secrets

from fastapi import Request

from convenio.access import public as access

CSRF_COOKIE = "convenio_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
NEW_CSRF_STATE = "convenio_new_csrf"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def csrf_token_for(request: Request) -> str:
    """The CSRF token to put in a form or an htmx header on the page being rendered.

    Signed-in: the session's token. Anonymous: the pre-session cookie's token (a new one is
    set on the response by the security middleware when there is none).
    """
    auth = getattr(request.state, "authentication", None)
    session = getattr(auth, "session", None)
    if isinstance(session, access.ActiveSession):
        return session.csrf_token
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing
    fresh = getattr(request.state, NEW_CSRF_STATE, None)
    if not isinstance(fresh, str):
        fresh = secrets.token_urlsafe(32)
        setattr(request.state, NEW_CSRF_STATE, fresh)
    return fresh


async def submitted_token(request: Request) -> str | None:
    """The token sent with the request: header first, then the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(_FORM_TYPES):
        return None
    try:
        form = await request.form()
    except Exception:  # an unreadable form carries no token
        return None
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


async def check_csrf(request: Request, expected: str | None) -> None:
    """Raise :class:`access.CsrfRejectedError` unless the request carries the expected token.

    ``expected`` is the session's token, or ``None`` for an anonymous request (then the
    pre-session cookie is the expected value).
    """
    wanted = expected if expected is not None else request.cookies.get(CSRF_COOKIE)
    given = await submitted_token(request)
    if (
        not wanted
        or not given
        or not secrets.compare_digest(
            given.encode("utf-8", "replace"), wanted.encode("utf-8", "replace")
        )
    ):
        raise access.CsrfRejectedError()
