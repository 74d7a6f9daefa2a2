"""Builders for case tests: an agreement, people built from EX-1, actors, and steps."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.cases import services
from convenio.cases.adapters.sql import case_transitions
from convenio.cases.adapters.sql import cases as cases_table
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import Instant, parse_instant
from convenio.terms import public as terms
from convenio.terms import services as terms_services

EXAMPLES = Path(__file__).parents[1] / "data" / "examples"


def actor(role: Role, name: str | None = None) -> Actor:
    receiving = role is Role.RECEIVING_OFFICER
    return Actor(
        id=name or f"{role.value}-1",
        party="SV" if receiving else "US",
        party_kind=PartyKind.RECEIVING if receiving else PartyKind.SENDING,
        roles=frozenset({role}),
    )


OFFICER = actor(Role.CASE_OFFICER)
LEGAL = actor(Role.LEGAL_REVIEWER)
RECEIVING = actor(Role.RECEIVING_OFFICER)
TRANSPORT = actor(Role.TRANSPORT_COORDINATOR)
MONITOR = actor(Role.MONITOR)
ADMIN = actor(Role.ADMINISTRATOR)


def at(text: str) -> Instant:
    return parse_instant(text)


def ex1() -> dict[str, Any]:
    """EX-1 of the shared examples: eligible at 2025-03-15 with the default agreement."""
    with (EXAMPLES / "people.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            person = json.loads(line)
            if person["person_id"] == "EX-1":
                return person
    raise AssertionError("EX-1 missing from the examples")


def make_person(person_id: str, **overrides: Any) -> dict[str, Any]:
    person = copy.deepcopy(ex1())
    person["person_id"] = person_id
    person.update(overrides)
    return person


def make_hold(hold_id: str, scope: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    hold: dict[str, Any] = {
        "hold_id": hold_id,
        "kind": "tro",
        "court": "D.D.C.",
        "case_number": "1:25-cv-00766",
        "issued_at": "2025-03-15T07:00:00-04:00",
        "expires_at": None,
        "lifted_at": None,
        "scope": scope,
        "summary": "Temporary restraining order",
    }
    hold.update(overrides)
    return hold


def agreement_text(capacity: int | None = None) -> bytes:
    source = terms.DEFAULT_AGREEMENT_PATH.read_text(encoding="utf-8")
    if capacity is not None:
        source = source.replace("{value: 40000,", f"{{value: {capacity},", 1)
        assert f"{{value: {capacity}," in source
    return source.encode("utf-8")


@dataclass
class World:
    """A migrated database with an agreement, people, and the steps of the lifecycle."""

    db: Any
    tmp_path: Path

    def agreement(self, capacity: int | None = None) -> None:
        terms_services.register_agreement(self.db.uow(), agreement_text(capacity), actor="test")

    def people(self, *people: dict[str, Any]) -> None:
        path = self.tmp_path / f"people-{people[0]['person_id']}-{len(people)}.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
        records_services.import_people(self.db.uow(), path)

    def opened(self, person_id: str, **person: Any) -> cases.CaseView:
        self.people(make_person(person_id, **person))
        return services.open_case(self.db.uow(), person_id, OFFICER)

    def nominated(self, person_id: str, **person: Any) -> cases.CaseView:
        case = self.opened(person_id, **person)
        return services.nominate(self.db.uow(), case.case_id, OFFICER)

    def accepted(self, person_id: str, **person: Any) -> cases.CaseView:
        case = self.nominated(person_id, **person)
        return services.accept(self.db.uow(), case.case_id, RECEIVING)

    def step(self, function: Any, case_id: str, *args: Any) -> cases.CaseView:
        with self.db.uow() as uow:
            view = function(uow.session, case_id, *args)
            uow.commit()
        return view

    def manifested(self, person_id: str, **person: Any) -> cases.CaseView:
        case = self.accepted(person_id, **person)
        return self.step(cases.mark_manifested, case.case_id, "MOV-1", TRANSPORT, self.now())

    def in_transit(self, person_id: str, **person: Any) -> cases.CaseView:
        case = self.manifested(person_id, **person)
        return self.step(cases.mark_in_transit, case.case_id, TRANSPORT, self.now())

    def in_custody(self, person_id: str, **person: Any) -> cases.CaseView:
        case = self.in_transit(person_id, **person)
        return self.step(cases.mark_in_custody, case.case_id, RECEIVING, self.now())

    def now(self) -> Instant:
        return Instant(self.db.clock.now())

    def record_hold(self, hold: dict[str, Any], who: Actor = LEGAL) -> case_holds.HoldOutcome:
        return case_holds.record_hold(self.db.uow(), hold, who)

    def case(self, case_id: str) -> cases.CaseView:
        with self.db.uow() as uow:
            view = cases.get_case(uow.session, case_id)
        assert view is not None
        return view

    def history(self, case_id: str) -> list[tuple[str | None, str]]:
        with self.db.uow() as uow:
            return [(s["from"], s["to"]) for s in cases.case_history(uow.session, case_id)]

    def snapshot(self, case_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The stored row and history of a case, to show a refusal changed nothing."""
        with self.db.uow() as uow:
            row = uow.session.execute(
                select(cases_table).where(cases_table.c.case_id == case_id)
            ).one()
            steps = uow.session.execute(
                select(case_transitions)
                .where(case_transitions.c.case_id == case_id)
                .order_by(case_transitions.c.id)
            ).all()
        return dict(row._mapping), [dict(s._mapping) for s in steps]

    def reserved(self, facility_id: str = "CECOT") -> int:
        with self.db.uow() as uow:
            return cases.reserved_places(uow.session, facility_id)
