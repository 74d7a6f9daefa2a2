"""``/api/v1/terms``: the agreement in force on a day, every value with its reference."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from convenio.access import public as access
from convenio.api.deps import ServicesDep
from convenio.api.schemas.terms import (
    AgreementRead,
    FacilityRead,
    FeeScheduleRead,
    ParameterRead,
    PartyRead,
)
from convenio.http.auth import actor_allowed
from convenio.shared.actor import Actor
from convenio.terms import public as terms
from convenio.terms import services as terms_services

router = APIRouter(tags=["terms"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.TERMS_READ))]


@router.get("/terms", response_model=AgreementRead)
def agreement_in_force(
    _: Reader,
    services: ServicesDep,
    as_of: Annotated[date | None, Query(description="Day (YYYY-MM-DD); today by default.")] = None,
) -> AgreementRead:
    """The agreement registered as current, with the values in force on ``as_of``."""
    agreement = terms_services.current_agreement(services.uow())
    day = as_of or services.clock.now().date()
    return AgreementRead(
        id=agreement.id,
        title=agreement.title,
        digest=agreement.digest,
        as_of=day,
        sending_country=agreement.sending_country,
        receiving_country=agreement.receiving_country,
        parties=[
            PartyRead(id=p.id, name=p.name, role=p.role.value, country=p.country)
            for p in agreement.parties
        ],
        parameters=_parameters(agreement, day),
        facilities=_facilities(agreement, day),
        fee_schedule=_fee_schedule(agreement, day),
    )


def _parameters(agreement: terms.Agreement, day: date) -> list[ParameterRead]:
    shown = []
    for name, series in agreement.parameters.items():
        try:
            value = series.at(day)
        except terms.ParameterNotInForceError:
            continue
        shown.append(
            ParameterRead(
                name=name,
                value=value.value,
                effective_from=value.effective_from,
                reference=value.reference,
            )
        )
    return shown


def _facilities(agreement: terms.Agreement, day: date) -> list[FacilityRead]:
    shown = []
    for facility in agreement.facilities:
        try:
            capacity = facility.capacity.at(day).value
        except terms.ParameterNotInForceError:
            capacity = 0
        shown.append(
            FacilityRead(
                id=facility.id,
                name=facility.name,
                place=facility.place,
                time_zone=facility.time_zone,
                capacity=capacity,
            )
        )
    return shown


def _fee_schedule(agreement: terms.Agreement, day: date) -> FeeScheduleRead | None:
    try:
        dated = agreement.fees.schedules.at(day)
    except terms.ParameterNotInForceError:
        return None
    return FeeScheduleRead(
        model=dated.value.model.value,
        amount=dated.value.amount.amount_text(),
        currency=agreement.fees.currency,
        effective_from=dated.effective_from,
        reference=dated.reference,
    )
