"""Inspection visits with findings, follow-up actions and their progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.oversight.adapters.sql import finding_updates, inspection_findings, inspections
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor
from convenio.shared.dates import as_utc
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.shared.events import Event
from convenio.shared.ids import new_id

SEVERITIES = ("low", "medium", "high", "critical")
ACTION_STATUSES = ("open", "in_progress", "done", "not_accepted")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """What an inspector found and the action asked for."""

    severity: str
    text: str
    action: str
    due_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordInspection:
    """A visit to a facility."""

    facility_id: str
    visited_on: date
    inspector: str
    summary: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding with the latest status of its follow-up action."""

    id: str
    severity: str
    text: str
    action: str
    due_on: date | None
    status: str
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class InspectionView:
    """A visit and its findings."""

    id: str
    facility_id: str
    visited_on: date
    inspector: str
    summary: str
    findings: tuple[FindingView, ...]


def record_inspection(uow: UnitOfWork, cmd: RecordInspection, actor: Actor) -> str:
    """Store a visit with its findings; returns the inspection id."""
    for index, finding in enumerate(cmd.findings):
        if finding.severity not in SEVERITIES:
            raise InvalidInputError(
                f"findings[{index}].severity: choose one of {', '.join(SEVERITIES)}",
                field=f"findings[{index}].severity",
            )
    if not cmd.summary.strip():
        raise InvalidInputError("summary: required", field="summary")
    inspection_id = new_id("insp")
    with uow:
        now = uow.clock.now()
        uow.session.execute(
            insert(inspections).values(
                id=inspection_id,
                facility_id=cmd.facility_id,
                visited_on=cmd.visited_on,
                inspector=cmd.inspector,
                summary=cmd.summary,
                recorded_at=now,
            )
        )
        for finding in cmd.findings:
            uow.session.execute(
                insert(inspection_findings).values(
                    id=new_id("fnd"),
                    inspection_id=inspection_id,
                    severity=finding.severity,
                    text=finding.text,
                    action=finding.action,
                    due_on=finding.due_on,
                )
            )
        ledger.record(
            uow.session,
            Event(
                type="oversight.inspection_recorded",
                at=now,
                actor=actor.id,
                party=actor.party,
                data={
                    "inspection_id": inspection_id,
                    "facility_id": cmd.facility_id,
                    "visited_on": cmd.visited_on.isoformat(),
                    "findings": len(cmd.findings),
                },
            ),
        )
        uow.commit()
    return inspection_id


def update_finding(uow: UnitOfWork, finding_id: str, status: str, note: str, actor: Actor) -> None:
    """Record progress on a finding's follow-up action (appended, never overwritten)."""
    if status not in ACTION_STATUSES:
        raise InvalidInputError(
            f"status: choose one of {', '.join(ACTION_STATUSES)}", field="status"
        )
    with uow:
        exists = uow.session.execute(
            select(inspection_findings.c.id).where(inspection_findings.c.id == finding_id)
        ).scalar_one_or_none()
        if exists is None:
            raise NotFoundError(f"No finding {finding_id}.", finding_id=finding_id)
        now = uow.clock.now()
        uow.session.execute(
            insert(finding_updates).values(
                finding_id=finding_id,
                status=status,
                note=note,
                at=now,
                actor=actor.id,
            )
        )
        ledger.record(
            uow.session,
            Event(
                type="oversight.finding_updated",
                at=now,
                actor=actor.id,
                party=actor.party,
                data={"finding_id": finding_id, "status": status},
            ),
        )
        uow.commit()


def list_inspections(session: Session) -> list[InspectionView]:
    """Every inspection, newest visit first, with each finding's latest status."""
    latest: dict[str, tuple[str, datetime]] = {}
    for finding_id, status, at in session.execute(
        select(
            finding_updates.c.finding_id, finding_updates.c.status, finding_updates.c.at
        ).order_by(finding_updates.c.id)
    ):
        latest[finding_id] = (status, as_utc(at))
    by_inspection: dict[str, list[FindingView]] = {}
    for row in session.execute(select(inspection_findings).order_by(inspection_findings.c.id)):
        status, at = latest.get(row.id, ("open", None))
        by_inspection.setdefault(row.inspection_id, []).append(
            FindingView(
                id=row.id,
                severity=row.severity,
                text=row.text,
                action=row.action,
                due_on=row.due_on,
                status=status,
                updated_at=at,
            )
        )
    return [
        InspectionView(
            id=row.id,
            facility_id=row.facility_id,
            visited_on=row.visited_on,
            inspector=row.inspector,
            summary=row.summary,
            findings=tuple(by_inspection.get(row.id, [])),
        )
        for row in session.execute(select(inspections).order_by(inspections.c.visited_on.desc()))
    ]
