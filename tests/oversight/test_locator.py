"""The public locator: three answers only, exact matches only, a rate limit per client."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from tests.conftest import EXAMPLES

from convenio.custody import public as custody
from convenio.oversight.adapters.sql import locator_query_counts, locator_rate_windows
from convenio.oversight.domain.locator import AnswerKind, ByANumber, ByIdentity
from convenio.oversight.services import locator
from convenio.records import public as records
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.errors import RateLimitedError

SECRET = b"locator-test-secret"
RECEIVING = Actor(
    id="u-recv",
    party="SV",
    party_kind=PartyKind.RECEIVING,
    roles=frozenset({Role.RECEIVING_OFFICER}),
)
ARRIVAL = datetime(2025, 3, 16, 4, 30, tzinfo=UTC)  # 2025-03-15 22:30 in San Salvador


@pytest.fixture
def held(db):
    """EX-1 held at CECOT since 2025-03-15 local; EX-4 known to the sending state, not held."""
    records_services.import_people(db.uow(), EXAMPLES / "people.jsonl")
    with db.uow() as uow:
        person = records.get_person(uow.session, "EX-1")
        custody.admit(
            uow.session,
            person=person,
            case_id="case_test",
            movement_id=None,
            facility_id="CECOT",
            at=ARRIVAL,
            actor=RECEIVING,
            now=ARRIVAL,
        )
        uow.commit()
    db.clock.instant = ARRIVAL + timedelta(days=3)
    return db


def ask(db, query, client="198.51.100.7"):
    return locator.locate(db.uow(), query, client=client, secret=SECRET)


def test_a_held_person_is_found_by_a_number_with_facility_and_date(held):
    answer = ask(held, ByANumber("A201234567"))
    assert answer.kind is AnswerKind.HELD
    assert answer.facility == "Centro de Confinamiento del Terrorismo"
    assert answer.on == date(2025, 3, 15)


def test_a_held_person_is_found_by_exact_identity(held):
    answer = ask(
        held,
        ByIdentity(
            family_name="Rojas Medina",
            given_names="Luis Alberto",
            birth_date=date(1994, 7, 12),
            country="VE",
        ),
    )
    assert answer.kind is AnswerKind.HELD


@pytest.mark.parametrize(
    "query",
    [
        ByIdentity(
            family_name="Rojas",
            given_names="Luis Alberto",
            birth_date=date(1994, 7, 12),
            country="VE",
        ),
        ByIdentity(
            family_name="Rojas Medina",
            given_names="Luis",
            birth_date=date(1994, 7, 12),
            country="VE",
        ),
        ByIdentity(
            family_name="Rojas Medina",
            given_names="Luis Alberto",
            birth_date=date(1994, 7, 13),
            country="VE",
        ),
        ByIdentity(
            family_name="Rojas Medina",
            given_names="Luis Alberto",
            birth_date=date(1994, 7, 12),
            country="CO",
        ),
    ],
)
def test_partial_or_wrong_identities_find_nothing(held, query):
    assert ask(held, query).kind is AnswerKind.NO_RECORD


def test_known_but_not_held_is_indistinguishable_from_unknown(held):
    known = ask(held, ByANumber("A087654321"))  # EX-4: in the sending state's records
    unknown = ask(held, ByANumber("A999999999"))
    assert known == unknown
    assert known.kind is AnswerKind.NO_RECORD and known.facility is None and known.on is None


def test_the_rate_limit_applies_per_client_and_counts_without_identity(held):
    for _ in range(locator.LIMIT_PER_WINDOW):
        ask(held, ByANumber("A999999999"), client="203.0.113.9")
    with pytest.raises(RateLimitedError) as refused:
        ask(held, ByANumber("A201234567"), client="203.0.113.9")
    assert refused.value.retry_after_seconds > 0
    assert ask(held, ByANumber("A201234567"), client="203.0.113.10").kind is AnswerKind.HELD
    held.clock.advance(timedelta(minutes=1))
    assert ask(held, ByANumber("A201234567"), client="203.0.113.9").kind is AnswerKind.HELD
    with held.uow() as uow:
        counts = locator.query_counts(uow.session)
        keys = uow.session.execute(select(locator_rate_windows.c.client_key)).scalars().all()
        assert uow.session.execute(select(locator_query_counts)).all()
    assert counts == {"no_record": 10, "rate_limited": 1, "held": 2}
    assert all("203.0.113" not in key for key in keys)
