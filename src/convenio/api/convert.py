"""Turning read models (dataclasses with Money, Month, dates, enums) into plain JSON values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from convenio.shared.money import Money


def plain(value: Any) -> Any:
    """JSON-ready data: Money as ``{amount, currency, minor}``, months as ``YYYY-MM``."""
    if isinstance(value, Money):
        return {"amount": value.amount_text(), "currency": value.currency, "minor": value.minor}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if _is_month(value):
        return f"{value.year:04d}-{value.month:02d}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def _is_month(value: Any) -> bool:
    return type(value).__name__ == "Month" and hasattr(value, "year") and hasattr(value, "month")
