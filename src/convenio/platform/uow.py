"""The unit of work: one use case, one transaction. Only services call ``commit``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from convenio.shared.clock import Clock, SystemClock


class UnitOfWork:
    """A database session for one use case; rolls back unless committed."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or SystemClock()
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The open session (only inside ``with uow:``)."""
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def __enter__(self) -> Self:
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        """Make the use case's changes durable, all at once."""
        self.session.commit()

    def rollback(self) -> None:
        """Abandon the changes made so far."""
        self.session.rollback()
