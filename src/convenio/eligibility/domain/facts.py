"""From interchange records to flat per-person facts, as of a date (RULEBOOK "Who is who").

Records dated after the as-of date do not exist yet, so every fact depends on the as-of date.
Each fact is an element-wise test over a person's records followed by a list reduction
(any, max, min), which Polars runs over all records at once.
"""

from __future__ import annotations

from datetime import date
from functools import reduce
from typing import Final

import polars as pl

E = pl.element()

PROTECTION_KINDS: Final = ("withholding", "cat", "cat_deferral", "fear_third_country")
WEAK_BASES: Final = (
    "tattoo",
    "clothing",
    "hand_signs",
    "social_media",
    "associates",
    "intelligence",
    "location",
)
WIDE_NOTICES: Final = 16

FACT_COLUMNS: Final[tuple[str, ...]] = (
    "person_id",
    "birth_date",
    "us_status",
    "is_us_citizen",
    "is_lpr",
    "has_final_removal_order",
    "has_final_conviction",
    "release_date",
    "has_protection_granted",
    "has_protection_pending",
    "has_notice",
    "has_valid_notice",
    "earliest_valid_notice_on",
    "has_habeas_pending",
    "has_consented",
    "latest_medical_on",
    "latest_medical_unfit",
    "has_pending_charges",
    "has_unsupported_designation",
    "citizenships",
    "removal_bases",
    "designation_organizations",
)
_NO_TEXTS = pl.lit([], pl.List(pl.String))


def _f(name: str) -> pl.Expr:
    return E.struct.field(name)


def _any(column: str, condition: pl.Expr) -> pl.Expr:
    return pl.col(column).list.eval(condition).list.any().fill_null(False)


def _values(column: str, value: pl.Expr, condition: pl.Expr) -> pl.Expr:
    """The values of the records meeting a condition (an empty list when there are none)."""
    kept = pl.col(column).list.eval(pl.when(condition).then(value)).list.drop_nulls()
    return kept.fill_null(_NO_TEXTS)


def _days(value: pl.Expr) -> pl.Expr:
    return value.cast(pl.Int32)


def fact_expressions(day: date, receiving_country: str) -> list[pl.Expr]:
    """The expressions that reduce each person's records to flat facts as of ``day``."""
    return [*_status_facts(day), *_record_facts(day, receiving_country), *_hold_facts(day)]


def _status_facts(day: date) -> list[pl.Expr]:
    """Who the person is (RULEBOOK "Who is who"), convictions and the release date."""
    d = pl.lit(day)
    citizen = pl.col("citizenships").list.contains("US").fill_null(False) | (
        pl.col("us_status") == "citizen"
    )
    final_conviction = _f("final") & (_f("convicted_on") <= d)
    return [
        pl.col("person_id"),
        pl.col("birth_date"),
        pl.col("us_status"),
        citizen.alias("is_us_citizen"),
        (~citizen & (pl.col("us_status") == "lpr")).alias("is_lpr"),
        _any("removal_orders", _f("final") & (_f("issued_on") <= d) & (_f("basis") != "aea")).alias(
            "has_final_removal_order"
        ),
        _any("convictions", final_conviction).alias("has_final_conviction"),
        _release_date(final_conviction).alias("release_date"),
        pl.col("consent").fill_null(False).alias("has_consented"),
    ]


def _record_facts(day: date, receiving_country: str) -> list[pl.Expr]:
    """Claims, notices, petitions, assessments, charges and designations as of ``day``."""
    d = pl.lit(day)
    medical = _latest_medical(d)
    return [
        _any(
            "protection_claims",
            (_f("status") == "granted")
            & _f("kind").is_in(PROTECTION_KINDS)
            & (_f("country") == receiving_country)
            & (_f("filed_on") <= d),
        ).alias("has_protection_granted"),
        _any("protection_claims", (_f("status") == "pending") & (_f("filed_on") <= d)).alias(
            "has_protection_pending"
        ),
        _any("notices", _f("served_on") <= d).alias("has_notice"),
        _any("habeas_petitions", (_f("status") == "pending") & (_f("filed_on") <= d)).alias(
            "has_habeas_pending"
        ),
        (medical // 2).cast(pl.Date).alias("latest_medical_on"),
        (medical % 2 == 1).fill_null(False).alias("latest_medical_unfit"),
        _any("pending_charges", _f("filed_on") <= d).alias("has_pending_charges"),
        _any(
            "designations",
            ~_f("adjudicated")
            & (_f("designated_on") <= d)
            & _f("basis").list.eval(E.is_in(WEAK_BASES)).list.all(),
        ).alias("has_unsupported_designation"),
    ]


def _hold_facts(day: date) -> list[pl.Expr]:
    """What a class-wide hold may name: citizenships, removal bases, organisations."""
    d = pl.lit(day)
    return [
        pl.col("citizenships").fill_null(_NO_TEXTS),
        _values("removal_orders", _f("basis"), _f("issued_on") <= d).alias("removal_bases"),
        _values("designations", _f("organization"), _f("designated_on") <= d).alias(
            "designation_organizations"
        ),
    ]


def _release_date(final_conviction: pl.Expr) -> pl.Expr:
    """The latest end of a sentence of a final conviction (none without a sentence)."""
    sentence = _f("sentence")
    end = _days(sentence.struct.field("start_on")) + sentence.struct.field("days").cast(pl.Int32)
    latest = pl.col("convictions").list.eval(pl.when(final_conviction).then(end)).list.max()
    return latest.cast(pl.Date)


def _latest_medical(d: pl.Expr) -> pl.Expr:
    """The latest assessment on or before ``d`` as ``2 × day number + unfit``.

    The maximum of these keys is on the latest date and, among several that day, is an
    unfit one if there is any.
    """
    key = _days(_f("assessed_on")) * 2 + (~_f("fit_to_travel")).cast(pl.Int32)
    return (
        pl.col("medical_assessments")
        .list.eval(pl.when(_f("assessed_on") <= d).then(key))
        .list.max()
    )


def _valid_notice(notice: pl.Expr, d: pl.Expr) -> pl.Expr:
    """Served by ``d``, explaining how to contest, in a language the person understands."""
    return (
        (notice.struct.field("served_on") <= d)
        & notice.struct.field("explains_how_to_contest")
        & pl.col("languages").list.contains(notice.struct.field("language"))
    ).fill_null(False)


def _notice_facts_wide(nested: pl.DataFrame, d: pl.Expr, width: int) -> pl.DataFrame:
    """Valid notices, position by position (few notices per person)."""
    notices = [pl.col("notices").list.get(i, null_on_oob=True) for i in range(width)]
    valid = [_valid_notice(notice, d) for notice in notices]
    served = [
        pl.when(ok).then(notice.struct.field("served_on"))
        for ok, notice in zip(valid, notices, strict=True)
    ]
    if not notices:
        return nested.select(
            pl.repeat(False, pl.len()).alias("has_valid_notice"),
            pl.repeat(None, pl.len(), dtype=pl.Date).alias("earliest_valid_notice_on"),
        )
    return nested.select(
        reduce(lambda a, b: a | b, valid).alias("has_valid_notice"),
        pl.min_horizontal(served).alias("earliest_valid_notice_on"),
    )


def _notice_facts_long(nested: pl.DataFrame, d: pl.Expr) -> pl.DataFrame:
    """Valid notices, exploded next to the person's languages and gathered back by row."""
    notice = pl.col("notices")
    valid = _valid_notice(notice, d)
    exploded = nested.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "languages", "notices"
    ).explode("notices")
    per_row = (
        exploded.select(
            "_row", valid.alias("_valid"), notice.struct.field("served_on").alias("_on")
        )
        .group_by("_row", maintain_order=True)
        .agg(
            pl.col("_valid").any().alias("has_valid_notice"),
            pl.col("_on").filter(pl.col("_valid")).min().alias("earliest_valid_notice_on"),
        )
    )
    return per_row.drop("_row")


def notice_facts(nested: pl.DataFrame, day: date) -> pl.DataFrame:
    """``has_valid_notice`` and ``earliest_valid_notice_on`` for every person.

    A notice's validity needs the person's languages, which an element-wise list expression
    cannot see; the notices are taken position by position, or exploded when some person has
    more than ``WIDE_NOTICES`` of them.
    """
    width = int(nested.select(pl.col("notices").list.len().max()).item() or 0)
    if width <= WIDE_NOTICES:
        return _notice_facts_wide(nested, pl.lit(day), width)
    return _notice_facts_long(nested, pl.lit(day))


def flatten(nested: pl.DataFrame, day: date, receiving_country: str) -> pl.DataFrame:
    """One row of flat facts per person of ``nested`` (interchange columns), as of ``day``."""
    flat = nested.select(fact_expressions(day, receiving_country))
    return pl.concat([flat, notice_facts(nested, day)], how="horizontal").select(FACT_COLUMNS)
