"""Vectorized checks of interchange columns, derived from the declared shape.

The Arrow reader enforces types and unknown fields, and the reader turns date texts into
dates (refusing any that is not one); these find the rest: missing required values, values
outside an enumeration, text patterns and lengths, short lists, duplicate ids.
Lists are checked on their flattened items, so the cost is one pass over all records. The
answer is only "is anything wrong"; the per-line validator then names every problem.
"""

from __future__ import annotations

from functools import reduce

import polars as pl

from convenio.eligibility.domain import shape


def _or(expressions: list[pl.Expr]) -> pl.Expr:
    return reduce(lambda a, b: a | b, expressions, pl.lit(False))


def _items(value: pl.Expr) -> pl.Expr:
    return value.explode(empty_as_null=False, keep_nulls=False)


def _value_bad(spec: shape.Field, value: pl.Expr) -> list[pl.Expr]:
    """Scalar checks: is any present value of ``value`` out of its kind's range?"""
    if spec.kind == "enum":
        return [(~value.is_in(sorted(spec.choices))).any()]
    if spec.kind == "str":
        found = []
        if spec.max_length is not None:
            length = value.str.len_chars()
            found.append(((length < 1) | (length > spec.max_length)).any())
        if spec.pattern is not None:
            found.append((~value.str.contains(f"^(?:{spec.pattern})$")).any())
        return found
    if spec.kind == "list":
        return _list_bad(spec, value)
    if spec.kind == "struct":
        present = value.is_not_null()
        return [bad(field, value.struct.field(field.name), present) for field in spec.fields]
    return []


def _list_bad(spec: shape.Field, value: pl.Expr) -> list[pl.Expr]:
    assert spec.items is not None
    found = [bad(spec.items, _items(value))]
    if spec.min_items:
        found.append((value.list.len() < spec.min_items).any())
    if spec.unique_ids:
        ids = value.list.eval(pl.element().struct.field("id"))
        found.append((ids.list.n_unique() < value.list.len()).any())
    return found


def bad(spec: shape.Field, value: pl.Expr, present: pl.Expr | None = None) -> pl.Expr:
    """A scalar: does any value break ``spec``? ``present`` masks absent parent structs."""
    missing = value.is_null() if present is None else (value.is_null() & present)
    checks = _value_bad(spec, value)
    if spec.required:
        checks.append(missing.any())
    return _or([check.fill_null(False) for check in checks])


def has_bad_rows(frame: pl.DataFrame) -> bool:
    """Whether any row of interchange person columns breaks the shape."""
    checks = [bad(field, pl.col(field.name)) for field in shape.PERSON_FIELDS]
    checks.append(pl.col("person_id").is_duplicated().any())
    return bool(frame.select(_or(checks).alias("bad")).item())
