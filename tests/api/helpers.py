"""Build the application on a test database and sign users in."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from convenio.access import public as access
from convenio.platform.settings import Settings
from convenio.server import create_app
from convenio.shared.actor import SYSTEM_ACTOR, Role

with warnings.catch_warnings():
    # starlette 1.x warns that its test client prefers the httpx2 package; httpx works.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery staple"

ROLE_PARTY: dict[Role, str] = {
    Role.CASE_OFFICER: "US",
    Role.LEGAL_REVIEWER: "US",
    Role.TRANSPORT_COORDINATOR: "US",
    Role.RECEIVING_OFFICER: "SV",
    Role.FINANCE_OFFICER: "SV",
    Role.MONITOR: "MONITOR",
    Role.ADMINISTRATOR: "US",
}
"""One user per role, each in a party the role belongs to."""


@dataclass
class SignedInClient:
    client: TestClient
    token: str
    user: access.User

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_client(db) -> TestClient:
    app = create_app(Settings(database_url=db.url, env="test"), db.services())
    return TestClient(app, raise_server_exceptions=False)


def make_user(
    db, role: Role, *, username: str | None = None, party: str | None = None
) -> access.User:
    return access.create_user(
        db.uow(),
        username=username or role.value.replace("_", "-"),
        password=PASSWORD,
        party=party or ROLE_PARTY[role],
        roles=[role.value],
        actor=SYSTEM_ACTOR,
    )


def token_for(db, user: access.User) -> str:
    return access.issue_token(
        db.uow(), username=user.username, label="test", actor=SYSTEM_ACTOR
    ).token
