"""Monitor pages and the oversight API: permission-checked, and every monitor read recorded."""

from __future__ import annotations

from datetime import timedelta

from tests.api.helpers import make_user, token_for
from tests.web.conftest import actor_of, csrf_of

from convenio.ledger import public as ledger
from convenio.oversight.services import complaints
from convenio.shared.actor import Role


def _monitor_reads(web) -> int:
    with web.services.uow() as uow:
        return ledger.leaf_count_by_type(uow.session).get("access.monitor_read", 0)


def test_a_monitor_sees_the_clock_of_a_complaint_and_advances_it(web):
    clock = web.services.clock
    now = clock.now()
    clock.instant = now - timedelta(days=3)
    complaints.file_complaint(
        web.services.uow(),
        complaints.FileComplaint(
            person_id="EX-1",
            facility_id="CECOT",
            filed_by="Counsel of record",
            filed_by_kind="counsel",
            subject="No access to counsel",
            body="Visits refused twice.",
        ),
        actor_of("monitor"),
    )
    clock.instant = now
    monitor = web.signed_in("monitor")
    page = monitor.get("/oversight/complaints")
    assert "No access to counsel" in page.text
    assert "badge overdue" in page.text  # not acknowledged within two days
    complaint_id = page.text.split('action="/oversight/complaints/')[1].split("/")[0]
    advanced = monitor.post(
        f"/oversight/complaints/{complaint_id}/advance",
        data={"csrf_token": csrf_of(page.text), "stage": "acknowledged", "note": "seen"},
    )
    assert advanced.status_code == 303
    after = monitor.get("/oversight/complaints").text
    assert "badge overdue" not in after
    skipped = monitor.post(
        f"/oversight/complaints/{complaint_id}/advance",
        data={"csrf_token": csrf_of(after), "stage": "resolved"},
    )
    assert skipped.status_code == 422


def test_every_oversight_page_a_monitor_opens_is_recorded(web):
    monitor = web.signed_in("monitor")
    page = monitor.get("/oversight/complaints")
    monitor.post(
        "/oversight/complaints",
        data={
            "csrf_token": csrf_of(page.text),
            "person_id": "EX-2",
            "filed_by": "Family",
            "filed_by_kind": "family",
            "subject": "Medical care",
            "body": "No medication for a week.",
        },
    )
    before = _monitor_reads(web)
    assert monitor.get("/oversight/complaints").status_code == 200
    assert _monitor_reads(web) == before + 1


def test_an_inspection_is_recorded_and_its_finding_followed_up(web):
    monitor = web.signed_in("monitor")
    page = monitor.get("/oversight/inspections")
    recorded = monitor.post(
        "/oversight/inspections",
        data={
            "csrf_token": csrf_of(page.text),
            "facility_id": "CECOT",
            "visited_on": "2025-04-02",
            "inspector": "Ombudsman office",
            "summary": "Unannounced visit to module 8.",
            "severity": "high",
            "finding": "Cells over capacity",
            "action": "Reduce occupancy of module 8",
        },
    )
    assert recorded.status_code == 303
    page = monitor.get("/oversight/inspections")
    assert "Cells over capacity" in page.text
    finding_id = page.text.split('action="/oversight/findings/')[1].split('"')[0]
    updated = monitor.post(
        f"/oversight/findings/{finding_id}",
        data={"csrf_token": csrf_of(page.text), "status": "in_progress", "note": "plan given"},
    )
    assert updated.status_code == 303
    assert '<option value="in_progress" selected>' in monitor.get("/oversight/inspections").text


def test_the_report_page_computes_a_month_and_downloads_csv(web):
    monitor = web.signed_in("monitor", lang="es")
    page = monitor.get("/oversight/reports")
    assert "Aún no se ha calculado ningún informe." in page.text
    computed = monitor.post(
        "/oversight/reports", data={"csrf_token": csrf_of(page.text), "month": "2025-03"}
    )
    assert computed.status_code == 303
    page = monitor.get("/oversight/reports")
    assert 'id="ledger-reference"' in page.text and "<svg" in page.text
    download = monitor.get("/oversight/reports/latest.csv")
    assert download.headers["content-type"].startswith("text/csv")
    assert download.text.startswith("section,label,value")
    assert "attachment" in download.headers["content-disposition"]


def test_a_new_subscriber_secret_is_shown_once(web):
    monitor = web.signed_in("monitor")
    page = monitor.get("/oversight/webhooks")
    created = monitor.post(
        "/oversight/webhooks",
        data={
            "csrf_token": csrf_of(page.text),
            "name": "Consulate of Venezuela",
            "kind": "consulate",
            "url": "https://consulate.test/hooks",
        },
    )
    assert created.status_code == 200
    secret = created.text.split('id="new-secret"')[1].split("<code>")[1].split("</code>")[0]
    assert len(secret) >= 32
    assert secret not in monitor.get("/oversight/webhooks").text


def test_other_roles_are_refused_the_monitor_pages(web):
    officer = web.signed_in("case_officer")
    assert officer.get("/oversight/complaints").status_code == 403
    assert officer.get("/oversight/webhooks").status_code == 403
    assert officer.get("/oversight/reports").status_code == 200  # the report has no personal data
    assert web.anonymous().get("/oversight").status_code == 303


def test_the_oversight_api_files_complaints_and_records_monitor_reads(web, db):
    headers = {
        "Authorization": f"Bearer {token_for(db, make_user(db, Role.MONITOR, username='m-api'))}"
    }
    client = web.anonymous()
    created = client.post(
        "/api/v1/complaints",
        headers=headers,
        json={
            "person_id": "EX-1",
            "filed_by": "Counsel",
            "filed_by_kind": "counsel",
            "subject": "Access",
            "body": "Refused.",
        },
    )
    assert created.status_code == 201
    before = _monitor_reads(web)
    listed = client.get("/api/v1/complaints", headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["clocks"][0]["stage"] == "filed"
    assert _monitor_reads(web) == before + 1
    wrong = client.post(
        f"/api/v1/complaints/{created.json()['id']}/stages",
        headers=headers,
        json={"stage": "resolved"},
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "oversight.complaint_stage"
    report = client.post("/api/v1/reports", headers=headers, json={"month": "2025-03"})
    assert report.status_code == 201
    assert report.json()["ledger_size"] > 0
    subscriber = client.post(
        "/api/v1/subscribers",
        headers=headers,
        json={"name": "Counsel", "kind": "counsel", "url": "https://c.test/h"},
    ).json()
    assert "secret" not in client.get("/api/v1/subscribers", headers=headers).json()["items"][0]
    follow = client.post(
        f"/api/v1/subscribers/{subscriber['id']}/follows",
        headers=headers,
        json={"person_id": "EX-1"},
    )
    assert follow.status_code == 204
