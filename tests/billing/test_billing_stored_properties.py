"""Properties checked on stored invoices (hypothesis, a few examples per database): totals are
the sum of the lines, accrual is idempotent, and a corrected release date yields exactly one
repair line carrying the exact difference."""

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.billing.fakes import DATA, FakeCustody

from convenio.billing import public as billing
from convenio.shared.money import Money
from convenio.terms import public as terms

RATE = 5479  # USD 54.79 a day until 15 May 2025
APRIL, MAY = billing.Month(2025, 4), billing.Month(2025, 5)
_numbers = itertools.count()

stays = st.lists(
    st.tuples(st.integers(0, 75), st.one_of(st.none(), st.integers(0, 60))),
    min_size=1,
    max_size=6,
)


def _agreement() -> terms.Agreement:
    text = (DATA / "per-diem.yaml").read_text("utf-8")
    unique = f"agreement: test-prop-{next(_numbers)}"
    return terms.load_agreement_text(text.replace("agreement: test-per-diem", unique).encode())


def _paid_in_april(admitted: date, exited: date | None) -> int:
    last = (
        date(2025, 4, 30) if exited is None else min(exited - timedelta(days=1), date(2025, 4, 30))
    )
    if exited is not None and exited == admitted:
        last = min(admitted, date(2025, 4, 30))
    first = max(admitted, date(2025, 4, 1))
    return max(0, (last - first).days + 1)


@settings(
    max_examples=int(__import__("os").environ.get("PROP_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(stays, st.integers(0, 5), st.integers(-20, 20))
def test_stored_invoices_add_up_and_repair_exactly(db, finance, spec, which, shift):
    agreement, custody = _agreement(), FakeCustody()
    for index, (offset, length) in enumerate(spec):
        admitted = date(2025, 3, 1) + timedelta(days=offset)
        custody.add(
            f"s{index}", admitted, None if length is None else admitted + timedelta(days=length)
        )
    first = billing.accrue_month(db.uow(), agreement, APRIL, source=custody)
    assert billing.accrue_month(db.uow(), agreement, APRIL, source=custody).added == 0
    april = billing.build_invoice(db.uow(), agreement, APRIL, actor=finance, source=custody)
    with db.uow() as uow:
        view = billing.get_invoice(uow.session, april.invoice_id)
    assert view.summary.total == sum((line.amount for line in view.lines), Money.zero("USD"))
    expected_days = sum(_paid_in_april(s.admitted_on, s.exited_on) for s in custody.stays.values())
    assert view.summary.total == Money(RATE * expected_days, "USD")
    assert first.person_days == expected_days
    billing.issue_invoice(db.uow(), finance, april.invoice_id)

    target = custody.stays[f"s{which % len(spec)}"]
    base = target.exited_on or date(2025, 4, 15)
    new_exit = max(target.admitted_on, base + timedelta(days=shift))
    before = _paid_in_april(target.admitted_on, target.exited_on)
    custody.correct_exit(target.stay_id, new_exit)
    after = _paid_in_april(target.admitted_on, new_exit)
    may = billing.build_invoice(db.uow(), agreement, MAY, actor=finance, source=custody)
    with db.uow() as uow:
        lines = billing.get_invoice(uow.session, may.invoice_id).lines
    repairs = [line for line in lines if line.kind == "repair"]
    if after == before:
        assert repairs == []
    else:
        assert len(repairs) == 1
        assert repairs[0].amount == Money(RATE * (after - before), "USD")
        assert repairs[0].stay_id == target.stay_id
