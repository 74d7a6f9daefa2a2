"""``convenio oversight``: complaints, inspections, notifications, transparency reports."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from convenio.cli import context
from convenio.oversight.adapters import http as webhook_http
from convenio.oversight.domain.complaints import ComplaintStage
from convenio.oversight.domain.locator import AnswerKind, parse_query
from convenio.oversight.domain.report import period_of, to_csv, to_html
from convenio.oversight.services import complaints, inspections, locator, transparency, webhooks
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import parse_date
from convenio.shared.errors import InvalidInputError

app = typer.Typer(
    help="Oversight: complaints, inspections, webhooks and reports.", no_args_is_help=True
)

CLI_MONITOR = Actor(
    id="cli-monitor",
    party="MONITOR",
    party_kind=PartyKind.MONITOR,
    roles=frozenset({Role.MONITOR}),
    name="monitor (command line)",
)


@app.command("complain")
def complain(
    person_id: str = typer.Argument(..., help="The person the complaint is by or for."),
    subject: str = typer.Option(..., help="One line."),
    body: str = typer.Option(..., help="What happened."),
    filed_by: str = typer.Option(..., help="Who files it (name or office)."),
    kind: str = typer.Option("counsel", help="person, counsel, family, monitor, consulate, staff"),
    facility: str | None = typer.Option("CECOT", help="Facility concerned."),
) -> None:
    """File a complaint by or for a person in custody."""
    complaint_id = complaints.file_complaint(
        context.services().uow(),
        complaints.FileComplaint(
            person_id=person_id,
            facility_id=facility,
            filed_by=filed_by,
            filed_by_kind=kind,
            subject=subject,
            body=body,
        ),
        CLI_MONITOR,
    )
    context.console.print(f"complaint {complaint_id} filed")


@app.command("advance")
def advance(
    complaint_id: str = typer.Argument(...),
    stage: ComplaintStage = typer.Argument(..., help="acknowledged, investigated or resolved"),
    note: str = typer.Option("", help="The finding or resolution."),
) -> None:
    """Move a complaint to its next stage."""
    complaints.advance_complaint(context.services().uow(), complaint_id, stage, note, CLI_MONITOR)
    context.console.print(f"complaint {complaint_id} is {stage}")


@app.command("complaints")
def list_all(open_only: bool = typer.Option(False, "--open", help="Only unresolved ones.")) -> None:
    """Complaints with the clock of each stage."""
    services = context.services()
    with services.uow() as uow:
        views = complaints.list_complaints(uow.session, services.clock.now(), open_only=open_only)
    table = Table("id", "person", "subject", "stage", "in stage for", "overdue")
    for view in views:
        clock = view.clocks[-1]
        table.add_row(
            view.id,
            view.person_id,
            view.subject,
            str(view.stage),
            str(clock.elapsed).split(".")[0],
            "yes" if view.overdue else "",
        )
    context.console.print(table)


@app.command("inspect")
def inspect(
    facility: str = typer.Option("CECOT"),
    visited_on: str = typer.Option(..., help="Date of the visit, YYYY-MM-DD."),
    inspector: str = typer.Option(...),
    summary: str = typer.Option(...),
    finding: list[str] = typer.Option([], help="SEVERITY:finding text:action asked (repeatable)."),
) -> None:
    """Record an inspection visit with its findings."""
    parsed = []
    for index, text in enumerate(finding):
        parts = text.split(":", 2)
        if len(parts) != 3:
            raise InvalidInputError(f"--finding {index + 1}: write SEVERITY:text:action")
        parsed.append(inspections.Finding(severity=parts[0], text=parts[1], action=parts[2]))
    inspection_id = inspections.record_inspection(
        context.services().uow(),
        inspections.RecordInspection(
            facility_id=facility,
            visited_on=parse_date(visited_on, field="--visited-on"),
            inspector=inspector,
            summary=summary,
            findings=tuple(parsed),
        ),
        CLI_MONITOR,
    )
    context.console.print(f"inspection {inspection_id} recorded")


@app.command("subscribe")
def subscribe(
    name: str = typer.Option(...),
    kind: str = typer.Option(..., help="counsel, consulate or monitor"),
    url: str = typer.Option(..., help="Where to POST signed notifications."),
) -> None:
    """Register a webhook subscriber; prints its signing secret once."""
    created = webhooks.register_subscriber(
        context.services().uow(), name=name, kind=kind, url=url, actor=CLI_MONITOR
    )
    context.console.print(f"subscriber {created.id}\nsigning secret (shown once): {created.secret}")


@app.command("follow")
def follow(subscriber_id: str, person_id: str) -> None:
    """Send a subscriber the case transitions of a person."""
    webhooks.follow(context.services().uow(), subscriber_id, person_id, CLI_MONITOR)
    context.console.print(f"{subscriber_id} follows {person_id}")


@app.command("deliver")
def deliver() -> None:
    """Queue notifications for new case transitions, then send those that are due."""
    services = context.services()
    queued = webhooks.enqueue_from_ledger(services.uow())
    succeeded, failed = webhooks.deliver_due(services.uow(), webhook_http.send)
    context.console.print(f"queued {queued}; delivered {succeeded}; failed {failed} (will retry)")


@app.command("report")
def report(
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD."),
    month: str | None = typer.Option(None, help="A whole month, YYYY-MM (instead of the days)."),
    out: Path | None = typer.Option(None, help="Write the report to FILE.html or FILE.csv."),
    spanish: bool = typer.Option(False, "--es", help="The HTML in Spanish."),
) -> None:
    """Compute the transparency report of a period (cells under 5 suppressed)."""
    first = parse_date(start, field="--from") if start else None
    last = parse_date(end, field="--to") if end else None
    period = period_of(month, first, last)
    if out is not None and out.suffix not in (".html", ".csv"):
        raise InvalidInputError(f"--out: {out.name} must end in .html or .csv", field="--out")
    computed = transparency.compute_report(context.services().uow(), *period)
    if out is not None:
        text = to_csv(computed) if out.suffix == ".csv" else to_html(computed, spanish=spanish)
        out.write_text(text, encoding="utf-8")
    table = Table("section", "label", "value", title=f"{period[0]} – {period[1]}")
    for section, values in computed.sections.items():
        for label, value in values.items():
            table.add_row(section, label, str(value))
    context.console.print(table)
    context.console.print(
        f"ledger tree size {computed.ledger.size}, root {computed.ledger.root_hex}; "
        f"digest {computed.digest}" + (f"; written to {out}" if out else "")
    )


@app.command("locate")
def locate(
    a_number: str = typer.Option("", help="The A-number (exact)."),
    family_name: str = typer.Option(""),
    given_names: str = typer.Option(""),
    birth_date: str = typer.Option("", help="YYYY-MM-DD"),
    country: str = typer.Option("", help="Country of birth, ISO code."),
) -> None:
    """Ask the public locator, as the public would (counted and rate-limited)."""
    services = context.services()
    query = parse_query(
        {
            "a_number": a_number,
            "family_name": family_name,
            "given_names": given_names,
            "birth_date": birth_date,
            "country": country,
        }
    )
    secret = services.settings.secret_key.get_secret_value().encode()
    answer = locator.locate(services.uow(), query, client="command-line", secret=secret)
    if answer.kind is AnswerKind.HELD:
        context.console.print(f"held under the agreement at {answer.facility} since {answer.on}")
    elif answer.kind is AnswerKind.LEFT:
        context.console.print(f"released or returned on {answer.on}")
    else:
        context.console.print("no record")


def register(root: typer.Typer) -> None:
    """Add ``oversight`` to the root command."""
    root.add_typer(app, name="oversight")
