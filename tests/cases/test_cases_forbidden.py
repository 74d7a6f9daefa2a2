"""Refused transitions: a typed error that says what to do, and nothing changed."""

from __future__ import annotations

import pytest
from case_world import LEGAL, MONITOR, OFFICER, RECEIVING, TRANSPORT, make_hold, make_person

from convenio.cases import public as cases
from convenio.cases import services
from convenio.cases.domain.machine import TRANSITIONS, check_transition
from convenio.cases.domain.model import CaseState
from convenio.shared.actor import Role
from convenio.shared.errors import PermissionDeniedError, RuleViolationError


def attempts(world, case_id):
    """Every step a face can ask for, by name."""
    now = world.now()
    return {
        "nominate": lambda: services.nominate(world.db.uow(), case_id, OFFICER),
        "accept": lambda: services.accept(world.db.uow(), case_id, RECEIVING),
        "decline": lambda: services.decline(world.db.uow(), case_id, "no_capacity", RECEIVING),
        "withdraw": lambda: services.withdraw(world.db.uow(), case_id, "changed plan", OFFICER),
        "manifest": lambda: world.step(cases.mark_manifested, case_id, "MOV-9", TRANSPORT, now),
        "transit": lambda: world.step(cases.mark_in_transit, case_id, TRANSPORT, now),
        "custody": lambda: world.step(cases.mark_in_custody, case_id, RECEIVING, now),
        "exit": lambda: world.step(cases.mark_exited, case_id, "released", RECEIVING, now),
        "rescreen": lambda: services.rescreen(world.db.uow(), case_id, OFFICER),
    }


ALLOWED = {
    "screened": {"nominate", "rescreen"},
    "ineligible": set(),
    "nominated": {"accept", "decline"},
    "accepted": {"withdraw", "manifest"},
    "manifested": {"transit"},
    "in_transit": {"custody"},
    "in_custody": {"exit"},
    "exited": set(),
    "halted": set(),
}


def reach(world, state):
    if state == "ineligible":
        return world.opened("P-X", citizenships=["US"], us_status="citizen")
    if state == "halted":
        case = world.accepted("P-X")
        world.record_hold(make_hold("H-X", {"person_ids": ["P-X"]}))
        return world.case(case.case_id)
    if state == "exited":
        case = world.in_custody("P-X")
        return world.step(cases.mark_exited, case.case_id, "deceased", RECEIVING, world.now())
    return {
        "screened": world.opened,
        "nominated": world.nominated,
        "accepted": world.accepted,
        "manifested": world.manifested,
        "in_transit": world.in_transit,
        "in_custody": world.in_custody,
    }[state]("P-X")


@pytest.mark.parametrize("state", sorted(ALLOWED))
def test_every_step_not_allowed_from_a_state_is_refused_and_changes_nothing(world, state):
    case = reach(world, state)
    assert case.state == state
    before = world.snapshot(case.case_id)
    for name, attempt in attempts(world, case.case_id).items():
        if name in ALLOWED[state]:
            continue
        with pytest.raises(RuleViolationError) as caught:
            attempt()
        assert state in caught.value.message, name
        assert world.snapshot(case.case_id) == before, name


@pytest.mark.parametrize(
    ("state", "who", "step"),
    [
        ("screened", RECEIVING, lambda w, c, a: services.nominate(w.db.uow(), c, a)),
        ("screened", MONITOR, lambda w, c, a: services.nominate(w.db.uow(), c, a)),
        ("nominated", OFFICER, lambda w, c, a: services.accept(w.db.uow(), c, a)),
        ("nominated", LEGAL, lambda w, c, a: services.decline(w.db.uow(), c, "other", a, text="x")),
        ("accepted", RECEIVING, lambda w, c, a: services.withdraw(w.db.uow(), c, "x", a)),
        ("accepted", OFFICER, lambda w, c, a: w.step(cases.mark_manifested, c, "M", a, w.now())),
        (
            "in_custody",
            TRANSPORT,
            lambda w, c, a: w.step(cases.mark_exited, c, "released", a, w.now()),
        ),
    ],
)
def test_a_role_the_transition_does_not_allow_is_refused_and_changes_nothing(
    world, state, who, step
):
    case = reach(world, state)
    before = world.snapshot(case.case_id)
    with pytest.raises(PermissionDeniedError) as caught:
        step(world, case.case_id, who)
    assert isinstance(caught.value, cases.RoleNotAllowedError)
    assert "needs the role" in caught.value.message
    assert world.snapshot(case.case_id) == before


def test_only_case_officers_open_cases(world):
    world.people(make_person("P-1"))
    with pytest.raises(cases.RoleNotAllowedError):
        services.open_case(world.db.uow(), "P-1", RECEIVING)
    with world.db.uow() as uow:
        assert cases.cases_for_person(uow.session, "P-1") == []


def test_the_error_lists_where_the_case_may_go():
    from convenio.shared.actor import Actor, PartyKind

    officer = Actor(
        id="x", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.CASE_OFFICER})
    )
    with pytest.raises(
        cases.TransitionNotAllowedError, match="it may go to: halted, ineligible, nominated"
    ):
        check_transition("case_1", CaseState.SCREENED, CaseState.IN_CUSTODY, officer)


def test_every_state_before_transit_may_be_halted_and_none_after():
    halting = {source for (source, target) in TRANSITIONS if target is CaseState.HALTED}
    assert halting == {
        CaseState.DRAFT,
        CaseState.SCREENED,
        CaseState.NOMINATED,
        CaseState.ACCEPTED,
        CaseState.MANIFESTED,
    }
    assert (CaseState.HALTED, CaseState.SCREENED) in TRANSITIONS
    assert not any(
        source is CaseState.HALTED and target is not CaseState.SCREENED
        for source, target in TRANSITIONS
    )
