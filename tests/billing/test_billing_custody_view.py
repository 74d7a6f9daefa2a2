"""Billing's copy of custody's admissions gives exactly the stays custody lists: after the
first copy, after newer admissions, after one committed late with a lower id, after a
corrected exit."""

from datetime import date

from sqlalchemy import func, select
from tests.billing.test_billing_through_custody import _admit, _exit

from convenio.billing.adapters.sql import billing_custody_copies
from convenio.billing.custody_view import custody_frame
from convenio.billing.domain.monthly import intervals_frame
from convenio.custody import public as custody

PERIODS = [(date(2025, 3, 1), date(2025, 3, 31)), (date(2025, 4, 5), date(2025, 6, 30))]


def _same_as_custody(db) -> int:
    with db.uow() as uow:
        for start, end in PERIODS:
            copied = custody_frame(uow.session, start, end).sort("stay_id")
            listed = intervals_frame(custody.list_stays(uow.session, start=start, end=end))
            assert copied.equals(listed.sort("stay_id")), (start, end)
        copies = uow.session.execute(select(func.count()).select_from(billing_custody_copies))
        count = int(copies.scalar_one())
        uow.commit()
    return count


def test_the_copy_follows_custody(db):
    _admit(db, "adm-02", "person-2", date(2025, 3, 1))
    _admit(db, "adm-05", "person-5", date(2025, 3, 10))
    _exit(db, "adm-02", 1, date(2025, 4, 10))
    assert _same_as_custody(db) == 1  # the first copy
    _admit(db, "adm-07", "person-7", date(2025, 4, 20))
    assert _same_as_custody(db) == 2  # the newer admission appended
    _admit(db, "adm-03", "person-3", date(2025, 3, 5))
    assert _same_as_custody(db) == 3  # a lower id committed late: read again in full
    _exit(db, "adm-02", 2, date(2025, 4, 3), supersedes="exit-adm-02-1")
    _exit(db, "adm-05", 1, date(2025, 3, 20))
    assert _same_as_custody(db) == 3  # exits are read each time; no new copy
