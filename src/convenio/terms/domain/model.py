"""An agreement: who, where, how much, and the legal parameters, each value dated and referenced."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final, Generic, TypeVar

from convenio.shared.money import Money
from convenio.terms.domain.errors import ParameterNotInForceError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DatedValue(Generic[T]):
    """A value in force from ``effective_from`` until the next value starts."""

    effective_from: date
    value: T
    reference: str


@dataclass(frozen=True, slots=True)
class DatedSeries(Generic[T]):
    """The history of one value (a parameter, a capacity, a fee schedule)."""

    name: str
    history: tuple[DatedValue[T], ...]
    description: str = ""

    def __post_init__(self) -> None:
        starts = [v.effective_from for v in self.history]
        if starts != sorted(starts):
            raise ValueError(f"{self.name}: history must be sorted by effective_from")

    def at(self, day: date) -> DatedValue[T]:
        """The value in force on ``day``: the latest start on or before it.

        Raises:
            ParameterNotInForceError: no value starts on or before ``day``.
        """
        starts = [v.effective_from for v in self.history]
        index = bisect.bisect_right(starts, day) - 1
        if index < 0:
            raise ParameterNotInForceError(self.name, day)
        return self.history[index]

    def changes_between(self, first: date, last: date) -> tuple[DatedValue[T], ...]:
        """Values starting in ``(first, last]``: where a period must be split."""
        return tuple(v for v in self.history if first < v.effective_from <= last)


class PartyRole(StrEnum):
    """The part a party plays in the agreement."""

    SENDING = "sending"
    RECEIVING = "receiving"
    MONITOR = "monitor"


@dataclass(frozen=True, slots=True)
class Party:
    """A government or an independent monitor."""

    id: str
    name: str
    role: PartyRole
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Facility:
    """A place of custody in the receiving state."""

    id: str
    name: str
    place: str
    time_zone: str
    capacity: DatedSeries[int]
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """A part of a facility with its own certified and operational capacity."""

    id: str
    name: str
    certified_capacity: int
    operational_capacity: int


class FeeModel(StrEnum):
    """The fee models of the real agreements (FACTS §2.6)."""

    FIXED_BLOCK = "fixed_block"
    PER_DIEM = "per_diem"
    PER_PERSON_MONTH = "per_person_month"


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """How custody is paid for from a date on.

    ``fixed_block``: ``amount`` buys ``places`` places for ``period_months`` months, invoiced in
    equal monthly instalments; person-days above the block are charged at ``overage_per_day``.
    ``per_diem``: ``amount`` per person-day. ``per_person_month``: ``amount`` per person per
    month, prorated by days in the month.
    """

    model: FeeModel
    amount: Money
    reference: str
    places: int | None = None
    period_months: int | None = None
    invoice: str = "monthly"
    overage_per_day: Money | None = None


@dataclass(frozen=True, slots=True)
class DayCount:
    """Which days of a stay are paid for: the arrival day, the departure day."""

    arrival_day: bool
    departure_day: bool


@dataclass(frozen=True, slots=True)
class Fees:
    """The money terms of the agreement."""

    currency: str
    schedules: DatedSeries[FeeSchedule]
    day_count: DayCount
    domestic_cost_per_day: DatedSeries[Money]


PARAMETER_TYPES: Final[dict[str, type]] = {
    "adult_age": int,
    "require_final_conviction": bool,
    "authority_us_citizens": bool,
    "authority_lpr": bool,
    "notice_min_days": int,
    "medical_max_age_days": int,
    "min_remaining_sentence_days": int,
    "require_consent": bool,
}


@dataclass(frozen=True, slots=True)
class Agreement:
    """One version of an agreement, as loaded from its file."""

    id: str
    title: str
    sending_country: str
    receiving_country: str
    effective_from: date
    references: tuple[str, ...]
    parties: tuple[Party, ...]
    facilities: tuple[Facility, ...]
    fees: Fees
    parameters: dict[str, DatedSeries[int | bool]] = field(default_factory=dict)
    digest: str = ""

    def parameter(self, name: str) -> DatedSeries[int | bool]:
        """The history of a parameter by name (KeyError if the file lacks it)."""
        return self.parameters[name]

    def parameters_at(self, day: date) -> dict[str, DatedValue[int | bool]]:
        """Every parameter in force on ``day``.

        Raises:
            ParameterNotInForceError: naming the first parameter with no value in force.
        """
        return {name: series.at(day) for name, series in self.parameters.items()}

    def facility(self, facility_id: str) -> Facility:
        """A facility by id (KeyError if unknown)."""
        for facility in self.facilities:
            if facility.id == facility_id:
                return facility
        raise KeyError(facility_id)

    def party(self, role: PartyRole) -> Party:
        """The first party playing a role."""
        return next(p for p in self.parties if p.role is role)
