"""The steps of accrual and invoicing inside a caller's transaction (no commit here)."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from convenio.billing.adapters import store
from convenio.billing.domain.accrual import accrue, reconcile, stale_stays
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.fees import month_lines
from convenio.billing.domain.model import (
    AccrualEntry,
    CustodyInterval,
    DayCount,
    FeeModel,
    Line,
    Schedule,
    overage_key,
    person_key,
)
from convenio.billing.domain.repair import Billed, repair_lines
from convenio.shared.money import Money
from convenio.terms import public as terms

IntervalSource = Callable[[Session, date, date], Sequence[CustodyInterval]]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during bulk accrual and invoicing.

    A month for 40,000 people creates hundreds of thousands of small acyclic tuples; the
    cyclic collector would rescan them again and again (about half the CPU time). Reference
    counting still frees everything; the collector is re-enabled afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class BillingTerms:
    """The money terms of an agreement in billing's own values."""

    agreement_id: str
    currency: str
    day_count: DayCount
    schedules: tuple[Schedule, ...]
    domestic_cost_per_day: tuple[tuple[date, Money], ...]


def terms_of(agreement: terms.Agreement) -> BillingTerms:
    """Convert the agreement's fees (terms' values) into billing's values."""
    fees = agreement.fees
    schedules = tuple(
        Schedule(
            effective_from=dated.effective_from,
            model=FeeModel(dated.value.model.value),
            amount=dated.value.amount,
            reference=dated.reference or dated.value.reference,
            places=dated.value.places,
            period_months=dated.value.period_months,
            overage_per_day=dated.value.overage_per_day,
        )
        for dated in fees.schedules.history
    )
    return BillingTerms(
        agreement_id=agreement.id,
        currency=fees.currency,
        day_count=DayCount(fees.day_count.arrival_day, fees.day_count.departure_day),
        schedules=schedules,
        domestic_cost_per_day=tuple(
            (d.effective_from, d.value) for d in fees.domestic_cost_per_day.history
        ),
    )


@dataclass(frozen=True, slots=True)
class AccrualOutcome:
    """What an accrual run found and appended; ``entries``: the month's entries with days."""

    month: Month
    stays: int
    person_days: int
    added: int
    corrected_stays: int
    entries: tuple[AccrualEntry, ...] = ()


def accrue_in(
    session: Session, bt: BillingTerms, month: Month, source: IntervalSource, at: datetime
) -> AccrualOutcome:
    """Accrue ``month`` for every stay, and re-accrue earlier months for corrected stays."""
    months = store.accrued_months(session, bt.agreement_id)
    window_first = min([*months, month.first])
    intervals = source(session, window_first, month.last)
    known = store.stay_revisions(session, bt.agreement_id)
    revisions = {i.stay_id: i.revision for i in intervals}
    computed = accrue(intervals, bt.day_count, bt.schedules, month)
    latest = store.latest_accruals(session, bt.agreement_id, month.first)
    additions = reconcile(latest, computed, lambda _key: True, revisions)
    additions += _reaccrue_earlier(session, bt, month, months, intervals, known)
    store.add_accruals(session, bt.agreement_id, additions, at)
    month_first = month.first
    for entry in additions:
        if entry.month_first == month_first:
            latest[entry.key] = entry
    return AccrualOutcome(
        entries=tuple(e for e in latest.values() if e.days),
        month=month,
        stays=len({e.stay_id for e in computed}),
        person_days=sum(e.days for e in computed),
        added=len(additions),
        corrected_stays=len({e.stay_id for e in additions if e.month_first != month_first}),
    )


def _reaccrue_earlier(
    session: Session,
    bt: BillingTerms,
    month: Month,
    months: Sequence[date],
    intervals: Sequence[CustodyInterval],
    known: dict[str, int],
) -> list[AccrualEntry]:
    """Entries to append for earlier accrued months of stays custody has corrected."""
    revisions = {i.stay_id: i.revision for i in intervals}
    stale = stale_stays(intervals, known) if known else set()
    corrected = [
        i
        for i in intervals
        if i.stay_id in stale and (i.stay_id in known or i.admitted_on < month.first)
    ]
    # Stays accrued before that custody no longer places in the window at all: their exit
    # was corrected to before it. Their remaining days are zeroed.
    vanished = store.live_stays(session, bt.agreement_id, set(known) - set(revisions))
    if not (corrected or vanished):
        return []
    stale |= vanished
    earliest = min((i.admitted_on for i in corrected), default=month.first)
    if vanished:
        earliest = min(months, default=month.first)
    additions: list[AccrualEntry] = []
    for month_first in months:
        earlier = Month.of(month_first)
        if month_first == month.first or earlier.last < earliest:
            continue
        additions += reconcile(
            store.latest_accruals(session, bt.agreement_id, month_first),
            accrue(corrected, bt.day_count, bt.schedules, earlier),
            lambda key: key[0] in stale,
            revisions,
        )
    return additions


def current_entries(session: Session, agreement_id: str, month: Month) -> list[AccrualEntry]:
    """The latest accrual entries of a month that have days."""
    latest = store.latest_accruals(session, agreement_id, month.first)
    return [e for e in latest.values() if e.days]


def lines_for(session: Session, bt: BillingTerms, month: Month) -> list[Line]:
    """The charges of ``month`` from its current accruals."""
    return month_lines(current_entries(session, bt.agreement_id, month), bt.schedules, month)


def repairs_for(session: Session, bt: BillingTerms, before: date) -> list[Line]:
    """One repair line per charge of an already billed month (before ``before``) that the
    current accruals now compute differently."""
    billed = store.billed_invoices(session, bt.agreement_id)
    originals = {h["month_first"]: h for h in billed if h["kind"] == "invoice"}
    keys: set[str] = set()
    expected: dict[str, Line] = {}
    for month_first, header in sorted(originals.items()):
        if month_first >= before:
            continue
        changed = store.latest_accruals(
            session, bt.agreement_id, month_first, after=header["accrual_watermark"]
        )
        if not changed:
            continue
        month = Month.of(month_first)
        keys.update(person_key(*key) for key in changed)
        keys.update(overage_key(month_first, s.effective_from) for s in bt.schedules)
        expected.update((line.key, line) for line in lines_for(session, bt, month))
    if not keys:
        return []
    ids = [h["invoice_id"] for h in billed]
    return repair_lines(keys, expected, _billed(store.lines_by_keys(session, ids, keys)))


def _billed(rows: Sequence[dict[str, Any]]) -> dict[str, Billed]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[str(row["line_key"])].append(row)
    billed: dict[str, Billed] = {}
    for key, group in grouped.items():
        first = group[0]
        billed[key] = Billed(
            amount_minor=sum(int(r["amount_minor"]) for r in group),
            days=sum(int(r["days"]) for r in group),
            first_line_id=str(first["line_id"]),
            template=store.line_from_row(first),
        )
    return billed
