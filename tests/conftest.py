"""Fixtures: every test that takes ``db`` runs on an isolated SQLite database and on an
isolated PostgreSQL database (127.0.0.1:5432, or CONVENIO_TEST_POSTGRES_URL)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from convenio.bootstrap import Services
from convenio.platform import migrate
from convenio.platform.db import make_engine
from convenio.platform.settings import Settings
from convenio.platform.uow import UnitOfWork
from convenio.shared.clock import FixedClock

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    """The URL of a PostgreSQL database this suite may create databases from."""
    url = os.environ.get("CONVENIO_TEST_POSTGRES_URL", DEFAULT_PG)
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure means "not reachable"
        return str(error).splitlines()[0]
    return None


def _postgres_required() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"} or bool(
        os.environ.get("CONVENIO_TEST_POSTGRES_URL")
    )


@dataclass
class Database:
    """An isolated, migrated database for one test."""

    url: str
    engine: Engine
    clock: FixedClock

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, self.clock)

    def services(self) -> Services:
        settings = Settings(database_url=self.url, env="test")
        return Services(settings=settings, engine=self.engine, clock=self.clock)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated PostgreSQL template database; each test gets a copy of it."""
    problem = _postgres_reachable()
    if problem is not None:
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required here (CI) but unreachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    name = f"convenio_tpl_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _postgres_copy(template: str) -> tuple[str, str]:
    name = f"convenio_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    url = make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
    return name, url


def _drop_postgres(name: str) -> None:
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    """Empty every table of a PostgreSQL test database (fast, keeps the schema)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = (
            connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
            .scalars()
            .all()
        )
        # DELETE is much faster than TRUNCATE on tiny tables (no new files to sync);
        # replica mode skips foreign-key triggers so the order does not matter.
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        for name in tables:
            connection.execute(text(f'DELETE FROM "{name}"'))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_database(postgres_template: str) -> Iterator[str]:
    """One migrated PostgreSQL database for this test run, emptied after every test."""
    name, url = _postgres_copy(postgres_template)
    yield url
    _drop_postgres(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An isolated, migrated database: the test runs once on SQLite, once on PostgreSQL."""
    clock = FixedClock()
    if request.param == "sqlite":
        path = tmp_path / "convenio.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        yield Database(url=url, engine=engine, clock=clock)
        engine.dispose()
        return
    url = request.getfixturevalue("postgres_database")
    engine = make_engine(url)
    yield Database(url=url, engine=engine, clock=clock)
    engine.dispose()
    _truncate_all(url)


@pytest.fixture
def pg_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """An isolated PostgreSQL database only (several processes, row locks)."""
    url = request.getfixturevalue("postgres_database")
    engine = make_engine(url)
    yield Database(url=url, engine=engine, clock=FixedClock())
    engine.dispose()
    _truncate_all(url)


EXAMPLES = Path(__file__).parent / "data" / "examples"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright; skips only when absent outside CI."""
    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, in_ci

    if not CHROMIUM.exists():
        if in_ci():
            pytest.fail("CI: /usr/bin/chromium is missing (apt-get install chromium)")
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: CONVENIO_SCREENSHOT_DIR (docs/screenshots) or a temp folder."""
    folder = Path(os.environ.get("CONVENIO_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
