"""The public locator in a browser, in English and in Spanish (Debian's chromium, live server).

Skips only when chromium is absent and CI is not set. Screenshots go to
``CONVENIO_SCREENSHOT_DIR`` when it is set (``docs/screenshots``), else to a temp folder.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from tests.browser_support import free_port
from tests.oversight.test_locator import ARRIVAL
from tests.web.conftest import EXAMPLES, actor_of, seed_agreement

from convenio.bootstrap import Services
from convenio.custody import public as custody
from convenio.platform.db import make_engine
from convenio.platform.settings import Settings
from convenio.records import public as records
from convenio.records import services as records_services
from convenio.server import create_app
from convenio.shared.clock import FixedClock

pytestmark = pytest.mark.browser


def _seed(services: Services) -> None:
    """The example people; EX-1 held at CECOT since 2025-03-15 (local)."""
    seed_agreement(services)
    records_services.import_people(services.uow(), EXAMPLES / "people.jsonl", actor="seed")
    with services.uow() as uow:
        custody.admit(
            uow.session,
            person=records.get_person(uow.session, "EX-1"),
            case_id="case_browser",
            movement_id=None,
            facility_id="CECOT",
            at=ARRIVAL,
            actor=actor_of("receiving_officer"),
            now=ARRIVAL,
        )
        uow.commit()


@pytest.fixture
def server(browser, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    path = tmp_path / "convenio.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    settings = Settings(database_url=url, env="test", keys_dir=tmp_path / "keys")
    services = Services(settings=settings, engine=make_engine(url), clock=FixedClock())
    _seed(services)
    port = free_port()
    running = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, services), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    services.close()


def _page(browser, base_url: str, lang: str, errors: list[str]):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}, locale=lang
    )
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status == 404 and errors.append(f"404 {r.url}"))
    return context, page


def test_the_locator_answers_in_english_without_signing_in(browser, server, shots):
    errors: list[str] = []
    context, page = _page(browser, server, "en", errors)
    page.goto("/locator?lang=en")
    assert page.locator("h1").inner_text() == "Find a person held under the agreement"
    page.fill("#a_number", "A201234567")
    page.click("#locator-form button[type=submit]")
    answer = page.locator("#answer").inner_text()
    assert answer.startswith("Held under the agreement at Centro de Confinamiento del Terrorismo")
    assert "2025" in answer
    page.screenshot(path=str(shots / "locator-en.png"), full_page=True)
    page.fill("#a_number", "A087654321")  # known to the sending state, never held
    page.click("#locator-form button[type=submit]")
    assert page.locator("#answer").inner_text() == "No record."
    context.close()
    assert errors == []


def test_the_locator_reads_and_answers_in_spanish(browser, server, shots):
    errors: list[str] = []
    context, page = _page(browser, server, "es", errors)
    page.goto("/locator?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Buscar a una persona bajo custodia del convenio"
    page.fill("#family_name", "Rojas Medina")
    page.fill("#given_names", "Luis Alberto")
    page.fill("#birth_date", "1994-07-12")
    page.fill("#country", "VE")
    page.click("#locator-form button[type=submit]")
    answer = page.locator("#answer").inner_text()
    assert answer.startswith("Bajo custodia en virtud del convenio en Centro de Confinamiento")
    assert "mar" in answer
    page.screenshot(path=str(shots / "locator-es.png"), full_page=True)
    page.fill("#family_name", "Rojas*")
    page.click("#locator-form button[type=submit]")
    assert "comodines" in page.locator(".flash.error").inner_text()
    assert page.locator("#answer").count() == 0
    page.click("text=English")
    assert page.locator("h1").inner_text() == "Find a person held under the agreement"
    context.close()
    assert errors == []
