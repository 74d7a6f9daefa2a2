"""The nineteen rules of RULEBOOK v1, each defined once as Polars expressions over flat facts.

A rule says which facts it looks at, which parameters decide it, when it applies, how its
detail reads and on what authority. The vectorized screen and the one-person explanation
both evaluate these same definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import polars as pl

from convenio.eligibility.domain.decision import ParameterUse, Severity

PARAMETER_NAMES: Final = (
    "adult_age",
    "require_final_conviction",
    "authority_us_citizens",
    "authority_lpr",
    "notice_min_days",
    "medical_max_age_days",
    "min_remaining_sentence_days",
    "require_consent",
)
HOLD_IDS: Final = "legal_hold_ids"


@dataclass(frozen=True, slots=True)
class Context:
    """What every rule may read besides the person: the as-of date and the terms in force."""

    day: date
    receiving_country: str
    parameters: Mapping[str, ParameterUse]

    def value(self, name: str) -> int:
        """A parameter's value in force (booleans are ints for the arithmetic)."""
        return int(self.parameters[name].value)

    def flag(self, name: str) -> bool:
        """A boolean parameter in force."""
        return bool(self.parameters[name].value)

    def days_before(self, days: int) -> date:
        """The as-of date moved back by ``days`` (forward when negative)."""
        return self.day - timedelta(days=days)

    def latest_adult_birth(self) -> date:
        """The latest birth date of a person of ``adult_age`` on the as-of date."""
        year = self.day.year - self.value("adult_age")
        day = self.day.day if (self.day.month, self.day.day) != (2, 29) else 28
        return date(year, self.day.month, day)


Build = Callable[[Context], pl.Expr]


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rulebook's table."""

    number: int
    code: str
    facts: tuple[str, ...]
    parameters: tuple[str, ...]
    applies: Build
    detail: Build
    reference: str = ""
    severity: Severity = Severity.BLOCK
    review_if: str | None = None
    free_text: bool = False  # the detail may hold any text (hold ids): escape it in JSON

    def severity_in(self, ctx: Context) -> Severity:
        """The severity under the terms in force (block may become review)."""
        if self.review_if is not None and ctx.flag(self.review_if):
            return Severity.REVIEW
        return self.severity

    def reference_in(self, ctx: Context) -> str:
        """The reference of the parameter that decides the rule, else the rule's own."""
        if self.parameters:
            return ctx.parameters[self.parameters[0]].reference
        return self.reference


def col(name: str) -> pl.Expr:
    return pl.col(name)


def text_detail(text: str) -> Build:
    return lambda ctx: pl.lit(text.format(day=ctx.day.isoformat()))


def age(ctx: Context) -> pl.Expr:
    """Age in full years on the as-of date (RULEBOOK "Time")."""
    birth = col("birth_date")
    later_in_year = birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)
    before_birthday = later_in_year > ctx.day.month * 100 + ctx.day.day
    return ctx.day.year - birth.dt.year().cast(pl.Int32) - before_birthday.cast(pl.Int32)


def citizen_or_lpr(_: Context) -> pl.Expr:
    return col("is_us_citizen") | col("is_lpr")


def sentence_detail(ctx: Context) -> pl.Expr:
    left = (col("release_date") - pl.lit(ctx.day)).dt.total_days()
    minimum = ctx.value("min_remaining_sentence_days")
    return (
        pl.when(col("release_date").is_null())
        .then(pl.lit(f"no sentence left to serve on {ctx.day.isoformat()}"))
        .otherwise(
            pl.format(
                "release on {}: {} day(s) left to serve, under "
                f"min_remaining_sentence_days {minimum}",
                col("release_date"),
                left,
            )
        )
    )


def notice_period_detail(ctx: Context) -> pl.Expr:
    days = ctx.value("notice_min_days")
    ends = col("earliest_valid_notice_on") + pl.duration(days=days)
    return pl.format(
        "first valid notice served on {}: transfer not before {} (notice_min_days {})",
        col("earliest_valid_notice_on"),
        ends,
        pl.lit(days),
    )


def medical_detail(ctx: Context) -> pl.Expr:
    old = (pl.lit(ctx.day) - col("latest_medical_on")).dt.total_days()
    maximum = ctx.value("medical_max_age_days")
    return (
        pl.when(col("latest_medical_on").is_null())
        .then(pl.lit(f"no medical assessment on or before {ctx.day.isoformat()}"))
        .otherwise(
            pl.format(
                "latest assessment of {} is {} day(s) old, over "
                f"medical_max_age_days {maximum}",
                col("latest_medical_on"),
                old,
            )
        )
    )


WEAK_BASES_TEXT = "tattoo, clothing, hand signs, social media, associates, intelligence or location"
NOTICE_LAW = (
    "Trump v. J.G.G., 604 U.S. ___ (2025): notice in time and in a manner that allows "
    "habeas relief before removal; A.A.R.P. v. Trump, 605 U.S. ___ (2025)"
)
