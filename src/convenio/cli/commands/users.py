"""``convenio users``: create and list users, create API tokens."""

from __future__ import annotations

import sys

import typer
from rich.table import Table

from convenio.access import public as access
from convenio.cli import context
from convenio.shared.actor import SYSTEM_ACTOR
from convenio.shared.errors import InvalidInputError

app = typer.Typer(help="Users of the parties, their roles and API tokens.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (shown once, stored hashed).", no_args_is_help=True)
app.add_typer(token_app, name="token")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InvalidInputError("no password on standard input", field="--password-stdin")
        return password
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@app.command("create")
def create(
    username: str = typer.Option(..., "--username", help="Sign-in name (lower case)."),
    party: str = typer.Option(..., "--party", help="Party id from the agreement: US, SV, MONITOR."),
    role: list[str] = typer.Option(..., "--role", help="Role (repeat for several)."),
    display_name: str = typer.Option("", "--display-name", help="Name shown in the UI."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create a user of a party with one or more roles (password hashed with argon2)."""
    password = _read_password(password_stdin)
    user = access.create_user(
        context.services().uow(),
        username=username,
        password=password,
        party=party,
        roles=role,
        display_name=display_name,
        actor=SYSTEM_ACTOR,
    )
    roles = ", ".join(sorted(r.value for r in user.roles))
    context.console.print(f"[green]created[/green] {user.username} ({user.party}: {roles})")


@app.command("list")
def list_users() -> None:
    """Every user with party, roles and status."""
    table = Table(title="Users")
    for column in ("username", "name", "party", "roles", "active", "created"):
        table.add_column(column, overflow="fold")
    for user in access.list_users(context.services().uow()):
        table.add_row(
            user.username,
            user.display_name,
            f"{user.party} ({user.party_kind.value})",
            ", ".join(sorted(r.value for r in user.roles)),
            "yes" if user.is_active else "no",
            user.created_at.isoformat(timespec="seconds"),
        )
    context.console.print(table)


@token_app.command("create")
def create_token(
    username: str = typer.Argument(..., help="The user the token acts as."),
    label: str = typer.Option("cli", "--label", help="What the token is for."),
) -> None:
    """Create an API token for a user; it is printed once and stored only as a hash."""
    issued = access.issue_token(
        context.services().uow(), username=username, label=label, actor=SYSTEM_ACTOR
    )
    context.errors.print(f"API token for {issued.user.username} (shown once):")
    context.console.print(issued.token, highlight=False, soft_wrap=True)


def register(root: typer.Typer) -> None:
    """Add ``users`` to the root command."""
    root.add_typer(app, name="users")
