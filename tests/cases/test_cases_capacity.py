"""Acceptance reserves a place: accepted + manifested + in transit + in custody never exceed
the facility's capacity in force, even when acceptances race."""

from __future__ import annotations

import threading

import pytest
from case_world import OFFICER, RECEIVING, TRANSPORT, World, agreement_text, make_person

from convenio.cases import public as cases
from convenio.cases import services
from convenio.platform.db import make_engine
from convenio.platform.uow import UnitOfWork
from convenio.terms import services as terms_services


def small_world(db, tmp_path, capacity: int) -> World:
    world = World(db, tmp_path)
    terms_services.register_agreement(db.uow(), agreement_text(capacity), actor="test")
    return world


def nominate_many(world: World, count: int) -> list[str]:
    people = [make_person(f"P-{n:03d}") for n in range(count)]
    world.people(*people)
    ids = []
    for person in people:
        case = services.open_case(world.db.uow(), person["person_id"], OFFICER)
        ids.append(services.nominate(world.db.uow(), case.case_id, OFFICER).case_id)
    return ids


def test_acceptance_beyond_capacity_is_refused_and_changes_nothing(db, tmp_path):
    world = small_world(db, tmp_path, capacity=2)
    first, second, third = nominate_many(world, 3)
    services.accept(db.uow(), first, RECEIVING)
    services.accept(db.uow(), second, RECEIVING)
    before = world.snapshot(third)
    with pytest.raises(cases.NoCapacityError, match="2 of 2"):
        services.accept(db.uow(), third, RECEIVING)
    assert world.snapshot(third) == before
    assert world.reserved() == 2


def test_places_in_transit_and_in_custody_still_count_and_exit_frees_one(db, tmp_path):
    world = small_world(db, tmp_path, capacity=1)
    first, second = nominate_many(world, 2)
    services.accept(db.uow(), first, RECEIVING)
    for step, args in (
        (cases.mark_manifested, ("MOV-1", TRANSPORT)),
        (cases.mark_in_transit, (TRANSPORT,)),
        (cases.mark_in_custody, (RECEIVING,)),
    ):
        world.step(step, first, *args, world.now())
        with pytest.raises(cases.NoCapacityError):
            services.accept(db.uow(), second, RECEIVING)
    world.step(cases.mark_exited, first, "repatriated", RECEIVING, world.now())
    assert services.accept(db.uow(), second, RECEIVING).state == "accepted"


def race(url: str, clock, case_ids: list[str]) -> tuple[list[str], list[Exception]]:
    engine = make_engine(url, pool_size=len(case_ids), max_overflow=0)
    barrier = threading.Barrier(len(case_ids))
    accepted: list[str] = []
    refused: list[Exception] = []
    lock = threading.Lock()

    def accept(case_id: str) -> None:
        uow = UnitOfWork(engine, clock)
        barrier.wait()
        try:
            services.accept(uow, case_id, RECEIVING)
        except Exception as error:  # collected and checked below
            with lock:
                refused.append(error)
        else:
            with lock:
                accepted.append(case_id)

    threads = [threading.Thread(target=accept, args=(case_id,)) for case_id in case_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    return accepted, refused


def test_concurrent_acceptances_never_exceed_capacity(db, tmp_path):
    world = small_world(db, tmp_path, capacity=3)
    accepted, refused = race(db.url, db.clock, nominate_many(world, 8))
    assert len(accepted) == 3
    assert all(isinstance(error, cases.NoCapacityError) for error in refused), refused
    assert world.reserved() == 3


@pytest.mark.postgres_only
def test_fifty_concurrent_acceptances_for_ten_places_on_postgresql(pg_db, tmp_path):
    world = small_world(pg_db, tmp_path, capacity=10)
    case_ids = nominate_many(world, 50)
    accepted, refused = race(pg_db.url, pg_db.clock, case_ids)
    assert len(accepted) == 10
    assert len(refused) == 40
    assert all(isinstance(error, cases.NoCapacityError) for error in refused), refused[:3]
    assert world.reserved() == 10
    with pg_db.uow() as uow:
        counts = cases.count_by_state(uow.session)
    assert counts["accepted"] == 10
    assert counts["nominated"] == 40


@pytest.mark.postgres_only
def test_a_hold_recorded_while_acceptances_race_leaves_every_matching_case_halted(pg_db, tmp_path):
    from case_world import LEGAL, make_hold

    from convenio.cases import holds as case_holds

    world = small_world(pg_db, tmp_path, capacity=100)
    case_ids = nominate_many(world, 12)
    engine = make_engine(pg_db.url, pool_size=16, max_overflow=0)
    barrier = threading.Barrier(len(case_ids) + 1)
    errors: list[Exception] = []

    def accept(case_id: str) -> None:
        barrier.wait()
        try:
            services.accept(UnitOfWork(engine, pg_db.clock), case_id, RECEIVING)
        except Exception as error:  # checked below
            errors.append(error)

    def hold() -> None:
        barrier.wait()
        case_holds.record_hold(
            UnitOfWork(engine, pg_db.clock),
            make_hold("H-VE", {"class": {"citizenships": ["VE"]}}),
            LEGAL,
        )

    threads = [threading.Thread(target=accept, args=(c,)) for c in case_ids]
    threads.append(threading.Thread(target=hold))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert all(
        isinstance(e, cases.TransitionNotAllowedError | cases.CaseHaltedByHoldError) for e in errors
    ), errors
    assert {world.case(case_id).state for case_id in case_ids} == {"halted"}
    assert world.reserved() == 0
