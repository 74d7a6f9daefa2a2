"""Rule scenarios (OpenFisca-style tables): every rule on both sides of its boundaries.

Each scenario names the as-of instant (``date:``), changes to the base person (eligible on
2025-03-15), holds, dated parameter histories, and the expected decision and reason codes.
Every scenario is screened through the dict path, the file path and the explanation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from convenio.shared.errors import InvalidInputError
from eligibility.builders import agreement_with, instant, make_person, plain, screen_every_way

HERE = Path(__file__).parent


def _cases() -> list[Any]:
    cases = []
    for path in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


HOLD_DEFAULTS = {
    "kind": "tro",
    "court": "D.D.C.",
    "case_number": "1:25-cv-00766",
    "expires_at": None,
    "lifted_at": None,
    "summary": "scenario hold",
}


@pytest.mark.parametrize("case", _cases())
def test_rule_scenario(case: dict[str, Any], tmp_path: Path) -> None:
    people = [make_person(**plain(p)) for p in case.get("people", [case.get("person", {})])]
    holds = [{**HOLD_DEFAULTS, **plain(h)} for h in case.get("holds", [])]
    histories = {name: dict(values.items()) for name, values in case.get("parameters", {}).items()}
    agreement = agreement_with(histories)
    as_of = instant(str(case["date"]))
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(InvalidInputError, match=expect["error"]):
            screen_every_way(people, holds, agreement, as_of, tmp_path)
        return
    decision = screen_every_way(people, holds, agreement, as_of, tmp_path)[0]
    assert [r["code"] for r in decision["reasons"]] == expect["codes"]
    assert decision["decision"] == expect["decision"]
    if "category" in expect:
        assert decision["category"] == expect["category"]
    if "severities" in expect:
        assert [r["severity"] for r in decision["reasons"]] == expect["severities"]
    if "detail" in expect:
        details = {r["code"]: r["detail"] for r in decision["reasons"]}
        for code, text in expect["detail"].items():
            assert text in details[code]
