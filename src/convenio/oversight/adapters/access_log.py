"""Keeping locator questions and their askers out of the server's access log."""

from __future__ import annotations

import logging
from typing import Final

LOCATOR_PATHS: Final = ("/locator", "/api/v1/locator")


class LocatorLogFilter(logging.Filter):
    """Keep locator questions and their askers out of the access log (path only, no client)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite uvicorn's ``(client, method, path, version, status)`` for locator paths."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path = args[2].split("?", 1)[0]
            if path in LOCATOR_PATHS:
                record.args = ("-", args[1], path, args[3], args[4])
        return True


def install_log_filter() -> None:
    """Attach :class:`LocatorLogFilter` to the access log once."""
    log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, LocatorLogFilter) for f in log.filters):
        log.addFilter(LocatorLogFilter())
