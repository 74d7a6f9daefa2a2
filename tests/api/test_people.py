"""People through the API: import, what each party sees, monitor reads on the ledger."""

from __future__ import annotations

from sqlalchemy import select
from tests.api.helpers import make_client, make_user, token_for
from tests.conftest import EXAMPLES

from convenio.ledger.adapters.sql import ledger_leaves
from convenio.shared.actor import Role
from convenio.terms import public as terms
from convenio.terms import services as terms_services


def bearer(db, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(db, make_user(db, role))}"}


def imported(db):
    client = make_client(db)
    officer = bearer(db, Role.CASE_OFFICER)
    body = (EXAMPLES / "people.jsonl").read_bytes()
    response = client.post(
        "/api/v1/people/imports",
        content=body,
        headers={**officer, "content-type": "application/x-ndjson"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 4
    return client, officer


def test_a_people_file_is_imported_and_listed_page_by_page(db):
    client, officer = imported(db)
    page = client.get("/api/v1/people?offset=1&limit=2", headers=officer).json()
    assert page["total"] == 4 and page["offset"] == 1 and page["limit"] == 2
    assert len(page["items"]) == 2


def test_a_bad_people_file_is_refused_with_its_lines_and_nothing_written(db):
    client = make_client(db)
    officer = bearer(db, Role.CASE_OFFICER)
    response = client.post(
        "/api/v1/people/imports",
        content=b'{"person_id": "X"}\nnot json\n',
        headers={**officer, "content-type": "application/x-ndjson"},
    )
    assert response.status_code == 422
    assert client.get("/api/v1/people", headers=officer).json()["total"] == 0


def nominate(db, client, officer, person_id: str) -> dict:
    terms_services.register_agreement(
        db.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="t"
    )
    at = "2025-03-15T19:36:00-04:00"
    opened = client.post("/api/v1/cases", json={"person_id": person_id, "at": at}, headers=officer)
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    nominated = client.post(f"/api/v1/cases/{case_id}/nominate", json={"at": at}, headers=officer)
    assert nominated.status_code == 200, nominated.text
    assert nominated.json()["state"] == "nominated"
    return nominated.json()


def test_the_receiving_state_sees_a_summary_of_people_put_to_it_and_no_one_else(db):
    client, officer = imported(db)
    receiver = bearer(db, Role.RECEIVING_OFFICER)
    assert client.get("/api/v1/people/EX-1", headers=receiver).status_code == 404
    assert client.get("/api/v1/people", headers=receiver).json()["total"] == 0
    case = nominate(db, client, officer, "EX-1")
    full = client.get("/api/v1/people/EX-1", headers=officer).json()
    receiving = client.get("/api/v1/people/EX-1", headers=receiver).json()
    assert "removal_orders" in full and "notices" in full
    assert "removal_orders" not in receiving and "notices" not in receiving
    assert receiving["family_name"] == full["family_name"]
    assert "sentence" in full["convictions"][0] and "sentence" not in receiving["convictions"][0]
    listed = client.get("/api/v1/people", headers=receiver).json()
    assert [item["person_id"] for item in listed["items"]] == ["EX-1"]
    assert listed["items"][0]["us_status"] is None
    assert client.get("/api/v1/people/EX-2", headers=receiver).status_code == 404
    cases = client.get("/api/v1/cases", headers=receiver).json()
    assert [c["case_id"] for c in cases["items"]] == [case["case_id"]]


def test_every_monitor_read_of_a_person_is_recorded_on_the_ledger(db):
    client, _ = imported(db)
    monitor = bearer(db, Role.MONITOR)
    assert client.get("/api/v1/people/EX-1", headers=monitor).status_code == 200
    assert client.get("/api/v1/people", headers=monitor).status_code == 200
    with db.engine.connect() as connection:
        leaves = (
            connection.execute(
                select(ledger_leaves.c.leaf).where(
                    ledger_leaves.c.event_type == "access.monitor_read"
                )
            )
            .scalars()
            .all()
        )
    assert len(leaves) == 2 and '"EX-1"' in leaves[0]


def test_an_unknown_person_is_404(db):
    client = make_client(db)
    response = client.get("/api/v1/people/nobody", headers=bearer(db, Role.CASE_OFFICER))
    assert response.status_code == 404 and response.json()["code"]
