"""``convenio terms``: show and check agreement files."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from convenio.cli import context
from convenio.shared.dates import parse_instant
from convenio.terms import public as terms
from convenio.terms import services

app = typer.Typer(
    help="Agreement files: show the values in force, check a file, load it.", no_args_is_help=True
)

AgreementOption = typer.Option(
    None, "--agreement", help="Agreement file (default: the packaged one)."
)


@app.command("show")
def show(
    as_of: str = typer.Option(..., "--as-of", help="Date or instant, e.g. 2025-03-15."),
    agreement_file: Path | None = AgreementOption,
) -> None:
    """Print every value in force on a date, with its reference."""
    agreement = terms.load_agreement(agreement_file)
    day = parse_instant(as_of, field="--as-of").local_date
    table = Table(title=f"{agreement.title} — in force on {day.isoformat()}")
    for column in ("term", "value", "since", "reference"):
        table.add_column(column, overflow="fold")
    for name, value in agreement.parameters_at(day).items():
        table.add_row(name, str(value.value), value.effective_from.isoformat(), value.reference)
    for facility in agreement.facilities:
        cap = facility.capacity.at(day)
        table.add_row(
            f"capacity {facility.id}",
            f"{cap.value:,}",
            cap.effective_from.isoformat(),
            cap.reference,
        )
    fees = agreement.fees
    schedule = fees.schedules.at(day)
    table.add_row(
        "fee schedule",
        f"{schedule.value.model} {schedule.value.amount}",
        schedule.effective_from.isoformat(),
        schedule.reference,
    )
    domestic = fees.domestic_cost_per_day.at(day)
    table.add_row(
        "domestic cost per day",
        str(domestic.value),
        domestic.effective_from.isoformat(),
        domestic.reference,
    )
    table.add_row(
        "day count",
        f"arrival {fees.day_count.arrival_day}, departure {fees.day_count.departure_day}",
        "",
        "agreement file",
    )
    context.console.print(table)


@app.command("check")
def check(file: Path = typer.Argument(..., help="Agreement file to validate.")) -> None:
    """Validate an agreement file; lists every problem with the path of its key."""
    agreement = terms.load_agreement(file)
    context.console.print(
        f"[green]{file}: valid[/green] — {agreement.id}, {len(agreement.parameters)} parameters, "
        f"{len(agreement.facilities)} facilities, digest {agreement.digest[:12]}"
    )


@app.command("load")
def load(agreement_file: Path | None = AgreementOption) -> None:
    """Register an agreement file as the current version in the database."""
    path = agreement_file or terms.DEFAULT_AGREEMENT_PATH
    agreement = services.register_agreement(
        context.services().uow(), path.read_bytes(), actor="cli"
    )
    context.console.print(f"current agreement: {agreement.id} ({agreement.digest[:12]})")


def register(root: typer.Typer) -> None:
    """Add ``terms`` to the root command."""
    root.add_typer(app, name="terms")
