"""``convenio custody``: placements, exits, deaths, incidents, visits, consular notices."""

from __future__ import annotations

import typer
from rich.table import Table

from convenio.cli import context
from convenio.cli.commands.movements import cli_actor, instant
from convenio.custody import public as custody
from convenio.custody import services
from convenio.shared.actor import Actor, Role
from convenio.shared.dates import parse_date
from convenio.shared.errors import InvalidInputError

app = typer.Typer(
    help="Custody: place and move people, record exits, deaths, incidents, visits, consular "
    "notification; occupancy.",
    no_args_is_help=True,
)

AtOption = typer.Option(None, "--at", help="Instant with offset (default: now).")
ActorOption = typer.Option("cli", "--actor", help="Receiving officer who records it.")
AuthorityOption = typer.Option("", "--authority", help="Decision or order relied on.")


def _officer(name: str) -> Actor:
    return cli_actor(name, Role.RECEIVING_OFFICER)


def _done(what: str, record_id: str) -> None:
    context.console.print(f"[green]{what}[/green] ({record_id})")


@app.command("place")
def place(
    person_id: str,
    unit: str = typer.Option(..., "--unit"),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Place a held person in a unit (checked against its operational capacity)."""
    record_id = services.place(
        context.services().uow(),
        person_id=person_id,
        unit_id=unit,
        at=instant(at).at,
        actor=_officer(actor),
    )
    _done(f"{person_id} placed in {unit}", record_id)


@app.command("move")
def move(
    person_id: str,
    unit: str = typer.Option(..., "--unit"),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Move a held person to another unit."""
    place(person_id, unit, at, actor)


@app.command("release")
def release(
    person_id: str,
    ground: str = typer.Option(
        "end_of_sentence", "--ground", help="end_of_sentence or by_decision"
    ),
    authority: str = AuthorityOption,
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Release a person (end of sentence, or by decision)."""
    try:
        chosen = custody.ReleaseGround(ground)
    except ValueError:
        raise InvalidInputError("--ground must be end_of_sentence or by_decision") from None
    record_id = services.release(
        context.services().uow(),
        person_id=person_id,
        at=instant(at).at,
        ground=chosen,
        authority=authority,
        actor=_officer(actor),
    )
    _done(f"{person_id} released", record_id)


@app.command("repatriate")
def repatriate(
    person_id: str,
    country: str = typer.Option(..., "--country"),
    authority: str = AuthorityOption,
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Repatriate a person to a country of their citizenship."""
    record_id = services.repatriate(
        context.services().uow(),
        person_id=person_id,
        country=country.upper(),
        at=instant(at).at,
        authority=authority,
        actor=_officer(actor),
    )
    _done(f"{person_id} repatriated to {country.upper()}", record_id)


@app.command("return")
def return_(
    person_id: str,
    authority: str = typer.Option(..., "--authority", help="The court order or decision."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Return a person to the sending state (e.g. court-ordered)."""
    record_id = services.return_to_sending(
        context.services().uow(),
        person_id=person_id,
        at=instant(at).at,
        authority=authority,
        actor=_officer(actor),
    )
    _done(f"{person_id} returned to the sending state", record_id)


@app.command("transfer")
def transfer(
    person_id: str,
    destination: str = typer.Option(..., "--to"),
    authority: str = AuthorityOption,
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Transfer a person out of the agreement's custody."""
    record_id = services.transfer(
        context.services().uow(),
        person_id=person_id,
        destination=destination,
        at=instant(at).at,
        authority=authority,
        actor=_officer(actor),
    )
    _done(f"{person_id} transferred to {destination}", record_id)


@app.command("death")
def death(
    person_id: str,
    cause: str = typer.Option(..., "--cause"),
    circumstances: str = typer.Option(..., "--circumstances"),
    remains: str = typer.Option(..., "--remains", help="Where the remains went."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Record a death in custody; both parties and the monitors are alerted."""
    record_id = services.record_death(
        context.services().uow(),
        person_id=person_id,
        at=instant(at).at,
        cause=cause,
        circumstances=circumstances,
        remains=remains,
        actor=_officer(actor),
    )
    _done(f"death of {person_id} recorded; parties and monitors alerted", record_id)


@app.command("incident")
def incident(
    kind: str = typer.Option(..., "--kind"),
    description: str = typer.Option(..., "--description"),
    person: list[str] | None = typer.Option(None, "--person"),
    facility: str = typer.Option("CECOT", "--facility"),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Record an incident at a facility."""
    record_id = services.record_incident(
        context.services().uow(),
        facility_id=facility,
        kind=kind,
        description=description,
        person_ids=list(person or []),
        at=instant(at).at,
        actor=_officer(actor),
    )
    _done("incident recorded", record_id)


@app.command("visit")
def visit(
    person_id: str,
    visitor: str = typer.Option(..., "--visitor"),
    kind: str = typer.Option("welfare", "--kind"),
    notes: str = typer.Option("", "--notes"),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Record a welfare visit."""
    record_id = services.record_visit(
        context.services().uow(),
        person_id=person_id,
        kind=kind,
        visitor=visitor,
        at=instant(at).at,
        notes=notes,
        actor=_officer(actor),
    )
    _done(f"visit to {person_id} recorded", record_id)


@app.command("consular")
def consular(
    person_id: str,
    country: str = typer.Option(..., "--country"),
    consulate: str = typer.Option(..., "--consulate"),
    on: str = typer.Option(..., "--on", help="Date of the notification."),
    informed: bool = typer.Option(
        ..., "--informed/--not-informed", help="Was the person told of the right (art. 36)?"
    ),
    actor: str = ActorOption,
) -> None:
    """Record a consular notification (Vienna Convention art. 36)."""
    record_id = services.record_consular_notification(
        context.services().uow(),
        person_id=person_id,
        country=country.upper(),
        consulate=consulate,
        notified_on=parse_date(on, field="--on"),
        informed_of_right=informed,
        actor=_officer(actor),
    )
    _done(f"consular notification for {person_id} recorded", record_id)


@app.command("correct-exit")
def correct_exit(
    person_id: str,
    at: str = typer.Option(..., "--at", help="Corrected exit."),
    note: str = typer.Option(..., "--note", help="Why."),
    actor: str = ActorOption,
) -> None:
    """Correct an exit instant (a new record that supersedes the old one)."""
    record_id = services.correct_exit(
        context.services().uow(),
        person_id=person_id,
        exit_at=instant(at).at,
        note=note,
        actor=_officer(actor),
    )
    _done(f"exit of {person_id} corrected", record_id)


@app.command("occupancy")
def occupancy(
    on: str = typer.Option(..., "--on", help="Date, e.g. 2025-06-30."),
    facility: str | None = typer.Option(None, "--facility"),
) -> None:
    """Who is held on a day: by facility, unit, nationality and category."""
    day = parse_date(on, field="--on")
    with context.services().uow() as uow:
        report = custody.occupancy(uow.session, on=day, facility_id=facility)
    context.console.print(
        f"[bold]{report.total}[/bold] held on {day} (capacity {report.capacity:,})"
    )
    units = Table(title="units")
    for column in ("facility", "unit", "held", "operational", "certified"):
        units.add_column(column)
    for unit in report.units:
        units.add_row(
            unit.facility_id,
            unit.name,
            str(unit.count),
            str(unit.operational_capacity),
            str(unit.certified_capacity),
        )
    context.console.print(units)
    for title, pairs in (("nationality", report.by_nationality), ("category", report.by_category)):
        table = Table(title=title)
        table.add_column(title)
        table.add_column("held")
        for name, count in pairs:
            table.add_row(name, str(count))
        context.console.print(table)


def register(root: typer.Typer) -> None:
    """Add ``custody`` to the root command."""
    root.add_typer(app, name="custody")
