"""Accrual, invoicing, repairs, disputes and payments through the services, on SQLite and
PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import event, func, select, text

from convenio.billing import public as billing
from convenio.billing.adapters.sql import billing_accrual_batches
from convenio.shared.errors import ConflictError, PermissionDeniedError, RuleViolationError
from convenio.shared.money import Money

APRIL, MAY, JUNE = billing.Month(2025, 4), billing.Month(2025, 5), billing.Month(2025, 6)


def _count(db, table):
    with db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _events(db, prefix="billing."):
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT event_type FROM ledger_leaves ORDER BY seq")
        ).scalars()
        return [r for r in rows if r.startswith(prefix)]


def _view(db, invoice_id):
    with db.uow() as uow:
        return billing.get_invoice(uow.session, invoice_id)


def _invoice(db, agreement, month, custody, finance):
    return billing.build_invoice(db.uow(), agreement, month, actor=finance, source=custody)


def test_accrual_is_idempotent(db, per_diem, custody):
    custody.add("a", date(2025, 3, 20))
    custody.add("b", date(2025, 4, 10), date(2025, 4, 20))
    first = billing.accrue_month(db.uow(), per_diem, APRIL, source=custody)
    rows, events = _count(db, billing_accrual_batches), _events(db)
    again = billing.accrue_month(db.uow(), per_diem, APRIL, source=custody)
    assert (first.added, first.person_days) == (2, 30 + 10)
    assert again.added == 0
    assert (_count(db, billing_accrual_batches), _events(db)) == (rows, events)


def test_invoice_total_is_the_sum_of_its_stored_lines(db, per_diem, custody, finance):
    custody.add("a", date(2025, 3, 20))
    custody.add("b", date(2025, 4, 10), date(2025, 4, 20), facility_id="F2")
    custody.add("c", date(2025, 4, 30), date(2025, 4, 30))
    result = _invoice(db, per_diem, APRIL, custody, finance)
    view = _view(db, result.invoice_id)
    assert view.summary.total == sum((line.amount for line in view.lines), Money.zero("USD"))
    assert view.summary.total == Money(5479 * (30 + 10 + 1), "USD")
    assert {line.person_id for line in view.lines} == {"person-a", "person-b", "person-c"}
    assert all(line.source_events for line in view.lines)
    assert view.summary.status is billing.InvoiceStatus.DRAFT


def test_an_issued_invoice_is_never_changed(db, per_diem, custody, finance):
    custody.add("a", date(2025, 3, 20))
    result = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, result.invoice_id)
    before = _view(db, result.invoice_id)
    custody.correct_exit("a", date(2025, 4, 11))
    again = _invoice(db, per_diem, APRIL, custody, finance)
    assert (again.invoice_id, again.created) == (result.invoice_id, False)
    assert _view(db, result.invoice_id).lines == before.lines
    with pytest.raises(RuleViolationError, match="issued"):
        billing.issue_invoice(db.uow(), finance, result.invoice_id)


def test_no_billing_row_is_ever_updated_or_deleted(db, per_diem, custody, finance):
    statements = []

    def watch(_conn, _cursor, statement, *_args):
        statements.append(statement.strip().split()[0].upper() + " " + statement)

    event.listen(db.engine, "before_cursor_execute", watch)
    custody.add("a", date(2025, 3, 20))
    custody.add("b", date(2025, 4, 2))
    first = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, first.invoice_id)
    custody.correct_exit("a", date(2025, 4, 5))
    _invoice(db, per_diem, MAY, custody, finance)
    custody.correct_exit("b", date(2025, 5, 5))
    replaced = _invoice(db, per_diem, MAY, custody, finance)
    billing.issue_invoice(db.uow(), finance, replaced.invoice_id)
    line = _view(db, first.invoice_id).lines[0]
    dispute = billing.open_dispute(db.uow(), finance, first.invoice_id, line.line_id, "why")
    billing.resolve_dispute(db.uow(), finance, dispute, "credited", line.amount)
    due = _view(db, first.invoice_id).summary.balance
    billing.record_payment(db.uow(), finance, first.invoice_id, due, date(2025, 6, 1), "w")
    assert _view(db, first.invoice_id).summary.status is billing.InvoiceStatus.SETTLED
    event.remove(db.engine, "before_cursor_execute", watch)
    changes = [s for s in statements if s.startswith(("UPDATE", "DELETE")) and "billing_" in s]
    assert changes == []
    assert any(s.startswith("INSERT") and "billing_invoice_line_sets" in s for s in statements)


def test_a_corrected_release_date_yields_one_repair_line_of_the_difference(
    db, per_diem, custody, finance
):
    custody.add("a", date(2025, 3, 20))
    custody.add("b", date(2025, 4, 1))
    april = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, april.invoice_id)
    original = next(line for line in _view(db, april.invoice_id).lines if line.stay_id == "a")
    custody.correct_exit("a", date(2025, 4, 11))  # released on the 11th, not still held
    may = _invoice(db, per_diem, MAY, custody, finance)
    repairs = [line for line in _view(db, may.invoice_id).lines if line.kind == "repair"]
    assert len(repairs) == 1
    (repair,) = repairs
    assert repair.corrects_line_id == original.line_id
    assert repair.for_month == APRIL
    assert repair.days == 10 - 30
    assert repair.amount == Money(-20 * 5479, "USD")
    assert repair.source_events[-1] == "evt-correct-a-2"
    assert may.repair_count == 1
    billing.issue_invoice(db.uow(), finance, may.invoice_id)
    june = _invoice(db, per_diem, JUNE, custody, finance)
    assert [line.kind for line in _view(db, june.invoice_id).lines if line.kind == "repair"] == []


def test_a_credit_note_carries_the_repair_when_no_next_invoice_is_wanted(
    db, per_diem, custody, finance
):
    custody.add("a", date(2025, 3, 20), date(2025, 4, 21))
    april = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, april.invoice_id)
    assert billing.build_credit_note(db.uow(), per_diem, actor=finance, source=custody) is None
    custody.correct_exit("a", date(2025, 4, 16))
    note = billing.build_credit_note(db.uow(), per_diem, actor=finance, source=custody)
    assert note is not None and note.number.startswith("CN-")
    view = _view(db, note.invoice_id)
    assert [line.amount for line in view.lines] == [Money(-5 * 5479, "USD")]
    assert view.summary.total == Money(-5 * 5479, "USD")


def test_a_changed_draft_is_voided_and_replaced(db, per_diem, custody, finance):
    custody.add("a", date(2025, 3, 20))
    first = _invoice(db, per_diem, APRIL, custody, finance)
    same = _invoice(db, per_diem, APRIL, custody, finance)
    assert (same.invoice_id, same.created) == (first.invoice_id, False)
    custody.correct_exit("a", date(2025, 4, 3))
    second = _invoice(db, per_diem, APRIL, custody, finance)
    assert second.created and second.invoice_id != first.invoice_id
    assert _view(db, first.invoice_id).summary.status is billing.InvoiceStatus.VOID
    with pytest.raises(RuleViolationError, match="void"):
        billing.issue_invoice(db.uow(), finance, first.invoice_id)


def test_dispute_resolution_and_payments_settle_the_invoice(db, per_diem, custody, finance):
    custody.add("a", date(2025, 3, 20))
    custody.add("b", date(2025, 4, 1))
    inv = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, inv.invoice_id)
    line = _view(db, inv.invoice_id).lines[0]
    dispute = billing.open_dispute(db.uow(), finance, inv.invoice_id, line.line_id, "not held")
    assert _view(db, inv.invoice_id).summary.status is billing.InvoiceStatus.DISPUTED
    billing.record_payment(
        db.uow(), finance, inv.invoice_id, Money(5479 * 30, "USD"), date(2025, 5, 10), "wire 1"
    )
    status = billing.resolve_dispute(
        db.uow(), finance, dispute, "two days credited", Money(2 * 5479, "USD")
    )
    assert status is billing.InvoiceStatus.DISPUTED  # resolved but not yet paid in full
    with pytest.raises(RuleViolationError, match="exceeds the balance"):
        billing.record_payment(
            db.uow(), finance, inv.invoice_id, Money(5479 * 30, "USD"), date(2025, 5, 11), "x"
        )
    billing.record_payment(
        db.uow(), finance, inv.invoice_id, Money(5479 * 28, "USD"), date(2025, 5, 12), "wire 2"
    )
    view = _view(db, inv.invoice_id)
    assert view.summary.status is billing.InvoiceStatus.SETTLED
    assert view.summary.balance == Money.zero("USD")
    assert [h.status.value for h in view.history] == ["draft", "issued", "disputed", "settled"]
    assert view.disputes[0].credit == Money(2 * 5479, "USD")
    assert _events(db)[-4:] == [
        "billing.payment_recorded",
        "billing.dispute_resolved",
        "billing.payment_recorded",
        "billing.invoice_settled",
    ]


def test_full_payment_marks_an_undisputed_invoice_paid(db, per_diem, custody, finance):
    custody.add("a", date(2025, 4, 1), date(2025, 4, 3))
    inv = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, inv.invoice_id)
    billing.record_payment(
        db.uow(), finance, inv.invoice_id, Money(5479, "USD"), date(2025, 5, 1), "p1"
    )
    assert _view(db, inv.invoice_id).summary.status is billing.InvoiceStatus.ISSUED
    billing.record_payment(
        db.uow(), finance, inv.invoice_id, Money(5479, "USD"), date(2025, 5, 2), "p2"
    )
    assert _view(db, inv.invoice_id).summary.status is billing.InvoiceStatus.PAID
    with pytest.raises(RuleViolationError):
        billing.open_dispute(db.uow(), finance, inv.invoice_id, "x", "late")
    assert "billing.invoice_issued" in _events(db) and "billing.invoice_paid" in _events(db)


def test_only_a_finance_officer_changes_invoices(db, per_diem, custody, finance, clerk):
    custody.add("a", date(2025, 4, 1))
    inv = _invoice(db, per_diem, APRIL, custody, finance)
    with pytest.raises(PermissionDeniedError):
        billing.issue_invoice(db.uow(), clerk, inv.invoice_id)
    with pytest.raises(PermissionDeniedError):
        billing.build_invoice(db.uow(), per_diem, MAY, actor=clerk, source=custody)


def test_a_draft_whose_repair_was_billed_elsewhere_cannot_be_issued(db, per_diem, custody, finance):
    custody.add("a", date(2025, 3, 20))
    april = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, april.invoice_id)
    custody.correct_exit("a", date(2025, 4, 11))
    may = _invoice(db, per_diem, MAY, custody, finance)
    note = billing.build_credit_note(db.uow(), per_diem, actor=finance, source=custody)
    assert note is not None
    billing.issue_invoice(db.uow(), finance, note.invoice_id)
    with pytest.raises(ConflictError, match="out of date"):
        billing.issue_invoice(db.uow(), finance, may.invoice_id)
    rebuilt = _invoice(db, per_diem, MAY, custody, finance)
    assert rebuilt.repair_count == 0


def test_block_invoices_are_twelve_instalments_of_500000(db, block, custody, finance):
    for i in range(238):
        custody.add(f"s{i}", date(2025, 3, 16), facility_id="CECOT")
    month = billing.Month(2025, 3)
    totals = []
    for _ in range(12):
        inv = _invoice(db, block, month, custody, finance)
        billing.issue_invoice(db.uow(), finance, inv.invoice_id)
        totals.append(inv.total)
        month = month.next()
    assert totals == [Money.parse("500000.00", "USD")] * 12
    assert sum(totals, Money.zero("USD")) == Money.parse("6000000.00", "USD")
    with db.uow() as uow:
        fees = billing.fees_by_month(uow.session, "us-sv-2025")
    assert [f.invoiced for f in fees] == totals


def test_cost_comparison_prices_the_same_person_days_at_the_domestic_cost(
    db, per_diem, custody, finance
):
    custody.add("a", date(2025, 3, 20))
    custody.add("b", date(2025, 4, 11), date(2025, 5, 11))
    inv = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, inv.invoice_id)
    billing.accrue_month(db.uow(), per_diem, MAY, source=custody)
    with db.uow() as uow:
        rows = billing.cost_comparison(uow.session, per_diem, APRIL, MAY)
        by_day = billing.cost_comparison(uow.session, per_diem, date(2025, 4, 9), date(2025, 5, 2))
    assert by_day == rows
    april, may = rows
    assert april.person_days == 30 + 20
    assert april.domestic_cost == Money(12080 * 50, "USD")
    assert april.fees_accrued == april.fees_invoiced == Money(5479 * 50, "USD")
    assert may.person_days == 31 + 10
    assert may.fees_invoiced == Money.zero("USD")
    assert may.fees_accrued == Money(5479 * (15 + 10) + 6000 * 16, "USD")
    assert may.cumulative_domestic_cost == Money(12080 * 91, "USD")
    assert may.cumulative_saving == may.cumulative_domestic_cost - may.cumulative_fees_accrued


def test_forecast_assumes_the_current_population_stays(db, per_person_month, custody):
    custody.add("a", date(2025, 9, 17), facility_id="TARTU")
    custody.add("b", date(2025, 9, 1), date(2025, 9, 20), facility_id="TARTU")
    with db.uow() as uow:
        result = billing.forecast(
            uow.session, per_person_month, date(2025, 9, 30), 3, source=custody
        )
    assert result.population == 1
    assert "2025-09-30" in result.assumption
    assert [str(m.month) for m in result.months] == ["2025-10", "2025-11", "2025-12"]
    assert [m.fees_accrued for m in result.months] == [Money.parse("8500.00", "EUR")] * 3
    assert result.months[-1].cumulative_person_days == 31 + 30 + 31


def test_a_late_recorded_stay_is_charged_on_the_next_invoice_for_its_month(
    db, per_diem, custody, finance
):
    custody.add("a", date(2025, 3, 20))
    april = _invoice(db, per_diem, APRIL, custody, finance)
    billing.issue_invoice(db.uow(), finance, april.invoice_id)
    custody.add("late", date(2025, 4, 21))  # recorded in custody only in May
    may = _invoice(db, per_diem, MAY, custody, finance)
    repairs = [line for line in _view(db, may.invoice_id).lines if line.kind == "repair"]
    assert [(r.stay_id, r.for_month, r.days, r.corrects_line_id) for r in repairs] == [
        ("late", APRIL, 10, None)
    ]
    assert repairs[0].amount == Money(10 * 5479, "USD")


def test_eur_8500_person_month_invoice_for_an_arrival_on_the_17th(
    db, per_person_month, custody, finance
):
    custody.add("t1", date(2025, 9, 17), facility_id="TARTU")
    result = billing.build_invoice(
        db.uow(), per_person_month, billing.Month(2025, 9), actor=finance, source=custody
    )
    (line,) = _view(db, result.invoice_id).lines
    assert (line.first_day, line.last_day, line.days) == (date(2025, 9, 17), date(2025, 9, 30), 14)
    assert result.total == line.amount == Money.parse("3966.67", "EUR")
