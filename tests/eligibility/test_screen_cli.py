"""``convenio screen``: files in, JSON Lines out, summaries, comparisons, the database, and
exit code 2 with one clear line for bad input."""

from __future__ import annotations

import json
import re
import sys

import pytest
from sqlalchemy import func, select

from convenio.cli import context
from convenio.cli.main import main
from convenio.eligibility.adapters.sql import eligibility_decisions
from convenio.records import services as records_services

from .builders import AGREEMENT_FILE, EXAMPLES

PEOPLE = str(EXAMPLES / "people.jsonl")
HOLDS = str(EXAMPLES / "holds.jsonl")
AS_OF = "2025-03-15T19:36:00-04:00"


@pytest.fixture
def convenio(monkeypatch, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["convenio", *args])
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        else:
            code = 0
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _expected():
    return [
        json.loads(line)
        for line in (EXAMPLES / "decisions.expected.jsonl").read_text().splitlines()
    ]


def test_screen_writes_the_expected_decisions_in_input_order(convenio, tmp_path):
    out = tmp_path / "decisions.jsonl"
    code, _, err = convenio("screen", PEOPLE, "--holds", HOLDS, "--as-of", AS_OF, "--out", str(out))
    assert code == 0, err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [
        {
            "person_id": d["person_id"],
            "decision": d["decision"],
            "category": d["category"],
            "codes": [r["code"] for r in d["reasons"]],
        }
        for d in lines
    ] == _expected()
    assert list(lines[0]) == ["person_id", "decision", "category", "as_of", "reasons"]


def test_screen_without_out_prints_json_lines(convenio):
    code, out, _ = convenio("screen", PEOPLE, "--as-of", AS_OF, "--agreement", str(AGREEMENT_FILE))
    assert code == 0
    decisions = [json.loads(line) for line in out.splitlines()]
    assert [d["person_id"] for d in decisions] == ["EX-1", "EX-2", "EX-3", "EX-4"]
    assert "LEGAL_HOLD" not in [r["code"] for r in decisions[1]["reasons"]]


def test_summary_counts_decisions_and_reason_codes(convenio):
    code, out, _ = convenio("screen", PEOPLE, "--holds", HOLDS, "--as-of", AS_OF, "--summary")
    assert code == 0
    assert "ineligible" in out and "MEDICAL_ASSESSMENT_MISSING" in out
    row = next(line for line in out.splitlines() if "MEDICAL_ASSESSMENT_MISSING" in line)
    assert "3" in row
    assert not out.lstrip().startswith("{")


def test_compare_agreement_shows_who_moves_and_which_codes_appear(convenio, tmp_path):
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(AGREEMENT_FILE.read_text().replace("value: 18,", "value: 40,"))
    code, out, _ = convenio(
        "screen", PEOPLE, "--holds", HOLDS, "--as-of", AS_OF, "--compare-agreement", str(stricter)
    )
    assert code == 0
    assert "1 move" in out
    minor = next(line for line in out.splitlines() if "MINOR" in line)
    assert re.findall(r"\d+", minor) == ["0", "3", "3", "0"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["screen", "absent.jsonl", "--as-of", AS_OF], "absent.jsonl: cannot be read"),
        (["screen", PEOPLE, "--as-of", "2025-03-32"], "--as-of: '2025-03-32' is not an ISO 8601"),
        (["screen", PEOPLE, "--as-of", "2025-03-15T10:00:00"], "has no offset"),
        (["screen", PEOPLE, "--as-of", "2025-02-01"], "parameter_not_in_force: adult_age"),
        (["screen", PEOPLE, "--as-of", AS_OF, "--holds", "absent-holds.jsonl"], "cannot be read"),
        (["screen", "--as-of", AS_OF], "give a people file"),
        (["screen", PEOPLE, "--as-of", AS_OF, "--agreement", "absent.yaml"], "absent.yaml"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(convenio, args, message):
    code, _, err = convenio(*args)
    assert code == 2
    assert message in err
    assert err.count("error:") == 1


def test_a_bad_people_line_names_line_and_field(convenio, tmp_path):
    people = tmp_path / "people.jsonl"
    good, second, *_ = (EXAMPLES / "people.jsonl").read_text().splitlines()
    people.write_text(good + "\n" + second.replace('"1999-01-30"', '"1999-02-30"') + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = convenio("screen", str(people), "--as-of", AS_OF, "--out", str(out))
    assert code == 2
    assert "2:birth_date: '1999-02-30' is not a date" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [people]


def test_a_refused_file_leaves_an_earlier_out_file_untouched(convenio, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("earlier decisions\n")
    people = tmp_path / "people.jsonl"
    people.write_text((EXAMPLES / "people.jsonl").read_text() + '{"person_id": "X"\n')
    code, stdout, err = convenio("screen", str(people), "--as-of", AS_OF, "--out", str(out))
    assert code == 2 and "5: not JSON" in err
    assert out.read_text() == "earlier decisions\n"
    code, stdout, err = convenio("screen", str(people), "--as-of", AS_OF)
    assert code == 2 and stdout == ""


def test_screen_db_stores_a_decision_per_person(convenio, db, monkeypatch):
    monkeypatch.setenv("CONVENIO_DATABASE_URL", db.url)
    context.settings.cache_clear()
    context.services.cache_clear()
    try:
        records_services.import_people(db.uow(), EXAMPLES / "people.jsonl")
        code, out, err = convenio(
            "screen", "--db", "--as-of", AS_OF, "--agreement", str(AGREEMENT_FILE), "--summary"
        )
    finally:
        context.services.cache_clear()
        context.settings.cache_clear()
    assert code == 0, err
    assert "stored 4 decisions" in err
    assert "eligible" in out
    with db.uow() as uow:
        assert (
            uow.session.execute(select(func.count()).select_from(eligibility_decisions)).scalar()
            == 4
        )
