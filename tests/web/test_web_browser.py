"""Browser journeys: Playwright drives Debian's chromium against a live server.

Each test gets its own migrated SQLite database and server (prerequisite steps are seeded
through the services), so the tests are independent. They skip only when chromium is absent
and CI is not set; with CI=true they must run. Screenshots go to ``CONVENIO_SCREENSHOT_DIR``
when it is set (``docs/screenshots`` to refresh the committed ones), else to a temp folder.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect
from tests.browser_support import free_port
from tests.web.conftest import (
    EXAMPLES,
    PASSWORD,
    ROLE_USERS,
    actor_of,
    create_role_user,
    seed_accepted_case,
    seed_agreement,
    seed_people,
    username_of,
)

from convenio.billing import public as billing
from convenio.bootstrap import Services
from convenio.cases import services as case_services
from convenio.platform.db import make_engine
from convenio.platform.settings import Settings
from convenio.server import create_app
from convenio.shared.clock import FixedClock
from convenio.terms import services as terms_services

pytestmark = pytest.mark.browser


@dataclass
class Live:
    """A running server on its own database, and the pages opened against it."""

    services: Services
    url: str
    browser: object
    shots: Path
    contexts: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def page(self, role: str, lang: str = "en"):
        context = self.browser.new_context(
            base_url=self.url, viewport={"width": 1280, "height": 900}, locale=lang
        )
        self.contexts.append(context)
        page = context.new_page()
        self.watch(page)
        page.goto(f"/sign-in?lang={lang}")
        page.fill("#username", username_of(role))
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.url}/")
        return page

    def watch(self, page) -> None:
        """Collect script errors, CSP refusals and missing files (refusals of 4xx are fine)."""
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("response", lambda r: r.status == 404 and self.errors.append(f"404 {r.url}"))

    def _console(self, message) -> None:
        expected = ("Failed to load resource", "Response Status Error Code")
        if message.type == "error" and not message.text.startswith(expected):
            self.errors.append(message.text)

    def shot(self, page, name: str) -> None:
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


@pytest.fixture
def live(browser, shots, tmp_path: Path, sqlite_template: Path) -> Iterator[Live]:
    path = tmp_path / "convenio.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    settings = Settings(database_url=url, env="test", keys_dir=tmp_path / "keys")
    services = Services(settings=settings, engine=make_engine(url), clock=FixedClock())
    seed_agreement(services)
    for role in ROLE_USERS:
        create_role_user(services, role)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, services), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    harness = Live(services=services, url=f"http://127.0.0.1:{port}", browser=browser, shots=shots)
    yield harness
    for context in harness.contexts:
        context.close()
    server.should_exit = True
    thread.join(timeout=10)
    services.close()
    assert harness.errors == [], harness.errors


def test_signing_in_lands_on_the_dashboard_with_its_charts_drawn(live):
    seed_people(live.services)
    seed_accepted_case(live.services)
    case_services.open_case(live.services.uow(), "EX-3", actor_of("case_officer"))
    context = live.browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    live.contexts.append(context)
    page = context.new_page()
    live.watch(page)
    page.goto("/custody")
    assert "/sign-in" in page.url
    live.shot(page, "sign-in")
    page.fill("#username", username_of("monitor"))
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    assert page.locator(".flash.error").inner_text() == "Unknown username or wrong password."
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/custody")
    page.goto("/")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.wait_for_selector("canvas[data-drawn]")
    live.shot(page, "dashboard")
    assert page.locator("canvas[data-drawn]").count() == 4
    assert page.locator("#capacity meter").get_attribute("value") == "1"


def test_importing_shows_the_counts_and_a_bad_file_its_line_and_field(live, tmp_path):
    page = live.page("case_officer")
    page.click("nav >> text=Import")
    page.set_input_files("#people_file", str(EXAMPLES / "people.jsonl"))
    page.click("#import-form button[type=submit]")
    summary = page.wait_for_selector("#import-summary")
    assert "new people" in summary.inner_text()
    assert page.locator("#import-summary .figure").first.inner_text() == "4"
    assert page.locator("#import-progress").get_attribute("value") == "100"
    live.shot(page, "import")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"person_id": "B-1", "birth_date": "1990-02-30"}\n', encoding="utf-8")
    page.set_input_files("#people_file", str(bad))
    page.click("#import-form button[type=submit]")
    errors = page.wait_for_selector("#import-errors")
    assert "1:birth_date:" in errors.inner_text()
    assert "Nothing was written" in errors.inner_text()


def test_screening_opens_the_explanation_of_every_rule(live):
    seed_people(live.services)
    page = live.page("case_officer")
    page.click("nav >> text=People")
    page.fill("#q", "rojas")
    expect(page.locator("#people-rows tbody tr")).to_have_count(1)
    live.shot(page, "people")
    page.click("#people-rows >> text=EX-1")
    page.click("#screen-now")
    page.wait_for_selector("#explanation")
    assert page.locator("#explanation tbody tr").count() == 19
    assert "eligible" in page.locator("#explanation p").first.inner_text()
    assert page.locator("#explanation >> text=notice_min_days").count() >= 1
    assert "The person was screened now" in page.locator(".flash.ok").inner_text()
    live.shot(page, "person-explanation")


def test_a_nomination_is_accepted_from_the_receiving_officer_queue(live):
    seed_people(live.services)
    page = live.page("case_officer")
    page.goto("/people/EX-1")
    page.click("#screen-now")
    page.click("#nominate")
    assert "nominated to the receiving state" in page.locator(".flash.ok").inner_text()
    receiving = live.page("receiving_officer")
    receiving.click("nav >> text=Nominations")
    assert "Rojas Medina, Luis Alberto" in receiving.locator("#queue").inner_text()
    live.shot(receiving, "queue")
    receiving.click("#queue button.accept")
    assert "accepted" in receiving.locator(".flash.ok").inner_text()
    assert receiving.locator("#queue").count() == 0


def test_dispatch_is_refused_by_name_after_a_court_order_is_recorded(live):
    seed_people(live.services)
    seed_accepted_case(live.services)
    transport = live.page("transport_coordinator")
    transport.on("dialog", lambda dialog: dialog.accept())
    transport.click("nav >> text=Movements")
    transport.fill("#number", "GXA-1001")
    transport.fill("#origin", "Harlingen, TX")
    transport.fill("#scheduled_departure", "2025-03-15T19:36")
    transport.fill("#seats", "10")
    transport.click("#movement-form button[type=submit]")
    transport.check("#case-1")
    transport.click("#add-cases button[type=submit]")
    transport.click("#lock")
    assert transport.locator("#manifest tbody tr").count() == 1
    live.shot(transport, "manifest")
    legal = live.page("legal_reviewer")
    legal.click("nav >> text=Holds")
    legal.fill("#hold_id", "H-2025-0315-JGG")
    legal.select_option("#kind", "tro")
    legal.fill("#court", "D.D.C.")
    legal.fill("#case_number", "1:25-cv-00766")
    legal.fill("#issued_at", "2025-03-15T07:26")
    legal.fill("#person_ids", "EX-1")
    legal.fill("#summary", "Temporary restraining order: no removal of the named person")
    legal.click("#hold-form button[type=submit]")
    assert "recorded" in legal.locator(".flash.ok").inner_text()
    assert "EX-1" in legal.locator("#H-2025-0315-JGG table").inner_text()
    live.shot(legal, "holds")
    transport.reload()
    transport.click("#dispatch")
    refusal = transport.wait_for_selector("#refusal")
    text = refusal.inner_text()
    assert "Rojas Medina, Luis Alberto" in text
    assert "LEGAL_HOLD" in text
    assert "H-2025-0315-JGG" in text
    live.shot(transport, "dispatch-refused")


def test_an_invoice_shows_its_lines_and_exports_csv(live):
    agreement = terms_services.current_agreement(live.services.uow())
    billing.build_invoice(
        live.services.uow(), agreement, billing.Month(2025, 3), actor=actor_of("finance_officer")
    )
    page = live.page("finance_officer")
    page.click("nav >> text=Invoices")
    page.click("#invoices tbody a")
    assert page.locator("#lines tbody tr").count() >= 1
    assert "$500,000.00" in page.locator("#lines tfoot").inner_text()
    live.shot(page, "invoice")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    assert download.value.suggested_filename.endswith(".csv")


def test_a_monitor_verifies_the_ledger_and_proves_a_leaf(live):
    from convenio.ledger import services as ledger_services
    from convenio.ledger.adapters.keys import KeyStore

    seed_people(live.services)
    keys = KeyStore(live.services.settings.keys_dir)
    keys.create("monitor-key")
    ledger_services.sign_checkpoint(
        live.services.uow(), keys.signer("monitor-key"), "convenio.example/us-sv-2025"
    )
    page = live.page("monitor")
    page.click("nav >> text=Ledger")
    assert "monitor-key" in page.locator("#checkpoints").inner_text()
    page.click("#verify-button")
    result = page.locator("#verify-result").inner_text()
    assert "The ledger verifies." in result
    assert "1 checkpoints checked against 1 trusted keys" in result
    assert "signed by monitor-key" in page.locator("#verify").inner_text()
    live.shot(page, "ledger")
    page.click("#leaves tbody a >> nth=0")
    assert "is in the tree of size" in page.locator("#proof-result").inner_text()


def test_the_same_pages_read_in_spanish(live):
    seed_people(live.services)
    seed_accepted_case(live.services, "EX-1")
    page = live.page("receiving_officer", lang="es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Panel"
    page.click("nav >> text=Propuestas")
    assert page.locator("h1").inner_text() == "Propuestas"
    assert "Aceptados, en espera de traslado" in page.content()
    page.goto("/people/EX-1")
    assert page.locator("#explanation h2").inner_text() == "Explicación de la elegibilidad"
    assert "cumple" in page.locator("#explanation").inner_text()
    live.shot(page, "person-es")
    page.click("nav >> text=Custodia")
    assert page.locator("h1").inner_text() == "Custodia y ocupación"
    live.shot(page, "custody-es")
    page.click("nav >> text=Convenio")
    assert "Parámetros legales" in page.content()
    live.shot(page, "terms-es")
    page.click("text=English")
    assert page.locator("h1").inner_text().startswith("United States")
