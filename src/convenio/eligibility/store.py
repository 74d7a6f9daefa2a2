"""Stored decisions, written in the caller's transaction, and their re-derivation.

A stored decision keeps what it decided and how to check it: the agreement id and digest,
the as-of instant (UTC and as written) and a hash of the canonical inputs (the person, the
holds considered, the agreement digest and the as-of instant). Rows are never updated.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from convenio.eligibility.adapters.sql import eligibility_decisions as table
from convenio.eligibility.domain.decision import Decision, DecisionKind, Reason, utc_text
from convenio.eligibility.domain.errors import DecisionNotFoundError
from convenio.eligibility.screening import active_holds, decide
from convenio.ledger import public as ledger
from convenio.shared.canonical_json import canonical_json
from convenio.shared.dates import Instant, parse_instant, to_utc
from convenio.shared.events import Event, JsonValue
from convenio.shared.ids import new_id
from convenio.terms.public import Agreement


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredDecision:
    """A decision as stored, with what is needed to show and re-derive it."""

    decision_id: str
    run_id: str
    person_id: str
    decision: DecisionKind
    category: str | None
    reasons: tuple[Reason, ...]
    agreement_id: str
    agreement_digest: str
    as_of: datetime
    as_of_text: str
    inputs_hash: str
    created_at: datetime

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in rulebook order."""
        return tuple(reason.code for reason in self.reasons)

    def to_decision(self) -> Decision:
        """The decision value, with the as-of instant as it was written."""
        return Decision(
            person_id=self.person_id,
            decision=self.decision,
            category=self.category,
            as_of=parse_instant(self.as_of_text, field="as_of"),
            reasons=self.reasons,
        )


def _plain(value: Any) -> JsonValue:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value  # type: ignore[no-any-return]


def inputs_hash(
    person: Mapping[str, Any],
    holds: Sequence[Mapping[str, Any]],
    agreement: Agreement,
    as_of: Instant,
) -> str:
    """SHA-256 of the canonical inputs: the person, the holds active at ``as_of`` (by id),
    the agreement digest and the as-of instant in UTC."""
    considered = sorted(active_holds(holds, as_of), key=lambda hold: str(hold["hold_id"]))
    inputs = {
        "person": _plain(person),
        "holds": _plain(considered),
        "agreement_digest": agreement.digest,
        "as_of": utc_text(as_of),
    }
    return hashlib.sha256(canonical_json(inputs).encode("utf-8")).hexdigest()


def decisions_digest(decisions: Sequence[Decision]) -> str:
    """SHA-256 of the canonical JSON of the decisions, in order."""
    body = canonical_json([decision.to_json() for decision in decisions])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def store_decisions(
    session: Session,
    decisions: Sequence[Decision],
    *,
    agreement: Agreement,
    inputs_hashes: Mapping[str, str],
    at: datetime,
    actor: str,
) -> list[str]:
    """Append the decisions and their ledger event in the caller's transaction.

    One ``eligibility.decided`` event for a single decision, one ``eligibility.screened``
    event (counts and a digest of the decisions) for a run. Returns the decision ids.
    """
    run_id = new_id("run")
    rows = [
        {
            "decision_id": new_id("dec"),
            "run_id": run_id,
            "person_id": d.person_id,
            "decision": str(d.decision),
            "category": d.category,
            "reasons": orjson.dumps([r.to_json() for r in d.reasons]).decode("utf-8"),
            "agreement_id": agreement.id,
            "agreement_digest": agreement.digest,
            "as_of": d.as_of.utc,
            "as_of_text": d.as_of.isoformat(),
            "inputs_hash": inputs_hashes[d.person_id],
            "created_at": to_utc(at),
        }
        for d in decisions
    ]
    if rows:
        session.execute(insert(table), rows)
    ledger.record(session, _event(decisions, rows, agreement, at, actor, run_id))
    return [str(row["decision_id"]) for row in rows]


def _event(
    decisions: Sequence[Decision],
    rows: list[dict[str, Any]],
    agreement: Agreement,
    at: datetime,
    actor: str,
    run_id: str,
) -> Event:
    common: dict[str, JsonValue] = {
        "run_id": run_id,
        "agreement": agreement.id,
        "agreement_digest": agreement.digest,
    }
    if len(decisions) == 1:
        only, row = decisions[0], rows[0]
        data: dict[str, JsonValue] = {
            **common,
            "decision_id": row["decision_id"],
            "person_id": only.person_id,
            "decision": str(only.decision),
            "codes": list(only.codes),
            "as_of": utc_text(only.as_of),
            "inputs_hash": row["inputs_hash"],
        }
        kind = "eligibility.decided"
    else:
        counts = Counter(str(d.decision) for d in decisions)
        data = {
            **common,
            "as_of": utc_text(decisions[0].as_of) if decisions else None,
            "count": len(decisions),
            "by_decision": {k: counts[k] for k in sorted(counts)},
            "decisions_digest": decisions_digest(decisions),
        }
        kind = "eligibility.screened"
    return Event(type=kind, at=at, actor=actor, party=agreement.sending_country, data=data)


def _stored(row: RowMapping) -> StoredDecision:
    return StoredDecision(
        decision_id=row["decision_id"],
        run_id=row["run_id"],
        person_id=row["person_id"],
        decision=DecisionKind(row["decision"]),
        category=row["category"],
        reasons=tuple(Reason(**r) for r in orjson.loads(row["reasons"])),
        agreement_id=row["agreement_id"],
        agreement_digest=row["agreement_digest"],
        as_of=to_utc(_aware(row["as_of"])),
        as_of_text=row["as_of_text"],
        inputs_hash=row["inputs_hash"],
        created_at=to_utc(_aware(row["created_at"])),
    )


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for UTC columns; they are UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def get_stored_decision(session: Session, decision_id: str) -> StoredDecision:
    """A stored decision by id.

    Raises:
        DecisionNotFoundError: there is no such decision.
    """
    row = (
        session.execute(select(table).where(table.c.decision_id == decision_id))
        .mappings()
        .one_or_none()
    )
    if row is None:
        raise DecisionNotFoundError(decision_id)
    return _stored(row)


def latest_decision(session: Session, person_id: str) -> StoredDecision | None:
    """The most recently stored decision for a person, if any."""
    row = (
        session.execute(
            select(table).where(table.c.person_id == person_id).order_by(table.c.seq.desc())
        )
        .mappings()
        .first()
    )
    return None if row is None else _stored(row)


def rederive(
    stored: StoredDecision,
    person: Mapping[str, Any],
    holds: Sequence[Mapping[str, Any]],
    agreement: Agreement,
) -> bool:
    """Whether these inputs are the ones stored and decide again exactly what was stored."""
    as_of = parse_instant(stored.as_of_text, field="as_of")
    if agreement.digest != stored.agreement_digest:
        return False
    if inputs_hash(person, holds, agreement, as_of) != stored.inputs_hash:
        return False
    return decide(person, holds, agreement, as_of) == stored.to_decision()


def decision_counts(
    session: Session, start: datetime, end: datetime
) -> tuple[dict[str, int], dict[str, int]]:
    """Stored decisions taken as of an instant in ``[start, end)``: counts by decision and
    by reason code (a person counted once per code)."""
    rows = session.execute(
        select(table.c.decision, table.c.reasons).where(
            table.c.as_of >= to_utc(start), table.c.as_of < to_utc(end)
        )
    ).all()
    by_decision: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    for decision, reasons in rows:
        by_decision[decision] += 1
        by_code.update({reason["code"] for reason in orjson.loads(reasons)})
    return dict(by_decision), dict(by_code)
