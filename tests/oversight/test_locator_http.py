"""The locator over HTTP: public, exact, rate-limited, and saying nothing beyond three answers."""

from __future__ import annotations

import re

import pytest
from tests.oversight.test_locator import ARRIVAL
from tests.web.conftest import EXAMPLES, actor_of

from convenio.custody import public as custody
from convenio.oversight.services import locator
from convenio.records import public as records
from convenio.records import services as records_services

HELD_A_NUMBER = "A201234567"  # EX-1, admitted to CECOT
KNOWN_NOT_HELD = "A087654321"  # EX-4, in the sending state's records only
UNKNOWN = "A999999999"


@pytest.fixture
def held(web):
    records_services.import_people(web.services.uow(), EXAMPLES / "people.jsonl")
    with web.services.uow() as uow:
        custody.admit(
            uow.session,
            person=records.get_person(uow.session, "EX-1"),
            case_id="case_http",
            movement_id=None,
            facility_id="CECOT",
            at=ARRIVAL,
            actor=actor_of("receiving_officer"),
            now=ARRIVAL,
        )
        uow.commit()
    return web


def _search(client, **fields):
    page = client.get("/locator")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "the locator form has no CSRF token"
    return client.post("/locator", data={"csrf_token": token.group(1), **fields})


def _answer(html: str) -> str:
    found = re.search(r'<p id="answer"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no answer on the page"
    return found.group(1).strip()


def test_anyone_finds_a_held_person_without_signing_in(held):
    response = _search(held.anonymous(), a_number=HELD_A_NUMBER)
    assert response.status_code == 200
    assert "Centro de Confinamiento del Terrorismo" in _answer(response.text)


def test_the_answer_reads_in_spanish(held):
    client = held.anonymous()
    client.get("/locator?lang=es")
    response = _search(client, a_number=HELD_A_NUMBER)
    assert _answer(response.text).startswith("Bajo custodia en virtud del convenio")
    assert 'lang="es"' in response.text


def test_known_but_not_held_and_unknown_give_identical_pages(held):
    client = held.anonymous()
    known = _search(client, a_number=KNOWN_NOT_HELD)
    unknown = _search(client, a_number=UNKNOWN)
    assert _answer(known.text) == _answer(unknown.text) == "No record."
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)
    api_known = client.get("/api/v1/locator", params={"a_number": KNOWN_NOT_HELD})
    api_unknown = client.post("/api/v1/locator", json={"a_number": UNKNOWN})
    assert (
        api_known.json()
        == api_unknown.json()
        == {
            "answer": "no_record",
            "facility": None,
            "on": None,
        }
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"a_number": "A2012*"},
        {"a_number": "A20123%"},
        {
            "family_name": "Rojas*",
            "given_names": "Luis",
            "birth_date": "1994-07-12",
            "country": "VE",
        },
        {"family_name": "R%", "given_names": "Luis", "birth_date": "1994-07-12", "country": "VE"},
        {
            "family_name": "Rojas Medina",
            "given_names": "L_is",
            "birth_date": "1994-07-12",
            "country": "VE",
        },
        {"family_name": "Rojas Medina", "given_names": "Luis Alberto", "country": "VE"},
    ],
)
def test_wildcards_and_partial_questions_are_refused_with_422(held, fields):
    client = held.anonymous()
    assert client.get("/api/v1/locator", params=fields).status_code == 422
    api = client.post("/api/v1/locator", json=fields)
    assert api.status_code == 422
    assert set(api.json()) == {"code", "message", "details"}
    assert _search(client, **fields).status_code == 422


def test_the_api_answers_held_with_facility_and_day(held):
    answer = held.anonymous().get("/api/v1/locator", params={"a_number": HELD_A_NUMBER}).json()
    assert answer == {
        "answer": "held",
        "facility": "Centro de Confinamiento del Terrorismo",
        "on": "2025-03-15",
    }


def test_a_client_over_the_limit_gets_429_with_retry_after(held):
    client = held.anonymous()
    for _ in range(locator.LIMIT_PER_WINDOW):
        assert client.get("/api/v1/locator", params={"a_number": UNKNOWN}).status_code == 200
    refused = client.post("/api/v1/locator", json={"a_number": HELD_A_NUMBER})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["code"] == "rate_limited"
    page = _search(client, a_number=HELD_A_NUMBER)
    assert page.status_code == 429
    assert int(page.headers["Retry-After"]) > 0
    assert 'id="answer"' not in page.text


def test_locator_questions_leave_no_trace_on_the_ledger(held):
    from convenio.ledger import public as ledger

    with held.services.uow() as uow:
        before = ledger.tree_head(uow.session).size
    client = held.anonymous()
    _search(client, a_number=HELD_A_NUMBER)
    client.get("/api/v1/locator", params={"a_number": UNKNOWN})
    with held.services.uow() as uow:
        assert ledger.tree_head(uow.session).size == before
        counts = locator.query_counts(uow.session)
    assert counts == {"held": 1, "no_record": 1}


def test_the_access_log_keeps_neither_the_question_nor_the_asker():
    import logging

    from convenio.oversight.adapters.access_log import LocatorLogFilter

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.5:5000", "GET", "/api/v1/locator?a_number=A201234567", "1.1", 200),
        None,
    )
    assert LocatorLogFilter().filter(record)
    line = record.getMessage()
    assert "A201234567" not in line and "203.0.113.5" not in line
    assert "/api/v1/locator" in line
