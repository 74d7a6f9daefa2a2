"""The March 15, 2025 test: a TRO at 19:26 −04:00 stops a flight at 19:36, not one at 19:16."""

import pytest
from sqlalchemy import select

from convenio.cases import public as cases
from convenio.movements import public, services
from convenio.movements.adapters.sql import manifest_entries
from movements.world import AEA_TRO, TRANSPORT, at, person


def _board(world):
    people = [person("AEA-1"), person("AEA-2"), person("INA-1", aea=False)]
    movement_id = world.flight(world.accepted(people))
    failures = services.lock_manifest(
        world.db.uow(),
        movement_id=movement_id,
        at=at("2025-03-15T19:00:00-04:00"),
        actor=TRANSPORT,
    )
    assert failures == []
    return movement_id


def test_dispatch_after_the_tro_is_refused_and_names_the_aea_designees(world):
    movement_id = _board(world)
    world.record_hold(AEA_TRO)

    with pytest.raises(services.DispatchRefusedError) as refused:
        services.dispatch(
            world.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-15T19:36:00-04:00"),
            actor=TRANSPORT,
        )

    named = {p["person_id"]: p for p in refused.value.details["people"]}
    assert set(named) == {"AEA-1", "AEA-2"}
    assert named["AEA-1"]["codes"] == ["LEGAL_HOLD"]
    assert named["AEA-1"]["hold_ids"] == ["H-2025-0315-JGG"]
    assert "AEA-1" in refused.value.message and "AEA-2" in refused.value.message
    with world.db.uow() as uow:
        movement = public.get_movement(uow.session, movement_id)
        removed = uow.session.execute(
            select(manifest_entries.c.person_id, manifest_entries.c.reason_codes).where(
                manifest_entries.c.action == "removed"
            )
        ).all()
        case = cases.get_case(uow.session, world.cases["AEA-1"])
    assert movement["state"] == "locked"
    assert movement["wheels_up_at"] is None
    assert [p["person_id"] for p in movement["on_board"]] == ["INA-1"]
    assert sorted(r.person_id for r in removed) == ["AEA-1", "AEA-2"]
    assert case is not None and case.state == "halted"
    assert world.leaves("movements.dispatch_refused") == 1


def test_the_same_manifest_dispatched_at_19_16_goes(world):
    movement_id = _board(world)

    travelling = services.dispatch(
        world.db.uow(),
        movement_id=movement_id,
        at=at("2025-03-15T19:16:00-04:00"),
        actor=TRANSPORT,
    )
    world.record_hold(AEA_TRO)

    assert travelling == 3
    with world.db.uow() as uow:
        movement = public.get_movement(uow.session, movement_id)
        aea = cases.get_case(uow.session, world.cases["AEA-1"])
    assert movement["state"] == "dispatched"
    assert movement["wheels_up_at"]["utc"] == "2025-03-15T23:16:00+00:00"
    assert aea is not None and aea.state == "in_transit" and aea.return_requested


def test_after_a_refusal_the_others_can_go(world):
    movement_id = _board(world)
    world.record_hold(AEA_TRO)
    with pytest.raises(services.DispatchRefusedError):
        services.dispatch(
            world.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-15T19:36:00-04:00"),
            actor=TRANSPORT,
        )

    travelling = services.dispatch(
        world.db.uow(), movement_id=movement_id, at=at("2025-03-15T19:40:00-04:00"), actor=TRANSPORT
    )

    assert travelling == 1
    with world.db.uow() as uow:
        ina = cases.get_case(uow.session, world.cases["INA-1"])
    assert ina is not None and ina.state == "in_transit"
