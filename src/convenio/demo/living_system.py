"""A living system for the demo: people screened, accepted, flown, handed over and held.

``seed_living_system(services, say)`` imports a synthetic population when the records are
empty, opens and screens cases for people eligible on 28 March 2025, nominates and accepts
them, flies them on one movement (lock, dispatch, arrival, handover with both confirmations)
and then records some months of custody: consular notifications, welfare visits, a move
between units, an incident, a release by decision and a repatriation. It does nothing when a
movement already exists (safe to run twice).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from convenio.bootstrap import Services
from convenio.cases import public as cases
from convenio.cases import services as case_services
from convenio.custody import public as custody
from convenio.custody import services as custody_services
from convenio.demo.population import write_population
from convenio.eligibility import public as eligibility
from convenio.legal import public as legal
from convenio.movements import handover
from convenio.movements import public as movements
from convenio.movements import services as transport
from convenio.records import public as records
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import Instant, parse_instant
from convenio.shared.errors import DomainError

Say = Callable[[str], None]

FLIGHT_SIZE = 36
SCREENED_AT = "2025-03-28T08:00:00-05:00"
CASE_OFFICER = Actor(
    id="us-case-officer",
    party="US",
    party_kind=PartyKind.SENDING,
    roles=frozenset({Role.CASE_OFFICER}),
)
TRANSPORT = Actor(
    id="us-transport",
    party="US",
    party_kind=PartyKind.SENDING,
    roles=frozenset({Role.TRANSPORT_COORDINATOR}),
)
RECEIVING = Actor(
    id="sv-receiving-officer",
    party="SV",
    party_kind=PartyKind.RECEIVING,
    roles=frozenset({Role.RECEIVING_OFFICER}),
)


def _at(text: str) -> Instant:
    return parse_instant(text)


def _ensure_population(services: Services, say: Say) -> None:
    with services.uow() as uow:
        if records.count_people(uow.session) > 0:
            return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.jsonl"
        write_population(path, size=600, seed=2025)
        result = records_services.import_people(services.uow(), path, actor="demo")
    say(f"population imported: {result.created} people")


def _eligible(people: list[dict[str, Any]], holds: Any, agreement: Any, at: Instant) -> list[str]:
    """Ids of the people eligible at ``at`` (one by one when the batch cannot be screened)."""
    try:
        decisions = eligibility.screen_people(people, holds, agreement, at)
    except DomainError:
        decisions = []
        for person in people:
            try:
                decisions.append(eligibility.decide(person, holds, agreement, at))
            except DomainError:
                continue
    return [d.person_id for d in decisions if str(d.decision) == "eligible"]


def _candidates(services: Services) -> list[str]:
    """People eligible at the screening instant who have no case yet."""
    at = _at(SCREENED_AT)
    with services.uow() as uow:
        agreement = custody.agreement_in_force(uow.session)
        people = list(records.iter_people(uow.session))
        holds = legal.active_holds(uow.session, at.utc)
        chosen = []
        for person_id in _eligible(people, holds, agreement, at):
            if not cases.cases_for_person(uow.session, person_id):
                chosen.append(person_id)
            if len(chosen) == FLIGHT_SIZE:
                break
    return chosen


def _accept(services: Services, person_ids: list[str]) -> list[str]:
    at = _at(SCREENED_AT)
    accepted = []
    for person_id in person_ids:
        try:
            case = case_services.open_case(services.uow(), person_id, CASE_OFFICER, at=at)
            case_services.nominate(services.uow(), case.case_id, CASE_OFFICER, at=at)
            case_services.accept(services.uow(), case.case_id, RECEIVING, at=at)
        except DomainError:
            continue
        accepted.append(case.case_id)
    return accepted


def _fly(services: Services, case_ids: list[str], say: Say) -> str:
    """One flight: create, manifest, lock, dispatch (again if someone is taken off), arrive."""
    movement_id = transport.create_movement(
        services.uow(),
        number="GTI-1525",
        mode="flight",
        origin="Harlingen, TX (HRL)",
        facility_id="CECOT",
        scheduled_departure=_at("2025-03-28T10:00:00-05:00"),
        seats=len(case_ids),
        actor=TRANSPORT,
        time_zone="America/Chicago",
    )
    transport.add_cases(
        services.uow(),
        movement_id=movement_id,
        case_ids=case_ids,
        at=_at("2025-03-28T08:30:00-05:00"),
        actor=TRANSPORT,
    )
    transport.lock_manifest(
        services.uow(),
        movement_id=movement_id,
        at=_at("2025-03-28T09:00:00-05:00"),
        actor=TRANSPORT,
    )
    try:
        transport.dispatch(
            services.uow(),
            movement_id=movement_id,
            at=_at("2025-03-28T10:05:00-05:00"),
            actor=TRANSPORT,
        )
    except movements.DispatchRefusedError as refused:
        say(f"dispatch refused at 10:05: {refused.message}")
        transport.dispatch(
            services.uow(),
            movement_id=movement_id,
            at=_at("2025-03-28T10:20:00-05:00"),
            actor=TRANSPORT,
        )
    transport.arrive(
        services.uow(),
        movement_id=movement_id,
        at=_at("2025-03-28T13:40:00-06:00"),
        actor=RECEIVING,
    )
    return movement_id


def _hand_over(services: Services, movement_id: str) -> list[str]:
    """Both sides confirm with the full headcount; two people arrive with noted injuries."""
    with services.uow() as uow:
        on_board = [
            p["person_id"] for p in movements.get_movement(uow.session, movement_id)["on_board"]
        ]
    intake: dict[str, dict[str, Any]] = {
        person_id: {
            "property": ["clothing", "wallet"],
            "next_of_kin": [{"name": "declared at intake", "relation": "family"}],
        }
        for person_id in on_board
    }
    for person_id in on_board[:2]:
        intake[person_id]["visible_injuries"] = "bruising on both wrists (restraints)"
        intake[person_id]["complaints"] = "reports rough handling during the flight"
    at = _at("2025-03-28T14:15:00-06:00")
    handover.confirm_handover(
        services.uow(),
        movement_id=movement_id,
        side=movements.Side.TRANSPORT,
        headcount=len(on_board),
        at=at,
        actor=TRANSPORT,
    )
    outcome = handover.confirm_handover(
        services.uow(),
        movement_id=movement_id,
        side=movements.Side.RECEIVING,
        headcount=len(on_board),
        at=at,
        actor=RECEIVING,
        intake=intake,
    )
    return list(outcome.handed_over)


def _months_of_custody(services: Services, held: list[str]) -> None:
    """Consular notices, monthly welfare visits, a move, an incident, two exits."""
    for person_id in held:
        with services.uow() as uow:
            location = custody.locate(uow.session, person_id)
            person = records.get_person(uow.session, person_id) or {}
        country = (person.get("citizenships") or [None])[0]
        if location is not None and country is not None:
            custody_services.record_consular_notification(
                services.uow(),
                person_id=person_id,
                country=country,
                consulate=f"Consulate of {country} in San Salvador",
                notified_on=date(2025, 3, 31),
                informed_of_right=True,
                actor=RECEIVING,
            )
    for month in (4, 5, 6, 7, 8):
        for person_id in held[2:6]:
            custody_services.record_visit(
                services.uow(),
                person_id=person_id,
                kind="welfare",
                visitor="ICRC delegation",
                at=_at(f"2025-{month:02d}-15T10:00:00-06:00").at,
                notes="seen in private",
                actor=RECEIVING,
            )
    custody_services.place(
        services.uow(),
        person_id=held[0],
        unit_id="P2",
        at=_at("2025-04-10T09:00:00-06:00").at,
        actor=RECEIVING,
    )
    custody_services.record_incident(
        services.uow(),
        facility_id="CECOT",
        kind="use_of_force",
        description="Restraint during a cell search; medical check afterwards",
        person_ids=held[1:2],
        at=_at("2025-04-22T16:30:00-06:00").at,
        actor=RECEIVING,
    )
    custody_services.release(
        services.uow(),
        person_id=held[-1],
        at=_at("2025-06-12T11:00:00-06:00").at,
        ground=custody.ReleaseGround.BY_DECISION,
        authority="decision of the sending state",
        actor=RECEIVING,
    )
    _repatriate_one(services, held[-2])


def _repatriate_one(services: Services, person_id: str) -> None:
    with services.uow() as uow:
        person = records.get_person(uow.session, person_id) or {}
    citizenships = person.get("citizenships") or []
    if citizenships:
        custody_services.repatriate(
            services.uow(),
            person_id=person_id,
            country=str(citizenships[0]),
            at=_at("2025-07-18T08:00:00-06:00").at,
            authority="repatriation agreed with the consulate",
            actor=RECEIVING,
        )


def seed_living_system(services: Services, say: Say) -> None:
    """Seed cases, one flight, a handover and months of custody (skipped if already seeded)."""
    with services.uow() as uow:
        if movements.list_movements(uow.session):
            say("living system already seeded")
            return
    _ensure_population(services, say)
    case_ids = _accept(services, _candidates(services))
    if not case_ids:
        say("nobody eligible to fly; living system not seeded")
        return
    say(f"{len(case_ids)} cases screened, nominated and accepted")
    movement_id = _fly(services, case_ids, say)
    held = _hand_over(services, movement_id)
    say(f"flight GTI-1525 dispatched and handed over: {len(held)} people in custody at CECOT")
    if len(held) >= 6:
        _months_of_custody(services, held)
    with services.uow() as uow:
        report = custody.occupancy(uow.session, on=date(2025, 8, 31))
    say(f"custody to date: {report.total} held at CECOT on 2025-08-31")
