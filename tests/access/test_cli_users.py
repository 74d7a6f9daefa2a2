"""``convenio users``: create, list, token create."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from convenio.access import public as access
from convenio.cli import context
from convenio.cli.main import app


@pytest.fixture
def cli(db, monkeypatch):
    monkeypatch.setenv("CONVENIO_DATABASE_URL", db.url)
    context.settings.cache_clear()
    context.services.cache_clear()
    yield CliRunner()
    context.services.cache_clear()
    context.settings.cache_clear()


def test_users_are_created_from_stdin_listed_and_given_tokens(cli, db):
    created = cli.invoke(
        app,
        [
            "users",
            "create",
            "--username",
            "ana",
            "--party",
            "SV",
            "--role",
            "receiving_officer",
            "--role",
            "finance_officer",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert created.exit_code == 0, created.output
    listed = cli.invoke(app, ["users", "list"])
    assert "ana" in listed.output and "SV" in listed.output
    issued = cli.invoke(app, ["users", "token", "create", "ana"])
    assert issued.exit_code == 0
    token = next(word for word in issued.output.split() if word.startswith("cvt_"))
    user = access.resolve_token(db.uow(), token)
    assert user is not None and user.username == "ana"


def test_a_bad_role_is_refused_and_nothing_is_created(cli, db):
    result = cli.invoke(
        app,
        [
            "users",
            "create",
            "--username",
            "bob",
            "--party",
            "US",
            "--role",
            "king",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code != 0
    assert access.list_users(db.uow()) == []
