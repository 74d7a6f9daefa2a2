"""Every page for every role: shown when the policy grants it, refused (403) when not."""

from __future__ import annotations

import pytest
from tests.web.conftest import ROLE_USERS, actor_of, csrf_of, seed_people

from convenio.access import public as access

PAGES: dict[str, access.Action | None] = {
    "/": None,
    "/people": access.Action.PEOPLE_READ,
    "/people/EX-1": access.Action.PEOPLE_READ,
    "/imports": access.Action.PEOPLE_IMPORT,
    "/holds": access.Action.HOLD_READ,
    "/queue": access.Action.CASE_READ,
    "/movements": access.Action.MOVEMENT_READ,
    "/custody": access.Action.CUSTODY_READ,
    "/invoices": access.Action.BILLING_READ,
    "/ledger": access.Action.LEDGER_READ,
    "/terms": access.Action.TERMS_READ,
}


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_each_page_is_shown_or_refused_as_the_policy_says(web, role):
    seed_people(web.services)
    client = web.signed_in(role)
    actor = actor_of(role)
    for path, action in PAGES.items():
        response = client.get(path)
        expected = 200 if action is None or access.can(actor, action) else 403
        assert response.status_code == expected, (role, path, response.text[:300])
        if path == "/":
            for link, needed in PAGES.items():
                if link.count("/") == 1 and link != "/" and needed is not None:
                    shown = f'<a href="{link}"' in response.text
                    assert shown == access.can(actor, needed), (role, link)


def test_a_refused_page_explains_itself_in_the_readers_language(web):
    client = web.signed_in("receiving_officer", lang="es")
    response = client.get("/imports")
    assert response.status_code == 403
    assert "No permitido" in response.text


@pytest.mark.parametrize(
    ("role", "path", "data"),
    [
        ("legal_reviewer", "/holds", {"hold_id": "H-1"}),
        ("receiving_officer", "/queue/case_x/accept", {}),
        ("transport_coordinator", "/movements", {"number": "F-1"}),
        ("monitor", "/ledger/verify", {}),
    ],
)
def test_a_form_without_the_session_token_is_refused(web, role, path, data):
    client = web.signed_in(role)
    assert client.post(path, data=data).status_code == 403
    assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 403


def test_the_receiving_state_sees_the_decision_but_not_the_sending_files(web):
    seed_people(web.services)
    receiving = web.signed_in("receiving_officer")
    page = receiving.get("/people/EX-1").text
    assert "Eligibility explanation" in page
    assert "Aggravated assault" in page
    assert "A201234567" in page
    assert "has_protection_pending" not in page
    officer = web.signed_in("case_officer")
    assert "has_protection_pending" in officer.get("/people/EX-1").text


def test_an_unknown_person_is_a_404_page(web):
    client = web.signed_in("case_officer")
    response = client.get("/people/NOPE")
    assert response.status_code == 404
    assert "NOPE" in response.text


def test_a_monitor_reading_a_person_is_recorded_on_the_ledger(web):
    from convenio.ledger import public as ledger

    seed_people(web.services)
    monitor = web.signed_in("monitor")
    with web.services.uow() as uow:
        before = ledger.leaf_count_by_type(uow.session).get("access.monitor_read", 0)
    token = csrf_of(monitor.get("/people/EX-2").text)
    assert token
    with web.services.uow() as uow:
        after = ledger.leaf_count_by_type(uow.session).get("access.monitor_read", 0)
    assert after == before + 1
