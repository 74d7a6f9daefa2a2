"""Sign-in, sign-out, CSRF and the language switch of the web UI."""

from __future__ import annotations

from tests.web.conftest import PASSWORD, csrf_of


def test_a_page_without_a_session_redirects_to_sign_in_and_back(web):
    client = web.anonymous()
    response = client.get("/terms")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Fterms"


def test_signing_in_opens_a_session_and_returns_to_the_page_asked_for(web):
    web.user("case_officer")
    client = web.anonymous()
    form = client.get("/sign-in?next=/terms")
    response = client.post(
        "/sign-in",
        data={
            "username": "case-officer",
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "/terms",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/terms"
    page = client.get("/terms")
    assert page.status_code == 200
    assert "Casey Officer" in page.text


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(web):
    web.user("case_officer")
    client = web.anonymous()
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "username": "case-officer",
            "password": "wrong password!",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert response.status_code == 401
    assert "Unknown username or wrong password." in response.text
    assert client.get("/terms").status_code == 303


def test_sign_in_without_the_form_token_is_refused(web):
    web.user("case_officer")
    client = web.anonymous()
    client.get("/sign-in")
    response = client.post(
        "/sign-in", data={"username": "case-officer", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert client.get("/terms").status_code == 303


def test_sign_in_never_redirects_to_another_site(web):
    web.user("case_officer")
    client = web.anonymous()
    form = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={
            "username": "case-officer",
            "password": PASSWORD,
            "csrf_token": csrf_of(form.text),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_sign_out_needs_the_session_token_and_ends_the_session(web):
    client = web.signed_in("case_officer")
    assert client.post("/sign-out", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/terms").status_code == 200
    token = web.csrf(client)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert client.get("/terms").status_code == 303


def test_the_language_switch_sets_a_cookie_and_translates_every_later_page(web):
    client = web.signed_in("receiving_officer")
    spanish = client.get("/terms?lang=es")
    assert spanish.status_code == 200
    assert '<html lang="es">' in spanish.text
    assert "Parámetros legales" in spanish.text
    later = client.get("/terms")
    assert "Parámetros legales" in later.text
    english = client.get("/terms?lang=en")
    assert "Legal parameters" in english.text


def test_the_browser_language_is_used_when_nothing_was_chosen(web):
    client = web.anonymous()
    page = client.get("/sign-in", headers={"Accept-Language": "es-SV,es;q=0.9"})
    assert '<html lang="es">' in page.text
    assert "Iniciar sesión" in page.text
