"""What other contexts and the faces may use of the legal context.

Holds travel as interchange dicts (INTERCHANGE.md ``holds.jsonl``) with ``lifted_at`` filled
in from the hold's lift, plus ``recorded_at`` and ``recorded_by``:

* ``list_holds(session)``, ``get_hold(session, hold_id)``, ``active_holds(session, at)``
  (issued at or before ``at``, not expired or lifted by then), ``unended_holds(session, at)``
  (not expired or lifted by ``at``, including holds issued later).
* ``store_hold``, ``store_lift``, ``store_review``: write steps that run in the caller's
  transaction (the cases context halts cases in the same one); they check the actor's role.
* ``reviews_for_case(session, case_id)``: the legal reviews of a case, oldest first.
* ``read_holds_file(path)`` / ``read_holds_text(text)`` / ``parse_hold(raw)``: validation.

The cases a hold halted are a cases query: ``cases.public.cases_affected_by_hold``.
"""

from __future__ import annotations

from convenio.legal.adapters.jsonl import read_holds_file, read_holds_text
from convenio.legal.domain.errors import (
    HoldAlreadyLiftedError,
    HoldChangedError,
    HoldInputError,
    HoldNotFoundError,
    LegalRoleRequiredError,
    LiftBeforeIssueError,
)
from convenio.legal.domain.hold import Hold, HoldKind, parse_hold
from convenio.legal.domain.review import LegalReview, ReviewOutcome, parse_outcome
from convenio.legal.services import (
    LEGAL_ROLES,
    StoredHold,
    active_holds,
    ensure_legal_actor,
    get_hold,
    list_holds,
    reviews_for_case,
    store_hold,
    store_lift,
    store_review,
    unended_holds,
)

__all__ = [
    "LEGAL_ROLES",
    "Hold",
    "HoldAlreadyLiftedError",
    "HoldChangedError",
    "HoldInputError",
    "HoldKind",
    "HoldNotFoundError",
    "LegalReview",
    "LegalRoleRequiredError",
    "LiftBeforeIssueError",
    "ReviewOutcome",
    "StoredHold",
    "active_holds",
    "ensure_legal_actor",
    "get_hold",
    "list_holds",
    "parse_hold",
    "parse_outcome",
    "read_holds_file",
    "read_holds_text",
    "reviews_for_case",
    "store_hold",
    "store_lift",
    "store_review",
    "unended_holds",
]
