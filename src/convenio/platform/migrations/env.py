"""Alembic environment: runs migrations on the configured URL, online only."""

from __future__ import annotations

from alembic import context

from convenio.platform.db import make_engine

config = context.config


def run_migrations_online() -> None:
    """Run the migrations in one transaction per migration."""
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            render_as_batch=connection.dialect.name == "sqlite",
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
