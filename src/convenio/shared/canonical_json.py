"""Canonical JSON: sorted keys, UTF-8, no insignificant whitespace, no floats."""

from __future__ import annotations

import json

from convenio.shared.events import JsonValue


def canonical_json(value: JsonValue) -> str:
    """Serialise deterministically; floats are refused (money and counts are integers)."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _refuse_floats(value: object) -> None:
    if isinstance(value, float):
        raise TypeError("canonical JSON holds no floats; use integers or strings")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)
