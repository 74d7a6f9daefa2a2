"""Repair lines: what an issued invoice charged for a key versus what custody now says."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from convenio.billing.domain.model import Line, LineKind


@dataclass(frozen=True, slots=True)
class Billed:
    """What issued invoices charged so far for one key (original line plus any repairs)."""

    amount_minor: int
    days: int
    first_line_id: str
    template: Line


def repair_lines(
    keys: Iterable[str], expected: Mapping[str, Line], billed: Mapping[str, Billed]
) -> list[Line]:
    """One repair line per key whose charge changed, carrying the exact difference.

    ``expected`` is what the key would be charged today; a key missing from it is now
    charged nothing. The repair references the first line that charged the key.
    """
    repairs: list[Line] = []
    for key in sorted(set(keys)):
        now = expected.get(key)
        before = billed.get(key)
        amount = (now.amount_minor if now else 0) - (before.amount_minor if before else 0)
        days = (now.days if now else 0) - (before.days if before else 0)
        if amount == 0 and days == 0:
            continue
        base = now if now is not None else before.template if before is not None else None
        if base is None:
            continue
        corrects = before.first_line_id if before is not None else None
        what = f"correction of line {corrects}" if corrects else "charge missing from"
        repairs.append(
            base._replace(
                kind=LineKind.REPAIR,
                days=days,
                amount_minor=amount,
                corrects_line_id=corrects,
                billed_before_minor=before.amount_minor if before else 0,
                first_day=now.first_day if now else None,
                last_day=now.last_day if now else None,
                description=f"{what} ({base.for_month:%Y-%m}): {days:+d} d, now {_now(now)}",
            )
        )
    return repairs


def _now(line: Line | None) -> str:
    if line is None or line.first_day is None:
        return "no days" if line is None else f"{line.days} d"
    return f"{line.first_day} to {line.last_day}"
