"""A whole month at once: accrual, fee lines and reconciliation as Polars columns.

The same rules as ``accrual.accrue``, ``fees.month_lines`` and ``accrual.reconcile``, which
stay the reference (per record, plain Python): a property test holds the two equal. Money
is integer arithmetic on 64-bit minor units throughout; the one rounding rule is the same
half-up division.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from convenio.billing.domain.accrual import schedule_segments
from convenio.billing.domain.calendar import Month
from convenio.billing.domain.columns import (
    ACCRUAL_SCHEMA,
    KEY_COLUMNS,
    LINE_SCHEMA,
    empty_entries,
    lines_frame,
)
from convenio.billing.domain.errors import InvalidIntervalError
from convenio.billing.domain.fees import block_lines, pricing
from convenio.billing.domain.model import (
    CustodyInterval,
    DayCount,
    FeeModel,
    LineKind,
    Schedule,
    StayLike,
)

INTERVAL_SCHEMA = pl.Schema(
    {
        "stay_id": pl.String,
        "person_id": pl.String,
        "facility_id": pl.String,
        "admitted_on": pl.Date,
        "exited_on": pl.Date,
        "source_events": pl.String,
        "revision": pl.Int64,
    }
)


def intervals_frame(intervals: Sequence[StayLike]) -> pl.DataFrame:
    """Custody intervals as columns (events joined by newlines)."""
    columns = {
        "stay_id": [i.stay_id for i in intervals],
        "person_id": [i.person_id for i in intervals],
        "facility_id": [i.facility_id for i in intervals],
        "admitted_on": [i.admitted_on for i in intervals],
        "exited_on": [i.exited_on for i in intervals],
        "source_events": ["\n".join(i.source_events) for i in intervals],
        "revision": [i.revision for i in intervals],
    }
    return pl.DataFrame(columns, schema=INTERVAL_SCHEMA)


def _events(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def intervals_of(frame: pl.DataFrame) -> list[CustodyInterval]:
    """Interval columns back as intervals (for small sets)."""
    return [
        CustodyInterval(stay, person, facility, admitted, exited, _events(events), rev)
        for stay, person, facility, admitted, exited, events, rev in frame.select(
            INTERVAL_SCHEMA.names()
        ).iter_rows()
    ]


def _check_order(intervals: pl.DataFrame) -> None:
    backwards = intervals.filter(pl.col("exited_on") < pl.col("admitted_on")).head(1)
    if backwards.height:
        stay, admitted, exited = backwards.select("stay_id", "admitted_on", "exited_on").row(0)
        raise InvalidIntervalError(stay, admitted, exited)


def _paid_days(intervals: pl.DataFrame, day_count: DayCount) -> pl.DataFrame:
    """First and last paid day of each interval (last null while open), as ``DayCount``."""
    one = pl.duration(days=1)
    admitted, exited = pl.col("admitted_on"), pl.col("exited_on")
    first = admitted if day_count.arrival_day else admitted + one
    last = exited if day_count.departure_day else exited - one
    same_day_paid = day_count.arrival_day or day_count.departure_day
    return intervals.with_columns(
        pl.when(exited == admitted).then(admitted).otherwise(first).alias("_first"),
        pl.when(exited == admitted).then(admitted).otherwise(last).alias("_last"),
    ).filter(
        pl.when(exited.is_null())
        .then(True)
        .when(exited == admitted)
        .then(same_day_paid)
        .otherwise(pl.col("_first") <= pl.col("_last"))
    )


def accrue_frame(
    intervals: pl.DataFrame, day_count: DayCount, schedules: Sequence[Schedule], month: Month
) -> pl.DataFrame:
    """Person-days of every interval in ``month``, split where the schedule changes; the
    rows of ``accrual.accrue`` in the same order.

    Raises:
        InvalidIntervalError: an interval ends before it starts.
    """
    segments = schedule_segments(schedules, month)
    if not segments or not intervals.height:
        return empty_entries()
    _check_order(intervals)
    paid = _paid_days(intervals, day_count).with_row_index("_row")
    low = pl.max_horizontal(pl.col("_first"), pl.lit(month.first))
    high = pl.min_horizontal(pl.col("_last").fill_null(month.last), pl.lit(month.last))
    parts = []
    for number, (seg_low, seg_high, schedule) in enumerate(segments):
        start = pl.max_horizontal(low, pl.lit(seg_low))
        end = pl.min_horizontal(high, pl.lit(seg_high))
        parts.append(
            paid.select(
                "_row",
                pl.lit(number, pl.UInt32).alias("_segment"),
                "stay_id",
                "person_id",
                "facility_id",
                pl.lit(month.first).alias("month_first"),
                pl.lit(schedule.effective_from).alias("schedule_from"),
                start.alias("first_day"),
                end.alias("last_day"),
                ((end - start).dt.total_days() + 1).alias("days"),
                "revision",
                "source_events",
                pl.lit(None, pl.Int64).alias("accrual_no"),
            ).filter(pl.col("first_day") <= pl.col("last_day"))
        )
    entries = pl.concat(parts).sort("_row", "_segment", maintain_order=True)
    return entries.select(ACCRUAL_SCHEMA.names()).cast(ACCRUAL_SCHEMA)


def _person_lines(entries: pl.DataFrame, schedule: Schedule, month: Month) -> pl.DataFrame:
    unit, description = pricing(schedule, month)
    days = pl.col("days")
    if schedule.model is FeeModel.PER_DIEM:
        amount = days * unit
    elif schedule.model is FeeModel.PER_PERSON_MONTH:
        # half_up(unit × days, days in month) for non-negative amounts
        amount = (days * unit * 2 + month.days) // (2 * month.days)
    else:
        amount = pl.lit(0, pl.Int64)
    suffix = f"/{month.first.isoformat()}/{schedule.effective_from.isoformat()}"
    return entries.sort(
        "facility_id", "person_id", "first_day", "stay_id", maintain_order=True
    ).select(
        pl.concat_str(pl.lit("p/"), "stay_id", pl.lit(suffix)).alias("key"),
        pl.lit(LineKind.PERSON_DAYS.value).alias("kind"),
        pl.col("month_first").alias("for_month"),
        pl.lit(schedule.model.value).alias("model"),
        pl.lit(schedule.effective_from).alias("schedule_from"),
        "days",
        pl.lit(unit, pl.Int64).alias("unit_minor"),
        amount.cast(pl.Int64).alias("amount_minor"),
        pl.lit(description).alias("description"),
        "facility_id",
        "person_id",
        "stay_id",
        "first_day",
        "last_day",
        "revision",
        "source_events",
        pl.lit(None, pl.String).alias("corrects_line_id"),
        pl.lit(None, pl.Int64).alias("billed_before_minor"),
    )


def month_lines_frame(
    entries: pl.DataFrame, schedules: Sequence[Schedule], month: Month
) -> pl.DataFrame:
    """Every charge of ``month`` from its entries: ``fees.month_lines`` as columns."""
    charged = entries.filter(pl.col("days") > 0)
    parts = []
    for seg_low, seg_high, schedule in schedule_segments(schedules, month):
        chosen = charged.filter(pl.col("schedule_from") == schedule.effective_from)
        parts.append(_person_lines(chosen, schedule, month).cast(LINE_SCHEMA))
        if schedule.model is FeeModel.FIXED_BLOCK:
            person_days = int(chosen["days"].sum())
            block = block_lines(person_days, schedule, month, (seg_high - seg_low).days + 1)
            parts.append(lines_frame(block))
    return pl.concat(parts) if parts else lines_frame([])


def reconcile_frame(
    latest: pl.DataFrame, computed: pl.DataFrame, revisions: pl.DataFrame
) -> pl.DataFrame:
    """The entries to append so that the latest entry per key equals ``computed``:
    ``accrual.reconcile`` with every key in scope. ``revisions``: ``stay_id, revision`` of
    the stays custody holds now (a zeroed entry takes its stay's current revision)."""
    if not latest.height:
        return computed
    compared = ("first_day", "last_day", "days", "revision")
    old = latest.select(*KEY_COLUMNS, *(pl.col(c).alias(f"_old_{c}") for c in compared))
    joined = computed.join(old, on=list(KEY_COLUMNS), how="left", maintain_order="left")
    same = pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"_old_{c}")) for c in compared)
    changed = joined.filter(~same | pl.col("_old_days").is_null()).select(computed.columns)
    gone = latest.join(computed, on=list(KEY_COLUMNS), how="anti", maintain_order="left")
    current = revisions.select("stay_id", pl.col("revision").alias("_now"))
    zeroed = (
        gone.filter(pl.col("days") != 0)
        .join(current, on="stay_id", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_now", "revision").alias("revision"))
    ).with_columns(
        pl.lit(None, pl.Date).alias("first_day"),
        pl.lit(None, pl.Date).alias("last_day"),
        pl.lit(0, pl.Int64).alias("days"),
        pl.lit(None, pl.Int64).alias("accrual_no"),
    )
    return pl.concat([changed, zeroed.select(computed.columns)])


def latest_per_key(entries: pl.DataFrame) -> pl.DataFrame:
    """The last entry per key, in the order the keys first appeared."""
    return entries.unique(subset=list(KEY_COLUMNS), keep="last", maintain_order=True)
