"""Every role (and anonymous) × every API route: allowed or denied exactly as the policy says.

The required action of a route is read from its ``allowed(Action.X)`` dependency; the expected
answer comes from the policy's grant table; the actual answer is the HTTP status.
"""

from __future__ import annotations

import re

from fastapi.routing import APIRoute, iter_route_contexts
from tests.api.helpers import ROLE_PARTY, make_client, make_user, token_for

from convenio.access.domain.policy import GRANTS, PARTY_KINDS, PUBLIC_ACTIONS, Action
from convenio.http.auth import required_action
from convenio.shared.actor import PartyKind, Role

PUBLIC_ROUTES = {("GET", "/api/v1/health"), ("POST", "/api/v1/tokens")}
"""Routes that take no action of the policy (sign-in and the health check)."""

KIND_OF_PARTY = {"US": PartyKind.SENDING, "SV": PartyKind.RECEIVING, "MONITOR": PartyKind.MONITOR}


def route_action(route) -> Action | None:
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        action = required_action(dependant.call)
        if action is not None:
            return action
        pending.extend(dependant.dependencies)
    return None


def api_routes(app) -> list[tuple[str, str, Action | None]]:
    found = []
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.path.startswith("/api/v1"):
            for method in sorted(route.methods - {"HEAD"}):
                found.append((method, route.path, route_action(route)))
    return found


def expected_allowed(role: Role | None, action: Action) -> bool:
    if action in PUBLIC_ACTIONS:
        return True
    if role is None:
        return False
    return action in GRANTS[role] and KIND_OF_PARTY[ROLE_PARTY[role]] in PARTY_KINDS[role]


def call(client, method: str, path: str, headers: dict[str, str]):
    concrete = re.sub(r"\{[^}]+\}", "matrix-probe", path)
    if method in {"POST", "PUT", "PATCH"}:
        return client.request(method, concrete, json={}, headers=headers)
    return client.request(method, concrete, headers=headers)


def test_every_api_route_names_its_action_or_is_explicitly_public(db):
    client = make_client(db)
    routes = api_routes(client.app)
    assert len(routes) >= 5
    unchecked = [(m, p) for m, p, action in routes if action is None]
    assert set(unchecked) == PUBLIC_ROUTES


def test_every_role_gets_exactly_the_routes_the_policy_grants(db):
    client = make_client(db)
    callers: dict[Role | None, dict[str, str]] = {None: {}}
    for role in ROLE_PARTY:
        token = token_for(db, make_user(db, role))
        callers[role] = {"Authorization": f"Bearer {token}"}
    mismatches = []
    checked = 0
    for method, path, action in api_routes(client.app):
        if action is None:
            continue
        for role, headers in callers.items():
            response = call(client, method, path, headers)
            denied = response.status_code in (401, 403)
            if role is None and denied:
                assert response.status_code == 401, (method, path)
            if denied == expected_allowed(role, action):
                mismatches.append((role, method, path, str(action), response.status_code))
            assert response.status_code < 500, (role, method, path, response.text)
            checked += 1
    assert mismatches == []
    assert checked >= 8 * 5
