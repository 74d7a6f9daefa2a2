"""``convenio cases``: drive a transfer case through its lifecycle from the command line."""

from __future__ import annotations

import typer
from rich.table import Table

from convenio.cases import public as cases
from convenio.cases import services
from convenio.cli import context
from convenio.legal import public as legal
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import Instant, parse_instant
from convenio.terms import public as terms

app = typer.Typer(
    help="Transfer cases: open and screen, review, nominate, accept or decline, withdraw, show.",
    no_args_is_help=True,
)

AtOption = typer.Option(None, "--at", help="Instant of the step with offset (default: now).")
ActorOption = typer.Option("cli", "--actor", help="Who acts (recorded on every event).")


def cli_actor(name: str, role: Role) -> Actor:
    """The actor of a command: the named user with one role, for the party of that role."""
    agreement = terms.default_agreement()
    receiving = role is Role.RECEIVING_OFFICER
    kind = PartyKind.RECEIVING if receiving else PartyKind.SENDING
    party = agreement.party(terms.PartyRole.RECEIVING if receiving else terms.PartyRole.SENDING)
    return Actor(id=name, party=party.id, party_kind=kind, roles=frozenset({role}), name=name)


def _at(text: str | None) -> Instant | None:
    return None if text is None else parse_instant(text, field="--at")


def _print(view: cases.CaseView) -> None:
    flag = " [red]return requested[/red]" if view.return_requested else ""
    codes = ", ".join(view.decision_codes) or "none"
    context.console.print(
        f"case {view.case_id} ({view.person_id}): [bold]{view.state}[/bold]{flag} — decision "
        f"{view.decision}, reasons {codes}, facility {view.facility_id}"
    )


@app.command("open")
@app.command("create", hidden=True)
def open_(
    person_id: str = typer.Argument(..., help="The person's id in the records."),
    facility: str | None = typer.Option(None, help="Facility (default: the agreement's first)."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Open a case for a person and screen them (case officer)."""
    uow = context.services().uow()
    view = services.open_case(
        uow, person_id, cli_actor(actor, Role.CASE_OFFICER), at=_at(at), facility_id=facility
    )
    _print(view)


@app.command("rescreen")
def rescreen(case_id: str, at: str | None = AtOption, actor: str = ActorOption) -> None:
    """Screen a draft, screened or halted case again at an instant (case officer)."""
    view = services.rescreen(
        context.services().uow(), case_id, cli_actor(actor, Role.CASE_OFFICER), at=_at(at)
    )
    _print(view)


@app.command("review")
def review(
    case_id: str,
    outcome: str = typer.Option(..., help="approve or reject"),
    reasoning: str = typer.Option(..., help="Why the case may or may not go on."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Record a legal review of a case whose decision is review (legal reviewer)."""
    view = services.review_case(
        context.services().uow(),
        case_id,
        legal.parse_outcome(outcome),
        reasoning,
        cli_actor(actor, Role.LEGAL_REVIEWER),
        at=_at(at),
    )
    _print(view)


@app.command("nominate")
def nominate(
    case_id: str,
    facility: str | None = typer.Option(None, help="Facility (default: the case's)."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Nominate a screened case after a fresh screen at the instant (case officer)."""
    view = services.nominate(
        context.services().uow(),
        case_id,
        cli_actor(actor, Role.CASE_OFFICER),
        at=_at(at),
        facility_id=facility,
    )
    _print(view)


@app.command("accept")
def accept(case_id: str, at: str | None = AtOption, actor: str = ActorOption) -> None:
    """Accept a nomination and reserve a place (receiving officer)."""
    view = services.accept(
        context.services().uow(), case_id, cli_actor(actor, Role.RECEIVING_OFFICER), at=_at(at)
    )
    _print(view)


@app.command("decline")
def decline(
    case_id: str,
    reason: str = typer.Option(
        ...,
        help="no_capacity, security_classification, insufficient_documents, not_convicted, other",
    ),
    text: str | None = typer.Option(None, help="Explanation (required for other)."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Decline a nomination with a reason code (receiving officer)."""
    view = services.decline(
        context.services().uow(),
        case_id,
        reason,
        cli_actor(actor, Role.RECEIVING_OFFICER),
        text=text,
        at=_at(at),
    )
    _print(view)


@app.command("withdraw")
def withdraw(
    case_id: str,
    reason: str = typer.Option(..., help="Why the sending state withdraws the case."),
    at: str | None = AtOption,
    actor: str = ActorOption,
) -> None:
    """Withdraw an accepted case; its place is released (case officer)."""
    view = services.withdraw(
        context.services().uow(), case_id, reason, cli_actor(actor, Role.CASE_OFFICER), at=_at(at)
    )
    _print(view)


@app.command("show")
def show(case_id: str) -> None:
    """A case and its full history."""
    with context.services().uow() as uow:
        view = cases.get_case(uow.session, case_id)
        if view is None:
            raise cases.CaseNotFoundError(case_id)
        history = cases.case_history(uow.session, case_id)
        affected_alerts = [a for a in cases.open_alerts(uow.session) if a["case_id"] == case_id]
    _print(view)
    table = Table(title=f"history of {case_id}")
    for column in ("at (UTC)", "from", "to", "actor", "party", "reason", "holds"):
        table.add_column(column, overflow="fold")
    for step in history:
        reason = " ".join(p for p in (step["reason_code"] or "", step["reason"]) if p)
        table.add_row(
            step["at"].strftime("%Y-%m-%d %H:%M:%S"),
            step["from"] or "",
            step["to"],
            step["actor"],
            step["party"],
            reason,
            ", ".join(step["hold_ids"]),
        )
    context.console.print(table)
    for alert in affected_alerts:
        context.console.print(f"[red]alert:[/red] {alert['message']}")


@app.command("list")
def list_(
    state: str | None = typer.Option(None, help="Only cases in this state."),
    person: str | None = typer.Option(None, help="Only cases of this person."),
    offset: int = typer.Option(0),
    limit: int = typer.Option(50),
) -> None:
    """List cases (newest first) and the count per state."""
    with context.services().uow() as uow:
        views, total = cases.list_cases(
            uow.session, state=state, person_id=person, offset=offset, limit=limit
        )
        counts = cases.count_by_state(uow.session)
    table = Table(title=f"cases ({total} matching)")
    for column in ("case", "person", "state", "decision", "facility", "return", "updated (UTC)"):
        table.add_column(column, overflow="fold")
    for view in views:
        table.add_row(
            view.case_id,
            view.person_id,
            view.state,
            view.decision or "",
            view.facility_id or "",
            "yes" if view.return_requested else "",
            view.updated_at.isoformat(),
        )
    context.console.print(table)
    context.console.print(", ".join(f"{s}: {n}" for s, n in counts.items() if n))


def register(root: typer.Typer) -> None:
    """Add ``cases`` to the root command."""
    root.add_typer(app, name="cases")
