"""``convenio billing``: accrue, invoice, show, issue, dispute, resolve, pay, compare,
forecast and export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer
from rich.table import Table

from convenio.billing import public as billing
from convenio.cli import context
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import parse_date
from convenio.shared.errors import InvalidInputError, NotFoundError
from convenio.shared.money import Money
from convenio.terms import public as terms
from convenio.terms import services as terms_services

app = typer.Typer(
    help="Fees for custody: accrual, invoices, disputes, payments, cost comparison.",
    no_args_is_help=True,
)

AgreementOption = typer.Option(
    None, "--agreement", help="Agreement file (default: the registered one, else the packaged)."
)
ActorOption = typer.Option("cli", "--actor", help="Finance officer acting (recorded on events).")
MonthOption = typer.Option(..., "--month", help="Month, e.g. 2025-04.")


def _agreement(path: Path | None) -> terms.Agreement:
    if path is not None:
        return terms.load_agreement(path)
    try:
        return terms_services.current_agreement(context.services().uow())
    except NotFoundError:
        return terms.default_agreement()


def _actor(name: str, agreement: terms.Agreement) -> Actor:
    party = agreement.party(terms.PartyRole.SENDING)
    return Actor(
        id=name,
        party=party.id,
        party_kind=PartyKind.SENDING,
        roles=frozenset({Role.FINANCE_OFFICER}),
        name=name,
    )


def _invoice_id(reference: str) -> str:
    with context.services().uow() as uow:
        return billing.find_invoice(uow.session, reference)


@app.command("accrue")
def accrue(
    month: str = MonthOption,
    agreement_file: Path | None = AgreementOption,
    actor: str = ActorOption,
) -> None:
    """Accrue person-days of a month from custody (idempotent)."""
    agreement = _agreement(agreement_file)
    chosen = billing.Month.parse(month, field="--month")
    with context.console.status(f"accruing {chosen} …"):
        outcome = billing.accrue_month(
            context.services().uow(), agreement, chosen, actor=_actor(actor, agreement)
        )
    context.console.print(
        f"{chosen}: {outcome.stays:,} stays, {outcome.person_days:,} person-days; "
        f"{outcome.added:,} accrual entries added"
        + (
            f" ({outcome.corrected_stays:,} corrected stays re-accrued)"
            if outcome.corrected_stays
            else ""
        )
    )


@app.command("invoice")
def invoice(
    month: str = MonthOption,
    agreement_file: Path | None = AgreementOption,
    actor: str = ActorOption,
) -> None:
    """Build (or find) the draft invoice of a month, with repairs of billed months."""
    agreement = _agreement(agreement_file)
    chosen = billing.Month.parse(month, field="--month")
    with context.console.status(f"invoicing {chosen} …"):
        result = billing.build_invoice(
            context.services().uow(), agreement, chosen, actor=_actor(actor, agreement)
        )
    verb = "built" if result.created else "unchanged"
    context.console.print(
        f"{result.number} ({result.invoice_id}) {verb}: {result.status.value}, "
        f"{result.line_count:,} lines ({result.repair_count} repairs), total {result.total}"
    )


@app.command("credit-note")
def credit_note(agreement_file: Path | None = AgreementOption, actor: str = ActorOption) -> None:
    """A credit note carrying the corrections of billed months (instead of a next invoice)."""
    agreement = _agreement(agreement_file)
    result = billing.build_credit_note(
        context.services().uow(), agreement, actor=_actor(actor, agreement)
    )
    if result is None:
        context.console.print("nothing to correct: custody changed nothing already billed")
        return
    context.console.print(f"{result.number} ({result.invoice_id}): total {result.total}")


@app.command("list")
def list_(month: str | None = typer.Option(None, "--month", help="Only this month.")) -> None:
    """Invoices, newest first."""
    chosen = None if month is None else billing.Month.parse(month, field="--month")
    with context.services().uow() as uow:
        found = billing.list_invoices(uow.session, month=chosen)
    table = Table(title="Invoices")
    for column in ("number", "id", "month", "kind", "status", "total", "paid", "balance"):
        table.add_column(
            column, justify="right" if column in ("total", "paid", "balance") else "left"
        )
    for s in found:
        table.add_row(
            s.number,
            s.invoice_id,
            str(s.month),
            s.kind.value,
            s.status.value,
            str(s.total),
            str(s.paid),
            str(s.balance),
        )
    context.console.print(table)


def _lines_table(lines: Sequence[billing.LineView]) -> Table:
    table = Table()
    for column in (
        "line",
        "kind",
        "for",
        "person",
        "days paid",
        "days",
        "schedule",
        "amount",
        "events / corrects",
    ):
        table.add_column(
            column, justify="right" if column in ("days", "amount") else "left", overflow="fold"
        )
    for line in lines:
        span = f"{line.first_day} – {line.last_day}" if line.first_day else ""
        refs = " ".join(line.source_events)
        if line.corrects_line_id:
            refs = f"corrects {line.corrects_line_id}; {refs}"
        table.add_row(
            line.line_id,
            line.kind,
            str(line.for_month),
            line.person_id or "",
            span,
            str(line.days),
            f"{line.model} {line.schedule_from}",
            line.amount.amount_text(),
            refs,
        )
    return table


@app.command("show")
def show(
    invoice_ref: str = typer.Argument(..., metavar="INVOICE", help="Invoice id or number."),
    limit: int = typer.Option(50, "--limit", help="Lines to print (export for all)."),
) -> None:
    """An invoice: header, lines (person, days, schedule, custody events), disputes, payments."""
    with context.services().uow() as uow:
        view = billing.get_invoice(uow.session, billing.find_invoice(uow.session, invoice_ref))
    s = view.summary
    context.console.print(
        f"[bold]{s.number}[/bold] {s.invoice_id} — {s.kind.value} for {s.month}, "
        f"[bold]{s.status.value}[/bold]; total {s.total}, credited {s.credited}, "
        f"paid {s.paid}, balance {s.balance}"
    )
    table = _lines_table(view.lines[: max(limit, 0)])
    context.console.print(table)
    if len(view.lines) > limit:
        context.console.print(f"… {len(view.lines) - limit:,} more lines (use export)")
    for d in view.disputes:
        state = f"resolved: {d.resolution} (credit {d.credit})" if d.resolution else "open"
        context.console.print(f"dispute {d.dispute_id} on {d.line_id}: {d.reason} — {state}")
    for p in view.payments:
        context.console.print(f"payment {p.payment_id}: {p.amount} on {p.paid_on} ({p.reference})")


@app.command("issue")
def issue(
    invoice_ref: str = typer.Argument(..., metavar="INVOICE"),
    agreement_file: Path | None = AgreementOption,
    actor: str = ActorOption,
) -> None:
    """Issue a draft invoice; from then on it is never changed."""
    who = _actor(actor, _agreement(agreement_file))
    status = billing.issue_invoice(context.services().uow(), who, _invoice_id(invoice_ref))
    context.console.print(f"{invoice_ref}: {status.value}")


@app.command("dispute")
def dispute(
    invoice_ref: str = typer.Argument(..., metavar="INVOICE"),
    line: str = typer.Option(..., "--line", help="Line id (see `billing show`)."),
    reason: str = typer.Option(..., "--reason", help="Why the line is disputed."),
    agreement_file: Path | None = AgreementOption,
    actor: str = ActorOption,
) -> None:
    """Dispute one line of an issued invoice."""
    who = _actor(actor, _agreement(agreement_file))
    found = billing.open_dispute(
        context.services().uow(), who, _invoice_id(invoice_ref), line, reason
    )
    context.console.print(f"dispute {found} opened on {line}")


@app.command("resolve")
def resolve(
    dispute_id: str = typer.Argument(..., metavar="DISPUTE"),
    resolution: str = typer.Option(..., "--resolution", help="How it was resolved."),
    credit: str = typer.Option("0", "--credit", help="Amount credited, e.g. 109.58."),
    currency: str = typer.Option("USD", "--currency", help="Currency of the credit."),
    agreement_file: Path | None = AgreementOption,
    actor: str = ActorOption,
) -> None:
    """Resolve a dispute, optionally crediting part of the line."""
    who = _actor(actor, _agreement(agreement_file))
    status = billing.resolve_dispute(
        context.services().uow(), who, dispute_id, resolution, Money.parse(credit, currency)
    )
    context.console.print(f"dispute {dispute_id} resolved; invoice is {status.value}")


@app.command("pay")
def pay(
    invoice_ref: str = typer.Argument(..., metavar="INVOICE"),
    amount: str = typer.Option(..., "--amount", help="Amount received, e.g. 500000.00."),
    currency: str = typer.Option("USD", "--currency"),
    paid_on: str = typer.Option(..., "--on", help="Date received, e.g. 2025-05-10."),
    reference: str = typer.Option("", "--reference", help="Bank reference."),
    agreement_file: Path | None = AgreementOption,
    actor: str = ActorOption,
) -> None:
    """Record a payment (partial allowed)."""
    who = _actor(actor, _agreement(agreement_file))
    found = billing.record_payment(
        context.services().uow(),
        who,
        _invoice_id(invoice_ref),
        Money.parse(amount, currency),
        parse_date(paid_on, field="--on"),
        reference,
    )
    context.console.print(f"payment {found} recorded")


def _comparison_table(title: str, rows: list[billing.MonthComparison]) -> Table:
    table = Table(title=title)
    for column in (
        "month",
        "person-days",
        "domestic cost",
        "fees accrued",
        "fees invoiced",
        "paid",
        "saving",
        "cumulative domestic",
        "cumulative fees",
        "cumulative saving",
    ):
        table.add_column(column, justify="left" if column == "month" else "right")
    for r in rows:
        table.add_row(
            str(r.month),
            f"{r.person_days:,}",
            str(r.domestic_cost),
            str(r.fees_accrued),
            str(r.fees_invoiced),
            str(r.fees_paid),
            str(r.saving),
            str(r.cumulative_domestic_cost),
            str(r.cumulative_fees_accrued),
            str(r.cumulative_saving),
        )
    return table


@app.command("compare")
def compare(
    start: str = typer.Option(..., "--from", help="First month, e.g. 2025-03."),
    end: str = typer.Option(..., "--to", help="Last month, e.g. 2026-02."),
    agreement_file: Path | None = AgreementOption,
) -> None:
    """Fees to the receiving state against the domestic cost of the same person-days."""
    agreement = _agreement(agreement_file)
    first = billing.Month.parse(start, field="--from")
    last = billing.Month.parse(end, field="--to")
    if last < first:
        raise InvalidInputError("--to: must not be before --from", field="--to")
    with context.services().uow() as uow:
        rows = billing.cost_comparison(uow.session, agreement, first, last)
    context.console.print(_comparison_table(f"{agreement.title}: cost comparison", rows))


@app.command("forecast")
def forecast(
    as_of: str | None = typer.Option(None, "--as-of", help="Population of this day (today)."),
    months: int = typer.Option(12, "--months", min=1, max=120),
    agreement_file: Path | None = AgreementOption,
) -> None:
    """The coming months if the current population stays (the assumption is printed)."""
    agreement = _agreement(agreement_file)
    services = context.services()
    day = services.clock.now().date() if as_of is None else parse_date(as_of, field="--as-of")
    with services.uow() as uow:
        result = billing.forecast(uow.session, agreement, day, months)
    context.console.print(f"population on {result.as_of}: {result.population:,}")
    context.console.print(f"[italic]assumption: {result.assumption}[/italic]")
    context.console.print(_comparison_table("forecast", list(result.months)))


@app.command("export")
def export(
    invoice_ref: str = typer.Argument(..., metavar="INVOICE"),
    fmt: str = typer.Option(..., "--format", help="csv or html."),
    out: Path = typer.Option(..., "--out", help="File to write."),
    agreement_file: Path | None = AgreementOption,
) -> None:
    """Write an invoice as CSV or as a printable, self-contained HTML page."""
    if fmt not in ("csv", "html"):
        raise InvalidInputError(f"--format: {fmt!r} is not csv or html", field="--format")
    with context.services().uow() as uow:
        view = billing.get_invoice(uow.session, billing.find_invoice(uow.session, invoice_ref))
    title = _agreement(agreement_file).title
    text = billing.invoice_csv(view) if fmt == "csv" else billing.invoice_html(view, title)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(
            f"--out: cannot write {out} ({error.strerror})", field="--out"
        ) from None
    context.console.print(f"{view.summary.number}: {len(view.lines):,} lines written to {out}")


def register(root: typer.Typer) -> None:
    """Add ``billing`` to the root command."""
    root.add_typer(app, name="billing")
