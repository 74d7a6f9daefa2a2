"""The demo scenario behind ``make run``: a migrated database with the default agreement."""

from __future__ import annotations

from collections.abc import Callable

from convenio.bootstrap import Services
from convenio.platform import migrate
from convenio.terms import public as terms
from convenio.terms import services as terms_services

Say = Callable[[str], None]


def prepare(services: Services, say: Say) -> None:
    """Migrate the database and load the default agreement (idempotent)."""
    migrate.upgrade(services.settings.database_url)
    say("database migrated")
    agreement = terms_services.register_agreement(
        services.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="demo"
    )
    say(f"agreement in force: {agreement.title}")
