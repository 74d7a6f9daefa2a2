"""Use cases of the terms context: register an agreement version and read the current one."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.platform.uow import UnitOfWork
from convenio.shared.errors import NotFoundError
from convenio.shared.events import Event
from convenio.terms.adapters.sql import agreement_versions
from convenio.terms.adapters.yaml_file import load_agreement_text
from convenio.terms.domain.model import Agreement

# Parsed agreements by the digest of their file: content-addressed, so every process that
# caches one holds the same value (no cache to keep in agreement between processes).
_PARSED: dict[str, Agreement] = {}
_PARSED_MAX = 16


def register_agreement(uow: UnitOfWork, source: bytes, *, actor: str) -> Agreement:
    """Store an agreement file as the current version (idempotent for the same file)."""
    agreement = load_agreement_text(source)
    with uow:
        session = uow.session
        existing = session.execute(
            select(agreement_versions.c.is_current).where(
                agreement_versions.c.digest == agreement.digest
            )
        ).scalar_one_or_none()
        if existing:
            return agreement
        session.execute(update(agreement_versions).values(is_current=False))
        if existing is None:
            session.execute(
                insert(agreement_versions).values(
                    digest=agreement.digest,
                    agreement_id=agreement.id,
                    title=agreement.title,
                    source=source.decode("utf-8"),
                    loaded_at=uow.clock.now(),
                    is_current=True,
                )
            )
        else:
            session.execute(
                update(agreement_versions)
                .where(agreement_versions.c.digest == agreement.digest)
                .values(is_current=True)
            )
        ledger.record(
            session,
            Event(
                type="terms.agreement_registered",
                at=uow.clock.now(),
                actor=actor,
                party=agreement.sending_country,
                data={"agreement": agreement.id, "digest": agreement.digest},
            ),
        )
        uow.commit()
    return agreement


def current_agreement(uow: UnitOfWork) -> Agreement:
    """The agreement version currently in use.

    Raises:
        NotFoundError: no agreement has been registered (run ``convenio db upgrade`` and
            ``convenio terms load``).
    """
    with uow:
        agreement = agreement_in_session(uow.session)
    if agreement is None:
        raise NotFoundError(
            "No agreement is registered in this database; run `convenio terms load` "
            "(or `make run`, which loads the default agreement)."
        )
    return agreement


def agreement_in_session(session: Session) -> Agreement | None:
    """The current agreement read in the caller's transaction (None when none is registered)."""
    digest = session.execute(
        select(agreement_versions.c.digest).where(agreement_versions.c.is_current)
    ).scalar_one_or_none()
    if digest is None:
        return None
    if digest not in _PARSED:
        source = session.execute(
            select(agreement_versions.c.source).where(agreement_versions.c.digest == digest)
        ).scalar_one()
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[digest] = load_agreement_text(source.encode("utf-8"), source="database")
    return _PARSED[digest]
