"""What other contexts and the faces may use of the terms context."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from convenio.terms.adapters.yaml_file import load_agreement_file, load_agreement_text
from convenio.terms.domain.errors import AgreementFileError, ParameterNotInForceError
from convenio.terms.domain.model import (
    PARAMETER_TYPES,
    Agreement,
    DatedSeries,
    DatedValue,
    DayCount,
    Facility,
    FeeModel,
    Fees,
    FeeSchedule,
    Party,
    PartyRole,
    Unit,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEFAULT_AGREEMENT_PATH = Path(__file__).parent / "agreements" / "us-sv-2025.yaml"


@lru_cache(maxsize=1)
def default_agreement() -> Agreement:
    """The agreement shipped with the package (the 2025 US–El Salvador offer)."""
    return load_agreement_file(DEFAULT_AGREEMENT_PATH)


def current_agreement_in(session: Session) -> Agreement | None:
    """The registered current agreement, read in the caller's transaction (None if none)."""
    from convenio.terms.services import agreement_in_session

    return agreement_in_session(session)


def load_agreement(path: Path | None) -> Agreement:
    """An agreement from a file, or the packaged default when ``path`` is None."""
    return default_agreement() if path is None else load_agreement_file(path)


__all__ = [
    "DEFAULT_AGREEMENT_PATH",
    "PARAMETER_TYPES",
    "Agreement",
    "AgreementFileError",
    "DatedSeries",
    "DatedValue",
    "DayCount",
    "Facility",
    "FeeModel",
    "FeeSchedule",
    "Fees",
    "ParameterNotInForceError",
    "Party",
    "PartyRole",
    "Unit",
    "current_agreement_in",
    "default_agreement",
    "load_agreement",
    "load_agreement_text",
]
