"""The rules of RULEBOOK.md, each defined once as a Polars expression, evaluated vectorized
over a whole population and for one person with a full explanation; stored decisions."""
