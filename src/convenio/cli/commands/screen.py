"""``convenio screen``: decide who may be transferred, from files or from the database."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import polars as pl
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from convenio.cli import context
from convenio.eligibility import public as eligibility
from convenio.shared.dates import Instant, parse_instant
from convenio.shared.errors import InvalidInputError
from convenio.terms import public as terms
from convenio.terms.public import Agreement

Writer = Callable[[BinaryIO], int]


@contextmanager
def _steps(total: int, label: str) -> Iterator[Callable[[str, int], None]]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=context.errors, transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(description: str, amount: int) -> None:
            bar.update(task, advance=amount, description=description)

        yield advance


def _holds(path: Path | None) -> list[dict[str, Any]]:
    return [] if path is None else eligibility.read_holds_file(path)


def _summary(frame: pl.DataFrame, title: str) -> None:
    total = frame.height
    table = Table(title=f"{title}: {total:,} people")
    for column in ("decision", "people", "share"):
        table.add_column(column, justify="left" if column == "decision" else "right")
    counts = dict(frame.group_by("decision").len().iter_rows())
    for kind in eligibility.DecisionKind:
        count = int(counts.get(str(kind), 0))
        table.add_row(str(kind), f"{count:,}", f"{count / total:.1%}" if total else "-")
    context.console.print(table)
    reasons = _code_counts(frame)
    by_code = Table(title="Reasons (people)")
    by_code.add_column("code")
    by_code.add_column("people", justify="right")
    for code in eligibility.RULE_CODES:
        if reasons.get(code):
            by_code.add_row(code, f"{reasons[code]:,}")
    context.console.print(by_code)


def _code_counts(frame: pl.DataFrame) -> dict[str, int]:
    sums = frame.select(pl.col(list(eligibility.RULE_CODES)).sum()).row(0, named=True)
    return {code: int(count) for code, count in sums.items()}


def _compare(first: pl.DataFrame, second: pl.DataFrame, names: tuple[str, str]) -> None:
    pair = pl.DataFrame({"a": first["decision"], "b": second["decision"]})
    moved = int((pair["a"] != pair["b"]).sum())
    matrix = Table(title=f"Decisions: {names[0]} (rows) → {names[1]} (columns); {moved:,} move")
    matrix.add_column("")
    kinds = [str(kind) for kind in eligibility.DecisionKind]
    for kind in kinds:
        matrix.add_column(kind, justify="right")
    cells = {(a, b): n for a, b, n in pair.group_by("a", "b").len().iter_rows()}
    for a in kinds:
        matrix.add_row(a, *(f"{int(cells.get((a, b), 0)):,}" for b in kinds))
    context.console.print(matrix)
    codes = Table(title="Reason codes that appear or vanish (people)")
    for column in ("code", names[0], names[1], "appears for", "vanishes for"):
        codes.add_column(column, justify="left" if column == "code" else "right")
    for code in eligibility.RULE_CODES:
        had, has = first[code], second[code]
        gained, lost = int((~had & has).sum()), int((had & ~has).sum())
        if gained or lost or had.any():
            codes.add_row(
                code, f"{int(had.sum()):,}", f"{int(has.sum()):,}", f"{gained:,}", f"{lost:,}"
            )
    context.console.print(codes)


def _screen_into(
    people: Path,
    holds: list[dict[str, Any]],
    agreements: list[Agreement],
    as_of: Instant,
    sink: BinaryIO | None,
) -> list[pl.DataFrame]:
    size = people.stat().st_size if people.is_file() else 0
    with _steps(size, f"screening {people.name}") as advance:
        done = [0]

        def progress(end: int, total: int) -> None:
            del total
            advance(f"screening {people.name}", end - done[0])
            done[0] = end

        run = eligibility.BulkScreen(holds, agreements, as_of, sink=sink, progress=progress)
        return run.run(people)


def _screen_db(agreement_file: Path | None, as_of: Instant) -> tuple[pl.DataFrame, Writer]:
    from convenio.legal import public as legal
    from convenio.records import public as records
    from convenio.terms import services as terms_services

    services = context.services()
    if agreement_file is not None:
        agreement = terms.load_agreement(agreement_file)
    else:
        agreement = terms_services.current_agreement(services.uow())
    eligibility.context_for(agreement, as_of)
    with services.uow() as uow:
        total = records.count_people(uow.session)
    with _steps(total, "screening the records") as advance:
        run = eligibility.screen_database(
            services.uow(),
            agreement=agreement,
            as_of=as_of,
            holds_of=legal.list_holds,
            actor="cli",
            progress=lambda n: advance("reading people", n),
        )
    context.errors.print(
        f"stored {len(run.decision_ids):,} decisions under {agreement.id} "
        f"({agreement.digest[:12]}) as of {as_of.isoformat()}"
    )

    def write(out: BinaryIO) -> int:
        for decision in run.decisions:
            out.write(orjson.dumps(decision.to_json()) + b"\n")
        return len(run.decisions)

    return _decisions_frame(run.decisions), write


def _decisions_frame(decisions: tuple[eligibility.Decision, ...]) -> pl.DataFrame:
    """The columns of a file screen that the summary reads, from decision values."""
    codes = {code: [code in d.codes for d in decisions] for code in eligibility.RULE_CODES}
    return pl.DataFrame(
        {"decision": [str(d.decision) for d in decisions], **codes},
        schema={"decision": pl.String, **dict.fromkeys(codes, pl.Boolean)},
    )


def _write_out(write: Writer, out: Path) -> int:
    """Write to ``out`` through a temporary file: a failed run leaves no half file."""
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as handle:
            count = write(handle)
        partial.replace(out)
    except OSError as error:
        raise InvalidInputError(f"--out: cannot write {out}: {error.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return count


def _screen_from_files(
    people: Path | None,
    as_of: Instant,
    files: tuple[Path | None, Path | None, Path | None],
    out: Path | None,
    to_stdout: bool,
) -> pl.DataFrame:
    """Screen the file, writing decisions to ``out`` or stdout only once all are made."""
    holds_file, agreement_file, compare_file = files
    if people is None:
        raise InvalidInputError("give a people file (JSON Lines), or --db", field="PEOPLE")
    agreements = [terms.load_agreement(agreement_file)]
    if compare_file is not None:
        agreements.append(terms.load_agreement(compare_file))
    holds = _holds(holds_file)
    frames: list[pl.DataFrame] = []

    def write(handle: BinaryIO) -> int:
        frames.extend(_screen_into(people, holds, agreements, as_of, handle))
        return frames[0].height

    if out is not None:
        count = _write_out(write, out)
        context.errors.print(f"{count:,} decisions written to {out}")
    elif to_stdout:
        buffer = io.BytesIO()
        write(buffer)
        sys.stdout.flush()
        sys.stdout.buffer.write(buffer.getbuffer())
        sys.stdout.buffer.flush()
    else:
        frames.extend(_screen_into(people, holds, agreements, as_of, None))
    if compare_file is not None:
        first = agreement_file.name if agreement_file else "packaged"
        _compare(frames[0], frames[1], (first, compare_file.name))
    return frames[0]


def screen(
    people: Path | None = typer.Argument(None, help="People file (JSON Lines, INTERCHANGE.md)."),
    as_of_text: str = typer.Option(..., "--as-of", help="Instant, e.g. 2025-03-15T19:36:00-04:00."),
    holds_file: Path | None = typer.Option(None, "--holds", help="Legal holds (JSON Lines)."),
    agreement_file: Path | None = typer.Option(
        None, "--agreement", help="Agreement file (default: the packaged one)."
    ),
    compare_file: Path | None = typer.Option(
        None, "--compare-agreement", help="Screen again under this agreement and compare."
    ),
    out: Path | None = typer.Option(None, "--out", help="Write decisions here (JSON Lines)."),
    summary: bool = typer.Option(False, "--summary", help="Counts by decision and reason."),
    use_db: bool = typer.Option(False, "--db", help="Screen the people in the database."),
) -> None:
    """Decide for every person, in input order, as RULEBOOK.md says (JSON Lines out)."""
    as_of = parse_instant(as_of_text, field="--as-of")
    to_stdout = out is None and not summary and compare_file is None
    if use_db:
        frame, write = _screen_db(agreement_file, as_of)
        if out is not None:
            count = _write_out(write, out)
            context.errors.print(f"{count:,} decisions written to {out}")
        elif to_stdout:
            sys.stdout.flush()
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
    else:
        files = (holds_file, agreement_file, compare_file)
        frame = _screen_from_files(people, as_of, files, out, to_stdout)
    if summary:
        _summary(frame, f"Screen as of {as_of.isoformat()}")


def register(root: typer.Typer) -> None:
    """Add ``screen`` to the root command."""
    root.command("screen")(screen)
