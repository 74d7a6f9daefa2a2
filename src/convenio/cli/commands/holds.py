"""``convenio holds``: record court orders and legal holds, lift them, list them."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.cli import context
from convenio.cli.commands.cases import cli_actor
from convenio.legal import public as legal
from convenio.shared.actor import Role
from convenio.shared.dates import parse_instant

app = typer.Typer(
    help="Legal holds: import court orders, lift them, list them.", no_args_is_help=True
)

ActorOption = typer.Option("cli", "--actor", help="The legal reviewer recording it.")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="holds.jsonl (INTERCHANGE.md)."),
    actor: str = ActorOption,
) -> None:
    """Record the holds of a file; matching cases are halted or flagged in the same step."""
    outcomes = case_holds.import_holds(
        context.services().uow(), file, cli_actor(actor, Role.LEGAL_REVIEWER)
    )
    for outcome in outcomes:
        status = "recorded" if outcome.created else "already recorded"
        context.console.print(
            f"hold {outcome.hold_id}: {status}; halted {len(outcome.halted)} case(s), "
            f"return requested for {len(outcome.return_requested)}"
        )
        for case_id in outcome.return_requested:
            context.console.print(f"[red]return requested:[/red] case {case_id}")


@app.command("lift")
def lift(
    hold_id: str,
    at: str = typer.Option(..., "--at", help="Instant the order was lifted, with offset."),
    reason: str = typer.Option("", help="The order that lifted it."),
    actor: str = ActorOption,
) -> None:
    """Lift a hold at an instant. Halted cases stay halted until re-screened."""
    outcome = case_holds.lift_hold(
        context.services().uow(),
        hold_id,
        parse_instant(at, field="--at"),
        cli_actor(actor, Role.LEGAL_REVIEWER),
        reason=reason,
    )
    context.console.print(f"hold {hold_id} lifted at {outcome.hold['lifted_at']}")
    for case_id in outcome.halted_cases:
        context.console.print(f"re-screen halted case: convenio cases rescreen {case_id}")


@app.command("list")
def list_() -> None:
    """Every hold, whether it is lifted, and the cases it halted or flagged."""
    with context.services().uow() as uow:
        holds = legal.list_holds(uow.session)
        affected = {
            str(h["hold_id"]): cases.cases_affected_by_hold(uow.session, str(h["hold_id"]))
            for h in holds
        }
    table = Table(title=f"legal holds ({len(holds)})")
    for column in ("hold", "kind", "court", "issued", "expires", "lifted", "scope", "cases"):
        table.add_column(column, overflow="fold")
    for hold in holds:
        hit = affected[str(hold["hold_id"])]
        table.add_row(
            str(hold["hold_id"]),
            str(hold["kind"]),
            f"{hold['court']} {hold['case_number']}",
            str(hold["issued_at"]),
            str(hold["expires_at"] or ""),
            str(hold["lifted_at"] or ""),
            str(hold["scope"]),
            ", ".join(f"{c['case_id']} ({c['effect']})" for c in hit),
        )
    context.console.print(table)


def register(root: typer.Typer) -> None:
    """Add ``holds`` to the root command."""
    root.add_typer(app, name="holds")
