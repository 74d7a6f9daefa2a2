"""``convenio cases`` and ``convenio holds`` drive the lifecycle without the web UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from case_world import World, make_person
from typer.testing import CliRunner

from convenio.cases import public as cases
from convenio.cli import context
from convenio.cli.main import app

HOLDS = Path(__file__).parents[1] / "data" / "examples" / "holds.jsonl"
T0 = "2025-03-15T10:00:00-04:00"


@pytest.fixture
def cli(db, monkeypatch):
    monkeypatch.setenv("CONVENIO_DATABASE_URL", db.url)
    context.settings.cache_clear()
    context.services.cache_clear()
    runner = CliRunner()

    def run(*args: str, code: int = 0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, (result.output, result.exception)
        return result

    yield run
    context.services.cache_clear()
    context.settings.cache_clear()


def case_id_of(output: str) -> str:
    found = re.search(r"case (case_[0-9A-Z]+)", output)
    assert found, output
    return found.group(1)


def test_a_case_goes_from_open_to_accepted_and_shows_its_history(cli, world):
    world.people(make_person("P-1"))
    opened = cli("cases", "open", "P-1", "--at", T0).output
    assert "screened" in opened and "eligible" in opened
    case_id = case_id_of(opened)
    assert "nominated" in cli("cases", "nominate", case_id, "--at", T0, "--actor", "ana").output
    assert "accepted" in cli("cases", "accept", case_id, "--at", T0, "--actor", "rosa").output
    shown = cli("cases", "show", case_id).output
    for word in ("draft", "screened", "nominated", "accepted", "ana", "rosa"):
        assert word in shown
    listed = cli("cases", "list", "--state", "accepted").output
    assert "P-1" in listed
    assert "accepted: 1" in listed


def test_decline_and_refusals_are_clear_errors(cli, world):
    world.people(make_person("P-1"))
    case_id = case_id_of(cli("cases", "open", "P-1", "--at", T0).output)
    refused = cli("cases", "accept", case_id, "--at", T0, code=1)
    assert isinstance(refused.exception, cases.TransitionNotAllowedError)
    cli("cases", "nominate", case_id, "--at", T0)
    bad = cli("cases", "decline", case_id, "--reason", "other", code=1)
    assert "must say why" in str(bad.exception)
    out = cli("cases", "decline", case_id, "--reason", "not_convicted", "--at", T0).output
    assert "declined" in out


def test_holds_import_halts_lift_and_rescreen_from_the_command_line(cli, world: World):
    aea = make_person(
        "P-AEA",
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
    world.people(aea, make_person("P-OTHER"))
    halted = case_id_of(cli("cases", "open", "P-AEA", "--at", T0).output)
    other = case_id_of(cli("cases", "open", "P-OTHER", "--at", T0).output)
    cli("cases", "nominate", halted, "--at", T0)
    out = cli("holds", "import", str(HOLDS)).output
    assert "H-EX-1: recorded; halted 1 case(s)" in out
    assert "already recorded" in cli("holds", "import", str(HOLDS)).output
    assert world.case(halted).state == "halted"
    assert world.case(other).state == "screened"
    registry = cli("holds", "list").output
    assert "H-EX-1" in registry and "halted" in registry
    still = cli("cases", "rescreen", halted, "--at", "2025-03-16T10:00:00-04:00", code=1)
    assert isinstance(still.exception, cases.HoldsStillActiveError)
    lifted = cli("holds", "lift", "H-EX-1", "--at", "2025-03-16T09:00:00-04:00").output
    assert f"convenio cases rescreen {halted}" in lifted
    again = cli("cases", "rescreen", halted, "--at", "2025-03-16T10:00:00-04:00").output
    assert "screened" in again


def test_a_malformed_holds_file_is_reported_by_line(cli, world, tmp_path):
    bad = tmp_path / "holds.jsonl"
    bad.write_text('{"hold_id": "H-1"}\n', encoding="utf-8")
    result = cli("holds", "import", str(bad), code=1)
    assert "1:kind" in str(result.exception)
