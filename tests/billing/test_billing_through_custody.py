"""Billing reads custody's stays from the custody tables (the default source, through its copy
of the admissions):
a corrected release date recorded in custody becomes one repair line on the next invoice."""

from datetime import UTC, date, datetime

from sqlalchemy import insert

from convenio.billing import public as billing
from convenio.custody.adapters.sql import custody_admissions, custody_exits
from convenio.shared.money import Money

AT = datetime(2025, 3, 20, 15, 0, tzinfo=UTC)


def _admit(db, admission_id, person_id, admitted_on):
    with db.engine.begin() as connection:
        connection.execute(
            insert(custody_admissions).values(
                admission_id=admission_id,
                person_id=person_id,
                case_id=f"case-{person_id}",
                movement_id=None,
                facility_id="F1",
                admitted_at=AT,
                admitted_on=admitted_on,
                identity="{}",
                legal_basis="{}",
                visible_injuries="none visible",
                complaints="none made",
                property="[]",
                next_of_kin="[]",
                nationality="VE",
                category="convicted",
                recorded_by="test",
                recorded_at=AT,
            )
        )


def _exit(db, admission_id, revision, exited_on, supersedes=None):
    at = datetime(exited_on.year, exited_on.month, exited_on.day, 15, 0, tzinfo=UTC)
    with db.engine.begin() as connection:
        connection.execute(
            insert(custody_exits).values(
                record_id=f"exit-{admission_id}-{revision}",
                admission_id=admission_id,
                revision=revision,
                kind="exit",
                reason="release",
                ground="sentence_served",
                exit_at=at,
                exited_on=exited_on,
                destination=None,
                authority="court",
                supersedes=supersedes,
                recorded_by="test",
                recorded_at=at,
            )
        )


def _lines(db, invoice_id):
    with db.uow() as uow:
        return billing.get_invoice(uow.session, invoice_id).lines


def test_corrected_release_in_custody_yields_one_repair_line_each_time(db, per_diem, finance):
    _admit(db, "adm-1", "person-1", date(2025, 3, 20))
    _admit(db, "adm-2", "person-2", date(2025, 4, 1))
    april = billing.build_invoice(db.uow(), per_diem, billing.Month(2025, 4), actor=finance)
    assert april.total == Money(5479 * 60, "USD")
    first = {line.stay_id: line for line in _lines(db, april.invoice_id)}
    assert first["adm-1"].source_events == ("adm-1",)
    billing.issue_invoice(db.uow(), finance, april.invoice_id)

    _exit(db, "adm-1", 1, date(2025, 4, 20))  # released on the 20th: 19 days paid, not 30
    may = billing.build_invoice(db.uow(), per_diem, billing.Month(2025, 5), actor=finance)
    (repair,) = [line for line in _lines(db, may.invoice_id) if line.kind == "repair"]
    assert (repair.corrects_line_id, repair.days) == (first["adm-1"].line_id, -11)
    assert repair.amount == Money(-11 * 5479, "USD")
    assert repair.source_events == ("adm-1", "exit-adm-1-1")
    billing.issue_invoice(db.uow(), finance, may.invoice_id)

    _exit(db, "adm-1", 2, date(2025, 4, 25), supersedes="exit-adm-1-1")  # corrected again
    june = billing.build_invoice(db.uow(), per_diem, billing.Month(2025, 6), actor=finance)
    (again,) = [line for line in _lines(db, june.invoice_id) if line.kind == "repair"]
    assert (again.corrects_line_id, again.days, again.revision) == (first["adm-1"].line_id, 5, 2)
    assert again.amount == Money(5 * 5479, "USD")
