"""The API reference page: Swagger UI, vendored, over /openapi.json, under the strict CSP."""

from __future__ import annotations

import re

import pytest
from tests.api.helpers import make_client
from tests.oversight.test_locator_browser import server  # noqa: F401  (the live server)

from convenio.http.security import CONTENT_SECURITY_POLICY


def test_the_reference_page_loads_only_scripts_of_this_origin(db):
    client = make_client(db)
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, flags=re.S)
    assert [attributes.split('"')[1] for attributes, _ in scripts] == [
        "/static/vendor/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
    ]
    assert all(body.strip() == "" for _, body in scripts)
    assert 'data-schema="/openapi.json"' in page.text
    for asset in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css"):
        assert client.get(asset).status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "Convenio API"


@pytest.mark.browser
def test_the_reference_renders_every_area_of_the_api(browser, server, shots):  # noqa: F811
    problems: list[str] = []
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and problems.append(message.text),
    )
    page.goto("/api/docs")
    page.wait_for_selector(".opblock-tag", timeout=20_000)
    tags = {text.strip() for text in page.locator(".opblock-tag span").all_inner_texts()}
    assert {"people", "billing", "ledger"} <= {tag.lower() for tag in tags}
    assert page.locator(".opblock").count() >= 40
    page.screenshot(path=str(shots / "api-docs.png"))
    context.close()
    assert problems == []
