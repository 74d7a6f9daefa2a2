"""Errors of the terms context."""

from __future__ import annotations

from datetime import date

from convenio.shared.errors import InvalidInputError


class ParameterNotInForceError(InvalidInputError):
    """A dated value was asked for on a day before its first value."""

    code = "parameter_not_in_force"

    def __init__(self, name: str, day: date) -> None:
        super().__init__(
            f"parameter_not_in_force: {name} has no value in force on {day.isoformat()}; "
            "add a dated value starting on or before that date to the agreement file",
            parameter=name,
            date=day.isoformat(),
        )


class AgreementFileError(InvalidInputError):
    """An agreement file that cannot be read; ``problems`` lists ``path: message`` lines."""

    code = "terms.invalid_agreement"

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(
            f"{source}: {len(problems)} problem(s) in the agreement file:\n"
            + "\n".join(f"  {p}" for p in problems),
            source=source,
            problems=problems,
        )
        self.problems = problems
