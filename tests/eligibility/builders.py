"""Builders for eligibility tests: a person eligible at 2025-03-15, agreements with chosen
parameter histories, and a way to screen through every path at once."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from convenio.eligibility import public as eligibility
from convenio.shared.dates import Instant, parse_instant
from convenio.terms import public as terms

EXAMPLES = Path(__file__).parent.parent / "data" / "examples"
AGREEMENT_FILE = EXAMPLES / "agreement-us-sv-2025.yaml"

BASE_PERSON: dict[str, Any] = {
    "person_id": "S-1",
    "family_name": "Prueba",
    "given_names": "Ana",
    "birth_date": "1990-06-15",
    "languages": ["es"],
    "citizenships": ["VE"],
    "us_status": "undocumented",
    "convictions": [
        {
            "id": "C1",
            "offense": "Assault",
            "jurisdiction": "US-TX",
            "convicted_on": "2020-01-10",
            "final": True,
            "sentence": {"start_on": "2020-01-10", "days": 365},
        }
    ],
    "removal_orders": [
        {
            "id": "R1",
            "basis": "ina_240",
            "issued_on": "2024-01-10",
            "final": True,
            "countries": ["VE"],
        }
    ],
    "notices": [
        {"id": "N1", "served_on": "2025-03-01", "language": "es", "explains_how_to_contest": True}
    ],
    "medical_assessments": [{"id": "M1", "assessed_on": "2025-03-10", "fit_to_travel": True}],
}


def make_person(**overrides: Any) -> dict[str, Any]:
    """The base person (eligible on 2025-03-15) with top-level fields replaced."""
    person = copy.deepcopy(BASE_PERSON)
    person.update(copy.deepcopy(overrides))
    return {k: v for k, v in person.items() if v is not None or k == "consent"}


def example_agreement() -> terms.Agreement:
    return terms.load_agreement(AGREEMENT_FILE)


def agreement_with(histories: dict[str, dict[date, Any]]) -> terms.Agreement:
    """The example agreement with some parameters given new dated histories."""
    base = example_agreement()
    parameters = dict(base.parameters)
    for name, values in histories.items():
        parameters[name] = terms.DatedSeries(
            name,
            tuple(
                terms.DatedValue(day, value, f"scenario {name} {day}")
                for day, value in sorted(values.items())
            ),
        )
    changes = json.dumps({k: {str(d): v for d, v in h.items()} for k, h in histories.items()})
    digest = hashlib.sha256((base.digest + changes).encode()).hexdigest()
    return dataclasses.replace(base, parameters=parameters, digest=digest)


def plain(value: Any) -> Any:
    """YAML values as interchange JSON: dates as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def instant(text: str) -> Instant:
    return parse_instant(text)


def screen_every_way(
    people: list[dict[str, Any]],
    holds: list[dict[str, Any]],
    agreement: terms.Agreement,
    as_of: Instant,
    tmp_path: Path,
) -> list[dict[str, Any]]:
    """Screen through the dict path, the file path and one explanation per person; assert
    they agree and return the decisions as JSON."""
    decisions = [d.to_json() for d in eligibility.screen_people(people, holds, agreement, as_of)]
    path = tmp_path / "people.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    frame = eligibility.screen_file(path, holds, agreement, as_of)
    assert frame["person_id"].to_list() == [p["person_id"] for p in people]
    sink = io.BytesIO()
    # pieces of about one line each: every person on its own worker, results kept in order
    bulk = eligibility.BulkScreen(holds, [agreement], as_of, sink=sink, piece_bytes=64)
    assert bulk.run(path)[0]["decision"].to_list() == frame["decision"].to_list()
    from_file = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert from_file == decisions
    for person, decision in zip(people, decisions, strict=True):
        explanation = eligibility.explain(person, holds, agreement, as_of)
        assert explanation.decision.to_json() == decision
        applying = [r.code for r in explanation.rules if r.applies]
        assert applying == [reason["code"] for reason in decision["reasons"]]
    return decisions
