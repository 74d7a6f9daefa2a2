"""The `convenio import people` / `export people` / `demo population` commands."""

from __future__ import annotations

import orjson
import pytest
from tests.records.builders import line, minimal, person, write_file
from typer.testing import CliRunner

from convenio.cli import context
from convenio.cli.main import app

runner = CliRunner()


@pytest.fixture
def cli_db(db, monkeypatch):
    monkeypatch.setattr(context, "services", db.services)
    return db


def test_import_then_export_through_the_cli(cli_db, tmp_path):
    path = write_file(tmp_path / "p.jsonl", person(), minimal("T-2", a_number="12345678"))
    result = runner.invoke(app, ["import", "people", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged, 0 skipped" in result.stdout
    again = runner.invoke(app, ["import", "people", str(path)])
    assert "0 created, 0 updated, 2 unchanged" in again.stdout
    out = tmp_path / "out.jsonl"
    exported = runner.invoke(app, ["export", "people", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    persons = [orjson.loads(text) for text in out.read_bytes().splitlines()]
    assert [p["person_id"] for p in persons] == ["T-1", "T-2"]
    assert persons[1]["a_number"] == "A012345678"


BAD_FILES = {
    "bad date": [minimal("A"), minimal("B", birth_date="1990-02-30")],
    "unknown enum": [minimal("A", us_status="alien")],
    "unknown field": [minimal("A", nick="x")],
    "duplicate person": [minimal("A"), minimal("A")],
    "duplicate inner id": [person(notices=[person()["notices"][0]] * 2)],
    "wrong type": [minimal("A", languages="es")],
    "truncated": [line(minimal("A"))[:30] + b"\n"],
    "invalid utf-8": [line(minimal("A")).replace(b"G\xc3\xb3mez", b"G\xf3mez")],
    "empty": [b""],
    "huge line": [minimal("A", family_name="x" * (10 << 20))],
    "bom later": [minimal("A"), b"\xef\xbb\xbf" + line(minimal("B"))],
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_exits_2_with_one_line_per_error_and_writes_nothing(cli_db, tmp_path, case):
    path = write_file(tmp_path / "bad.jsonl", *BAD_FILES[case])
    result = runner.invoke(app, ["import", "people", str(path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.output
    problems = [text for text in lines if not text.startswith("error:")]
    assert len(problems) == 1
    number, field, message = problems[0].split(":", 2)
    assert number.isdigit() and field and message.strip()
    assert "nothing was written" in result.stderr
    exported = runner.invoke(app, ["export", "people"])
    assert exported.stdout == ""


def test_skip_bad_writes_good_lines_and_lists_bad_ones(cli_db, tmp_path):
    path = write_file(tmp_path / "p.jsonl", minimal("A"), minimal("B", sex="?"), minimal("C"))
    result = runner.invoke(app, ["import", "people", str(path), "--skip-bad"])
    assert result.exit_code == 0
    assert "2:sex: '?' is not one of F, M, X" in result.stderr
    assert "2 created, 0 updated, 0 unchanged, 1 skipped" in result.stdout


def test_a_missing_file_is_a_clear_error(cli_db, tmp_path):
    result = runner.invoke(app, ["import", "people", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_demo_population_writes_a_deterministic_valid_file(tmp_path):
    from convenio.records import public as records

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (first, second):
        result = runner.invoke(
            app, ["demo", "population", "--size", "300", "--seed", "4", "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    report = records.validate_people_file(first)
    assert report.is_valid and report.valid == 300
