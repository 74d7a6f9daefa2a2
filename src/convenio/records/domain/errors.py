"""Errors of the records context."""

from __future__ import annotations

from collections.abc import Sequence

from convenio.records.domain.model import LineError
from convenio.shared.errors import ConflictError, InvalidInputError, NotFoundError


class PeopleFileRejectedError(InvalidInputError):
    """A people file has bad lines (or none at all); nothing of it was written."""

    code = "records.file_rejected"

    def __init__(
        self, source: str, errors: Sequence[LineError], *, bad_lines: int, omitted: int = 0
    ) -> None:
        more = f" (and {omitted:,} more problems not listed)" if omitted else ""
        super().__init__(
            f"{source}: {bad_lines:,} bad line(s){more}; nothing was written. Fix the lines "
            "listed as LINE:FIELD: message, or import with --skip-bad to write the good ones.",
            source=source,
            bad_lines=bad_lines,
            errors=[str(error) for error in errors],
            omitted=omitted,
        )
        self.errors = tuple(errors)
        self.bad_lines = bad_lines
        self.omitted = omitted


class PersonNotFoundError(NotFoundError):
    """No person with this id."""

    code = "records.person_not_found"

    def __init__(self, person_id: str) -> None:
        super().__init__(
            f"No person {person_id!r} is on record; check the id or import the person first.",
            person_id=person_id,
        )


class ConcurrentImportError(ConflictError):
    """Another import wrote some of the same persons at the same time."""

    code = "records.concurrent_import"

    def __init__(self) -> None:
        super().__init__(
            "Another import wrote some of the same persons at the same time; nothing of this "
            "one was written. Run it again: persons already stored are compared, not repeated."
        )
