"""Migrations: the schema they build is the schema the code declares, and they go down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from convenio.bootstrap import all_tables
from convenio.platform import migrate


def test_migrations_build_exactly_the_declared_schema(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, all_tables())
    differences = [
        d
        for d in differences
        if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == "alembic_version")
    ]
    assert differences == []


def test_migrations_go_down_and_up_again(db):
    migrate.downgrade(db.url, "base")
    migrate.upgrade(db.url)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_heads()
