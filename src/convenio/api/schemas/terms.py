"""Schemas of the agreement in force."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class PartyRead(BaseModel):
    """A party to the agreement."""

    id: str
    name: str
    role: str
    country: str | None


class ParameterRead(BaseModel):
    """A parameter's value in force, since when, and its reference."""

    name: str
    value: int | bool
    effective_from: date
    reference: str


class FacilityRead(BaseModel):
    """A facility and its capacity in force."""

    id: str
    name: str
    place: str
    time_zone: str
    capacity: int


class FeeScheduleRead(BaseModel):
    """The fee schedule in force (amounts as decimal strings)."""

    model: str
    amount: str
    currency: str
    effective_from: date
    reference: str


class AgreementRead(BaseModel):
    """The agreement in force on ``as_of``: parties, parameters, facilities, fees."""

    id: str
    title: str
    digest: str
    as_of: date
    sending_country: str
    receiving_country: str
    parties: list[PartyRead]
    parameters: list[ParameterRead]
    facilities: list[FacilityRead]
    fee_schedule: FeeScheduleRead | None
