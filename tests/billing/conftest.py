"""Fixtures of the billing tests: small agreements and an in-memory custody source."""

from __future__ import annotations

import pytest
from tests.billing.fakes import DATA, FakeCustody

from convenio.shared.actor import Actor, PartyKind, Role
from convenio.terms import public as terms


@pytest.fixture
def custody() -> FakeCustody:
    return FakeCustody()


@pytest.fixture
def per_diem() -> terms.Agreement:
    return terms.load_agreement(DATA / "per-diem.yaml")


@pytest.fixture
def per_person_month() -> terms.Agreement:
    return terms.load_agreement(DATA / "se-ee-per-person-month.yaml")


@pytest.fixture
def block() -> terms.Agreement:
    return terms.default_agreement()


@pytest.fixture
def finance() -> Actor:
    return Actor(
        id="fin-1",
        party="US",
        party_kind=PartyKind.SENDING,
        roles=frozenset({Role.FINANCE_OFFICER}),
    )


@pytest.fixture
def clerk() -> Actor:
    return Actor(
        id="clerk-1",
        party="US",
        party_kind=PartyKind.SENDING,
        roles=frozenset({Role.CASE_OFFICER}),
    )
