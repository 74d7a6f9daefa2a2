"""The Spanish catalog covers every message of the UI; dates and money follow the locale."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from convenio.shared.money import Money
from convenio.web import i18n

WEB = Path(i18n.__file__).parent


def _extracted_ids() -> set[str]:
    with (WEB / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(WEB), method_map, options_map
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(language: str):
    with (WEB / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_every_message_of_templates_and_code_is_in_the_spanish_catalog():
    catalog = _catalog("es")
    missing = sorted(m for m in _extracted_ids() if m and m not in catalog)
    assert missing == []


def test_every_spanish_message_is_translated_and_keeps_its_placeholders():
    for message in _catalog("es"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        source = message.id if isinstance(message.id, str) else message.id[1]
        for placeholder in ("%(num)s", "%(name)s", "%(q)s", "%(day)s", "%(size)s"):
            if placeholder in source:
                assert all(placeholder in s for s in strings), (message.id, placeholder)


def test_the_catalog_is_compiled_in_memory_without_a_build_step():
    spanish = i18n.translations("es")
    assert spanish.gettext("Sign in") == "Iniciar sesión"
    assert i18n.translations("en").gettext("Sign in") == "Sign in"


def test_the_language_comes_from_the_query_then_the_cookie_then_the_browser():
    assert i18n.choose_language("es", "en", "en-US") == "es"
    assert i18n.choose_language(None, "es", "en-US") == "es"
    assert i18n.choose_language("xx", None, "fr-FR, es;q=0.8") == "es"
    assert i18n.choose_language(None, None, None) == "en"


def test_money_and_dates_are_written_per_locale():
    amount = Money(600000000, "USD")
    assert i18n.Formatter("en").money(amount) == "$6,000,000.00"
    assert "6,000,000.00" in i18n.Formatter("es").money(amount)
    assert i18n.Formatter("es").day(date(2025, 3, 15)) == "15 mar 2025"
    assert i18n.Formatter("en").month(date(2025, 3, 1)) == "March 2025"
    assert i18n.Formatter("es").month(date(2025, 3, 1)) == "marzo de 2025"


def test_instants_are_shown_in_the_display_zone_with_their_offset():
    order = datetime(2025, 3, 15, 23, 26, tzinfo=UTC)
    shown = i18n.Formatter("en", "America/New_York").instant(order)
    assert "7:26:00" in shown
    assert shown.endswith("(UTC-04:00)")
    salvador = i18n.Formatter("es", "America/El_Salvador").instant(order)
    assert "5:26:00" in salvador
    assert salvador.endswith("(UTC-06:00)")


def test_an_instant_can_be_shown_at_a_fixed_offset_as_a_movement_was_written():
    wheels_up = datetime(2025, 3, 15, 23, 36, tzinfo=UTC)
    shown = i18n.Formatter("en").instant(wheels_up, "-04:00")
    assert "7:36:00" in shown
    assert shown.endswith("(UTC-04:00)")
