"""Manifests: accepted cases only, within the seats; the lock re-screens at its instant."""

import pytest

from convenio.cases import public as cases
from convenio.movements import public, services
from convenio.movements.domain.errors import (
    CaseNotAcceptedError,
    MovementStateError,
    SeatsExhaustedError,
    StepOutOfOrderError,
)
from convenio.shared.errors import InvalidInputError, PermissionDeniedError
from movements.world import CASE_OFFICER, TRANSPORT, at, person

HABEAS = [
    {
        "id": "HB1",
        "court": "S.D. Tex.",
        "case_number": "1:25-cv-1",
        "filed_on": "2025-03-15",
        "status": "pending",
    }
]


def test_the_lock_takes_off_who_fails_at_its_instant_and_records_why(world):
    ids = world.accepted(
        [person("P-1", aea=False), person("P-2", aea=False, habeas_petitions=HABEAS)],
        when="2025-03-14T09:00:00-04:00",
    )
    movement_id = world.flight(ids)

    failures = services.lock_manifest(
        world.db.uow(), movement_id=movement_id, at=at("2025-03-15T08:00:00-04:00"), actor=TRANSPORT
    )

    assert [(f.person_id, f.codes) for f in failures] == [("P-2", ("HABEAS_PENDING",))]
    with world.db.uow() as uow:
        movement = public.get_movement(uow.session, movement_id)
        case = cases.get_case(uow.session, world.cases["P-2"])
    assert movement["state"] == "locked"
    assert [p["person_id"] for p in movement["on_board"]] == ["P-1"]
    removed = [e for e in movement["manifest_history"] if e["action"] == "removed"]
    assert removed == [{**removed[0], "person_id": "P-2", "reason_codes": ["HABEAS_PENDING"]}]
    assert case is not None and case.state == "ineligible"
    assert world.leaves("movements.manifest_removed") == 1


def test_seats_limit_the_manifest(world):
    ids = world.accepted([person(f"P-{i}", aea=False) for i in range(3)])
    with pytest.raises(SeatsExhaustedError):
        world.flight(ids, seats=2)


def test_only_accepted_cases_go_on_a_manifest(world):
    world.import_people([person("P-9", aea=False)])
    from convenio.cases import services as case_services

    case = case_services.open_case(
        world.db.uow(), "P-9", CASE_OFFICER, at=at("2025-03-15T09:00:00-04:00")
    )
    with pytest.raises(CaseNotAcceptedError):
        world.flight([case.case_id])


def test_dispatch_needs_a_locked_manifest_and_time_moves_forward(world):
    movement_id = world.flight(world.accepted([person("P-1", aea=False)]))
    with pytest.raises(MovementStateError):
        services.dispatch(
            world.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-15T19:16:00-04:00"),
            actor=TRANSPORT,
        )
    services.lock_manifest(
        world.db.uow(), movement_id=movement_id, at=at("2025-03-15T19:00:00-04:00"), actor=TRANSPORT
    )
    with pytest.raises(StepOutOfOrderError):
        services.dispatch(
            world.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-15T18:59:00-04:00"),
            actor=TRANSPORT,
        )


def test_movements_keep_utc_and_show_local_time(world):
    movement_id = services.create_movement(
        world.db.uow(),
        number="GTI-2",
        mode="convoy",
        origin="El Paso",
        facility_id="CECOT",
        scheduled_departure=at("2025-03-15T19:36:00-04:00"),
        seats=4,
        actor=TRANSPORT,
    )
    with world.db.uow() as uow:
        movement = public.get_movement(uow.session, movement_id)
    assert movement["scheduled_departure"] == {
        "utc": "2025-03-15T23:36:00+00:00",
        "local": "2025-03-15T19:36:00-04:00",
    }
    assert movement["display_zone"] == "-04:00"


def test_bad_movements_and_wrong_roles_are_refused(world):
    with pytest.raises(InvalidInputError):
        services.create_movement(
            world.db.uow(),
            number="X",
            mode="boat",
            origin="o",
            facility_id="CECOT",
            scheduled_departure=at("2025-03-15T19:36:00-04:00"),
            seats=4,
            actor=TRANSPORT,
        )
    with pytest.raises(InvalidInputError):
        services.create_movement(
            world.db.uow(),
            number="X",
            mode="flight",
            origin="o",
            facility_id="CECOT",
            scheduled_departure=at("2025-03-15T19:36:00-04:00"),
            seats=4,
            actor=TRANSPORT,
            time_zone="Mars/Olympus",
        )
    with pytest.raises(PermissionDeniedError):
        services.create_movement(
            world.db.uow(),
            number="X",
            mode="flight",
            origin="o",
            facility_id="CECOT",
            scheduled_departure=at("2025-03-15T19:36:00-04:00"),
            seats=4,
            actor=CASE_OFFICER,
        )
