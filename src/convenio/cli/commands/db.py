"""``convenio db``: schema migrations."""

from __future__ import annotations

import typer

from convenio.cli import context
from convenio.platform import migrate

app = typer.Typer(help="Create and migrate the database schema (Alembic).", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    revision: str = typer.Argument("heads", help="Target revision (default: all heads)."),
) -> None:
    """Apply every pending migration to CONVENIO_DATABASE_URL."""
    url = context.settings().database_url
    migrate.upgrade(url, revision)
    context.console.print(f"[green]database is at {revision}[/green]")


@app.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base.")) -> None:
    """Undo migrations down to a revision."""
    migrate.downgrade(context.settings().database_url, revision)
    context.console.print(f"[yellow]database downgraded to {revision}[/yellow]")


@app.command("current")
def current() -> None:
    """Show the revisions the database is at."""
    migrate.current(context.settings().database_url)


def register(root: typer.Typer) -> None:
    """Add ``db`` to the root command."""
    root.add_typer(app, name="db")
