from datetime import date, timedelta

import pytest
from sqlalchemy import select

from convenio.ledger.adapters.sql import ledger_leaves
from convenio.oversight.domain.complaints import ComplaintStage, ComplaintStageError
from convenio.oversight.services import complaints, inspections
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.errors import InvalidInputError, NotFoundError

MONITOR = Actor(
    id="u-ombuds", party="MONITOR", party_kind=PartyKind.MONITOR, roles=frozenset({Role.MONITOR})
)


def _file(db, person_id="P-1"):
    return complaints.file_complaint(
        db.uow(),
        complaints.FileComplaint(
            person_id=person_id,
            facility_id="CECOT",
            filed_by="Counsel of record",
            filed_by_kind="counsel",
            subject="No access to counsel",
            body="Denied calls for 3 weeks",
        ),
        MONITOR,
    )


def _event_types(db):
    with db.engine.connect() as connection:
        return [
            row.event_type
            for row in connection.execute(select(ledger_leaves).order_by(ledger_leaves.c.seq))
        ]


def test_a_complaint_goes_through_its_stages_with_visible_clocks(db):
    complaint_id = _file(db)
    db.clock.advance(timedelta(days=1))
    complaints.advance_complaint(
        db.uow(), complaint_id, ComplaintStage.ACKNOWLEDGED, "received", MONITOR
    )
    db.clock.advance(timedelta(days=20))
    with db.uow() as uow:
        [view] = complaints.list_complaints(uow.session, db.clock.now())
    assert view.stage is ComplaintStage.ACKNOWLEDGED
    assert [c.stage for c in view.clocks] == [ComplaintStage.FILED, ComplaintStage.ACKNOWLEDGED]
    assert view.clocks[0].elapsed == timedelta(days=1)
    assert view.overdue  # 20 days acknowledged, limit 14
    assert _event_types(db).count("oversight.complaint_stage_entered") == 2


def test_skipping_a_stage_is_refused_and_changes_nothing(db):
    complaint_id = _file(db)
    with pytest.raises(ComplaintStageError):
        complaints.advance_complaint(db.uow(), complaint_id, ComplaintStage.RESOLVED, "x", MONITOR)
    with db.uow() as uow:
        [view] = complaints.list_complaints(uow.session, db.clock.now())
    assert view.stage is ComplaintStage.FILED
    assert len(_event_types(db)) == 1


def test_resolved_complaints_leave_the_open_list(db):
    complaint_id = _file(db)
    for stage in (
        ComplaintStage.ACKNOWLEDGED,
        ComplaintStage.INVESTIGATED,
        ComplaintStage.RESOLVED,
    ):
        complaints.advance_complaint(db.uow(), complaint_id, stage, str(stage), MONITOR)
    with db.uow() as uow:
        assert complaints.list_complaints(uow.session, db.clock.now(), open_only=True) == []
        assert len(complaints.list_complaints(uow.session, db.clock.now())) == 1


def test_bad_complaints_and_unknown_ids_are_clear_errors(db):
    with pytest.raises(InvalidInputError, match="filed_by_kind"):
        complaints.file_complaint(
            db.uow(),
            complaints.FileComplaint(
                person_id="P-1",
                facility_id=None,
                filed_by="x",
                filed_by_kind="neighbour",
                subject="s",
                body="b",
            ),
            MONITOR,
        )
    with pytest.raises(NotFoundError):
        complaints.advance_complaint(
            db.uow(), "cmp_missing", ComplaintStage.ACKNOWLEDGED, "", MONITOR
        )


def test_inspection_findings_keep_their_follow_up_history(db):
    inspection_id = inspections.record_inspection(
        db.uow(),
        inspections.RecordInspection(
            facility_id="CECOT",
            visited_on=date(2025, 5, 2),
            inspector="Ombudsman team A",
            summary="Unannounced visit to pavilions 1 and 3",
            findings=(
                inspections.Finding(
                    severity="high",
                    text="No daylight for 23 h",
                    action="One hour outdoors daily",
                    due_on=date(2025, 6, 1),
                ),
            ),
        ),
        MONITOR,
    )
    with db.uow() as uow:
        [view] = inspections.list_inspections(uow.session)
    assert view.id == inspection_id and view.findings[0].status == "open"
    inspections.update_finding(
        db.uow(), view.findings[0].id, "in_progress", "yard rota drafted", MONITOR
    )
    inspections.update_finding(
        db.uow(), view.findings[0].id, "done", "verified on revisit", MONITOR
    )
    with db.uow() as uow:
        [view] = inspections.list_inspections(uow.session)
    assert view.findings[0].status == "done"
    assert _event_types(db).count("oversight.finding_updated") == 2
    with pytest.raises(InvalidInputError):
        inspections.update_finding(db.uow(), view.findings[0].id, "forgotten", "", MONITOR)
