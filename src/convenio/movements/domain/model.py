"""Movements as values: the state derived from the steps, the manifest from its history,
the reconciliation of a handover's headcounts.

A movement is never updated: its state is the last of its steps (created, locked,
dispatched, arrived, handed over); the manifest is the latest entry of each case
(``added``, ``removed``, ``handed_over``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from convenio.shared.errors import InvalidInputError


class MovementState(StrEnum):
    """Where a movement is in its life."""

    OPEN = "open"
    LOCKED = "locked"
    DISPATCHED = "dispatched"
    ARRIVED = "arrived"
    HANDED_OVER = "handed_over"


STATE_OF_STEP: dict[str, MovementState] = {
    "created": MovementState.OPEN,
    "locked": MovementState.LOCKED,
    "dispatched": MovementState.DISPATCHED,
    "arrived": MovementState.ARRIVED,
    "handed_over": MovementState.HANDED_OVER,
}


class Side(StrEnum):
    """Who confirms a handover."""

    TRANSPORT = "transport"
    RECEIVING = "receiving"


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A person who failed the screen at a lock or a dispatch."""

    person_id: str
    case_id: str
    codes: tuple[str, ...]
    hold_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One line of the manifest history."""

    case_id: str
    person_id: str
    action: str
    at: datetime
    reason_codes: tuple[str, ...] = ()
    hold_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of a movement (created, locked, dispatch_refused, dispatched, ...)."""

    kind: str
    at: datetime


def state_of(steps: Iterable[Step]) -> MovementState:
    """The state after the steps (those that change it), in the order recorded."""
    state = MovementState.OPEN
    for step in steps:
        state = STATE_OF_STEP.get(step.kind, state)
    return state


def on_board(entries: Iterable[Entry], *, include_handed_over: bool = False) -> dict[str, str]:
    """Case id → person id of the cases whose latest entry keeps them on the manifest."""
    latest: dict[str, Entry] = {}
    for entry in entries:
        latest[entry.case_id] = entry
    keep = {"added", "handed_over"} if include_handed_over else {"added"}
    return {case_id: e.person_id for case_id, e in latest.items() if e.action in keep}


@dataclass(frozen=True, slots=True, kw_only=True)
class Reconciliation:
    """Who is handed over and who is blocked, after both sides counted."""

    handed_over: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def is_clean(self) -> bool:
        """Both headcounts matched the manifest person for person."""
        return not self.missing and not self.extra


def present_people(
    expected: Sequence[str], headcount: int, present: Sequence[str] | None
) -> set[str]:
    """The people a side says are present.

    Without a list, a headcount equal to the manifest means everyone on it.

    Raises:
        InvalidInputError: a list whose length is not the headcount, or a different headcount
            without a list (the missing or extra people must be named).
    """
    if present is None:
        if headcount != len(expected):
            raise InvalidInputError(
                f"headcount {headcount} differs from the {len(expected)} people on the "
                "manifest; list the people present (--present) so the missing or extra can "
                "be named",
                headcount=headcount,
                manifest=len(expected),
            )
        return set(expected)
    if len(set(present)) != headcount:
        raise InvalidInputError(
            f"headcount {headcount} but {len(set(present))} distinct people listed as present",
            headcount=headcount,
        )
    return set(present)


def reconcile(expected: Sequence[str], transport: set[str], receiving: set[str]) -> Reconciliation:
    """Hand over the people both sides saw who are on the manifest; block the others."""
    wanted = set(expected)
    both = transport & receiving & wanted
    return Reconciliation(
        handed_over=tuple(sorted(both)),
        missing=tuple(sorted(wanted - both)),
        extra=tuple(sorted((transport | receiving) - wanted)),
    )


def zone_of(name: str | None, scheduled: datetime) -> str:
    """The display zone of a movement: an IANA name if given, else the offset it was written in.

    Raises:
        InvalidInputError: an unknown IANA time zone.
    """
    if name:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInputError(
                f"time zone {name!r} is not an IANA time zone (e.g. America/New_York)",
                field="time_zone",
                value=name,
            ) from None
        return name
    offset = scheduled.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def in_zone(at: datetime, zone: str) -> datetime:
    """An instant shown in a display zone (IANA name or ``±HH:MM``)."""
    if zone[:1] in {"+", "-"}:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        delta = timedelta(hours=hours, minutes=minutes)
        return at.astimezone(timezone(-delta if zone[0] == "-" else delta))
    return at.astimezone(ZoneInfo(zone))


def as_utc(at: datetime) -> datetime:
    """An aware instant in UTC; naive values (read back from SQLite) are UTC already."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
