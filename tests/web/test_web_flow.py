"""The journey of one person through the web UI, each step by the role that takes it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.conftest import csrf_of

EXAMPLES = Path(__file__).parents[1] / "data" / "examples"


def _import_examples(web) -> object:
    officer = web.signed_in("case_officer")
    token = csrf_of(officer.get("/imports").text)
    with (EXAMPLES / "people.jsonl").open("rb") as handle:
        response = officer.post(
            "/imports",
            data={"csrf_token": token},
            files={"people_file": ("people.jsonl", handle, "application/jsonl")},
        )
    assert response.status_code == 200, response.text
    return officer


def _post(client, path: str, data: dict[str, str] | None = None, page: str | None = None):
    token = csrf_of(client.get(page or path).text)
    return client.post(path, data={"csrf_token": token, **(data or {})})


def test_an_import_with_bad_lines_is_rejected_and_lists_line_and_field(web):
    officer = web.signed_in("case_officer")
    token = csrf_of(officer.get("/imports").text)
    bad = b'{"person_id": "B-1", "family_name": "X", "given_names": "Y", "birth_date": "1990-02-30", "languages": ["es"], "citizenships": [], "us_status": "unknown"}\n'
    response = officer.post(
        "/imports", data={"csrf_token": token}, files={"people_file": ("bad.jsonl", bad)}
    )
    assert response.status_code == 422
    assert "1:birth_date:" in response.text
    assert "Nobody is on record yet" in officer.get("/people").text


def test_importing_lists_the_people_and_searching_narrows_the_list(web):
    officer = _import_examples(web)
    listing = officer.get("/people")
    assert listing.text.count('href="/people/EX-') == 4
    found = officer.get("/people?q=rojas")
    assert "EX-1" in found.text
    assert "EX-2" not in found.text


def test_screening_opens_a_case_and_the_explanation_shows_rules_facts_and_references(web):
    officer = _import_examples(web)
    response = _post(officer, "/people/EX-3/screen", page="/people/EX-3")
    assert response.status_code == 303
    page = officer.get(response.headers["location"])
    assert "ineligible" in page.text
    assert "US_CITIZEN" in page.text
    assert "authority_us_citizens" in page.text
    assert "No statute authorises it" in page.text
    assert page.text.count('class="rule-') == 19


def test_a_case_goes_from_screening_to_nomination_to_acceptance(web):
    officer = _import_examples(web)
    _post(officer, "/people/EX-1/screen", page="/people/EX-1")
    page = officer.get("/people/EX-1").text
    case_id = re.search(r'action="/cases/([^"/]+)/nominate"', page).group(1)
    nominated = _post(officer, f"/cases/{case_id}/nominate", page="/people/EX-1")
    assert nominated.status_code == 303
    receiving = web.signed_in("receiving_officer")
    queue = receiving.get("/queue").text
    assert "Rojas Medina" in queue
    assert "A201234567" not in queue or "a_number" in queue
    accepted = _post(receiving, f"/queue/{case_id}/accept", page="/queue")
    assert accepted.status_code == 303
    assert "accepted" in officer.get("/people/EX-1").text


def test_a_role_without_the_right_neither_sees_the_button_nor_may_post(web):
    _import_examples(web)
    monitor = web.signed_in("monitor")
    page = monitor.get("/people/EX-1")
    assert page.status_code == 200
    assert "Screen now" not in page.text
    token = csrf_of(monitor.get("/terms").text)
    refused = monitor.post("/people/EX-1/screen", data={"csrf_token": token})
    assert refused.status_code == 403
    receiving = web.signed_in("receiving_officer")
    assert receiving.get("/imports").status_code == 403


def test_dispatch_is_refused_by_name_after_a_hold_is_recorded(web):
    officer = _import_examples(web)
    _post(officer, "/people/EX-1/screen", page="/people/EX-1")
    case_id = re.search(
        r'action="/cases/([^"/]+)/nominate"', officer.get("/people/EX-1").text
    ).group(1)
    _post(officer, f"/cases/{case_id}/nominate", page="/people/EX-1")
    _post(web.signed_in("receiving_officer"), f"/queue/{case_id}/accept", page="/queue")
    transport = web.signed_in("transport_coordinator")
    created = _post(
        transport,
        "/movements",
        {
            "number": "GXA-1",
            "mode": "flight",
            "origin": "Harlingen, TX",
            "facility_id": "CECOT",
            "scheduled_departure": "2025-03-15T19:36",
            "zone": "America/New_York",
            "seats": "10",
        },
    )
    assert created.status_code == 303, created.text
    movement = created.headers["location"].split("?")[0]
    added = _post(transport, f"{movement}/cases", {"case_id": case_id}, page=movement)
    assert added.status_code == 303, added.text
    locked = _post(transport, f"{movement}/lock", page=movement)
    assert locked.status_code == 303, locked.text
    legal = web.signed_in("legal_reviewer")
    recorded = _post(
        legal,
        "/holds",
        {
            "hold_id": "H-WEB-1",
            "kind": "tro",
            "court": "D.D.C.",
            "case_number": "1:25-cv-00766",
            "issued_at": "2025-03-15T07:00",
            "zone": "America/New_York",
            "person_ids": "EX-1",
            "summary": "Temporary restraining order",
        },
    )
    assert recorded.status_code == 303, recorded.text
    registry = legal.get("/holds").text
    assert "H-WEB-1" in registry
    assert case_id in registry
    refused = _post(transport, f"{movement}/dispatch", page=movement)
    assert refused.status_code == 422, refused.text
    assert "Rojas Medina, Luis Alberto" in refused.text
    assert "LEGAL_HOLD" in refused.text


def test_an_invoice_page_adds_up_and_its_export_links_answer(web):
    from conftest import actor_of
    from convenio.billing import public as billing
    from convenio.terms import services as terms_services

    agreement = terms_services.current_agreement(web.services.uow())
    built = billing.build_invoice(
        web.services.uow(), agreement, billing.Month(2025, 4), actor=actor_of("finance_officer")
    )
    finance = web.signed_in("finance_officer")
    listing = finance.get("/invoices").text
    assert built.number in listing
    page = finance.get(f"/invoices/{built.invoice_id}").text
    assert "$500,000.00" in page
    csv_export = finance.get(f"/invoices/{built.invoice_id}/export.csv")
    assert csv_export.headers["content-type"].startswith("text/csv")
    assert ",total," in csv_export.text.strip().splitlines()[-1]
    assert "500000.00" in csv_export.text.strip().splitlines()[-1]
    link = re.search(r'href="(/api/v1/[^"]+)"', page).group(1)
    assert finance.get(link).status_code == 200
    assert web.signed_in("case_officer").get(f"/invoices/{built.invoice_id}").status_code == 403
