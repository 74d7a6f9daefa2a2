"""Signed webhooks end to end: follow a person, a case moves, a delivery is queued and sent."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from convenio.cases import services as case_services
from convenio.oversight.domain.webhooks import RETRY_DELAYS, verify
from convenio.oversight.services import webhooks
from convenio.shared.actor import Actor, PartyKind, Role
from movements.world import CASE_OFFICER, World, person

MONITOR = Actor(
    id="u-mon", party="MONITOR", party_kind=PartyKind.MONITOR, roles=frozenset({Role.MONITOR})
)


class Recorder:
    """A subscriber endpoint: records each request; answers from a script of outcomes."""

    def __init__(self, *outcomes: int | Exception) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[tuple[str, bytes, dict[str, str]]] = []
        self.during: list[object] = []
        self.on_send = None

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        self.requests.append((url, body, dict(headers)))
        if self.on_send is not None:
            self.during.append(self.on_send())
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.fixture
def followed(db, tmp_path):
    """Counsel follows P-1; a consulate follows P-2; both people are imported."""
    world = World(db=db, tmp_path=tmp_path)
    world.import_people([person("P-1", aea=False), person("P-2", aea=False)])
    counsel = webhooks.register_subscriber(
        db.uow(),
        name="Counsel of record",
        kind="counsel",
        url="https://counsel.test/h",
        actor=MONITOR,
    )
    consulate = webhooks.register_subscriber(
        db.uow(), name="Consulate", kind="consulate", url="https://consul.test/h", actor=MONITOR
    )
    webhooks.follow(db.uow(), counsel.id, "P-1", MONITOR)
    webhooks.follow(db.uow(), consulate.id, "P-2", MONITOR)
    return db, counsel, consulate


def _move_case_of_p1(db) -> str:
    case = case_services.open_case(db.uow(), "P-1", CASE_OFFICER)
    case_services.nominate(db.uow(), case.case_id, CASE_OFFICER)
    return case.case_id


def test_a_transition_queues_a_signed_delivery_that_the_subscriber_can_verify(followed):
    db, counsel, _consulate = followed
    case_id = _move_case_of_p1(db)
    with db.uow() as uow:
        assert webhooks.list_deliveries(uow.session) == []  # nothing sent by the transaction
    queued = webhooks.enqueue_from_ledger(db.uow())
    assert queued >= 2
    assert webhooks.enqueue_from_ledger(db.uow()) == 0  # the cursor moved on
    endpoint = Recorder(200)
    assert webhooks.deliver_due(db.uow(), endpoint) == (queued, 0)
    assert {url for url, _, _ in endpoint.requests} == {"https://counsel.test/h"}
    for _url, body, headers in endpoint.requests:
        assert verify(counsel.secret.encode(), headers, body, now=db.clock.now())
        assert not verify(counsel.secret.encode(), headers, body + b" ", now=db.clock.now())
        assert not verify(b"another secret", headers, body, now=db.clock.now())
        event = json.loads(body)
        assert event["event"] == "cases.case_transitioned"
        assert event["data"]["person_id"] == "P-1" and event["data"]["case_id"] == case_id
    later = db.clock.now() + timedelta(minutes=10)
    _url, body, headers = endpoint.requests[0]
    assert not verify(counsel.secret.encode(), headers, body, now=later)  # a replay is stale
    assert webhooks.deliver_due(db.uow(), endpoint) == (0, 0)


def test_delivery_runs_outside_any_transaction(followed):
    db, _counsel, _consulate = followed
    _move_case_of_p1(db)
    webhooks.enqueue_from_ledger(db.uow())
    endpoint = Recorder(200)
    other = webhooks.register_subscriber
    endpoint.on_send = lambda: (
        other(db.uow(), name="Monitor", kind="monitor", url="https://m.test/h", actor=MONITOR).id
    )
    succeeded, failed = webhooks.deliver_due(db.uow(), endpoint)
    assert failed == 0 and succeeded == len(endpoint.requests) > 0
    assert all(str(sid).startswith("sub") for sid in endpoint.during)


def test_a_failing_subscriber_is_retried_with_backoff_and_logged(followed):
    db, _counsel, _consulate = followed
    case_services.open_case(db.uow(), "P-1", CASE_OFFICER)
    assert webhooks.enqueue_from_ledger(db.uow()) == 1
    endpoint = Recorder(ConnectionError("refused"), 503, 200)
    assert webhooks.deliver_due(db.uow(), endpoint) == (0, 1)
    assert webhooks.deliver_due(db.uow(), endpoint) == (0, 0)  # not due before the backoff
    db.clock.advance(timedelta(seconds=RETRY_DELAYS[0]))
    assert webhooks.deliver_due(db.uow(), endpoint) == (0, 1)
    db.clock.advance(timedelta(seconds=RETRY_DELAYS[1] - 1))
    assert webhooks.deliver_due(db.uow(), endpoint) == (0, 0)
    db.clock.advance(timedelta(seconds=1))
    assert webhooks.deliver_due(db.uow(), endpoint) == (1, 0)
    ids = {headers["Webhook-Id"] for _, _, headers in endpoint.requests}
    assert len(ids) == 1  # the same delivery id on every retry
    with db.uow() as uow:
        (log,) = webhooks.list_deliveries(uow.session)
    assert (log.attempts, log.succeeded, log.last_status, log.given_up) == (3, True, 200, False)


def test_a_subscriber_that_never_answers_is_given_up_after_the_last_retry(followed):
    db, _counsel, _consulate = followed
    case_services.open_case(db.uow(), "P-1", CASE_OFFICER)
    webhooks.enqueue_from_ledger(db.uow())
    endpoint = Recorder(500)
    webhooks.deliver_due(db.uow(), endpoint)
    for delay in RETRY_DELAYS:
        db.clock.advance(timedelta(seconds=delay))
        assert webhooks.deliver_due(db.uow(), endpoint) == (0, 1)
    db.clock.advance(timedelta(days=7))
    assert webhooks.deliver_due(db.uow(), endpoint) == (0, 0)
    with db.uow() as uow:
        (log,) = webhooks.list_deliveries(uow.session)
    assert log.given_up and log.attempts == len(RETRY_DELAYS) + 1
    assert log.last_status == 500 and not log.succeeded
