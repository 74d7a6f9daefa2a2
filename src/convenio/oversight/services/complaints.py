"""Complaints: filing, moving through the stages, and reading them with their clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from convenio.ledger import public as ledger
from convenio.oversight.adapters.sql import complaint_stages, complaints
from convenio.oversight.domain.complaints import (
    ComplaintStage,
    StageClock,
    check_advance,
    stage_clocks,
)
from convenio.platform.uow import UnitOfWork
from convenio.shared.actor import Actor
from convenio.shared.dates import as_utc
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.shared.events import Event
from convenio.shared.ids import new_id

FILER_KINDS = ("person", "counsel", "family", "monitor", "consulate", "staff")


@dataclass(frozen=True, slots=True, kw_only=True)
class FileComplaint:
    """A complaint by or for a person in custody."""

    person_id: str
    facility_id: str | None
    filed_by: str
    filed_by_kind: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class ComplaintView:
    """A complaint with its current stage and the clock of every stage reached."""

    id: str
    person_id: str
    facility_id: str | None
    filed_by: str
    filed_by_kind: str
    subject: str
    body: str
    filed_at: datetime
    stage: ComplaintStage
    clocks: tuple[StageClock, ...]

    @property
    def overdue(self) -> bool:
        """Whether the current stage has run past its limit."""
        return bool(self.clocks) and self.clocks[-1].overdue


def file_complaint(uow: UnitOfWork, cmd: FileComplaint, actor: Actor) -> str:
    """Record a new complaint (stage ``filed``); returns its id."""
    if cmd.filed_by_kind not in FILER_KINDS:
        raise InvalidInputError(
            f"filed_by_kind: choose one of {', '.join(FILER_KINDS)}", field="filed_by_kind"
        )
    for name in ("person_id", "filed_by", "subject", "body"):
        if not str(getattr(cmd, name)).strip():
            raise InvalidInputError(f"{name}: required", field=name)
    complaint_id = new_id("cmp")
    with uow:
        now = uow.clock.now()
        uow.session.execute(
            insert(complaints).values(
                id=complaint_id,
                person_id=cmd.person_id,
                facility_id=cmd.facility_id,
                filed_by=cmd.filed_by,
                filed_by_kind=cmd.filed_by_kind,
                subject=cmd.subject,
                body=cmd.body,
                filed_at=now,
            )
        )
        _enter(uow.session, complaint_id, ComplaintStage.FILED, now, actor, note="filed")
        uow.commit()
    return complaint_id


def advance_complaint(
    uow: UnitOfWork, complaint_id: str, stage: ComplaintStage, note: str, actor: Actor
) -> None:
    """Move a complaint to its next stage, with a note (the finding, the resolution…)."""
    with uow:
        current = _current_stage(uow.session, complaint_id)
        check_advance(current, stage)
        _enter(uow.session, complaint_id, stage, uow.clock.now(), actor, note=note)
        uow.commit()


def _enter(
    session: Session,
    complaint_id: str,
    stage: ComplaintStage,
    at: datetime,
    actor: Actor,
    *,
    note: str,
) -> None:
    session.execute(
        insert(complaint_stages).values(
            complaint_id=complaint_id,
            stage=str(stage),
            entered_at=at,
            actor=actor.id,
            note=note,
        )
    )
    ledger.record(
        session,
        Event(
            type="oversight.complaint_stage_entered",
            at=at,
            actor=actor.id,
            party=actor.party,
            data={"complaint_id": complaint_id, "stage": str(stage)},
        ),
    )


def _current_stage(session: Session, complaint_id: str) -> ComplaintStage:
    stages = (
        session.execute(
            select(complaint_stages.c.stage)
            .where(complaint_stages.c.complaint_id == complaint_id)
            .order_by(complaint_stages.c.id)
        )
        .scalars()
        .all()
    )
    if not stages:
        raise NotFoundError(f"No complaint {complaint_id}.", complaint_id=complaint_id)
    return ComplaintStage(stages[-1])


def list_complaints(
    session: Session, now: datetime, *, open_only: bool = False
) -> list[ComplaintView]:
    """Every complaint with its stage clocks, newest first."""
    rows = session.execute(select(complaints).order_by(complaints.c.filed_at.desc())).all()
    stages = session.execute(
        select(
            complaint_stages.c.complaint_id, complaint_stages.c.stage, complaint_stages.c.entered_at
        ).order_by(complaint_stages.c.id)
    ).all()
    entered: dict[str, list[tuple[ComplaintStage, datetime]]] = {}
    for complaint_id, stage, at in stages:
        entered.setdefault(complaint_id, []).append((ComplaintStage(stage), as_utc(at)))
    views = []
    for row in rows:
        history = entered.get(row.id, [])
        view = ComplaintView(
            id=row.id,
            person_id=row.person_id,
            facility_id=row.facility_id,
            filed_by=row.filed_by,
            filed_by_kind=row.filed_by_kind,
            subject=row.subject,
            body=row.body,
            filed_at=as_utc(row.filed_at),
            stage=history[-1][0],
            clocks=tuple(stage_clocks(history, now)),
        )
        if not (open_only and view.stage is ComplaintStage.RESOLVED):
            views.append(view)
    return views
