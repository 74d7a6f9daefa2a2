"""Demo users: one per role, random passwords kept in a private file and reused."""

from __future__ import annotations

import stat

from convenio.access import public as access
from convenio.bootstrap import Services
from convenio.demo.users import DEMO_USERS, logins_file, seed_demo_users
from convenio.platform.settings import Settings
from convenio.shared.actor import Role


def services_in(db, tmp_path) -> Services:
    settings = Settings(database_url=db.url, env="test", keys_dir=tmp_path / "var" / "keys")
    return Services(settings=settings, engine=db.engine, clock=db.clock)


def test_every_role_gets_a_demo_user_with_a_private_random_password(db, tmp_path):
    services = services_in(db, tmp_path)
    logins = seed_demo_users(services)
    assert {role for _, _, role, _ in logins} == {r.value for r in Role if r is not Role.SYSTEM}
    assert {("us-finance", "US"), ("sv-finance", "SV")} <= {(u, p) for u, _, _, p in logins}
    path = logins_file(services)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for username, password, _, _ in logins:
        assert password in path.read_text(encoding="utf-8")
        signed = access.sign_in(db.uow(), username=username, password=password, client="t")
        assert signed.user.username == username
    assert len({password for _, password, _, _ in logins}) == len(DEMO_USERS)


def test_seeding_again_reuses_the_passwords_and_creates_nobody(db, tmp_path):
    services = services_in(db, tmp_path)
    first = seed_demo_users(services)
    again = seed_demo_users(services)
    assert again == first
    assert len(access.list_users(db.uow())) == len(DEMO_USERS)


def test_a_lost_logins_file_gets_new_passwords_that_work(db, tmp_path):
    services = services_in(db, tmp_path)
    first = {u: p for u, p, _, _ in seed_demo_users(services)}
    logins_file(services).unlink()
    second = {u: p for u, p, _, _ in seed_demo_users(services)}
    assert second["monitor"] != first["monitor"]
    assert access.sign_in(db.uow(), username="monitor", password=second["monitor"], client="t")
