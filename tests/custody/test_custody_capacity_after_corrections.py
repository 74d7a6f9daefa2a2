"""Capacity checks and the stay list read each stay's exit in force: a corrected release date
frees (or keeps) the place from the corrected instant, and the lean reads agree with the
full one."""

from datetime import UTC, date, datetime

import pytest

from convenio.custody import public as custody
from convenio.custody import services
from convenio.custody.domain.errors import FacilityFullError
from convenio.custody.domain.model import ReleaseGround, overlaps
from convenio.custody.stays import stay_rows
from convenio.terms import public as terms
from convenio.terms import services as terms_services
from movements.world import RECEIVING, at, person


def _person(person_id):
    return {
        "person_id": person_id,
        "citizenships": ["VE"],
        "us_status": "undocumented",
        "removal_orders": [
            {"id": "R1", "basis": "ina_240", "issued_on": "2024-01-01", "final": True}
        ],
    }


def _admit(db, person_id, when):
    with db.uow() as uow:
        admission_id = custody.admit(
            uow.session,
            person=_person(person_id),
            case_id=f"case-{person_id}",
            movement_id=None,
            facility_id="CECOT",
            at=when,
            actor=RECEIVING,
            now=when,
        )
        uow.commit()
    return admission_id


@pytest.fixture
def one_place_per_unit(world):
    source = terms.DEFAULT_AGREEMENT_PATH.read_bytes().replace(
        b"operational_capacity: 5000}", b"operational_capacity: 1}"
    )
    terms_services.register_agreement(world.db.uow(), source, actor="test")
    world.in_custody([person(f"P-{number}", aea=False) for number in range(8)])
    return world


def test_a_release_corrected_to_an_earlier_day_frees_the_place_from_then(one_place_per_unit):
    db = one_place_per_unit.db
    services.release(
        db.uow(),
        person_id="P-0",
        at=at("2025-05-10T09:00:00-06:00").at,
        ground=ReleaseGround.END_OF_SENTENCE,
        authority="sentence served",
        actor=RECEIVING,
    )
    between = datetime(2025, 5, 5, 12, tzinfo=UTC)
    with pytest.raises(FacilityFullError):
        _admit(db, "NEW-1", between)
    services.correct_exit(
        db.uow(),
        person_id="P-0",
        exit_at=at("2025-05-03T09:00:00-06:00").at,
        note="release date miscomputed",
        actor=RECEIVING,
    )
    _admit(db, "NEW-1", between)
    with pytest.raises(FacilityFullError):
        _admit(db, "NEW-2", between)


def test_the_lean_stay_list_is_the_full_stay_rows_read(one_place_per_unit):
    db = one_place_per_unit.db
    for person_id, when in (
        ("P-1", "2025-04-10T09:00:00-06:00"),
        ("P-2", "2025-05-20T09:00:00-06:00"),
    ):
        services.release(
            db.uow(),
            person_id=person_id,
            at=at(when).at,
            ground=ReleaseGround.END_OF_SENTENCE,
            authority="sentence served",
            actor=RECEIVING,
        )
    services.correct_exit(
        db.uow(),
        person_id="P-2",
        exit_at=at("2025-04-02T09:00:00-06:00").at,
        note="release date miscomputed",
        actor=RECEIVING,
    )
    periods = [(date(2025, 3, 1), date(2025, 3, 31)), (date(2025, 4, 5), date(2025, 4, 30))]
    periods.append((date(2025, 5, 1), date(2025, 12, 31)))
    with db.uow() as uow:
        for start, end in periods:
            full = [
                row.stay
                for row in stay_rows(uow.session, admitted_by=end)
                if overlaps(row.stay.admitted_on, row.stay.exited_on, start, end)
            ]
            assert custody.list_stays(uow.session, start=start, end=end) == full
        april = custody.list_stays(uow.session, start=date(2025, 4, 5), end=date(2025, 4, 30))
    assert len(april) == 7 and "P-2" not in {stay.person_id for stay in april}
