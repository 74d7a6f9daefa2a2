"""The agreement in force, read inside the caller's transaction (facilities, units, capacity).

The packaged default agreement is used when no version has been registered in the database.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from convenio.terms import public as terms


def agreement_in_force(session: Session) -> terms.Agreement:
    """The current agreement version (the packaged default when none is registered)."""
    return terms.current_agreement_in(session) or terms.default_agreement()
