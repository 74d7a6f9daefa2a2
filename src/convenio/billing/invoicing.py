"""The steps of accrual and invoicing inside a caller's transaction (no commit here)."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from convenio.billing.adapters import accruals, store
from convenio.billing.domain.accrual import accrue, reconcile
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.columns import (
    KEY_COLUMNS,
    empty_entries,
    entries_frame,
    entries_of,
    lines_of,
)
from convenio.billing.domain.model import (
    AccrualEntry,
    DayCount,
    FeeModel,
    Line,
    Schedule,
    StayLike,
    overage_key,
    person_key,
)
from convenio.billing.domain.monthly import (
    accrue_frame,
    intervals_frame,
    intervals_of,
    latest_per_key,
    month_lines_frame,
    reconcile_frame,
)
from convenio.billing.domain.repair import Billed, repair_lines
from convenio.shared.money import Money
from convenio.terms import public as terms

IntervalSource = Callable[[Session, date, date], Sequence[StayLike] | pl.DataFrame]
"""Custody's stays overlapping a period: stay values, or interval columns
(``monthly.INTERVAL_SCHEMA``)."""


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
    entries: pl.DataFrame = field(default_factory=empty_entries)


def accrue_in(
    session: Session, bt: BillingTerms, month: Month, source: IntervalSource, at: datetime
) -> AccrualOutcome:
    """Accrue ``month`` for every stay, and re-accrue earlier months for corrected stays."""
    # months already accrued or invoiced: a correction may reach back into any of them
    months = sorted(
        set(accruals.accrued_months(session, bt.agreement_id))
        | {h["month_first"] for h in store.invoices(session, bt.agreement_id)}
    )
    window_first = min([*months, month.first])
    found = source(session, window_first, month.last)
    frame = found if isinstance(found, pl.DataFrame) else intervals_frame(found)
    revisions = frame.select("stay_id", "revision")
    computed = accrue_frame(frame, bt.day_count, bt.schedules, month)
    latest = accruals.latest_accruals(session, bt.agreement_id, month.first)
    added = reconcile_frame(latest, computed, revisions)
    known = accruals.stay_revisions(session, bt.agreement_id)
    earlier = _reaccrue_earlier(session, bt, month, months, frame, known)
    if earlier:
        added = pl.concat([added, entries_frame(earlier)])
    accruals.add_accruals(session, bt.agreement_id, added, at)
    seen = pl.concat([revisions, added.select("stay_id", "revision")])
    accruals.add_revision_set(session, bt.agreement_id, known, seen, at)
    current = latest_per_key(
        pl.concat([latest, added.filter(pl.col("month_first") == month.first)])
    )
    return AccrualOutcome(
        entries=current.filter(pl.col("days") != 0),
        month=month,
        stays=computed["stay_id"].n_unique(),
        person_days=int(computed["days"].sum()),
        added=added.height,
        corrected_stays=len({e.stay_id for e in earlier if e.month_first != month.first}),
    )


def _corrected(
    frame: pl.DataFrame, known: pl.DataFrame, month: Month
) -> tuple[set[str], set[str], set[str]]:
    """Stays not accrued at their current revision (new or corrected), those of them that
    reach back before ``month`` or were accrued before, and accrued stays custody no longer
    places in the window."""
    joined = frame.join(known.rename({"revision": "_known"}), on="stay_id", how="left")
    stale = joined.filter(pl.col("_known").ne_missing(pl.col("revision")))
    reaching = stale.filter(pl.col("_known").is_not_null() | (pl.col("admitted_on") < month.first))
    absent = known.join(frame, on="stay_id", how="anti")
    return (
        set(stale["stay_id"].to_list()),
        set(reaching["stay_id"].to_list()),
        set(absent["stay_id"].to_list()),
    )


def _reaccrue_earlier(
    session: Session,
    bt: BillingTerms,
    month: Month,
    months: Sequence[date],
    frame: pl.DataFrame,
    known: pl.DataFrame,
) -> list[AccrualEntry]:
    """Entries to append for earlier accrued or invoiced months of stays custody has
    corrected (or that custody now places in them for the first time)."""
    if not months:
        return []
    stale, reaching, absent = _corrected(frame, known, month)
    corrected = intervals_of(frame.filter(pl.col("stay_id").is_in(sorted(reaching))))
    # Stays accrued before that custody no longer places in the window at all: their exit
    # was corrected to before it. Their remaining days are zeroed.
    vanished = accruals.live_stays(session, bt.agreement_id, absent)
    if not (corrected or vanished):
        return []
    stale |= vanished
    revisions = dict(zip(frame["stay_id"].to_list(), frame["revision"].to_list(), strict=True))
    earliest = min((i.admitted_on for i in corrected), default=month.first)
    if vanished:
        earliest = min(months, default=month.first)
    additions: list[AccrualEntry] = []
    for month_first in months:
        earlier = Month.of(month_first)
        if month_first == month.first or earlier.last < earliest:
            continue
        latest = accruals.latest_accruals(session, bt.agreement_id, month_first)
        mine = entries_of(latest.filter(pl.col("stay_id").is_in(sorted(stale))))
        additions += reconcile(
            {entry.key: entry for entry in mine},
            accrue(corrected, bt.day_count, bt.schedules, earlier),
            lambda key: key[0] in stale,
            revisions,
        )
    return additions


def current_entries(session: Session, agreement_id: str, month: Month) -> pl.DataFrame:
    """The latest accrual entries of a month that have days."""
    latest = accruals.latest_accruals(session, agreement_id, month.first)
    return latest.filter(pl.col("days") != 0)


def lines_for(session: Session, bt: BillingTerms, month: Month) -> pl.DataFrame:
    """The charges of ``month`` from its current accruals."""
    entries = current_entries(session, bt.agreement_id, month)
    return month_lines_frame(entries, bt.schedules, month)


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
        changed = accruals.latest_accruals(
            session, bt.agreement_id, month_first, after=header["accrual_watermark"]
        )
        if not changed.height:
            continue
        month = Month.of(month_first)
        changed_keys = {
            person_key(stay, first, schedule)
            for stay, first, schedule in changed.select(KEY_COLUMNS).iter_rows()
        }
        month_keys = changed_keys | {
            overage_key(month_first, s.effective_from) for s in bt.schedules
        }
        keys.update(month_keys)
        lines = lines_for(session, bt, month).filter(pl.col("key").is_in(sorted(month_keys)))
        expected.update((line.key, line) for line in lines_of(lines))
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
