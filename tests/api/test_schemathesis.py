"""Property-based tests of the whole JSON API against its own OpenAPI schema (schemathesis).

Each operation is called by a user whose role grants its action (so the handlers, not only the
permission check, are exercised) with generated valid and invalid data: no 5xx, and every
answer conforms to the documented schema.
"""

from __future__ import annotations

import schemathesis
import schemathesis.specs.openapi.checks  # registers the OpenAPI checks
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS
from tests.api.helpers import ROLE_PARTY, make_client, make_user, token_for
from tests.api.test_permission_matrix import api_routes, expected_allowed

from convenio.access.domain.policy import PUBLIC_ACTIONS
from convenio.shared.actor import Role

schemathesis.serializer.alias("application/x-ndjson", "text/plain")

MAX_EXAMPLES = {"sqlite": 10, "postgresql": 4}
"""Examples per operation: the whole run stays around two minutes on both databases."""
EXCLUDED = {
    # Valid-looking ids of records that do not exist rightly answer 404; stateful checks need
    # links between operations the schema does not declare.
    "positive_data_acceptance",
    "use_after_free",
    "ensure_resource_availability",
    "object_level_authorization",
}


def tokens_by_role(db) -> dict[Role, str]:
    return {role: token_for(db, make_user(db, role)) for role in ROLE_PARTY}


def caller_for(action, tokens: dict[Role, str]) -> str:
    if action is None or action in PUBLIC_ACTIONS:
        return tokens[Role.MONITOR]
    granted = [role for role in ROLE_PARTY if expected_allowed(role, action)]
    return tokens[granted[0] if granted else Role.MONITOR]


def test_the_api_answers_every_generated_request_without_5xx_and_as_documented(db):
    app = make_client(db).app
    tokens = tokens_by_role(db)
    actions = {(method, path): action for method, path, action in api_routes(app)}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checks = [check for check in CHECKS.get_all() if check.__name__ not in EXCLUDED]
    assert {"not_a_server_error", "response_schema_conformance"} <= {c.__name__ for c in checks}
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/v1"):
            continue
        token = caller_for(actions.get((operation.method.upper(), operation.path)), tokens)

        exercise(operation, token, checks, MAX_EXAMPLES[db.dialect])
        tested += 1
    assert tested >= 5


def exercise(operation, token: str, checks, examples: int) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=checks)

    run()
