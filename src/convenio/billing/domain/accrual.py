"""Accrual: person-days per stay, per month, per fee schedule, from custody intervals only."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from convenio.billing.domain.calendar import Month
from convenio.billing.domain.model import ONE_DAY, AccrualEntry, DayCount, Schedule, StayLike

Segment = tuple[date, date, Schedule]
AccrualKey = tuple[str, date, date]


def schedule_segments(schedules: Sequence[Schedule], month: Month) -> list[Segment]:
    """The parts of ``month`` under each schedule, in order.

    Days before the first schedule takes effect belong to no schedule and are not accrued.
    """
    first, last = month.first, month.last
    ordered = sorted(schedules, key=lambda s: s.effective_from)
    segments: list[Segment] = []
    for index, schedule in enumerate(ordered):
        start = max(schedule.effective_from, first)
        following = ordered[index + 1].effective_from if index + 1 < len(ordered) else None
        end = last if following is None else min(last, following - ONE_DAY)
        if start <= end:
            segments.append((start, end, schedule))
    return segments


def accrue(
    intervals: Iterable[StayLike],
    day_count: DayCount,
    schedules: Sequence[Schedule],
    month: Month,
) -> list[AccrualEntry]:
    """Person-days of every interval in ``month``, split where the schedule changes.

    An open stay (no exit yet) is counted to the end of the month.

    Raises:
        InvalidIntervalError: an interval ends before it starts.
    """
    segments = schedule_segments(schedules, month)
    if not segments:
        return []
    month_first, month_last = month.first, month.last
    entries: list[AccrualEntry] = []
    append = entries.append
    new = tuple.__new__
    for interval in intervals:
        paid = day_count.billable(interval)
        if paid is None:
            continue
        low = paid[0] if paid[0] > month_first else month_first
        high = month_last if paid[1] is None or paid[1] > month_last else paid[1]
        if low > high:
            continue
        for seg_low, seg_high, schedule in segments:
            start = low if low > seg_low else seg_low
            end = high if high < seg_high else seg_high
            if start <= end:
                append(
                    new(
                        AccrualEntry,
                        (
                            interval.stay_id,
                            interval.person_id,
                            interval.facility_id,
                            month_first,
                            schedule.effective_from,
                            start,
                            end,
                            (end - start).days + 1,
                            interval.revision,
                            interval.source_events,
                            None,
                        ),
                    )
                )
    return entries


def _same(old: AccrualEntry, new: AccrualEntry) -> bool:
    return (
        old.first_day == new.first_day
        and old.last_day == new.last_day
        and old.days == new.days
        and old.revision == new.revision
    )


def reconcile(
    latest: Mapping[AccrualKey, AccrualEntry],
    computed: Sequence[AccrualEntry],
    in_scope: Callable[[AccrualKey], bool],
    revisions: Mapping[str, int],
) -> list[AccrualEntry]:
    """The entries to append so that the latest entry per key equals ``computed``.

    Nothing is returned when nothing changed (accrual is idempotent). A key in scope that
    earlier had days and is no longer computed gets a zero-day entry that supersedes it.
    """
    if not latest:
        return list(computed)
    additions: list[AccrualEntry] = []
    seen: set[AccrualKey] = set()
    for entry in computed:
        key = entry.key
        seen.add(key)
        old = latest.get(key)
        if old is None or not _same(old, entry):
            additions.append(entry)
    for key, old in latest.items():
        if key in seen or old.days == 0 or not in_scope(key):
            continue
        revision = revisions.get(old.stay_id, old.revision)
        additions.append(
            old._replace(first_day=None, last_day=None, days=0, revision=revision, accrual_no=None)
        )
    return additions


def stale_stays(intervals: Iterable[StayLike], known: Mapping[str, int]) -> set[str]:
    """Stays billing has not accrued at their current revision (new or corrected)."""
    return {i.stay_id for i in intervals if known.get(i.stay_id) != i.revision}
