"""The shared examples: decisions.expected.jsonl, at 19:36 and ten minutes earlier."""

from __future__ import annotations

import json

import pytest

from convenio.eligibility import public as eligibility

from .builders import EXAMPLES, example_agreement, instant, screen_every_way


def _expected() -> list[dict]:
    lines = (EXAMPLES / "decisions.expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _people() -> list[dict]:
    lines = (EXAMPLES / "people.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _holds() -> list[dict]:
    return eligibility.read_holds_file(EXAMPLES / "holds.jsonl")


def test_examples_decide_as_decisions_expected_at_1936(tmp_path):
    decisions = screen_every_way(
        _people(), _holds(), example_agreement(), instant("2025-03-15T19:36:00-04:00"), tmp_path
    )
    got = [
        {
            "person_id": d["person_id"],
            "decision": d["decision"],
            "category": d["category"],
            "codes": [r["code"] for r in d["reasons"]],
        }
        for d in decisions
    ]
    assert got == _expected()
    assert {d["as_of"] for d in decisions} == {"2025-03-15T23:36:00Z"}


def test_ten_minutes_earlier_ex2_has_no_legal_hold(tmp_path):
    decisions = screen_every_way(
        _people(), _holds(), example_agreement(), instant("2025-03-15T19:16:00-04:00"), tmp_path
    )
    expected = _expected()
    for decision, wanted in zip(decisions, expected, strict=True):
        codes = [r["code"] for r in decision["reasons"]]
        if wanted["person_id"] == "EX-2":
            assert codes == [c for c in wanted["codes"] if c != "LEGAL_HOLD"]
        else:
            assert codes == wanted["codes"]


def test_every_reason_carries_severity_detail_and_reference():
    decisions = eligibility.screen_people(
        _people(), _holds(), example_agreement(), instant("2025-03-15T19:36:00-04:00")
    )
    hold = next(r for r in decisions[1].reasons if r.code == "LEGAL_HOLD")
    assert hold.detail.endswith("H-EX-1")
    conviction = next(r for r in decisions[1].reasons if r.code == "NO_FINAL_CONVICTION")
    assert conviction.detail == "no final conviction on or before 2025-03-15"
    assert conviction.reference.startswith("Bukele on X, 3 Feb 2025")
    for decision in decisions:
        for reason in decision.reasons:
            assert reason.severity in ("block", "review")
            assert reason.detail and reason.reference


@pytest.mark.parametrize("person_index", range(4))
def test_decide_for_one_person_equals_the_population_screen(person_index):
    as_of = instant("2025-03-15T19:36:00-04:00")
    people, holds, agreement = _people(), _holds(), example_agreement()
    together = eligibility.screen_people(people, holds, agreement, as_of)
    alone = eligibility.decide(people[person_index], holds, agreement, as_of)
    assert alone == together[person_index]


def test_ids_that_need_escaping_come_out_as_valid_json(tmp_path):
    from .builders import make_person

    people = [make_person(person_id='S-"1"\\x'), make_person(person_id="Ñandú-2", us_status="tps")]
    hold = {
        "hold_id": 'H-"q"',
        "kind": "court_order",
        "issued_at": "2025-03-01T00:00:00Z",
        "scope": {"person_ids": ['S-"1"\\x']},
    }
    decisions = screen_every_way(
        people, [hold], example_agreement(), instant("2025-03-15T12:00:00Z"), tmp_path
    )
    assert decisions[0]["person_id"] == 'S-"1"\\x'
    assert decisions[0]["reasons"][0]["detail"] == 'active legal hold(s): H-"q"'
    assert decisions[1]["person_id"] == "Ñandú-2"
