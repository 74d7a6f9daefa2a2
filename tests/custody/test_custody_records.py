"""Life in custody: placements against capacity, exits and corrections, deaths, records."""

import random
from datetime import date

import pytest
from sqlalchemy import select

from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.custody import services
from convenio.custody.adapters.sql import custody_exits
from convenio.custody.domain.errors import NotInCustodyError, OutOfOrderError, UnitFullError
from convenio.custody.domain.model import ReleaseGround
from convenio.shared.errors import RuleViolationError
from convenio.terms import public as terms
from convenio.terms import services as terms_services
from movements.world import RECEIVING, at, person

LATER = at("2025-06-01T10:00:00-06:00").at


def _small_units(world, capacity=2):
    source = terms.DEFAULT_AGREEMENT_PATH.read_bytes().replace(
        b"operational_capacity: 5000}", f"operational_capacity: {capacity}}}".encode()
    )
    terms_services.register_agreement(world.db.uow(), source, actor="test")


def _units(world, day):
    with world.db.uow() as uow:
        report = custody.occupancy(uow.session, on=day)
    return {u.unit_id: u.count for u in report.units if u.count}, report


def test_placements_fill_units_up_to_their_operational_capacity(world):
    _small_units(world, 2)
    world.in_custody([person(f"P-{i}", aea=False) for i in range(5)])

    counts, report = _units(world, date(2025, 3, 16))
    assert counts == {"P1": 2, "P2": 2, "P3": 1}
    assert report.total == 5
    with pytest.raises(UnitFullError):
        services.place(world.db.uow(), person_id="P-4", unit_id="P1", at=LATER, actor=RECEIVING)
    services.place(world.db.uow(), person_id="P-4", unit_id="P3", at=LATER, actor=RECEIVING)
    assert _units(world, date(2025, 6, 1))[0] == {"P1": 2, "P2": 2, "P3": 1}


def test_occupancy_never_exceeds_unit_capacity_under_random_moves(world):
    _small_units(world, 2)
    ids = [f"P-{i}" for i in range(7)]
    world.in_custody([person(i, aea=False) for i in ids])
    chooser = random.Random(7)
    refused = 0
    for step in range(25):
        when = at(f"2025-04-{1 + step:02d}T10:00:00-06:00").at
        try:
            services.place(
                world.db.uow(),
                person_id=chooser.choice(ids),
                unit_id=chooser.choice(["P1", "P2", "P3", "P4"]),
                at=when,
                actor=RECEIVING,
            )
        except UnitFullError:
            refused += 1
        counts, report = _units(world, when.date())
        assert all(u.count <= u.operational_capacity for u in report.units)
        assert sum(counts.values()) == 7
    assert refused > 0


def test_a_corrected_release_date_supersedes_without_touching_the_old_record(world):
    world.in_custody([person("P-1", aea=False)])
    services.release(
        world.db.uow(),
        person_id="P-1",
        at=at("2025-05-10T09:00:00-06:00").at,
        ground=ReleaseGround.END_OF_SENTENCE,
        authority="sentence served",
        actor=RECEIVING,
    )
    services.correct_exit(
        world.db.uow(),
        person_id="P-1",
        exit_at=at("2025-05-03T09:00:00-06:00").at,
        note="release date miscomputed",
        actor=RECEIVING,
    )

    with world.db.uow() as uow:
        stays = custody.list_stays(uow.session, start=date(2025, 5, 1), end=date(2025, 5, 31))
        rows = uow.session.execute(select(custody_exits).order_by(custody_exits.c.revision)).all()
        case = cases.get_case(uow.session, stays[0].case_id)
        population = dict(
            custody.daily_population(uow.session, start=date(2025, 5, 2), end=date(2025, 5, 4))
        )
    stay = stays[0]
    assert (stay.admitted_on, stay.exited_on, stay.exit_reason) == (
        date(2025, 3, 16),
        date(2025, 5, 3),
        "released",
    )
    assert stay.revision == 2 and len(stay.source_events) == 3
    assert [r.exited_on for r in rows] == [date(2025, 5, 10), date(2025, 5, 3)]
    assert rows[1].supersedes == rows[0].record_id
    assert case is not None and case.state == "exited"
    assert population == {date(2025, 5, 2): 1, date(2025, 5, 3): 0, date(2025, 5, 4): 0}
    assert world.leaves("custody.exit_corrected") == 1


def test_list_stays_keeps_only_stays_touching_the_period(world):
    world.in_custody([person("P-1", aea=False), person("P-2", aea=False)])
    services.release(
        world.db.uow(),
        person_id="P-1",
        at=at("2025-03-31T09:00:00-06:00").at,
        ground=ReleaseGround.BY_DECISION,
        authority="court",
        actor=RECEIVING,
    )
    with world.db.uow() as uow:
        april = custody.list_stays(uow.session, start=date(2025, 4, 1), end=date(2025, 4, 30))
        march = custody.list_stays(
            uow.session, start=date(2025, 3, 1), end=date(2025, 3, 31), facility_id="CECOT"
        )
    assert [s.person_id for s in april] == ["P-2"]
    assert sorted(s.person_id for s in march) == ["P-1", "P-2"]


def test_a_death_in_custody_alerts_both_parties_and_the_monitor(world):
    world.in_custody([person("P-1", aea=False)])
    services.record_death(
        world.db.uow(),
        person_id="P-1",
        at=at("2025-04-02T03:00:00-06:00").at,
        cause="cardiac arrest",
        circumstances="found unresponsive in cell",
        remains="returned to family",
        actor=RECEIVING,
    )
    with world.db.uow() as uow:
        alerts = custody.list_alerts(uow.session)
        deaths = custody.list_deaths(uow.session)
        location = custody.locate(uow.session, "P-1")
    assert alerts[0]["recipients"] == ["US", "SV", "MONITOR"]
    assert deaths[0]["cause"] == "cardiac arrest"
    assert location is not None and location.status == "released"
    assert location.exit_reason == "deceased" and location.on == date(2025, 4, 2)
    assert world.leaves("custody.death_recorded") == 1
    assert world.leaves("custody.alert_raised") == 1


def test_repatriation_goes_only_to_a_country_of_citizenship(world):
    world.in_custody([person("P-1", aea=False)])
    with pytest.raises(RuleViolationError):
        services.repatriate(
            world.db.uow(), person_id="P-1", country="SV", at=LATER, authority="", actor=RECEIVING
        )
    services.repatriate(
        world.db.uow(),
        person_id="P-1",
        country="VE",
        at=LATER,
        authority="bilateral agreement",
        actor=RECEIVING,
    )
    with world.db.uow() as uow:
        location = custody.locate(uow.session, "P-1")
    assert location is not None and location.exit_reason == "repatriated"


def test_a_court_ordered_return_shows_as_returned(world):
    world.in_custody([person("P-1", aea=False)])
    services.return_to_sending(
        world.db.uow(),
        person_id="P-1",
        at=LATER,
        authority="Abrego Garcia v. Noem, order of 10 Apr 2025",
        actor=RECEIVING,
    )
    with world.db.uow() as uow:
        location = custody.locate(uow.session, "P-1")
    assert location is not None and location.status == "returned"
    with pytest.raises(NotInCustodyError):
        services.transfer(
            world.db.uow(),
            person_id="P-1",
            destination="La Esperanza",
            at=LATER,
            authority="",
            actor=RECEIVING,
        )


def test_an_exit_before_the_admission_is_refused(world):
    world.in_custody([person("P-1", aea=False)])
    with pytest.raises(OutOfOrderError):
        services.release(
            world.db.uow(),
            person_id="P-1",
            at=at("2025-03-01T00:00:00Z").at,
            ground=ReleaseGround.BY_DECISION,
            authority="",
            actor=RECEIVING,
        )


def test_consular_notification_visits_and_incidents_are_recorded_as_events(world):
    world.in_custody([person("P-1", aea=False)])
    with pytest.raises(RuleViolationError):
        services.record_consular_notification(
            world.db.uow(),
            person_id="P-1",
            country="CO",
            consulate="Consulate of Colombia",
            notified_on=date(2025, 3, 17),
            informed_of_right=True,
            actor=RECEIVING,
        )
    services.record_consular_notification(
        world.db.uow(),
        person_id="P-1",
        country="VE",
        consulate="Consulate of Venezuela",
        notified_on=date(2025, 3, 17),
        informed_of_right=True,
        actor=RECEIVING,
    )
    services.record_visit(
        world.db.uow(),
        person_id="P-1",
        kind="welfare",
        visitor="ICRC",
        at=LATER,
        notes="no complaints",
        actor=RECEIVING,
    )
    services.record_incident(
        world.db.uow(),
        facility_id="CECOT",
        kind="use_of_force",
        description="restraint during search",
        person_ids=["P-1"],
        at=LATER,
        actor=RECEIVING,
    )
    assert world.leaves("custody.consular_notified") == 1
    assert world.leaves("custody.visit_recorded") == 1
    assert world.leaves("custody.incident_recorded") == 1


def test_every_custody_record_is_a_ledger_leaf(world):
    world.in_custody([person("P-1", aea=False), person("P-2", aea=False)])
    services.place(world.db.uow(), person_id="P-1", unit_id="P5", at=LATER, actor=RECEIVING)
    services.release(
        world.db.uow(),
        person_id="P-2",
        at=LATER,
        ground=ReleaseGround.BY_DECISION,
        authority="court",
        actor=RECEIVING,
    )
    assert world.leaves("custody.admitted") == 2
    assert world.leaves("custody.placed") == 3
    assert world.leaves("custody.exited") == 1


def test_occupancy_by_nationality_and_category(world):
    world.in_custody([person("P-1", aea=False), person("P-2", aea=False, citizenship="HN")])
    _, report = _units(world, date(2025, 3, 20))
    assert report.by_nationality == (("HN", 1), ("VE", 1))
    assert report.by_category == (("deportee", 2),)
    assert report.capacity == 40000
    _, before = _units(world, date(2025, 3, 15))
    assert before.total == 0


def test_a_transfer_ends_custody_and_record_instants_are_utc(world):
    world.in_custody([person("P-1", aea=False)])
    services.transfer(
        world.db.uow(),
        person_id="P-1",
        destination="Centro Penal La Esperanza",
        at=LATER,
        authority="order of the receiving state",
        actor=RECEIVING,
    )
    services.record_incident(
        world.db.uow(),
        facility_id="CECOT",
        kind="search",
        description="cell search",
        person_ids=[],
        at=LATER,
        actor=RECEIVING,
    )
    with world.db.uow() as uow:
        location = custody.locate(uow.session, "P-1")
        incident = custody.list_incidents(uow.session, facility_id="CECOT")[0]
    assert location is not None and location.exit_reason == "transferred"
    assert location.status == "released"
    assert incident["occurred_at"] == LATER
    assert incident["occurred_at"].utcoffset().total_seconds() == 0
