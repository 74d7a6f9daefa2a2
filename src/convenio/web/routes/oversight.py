"""Monitor pages: alerts, complaints with their clocks, inspections, reports and webhooks.

Monitors read every record; each page a monitor opens is itself recorded on the ledger.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from convenio.access import public as access
from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.oversight.adapters import http as webhook_http
from convenio.oversight.domain.complaints import STAGE_LIMITS, ComplaintStage
from convenio.oversight.domain.report import bar_chart, period_of, to_csv, to_html
from convenio.oversight.services import complaints, inspections, subscribers, transparency, webhooks
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
Text = Annotated[str, Form(max_length=20000)]
Short = Annotated[str, Form(max_length=200)]


def _recorded(view: View, resource: str, ids: list[str]) -> None:
    """Record a monitor's read of these records (others' reads are not recorded here)."""
    if access.is_monitor(view.actor) and view.actor is not None and ids:
        access.record_monitor_read(view.request.app.state.services.uow(), view.actor, resource, ids)


def _services(view: View) -> Any:
    return view.request.app.state.services


@router.get("/oversight")
def alerts_page(view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT))) -> Response:
    """Deaths, incidents, custody alerts and cases flagged for return: everything at once."""
    with _services(view).uow() as uow:
        deaths = list(reversed(custody.list_deaths(uow.session)))
        incidents = list(reversed(custody.list_incidents(uow.session)))
        alerts = list(reversed(custody.list_alerts(uow.session)))
        returns = list(reversed(cases.open_alerts(uow.session)))
    context = {"deaths": deaths, "incidents": incidents, "alerts": alerts, "returns": returns}
    response = render(view, "oversight/alerts.html", context)
    people = {str(r.get("person_id")) for r in (*deaths, *alerts, *returns) if r.get("person_id")}
    _recorded(view, "oversight_alerts", sorted(people))
    return response


@router.get("/oversight/complaints")
def complaints_page(
    view: View = Depends(allowed(access.Action.COMPLAINT_MANAGE)),
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> Response:
    """Complaints with the clock of each stage and overdue flags; file and advance them."""
    services = _services(view)
    with services.uow() as uow:
        rows = complaints.list_complaints(uow.session, services.clock.now(), open_only=open_only)
    limits = {str(stage): limit.days for stage, limit in STAGE_LIMITS.items()}
    context = {
        "rows": rows,
        "open_only": open_only,
        "limits": limits,
        "kinds": complaints.FILER_KINDS,
    }
    response = render(view, "oversight/complaints.html", context)
    _recorded(view, "complaint", [row.id for row in rows])
    return response


@router.post("/oversight/complaints")
def file_complaint(
    person_id: Short,
    filed_by: Short,
    filed_by_kind: Short,
    subject: Short,
    body: Text,
    facility_id: Short = "",
    view: View = Depends(allowed(access.Action.COMPLAINT_MANAGE)),
) -> Response:
    """File a complaint by or for a person in custody."""
    assert view.actor is not None
    command = complaints.FileComplaint(
        person_id=person_id.strip(),
        facility_id=facility_id.strip() or None,
        filed_by=filed_by,
        filed_by_kind=filed_by_kind,
        subject=subject,
        body=body,
    )
    complaints.file_complaint(_services(view).uow(), command, view.actor)
    return RedirectResponse("/oversight/complaints?done=filed", status_code=303)


@router.post("/oversight/complaints/{complaint_id}/advance")
def advance_complaint(
    complaint_id: str,
    stage: Short,
    note: Text = "",
    view: View = Depends(allowed(access.Action.COMPLAINT_MANAGE)),
) -> Response:
    """Move a complaint to its next stage with a note."""
    assert view.actor is not None
    try:
        wanted = ComplaintStage(stage)
    except ValueError:
        raise InvalidInputError(f"stage: {stage!r} is not a stage", field="stage") from None
    complaints.advance_complaint(_services(view).uow(), complaint_id, wanted, note, view.actor)
    return RedirectResponse("/oversight/complaints?done=advanced", status_code=303)


@router.get("/oversight/inspections")
def inspections_page(view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT))) -> Response:
    """Inspection visits, their findings and the follow-up of each."""
    with _services(view).uow() as uow:
        rows = inspections.list_inspections(uow.session)
    context = {
        "rows": rows,
        "severities": inspections.SEVERITIES,
        "statuses": inspections.ACTION_STATUSES,
    }
    response = render(view, "oversight/inspections.html", context)
    _recorded(view, "inspection", [row.id for row in rows])
    return response


@router.post("/oversight/inspections")
def record_inspection(
    facility_id: Short,
    visited_on: Annotated[date, Form()],
    inspector: Short,
    summary: Text,
    severity: Short = "",
    finding: Text = "",
    action: Text = "",
    view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT)),
) -> Response:
    """Record a visit (with one finding when its text is given)."""
    assert view.actor is not None
    findings: tuple[inspections.Finding, ...] = ()
    if finding.strip():
        findings = (inspections.Finding(severity=severity, text=finding, action=action),)
    command = inspections.RecordInspection(
        facility_id=facility_id,
        visited_on=visited_on,
        inspector=inspector,
        summary=summary,
        findings=findings,
    )
    inspections.record_inspection(_services(view).uow(), command, view.actor)
    return RedirectResponse("/oversight/inspections?done=recorded", status_code=303)


@router.post("/oversight/findings/{finding_id}")
def update_finding(
    finding_id: str,
    status: Short,
    note: Text = "",
    view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT)),
) -> Response:
    """Record progress on a finding's follow-up action."""
    assert view.actor is not None
    inspections.update_finding(_services(view).uow(), finding_id, status, note, view.actor)
    return RedirectResponse("/oversight/inspections?done=updated", status_code=303)


@router.get("/oversight/reports")
def reports_page(view: View = Depends(allowed(access.Action.REPORT_READ))) -> Response:
    """The latest transparency report with its charts, and the form to compute one."""
    with _services(view).uow() as uow:
        try:
            report = transparency.latest_report(uow.session)
        except NotFoundError:
            report = None
    charts = {k: bar_chart(v) for k, v in report.sections.items()} if report else {}
    return render(view, "oversight/reports.html", {"report": report, "charts": charts})


@router.post("/oversight/reports")
def compute_report(
    month: Annotated[str, Form(max_length=7)] = "",
    start: Annotated[str, Form(max_length=10)] = "",
    end: Annotated[str, Form(max_length=10)] = "",
    view: View = Depends(allowed(access.Action.REPORT_READ)),
) -> Response:
    """Compute the report of a month or of a range of days."""
    try:
        first = date.fromisoformat(start) if start else None
        last = date.fromisoformat(end) if end else None
    except ValueError:
        raise InvalidInputError("start/end: write days as YYYY-MM-DD", field="start") from None
    transparency.compute_report(_services(view).uow(), *period_of(month or None, first, last))
    return RedirectResponse("/oversight/reports?done=computed", status_code=303)


@router.get("/oversight/reports/latest.csv")
def report_csv(view: View = Depends(allowed(access.Action.REPORT_READ))) -> Response:
    """The latest report as CSV."""
    with _services(view).uow() as uow:
        report = transparency.latest_report(uow.session)
    name = f"transparency-{report.period_start}-{report.period_end}.csv"
    return PlainTextResponse(
        to_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/oversight/reports/latest.html")
def report_html(view: View = Depends(allowed(access.Action.REPORT_READ))) -> Response:
    """The latest report as a self-contained printable page."""
    with _services(view).uow() as uow:
        report = transparency.latest_report(uow.session)
    return HTMLResponse(to_html(report, spanish=view.language == "es"))


@router.get("/oversight/webhooks")
def webhooks_page(
    view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT)),
) -> Response:
    """Subscribers, whom they follow, and the delivery log."""
    context = _webhooks_context(view)
    response = render(view, "oversight/webhooks.html", context)
    followed = sorted({p for s in context["subscribers"] for p in s.follows})
    _recorded(view, "webhook_follows", followed)
    return response


def _webhooks_context(view: View, **extra: object) -> dict[str, Any]:
    with _services(view).uow() as uow:
        every = subscribers.list_subscribers(uow.session)
        deliveries = webhooks.list_deliveries(uow.session)
    return {
        "subscribers": every,
        "deliveries": deliveries,
        "kinds": webhooks.SUBSCRIBER_KINDS,
        **extra,
    }


@router.post("/oversight/webhooks")
def register_subscriber(
    name: Short,
    kind: Short,
    url: Annotated[str, Form(max_length=2000)],
    view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT)),
) -> Response:
    """Register a subscriber; its signing secret is shown on this page once."""
    assert view.actor is not None
    created = webhooks.register_subscriber(
        _services(view).uow(), name=name, kind=kind, url=url, actor=view.actor
    )
    return render(view, "oversight/webhooks.html", _webhooks_context(view, created=created))


@router.post("/oversight/webhooks/{subscriber_id}/follow")
def follow(
    subscriber_id: str,
    person_id: Short,
    view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT)),
) -> Response:
    """Send a subscriber the case transitions of a person."""
    assert view.actor is not None
    webhooks.follow(_services(view).uow(), subscriber_id, person_id.strip(), view.actor)
    return RedirectResponse("/oversight/webhooks?done=followed", status_code=303)


@router.post("/oversight/webhooks/run")
def run_deliveries(view: View = Depends(allowed(access.Action.OVERSIGHT_INSPECT))) -> Response:
    """Queue notifications for new case transitions and send those that are due."""
    services = _services(view)
    queued = webhooks.enqueue_from_ledger(services.uow())
    succeeded, failed = webhooks.deliver_due(services.uow(), webhook_http.send)
    message = view.gettext("Queued %(num)s; delivered %(ok)s; failed %(failed)s (retried later).")
    flash = message % {"num": queued, "ok": succeeded, "failed": failed}
    context = _webhooks_context(view, flashes=[("ok", flash)])
    return render(view, "oversight/webhooks.html", context)
