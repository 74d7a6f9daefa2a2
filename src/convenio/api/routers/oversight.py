"""``/api/v1``: the public locator, complaints, inspections, transparency reports, webhooks."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse, Response

from convenio.access import public as access
from convenio.api.deps import IdempotencyKey, Paging, ServicesDep
from convenio.api.schemas.oversight import (
    ComplaintAdvance,
    ComplaintCreate,
    ComplaintPage,
    ComplaintRead,
    CreatedRead,
    DeliveryPage,
    DeliveryRead,
    DeliveryRunRead,
    FindingRead,
    FindingUpdate,
    FollowCreate,
    InspectionCreate,
    InspectionPage,
    InspectionRead,
    LocatorAnswerRead,
    LocatorQuery,
    ReportCreate,
    ReportRead,
    StageClockRead,
    SubscriberCreate,
    SubscriberCreated,
    SubscriberPage,
    SubscriberRead,
)
from convenio.http.auth import actor_allowed, client_address, optional_actor, record_read
from convenio.oversight.adapters import http as webhook_http
from convenio.oversight.adapters.access_log import LocatorLogFilter, install_log_filter
from convenio.oversight.domain.complaints import ComplaintStage
from convenio.oversight.domain.locator import parse_query
from convenio.oversight.domain.report import TransparencyReport, period_of, to_csv
from convenio.oversight.services import (
    complaints,
    inspections,
    locator,
    subscribers,
    transparency,
    webhooks,
)
from convenio.shared.actor import Actor

router = APIRouter(tags=["oversight"])
__all__ = ["LocatorLogFilter", "install_log_filter", "router"]


async def anyone(request: Request) -> Actor | None:
    """The public locator's caller: anyone, signed in or not.

    No CSRF check: the question changes nothing, and a JSON body cannot be sent across sites
    without the browser asking first.
    """
    return await optional_actor(request)


anyone.action = access.Action.LOCATOR_READ  # type: ignore[attr-defined]  # permission matrix

Anyone = Annotated[Actor | None, Depends(anyone)]
Reader = Annotated[Actor, Depends(actor_allowed(access.Action.REPORT_READ))]
Inspector = Annotated[Actor, Depends(actor_allowed(access.Action.OVERSIGHT_INSPECT))]
ComplaintHandler = Annotated[Actor, Depends(actor_allowed(access.Action.COMPLAINT_MANAGE))]


def _locate(request: Request, services: ServicesDep, fields: LocatorQuery) -> LocatorAnswerRead:
    query = parse_query(fields.model_dump())
    secret = services.settings.secret_key.get_secret_value().encode()
    answer = locator.locate(services.uow(), query, client=client_address(request), secret=secret)
    return LocatorAnswerRead(answer=answer.kind.value, facility=answer.facility, on=answer.on)


@router.get("/locator", response_model=LocatorAnswerRead, tags=["locator"])
def locate_get(
    request: Request, _: Anyone, services: ServicesDep, fields: Annotated[LocatorQuery, Query()]
) -> LocatorAnswerRead:
    """Public, exact: held at FACILITY since DATE, released or returned on DATE, or no record.

    Rate-limited per client (429 with ``Retry-After``); wildcards and partial names are 422.
    """
    return _locate(request, services, fields)


@router.post("/locator", response_model=LocatorAnswerRead, tags=["locator"])
def locate_post(
    request: Request, _: Anyone, services: ServicesDep, fields: LocatorQuery
) -> LocatorAnswerRead:
    """The same question in a JSON body (keeps it out of addresses and logs)."""
    return _locate(request, services, fields)


def _complaint(view: complaints.ComplaintView) -> ComplaintRead:
    clocks = [
        StageClockRead(
            stage=str(c.stage),
            entered_at=c.entered_at,
            left_at=c.left_at,
            elapsed_seconds=int(c.elapsed.total_seconds()),
            overdue=c.overdue,
        )
        for c in view.clocks
    ]
    return ComplaintRead(
        id=view.id,
        person_id=view.person_id,
        facility_id=view.facility_id,
        filed_by=view.filed_by,
        filed_by_kind=view.filed_by_kind,
        subject=view.subject,
        body=view.body,
        filed_at=view.filed_at,
        stage=str(view.stage),
        overdue=view.overdue,
        clocks=clocks,
    )


@router.get("/complaints", response_model=ComplaintPage)
def list_complaints(
    request: Request,
    actor: ComplaintHandler,
    services: ServicesDep,
    page: Paging,
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> ComplaintPage:
    """Complaints, newest first, with the clock of each stage and whether it is overdue."""
    with services.uow() as uow:
        every = complaints.list_complaints(uow.session, services.clock.now(), open_only=open_only)
    items = [_complaint(v) for v in page.slice(every)]
    record_read(request, actor, "complaint", [item.id for item in items])
    return ComplaintPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.post("/complaints", response_model=CreatedRead, status_code=201)
def file_complaint(
    body: ComplaintCreate, actor: ComplaintHandler, services: ServicesDep, _key: IdempotencyKey
) -> CreatedRead:
    """File a complaint by or for a person in custody (stage ``filed``)."""
    command = complaints.FileComplaint(**body.model_dump())
    return CreatedRead(id=complaints.file_complaint(services.uow(), command, actor))


@router.post("/complaints/{complaint_id}/stages", status_code=204)
def advance_complaint(
    complaint_id: str,
    body: ComplaintAdvance,
    actor: ComplaintHandler,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> Response:
    """Move a complaint to its next stage (acknowledged → investigated → resolved)."""
    stage = ComplaintStage(body.stage)
    complaints.advance_complaint(services.uow(), complaint_id, stage, body.note, actor)
    return Response(status_code=204)


@router.get("/inspections", response_model=InspectionPage)
def list_inspections(
    request: Request, actor: Reader, services: ServicesDep, page: Paging
) -> InspectionPage:
    """Inspection visits, newest first, with each finding's follow-up status."""
    with services.uow() as uow:
        every = inspections.list_inspections(uow.session)
    items = [
        InspectionRead(
            id=v.id,
            facility_id=v.facility_id,
            visited_on=v.visited_on,
            inspector=v.inspector,
            summary=v.summary,
            findings=[FindingRead.model_validate(f) for f in v.findings],
        )
        for v in page.slice(every)
    ]
    record_read(request, actor, "inspection", [item.id for item in items])
    return InspectionPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.post("/inspections", response_model=CreatedRead, status_code=201)
def record_inspection(
    body: InspectionCreate, actor: Inspector, services: ServicesDep, _key: IdempotencyKey
) -> CreatedRead:
    """Record a visit with its findings and the follow-up actions asked for."""
    command = inspections.RecordInspection(
        facility_id=body.facility_id,
        visited_on=body.visited_on,
        inspector=body.inspector,
        summary=body.summary,
        findings=tuple(inspections.Finding(**f.model_dump()) for f in body.findings),
    )
    return CreatedRead(id=inspections.record_inspection(services.uow(), command, actor))


@router.post("/findings/{finding_id}/updates", status_code=204)
def update_finding(
    finding_id: str,
    body: FindingUpdate,
    actor: Inspector,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> Response:
    """Record progress on a finding's follow-up action."""
    inspections.update_finding(services.uow(), finding_id, body.status, body.note, actor)
    return Response(status_code=204)


def _report(report: TransparencyReport) -> ReportRead:
    return ReportRead(
        period_start=report.period_start,
        period_end=report.period_end,
        computed_at=report.computed_at,
        ledger_size=report.ledger.size,
        ledger_root=report.ledger.root_hex,
        digest=report.digest,
        sections=report.sections,
    )


@router.post("/reports", response_model=ReportRead, status_code=201)
def compute_report(
    body: ReportCreate, _: Inspector, services: ServicesDep, _key: IdempotencyKey
) -> ReportRead:
    """Compute and store the transparency report of a month or a range of days."""
    start, end = period_of(body.month, body.start, body.end)
    return _report(transparency.compute_report(services.uow(), start, end))


@router.get("/reports/latest", response_model=ReportRead)
def latest_report(_: Reader, services: ServicesDep) -> ReportRead:
    """The most recently computed report (no personal data; cells under 5 suppressed)."""
    with services.uow() as uow:
        return _report(transparency.latest_report(uow.session))


CSV_RESPONSE: Final[dict[int | str, dict[str, Any]]] = {
    200: {
        "description": "The report as CSV.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get("/reports/latest.csv", response_model=None, responses=CSV_RESPONSE)
def latest_report_csv(_: Reader, services: ServicesDep) -> PlainTextResponse:
    """The latest report as CSV: section, label, value (and the ledger head)."""
    with services.uow() as uow:
        report = transparency.latest_report(uow.session)
    return PlainTextResponse(to_csv(report), media_type="text/csv; charset=utf-8")


@router.get("/subscribers", response_model=SubscriberPage)
def list_subscribers(
    request: Request, actor: Inspector, services: ServicesDep, page: Paging
) -> SubscriberPage:
    """Webhook subscribers and the people each follows (secrets are never shown again)."""
    with services.uow() as uow:
        every = subscribers.list_subscribers(uow.session)
    items = [SubscriberRead.model_validate(s) for s in page.slice(every)]
    record_read(request, actor, "webhook_follows", sorted({p for s in items for p in s.follows}))
    return SubscriberPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.post("/subscribers", response_model=SubscriberCreated, status_code=201)
def register_subscriber(
    body: SubscriberCreate, actor: Inspector, services: ServicesDep, _key: IdempotencyKey
) -> SubscriberCreated:
    """Register a subscriber; its signing secret is in this answer only."""
    created = webhooks.register_subscriber(
        services.uow(), name=body.name, kind=body.kind, url=body.url, actor=actor
    )
    return SubscriberCreated(id=created.id, secret=created.secret)


@router.post("/subscribers/{subscriber_id}/follows", status_code=204)
def follow(
    subscriber_id: str,
    body: FollowCreate,
    actor: Inspector,
    services: ServicesDep,
    _key: IdempotencyKey,
) -> Response:
    """Send the subscriber the case transitions of a person."""
    webhooks.follow(services.uow(), subscriber_id, body.person_id, actor)
    return Response(status_code=204)


@router.get("/deliveries", response_model=DeliveryPage)
def list_deliveries(_: Inspector, services: ServicesDep, page: Paging) -> DeliveryPage:
    """The delivery log, newest first."""
    with services.uow() as uow:
        every = webhooks.list_deliveries(uow.session, limit=page.offset + page.limit)
    items = [DeliveryRead.model_validate(d) for d in page.slice(every)]
    return DeliveryPage(items=items, total=len(every), offset=page.offset, limit=page.limit)


@router.post("/deliveries/run", response_model=DeliveryRunRead)
def run_deliveries(_: Inspector, services: ServicesDep, _key: IdempotencyKey) -> DeliveryRunRead:
    """Queue notifications for new case transitions, then send those that are due."""
    queued = webhooks.enqueue_from_ledger(services.uow())
    succeeded, failed = webhooks.deliver_due(services.uow(), webhook_http.send)
    return DeliveryRunRead(queued=queued, succeeded=succeeded, failed=failed)
