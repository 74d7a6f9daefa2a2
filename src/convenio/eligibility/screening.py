"""Screening without a database: files or interchange dicts in, decisions out.

Every path goes through the same steps: the terms in force on the as-of date, the flat facts
of each person as of that date, the active holds that match, and the rule table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from convenio.eligibility.adapters.interchange import check_holds, people_frame
from convenio.eligibility.domain.decision import (
    Decision,
    DecisionKind,
    Explanation,
    ParameterUse,
    Reason,
    RuleResult,
)
from convenio.eligibility.domain.facts import flatten
from convenio.eligibility.domain.holds import hold_is_active, hold_matches
from convenio.eligibility.domain.rules import PARAMETER_NAMES, Context
from convenio.eligibility.domain.screen import decide as decide_frame
from convenio.eligibility.domain.screen import evaluate, with_holds
from convenio.eligibility.domain.table import RULES
from convenio.shared.dates import Instant
from convenio.shared.events import JsonValue
from convenio.terms.public import Agreement, ParameterNotInForceError

HoldDict = Mapping[str, Any]


def context_for(agreement: Agreement, as_of: Instant) -> Context:
    """The terms in force on the as-of date.

    Raises:
        ParameterNotInForceError: a parameter of the rulebook has no value on that date.
    """
    day = as_of.local_date
    parameters: dict[str, ParameterUse] = {}
    for name in PARAMETER_NAMES:
        if name not in agreement.parameters:
            raise ParameterNotInForceError(name, day)
        value = agreement.parameter(name).at(day)
        parameters[name] = ParameterUse(name, value.value, value.effective_from, value.reference)
    return Context(day, agreement.receiving_country, parameters)


def active_holds(holds: Sequence[HoldDict], as_of: Instant) -> list[HoldDict]:
    """The holds active at the instant, in the order given."""
    return [hold for hold in holds if hold_is_active(hold, as_of.utc)]


def matching_hold_ids(
    holds: Sequence[HoldDict], person: Mapping[str, Any], at: Instant
) -> list[str]:
    """Ids of the holds active at ``at`` that match the person."""
    return [
        str(hold["hold_id"])
        for hold in active_holds(holds, at)
        if hold_matches(hold, person, at.local_date)
    ]


def facts_frame(
    nested: pl.DataFrame, holds: Sequence[HoldDict], ctx: Context, as_of: Instant
) -> pl.DataFrame:
    """Flat facts of every person, with the ids of the active holds matching them."""
    flat = flatten(nested, ctx.day, ctx.receiving_country)
    return with_holds(flat, active_holds(holds, as_of))


def screen_frame(
    nested: pl.DataFrame, holds: Sequence[HoldDict], agreement: Agreement, as_of: Instant
) -> pl.DataFrame:
    """The screen of interchange columns: the flat facts, one boolean column per rule code,
    ``decision`` and ``category``, one row per person in input order."""
    ctx = context_for(agreement, as_of)
    facts = facts_frame(nested, holds, ctx, as_of)
    del nested  # the records are no longer needed: let the caller's copy be the last
    return evaluate(facts, ctx)


def decisions_of(frame: pl.DataFrame, as_of: Instant) -> list[Decision]:
    """Decision values from a screened frame."""
    return [
        Decision(
            person_id=row["person_id"],
            decision=DecisionKind(row["decision"]),
            category=row["category"],
            as_of=as_of,
            reasons=tuple(Reason(**reason) for reason in row["reasons"]),
        )
        for row in frame.iter_rows(named=True)
    ]


def screen_people(
    people: Sequence[Mapping[str, Any]],
    holds: Sequence[HoldDict],
    agreement: Agreement,
    as_of: Instant,
) -> list[Decision]:
    """Decisions for interchange person dicts, in the order given.

    Raises:
        InvalidInputError: a person or hold not in the interchange form, or a parameter
            not in force.
    """
    context_for(agreement, as_of)
    check_holds(holds)
    ctx = context_for(agreement, as_of)
    facts = facts_frame(people_frame(people), holds, ctx, as_of)
    return decisions_of(decide_frame(facts, ctx), as_of)


def decide(
    person: Mapping[str, Any], holds: Sequence[HoldDict], agreement: Agreement, as_of: Instant
) -> Decision:
    """The decision for one person (the same vectorized code on a frame of one row)."""
    return screen_people([person], holds, agreement, as_of)[0]


def _json_fact(value: object) -> JsonValue:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, list):
        return [_json_fact(item) for item in value]
    return str(value)


def explain(
    person: Mapping[str, Any], holds: Sequence[HoldDict], agreement: Agreement, as_of: Instant
) -> Explanation:
    """Every rule for one person: applies or not, the facts it read, the terms it used."""
    ctx = context_for(agreement, as_of)
    check_holds(holds)
    facts = facts_frame(people_frame([person]), holds, ctx, as_of)
    row = evaluate(facts, ctx).row(0, named=True)
    decision = decisions_of(decide_frame(facts, ctx), as_of)[0]
    details = {reason.code: reason.detail for reason in decision.reasons}
    results = tuple(
        RuleResult(
            number=rule.number,
            code=rule.code,
            applies=bool(row[rule.code]),
            severity=str(rule.severity_in(ctx)),
            facts={name: _json_fact(row[name]) for name in rule.facts},
            parameters=tuple(ctx.parameters[name] for name in rule.parameters),
            detail=details.get(rule.code),
            reference=rule.reference_in(ctx),
        )
        for rule in RULES
    )
    return Explanation(decision=decision, as_of_date=ctx.day, rules=results)
