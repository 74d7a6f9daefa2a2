"""Reading holds in the interchange form: every problem named by line and field."""

from __future__ import annotations

import json

import pytest

from convenio.legal import public as legal
from convenio.shared.errors import InvalidInputError

GOOD = {
    "hold_id": "H-2025-0315-JGG",
    "kind": "tro",
    "court": "D.D.C.",
    "case_number": "1:25-cv-00766",
    "issued_at": "2025-03-15T19:26:00-04:00",
    "expires_at": None,
    "lifted_at": None,
    "scope": {"class": {"removal_basis": ["aea"]}},
    "summary": "Temporary restraining order: no removal under Proclamation 10903",
}


def with_(**changes):
    hold = dict(GOOD)
    hold.update(changes)
    return hold


def test_a_good_hold_keeps_its_terms_and_offset():
    hold = legal.parse_hold(GOOD)
    assert hold.kind is legal.HoldKind.TRO
    assert hold.is_class
    assert hold.terms()["issued_at"] == "2025-03-15T19:26:00-04:00"
    assert hold.issued_at.utc.hour == 23


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "injunction"}, "kind"),
        ({"issued_at": "2025-03-15T19:26:00"}, "issued_at"),
        ({"issued_at": "yesterday"}, "issued_at"),
        ({"expires_at": "2025-03-15"}, "expires_at"),
        ({"scope": {}}, "scope"),
        ({"scope": {"person_ids": []}}, "scope.person_ids"),
        ({"scope": {"person_ids": ["A"], "class": {}}}, "scope"),
        ({"scope": {"class": {"eye_colour": ["blue"]}}}, "scope.class.eye_colour"),
        ({"scope": {"class": {"citizenships": "VE"}}}, "scope.class.citizenships"),
        ({"court": ""}, "court"),
        ({"hold_id": "H" * 65}, "hold_id"),
        ({"judge": "Boasberg"}, "judge"),
    ],
)
def test_a_bad_field_is_named(changes, field):
    with pytest.raises(InvalidInputError) as caught:
        legal.parse_hold(with_(**changes), line=3)
    assert any(p.startswith(f"3:{field}:") for p in caught.value.details["problems"])


def test_a_missing_field_is_named():
    hold = dict(GOOD)
    del hold["issued_at"]
    with pytest.raises(InvalidInputError, match="issued_at: missing"):
        legal.parse_hold(hold)


def test_a_file_reports_every_bad_line_and_keeps_nothing():
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps(with_(hold_id="H-2", kind="bad")),
        "",
        json.dumps(GOOD),
    ]
    with pytest.raises(legal.HoldInputError) as caught:
        legal.read_holds_text("\n".join(lines))
    problems = caught.value.details["problems"]
    assert problems[0].startswith("2:line:")
    assert problems[1].startswith("3:kind:")
    assert problems[2].startswith("5:hold_id:") and "line 1" in problems[2]
    assert "nothing was recorded" in caught.value.message


def test_the_shared_example_file_reads(tmp_path):
    from pathlib import Path

    path = Path(__file__).parents[1] / "data" / "examples" / "holds.jsonl"
    holds = legal.read_holds_file(path)
    assert [h.hold_id for h in holds] == ["H-EX-1"]


def test_an_unreadable_file_is_an_input_error(tmp_path):
    with pytest.raises(legal.HoldInputError, match="cannot be read"):
        legal.read_holds_file(tmp_path / "missing.jsonl")
