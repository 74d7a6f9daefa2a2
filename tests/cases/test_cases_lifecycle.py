"""Every allowed transition of the case state machine, driven through services and public."""

from __future__ import annotations

import pytest
from case_world import LEGAL, OFFICER, RECEIVING, TRANSPORT, make_person
from sqlalchemy import select

from convenio.cases import public as cases
from convenio.cases import services
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.legal import public as legal


def event_types(db) -> list[str]:
    with db.uow() as uow:
        return list(
            uow.session.execute(select(ledger_leaves.c.event_type).order_by(ledger_leaves.c.seq))
            .scalars()
            .all()
        )


def test_an_eligible_person_is_screened_when_the_case_opens(world, db):
    case = world.opened("P-1")
    assert case.state == "screened"
    assert case.decision == "eligible"
    assert case.category == "deportee"
    assert case.facility_id == "CECOT"
    assert world.history(case.case_id) == [(None, "draft"), ("draft", "screened")]
    types = event_types(db)
    assert "cases.case_opened" in types
    assert "cases.case_screened" in types
    assert types.count("cases.case_transitioned") == 1


def test_a_blocked_person_goes_from_screened_to_ineligible(world):
    case = world.opened("P-US", citizenships=["US"], us_status="citizen")
    assert case.state == "ineligible"
    assert "US_CITIZEN" in case.decision_codes
    assert world.history(case.case_id) == [
        (None, "draft"),
        ("draft", "screened"),
        ("screened", "ineligible"),
    ]


def test_a_person_has_one_open_case_at_a_time(world):
    world.opened("P-1")
    with pytest.raises(cases.OpenCaseExistsError):
        services.open_case(world.db.uow(), "P-1", OFFICER)


def test_an_unknown_person_cannot_have_a_case(world):
    with pytest.raises(cases.PersonNotFoundError):
        services.open_case(world.db.uow(), "NOBODY", OFFICER)


def test_the_whole_lifecycle_to_exit(world):
    case = world.in_custody("P-1")
    assert case.state == "in_custody"
    assert case.movement_id == "MOV-1"
    exited = world.step(cases.mark_exited, case.case_id, "released", RECEIVING, world.now())
    assert exited.state == "exited"
    assert exited.exit_reason == "released"
    assert world.history(case.case_id) == [
        (None, "draft"),
        ("draft", "screened"),
        ("screened", "nominated"),
        ("nominated", "accepted"),
        ("accepted", "manifested"),
        ("manifested", "in_transit"),
        ("in_transit", "in_custody"),
        ("in_custody", "exited"),
    ]


def test_history_records_actor_party_instant_and_reason(world):
    case = world.accepted("P-1")
    with world.db.uow() as uow:
        steps = cases.case_history(uow.session, case.case_id)
    accepted = steps[-1]
    assert accepted["actor"] == RECEIVING.id
    assert accepted["party"] == "SV"
    assert accepted["at"] == world.db.clock.now()
    assert accepted["reason_code"] == "place_reserved"


@pytest.mark.parametrize(
    "code", ["no_capacity", "security_classification", "insufficient_documents", "not_convicted"]
)
def test_the_receiving_state_declines_with_a_reason_code(world, code):
    case = world.nominated("P-1")
    declined = services.decline(world.db.uow(), case.case_id, code, RECEIVING)
    assert declined.state == "declined"
    with world.db.uow() as uow:
        assert cases.case_history(uow.session, case.case_id)[-1]["reason_code"] == code


def test_a_decline_for_other_reasons_must_say_why(world):
    case = world.nominated("P-1")
    before = world.snapshot(case.case_id)
    with pytest.raises(
        cases.InvalidInputError if hasattr(cases, "InvalidInputError") else Exception
    ):
        services.decline(world.db.uow(), case.case_id, "other", RECEIVING)
    with pytest.raises(Exception, match="not a decline reason"):
        services.decline(world.db.uow(), case.case_id, "too_tall", RECEIVING)
    assert world.snapshot(case.case_id) == before
    declined = services.decline(
        world.db.uow(), case.case_id, "other", RECEIVING, text="facility under repair"
    )
    assert declined.state == "declined"


def test_withdrawing_an_accepted_case_releases_its_place(world):
    case = world.accepted("P-1")
    assert world.reserved() == 1
    withdrawn = services.withdraw(world.db.uow(), case.case_id, "family reunification", OFFICER)
    assert withdrawn.state == "withdrawn"
    assert world.reserved() == 0


def test_a_review_decision_needs_an_approving_legal_review_before_nomination(world):
    case = world.opened("P-R", medical_assessments=[])
    assert (case.state, case.decision) == ("screened", "review")
    assert case.review_codes == ("MEDICAL_ASSESSMENT_MISSING",)
    before = world.snapshot(case.case_id)
    with pytest.raises(cases.LegalReviewRequiredError, match="legal review"):
        services.nominate(world.db.uow(), case.case_id, OFFICER)
    assert world.snapshot(case.case_id) == before
    services.review_case(
        world.db.uow(),
        case.case_id,
        legal.ReviewOutcome.APPROVE,
        "Fitness to travel confirmed by the detention doctor by phone.",
        LEGAL,
    )
    nominated = services.nominate(world.db.uow(), case.case_id, OFFICER)
    assert nominated.state == "nominated"
    with world.db.uow() as uow:
        reviews = legal.reviews_for_case(uow.session, case.case_id)
    assert [(r.author, r.outcome) for r in reviews] == [(LEGAL.id, legal.ReviewOutcome.APPROVE)]


def test_a_rejecting_legal_review_makes_the_case_ineligible(world):
    case = world.opened("P-R", medical_assessments=[])
    rejected = services.review_case(
        world.db.uow(),
        case.case_id,
        legal.ReviewOutcome.REJECT,
        "No medical assessment at all; transfer would be unlawful.",
        LEGAL,
    )
    assert rejected.state == "ineligible"


def test_only_a_legal_reviewer_records_a_review(world):
    case = world.opened("P-R", medical_assessments=[])
    before = world.snapshot(case.case_id)
    with pytest.raises(legal.LegalRoleRequiredError):
        services.review_case(
            world.db.uow(), case.case_id, legal.ReviewOutcome.APPROVE, "Looks fine to me.", OFFICER
        )
    assert world.snapshot(case.case_id) == before


def test_nomination_rescreens_at_its_instant(world):
    case = world.opened("P-1")
    # a week later the medical assessment of 2025-03-10 is still valid; 40 days later it is not
    later = "2025-04-20T10:00:00-04:00"
    before = world.snapshot(case.case_id)
    with pytest.raises(cases.LegalReviewRequiredError):
        services.nominate(world.db.uow(), case.case_id, OFFICER, at=later)
    assert world.snapshot(case.case_id) == before


def test_nomination_of_a_person_no_longer_eligible_makes_the_case_ineligible(world):
    case = world.opened("P-1")
    world.people(
        make_person(
            "P-1",
            habeas_petitions=[
                {
                    "id": "HB1",
                    "court": "S.D. Tex.",
                    "case_number": "25-1",
                    "filed_on": "2025-03-15",
                    "status": "pending",
                }
            ],
        )
    )
    with pytest.raises(cases.NotEligibleError, match="HABEAS_PENDING"):
        services.nominate(world.db.uow(), case.case_id, OFFICER)
    assert world.case(case.case_id).state == "ineligible"


def test_taking_off_the_manifest_for_a_hold_halts_the_case(world):
    case = world.manifested("P-1")
    view = world.step(
        cases.take_off_manifest, case.case_id, ["LEGAL_HOLD"], ["H-1"], TRANSPORT, world.now()
    )
    assert view.state == "halted"
    assert view.halted_by == ("H-1",)
    assert view.movement_id is None
    assert world.reserved() == 0


def test_taking_off_the_manifest_for_a_blocking_reason_makes_the_case_ineligible(world):
    case = world.manifested("P-1")
    view = world.step(
        cases.take_off_manifest, case.case_id, ["HABEAS_PENDING"], [], TRANSPORT, world.now()
    )
    assert view.state == "ineligible"
    assert world.history(case.case_id)[-2:] == [
        ("manifested", "screened"),
        ("screened", "ineligible"),
    ]


def test_taking_off_the_manifest_for_review_reasons_sends_the_case_back_to_screened(world):
    case = world.manifested("P-1")
    view = world.step(
        cases.take_off_manifest,
        case.case_id,
        ["MEDICAL_ASSESSMENT_MISSING"],
        [],
        TRANSPORT,
        world.now(),
    )
    assert (view.state, view.decision) == ("screened", "review")
    assert world.reserved() == 0


def test_count_by_state_and_listing(world):
    world.opened("P-1")
    world.accepted("P-2")
    with world.db.uow() as uow:
        counts = cases.count_by_state(uow.session)
        page, total = cases.list_cases(uow.session, state="accepted")
        mine = cases.cases_for_person(uow.session, "P-2")
    assert counts["screened"] == 1
    assert counts["accepted"] == 1
    assert counts["exited"] == 0
    assert total == 1
    assert [c.person_id for c in page] == ["P-2"]
    assert [c.state for c in mine] == ["accepted"]
