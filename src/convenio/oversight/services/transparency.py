"""Transparency reports: counts from every context, suppressed, tied to a ledger head.

A report holds no personal data. It records the ledger tree size and root it was computed
at, so anyone holding a signed checkpoint of at least that size can check that the report
was computed from the log they verified.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.billing import public as billing
from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.eligibility import public as eligibility
from convenio.ledger import public as ledger
from convenio.legal import public as legal
from convenio.oversight.adapters.sql import transparency_reports
from convenio.oversight.domain.report import LedgerReference, TransparencyReport, publish
from convenio.oversight.services.complaints import list_complaints
from convenio.platform.uow import UnitOfWork
from convenio.records import public as records
from convenio.shared.dates import as_utc
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.shared.ids import new_id


def compute_report(uow: UnitOfWork, start: date, end: date) -> TransparencyReport:
    """Compute, store and return the report for ``start``..``end`` (inclusive days)."""
    if end < start:
        raise InvalidInputError("the period ends before it starts", start=str(start), end=str(end))
    with uow:
        session = uow.session
        head = ledger.tree_head(session)
        raw = gather(session, start, end, now=uow.clock.now())
        report = publish(
            start, end, uow.clock.now(), LedgerReference(head.size, head.root_hash.hex()), raw
        )
        session.execute(
            insert(transparency_reports).values(
                id=new_id("rpt"),
                period_start=start,
                period_end=end,
                computed_at=report.computed_at,
                ledger_size=head.size,
                ledger_root=head.root_hash.hex(),
                content=report.to_json(),
                digest=report.digest,
            )
        )
        uow.commit()
    return report


def gather(session: Session, start: date, end: date, *, now: datetime) -> dict[str, dict[str, int]]:
    """The raw (unsuppressed) counts of every section."""
    start_at = datetime.combine(start, time.min, tzinfo=UTC)
    end_at = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    stays = custody.list_stays(session, start=start, end=end)
    population = custody.occupancy(session, on=end)
    by_outcome, by_code = eligibility.decision_counts(session, start_at, end_at)
    return {
        "transfers": dict(Counter(s.facility_id for s in stays if start <= s.admitted_on <= end)),
        "population_by_nationality": dict(population.by_nationality),
        "population_by_category": dict(population.by_category),
        "population_by_legal_basis": _by_legal_basis(session, stays, end),
        "decisions_by_outcome": by_outcome,
        "decisions_by_reason": by_code,
        "holds": _holds(session, start_at, end_at),
        "exits": dict(
            Counter(
                s.exit_reason or "unknown"
                for s in stays
                if s.exited_on is not None and start <= s.exited_on <= end
            )
        ),
        "deaths": {
            "deaths in custody": sum(
                1 for d in custody.list_deaths(session) if start_at <= as_utc(d["died_at"]) < end_at
            )
        },
        "complaints": dict(
            Counter(
                str(c.stage)
                for c in list_complaints(session, now)
                if start_at <= c.filed_at < end_at
            )
        ),
        "fees": _fees(session, start, end),
    }


def _by_legal_basis(session: Session, stays: list[custody.Stay], end: date) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for stay in stays:
        if stay.admitted_on <= end and (stay.exited_on is None or stay.exited_on > end):
            person = records.get_person(session, stay.person_id) or {}
            counts[_legal_basis(person, end)] += 1
    return dict(counts)


def _legal_basis(person: dict[str, Any], day: date) -> str:
    """The removal basis (``ina_240``…) of a deportee, or ``sentence`` for a sentence transfer."""
    on = day.isoformat()
    final = sorted(
        str(order.get("basis"))
        for order in person.get("removal_orders") or []
        if order.get("final") and order.get("basis") != "aea" and str(order.get("issued_on")) <= on
    )
    if final:
        return f"removal order ({final[0]})"
    if person.get("convictions"):
        return "sentence"
    return "other"


def _holds(session: Session, start_at: datetime, end_at: datetime) -> dict[str, int]:
    issued = [
        h
        for h in legal.list_holds(session)
        if start_at <= datetime.fromisoformat(str(h["issued_at"])) < end_at
    ]
    effects: Counter[str] = Counter()
    for hold in issued:
        for affected in cases.cases_affected_by_hold(session, str(hold["hold_id"])):
            effects[str(affected["effect"])] += 1
    return {
        "orders recorded": len(issued),
        "cases halted": effects.get("halted", 0),
        "returns requested": effects.get("return_requested", 0),
    }


def _fees(session: Session, start: date, end: date) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for month in billing.fees_by_month(session):
        first = date(month.month.year, month.month.month, 1)
        if start <= first <= end:
            totals[f"invoiced {month.invoiced.currency}"] += month.invoiced.minor
            totals[f"paid {month.paid.currency}"] += month.paid.minor
    return dict(totals)


def latest_report(session: Session) -> TransparencyReport:
    """The most recently computed report, as stored."""
    row = session.execute(
        select(transparency_reports).order_by(transparency_reports.c.computed_at.desc()).limit(1)
    ).first()
    if row is None:
        raise NotFoundError("No transparency report has been computed yet.")
    return report_from_json(row.content)


def report_from_json(content: str) -> TransparencyReport:
    """A stored report read back."""
    import json

    data = json.loads(content)
    return TransparencyReport(
        period_start=date.fromisoformat(data["period_start"]),
        period_end=date.fromisoformat(data["period_end"]),
        computed_at=datetime.fromisoformat(data["computed_at"]),
        ledger=LedgerReference(data["ledger"]["size"], data["ledger"]["root"]),
        sections=data["sections"],
    )
