"""The composition root: builds the engine, clock and units of work from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, MetaData

from convenio.platform.db import make_engine, metadata
from convenio.platform.settings import Settings
from convenio.platform.uow import UnitOfWork
from convenio.shared.clock import Clock, SystemClock


@dataclass
class Services:
    """What the faces need: settings, one engine, a clock, and units of work."""

    settings: Settings
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)

    def uow(self) -> UnitOfWork:
        """A fresh unit of work on the shared engine."""
        return UnitOfWork(self.engine, self.clock)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()


def bootstrap(settings: Settings, clock: Clock | None = None) -> Services:
    """Build the services for a settings object."""
    return Services(
        settings=settings, engine=make_engine(settings.database_url), clock=clock or SystemClock()
    )


def all_tables() -> MetaData:
    """The metadata with every context's tables declared (for schema checks)."""
    from convenio.access.adapters import sql as _access  # noqa: F401
    from convenio.billing.adapters import sql as _billing  # noqa: F401
    from convenio.cases.adapters import sql as _cases  # noqa: F401
    from convenio.custody.adapters import sql as _custody  # noqa: F401
    from convenio.eligibility.adapters import sql as _eligibility  # noqa: F401
    from convenio.ledger.adapters import sql as _ledger
    from convenio.legal.adapters import sql as _legal  # noqa: F401
    from convenio.movements.adapters import sql as _movements  # noqa: F401
    from convenio.oversight.adapters import sql as _oversight
    from convenio.records.adapters import sql as _records  # noqa: F401
    from convenio.terms.adapters import sql as _terms

    del _ledger, _oversight, _terms
    return metadata
