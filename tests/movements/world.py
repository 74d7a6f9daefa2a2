"""Builders for movement and custody tests: people, accepted cases, holds, actors, a flight."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from convenio.cases import holds as case_holds
from convenio.cases import services as case_services
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.movements import handover, services
from convenio.movements.domain.model import Side
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import Instant, parse_instant
from convenio.terms import public as terms
from convenio.terms import services as terms_services

CASE_OFFICER = Actor(
    id="co-1", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.CASE_OFFICER})
)
TRANSPORT = Actor(
    id="tc-1",
    party="US",
    party_kind=PartyKind.SENDING,
    roles=frozenset({Role.TRANSPORT_COORDINATOR}),
)
RECEIVING = Actor(
    id="ro-1", party="SV", party_kind=PartyKind.RECEIVING, roles=frozenset({Role.RECEIVING_OFFICER})
)
LEGAL = Actor(
    id="lr-1", party="US", party_kind=PartyKind.SENDING, roles=frozenset({Role.LEGAL_REVIEWER})
)

AEA_TRO = {
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


def at(text: str) -> Instant:
    """An instant from ISO text with an offset."""
    return parse_instant(text)


def person(
    person_id: str, *, aea: bool = True, citizenship: str = "VE", **extra: Any
) -> dict[str, Any]:
    """A person who passes every rule on 2025-03-15 (an AEA designee too when ``aea``)."""
    orders = [
        {
            "id": "R1",
            "basis": "ina_240",
            "issued_on": "2024-11-20",
            "final": True,
            "countries": [citizenship],
        },
    ]
    if aea:
        orders.append(
            {
                "id": "R2",
                "basis": "aea",
                "issued_on": "2025-03-14",
                "final": True,
                "countries": ["SV"],
            }
        )
    record = {
        "person_id": person_id,
        "a_number": "A2" + str(zlib.crc32(person_id.encode()) % 10**8).zfill(8),
        "family_name": f"Family {person_id}",
        "given_names": f"Given {person_id}",
        "birth_date": "1990-04-02",
        "sex": "M",
        "languages": ["es"],
        "citizenships": [citizenship],
        "us_status": "undocumented",
        "convictions": [
            {
                "id": "C1",
                "offense": "Robbery",
                "jurisdiction": "US-TX",
                "convicted_on": "2021-05-03",
                "final": True,
                "sentence": {"start_on": "2021-05-03", "days": 3650},
            }
        ],
        "removal_orders": orders,
        "notices": [
            {
                "id": "N1",
                "served_on": "2025-03-01",
                "language": "es",
                "explains_how_to_contest": True,
            }
        ],
        "medical_assessments": [{"id": "M1", "assessed_on": "2025-03-10", "fit_to_travel": True}],
    }
    record.update(extra)
    return record


@dataclass
class World:
    """A migrated database with the default agreement, and the steps up to custody."""

    db: Any
    tmp_path: Path
    cases: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        terms_services.register_agreement(
            self.db.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="test"
        )

    def import_people(self, people: list[dict[str, Any]]) -> None:
        path = self.tmp_path / f"people-{len(self.cases)}-{len(people)}.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
        records_services.import_people(self.db.uow(), path)

    def accepted(
        self, people: list[dict[str, Any]], when: str = "2025-03-15T09:00:00-04:00"
    ) -> list[str]:
        """Import people and take each case to ``accepted``; returns the case ids."""
        self.import_people(people)
        ids = []
        for record in people:
            pid = record["person_id"]
            case = case_services.open_case(self.db.uow(), pid, CASE_OFFICER, at=at(when))
            case_services.nominate(self.db.uow(), case.case_id, CASE_OFFICER, at=at(when))
            case_services.accept(self.db.uow(), case.case_id, RECEIVING, at=at(when))
            self.cases[pid] = case.case_id
            ids.append(case.case_id)
        return ids

    def record_hold(self, hold: dict[str, Any]) -> None:
        case_holds.record_hold(self.db.uow(), hold, LEGAL)

    def flight(self, case_ids: list[str], *, seats: int = 10, number: str = "GTI-1001") -> str:
        movement_id = services.create_movement(
            self.db.uow(),
            number=number,
            mode="flight",
            origin="Harlingen, TX (HRL)",
            facility_id="CECOT",
            scheduled_departure=at("2025-03-15T19:00:00-04:00"),
            seats=seats,
            actor=TRANSPORT,
            time_zone="America/Chicago",
        )
        services.add_cases(
            self.db.uow(),
            movement_id=movement_id,
            case_ids=case_ids,
            at=at("2025-03-15T12:00:00-04:00"),
            actor=TRANSPORT,
        )
        return movement_id

    def in_custody(
        self, people: list[dict[str, Any]], *, handed_at: str = "2025-03-16T01:30:00-06:00"
    ) -> str:
        """Take people all the way to custody at CECOT; returns the movement id."""
        movement_id = self.flight(self.accepted(people))
        services.lock_manifest(
            self.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-15T18:00:00-04:00"),
            actor=TRANSPORT,
        )
        services.dispatch(
            self.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-15T19:16:00-04:00"),
            actor=TRANSPORT,
        )
        services.arrive(
            self.db.uow(),
            movement_id=movement_id,
            at=at("2025-03-16T01:00:00-06:00"),
            actor=RECEIVING,
        )
        for side, actor in ((Side.TRANSPORT, TRANSPORT), (Side.RECEIVING, RECEIVING)):
            handover.confirm_handover(
                self.db.uow(),
                movement_id=movement_id,
                side=side,
                headcount=len(people),
                at=at(handed_at),
                actor=actor,
            )
        return movement_id

    def leaves(self, event_type: str) -> int:
        with self.db.engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count())
                    .select_from(ledger_leaves)
                    .where(ledger_leaves.c.event_type == event_type)
                ).scalar_one()
            )
