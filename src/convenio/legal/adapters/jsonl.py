"""Reading ``holds.jsonl`` files: every line checked, every bad line reported."""

from __future__ import annotations

import json
from pathlib import Path

from convenio.legal.domain.errors import HoldInputError
from convenio.legal.domain.hold import Hold, parse_hold
from convenio.shared.errors import InvalidInputError


def read_holds_text(text: str) -> list[Hold]:
    """Parse JSON Lines of holds; blank lines are skipped.

    Raises:
        HoldInputError: listing every bad line as ``LINE:FIELD: message`` (nothing is kept).
    """
    holds: list[Hold] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{number}:line: not valid JSON ({error.msg})")
            continue
        try:
            hold = parse_hold(raw, line=number)
        except InvalidInputError as error:
            problems.extend(_problems_of(error))
            continue
        if hold.hold_id in seen:
            problems.append(
                f"{number}:hold_id: {hold.hold_id!r} already on line {seen[hold.hold_id]}"
            )
            continue
        seen[hold.hold_id] = number
        holds.append(hold)
    if problems:
        raise HoldInputError(problems)
    return holds


def read_holds_file(path: Path) -> list[Hold]:
    """Parse a ``holds.jsonl`` file.

    Raises:
        HoldInputError: the file is missing, not UTF-8, or has bad lines.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise HoldInputError([f"{path.name}: cannot be read ({error})"]) from None
    return read_holds_text(text)


def _problems_of(error: InvalidInputError) -> list[str]:
    problems = error.details.get("problems")
    if isinstance(problems, list) and problems:
        return [str(p) for p in problems]
    return [error.message]
