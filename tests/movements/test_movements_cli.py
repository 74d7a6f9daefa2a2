"""``convenio movements`` and ``convenio custody`` from the command line."""

import re

import pytest
from typer.testing import CliRunner

from convenio.cli import context
from convenio.cli.main import app
from convenio.shared.errors import DomainError, exit_code_for
from movements.world import AEA_TRO, person

runner = CliRunner()


@pytest.fixture
def cli(world, monkeypatch):
    monkeypatch.setattr(context, "services", world.db.services)
    monkeypatch.setattr(context.console, "width", 200)

    def run(*args, code=0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, (result.output, result.exception)
        return result.output

    return run


def test_a_flight_from_manifest_to_custody(world, cli):
    ids = world.accepted([person("AEA-1"), person("INA-1", aea=False)])
    created = cli(
        "movements",
        "create",
        "GTI-1001",
        "--departure",
        "2025-03-15T18:00:00-05:00",
        "--seats",
        "2",
        "--origin",
        "Harlingen, TX",
        "--zone",
        "America/Chicago",
    )
    movement_id = re.search(r"(mov_[0-9A-Z]+)", created).group(1)
    cli("movements", "add", movement_id, *ids, "--at", "2025-03-15T12:00:00-04:00")
    cli("movements", "lock", movement_id, "--at", "2025-03-15T19:00:00-04:00")
    world.record_hold(AEA_TRO)

    refused = runner.invoke(
        app, ["movements", "dispatch", movement_id, "--at", "2025-03-15T19:36:00-04:00"]
    )
    assert isinstance(refused.exception, DomainError)
    assert exit_code_for(refused.exception) == 6
    assert "AEA-1" in refused.exception.message
    cli("movements", "dispatch", movement_id, "--at", "2025-03-15T19:40:00-04:00")
    cli("movements", "arrive", movement_id, "--at", "2025-03-15T23:30:00-06:00")
    cli(
        "movements",
        "handover",
        movement_id,
        "--as",
        "transport",
        "--headcount",
        "1",
        "--at",
        "2025-03-15T23:50:00-06:00",
    )
    handed = cli(
        "movements",
        "handover",
        movement_id,
        "--as",
        "receiving",
        "--headcount",
        "1",
        "--at",
        "2025-03-15T23:50:00-06:00",
    )
    shown = cli("movements", "show", movement_id)
    held = cli("custody", "occupancy", "--on", "2025-03-16")

    assert "handed over: INA-1" in handed
    assert "handed_over" in shown and "LEGAL_HOLD" in shown and "H-2025-0315-JGG" in shown
    assert "1 held on 2025-03-16" in held
    cli(
        "custody",
        "release",
        "INA-1",
        "--ground",
        "by_decision",
        "--authority",
        "court",
        "--at",
        "2025-04-01T10:00:00-06:00",
    )
    assert "0 held on 2025-04-02" in cli("custody", "occupancy", "--on", "2025-04-02")


def test_bad_input_is_one_clear_error(cli):
    out = runner.invoke(app, ["custody", "occupancy", "--on", "2025-02-30"])
    assert isinstance(out.exception, DomainError) and exit_code_for(out.exception) == 2
    assert "--on" in out.exception.message
    missing = runner.invoke(app, ["movements", "show", "mov_NOPE"])
    assert isinstance(missing.exception, DomainError) and exit_code_for(missing.exception) == 3
