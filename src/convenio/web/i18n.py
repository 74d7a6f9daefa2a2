"""Languages of the web UI: catalogs, the choice of language, and formatting per locale.

The catalogs are ``web/locale/<lang>/LC_MESSAGES/messages.po``. They are compiled in memory
the first time a language is used, so a fresh clone needs no compile step.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, dates, numbers
from babel.messages import mofile, pofile

from convenio.shared.money import Money, exponent_of

LANGUAGES: Final[tuple[str, ...]] = ("en", "es")
DEFAULT_LANGUAGE: Final = "en"
LANGUAGE_COOKIE: Final = "convenio_lang"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
_LANGUAGE_NAMES: Final[dict[str, str]] = {"en": "English", "es": "Español"}


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (English falls back to the message ids)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = pofile.read_po(handle, locale=language)
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """The language of a request: ``?lang=``, then the cookie, then Accept-Language."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


def language_name(language: str) -> str:
    """The name of a language in that language (for the switch)."""
    return _LANGUAGE_NAMES[language]


def zone_of(name: str) -> tzinfo:
    """An IANA time zone, or a fixed offset written ``±HH:MM`` (UTC when neither)."""
    if len(name) == 6 and name[0] in "+-" and name[3] == ":":
        try:
            minutes = int(name[1:3]) * 60 + int(name[4:6])
        except ValueError:
            return UTC
        return timezone(timedelta(minutes=minutes if name[0] == "+" else -minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


@dataclass(frozen=True, slots=True)
class Formatter:
    """Dates, instants, numbers and money in one locale and one display time zone."""

    language: str
    time_zone: str = "UTC"

    @property
    def locale(self) -> Locale:
        """The Babel locale (Spanish as used in El Salvador, English as in the US)."""
        return Locale.parse({"es": "es_SV", "en": "en_US"}[self.language])

    @property
    def zone(self) -> ZoneInfo:
        """The display time zone."""
        return ZoneInfo(self.time_zone)

    def day(self, value: date | None, style: str = "medium") -> str:
        """A business day, e.g. ``15 mar 2025`` / ``Mar 15, 2025``."""
        return "" if value is None else dates.format_date(value, style, locale=self.locale)

    def month(self, value: date) -> str:
        """A calendar month, e.g. ``March 2025`` / ``marzo de 2025``."""
        return dates.format_skeleton("yMMMM", value, locale=self.locale)

    def instant(self, value: datetime | None, time_zone: str | None = None) -> str:
        """An instant in the display time zone with its UTC offset, e.g. ``19:26 (−04:00)``."""
        if value is None:
            return ""
        zone = zone_of(time_zone or self.time_zone)
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        local = aware.astimezone(zone)
        text = dates.format_datetime(local, "medium", tzinfo=local.tzinfo, locale=self.locale)
        offset = local.strftime("%z")
        return f"{text} (UTC{offset[:3]}:{offset[3:]})"

    def number(self, value: int | Decimal) -> str:
        """A number with the locale's grouping."""
        return numbers.format_decimal(value, locale=self.locale)

    def percent(self, part: int, whole: int) -> str:
        """``part`` of ``whole`` as a percentage (one decimal)."""
        ratio = Decimal(part) / Decimal(whole) if whole else Decimal(0)
        return numbers.format_percent(ratio, "#,##0.0 %", locale=self.locale)

    def money(self, value: Money | None) -> str:
        """An exact amount with its currency, e.g. ``US$6,000,000.00``."""
        if value is None:
            return ""
        amount = Decimal(value.minor).scaleb(-exponent_of(value.currency))
        return numbers.format_currency(amount, value.currency, locale=self.locale)
