"""``convenio movements``: flights and convoys, manifests, the dispatch check, the handover."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from convenio.cli import context
from convenio.movements import handover, services
from convenio.movements import public as movements
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import Instant, parse_instant
from convenio.shared.errors import InvalidInputError
from convenio.terms import public as terms

app = typer.Typer(
    help="Movements: create, add accepted cases, lock, dispatch, arrive, hand over, show, list.",
    no_args_is_help=True,
)

AtOption = typer.Option(None, "--at", help="Instant with offset, e.g. 2025-03-15T19:16:00-04:00.")
ActorOption = typer.Option("cli", "--actor", help="Who acts (recorded on every event).")


def cli_actor(name: str, role: Role) -> Actor:
    """The named user with one role, for the party that role belongs to."""
    agreement = terms.default_agreement()
    receiving = role is Role.RECEIVING_OFFICER
    party = agreement.party(terms.PartyRole.RECEIVING if receiving else terms.PartyRole.SENDING)
    kind = PartyKind.RECEIVING if receiving else PartyKind.SENDING
    return Actor(id=name, party=party.id, party_kind=kind, roles=frozenset({role}), name=name)


def instant(text: str | None) -> Instant:
    """The ``--at`` instant, or now."""
    if text is None:
        return Instant(context.services().clock.now())
    return parse_instant(text, field="--at")


@app.command("create")
def create(
    number: str = typer.Argument(..., help="Flight or convoy number, e.g. GTI-1001."),
    departure: str = typer.Option(..., "--departure", help="Scheduled departure with offset."),
    seats: int = typer.Option(..., "--seats", help="Seats for people in custody."),
    origin: str = typer.Option(..., "--origin", help="Where the movement leaves from."),
    facility: str = typer.Option("CECOT", "--facility", help="Destination facility."),
    mode: str = typer.Option("flight", "--mode", help="flight or convoy."),
    zone: str | None = typer.Option(None, "--zone", help="IANA time zone for display."),
    actor: str = ActorOption,
) -> None:
    """Create a movement (transport coordinator)."""
    movement_id = services.create_movement(
        context.services().uow(),
        number=number,
        mode=mode,
        origin=origin,
        facility_id=facility,
        scheduled_departure=parse_instant(departure, field="--departure"),
        seats=seats,
        actor=cli_actor(actor, Role.TRANSPORT_COORDINATOR),
        time_zone=zone,
    )
    context.console.print(f"movement [bold]{movement_id}[/bold] created ({number}, {seats} seats)")


@app.command("add")
def add(
    movement_id: str,
    case_ids: list[str] = typer.Argument(..., help="Accepted cases to put on the manifest."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Put accepted cases on the manifest (transport coordinator)."""
    services.add_cases(
        context.services().uow(),
        movement_id=movement_id,
        case_ids=case_ids,
        at=instant(at),
        actor=cli_actor(actor, Role.TRANSPORT_COORDINATOR),
    )
    context.console.print(f"{len(case_ids)} case(s) on the manifest of {movement_id}")


def _print_failures(failures: list[movements.Failure], what: str) -> None:
    for failure in failures:
        holds = f" holds {', '.join(failure.hold_ids)}" if failure.hold_ids else ""
        context.console.print(
            f"[red]taken off at {what}:[/red] {failure.person_id} (case {failure.case_id}): "
            f"{', '.join(failure.codes)}{holds}"
        )


@app.command("lock")
def lock(movement_id: str, at: str | None = AtOption, actor: str = ActorOption) -> None:
    """Re-screen everyone at the instant and lock the manifest (transport coordinator)."""
    failures = services.lock_manifest(
        context.services().uow(),
        movement_id=movement_id,
        at=instant(at),
        actor=cli_actor(actor, Role.TRANSPORT_COORDINATOR),
    )
    _print_failures(failures, "lock")
    context.console.print(f"manifest of {movement_id} [bold]locked[/bold]")


@app.command("dispatch")
def dispatch(movement_id: str, at: str | None = AtOption, actor: str = ActorOption) -> None:
    """Wheels-up: re-screen everyone at the instant; refused if anyone fails."""
    count = services.dispatch(
        context.services().uow(),
        movement_id=movement_id,
        at=instant(at),
        actor=cli_actor(actor, Role.TRANSPORT_COORDINATOR),
    )
    context.console.print(f"[green]{movement_id} dispatched[/green] with {count} people")


@app.command("arrive")
def arrive(
    movement_id: str,
    at: str | None = AtOption,
    actor: str = ActorOption,
    role: str = typer.Option("receiving", "--as", help="receiving or transport"),
) -> None:
    """Record the arrival instant."""
    chosen = Role.RECEIVING_OFFICER if role == "receiving" else Role.TRANSPORT_COORDINATOR
    services.arrive(
        context.services().uow(),
        movement_id=movement_id,
        at=instant(at),
        actor=cli_actor(actor, chosen),
    )
    context.console.print(f"{movement_id} arrived")


def _intake(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"--intake {path}: {error}", field="--intake") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InvalidInputError(
            "--intake: expected a JSON object {person_id: {visible_injuries, property, ...}}",
            field="--intake",
        )
    return data


@app.command("handover")
def handover_(
    movement_id: str,
    side: str = typer.Option(..., "--as", help="transport or receiving"),
    headcount: int = typer.Option(..., "--headcount", help="People counted at the handover."),
    present: list[str] | None = typer.Option(None, "--present", help="A person present (repeat)."),
    intake: Path | None = typer.Option(None, "--intake", help="JSON: per-person intake record."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Confirm the handover with a headcount; custody starts when both sides agree."""
    if side not in {"transport", "receiving"}:
        raise InvalidInputError("--as must be transport or receiving", field="--as")
    chosen = movements.Side(side)
    role = (
        Role.TRANSPORT_COORDINATOR if chosen is movements.Side.TRANSPORT else Role.RECEIVING_OFFICER
    )
    outcome = handover.confirm_handover(
        context.services().uow(),
        movement_id=movement_id,
        side=chosen,
        headcount=headcount,
        at=instant(at),
        actor=cli_actor(actor, role),
        present=present or None,
        intake=_intake(intake),
    )
    if outcome.waiting_for is not None:
        context.console.print(f"confirmed; waiting for the {outcome.waiting_for} side")
        return
    context.console.print(
        f"[green]handed over:[/green] {', '.join(outcome.handed_over) or 'nobody'}"
    )
    if outcome.incident_id:
        context.console.print(
            f"[red]headcount mismatch[/red] (incident {outcome.incident_id}): missing "
            f"{', '.join(outcome.missing) or 'none'}; extra {', '.join(outcome.extra) or 'none'}"
        )


@app.command("show")
def show(movement_id: str) -> None:
    """A movement: state, instants (local and UTC), who is on board, the manifest history."""
    with context.services().uow() as uow:
        data = movements.get_movement(uow.session, movement_id)
    context.console.print(
        f"[bold]{data['number']}[/bold] {data['mode']} {data['origin']} → {data['facility_id']}: "
        f"{data['state']}, {len(data['on_board'])} on board, {len(data['handed_over'])} handed "
        f"over, {data['seats']} seats"
    )
    for label in ("scheduled_departure", "locked_at", "wheels_up_at", "arrived_at"):
        value = data[label]
        if value is not None:
            context.console.print(f"  {label}: {value['local']} ({value['utc']} UTC)")
    table = Table(title="manifest history")
    for column in ("at (local)", "action", "person", "case", "reasons", "holds"):
        table.add_column(column, overflow="fold")
    for entry in data["manifest_history"]:
        table.add_row(
            entry["at_local"],
            entry["action"],
            entry["person_id"],
            entry["case_id"],
            ", ".join(entry["reason_codes"]),
            ", ".join(entry["hold_ids"]),
        )
    context.console.print(table)


@app.command("list")
def list_() -> None:
    """Every movement, by scheduled departure."""
    with context.services().uow() as uow:
        rows = movements.list_movements(uow.session)
    table = Table(title="movements")
    for column in ("id", "number", "departure (local)", "state", "on board", "seats"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["movement_id"],
            row["number"],
            row["scheduled_departure"]["local"],
            row["state"],
            str(len(row["on_board"])),
            str(row["seats"]),
        )
    context.console.print(table)


def register(root: typer.Typer) -> None:
    """Add ``movements`` to the root command."""
    root.add_typer(app, name="movements")
