"""``convenio keys`` and ``convenio ledger`` end to end, on both databases."""

from __future__ import annotations

import json
import stat

import pytest
from ledger_builders import append
from typer.testing import CliRunner

from convenio.cli import context
from convenio.cli.main import app


@pytest.fixture
def cli(db, tmp_path, monkeypatch):
    monkeypatch.setenv("CONVENIO_DATABASE_URL", db.url)
    monkeypatch.setenv("CONVENIO_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CONVENIO_LEDGER_ORIGIN", "convenio.example/test")
    context.settings.cache_clear()
    context.services.cache_clear()
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, (result.output, result.exception)
        return result.output

    yield run
    context.services.cache_clear()
    context.settings.cache_clear()


def test_keys_are_created_private_and_listed(cli, tmp_path):
    out = cli("keys", "init", "--name", "party-a")
    private = tmp_path / "keys" / "party-a.key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    vkey = (tmp_path / "keys" / "party-a.vkey").read_text().strip()
    assert vkey.startswith("party-a+") and vkey in out.replace("\n", "")
    assert "party-a" in cli("keys", "list")


def test_checkpoint_cosign_prove_export_and_verify(cli, db, tmp_path):
    append(db, 11)
    cli("keys", "init", "--name", "party-a")
    cli("keys", "init", "--name", "party-b")
    assert "— party-a " in cli("ledger", "checkpoint", "--key", "party-a")
    assert "— party-b " in cli("ledger", "cosign", "--key", "party-b", "--checkpoint", "1")
    proof = json.loads(cli("ledger", "prove-inclusion", "3", "--size", "9", "--json"))
    assert proof["tree_size"] == 9 and len(proof["inclusion_path"]) == 4
    consistency = json.loads(cli("ledger", "prove-consistency", "4", "11", "--json"))
    assert consistency["tree_size_2"] == 11
    bundle_path = tmp_path / "bundle.json"
    cli("ledger", "export", "--out", str(bundle_path))
    bundle = json.loads(bundle_path.read_text())
    assert bundle["origin"] == "convenio.example/test"
    assert len(bundle["leaves"]) == 11 and len(bundle["checkpoints"]) == 2
    assert "PRIVATE" not in bundle_path.read_text()
    assert "OK: 11 leaves" in cli("ledger", "verify")
    vkey = str(tmp_path / "keys" / "party-a.vkey")
    assert "OK: 11 leaves" in cli("ledger", "verify", "--bundle", str(bundle_path), "--key", vkey)


def test_verify_fails_with_a_non_zero_exit_code_on_a_tampered_bundle(cli, db, tmp_path):
    append(db, 6)
    cli("keys", "init", "--name", "party-a")
    cli("ledger", "checkpoint", "--key", "party-a")
    bundle_path = tmp_path / "bundle.json"
    cli("ledger", "export", "--out", str(bundle_path))
    bundle = json.loads(bundle_path.read_text())
    bundle["leaves"][2] = bundle["leaves"][2].replace('"n":2', '"n": 2')
    bundle_path.write_text(json.dumps(bundle))
    out = cli("ledger", "verify", "--bundle", str(bundle_path), code=1)
    assert "leaf 2 is not canonical JSON" in out
