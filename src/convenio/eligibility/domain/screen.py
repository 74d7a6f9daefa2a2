"""Evaluating the rule table over flat facts: one row per person, vectorized.

``evaluate`` gives one boolean column per rule code; ``decide`` adds the decision, the
category and the reasons in rulebook order. A population of one is just a frame of one row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import reduce

import polars as pl

from convenio.eligibility.domain.decision import DecisionKind, Severity
from convenio.eligibility.domain.holds import Hold, hold_match_expression
from convenio.eligibility.domain.rules import HOLD_IDS, Context, Rule, col
from convenio.eligibility.domain.table import RULES

CODES = tuple(rule.code for rule in RULES)
REASON_TYPE = pl.Struct(
    {"code": pl.String, "severity": pl.String, "detail": pl.String, "reference": pl.String}
)


def hold_ids_expression(active_holds: Sequence[Hold]) -> pl.Expr:
    """The ids of the active holds that match each person, in the order given, joined by
    ``", "`` (empty when none match)."""
    if not active_holds:
        return pl.lit("").alias(HOLD_IDS)
    ids = [
        pl.when(hold_match_expression(hold)).then(pl.lit(str(hold["hold_id"])))
        for hold in active_holds
    ]
    return pl.concat_str(ids, separator=", ", ignore_nulls=True).fill_null("").alias(HOLD_IDS)


def with_holds(flat: pl.DataFrame, active_holds: Sequence[Hold]) -> pl.DataFrame:
    """Flat facts plus the matching active holds of each person."""
    return flat.with_columns(hold_ids_expression(active_holds))


def _any(columns: list[str]) -> pl.Expr:
    return reduce(lambda a, b: a | b, (col(c) for c in columns), pl.lit(False))


def rule_expressions(ctx: Context) -> list[pl.Expr]:
    """One boolean column per rule: does it apply to the person?"""
    return [rule.applies(ctx).fill_null(False).alias(rule.code) for rule in RULES]


def outcome_expressions(ctx: Context) -> list[pl.Expr]:
    """The decision and the category, from the rule columns."""
    blocks = [r.code for r in RULES if r.severity_in(ctx) is Severity.BLOCK]
    reviews = [r.code for r in RULES if r.severity_in(ctx) is Severity.REVIEW]
    blocked = _any(blocks)
    decision = (
        pl.when(blocked)
        .then(pl.lit(str(DecisionKind.INELIGIBLE)))
        .when(_any(reviews))
        .then(pl.lit(str(DecisionKind.REVIEW)))
        .otherwise(pl.lit(str(DecisionKind.ELIGIBLE)))
    )
    category = (
        pl.when(blocked)
        .then(pl.lit(None, pl.String))
        .when(col("is_us_citizen") | col("is_lpr"))
        .then(pl.lit("sentence_transfer"))
        .otherwise(pl.lit("deportee"))
    )
    return [decision.alias("decision"), category.alias("category")]


def reasons_expression(ctx: Context) -> pl.Expr:
    """The reasons that apply, as a list of ``{code, severity, detail, reference}``."""
    items = [
        pl.when(col(rule.code)).then(
            pl.struct(
                code=pl.lit(rule.code),
                severity=pl.lit(str(rule.severity_in(ctx))),
                detail=rule.detail(ctx),
                reference=pl.lit(rule.reference_in(ctx)),
            )
        )
        for rule in RULES
    ]
    return pl.concat_list(items).list.drop_nulls().alias("reasons")


def evaluate(flat: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """Rule columns, decision and category for every person of ``flat`` (with hold ids)."""
    return (
        flat.lazy()
        .with_columns(rule_expressions(ctx))
        .with_columns(outcome_expressions(ctx))
        .collect()
    )


def decide(flat: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    """``person_id, decision, category, reasons`` for every person of ``flat``."""
    return (
        evaluate(flat, ctx)
        .lazy()
        .select("person_id", "decision", "category", reasons_expression(ctx))
        .collect()
    )


def _json_text(value: pl.Expr) -> pl.Expr:
    """A JSON string literal (quotes included) for any text."""
    encoded = pl.struct(value.alias("v")).struct.json_encode()
    return encoded.str.slice(5, encoded.str.len_chars() - 6)


def _compact(value: dict[str, str]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _reason_json(rule: Rule, ctx: Context) -> pl.Expr:
    head = _compact({"code": rule.code, "severity": str(rule.severity_in(ctx))})
    tail = _compact({"reference": rule.reference_in(ctx)})
    detail = rule.detail(ctx)
    quoted = (
        _json_text(detail) if rule.free_text else pl.concat_str([pl.lit('"'), detail, pl.lit('"')])
    )
    return pl.concat_str([pl.lit(head[:-1] + ',"detail":'), quoted, pl.lit("," + tail[1:])])


def plain_ids(frame: pl.DataFrame) -> bool:
    """Whether no ``person_id`` needs escaping in JSON (no quote, backslash or control)."""
    return not frame.select(col("person_id").str.contains(r'["\\\x00-\x1f]').any()).item()


def json_line_expression(
    ctx: Context, as_of_text: str, *, plain_ids: bool, end: str = ""
) -> pl.Expr:
    """Each decision as one line of ``decisions.jsonl`` (RULEBOOK "Output of a decision"),
    built as text: the same keys, order and values as ``Decision.to_json``, then ``end``."""
    reasons = pl.concat_str(
        [pl.when(col(rule.code)).then(_reason_json(rule, ctx)) for rule in RULES],
        separator=",",
        ignore_nulls=True,
    )
    category = (
        pl.when(col("category").is_null())
        .then(pl.lit("null"))
        .otherwise(pl.concat_str([pl.lit('"'), col("category"), pl.lit('"')]))
    )
    person_id = (
        pl.concat_str([pl.lit('"'), col("person_id"), pl.lit('"')])
        if plain_ids
        else _json_text(col("person_id"))
    )
    return pl.concat_str(
        [
            pl.lit('{"person_id":'),
            person_id,
            pl.lit(',"decision":"'),
            col("decision"),
            pl.lit('","category":'),
            category,
            pl.lit(f',"as_of":{json.dumps(as_of_text)},"reasons":['),
            reasons.fill_null(""),
            pl.lit("]}" + end),
        ]
    ).alias("line")
