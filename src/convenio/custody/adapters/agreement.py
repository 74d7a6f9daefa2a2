"""The agreement in force, read inside the caller's transaction (facilities, units, capacity).

The packaged default agreement is used when no version has been registered in the database.
Parsed agreements are kept by content digest: a digest names one immutable text, so every
process that reads it gets the same value.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.terms import public as terms
from convenio.terms.adapters.sql import agreement_versions

_BY_DIGEST: dict[str, terms.Agreement] = {}


def agreement_in_force(session: Session) -> terms.Agreement:
    """The current agreement version (the packaged default when none is registered)."""
    digest = session.execute(
        select(agreement_versions.c.digest).where(agreement_versions.c.is_current)
    ).scalar_one_or_none()
    if digest is None:
        return terms.default_agreement()
    if digest not in _BY_DIGEST:
        source = session.execute(
            select(agreement_versions.c.source).where(agreement_versions.c.digest == digest)
        ).scalar_one()
        _BY_DIGEST[digest] = terms.load_agreement_text(source.encode("utf-8"), source="database")
    return _BY_DIGEST[digest]
