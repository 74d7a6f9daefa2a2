"""What other contexts and the faces may use of the eligibility context.

Persons and holds travel as interchange dicts (INTERCHANGE.md). Decisions are values; a
stored decision can be shown and re-derived from the inputs it names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from convenio.eligibility.adapters.interchange import read_holds_file
from convenio.eligibility.bulk import BulkScreen, screen_file
from convenio.eligibility.domain.decision import (
    Decision,
    DecisionKind,
    Explanation,
    ParameterUse,
    Reason,
    RuleResult,
    Severity,
)
from convenio.eligibility.domain.errors import DecisionNotFoundError, InterchangeFileError
from convenio.eligibility.domain.holds import hold_is_active, hold_matches
from convenio.eligibility.domain.screen import CODES, REASON_TYPE
from convenio.eligibility.screening import (
    context_for,
    decide,
    explain,
    matching_hold_ids,
    screen_frame,
    screen_people,
)

if TYPE_CHECKING:
    from convenio.eligibility.services import ScreeningRun, decide_and_store, screen_database
    from convenio.eligibility.store import (
        StoredDecision,
        decision_counts,
        decisions_digest,
        get_stored_decision,
        inputs_hash,
        latest_decision,
        rederive,
        store_decisions,
    )

# Names bound to the database, imported on first use (PEP 562): screening files, the
# command line's most common work, then never loads the database layer.
_STORED = {
    "ScreeningRun": "services",
    "decide_and_store": "services",
    "screen_database": "services",
    "StoredDecision": "store",
    "decision_counts": "store",
    "decisions_digest": "store",
    "get_stored_decision": "store",
    "inputs_hash": "store",
    "latest_decision": "store",
    "rederive": "store",
    "store_decisions": "store",
}


def __getattr__(name: str) -> object:
    module = _STORED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"convenio.eligibility.{module}"), name)


RULE_CODES = CODES

__all__ = [
    "REASON_TYPE",
    "RULE_CODES",
    "BulkScreen",
    "Decision",
    "DecisionKind",
    "DecisionNotFoundError",
    "Explanation",
    "InterchangeFileError",
    "ParameterUse",
    "Reason",
    "RuleResult",
    "ScreeningRun",
    "Severity",
    "StoredDecision",
    "context_for",
    "decide",
    "decide_and_store",
    "decision_counts",
    "decisions_digest",
    "explain",
    "get_stored_decision",
    "hold_is_active",
    "hold_matches",
    "inputs_hash",
    "latest_decision",
    "matching_hold_ids",
    "read_holds_file",
    "rederive",
    "screen_database",
    "screen_file",
    "screen_frame",
    "screen_people",
    "store_decisions",
]
