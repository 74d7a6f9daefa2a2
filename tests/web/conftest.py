"""Fixtures of the web UI tests: an application on the test database, one user per role."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from convenio.access import public as access
from convenio.bootstrap import Services
from convenio.cases import services as case_services
from convenio.records import services as record_services
from convenio.server import create_app
from convenio.shared.actor import SYSTEM_ACTOR, Actor, PartyKind, Role
from convenio.terms import public as terms
from convenio.terms import services as terms_services

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"

ROLE_USERS: dict[str, tuple[str, str]] = {
    "case_officer": ("US", "Casey Officer"),
    "legal_reviewer": ("US", "Lee Reviewer"),
    "transport_coordinator": ("US", "Toni Transport"),
    "receiving_officer": ("SV", "Rocío Receptora"),
    "finance_officer": ("US", "Fran Finance"),
    "monitor": ("MONITOR", "Mona Monitor"),
    "administrator": ("US", "Adi Admin"),
}
"""One user per role: username = role name (with dashes), party, display name."""


def username_of(role: str) -> str:
    return role.replace("_", "-")


def seed_agreement(services: Services) -> None:
    """The default agreement."""
    terms_services.register_agreement(
        services.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="test"
    )


def create_role_user(services: Services, role: str) -> None:
    """The user of a role (see ROLE_USERS)."""
    party, name = ROLE_USERS[role]
    access.create_user(
        services.uow(),
        username=username_of(role),
        password=PASSWORD,
        party=party,
        roles=[role],
        actor=SYSTEM_ACTOR,
        display_name=name,
    )


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@dataclass
class Web:
    """The application on the test database, and signed-in clients per role."""

    services: Services
    app: object
    clients: list[TestClient] = field(default_factory=list)
    users: set[str] = field(default_factory=set)

    def user(self, role: str) -> str:
        """The username of a role's user, created on first use."""
        if role not in self.users:
            create_role_user(self.services, role)
            self.users.add(role)
        return username_of(role)

    def anonymous(self) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        self.clients.append(client)
        return client

    def signed_in(self, role: str, lang: str = "en") -> TestClient:
        client = self.anonymous()
        form = client.get("/sign-in")
        response = client.post(
            "/sign-in",
            data={
                "username": self.user(role),
                "password": PASSWORD,
                "csrf_token": csrf_of(form.text),
                "next": "/",
            },
        )
        assert response.status_code == 303, response.text
        if lang != "en":
            client.get(f"/terms?lang={lang}")
        return client

    def csrf(self, client: TestClient, path: str = "/terms") -> str:
        return csrf_of(client.get(path).text)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the lightest parameters: these tests are about pages, not hashing."""
    from argon2 import PasswordHasher

    from convenio.access import services as access_services

    monkeypatch.setattr(
        access_services, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture
def web(db) -> Iterator[Web]:
    services = db.services()
    seed_agreement(services)
    app = create_app(services.settings, services)
    harness = Web(services=services, app=app)
    yield harness
    for client in harness.clients:
        client.close()


# --- seeding through the services (what a test needs before its own steps) -----------------

EXAMPLES = Path(__file__).parents[1] / "data" / "examples"


def actor_of(role: str) -> Actor:
    party, name = ROLE_USERS[role]
    kinds = {"US": PartyKind.SENDING, "SV": PartyKind.RECEIVING, "MONITOR": PartyKind.MONITOR}
    return Actor(
        id=f"seed-{username_of(role)}",
        party=party,
        party_kind=kinds[party],
        roles=frozenset({Role(role)}),
        name=name,
    )


def seed_people(services: Services) -> None:
    """The four example people."""
    record_services.import_people(services.uow(), EXAMPLES / "people.jsonl", actor="seed")


def seed_accepted_case(services: Services, person_id: str = "EX-1") -> str:
    """A case opened, nominated and accepted for an eligible person; returns its id."""
    case = case_services.open_case(services.uow(), person_id, actor_of("case_officer"))
    case_services.nominate(services.uow(), case.case_id, actor_of("case_officer"))
    case_services.accept(services.uow(), case.case_id, actor_of("receiving_officer"))
    return case.case_id
