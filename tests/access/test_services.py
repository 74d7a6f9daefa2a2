"""Users, argon2 passwords, throttled sign-in, sessions and hashed API tokens (both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from convenio.access import public as access
from convenio.access.adapters.sql import api_tokens, sessions, users
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.shared.actor import SYSTEM_ACTOR, PartyKind, Role
from convenio.shared.errors import InvalidInputError, NotFoundError

PASSWORD = "a long enough password"


def create(db, username="officer", party="US", roles=("case_officer",)):
    return access.create_user(
        db.uow(),
        username=username,
        password=PASSWORD,
        party=party,
        roles=list(roles),
        actor=SYSTEM_ACTOR,
    )


def sign_in(db, username="officer", password=PASSWORD, client="10.0.0.1"):
    return access.sign_in(db.uow(), username=username, password=password, client=client)


def event_types(db):
    with db.engine.connect() as connection:
        return [row.event_type for row in connection.execute(select(ledger_leaves.c.event_type))]


def test_passwords_are_stored_as_argon2id_hashes_never_in_clear(db):
    user = create(db)
    with db.engine.connect() as connection:
        stored = connection.execute(
            select(users.c.password_hash).where(users.c.id == user.id)
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_a_user_takes_the_party_kind_of_its_party_in_the_agreement(db):
    assert create(db, "receiver", "SV", ("receiving_officer",)).party_kind is PartyKind.RECEIVING
    assert create(db, "watcher", "MONITOR", ("monitor",)).actor().party_kind is PartyKind.MONITOR
    assert "access.user_created" in event_types(db)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("party", {"party": "FR"}),
        ("roles", {"roles": ["emperor"]}),
        ("roles", {"roles": ["system"]}),
        ("username", {"username": "Not Valid!"}),
        ("password", {"password": "short"}),
    ],
)
def test_bad_user_fields_are_refused_naming_the_field(db, field, overrides):
    values = {"username": "someone", "password": PASSWORD, "party": "US", "roles": ["case_officer"]}
    with pytest.raises(InvalidInputError) as caught:
        access.create_user(db.uow(), **{**values, **overrides}, actor=SYSTEM_ACTOR)
    assert caught.value.details["field"] == field
    assert access.list_users(db.uow()) == []


def test_a_username_cannot_be_taken_twice(db):
    create(db)
    with pytest.raises(access.UsernameTakenError):
        create(db)


def test_sign_in_opens_a_session_whose_secret_is_stored_hashed(db):
    user = create(db)
    signed_in = sign_in(db)
    assert signed_in.user.id == user.id
    with db.engine.connect() as connection:
        stored = connection.execute(select(sessions.c.token_hash)).scalars().all()
    assert signed_in.session_token not in stored and len(stored) == 1
    active = access.resolve_session(db.uow(), signed_in.session_token)
    assert active is not None and active.user.id == user.id
    assert active.csrf_token == signed_in.csrf_token
    assert "access.signed_in" in event_types(db)


def test_a_session_expires_and_ends_at_sign_out(db):
    create(db)
    first = sign_in(db)
    db.clock.advance(access.SESSION_LIFETIME + timedelta(seconds=1))
    assert access.resolve_session(db.uow(), first.session_token) is None
    second = sign_in(db)
    access.sign_out(db.uow(), second.session_token)
    assert access.resolve_session(db.uow(), second.session_token) is None


def test_a_wrong_password_or_unknown_user_fails_the_same_way(db):
    create(db)
    with pytest.raises(access.SignInFailedError) as wrong:
        sign_in(db, password="not the password at all")
    with pytest.raises(access.SignInFailedError) as unknown:
        sign_in(db, username="nobody")
    assert wrong.value.message == unknown.value.message


def test_five_failures_lock_the_username_out_even_for_the_right_password(db):
    create(db)
    for _ in range(5):
        with pytest.raises(access.SignInFailedError):
            sign_in(db, password="wrong wrong wrong")
    with pytest.raises(access.SignInLockedError):
        sign_in(db)
    with pytest.raises(access.SignInLockedError):
        sign_in(db, client="10.9.9.9")  # another client does not help
    db.clock.advance(timedelta(minutes=16))
    assert sign_in(db).user.username == "officer"


def test_a_success_resets_the_failure_count(db):
    create(db)
    for _ in range(4):
        with pytest.raises(access.SignInFailedError):
            sign_in(db, password="wrong wrong wrong")
    sign_in(db)
    for _ in range(4):
        with pytest.raises(access.SignInFailedError):
            sign_in(db, password="wrong wrong wrong")
    assert sign_in(db).user.username == "officer"


def test_one_client_guessing_many_usernames_is_locked_out(db):
    create(db)
    for index in range(20):
        with pytest.raises(access.SignInFailedError):
            sign_in(db, username=f"guess{index}", client="203.0.113.5")
    with pytest.raises(access.SignInLockedError):
        sign_in(db, client="203.0.113.5")
    assert sign_in(db, client="198.51.100.7").user.username == "officer"


def test_api_tokens_are_shown_once_and_stored_as_sha256(db):
    user = create(db)
    issued = access.issue_token(db.uow(), username="officer", label="robot", actor=SYSTEM_ACTOR)
    with db.engine.connect() as connection:
        stored = connection.execute(select(api_tokens.c.token_hash)).scalar_one()
    assert stored != issued.token and len(stored) == 64
    resolved = access.resolve_token(db.uow(), issued.token)
    assert resolved is not None and resolved.id == user.id
    assert access.resolve_token(db.uow(), issued.token + "x") is None
    assert access.resolve_token(db.uow(), "cvs_" + issued.token[4:]) is None


def test_a_token_needs_a_valid_password_when_asked_for_by_password(db):
    create(db)
    issued = access.issue_token_for_password(
        db.uow(), username="officer", password=PASSWORD, client="c", label="x"
    )
    assert access.resolve_token(db.uow(), issued.token) is not None
    with pytest.raises(access.SignInFailedError):
        access.issue_token_for_password(
            db.uow(), username="officer", password="nope nope nope", client="c"
        )


def test_a_token_for_an_unknown_user_is_not_found(db):
    with pytest.raises(NotFoundError):
        access.issue_token(db.uow(), username="ghost", label="x", actor=SYSTEM_ACTOR)


def test_resetting_a_password_ends_sessions_and_the_old_password(db):
    create(db)
    session = sign_in(db)
    access.reset_password(
        db.uow(), username="officer", password="another long password", actor=SYSTEM_ACTOR
    )
    assert access.resolve_session(db.uow(), session.session_token) is None
    with pytest.raises(access.SignInFailedError):
        sign_in(db)
    assert sign_in(db, password="another long password").user.username == "officer"


def test_a_monitor_read_is_recorded_on_the_ledger(db):
    monitor = create(db, "watcher", "MONITOR", ("monitor",))
    access.record_monitor_read(db.uow(), monitor.actor(), "person", ["P-1", "P-2"])
    assert event_types(db).count("access.monitor_read") == 1


def test_list_users_is_sorted_by_username(db):
    create(db, "zed")
    create(db, "amy", "SV", (Role.RECEIVING_OFFICER.value,))
    assert [u.username for u in access.list_users(db.uow())] == ["amy", "zed"]
