"""``convenio import people`` and ``convenio export people``: the interchange format in bulk."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from convenio.cli import context
from convenio.records import public as records
from convenio.records import services

import_app = typer.Typer(help="Load files of the interchange format.", no_args_is_help=True)
export_app = typer.Typer(help="Write files of the interchange format.", no_args_is_help=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=context.errors,
        transient=True,
    )


def _fail(error: records.PeopleFileRejectedError) -> None:
    for line in error.errors:
        context.errors.print(str(line), highlight=False, markup=False, soft_wrap=True)
    context.errors.print(f"[red]error:[/red] {error.message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@import_app.command("people")
def import_people(
    file: Path = typer.Argument(..., help="People file (JSON Lines, INTERCHANGE.md)."),
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Write the good lines and list the bad ones."
    ),
) -> None:
    """Import persons: new ones are created, changed ones updated, the same ones left alone.

    Every bad line is listed as LINE:FIELD: message; without --skip-bad nothing is written.
    """
    if not file.is_file():
        context.errors.print(
            f"[red]error:[/red] {file}: no such file", highlight=False, soft_wrap=True
        )
        raise typer.Exit(2)
    with _progress() as progress:
        task = progress.add_task(f"importing {file.name}", total=file.stat().st_size)
        try:
            result = services.import_people(
                context.services().uow(),
                file,
                skip_bad=skip_bad,
                actor="cli",
                on_bytes=lambda size: progress.advance(task, size),
            )
        except records.PeopleFileRejectedError as error:
            progress.stop()
            _fail(error)
            return
    for line in result.errors:
        context.errors.print(str(line), highlight=False, markup=False, soft_wrap=True)
    if result.skipped:
        more = (
            f" ({result.errors_omitted:,} more problems not listed)"
            if result.errors_omitted
            else ""
        )
        context.errors.print(
            f"[yellow]skipped {result.skipped:,} bad line(s){more}[/yellow]", soft_wrap=True
        )
    context.console.print(
        f"[green]{file.name}[/green]: {result.created:,} created, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged, {result.skipped:,} skipped "
        f"(file sha256 {result.file_sha256[:12]})",
        soft_wrap=True,
    )


@export_app.command("people")
def export_people(
    out: Path | None = typer.Option(None, "--out", help="File to write (default: stdout)."),
) -> None:
    """Write every person as JSON Lines of INTERCHANGE.md, in person_id order."""
    if out is None:
        count = services.export_people(context.services().uow(), sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    with out.open("wb") as stream:
        count = services.export_people(context.services().uow(), stream)
    context.errors.print(f"[green]{count:,} persons written to {out}[/green]", soft_wrap=True)


def register(root: typer.Typer) -> None:
    """Add ``import`` and ``export`` to the root command."""
    root.add_typer(import_app, name="import")
    root.add_typer(export_app, name="export")
