"""Two receiving officers filling the last place of a unit at once: one wins (PostgreSQL)."""

import threading
from datetime import date

import pytest

from convenio.custody import public as custody
from convenio.custody import services
from convenio.custody.domain.errors import UnitFullError
from convenio.terms import public as terms
from convenio.terms import services as terms_services
from movements.world import RECEIVING, World, at, person


@pytest.mark.postgres_only
def test_concurrent_placements_never_overfill_a_unit(pg_db, tmp_path):
    world = World(db=pg_db, tmp_path=tmp_path)
    source = terms.DEFAULT_AGREEMENT_PATH.read_bytes().replace(
        b"operational_capacity: 5000}", b"operational_capacity: 3}"
    )
    terms_services.register_agreement(pg_db.uow(), source, actor="test")
    world.in_custody([person(f"P-{i}", aea=False) for i in range(5)])  # P1: 3, P2: 2
    barrier = threading.Barrier(2)
    outcomes = []

    def place(person_id):
        barrier.wait()
        try:
            services.place(
                pg_db.uow(),
                person_id=person_id,
                unit_id="P2",
                at=at("2025-04-01T10:00:00-06:00").at,
                actor=RECEIVING,
            )
            outcomes.append("placed")
        except UnitFullError:
            outcomes.append("full")

    threads = [threading.Thread(target=place, args=(p,)) for p in ("P-0", "P-1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["full", "placed"]
    with pg_db.uow() as uow:
        report = custody.occupancy(uow.session, on=date(2025, 4, 1))
    assert {u.unit_id: u.count for u in report.units if u.count} == {"P1": 2, "P2": 3}
