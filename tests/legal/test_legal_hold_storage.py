"""Storing holds and lifts: append-only, idempotent, recorded by legal reviewers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from convenio.legal import public as legal
from convenio.legal import services
from convenio.legal.adapters.sql import legal_holds
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import parse_instant

LEGAL = Actor(
    id="lr-1", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.LEGAL_REVIEWER})
)
ADMIN = Actor(
    id="adm-1", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.ADMINISTRATOR})
)
OFFICER = Actor(
    id="co-1", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.CASE_OFFICER})
)

HOLD = {
    "hold_id": "H-1",
    "kind": "tro",
    "court": "D.D.C.",
    "case_number": "1:25-cv-00766",
    "issued_at": "2025-03-15T19:26:00-04:00",
    "expires_at": "2025-03-29T19:26:00-04:00",
    "lifted_at": None,
    "scope": {"person_ids": ["P-1", "P-2"]},
    "summary": "TRO",
}
NOW = datetime(2025, 3, 16, 12, 0, tzinfo=UTC)


def store(db, raw=HOLD, who=LEGAL):
    with db.uow() as uow:
        stored = services.store_hold(uow.session, legal.parse_hold(raw), who, NOW)
        uow.commit()
    return stored


def hold_row(db, hold_id="H-1"):
    with db.uow() as uow:
        return dict(
            uow.session.execute(select(legal_holds).where(legal_holds.c.hold_id == hold_id))
            .one()
            ._mapping
        )


def test_a_recorded_hold_reads_back_in_interchange_form(db):
    stored = store(db)
    assert stored.created
    with db.uow() as uow:
        holds = legal.list_holds(uow.session)
    assert len(holds) == 1
    hold = holds[0]
    assert hold["issued_at"] == "2025-03-15T19:26:00-04:00"
    assert hold["scope"] == {"person_ids": ["P-1", "P-2"]}
    assert hold["lifted_at"] is None
    assert hold["recorded_by"] == "lr-1"
    assert hold["recorded_at"] == "2025-03-16T12:00:00Z"


def test_recording_the_same_hold_again_changes_nothing(db):
    store(db)
    again = store(db)
    assert not again.created
    with db.uow() as uow:
        assert len(legal.list_holds(uow.session)) == 1


def test_a_hold_is_never_edited(db):
    store(db)
    with pytest.raises(legal.HoldChangedError, match="scope"):
        store(db, {**HOLD, "scope": {"person_ids": ["P-3"]}})


def test_an_administrator_may_record_a_hold_but_a_case_officer_may_not(db):
    store(db, who=ADMIN)
    with pytest.raises(legal.LegalRoleRequiredError):
        store(db, {**HOLD, "hold_id": "H-2"}, who=OFFICER)
    with db.uow() as uow:
        assert [h["hold_id"] for h in legal.list_holds(uow.session)] == ["H-1"]


def test_lifting_adds_a_record_and_keeps_the_original_hold(db):
    store(db)
    before = hold_row(db)
    services.lift_hold(
        db.uow(), "H-1", parse_instant("2025-03-20T10:00:00-04:00"), LEGAL, reason="vacated"
    )
    assert hold_row(db) == before
    with db.uow() as uow:
        hold = legal.get_hold(uow.session, "H-1")
    assert hold is not None
    assert hold["lifted_at"] == "2025-03-20T10:00:00-04:00"


def test_a_hold_is_lifted_once_and_not_before_it_was_issued(db):
    store(db)
    with pytest.raises(legal.LiftBeforeIssueError):
        services.lift_hold(db.uow(), "H-1", parse_instant("2025-03-15T10:00:00-04:00"), LEGAL)
    services.lift_hold(db.uow(), "H-1", parse_instant("2025-03-20T10:00:00-04:00"), LEGAL)
    with pytest.raises(legal.HoldAlreadyLiftedError):
        services.lift_hold(db.uow(), "H-1", parse_instant("2025-03-21T10:00:00-04:00"), LEGAL)
    with pytest.raises(legal.HoldNotFoundError):
        services.lift_hold(db.uow(), "H-404", parse_instant("2025-03-21T10:00:00-04:00"), LEGAL)


def test_a_hold_given_as_lifted_is_stored_with_a_separate_lift(db):
    stored = store(db, {**HOLD, "lifted_at": "2025-03-18T09:00:00-04:00"})
    assert stored.lift_added
    assert stored.hold["lifted_at"] == "2025-03-18T09:00:00-04:00"
    assert "lifted_at" not in hold_row(db)


@pytest.mark.parametrize(
    ("instant", "active"),
    [
        ("2025-03-15T19:25:59-04:00", False),
        ("2025-03-15T19:26:00-04:00", True),
        ("2025-03-20T09:59:59-04:00", True),
        ("2025-03-20T10:00:00-04:00", False),
    ],
)
def test_active_holds_respect_issue_and_lift_instants(db, instant, active):
    store(db)
    services.lift_hold(db.uow(), "H-1", parse_instant("2025-03-20T10:00:00-04:00"), LEGAL)
    with db.uow() as uow:
        found = legal.active_holds(uow.session, parse_instant(instant).utc)
    assert bool(found) is active


def test_an_expired_hold_is_not_active(db):
    store(db)
    with db.uow() as uow:
        assert legal.active_holds(uow.session, parse_instant("2025-03-29T19:26:00-04:00").utc) == []
        assert legal.unended_holds(uow.session, parse_instant("2025-03-01T00:00:00Z").utc) != []


def test_every_hold_and_lift_is_a_ledger_event(db):
    from convenio.ledger.adapters.sql import ledger_leaves

    store(db)
    services.lift_hold(db.uow(), "H-1", parse_instant("2025-03-20T10:00:00-04:00"), LEGAL)
    with db.uow() as uow:
        types = list(uow.session.execute(select(ledger_leaves.c.event_type)).scalars())
    assert types.count("legal.hold_recorded") == 1
    assert types.count("legal.hold_lifted") == 1
