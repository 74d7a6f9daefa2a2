"""Stored decisions on SQLite and PostgreSQL: append-only rows, ledger events, re-derivation,
and the screening of the persons in the database."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from convenio.eligibility import public as eligibility
from convenio.eligibility.adapters.sql import eligibility_decisions
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.legal import public as legal
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role

from .builders import EXAMPLES, example_agreement, instant, make_person

AS_OF = instant("2025-03-15T19:36:00-04:00")
HOLD = {
    "hold_id": "H-EX-1",
    "kind": "tro",
    "court": "D.D.C.",
    "case_number": "1:25-cv-00766",
    "issued_at": "2025-03-15T19:26:00-04:00",
    "expires_at": None,
    "lifted_at": None,
    "scope": {"class": {"removal_basis": ["aea"]}},
    "summary": "TRO",
}
LEGAL = Actor(
    id="legal-1", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.LEGAL_REVIEWER})
)


def _events(db, kind):
    with db.uow() as uow:
        rows = uow.session.execute(
            select(ledger_leaves.c.leaf).where(ledger_leaves.c.event_type == kind)
        ).scalars()
        return [json.loads(leaf) for leaf in rows]


def test_a_stored_decision_is_shown_as_decided_and_rederives(db):
    person, agreement = make_person(), example_agreement()
    decision, decision_id = eligibility.decide_and_store(
        db.uow(), person, [HOLD], agreement=agreement, as_of=AS_OF, actor="cli"
    )
    with db.uow() as uow:
        stored = eligibility.get_stored_decision(uow.session, decision_id)
        latest = eligibility.latest_decision(uow.session, "S-1")
    assert latest == stored
    assert stored.to_decision() == decision
    assert stored.as_of_text == "2025-03-15T19:36:00-04:00"
    assert stored.as_of == AS_OF.utc
    assert stored.agreement_id == agreement.id and stored.agreement_digest == agreement.digest
    assert stored.inputs_hash == eligibility.inputs_hash(person, [HOLD], agreement, AS_OF)
    assert eligibility.rederive(stored, person, [HOLD], agreement)
    events = _events(db, "eligibility.decided")
    assert [e["data"]["decision_id"] for e in events] == [decision_id]
    assert events[0]["data"]["inputs_hash"] == stored.inputs_hash


def test_rederivation_fails_when_an_input_changed(db):
    person, agreement = make_person(), example_agreement()
    _, decision_id = eligibility.decide_and_store(
        db.uow(), person, [], agreement=agreement, as_of=AS_OF, actor="cli"
    )
    with db.uow() as uow:
        stored = eligibility.get_stored_decision(uow.session, decision_id)
    assert not eligibility.rederive(stored, make_person(us_status="tps"), [], agreement)
    assert not eligibility.rederive(
        stored, person, [{**HOLD, "scope": {"person_ids": ["S-1"]}}], agreement
    )
    assert eligibility.rederive(
        stored, person, [{**HOLD, "issued_at": "2025-03-16T00:00:00Z"}], agreement
    )


def test_decisions_are_appended_never_replaced(db):
    agreement = example_agreement()
    for status in ("undocumented", "tps"):
        eligibility.decide_and_store(
            db.uow(),
            make_person(us_status=status),
            [],
            agreement=agreement,
            as_of=AS_OF,
            actor="cli",
        )
    with db.uow() as uow:
        count = uow.session.execute(
            select(func.count()).select_from(eligibility_decisions)
        ).scalar()
        latest = eligibility.latest_decision(uow.session, "S-1")
    assert count == 2
    assert latest is not None and latest.codes == ("PROTECTED_STATUS",)


def test_an_unknown_decision_is_not_found(db):
    with db.uow() as uow:
        try:
            eligibility.get_stored_decision(uow.session, "dec_nothing")
        except eligibility.DecisionNotFoundError as error:
            assert "dec_nothing" in error.message
        else:
            raise AssertionError("expected DecisionNotFoundError")
        assert eligibility.latest_decision(uow.session, "nobody") is None


def test_screening_the_database_stores_every_decision_and_one_event(db):
    records_services.import_people(db.uow(), EXAMPLES / "people.jsonl")
    with db.uow() as uow:
        legal.store_hold(uow.session, legal.parse_hold(HOLD), LEGAL, db.clock.now())
        uow.commit()
    seen = []
    run = eligibility.screen_database(
        db.uow(),
        agreement=example_agreement(),
        as_of=AS_OF,
        holds_of=legal.list_holds,
        actor="cli",
        progress=seen.append,
    )
    assert sum(seen) == 4
    assert run.by_decision == {"eligible": 1, "ineligible": 3}
    expected = [
        json.loads(line)
        for line in (EXAMPLES / "decisions.expected.jsonl").read_text().splitlines()
    ]
    assert {d.person_id: list(d.codes) for d in run.decisions} == {
        e["person_id"]: e["codes"] for e in expected
    }
    events = _events(db, "eligibility.screened")
    assert len(events) == 1
    assert events[0]["data"]["count"] == 4
    assert events[0]["data"]["decisions_digest"] == eligibility.decisions_digest(run.decisions)
    with db.uow() as uow:
        stored = eligibility.latest_decision(uow.session, "EX-2")
        person = next(p for p in _people() if p["person_id"] == "EX-2")
        holds = legal.list_holds(uow.session)
    assert stored is not None and "LEGAL_HOLD" in stored.codes
    assert eligibility.rederive(stored, person, holds, example_agreement())


def _people():
    return [json.loads(line) for line in (EXAMPLES / "people.jsonl").read_text().splitlines()]


def test_decision_counts_cover_the_decisions_taken_as_of_a_period(db):
    from datetime import timedelta

    agreement = example_agreement()
    for status in ("undocumented", "tps"):
        eligibility.decide_and_store(
            db.uow(),
            make_person(person_id=f"S-{status}", us_status=status),
            [],
            agreement=agreement,
            as_of=AS_OF,
            actor="cli",
        )
    as_of = AS_OF.utc if hasattr(AS_OF, "utc") else AS_OF
    with db.uow() as uow:
        by_decision, by_code = eligibility.decision_counts(
            uow.session, as_of - timedelta(hours=1), as_of + timedelta(hours=1)
        )
        empty = eligibility.decision_counts(
            uow.session, as_of + timedelta(minutes=1), as_of + timedelta(hours=2)
        )
    assert by_decision == {"eligible": 1, "ineligible": 1}
    assert by_code == {"PROTECTED_STATUS": 1}
    assert empty == ({}, {})
