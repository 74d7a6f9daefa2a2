"""The ``convenio`` command: one entry point, a group per context.

Command modules are imported on demand: ``convenio screen …`` loads the screening command
and what it needs, not every context and the web application. ``--help`` and anything
unknown load them all.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from functools import lru_cache

import typer

from convenio.cli import context
from convenio.shared.errors import DomainError, exit_code_for

HELP = (
    "Convenio — the shared system of record of a custody-outsourcing agreement.\n\n"
    "Screens people against the agreement and the law, runs cases from nomination to "
    "exit, bills custody days to the cent and keeps a ledger anyone can verify."
)

# First word on the command line -> the module of convenio.cli.commands that provides it.
COMMANDS: dict[str, str] = {
    "db": "db",
    "terms": "terms",
    "ledger": "ledger",
    "keys": "ledger",
    "demo": "demo",
    "serve": "serve",
    "users": "users",
    "screen": "screen",
    "import": "records",
    "export": "records",
    "cases": "cases",
    "holds": "holds",
    "movements": "movements",
    "custody": "custody",
    "billing": "billing",
    "oversight": "oversight",
}


def build_app(modules: Iterable[str]) -> typer.Typer:
    """The root command with the groups of ``modules`` registered, in the order given."""
    root = typer.Typer(
        name="convenio",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    # A callback keeps the root a group even when a single command module is loaded.
    root.callback()(_group)
    for name in dict.fromkeys(modules):
        importlib.import_module(f"convenio.cli.commands.{name}").register(root)
    return root


def _group() -> None:
    """Convenio's command groups."""


@lru_cache(maxsize=1)
def full_app() -> typer.Typer:
    """The root command with every group (for ``--help`` and the tests)."""
    return build_app(COMMANDS.values())


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return full_app()
    raise AttributeError(name)


def main() -> None:
    """Run the CLI; domain errors become one clear line on stderr and an exit code."""
    first = sys.argv[1] if len(sys.argv) > 1 else ""
    app = build_app([COMMANDS[first]]) if first in COMMANDS else full_app()
    try:
        app()
    except DomainError as error:
        context.errors.print(f"[red]error:[/red] {error.message}", highlight=False, soft_wrap=True)
        sys.exit(exit_code_for(error))
