"""HTTP plumbing: token auth, CSRF, idempotent replays, security headers, bad input never 500."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Form, Request, Response
from sqlalchemy import func, select
from tests.api.helpers import PASSWORD, TestClient, make_client, make_user, token_for

from convenio.access import public as access
from convenio.access.adapters.sql import users
from convenio.http.auth import allowed, services_of
from convenio.http.csrf import CSRF_COOKIE, csrf_token_for
from convenio.http.errors import install_error_handlers
from convenio.http.sessions import open_session
from convenio.http.setup import install_security
from convenio.platform.settings import Settings
from convenio.shared.actor import Role

NEW_USER = {
    "username": "new-officer",
    "password": "another long password",
    "party": "US",
    "roles": ["case_officer"],
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def admin_token(db) -> str:
    return token_for(db, make_user(db, Role.ADMINISTRATOR))


def user_count(db) -> int:
    with db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(users)).scalar_one()


def test_every_response_carries_the_security_headers(db):
    client = make_client(db)
    for response in (
        client.get("/api/v1/health"),
        client.get("/api/v1/me"),
        client.get("/nowhere"),
    ):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"


def test_an_unknown_or_foreign_authorization_is_refused_with_401(db):
    client = make_client(db)
    for header in (
        "Bearer cvt_nope",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer \u00e9".encode("latin-1"),
    ):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert set(response.json()) == {"code", "message", "details"}


def test_a_token_from_sign_in_acts_as_its_user(db):
    make_user(db, Role.MONITOR)
    client = make_client(db)
    issued = client.post("/api/v1/tokens", json={"username": "monitor", "password": PASSWORD})
    assert issued.status_code == 201
    me = client.get("/api/v1/me", headers=bearer(issued.json()["token"]))
    assert me.json()["party"] == "MONITOR" and "oversight.inspect" in me.json()["actions"]


def test_repeated_failed_sign_ins_answer_429_with_retry_after(db):
    make_user(db, Role.MONITOR)
    client = make_client(db)
    wrong = {"username": "monitor", "password": "not the password"}
    statuses = [client.post("/api/v1/tokens", json=wrong).status_code for _ in range(5)]
    assert statuses == [401] * 5
    locked = client.post("/api/v1/tokens", json={"username": "monitor", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "access.locked_out" and "retry-after" in locked.headers


def test_a_keyed_post_is_replayed_not_repeated(db):
    client = make_client(db)
    headers = {**bearer(admin_token(db)), "Idempotency-Key": "create-officer-1"}
    first = client.post("/api/v1/users", json=NEW_USER, headers=headers)
    again = client.post("/api/v1/users", json=NEW_USER, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert user_count(db) == 2  # the administrator and one new user


def test_the_same_key_with_another_body_is_a_conflict(db):
    client = make_client(db)
    headers = {**bearer(admin_token(db)), "Idempotency-Key": "k-1"}
    client.post("/api/v1/users", json=NEW_USER, headers=headers)
    other = client.post(
        "/api/v1/users", json={**NEW_USER, "username": "someone-else"}, headers=headers
    )
    assert other.status_code == 409 and other.json()["code"] == "access.idempotency_key_reused"
    assert user_count(db) == 2


def test_keys_are_per_user(db):
    client = make_client(db)
    headers = {**bearer(admin_token(db)), "Idempotency-Key": "shared"}
    client.post("/api/v1/users", json=NEW_USER, headers=headers)
    second_admin = make_user(db, Role.ADMINISTRATOR, username="admin-two")
    other = {**bearer(token_for(db, second_admin)), "Idempotency-Key": "shared"}
    response = client.post("/api/v1/users", json={**NEW_USER, "username": "third"}, headers=other)
    assert response.status_code == 201 and "idempotent-replayed" not in response.headers


def test_an_unusable_idempotency_key_is_bad_input(db):
    client = make_client(db)
    headers = {**bearer(admin_token(db)), "Idempotency-Key": "x" * 201}
    response = client.post("/api/v1/users", json=NEW_USER, headers=headers)
    assert response.status_code == 422
    assert user_count(db) == 1


def test_malformed_requests_are_4xx_in_the_error_shape_never_500(db):
    client = make_client(db)
    headers = {**bearer(admin_token(db)), "content-type": "application/json"}
    bad = [
        client.post("/api/v1/users", content=b"{not json", headers=headers),
        client.post("/api/v1/users", content=b"\xff\xfe\xfa", headers=headers),
        client.post("/api/v1/users", content=b"[]", headers=headers),
        client.post("/api/v1/users", content=b'{"username": 1e999999}', headers=headers),
        client.get("/api/v1/users?limit=99999999999999999999999999", headers=headers),
        client.get("/api/v1/users?offset=-1", headers=headers),
        client.get("/api/v1/custody/occupancy?on=2025-02-30", headers=headers),
        client.get("/api/v1/ledger/leaves/99999999999999999999999/proof", headers=headers),
        client.delete("/api/v1/users", headers=headers),
        client.get("/api/v1/no-such-thing", headers=headers),
    ]
    for response in bad:
        assert 400 <= response.status_code < 500, response.text
        assert set(response.json()) == {"code", "message", "details"}
    assert bad[0].status_code == 422 and bad[8].status_code == 405 and bad[9].status_code == 404


def session_client(db, role: Role) -> tuple[TestClient, access.SignedIn]:
    make_user(db, role)
    signed_in = access.sign_in(
        db.uow(), username=role.value.replace("_", "-"), password=PASSWORD, client="t"
    )
    client = make_client(db)
    client.cookies.set("convenio_session", signed_in.session_token)
    return client, signed_in


def test_a_cookie_session_must_send_its_csrf_token_on_unsafe_requests(db):
    client, signed_in = session_client(db, Role.ADMINISTRATOR)
    assert client.get("/api/v1/me").status_code == 200
    refused = client.post("/api/v1/users", json=NEW_USER)
    assert refused.status_code == 403 and refused.json()["code"] == "access.csrf_rejected"
    forged = client.post("/api/v1/users", json=NEW_USER, headers={"X-CSRF-Token": "guess"})
    assert forged.status_code == 403
    accepted = client.post(
        "/api/v1/users", json=NEW_USER, headers={"X-CSRF-Token": signed_in.csrf_token}
    )
    assert accepted.status_code == 201
    assert user_count(db) == 2


def form_app(db) -> FastAPI:
    app = FastAPI()
    app.state.services = db.services()
    install_error_handlers(app)
    install_security(app, Settings(database_url=db.url, env="test"), secure_cookies=True)

    @app.get("/form")
    def form(request: Request) -> dict[str, str]:
        return {"csrf": csrf_token_for(request)}

    @app.post("/sign-in")
    async def sign_in(
        request: Request, response: Response, username: str = Form(), password: str = Form()
    ):
        from convenio.http.auth import verify_csrf

        await verify_csrf(request)
        await open_session(request, response, username=username, password=password)
        return {"ok": True}

    @app.post("/action", dependencies=[Depends(allowed(access.Action.USER_MANAGE))])
    def action(request: Request, note: str = Form()) -> dict[str, str]:
        return {"note": note, "services": type(services_of(request)).__name__}

    return app


def test_anonymous_forms_use_a_double_submit_cookie_and_sessions_get_strict_cookies(db):
    make_user(db, Role.ADMINISTRATOR)
    client = TestClient(form_app(db), base_url="https://testserver")
    page = client.get("/form")
    token = page.json()["csrf"]
    assert f"{CSRF_COOKIE}={token}" in page.headers["set-cookie"]
    assert (
        "HttpOnly" in page.headers["set-cookie"] and "SameSite=Strict" in page.headers["set-cookie"]
    )
    credentials = {"username": "administrator", "password": PASSWORD}
    assert client.post("/sign-in", data=credentials).status_code == 403
    signed = client.post("/sign-in", data={**credentials, "csrf_token": token})
    assert signed.status_code == 200
    cookie = signed.headers["set-cookie"].lower()
    assert "convenio_session=" in cookie and "httponly" in cookie
    assert "samesite=strict" in cookie and "secure" in cookie
    assert "strict-transport-security" in signed.headers


def test_a_session_form_post_is_checked_by_its_csrf_field(db):
    make_user(db, Role.ADMINISTRATOR)
    signed_in = access.sign_in(db.uow(), username="administrator", password=PASSWORD, client="t")
    client = TestClient(form_app(db), base_url="https://testserver")
    client.cookies.set("convenio_session", signed_in.session_token)
    assert client.post("/action", data={"note": "x"}).status_code == 403
    ok = client.post("/action", data={"note": "x", "csrf_token": signed_in.csrf_token})
    assert ok.status_code == 200 and ok.json()["note"] == "x"


def test_anonymous_callers_get_401_and_the_wrong_role_403(db):
    client = make_client(db)
    assert client.get("/api/v1/users").status_code == 401
    finance = token_for(db, make_user(db, Role.FINANCE_OFFICER))
    denied = client.get("/api/v1/users", headers=bearer(finance))
    assert denied.status_code == 403 and denied.json()["details"]["action"] == "user.manage"
