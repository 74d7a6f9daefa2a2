from sqlalchemy import func, select

from convenio.ledger.adapters.sql import ledger_leaves
from convenio.terms import public as terms
from convenio.terms import services


def test_registering_the_same_agreement_twice_changes_nothing(db):
    source = terms.DEFAULT_AGREEMENT_PATH.read_bytes()
    first = services.register_agreement(db.uow(), source, actor="test")
    services.register_agreement(db.uow(), source, actor="test")
    assert services.current_agreement(db.uow()).digest == first.digest
    with db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ledger_leaves)).scalar() == 1


def test_a_new_version_becomes_current(db):
    source = terms.DEFAULT_AGREEMENT_PATH.read_bytes()
    services.register_agreement(db.uow(), source, actor="test")
    changed = source.replace(
        b'value: 30, reference: "operator policy"', b'value: 14, reference: "operator policy"'
    )
    second = services.register_agreement(db.uow(), changed, actor="test")
    assert services.current_agreement(db.uow()).digest == second.digest
