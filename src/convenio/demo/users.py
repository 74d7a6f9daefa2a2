"""One demo user per role, created at demo seed time with random passwords.

The passwords are generated on the first run, written to ``var/demo-logins.txt`` (mode 0600,
beside the keys) and reused on later runs; no secret lives in the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from convenio.access import public as access
from convenio.bootstrap import Services
from convenio.shared.actor import SYSTEM_ACTOR, Role
from convenio.shared.errors import NotFoundError

DemoLogin = tuple[str, str, str, str]
"""(username, password, role, party)."""

DEMO_USERS: tuple[tuple[str, Role, str, str], ...] = (
    ("us-case-officer", Role.CASE_OFFICER, "US", "Case officer (US)"),
    ("us-legal-reviewer", Role.LEGAL_REVIEWER, "US", "Legal reviewer (US)"),
    ("us-transport", Role.TRANSPORT_COORDINATOR, "US", "Transport coordinator (US)"),
    ("us-finance", Role.FINANCE_OFFICER, "US", "Finance officer (US)"),
    ("sv-receiving-officer", Role.RECEIVING_OFFICER, "SV", "Receiving officer (SV)"),
    ("sv-finance", Role.FINANCE_OFFICER, "SV", "Finance officer (SV)"),
    ("monitor", Role.MONITOR, "MONITOR", "Independent monitor"),
    ("admin", Role.ADMINISTRATOR, "US", "Administrator"),
)
"""(username, role, party, display name) of each demo user."""


def logins_file(services: Services) -> Path:
    """Where the demo logins are kept: ``demo-logins.txt`` beside the keys directory."""
    return services.settings.keys_dir.parent / "demo-logins.txt"


def seed_demo_users(services: Services) -> list[DemoLogin]:
    """Create the demo users that are missing; return every demo login (safe to run twice)."""
    path = logins_file(services)
    known = _read(path)
    logins: list[DemoLogin] = []
    for username, role, party, name in DEMO_USERS:
        password = known.get(username) or secrets.token_urlsafe(12)
        try:
            access.find_user(services.uow(), username)
            if username not in known:
                access.reset_password(
                    services.uow(), username=username, password=password, actor=SYSTEM_ACTOR
                )
        except NotFoundError:
            access.create_user(
                services.uow(),
                username=username,
                password=password,
                party=party,
                roles=[role.value],
                display_name=name,
                actor=SYSTEM_ACTOR,
            )
        logins.append((username, password, role.value, party))
    _write(path, logins)
    return logins


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and not line.startswith("#"):
            found[parts[0]] = parts[1]
    return found


def _write(path: Path, logins: list[DemoLogin]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# username\tpassword\trole\tparty (demo only; regenerated if deleted)"]
    lines += ["\t".join(login) for login in logins]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    path.chmod(0o600)
