"""The permission policy: default deny, grants by role and party, fields per party."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenio.access.domain.policy import (
    ALL_FIELDS,
    GRANTS,
    PARTY_KINDS,
    PUBLIC_ACTIONS,
    READ_ACTIONS,
    Action,
    Resource,
    can,
    ensure_can,
    granted_actions,
    may_see_case,
    redact_person,
    visible_fields,
)
from convenio.shared.actor import SYSTEM_ACTOR, Actor, PartyKind, Role
from convenio.shared.errors import PermissionDeniedError

PERSON = {
    "person_id": "P-1",
    "a_number": "A012345678",
    "family_name": "Pérez",
    "given_names": "Ana",
    "birth_date": "1990-01-01",
    "languages": ["es"],
    "citizenships": ["SV"],
    "us_status": "undocumented",
    "convictions": [
        {
            "id": "c1",
            "offense": "robbery",
            "offense_code": "211",
            "jurisdiction": "CA",
            "convicted_on": "2015-01-01",
            "final": True,
            "sentence": {"start_on": "2015-02-01", "days": 900},
        }
    ],
    "protection_claims": [{"id": "p1", "kind": "asylum", "country": "SV", "status": "pending"}],
    "medical_assessments": [{"id": "m1", "assessed_on": "2025-01-01", "fit_to_travel": True}],
    "decision": {"eligible": True},
}


def actor(*roles: Role, kind: PartyKind = PartyKind.SENDING, party: str = "US") -> Actor:
    return Actor(id="u1", party=party, party_kind=kind, roles=frozenset(roles))


def test_anonymous_callers_may_only_use_the_locator():
    assert granted_actions(None) == PUBLIC_ACTIONS == {Action.LOCATOR_READ}
    assert not can(None, Action.PEOPLE_READ)


def test_an_actor_without_roles_is_denied_everything_but_public_actions():
    assert granted_actions(actor()) == PUBLIC_ACTIONS


def test_a_role_held_in_the_wrong_party_grants_nothing():
    misplaced = actor(Role.RECEIVING_OFFICER, kind=PartyKind.SENDING)
    assert not can(misplaced, Action.CASE_ACCEPT)
    assert can(
        actor(Role.RECEIVING_OFFICER, kind=PartyKind.RECEIVING, party="SV"), Action.CASE_ACCEPT
    )


def test_the_monitor_reads_everything_and_changes_nothing_but_oversight():
    monitor = actor(Role.MONITOR, kind=PartyKind.MONITOR, party="MONITOR")
    granted = granted_actions(monitor)
    assert granted >= READ_ACTIONS
    writes = granted - READ_ACTIONS - PUBLIC_ACTIONS
    assert writes == {Action.OVERSIGHT_INSPECT, Action.COMPLAINT_MANAGE}


def test_only_the_sending_state_nominates_and_only_the_receiving_state_accepts():
    nominators = {r for r, actions in GRANTS.items() if Action.CASE_NOMINATE in actions} - {
        Role.SYSTEM
    }
    acceptors = {r for r, actions in GRANTS.items() if Action.CASE_ACCEPT in actions} - {
        Role.SYSTEM
    }
    assert all(PARTY_KINDS[r] == {PartyKind.SENDING} for r in nominators)
    assert all(PARTY_KINDS[r] == {PartyKind.RECEIVING} for r in acceptors)


def test_every_action_is_granted_to_some_human_role():
    human = set().union(*(GRANTS[r] for r in Role if r is not Role.SYSTEM))
    assert human | PUBLIC_ACTIONS == set(Action)


def test_ensure_can_raises_permission_denied_naming_the_action():
    with pytest.raises(PermissionDeniedError) as caught:
        ensure_can(actor(Role.FINANCE_OFFICER), Action.CASE_NOMINATE)
    assert caught.value.details["action"] == "case.nominate"
    ensure_can(actor(Role.CASE_OFFICER), Action.CASE_NOMINATE)


def test_the_system_may_do_everything():
    assert granted_actions(SYSTEM_ACTOR) == set(Action)


@given(
    roles=st.frozensets(st.sampled_from([r for r in Role if r is not Role.SYSTEM])),
    kind=st.sampled_from([k for k in PartyKind if k is not PartyKind.SYSTEM]),
    action=st.sampled_from(list(Action)),
)
def test_an_action_is_allowed_exactly_when_a_role_valid_for_the_party_grants_it(
    roles, kind, action
):
    someone = Actor(id="u", party="X", party_kind=kind, roles=roles)
    expected = action in PUBLIC_ACTIONS or any(
        kind in PARTY_KINDS[r] and action in GRANTS[r] for r in roles
    )
    assert can(someone, action) is expected


def test_the_receiving_state_sees_identity_and_a_conviction_summary_only():
    officer = actor(Role.RECEIVING_OFFICER, kind=PartyKind.RECEIVING, party="SV")
    seen = redact_person(officer, PERSON)
    assert seen["family_name"] == "Pérez" and seen["decision"] == {"eligible": True}
    assert "protection_claims" not in seen and "us_status" not in seen
    assert "medical_assessments" not in seen
    assert seen["convictions"] == [
        {"offense": "robbery", "jurisdiction": "CA", "convicted_on": "2015-01-01", "final": True}
    ]


def test_the_sending_state_and_the_monitor_see_the_whole_file():
    for someone in (actor(Role.CASE_OFFICER), actor(Role.MONITOR, kind=PartyKind.MONITOR)):
        assert visible_fields(someone, Resource.PERSON) == ALL_FIELDS
        assert redact_person(someone, PERSON) == PERSON


def test_the_public_sees_only_locator_fields():
    seen = redact_person(None, {**PERSON, "facility": "CECOT", "since": "2025-03-16"})
    assert seen == {
        "family_name": "Pérez",
        "given_names": "Ana",
        "birth_date": "1990-01-01",
        "facility": "CECOT",
        "since": "2025-03-16",
    }


def test_a_user_without_people_read_sees_only_the_locator_view():
    finance = actor(Role.FINANCE_OFFICER, kind=PartyKind.RECEIVING, party="SV")
    assert "convictions" not in redact_person(finance, PERSON)
    assert "a_number" not in redact_person(finance, PERSON)


def test_the_receiving_state_sees_no_case_before_it_is_nominated():
    officer = actor(Role.RECEIVING_OFFICER, kind=PartyKind.RECEIVING, party="SV")
    assert not may_see_case(officer, "screened")
    assert may_see_case(officer, "nominated")
    assert may_see_case(actor(Role.CASE_OFFICER), "screened")
    assert not may_see_case(None, "nominated")
