"""The demo's living system: a population flown, handed over and held for months."""

from datetime import date

from convenio.custody import public as custody
from convenio.demo.living_system import seed_living_system
from convenio.movements import public as movements
from convenio.terms import public as terms
from convenio.terms import services as terms_services


def test_the_living_system_flies_people_and_keeps_them_in_custody(db):
    terms_services.register_agreement(
        db.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="test"
    )
    said = []
    services = db.services()

    seed_living_system(services, said.append)
    seed_living_system(services, said.append)

    with db.uow() as uow:
        flights = movements.list_movements(uow.session)
        july = custody.occupancy(uow.session, on=date(2025, 7, 1))
        august = custody.occupancy(uow.session, on=date(2025, 8, 31))
        visits = custody.list_incidents(uow.session)
    assert [f["state"] for f in flights] == ["handed_over"]
    assert july.total > 5
    assert august.total == july.total - 1
    assert sum(u.count for u in august.units) == august.total
    assert visits and visits[0]["kind"] == "use_of_force"
    assert said[-1] == "living system already seeded"
