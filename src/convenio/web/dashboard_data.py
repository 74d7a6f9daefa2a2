"""The figures of the dashboard, gathered from the contexts' public surfaces.

Each section is filled only when the actor's role may read it; charts travel to the page as
JSON in ``data-chart`` attributes (drawn by ``static/js/convenio.js``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from sqlalchemy.orm import Session

from convenio.billing import public as billing
from convenio.cases import public as cases
from convenio.custody import public as custody
from convenio.shared.errors import DomainError
from convenio.shared.money import exponent_of
from convenio.terms import public as terms
from convenio.terms import services as terms_services
from convenio.web.rendering import View

HISTORY_DAYS: Final = 90
COST_MONTHS: Final = 12
CASE_SCAN_LIMIT: Final = 50_000
_CASE_BATCH: Final = 1000


@dataclass(slots=True)
class Dashboard:
    """What the dashboard shows; a section the actor may not see stays empty."""

    facility: str = ""
    capacity: int = 0
    occupied: int = 0
    reserved: int = 0
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)


def _amount(minor: int, currency: str) -> str:
    """Minor units as an exact decimal string (chart values; never a float)."""
    return str(Decimal(minor).scaleb(-exponent_of(currency)))


def _capacity(data: Dashboard, session: Session, facility: terms.Facility, today: date) -> None:
    data.facility = facility.name
    data.capacity = facility.capacity.at(today).value
    data.occupied = custody.occupancy(session, on=today, facility_id=facility.id).total
    data.reserved = cases.reserved_places(session, facility.id)


def _occupancy_chart(view: View, session: Session, today: date) -> dict[str, Any]:
    series = custody.daily_population(
        session, start=today - timedelta(days=HISTORY_DAYS - 1), end=today
    )
    return {
        "type": "line",
        "labels": [view.fmt.day(day, "short") for day, _ in series],
        "datasets": [{"label": view.gettext("People held"), "data": [n for _, n in series]}],
    }


def _cases_chart(view: View, session: Session) -> dict[str, Any]:
    counts = {state: n for state, n in cases.count_by_state(session).items() if n}
    return {
        "type": "bar",
        "labels": [view.gettext(state.replace("_", " ")) for state in counts],
        "datasets": [{"label": view.gettext("Cases"), "data": list(counts.values())}],
    }


def reason_counts(session: Session) -> Counter[str]:
    """How many cases carry each reason code in their latest screening."""
    counts: Counter[str] = Counter()
    for offset in range(0, CASE_SCAN_LIMIT, _CASE_BATCH):
        batch, total = cases.list_cases(session, offset=offset, limit=_CASE_BATCH)
        for case in batch:
            counts.update(case.decision_codes)
        if offset + _CASE_BATCH >= total:
            break
    return counts


def _reasons_chart(view: View, session: Session) -> dict[str, Any]:
    counts = reason_counts(session).most_common()
    return {
        "type": "bar",
        "horizontal": True,
        "labels": [code for code, _ in counts],
        "datasets": [{"label": view.gettext("Cases"), "data": [n for _, n in counts]}],
    }


def _cost_chart(
    view: View, session: Session, agreement: terms.Agreement, today: date
) -> dict[str, Any]:
    billed = [row.month for row in billing.fees_by_month(session, agreement.id)]
    # The twelve months up to the latest billed month (or up to now when nothing is billed).
    end = max(billed, key=lambda m: (m.year, m.month)) if billed else billing.Month.of(today)
    index = end.year * 12 + end.month - 1 - (COST_MONTHS - 1)
    start = billing.Month(index // 12, index % 12 + 1)
    rows = billing.cost_comparison(session, agreement, start, end)
    currency = agreement.fees.currency
    return {
        "type": "bar",
        "labels": [view.fmt.month(row.month.first) for row in rows],
        "datasets": [
            {
                "label": view.gettext("Fees accrued"),
                "data": [_amount(r.fees_accrued.minor, currency) for r in rows],
            },
            {
                "label": view.gettext("Domestic cost of the same days"),
                "data": [_amount(r.domestic_cost.minor, currency) for r in rows],
            },
        ],
        "currency": currency,
    }


def collect(view: View) -> Dashboard:
    """Gather the dashboard figures the actor may see."""
    services = view.request.app.state.services
    data = Dashboard()
    try:
        agreement = terms_services.current_agreement(services.uow())
    except DomainError:
        return data
    today = services.clock.now().astimezone(view.fmt.zone).date()
    with services.uow() as uow:
        session = uow.session
        if agreement.facilities and view.can("custody.read"):
            _capacity(data, session, agreement.facilities[0], today)
            data.charts["occupancy"] = _occupancy_chart(view, session, today)
        if view.can("case.read"):
            data.charts["cases"] = _cases_chart(view, session)
        if view.can("decision.read"):
            data.charts["reasons"] = _reasons_chart(view, session)
        if view.can("billing.read"):
            data.charts["costs"] = _cost_chart(view, session, agreement, today)
    return data
