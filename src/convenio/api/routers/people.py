"""``/api/v1/people``: records (list, read, import) and their screening and decisions.

What a caller sees of a person is decided by ``access.redact_person``; every read of person
records by a monitor is recorded on the ledger.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.instants import as_of_instant
from convenio.api.schemas.people import (
    DecisionRead,
    ExplanationRead,
    ImportRead,
    PersonRead,
    PersonSummaryPage,
    PersonSummaryRead,
    ScreeningCreate,
    ScreeningRead,
)
from convenio.bootstrap import Services
from convenio.cases import public as cases
from convenio.eligibility import public as eligibility
from convenio.http.auth import actor_allowed, record_read
from convenio.legal import public as legal
from convenio.records import public as records
from convenio.records import services as records_services
from convenio.shared.actor import Actor
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.terms import services as terms_services

router = APIRouter(prefix="/people", tags=["people"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.PEOPLE_READ))]
Importer = Annotated[Actor, Depends(actor_allowed(access.Action.PEOPLE_IMPORT))]
DecisionReader = Annotated[Actor, Depends(actor_allowed(access.Action.DECISION_READ))]
Screener = Annotated[Actor, Depends(actor_allowed(access.Action.SCREEN_RUN))]
MAX_IMPORT_BYTES = 64 * 1024 * 1024
_ALL = 1_000_000
_SUMMARY_FIELDS = (
    "person_id",
    "family_name",
    "given_names",
    "birth_date",
    "a_number",
    "citizenships",
    "us_status",
)
Search = Annotated[str | None, Query(max_length=100, description="Part of an id or name.")]
AsOf = Annotated[str | None, Query(max_length=40, description="Instant or date; now if absent.")]

_IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        "description": "A people file: JSON Lines of INTERCHANGE.md.",
    }
}


@router.get("", response_model=PersonSummaryPage)
def list_people(
    request: Request, actor: Reader, services: ServicesDep, page: Paging, search: Search = None
) -> PersonSummaryPage:
    """A page of people, by id; ``search`` matches part of an id, an A-number or a name.

    The receiving state sees only the people whose case was put to it.
    """
    scoped = _scope(services, actor)
    if scoped is None:
        with services.uow() as uow:
            summaries, total = records.list_people(
                uow.session, offset=page.offset, limit=page.limit, search=search
            )
        items = [_summary(actor, _fields(s)) for s in summaries]
    else:
        people = [p for p in (_person_or_none(services, i) for i in scoped) if p is not None]
        matching = [p for p in people if _matches(p, search)]
        items = [_summary(actor, p) for p in page.slice(matching)]
        total = len(matching)
    record_read(request, actor, "person", [item.person_id for item in items])
    return PersonSummaryPage(items=items, total=total, offset=page.offset, limit=page.limit)


@router.get("/{person_id}", response_model=PersonRead)
def get_person(
    person_id: str, request: Request, actor: Reader, services: ServicesDep
) -> dict[str, Any]:
    """A person in the interchange form, as much of it as the caller's party may see."""
    person = _person(services, person_id, actor)
    record_read(request, actor, "person", [person_id])
    return access.redact_person(actor, person)


@router.post("/imports", response_model=ImportRead, status_code=201, openapi_extra=_IMPORT_BODY)
async def import_people(
    request: Request,
    actor: Importer,
    services: ServicesDep,
    _key: IdempotencyKey,
    skip_bad: Annotated[bool, Query(description="Import the good lines, skip bad ones.")] = False,
) -> ImportRead:
    """Import a people file (JSON Lines): create, update or leave each person unchanged."""
    body = await request.body()
    if len(body) > MAX_IMPORT_BYTES:
        raise InvalidInputError("the people file is larger than 64 MiB; split it", field="body")
    result = await run_in_threadpool(_import, services, body, actor, skip_bad)
    return ImportRead(
        file_sha256=result.file_sha256,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        skipped=result.skipped,
        errors=[{"line": e.line, "field": e.field, "message": e.message} for e in result.errors],
        errors_omitted=result.errors_omitted,
    )


def _import(services: Services, body: bytes, actor: Actor, skip_bad: bool) -> records.ImportResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.jsonl"
        path.write_bytes(body)
        return records_services.import_people(
            services.uow(), path, skip_bad=skip_bad, actor=actor.id, party=actor.party
        )


@router.get("/{person_id}/decision", response_model=DecisionRead)
def latest_decision(person_id: str, actor: DecisionReader, services: ServicesDep) -> DecisionRead:
    """The latest stored decision for a person."""
    _person(services, person_id, actor)
    with services.uow() as uow:
        stored = eligibility.latest_decision(uow.session, person_id)
    if stored is None:
        raise NotFoundError(f"no decision is stored for person {person_id!r}; screen them first")
    return DecisionRead(
        person_id=stored.person_id,
        decision=str(stored.decision),
        category=stored.category,
        as_of=stored.as_of_text,
        reasons=[r.to_json() for r in stored.reasons],
        decision_id=stored.decision_id,
    )


@router.get("/{person_id}/explanation", response_model=ExplanationRead)
def explanation(
    person_id: str,
    request: Request,
    actor: DecisionReader,
    services: ServicesDep,
    as_of: AsOf = None,
) -> ExplanationRead:
    """Every rule for the person: applies or not, its facts, parameters and reference."""
    instant = as_of_instant(as_of, services)
    person = _person(services, person_id, actor)
    with services.uow() as uow:
        holds = legal.list_holds(uow.session)
    agreement = terms_services.current_agreement(services.uow())
    explained = eligibility.explain(person, holds, agreement, instant).to_json()
    if access.visible_fields(actor, access.Resource.PERSON) != access.ALL_FIELDS:
        for rule in explained["rules"]:  # type: ignore[union-attr]
            rule["facts"] = None  # type: ignore[index]
    record_read(request, actor, "person", [person_id])
    return ExplanationRead.model_validate(explained)


@router.post("/{person_id}/decisions", response_model=DecisionRead, status_code=201)
def decide(
    person_id: str,
    body: ScreeningCreate,
    actor: Screener,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> DecisionRead:
    """Screen one person now (or as of an instant) and store the decision."""
    instant = as_of_instant(body.as_of, services)
    person = _person(services, person_id, actor)
    with services.uow() as uow:
        holds = legal.list_holds(uow.session)
    agreement = terms_services.current_agreement(services.uow())
    decision, decision_id = eligibility.decide_and_store(
        services.uow(), person, holds, agreement=agreement, as_of=instant, actor=actor.id
    )
    return DecisionRead.model_validate({**decision.to_json(), "decision_id": decision_id})


screenings = APIRouter(prefix="/screenings", tags=["people"])


@screenings.post("", response_model=ScreeningRead, status_code=201)
def screen_everyone(
    body: ScreeningCreate, actor: Screener, services: ServicesDep, _key: IdempotencyKey
) -> ScreeningRead:
    """Screen every person on record and store each decision (one transaction)."""
    instant = as_of_instant(body.as_of, services)
    agreement = terms_services.current_agreement(services.uow())
    run = eligibility.screen_database(
        services.uow(),
        agreement=agreement,
        as_of=instant,
        holds_of=legal.list_holds,
        actor=actor.id,
    )
    return ScreeningRead(decided=len(run.decision_ids), by_decision=run.by_decision)


def _person(services: Services, person_id: str, actor: Actor) -> dict[str, Any]:
    scoped = _scope(services, actor)
    person = _person_or_none(services, person_id)
    if person is None or (scoped is not None and person_id not in scoped):
        raise NotFoundError(f"no person {person_id!r} is on record", person_id=person_id)
    return person


def _person_or_none(services: Services, person_id: str) -> dict[str, Any] | None:
    with services.uow() as uow:
        person = records.get_person(uow.session, person_id)
    return None if person is None else dict(person)


def _scope(services: Services, actor: Actor) -> list[str] | None:
    """The people a party limited to its cases may see (None: no such limit)."""
    if not access.sees_only_people_put_to_it(actor):
        return None
    with services.uow() as uow:
        every, _ = cases.list_cases(uow.session, limit=_ALL)
    return sorted({c.person_id for c in every if access.may_see_case(actor, c.state)})


def _matches(person: dict[str, Any], search: str | None) -> bool:
    if not search:
        return True
    text = " ".join(
        str(person.get(key) or "")
        for key in ("person_id", "a_number", "family_name", "given_names")
    )
    return search.strip().lower() in text.lower()


def _fields(summary: records.PersonSummary) -> dict[str, Any]:
    return {
        "person_id": summary.person_id,
        "family_name": summary.family_name,
        "given_names": summary.given_names,
        "birth_date": summary.birth_date,
        "a_number": summary.a_number,
        "citizenships": list(summary.citizenships),
        "us_status": summary.us_status,
    }


def _summary(actor: Actor, fields: dict[str, Any]) -> PersonSummaryRead:
    shown = access.redact_person(actor, {k: fields.get(k) for k in _SUMMARY_FIELDS})
    return PersonSummaryRead.model_validate({**shown, "person_id": fields["person_id"]})
