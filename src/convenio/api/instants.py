"""Reading ``as_of`` instants from requests."""

from __future__ import annotations

from convenio.bootstrap import Services
from convenio.shared.dates import Instant, parse_instant


def as_of_instant(text: str | None, services: Services) -> Instant:
    """The instant given (ISO 8601 with offset, or a date), or now."""
    if text is None or not text.strip():
        return Instant(services.clock.now())
    return parse_instant(text.strip(), field="as_of")
