"""Billing's values: custody intervals (its own view of a stay), fee schedules, accrual
entries and invoice lines. Money is always integer minor units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple, Protocol

from convenio.billing.domain.errors import InvalidIntervalError
from convenio.shared.money import Money

ONE_DAY = timedelta(days=1)


class StayLike(Protocol):
    """What billing reads of a stay: custody's ``Stay`` and billing's own ``CustodyInterval``
    both are one, so billing takes custody's stays as they come."""

    @property
    def stay_id(self) -> str: ...
    @property
    def person_id(self) -> str: ...
    @property
    def facility_id(self) -> str: ...
    @property
    def admitted_on(self) -> date: ...
    @property
    def exited_on(self) -> date | None: ...
    @property
    def source_events(self) -> tuple[str, ...]: ...
    @property
    def revision(self) -> int: ...


@dataclass(frozen=True, slots=True)
class CustodyInterval:
    """One stay in custody as billing sees it (converted from custody's ``Stay``)."""

    stay_id: str
    person_id: str
    facility_id: str
    admitted_on: date
    exited_on: date | None
    source_events: tuple[str, ...] = ()
    revision: int = 1


@dataclass(frozen=True, slots=True)
class DayCount:
    """Which days of a stay are paid for (a term of the agreement).

    A stay that starts and ends on the same day is paid for one day when the arrival day or
    the departure day counts, and not at all when neither does.
    """

    arrival_day: bool
    departure_day: bool

    def billable(self, interval: StayLike) -> tuple[date, date | None] | None:
        """The first and last paid day (last None while the stay is open), or None.

        Raises:
            InvalidIntervalError: the stay ends before it starts.
        """
        admitted, exited = interval.admitted_on, interval.exited_on
        first = admitted if self.arrival_day else admitted + ONE_DAY
        if exited is None:
            return first, None
        if exited < admitted:
            raise InvalidIntervalError(interval.stay_id, admitted, exited)
        if exited == admitted:
            return (admitted, admitted) if self.arrival_day or self.departure_day else None
        last = exited if self.departure_day else exited - ONE_DAY
        return (first, last) if first <= last else None


class FeeModel(StrEnum):
    """The fee models of the real agreements."""

    FIXED_BLOCK = "fixed_block"
    PER_DIEM = "per_diem"
    PER_PERSON_MONTH = "per_person_month"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A fee schedule in force from ``effective_from`` until the next one starts."""

    effective_from: date
    model: FeeModel
    amount: Money
    reference: str = ""
    places: int | None = None
    period_months: int | None = None
    overage_per_day: Money | None = None

    @property
    def label(self) -> str:
        """Short name used on invoice lines, e.g. ``per_diem from 2025-03-15``."""
        return f"{self.model.value} from {self.effective_from.isoformat()}"


class AccrualEntry(NamedTuple):
    """Person-days of one stay, in one month, under one schedule."""

    stay_id: str
    person_id: str
    facility_id: str
    month_first: date
    schedule_from: date
    first_day: date | None
    last_day: date | None
    days: int
    revision: int
    source_events: tuple[str, ...]
    accrual_no: int | None = None

    @property
    def key(self) -> tuple[str, date, date]:
        """What an entry is about; later entries with the same key supersede it."""
        return (self.stay_id, self.month_first, self.schedule_from)


class LineKind(StrEnum):
    """What an invoice line charges."""

    PERSON_DAYS = "person_days"
    INSTALMENT = "instalment"
    OVERAGE = "overage"
    REPAIR = "repair"


class Line(NamedTuple):
    """An invoice line before it is stored. ``key`` names what it charges, so a repair line
    carries the key of the line it corrects."""

    key: str
    kind: LineKind
    for_month: date
    model: FeeModel
    schedule_from: date
    days: int
    unit_minor: int
    amount_minor: int
    description: str
    facility_id: str | None = None
    person_id: str | None = None
    stay_id: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    revision: int | None = None
    source_events: tuple[str, ...] = ()
    corrects_line_id: str | None = None
    billed_before_minor: int | None = None


def person_key(stay_id: str, month_first: date, schedule_from: date) -> str:
    """The key of a person-days line."""
    return f"p/{stay_id}/{month_first.isoformat()}/{schedule_from.isoformat()}"


def instalment_key(month_first: date, schedule_from: date) -> str:
    """The key of a block instalment line."""
    return f"i/{month_first.isoformat()}/{schedule_from.isoformat()}"


def overage_key(month_first: date, schedule_from: date) -> str:
    """The key of a block overage line."""
    return f"o/{month_first.isoformat()}/{schedule_from.isoformat()}"
