"""The handover: both sides confirm with a headcount; mismatches are incidents that block."""

import pytest
from sqlalchemy import func, select

from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.custody.adapters.sql import custody_admissions
from convenio.movements import handover, public, services
from convenio.movements.domain.model import Side
from convenio.shared.errors import ConflictError, InvalidInputError, PermissionDeniedError
from movements.world import RECEIVING, TRANSPORT, at, person

HANDOVER = "2025-03-16T01:30:00-06:00"


def _arrived(world, ids):
    movement_id = world.flight(world.accepted([person(i, aea=False) for i in ids]))
    uow = world.db.uow
    services.lock_manifest(
        uow(), movement_id=movement_id, at=at("2025-03-15T18:00:00-04:00"), actor=TRANSPORT
    )
    services.dispatch(
        uow(), movement_id=movement_id, at=at("2025-03-15T19:16:00-04:00"), actor=TRANSPORT
    )
    services.arrive(
        uow(), movement_id=movement_id, at=at("2025-03-16T01:00:00-06:00"), actor=RECEIVING
    )
    return movement_id


def _confirm(world, movement_id, side, headcount, present=None, when=HANDOVER):
    actor = TRANSPORT if side is Side.TRANSPORT else RECEIVING
    return handover.confirm_handover(
        world.db.uow(),
        movement_id=movement_id,
        side=side,
        headcount=headcount,
        at=at(when),
        actor=actor,
        present=present,
    )


def _state(world, person_id):
    with world.db.uow() as uow:
        case = cases.get_case(uow.session, world.cases[person_id])
        assert case is not None
        return case.state


def test_custody_starts_only_when_both_sides_have_confirmed(world):
    movement_id = _arrived(world, ["P-1", "P-2"])

    first = _confirm(world, movement_id, Side.TRANSPORT, 2)
    with world.db.uow() as uow:
        assert custody.locate(uow.session, "P-1") is None
    second = _confirm(world, movement_id, Side.RECEIVING, 2)

    assert first.waiting_for is Side.RECEIVING
    assert second.handed_over == ("P-1", "P-2") and second.incident_id is None
    assert _state(world, "P-1") == "in_custody"
    with world.db.uow() as uow:
        location = custody.locate(uow.session, "P-1")
        movement = public.get_movement(uow.session, movement_id)
    assert location is not None and location.status == "held"
    assert str(location.since) == "2025-03-16"
    assert movement["state"] == "handed_over"
    assert world.leaves("custody.admitted") == 2
    assert world.leaves("movements.handover_confirmed") == 2


def test_a_missing_person_is_named_in_an_incident_and_not_handed_over(world):
    movement_id = _arrived(world, ["P-1", "P-2", "P-3"])

    _confirm(world, movement_id, Side.TRANSPORT, 2, ["P-1", "P-2"])
    outcome = _confirm(world, movement_id, Side.RECEIVING, 2, ["P-1", "P-2"])

    assert outcome.missing == ("P-3",)
    assert outcome.handed_over == ("P-1", "P-2")
    assert _state(world, "P-3") == "in_transit"
    assert _state(world, "P-1") == "in_custody"
    with world.db.uow() as uow:
        incidents = custody.list_incidents(uow.session)
        movement = public.get_movement(uow.session, movement_id)
    assert [i["kind"] for i in incidents] == ["headcount_mismatch"]
    assert incidents[0]["person_ids"] == ["P-3"]
    assert "P-3" in incidents[0]["description"]
    assert movement["state"] == "arrived"
    assert world.leaves("custody.incident_recorded") == 1

    _confirm(world, movement_id, Side.TRANSPORT, 1, when="2025-03-16T03:00:00-06:00")
    late = _confirm(world, movement_id, Side.RECEIVING, 1, when="2025-03-16T03:00:00-06:00")
    assert late.handed_over == ("P-3",)
    assert _state(world, "P-3") == "in_custody"
    with world.db.uow() as uow:
        assert public.get_movement(uow.session, movement_id)["state"] == "handed_over"


def test_an_extra_person_is_named_and_blocked(world):
    movement_id = _arrived(world, ["P-1", "P-2"])

    _confirm(world, movement_id, Side.TRANSPORT, 3, ["P-1", "P-2", "STRANGER"])
    outcome = _confirm(world, movement_id, Side.RECEIVING, 2)

    assert outcome.extra == ("STRANGER",)
    assert outcome.handed_over == ("P-1", "P-2")
    with world.db.uow() as uow:
        assert custody.locate(uow.session, "STRANGER") is None
        assert custody.list_incidents(uow.session)[0]["person_ids"] == ["STRANGER"]


def test_a_different_headcount_without_names_is_refused_and_writes_nothing(world):
    movement_id = _arrived(world, ["P-1", "P-2"])
    before = world.leaves("movements.handover_confirmed")

    with pytest.raises(InvalidInputError):
        _confirm(world, movement_id, Side.TRANSPORT, 1)

    assert world.leaves("movements.handover_confirmed") == before


def test_each_side_confirms_once_per_round_and_only_with_its_role(world):
    movement_id = _arrived(world, ["P-1"])
    _confirm(world, movement_id, Side.TRANSPORT, 1)

    with pytest.raises(ConflictError):
        _confirm(world, movement_id, Side.TRANSPORT, 1)
    with pytest.raises(PermissionDeniedError):
        handover.confirm_handover(
            world.db.uow(),
            movement_id=movement_id,
            side=Side.RECEIVING,
            headcount=1,
            at=at(HANDOVER),
            actor=TRANSPORT,
        )
    with world.db.uow() as uow:
        admitted = uow.session.execute(select(func.count()).select_from(custody_admissions))
        assert admitted.scalar_one() == 0
