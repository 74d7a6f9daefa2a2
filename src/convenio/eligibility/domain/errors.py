"""Errors of the eligibility context."""

from __future__ import annotations

from convenio.shared.errors import InvalidInputError, NotFoundError

_SHOWN = 20


class InterchangeFileError(InvalidInputError):
    """People or holds that cannot be read; ``problems`` lists ``LINE:FIELD: message``."""

    code = "eligibility.invalid_interchange"

    def __init__(
        self,
        source: str,
        problems: list[str],
        *,
        hint: str = "fix these lines (INTERCHANGE.md) and run again",
    ) -> None:
        shown = problems[:_SHOWN]
        more = len(problems) - len(shown)
        text = "; ".join(shown) + (f"; and {more} more" if more else "")
        super().__init__(
            f"{source}: {text} — {hint}",
            source=source,
            problems=problems,
        )
        self.problems = problems


class DecisionNotFoundError(NotFoundError):
    """A stored decision that does not exist."""

    code = "eligibility.decision_not_found"

    def __init__(self, decision_id: str) -> None:
        super().__init__(
            f"no stored decision {decision_id!r}; list them with `convenio screen --db`",
            decision_id=decision_id,
        )
