"""``convenio demo``: the demo database and server behind ``make run``."""

from __future__ import annotations

import typer

from convenio.cli import context
from convenio.cli.commands.serve import serve
from convenio.demo import scenario

app = typer.Typer(help="The demo: a living system on synthetic data.", no_args_is_help=True)


@app.command("seed")
def seed() -> None:
    """Migrate the database and load the demo data (safe to run twice)."""
    scenario.prepare(context.services(), context.console.print)


@app.command("run")
def run(
    host: str = typer.Option(None, help="Interface (default 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default 8000)."),
) -> None:
    """Seed the demo, then serve the web UI and API on http://127.0.0.1:8000."""
    seed()
    serve(host=host, port=port)


def register(root: typer.Typer) -> None:
    """Add ``demo`` to the root command."""
    root.add_typer(app, name="demo")
