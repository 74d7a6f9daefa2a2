"""Legal holds and cases: halting in the same transaction, return requests, lifting and
re-screening, and the hold that arrives between nomination and acceptance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from case_world import ADMIN, LEGAL, OFFICER, RECEIVING, make_hold, make_person
from sqlalchemy import select

from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.cases import services
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.legal import public as legal


def test_a_hold_recorded_between_nomination_and_acceptance_makes_acceptance_fail(world):
    case = world.nominated("P-1")
    world.db.clock.advance(timedelta(minutes=5))
    # recorded by the legal reviewer after the nomination, issued before the acceptance
    world.record_hold(make_hold("H-1", {"person_ids": ["P-9"]}))  # someone else
    world.people(make_person("P-9"))
    hold = make_hold("H-2", {"person_ids": ["P-1"]}, issued_at="2025-03-15T08:03:00-04:00")
    with world.db.uow() as uow:  # recorded straight in legal: no case is halted by recording
        legal.store_hold(uow.session, legal.parse_hold(hold), LEGAL, world.db.clock.now())
        uow.commit()
    with pytest.raises(cases.CaseHaltedByHoldError, match="H-2") as caught:
        services.accept(world.db.uow(), case.case_id, RECEIVING)
    assert "halted" in caught.value.message
    after = world.case(case.case_id)
    assert after.state == "halted"
    assert after.halted_by == ("H-2",)
    assert world.reserved() == 0
    with world.db.uow() as uow:
        history = cases.case_history(uow.session, case.case_id)
        affected = cases.cases_affected_by_hold(uow.session, "H-2")
    assert (history[-1]["from"], history[-1]["to"], history[-1]["hold_ids"]) == (
        "nominated",
        "halted",
        ["H-2"],
    )
    assert [(a["case_id"], a["effect"]) for a in affected] == [(case.case_id, "halted")]


def test_recording_a_hold_halts_the_matching_case_in_the_same_transaction(world):
    case = world.nominated("P-1")
    outcome = world.record_hold(make_hold("H-1", {"person_ids": ["P-1"]}))
    assert outcome.halted == [case.case_id]
    assert world.case(case.case_id).state == "halted"
    with pytest.raises(cases.TransitionNotAllowedError):
        services.accept(world.db.uow(), case.case_id, RECEIVING)


def test_a_class_wide_hold_halts_all_and_only_the_matching_cases(world):
    ve_screened = world.opened("P-VE1")
    ve_nominated = world.nominated("P-VE2")
    ve_accepted = world.accepted("P-VE3")
    sv = world.accepted("P-SV", citizenships=["SV"])
    ve_ineligible = world.opened("P-VE4", birth_date="2010-01-01")
    assert ve_ineligible.state == "ineligible"
    reserved = world.reserved()
    outcome = world.record_hold(make_hold("H-VE", {"class": {"citizenships": ["VE"]}}))
    assert sorted(outcome.halted) == sorted(
        [ve_screened.case_id, ve_nominated.case_id, ve_accepted.case_id]
    )
    for case in (ve_screened, ve_nominated, ve_accepted):
        assert world.case(case.case_id).state == "halted"
    assert world.case(sv.case_id).state == "accepted"
    assert world.case(ve_ineligible.case_id).state == "ineligible"
    assert world.reserved() == reserved - 1


def test_an_empty_class_matches_nobody(world):
    case = world.nominated("P-1")
    outcome = world.record_hold(make_hold("H-0", {"class": {}}))
    assert outcome.halted == []
    assert world.case(case.case_id).state == "nominated"


def test_a_hold_that_has_already_ended_halts_nothing(world):
    case = world.nominated("P-1")
    hold = make_hold("H-OLD", {"person_ids": ["P-1"]}, expires_at="2025-03-15T07:30:00-04:00")
    assert world.record_hold(hold).halted == []
    assert world.case(case.case_id).state == "nominated"


def test_a_person_under_an_active_hold_is_halted_when_the_case_opens(world):
    world.people(make_person("P-1"))
    world.record_hold(make_hold("H-1", {"person_ids": ["P-1"]}))
    case = services.open_case(world.db.uow(), "P-1", OFFICER)
    assert case.state == "halted"
    assert "LEGAL_HOLD" in case.decision_codes


@pytest.mark.parametrize("state", ["in_transit", "in_custody"])
def test_a_hold_after_departure_requests_return_and_alerts(world, state):
    case = getattr(world, state)("P-1")
    outcome = world.record_hold(make_hold("H-LATE", {"person_ids": ["P-1"]}), who=ADMIN)
    assert outcome.return_requested == [case.case_id]
    after = world.case(case.case_id)
    assert after.state == state
    assert after.return_requested
    with world.db.uow() as uow:
        alerts = cases.open_alerts(uow.session)
        types = list(uow.session.execute(select(ledger_leaves.c.event_type)).scalars())
    assert [(a["case_id"], a["hold_id"]) for a in alerts] == [(case.case_id, "H-LATE")]
    assert alerts[0]["audience"] == ["legal_reviewer", "monitor"]
    assert "cases.return_requested" in types


def test_a_case_officer_cannot_record_a_hold_and_nothing_is_halted(world):
    case = world.nominated("P-1")
    with pytest.raises(legal.LegalRoleRequiredError):
        world.record_hold(make_hold("H-1", {"person_ids": ["P-1"]}), who=OFFICER)
    assert world.case(case.case_id).state == "nominated"


def test_lifting_then_rescreening_returns_the_case_to_screened_never_further(world):
    case = world.accepted("P-1")
    world.record_hold(make_hold("H-1", {"person_ids": ["P-1"]}))
    before = world.snapshot(case.case_id)
    with pytest.raises(cases.HoldsStillActiveError, match="H-1"):
        services.rescreen(world.db.uow(), case.case_id, OFFICER)
    assert world.snapshot(case.case_id) == before
    lift = case_holds.lift_hold(world.db.uow(), "H-1", "2025-03-15T09:00:00-04:00", LEGAL)
    assert lift.halted_cases == [case.case_id]
    assert world.case(case.case_id).state == "halted"  # lifting alone resumes nothing
    # at an instant before the lift, the hold still matches
    with pytest.raises(cases.HoldsStillActiveError):
        services.rescreen(world.db.uow(), case.case_id, OFFICER, at="2025-03-15T08:59:00-04:00")
    world.db.clock.advance(timedelta(hours=2))
    screened = services.rescreen(world.db.uow(), case.case_id, OFFICER)
    assert screened.state == "screened"
    assert screened.decision == "eligible"
    assert screened.halted_by == ()
    assert world.reserved() == 0
    assert world.history(case.case_id)[-2:] == [("accepted", "halted"), ("halted", "screened")]
    assert services.nominate(world.db.uow(), case.case_id, OFFICER).state == "nominated"


def test_a_halted_case_stays_halted_while_any_matching_hold_remains(world):
    case = world.nominated("P-1")
    world.record_hold(make_hold("H-1", {"person_ids": ["P-1"]}))
    world.record_hold(make_hold("H-2", {"class": {"citizenships": ["VE"]}}))
    assert world.case(case.case_id).halted_by == ("H-1", "H-2")
    case_holds.lift_hold(world.db.uow(), "H-1", "2025-03-15T09:00:00-04:00", LEGAL)
    world.db.clock.advance(timedelta(hours=1))
    with pytest.raises(cases.HoldsStillActiveError, match="H-2"):
        services.rescreen(world.db.uow(), case.case_id, OFFICER)


def test_rescreening_a_halted_case_that_is_now_ineligible_closes_it(world):
    case = world.nominated("P-1")
    world.record_hold(make_hold("H-1", {"person_ids": ["P-1"]}))
    case_holds.lift_hold(world.db.uow(), "H-1", "2025-03-15T09:00:00-04:00", LEGAL)
    world.people(make_person("P-1", notices=[]))
    world.db.clock.advance(timedelta(hours=2))
    view = services.rescreen(world.db.uow(), case.case_id, OFFICER)
    assert view.state == "ineligible"
    assert "NOTICE_MISSING" in view.decision_codes


def test_importing_a_holds_file_is_one_transaction_and_idempotent(world, tmp_path):
    import json

    case = world.nominated(
        "P-1",
        removal_orders=[
            {
                "id": "R1",
                "basis": "ina_240",
                "issued_on": "2024-11-20",
                "final": True,
                "countries": ["VE"],
            },
            {
                "id": "R2",
                "basis": "aea",
                "issued_on": "2025-03-14",
                "final": True,
                "countries": ["SV"],
            },
        ],
    )
    other = world.nominated("P-2")
    # rejected file: nothing recorded, nothing halted
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(make_hold("H-A", {"class": {"removal_basis": ["aea"]}})) + "\n{oops\n"
    )
    with pytest.raises(legal.HoldInputError, match="2:line"):
        case_holds.import_holds(world.db.uow(), bad, LEGAL)
    assert world.case(case.case_id).state == "nominated"
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(make_hold("H-A", {"class": {"removal_basis": ["aea"]}})) + "\n")
    first = case_holds.import_holds(world.db.uow(), good, LEGAL)
    again = case_holds.import_holds(world.db.uow(), good, LEGAL)
    assert [o.created for o in first] == [True]
    assert first[0].halted == [case.case_id]
    assert world.case(other.case_id).state == "nominated"
    assert [o.created for o in again] == [False]
    with world.db.uow() as uow:
        assert [h["hold_id"] for h in legal.list_holds(uow.session)] == ["H-A"]


def test_acceptance_rechecks_holds_against_the_records_at_that_instant(world):
    tda = {"class": {"designation_organizations": ["Tren de Aragua"]}}
    case = world.nominated("P-1")
    assert world.record_hold(make_hold("H-TDA", tda)).halted == []  # P-1 not designated yet
    designation = {
        "id": "D1",
        "organization": "Tren de Aragua",
        "basis": ["tattoo"],
        "adjudicated": False,
        "designated_on": "2025-03-15",
    }
    world.people(make_person("P-1", designations=[designation]))
    with pytest.raises(cases.CaseHaltedByHoldError, match="Acceptance refused: legal hold H-TDA"):
        services.accept(world.db.uow(), case.case_id, RECEIVING)
    assert world.case(case.case_id).state == "halted"
    assert world.reserved() == 0
