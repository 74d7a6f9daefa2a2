"""The public locator: exact lookups, a rate limit per client, counted but never logged.

Only three answers exist (see ``oversight.domain.locator``). The searcher's identity is never
stored: the rate limit keys on an HMAC of the client address under the server's secret, and
queries are counted per day and outcome only.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from convenio.custody import public as custody
from convenio.oversight.adapters.sql import locator_query_counts, locator_rate_windows
from convenio.oversight.domain.locator import AnswerKind, ByANumber, ByIdentity, LocatorAnswer
from convenio.platform.uow import UnitOfWork
from convenio.records import public as records
from convenio.shared.errors import RateLimitedError

WINDOW: Final = timedelta(minutes=1)
LIMIT_PER_WINDOW: Final = 10


def client_key(secret: bytes, client: str) -> str:
    """An irreversible key for a client address (never stored in clear)."""
    return hmac.new(secret, client.encode(), hashlib.sha256).hexdigest()


def locate(
    uow: UnitOfWork, query: ByANumber | ByIdentity, *, client: str, secret: bytes
) -> LocatorAnswer:
    """Answer one locator query for one client.

    Raises:
        RateLimitedError: the client asked more than ``LIMIT_PER_WINDOW`` times this minute.
    """
    with uow:
        now = uow.clock.now()
        retry_after = _take_a_token(uow.session, client_key(secret, client), now)
        if retry_after is not None:
            _count(uow.session, now, "rate_limited")
            uow.commit()
            raise RateLimitedError(
                f"Too many searches from this connection; try again in {retry_after} seconds.",
                retry_after_seconds=retry_after,
            )
        answer = _answer(uow.session, query)
        _count(uow.session, now, answer.kind)
        uow.commit()
    return answer


def _answer(session: Session, query: ByANumber | ByIdentity) -> LocatorAnswer:
    if isinstance(query, ByANumber):
        person_ids = records.find_person_ids_by_a_number(session, query.a_number)
    else:
        person_ids = records.find_person_ids_by_identity(
            session,
            family_name=query.family_name,
            given_names=query.given_names,
            birth_date=query.birth_date,
            country=query.country,
        )
    answers = [_answer_for(session, person_id) for person_id in person_ids]
    for kind in (AnswerKind.HELD, AnswerKind.LEFT):
        found = [a for a in answers if a.kind is kind]
        if found:
            return max(found, key=lambda a: a.on or date.min)
    return LocatorAnswer.no_record()


def _answer_for(session: Session, person_id: str) -> LocatorAnswer:
    location = custody.locate(session, person_id)
    if location is None:
        return LocatorAnswer.no_record()
    if location.status == "held":
        return LocatorAnswer(AnswerKind.HELD, facility=location.facility_name, on=location.since)
    return LocatorAnswer(AnswerKind.LEFT, on=location.on)


def _upsert(session: Session, table: Table, keys: dict[str, object], column: str) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(**keys, **{column: 1})
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={column: table.c[column] + 1}
    )
    session.execute(statement)


def _take_a_token(session: Session, key: str, now: datetime) -> int | None:
    """Use one query of the client's window; the seconds to wait if none is left."""
    window = now.replace(second=0, microsecond=0)
    session.execute(
        delete(locator_rate_windows).where(
            locator_rate_windows.c.window_start < window - timedelta(days=1)
        )
    )
    used = (
        session.execute(
            select(locator_rate_windows.c.count).where(
                locator_rate_windows.c.client_key == key,
                locator_rate_windows.c.window_start == window,
            )
        ).scalar_one_or_none()
        or 0
    )
    if used >= LIMIT_PER_WINDOW:
        return int((window + WINDOW - now).total_seconds()) + 1
    _upsert(session, locator_rate_windows, {"client_key": key, "window_start": window}, "count")
    return None


def _count(session: Session, now: datetime, outcome: str) -> None:
    _upsert(session, locator_query_counts, {"day": now.date(), "outcome": str(outcome)}, "count")


def query_counts(session: Session) -> dict[str, int]:
    """How many locator queries were answered, by outcome (all days)."""
    totals: dict[str, int] = {}
    for _day, outcome, count in session.execute(select(locator_query_counts)):
        totals[outcome] = totals.get(outcome, 0) + int(count)
    return totals
