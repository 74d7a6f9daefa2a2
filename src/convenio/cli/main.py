"""The ``convenio`` command: one entry point, a group per context."""

from __future__ import annotations

import sys

import typer

from convenio.cli import context
from convenio.cli.commands import (
    billing,
    cases,
    custody,
    db,
    demo,
    holds,
    ledger,
    movements,
    oversight,
    records,
    screen,
    serve,
    terms,
    users,
)
from convenio.shared.errors import DomainError, exit_code_for

app = typer.Typer(
    name="convenio",
    help=(
        "Convenio — the shared system of record of a custody-outsourcing agreement.\n\n"
        "Screens people against the agreement and the law, runs cases from nomination to "
        "exit, bills custody days to the cent and keeps a ledger anyone can verify."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for module in (
    db,
    terms,
    ledger,
    demo,
    serve,
    users,
    screen,
    records,
    cases,
    holds,
    movements,
    custody,
    billing,
    oversight,
):
    module.register(app)


def main() -> None:
    """Run the CLI; domain errors become one clear line on stderr and an exit code."""
    try:
        app()
    except DomainError as error:
        context.errors.print(f"[red]error:[/red] {error.message}", highlight=False, soft_wrap=True)
        sys.exit(exit_code_for(error))
