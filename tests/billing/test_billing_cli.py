"""The `convenio billing` commands, from accrual to export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from rich.console import Console
from typer.testing import CliRunner

from convenio.billing import public as billing
from convenio.billing import services
from convenio.cli import context
from convenio.cli.main import app
from convenio.shared.errors import InvalidInputError

runner = CliRunner()


@pytest.fixture
def cli_db(db, monkeypatch, custody):
    monkeypatch.setattr(context, "services", db.services)
    monkeypatch.setattr(services, "custody_intervals", custody)
    monkeypatch.setattr(context, "console", Console(width=400))
    return db


def _run(*args):
    result = runner.invoke(app, ["billing", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_invoice_issue_pay_compare_and_export_through_the_cli(cli_db, custody, tmp_path):
    for index in range(3):
        custody.add(f"s{index}", date(2025, 3, 20), facility_id="CECOT")
    assert "3 stays, 90 person-days" in _run("accrue", "--month", "2025-04")
    assert "USD 500000.00" in _run("invoice", "--month", "2025-04")
    with cli_db.uow() as uow:
        (summary,) = billing.list_invoices(uow.session)
    assert "issued" in _run("issue", summary.number)
    _run("pay", summary.number, "--amount", "500000.00", "--on", "2025-05-05")
    shown = _run("show", summary.invoice_id)
    assert "paid; total USD 500000.00" in shown
    compared = _run("compare", "--from", "2025-04", "--to", "2025-04")
    assert "10872.00" in compared  # 90 person-days × USD 120.80
    out = tmp_path / "invoice.csv"
    _run("export", summary.number, "--format", "csv", "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert rows[-1]["kind"] == "total" and rows[-1]["amount"] == "500000.00"
    assert sum(int(r["amount"].replace(".", "")) for r in rows[:-1]) == 50_000_000
    assert {r["person_id"] for r in rows if r["kind"] == "person_days"} == {
        "person-s0",
        "person-s1",
        "person-s2",
    }
    page = tmp_path / "invoice.html"
    _run("export", summary.number, "--format", "html", "--out", str(page))
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "500000.00" in html
    assert "://" not in html and "<link" not in html and "<script" not in html, html[
        html.find("http") - 80 : html.find("http") + 40
    ]
    forecast = _run("forecast", "--as-of", "2025-05-01", "--months", "2")
    assert "population on 2025-05-01: 3" in forecast and "nobody arrives" in forecast


def test_a_bad_month_is_refused_naming_the_option(cli_db):
    result = runner.invoke(app, ["billing", "invoice", "--month", "2025-4"])
    assert isinstance(result.exception, InvalidInputError)
    assert "--month" in str(result.exception)
