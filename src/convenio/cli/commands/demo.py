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


@app.command("population")
def population(
    size: int = typer.Option(1000, "--size", min=1, help="Number of persons."),
    seed: int = typer.Option(1, "--seed", help="Seed: the same seed gives the same people."),
    out: str = typer.Option(..., "--out", help="People file to write (JSON Lines)."),
    reference_date: str = typer.Option(
        "2025-03-15", "--reference-date", help="Day the records' dates cluster around."
    ),
) -> None:
    """Write a synthetic population in the interchange format (deterministic for a seed)."""
    from pathlib import Path

    from rich.progress import Progress

    from convenio.demo.population import write_population
    from convenio.shared.dates import parse_date

    day = parse_date(reference_date, field="--reference-date")
    with Progress(console=context.errors, transient=True) as progress:
        task = progress.add_task("generating persons", total=size)
        written = write_population(
            Path(out),
            size=size,
            seed=seed,
            reference_date=day,
            on_person=lambda count: progress.advance(task, count),
        )
    context.console.print(f"{size:,} persons ({written:,} bytes) written to {out}")


def register(root: typer.Typer) -> None:
    """Add ``demo`` to the root command."""
    root.add_typer(app, name="demo")
