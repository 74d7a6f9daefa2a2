"""An invoice through the API: its lines come a window at a time (a year of 40,000 people
is 40,000 lines a month); the summary counts them all."""

from datetime import date

from tests.api.helpers import make_client, make_user, token_for
from tests.billing.fakes import DATA, FakeCustody

from convenio.billing import public as billing
from convenio.shared.actor import SYSTEM_ACTOR, Role
from convenio.terms import public as terms


def _invoice(db) -> str:
    custody = FakeCustody()
    for number in range(7):
        custody.add(f"s{number}", date(2025, 3, 20 + number))
    agreement = terms.load_agreement(DATA / "per-diem.yaml")
    month = billing.Month(2025, 4)
    built = billing.build_invoice(db.uow(), agreement, month, actor=SYSTEM_ACTOR, source=custody)
    return built.invoice_id


def test_invoice_lines_come_a_window_at_a_time(db):
    invoice_id = _invoice(db)
    client = make_client(db)
    headers = {"Authorization": f"Bearer {token_for(db, make_user(db, Role.FINANCE_OFFICER))}"}
    every = client.get(f"/api/v1/billing/invoices/{invoice_id}", headers=headers).json()
    assert every["summary"]["line_count"] == len(every["lines"]) == 7
    window = client.get(
        f"/api/v1/billing/invoices/{invoice_id}?lines_offset=2&lines_limit=3", headers=headers
    ).json()
    assert window["lines_offset"] == 2
    assert [line["position"] for line in window["lines"]] == [3, 4, 5]
    assert window["lines"] == every["lines"][2:5]
    assert window["summary"] == every["summary"]
    refused = client.get(f"/api/v1/billing/invoices/{invoice_id}?lines_limit=0", headers=headers)
    assert refused.status_code == 422
    assert "lines_limit" in refused.text
