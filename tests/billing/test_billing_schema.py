"""Billing's migration builds exactly the tables billing declares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from convenio.bootstrap import all_tables


def _billing(difference: object) -> bool:
    text = repr(difference)
    return "billing_" in text


def test_billing_migration_matches_the_declared_billing_tables(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, all_tables())
    assert [d for d in differences if _billing(d)] == []
