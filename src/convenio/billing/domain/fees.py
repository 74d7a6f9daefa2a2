"""Fee lines of one month from its accrual entries, for each fee model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from operator import attrgetter

from convenio.billing.domain.accrual import schedule_segments
from convenio.billing.domain.calendar import Month, half_up
from convenio.billing.domain.model import (
    AccrualEntry,
    FeeModel,
    Line,
    LineKind,
    Schedule,
    instalment_key,
    overage_key,
)


def month_lines(
    entries: Sequence[AccrualEntry], schedules: Sequence[Schedule], month: Month
) -> list[Line]:
    """Every charge of ``month``: person-day lines, and for a block its instalment and overage.

    Each line is rounded once, half-up to the minor unit; the invoice total is the sum of
    the lines.
    """
    by_schedule: dict[object, list[AccrualEntry]] = defaultdict(list)
    for entry in entries:
        if entry.days:
            by_schedule[entry.schedule_from].append(entry)
    lines: list[Line] = []
    for seg_low, seg_high, schedule in schedule_segments(schedules, month):
        chosen = sorted(by_schedule.get(schedule.effective_from, ()), key=_ORDER)
        lines.extend(person_lines(chosen, schedule, month))
        if schedule.model is FeeModel.FIXED_BLOCK:
            person_days = sum(e.days for e in chosen)
            lines.extend(block_lines(person_days, schedule, month, (seg_high - seg_low).days + 1))
    return lines


_ORDER = attrgetter("facility_id", "person_id", "first_day", "stay_id")


def pricing(schedule: Schedule, month: Month) -> tuple[int, str]:
    """The unit price in minor units of a person-days line, and how the line reads."""
    if schedule.model is FeeModel.PER_DIEM:
        return schedule.amount.minor, f"per diem {schedule.amount} a day"
    if schedule.model is FeeModel.PER_PERSON_MONTH:
        return schedule.amount.minor, (
            f"{schedule.amount} a person-month × days / {month.days}, rounded half-up"
        )
    return 0, f"within the block of {schedule.places} places"


def person_lines(entries: Sequence[AccrualEntry], schedule: Schedule, month: Month) -> list[Line]:
    """One line per accrual entry: the person, the days and the custody events they come from."""
    unit, description = pricing(schedule, month)
    suffix = f"/{month.first.isoformat()}/{schedule.effective_from.isoformat()}"
    model, effective, days_in_month = schedule.model, schedule.effective_from, month.days
    lines: list[Line] = []
    append, new, kind = lines.append, tuple.__new__, LineKind.PERSON_DAYS
    for entry in entries:
        if model is FeeModel.PER_DIEM:
            amount = unit * entry.days
        elif model is FeeModel.PER_PERSON_MONTH:
            amount = half_up(unit * entry.days, days_in_month)
        else:
            amount = 0
        append(
            new(
                Line,
                (
                    f"p/{entry.stay_id}{suffix}",
                    kind,
                    entry.month_first,
                    model,
                    effective,
                    entry.days,
                    unit,
                    amount,
                    description,
                    entry.facility_id,
                    entry.person_id,
                    entry.stay_id,
                    entry.first_day,
                    entry.last_day,
                    entry.revision,
                    entry.source_events,
                    None,
                    None,
                ),
            )
        )
    return lines


def instalment(schedule: Schedule, month: Month) -> tuple[int, int, int]:
    """(number, count, amount in minor units) of the block instalment due in ``month``.

    Instalments are ``amount.split(period_months)``, so a period's instalments sum to the
    amount exactly; the first falls in the month the schedule takes effect, and a block
    still in force after its period starts a new one.
    """
    count = schedule.period_months or 1
    offset = (month.index() - Month.of(schedule.effective_from).index()) % count
    return offset + 1, count, schedule.amount.split(count)[offset].minor


def block_lines(person_days: int, schedule: Schedule, month: Month, block_days: int) -> list[Line]:
    """A block's instalment of ``month`` and its overage, if the person-days exceed it."""
    lines: list[Line] = []
    number, count, amount = instalment(schedule, month)
    lines.append(
        Line(
            key=instalment_key(month.first, schedule.effective_from),
            kind=LineKind.INSTALMENT,
            for_month=month.first,
            model=schedule.model,
            schedule_from=schedule.effective_from,
            days=0,
            unit_minor=amount,
            amount_minor=amount,
            description=(
                f"Block of {schedule.places} places: instalment {number} of {count} "
                f"of {schedule.amount}"
            ),
        )
    )
    line = overage_line(person_days, schedule, month, block_days)
    if line is not None:
        lines.append(line)
    return lines


def overage_line(
    person_days: int, schedule: Schedule, month: Month, block_days: int
) -> Line | None:
    """Person-days above ``places × days`` of the block in the month, at the overage rate."""
    covered = (schedule.places or 0) * block_days
    over = person_days - covered
    if over <= 0 or schedule.overage_per_day is None:
        return None
    rate = schedule.overage_per_day.minor
    return Line(
        key=overage_key(month.first, schedule.effective_from),
        kind=LineKind.OVERAGE,
        for_month=month.first,
        model=schedule.model,
        schedule_from=schedule.effective_from,
        days=over,
        unit_minor=rate,
        amount_minor=over * rate,
        description=(
            f"{person_days} person-days, block covers {covered}: "
            f"{over} d × {schedule.overage_per_day}"
        ),
    )
