"""Load and validate an agreement file (YAML) into the terms model."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from convenio.shared.errors import InvalidInputError
from convenio.shared.money import Money
from convenio.terms.adapters import reader as r
from convenio.terms.domain.errors import AgreementFileError
from convenio.terms.domain.model import (
    PARAMETER_TYPES,
    Agreement,
    DatedSeries,
    DatedValue,
    DayCount,
    Facility,
    FeeModel,
    Fees,
    FeeSchedule,
    Party,
    PartyRole,
    Unit,
)

T = TypeVar("T")


class _Loader(yaml.CSafeLoader):
    """Safe YAML (libyaml) that keeps dates as text: an impossible date is reported, not raised."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)  # type: ignore[type-var]

_TOP_REQUIRED = {
    "agreement",
    "title",
    "sending_country",
    "receiving_country",
    "effective_from",
    "facilities",
    "fees",
    "parameters",
}
_TOP_OPTIONAL = {"references", "parties"}


def load_agreement_file(path: Path) -> Agreement:
    """Read and validate an agreement file.

    Raises:
        AgreementFileError: listing every problem with the path of its key.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInputError(
            f"{path}: cannot read the agreement file ({error.strerror})", path=str(path)
        ) from None
    return load_agreement_text(raw, source=str(path))


def load_agreement_text(raw: bytes, *, source: str = "<agreement>") -> Agreement:
    """Read and validate an agreement from YAML bytes."""
    try:
        document = yaml.load(raw.decode("utf-8"), Loader=_Loader)
    except UnicodeDecodeError as error:
        raise AgreementFileError(source, [f"not UTF-8 at byte {error.start}"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise AgreementFileError(source, [f"{where}not valid YAML ({problem})"]) from None
    problems = r.Problems()
    agreement = _agreement(problems, document, hashlib.sha256(raw).hexdigest())
    if problems.lines or agreement is None:
        raise AgreementFileError(source, problems.lines or ["empty agreement file"])
    return agreement


def _agreement(problems: r.Problems, document: object, digest: str) -> Agreement | None:
    top = r.mapping(problems, "", document, required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
    if top is None:
        return None
    ident = r.text(problems, "agreement", top.get("agreement"))
    title = r.text(problems, "title", top.get("title"))
    sending = r.country(problems, "sending_country", top.get("sending_country"))
    receiving = r.country(problems, "receiving_country", top.get("receiving_country"))
    effective = r.day(problems, "effective_from", top.get("effective_from"))
    references = _references(problems, top.get("references", []))
    facilities = _facilities(problems, top.get("facilities"))
    fees = _fees(problems, top.get("fees"))
    parameters = _parameters(problems, top.get("parameters"))
    parties = _parties(problems, top.get("parties"), sending, receiving)
    if None in (ident, title, sending, receiving, effective, fees) or problems.lines:
        return None
    assert ident and title and sending and receiving and effective and fees
    return Agreement(
        id=ident,
        title=title,
        sending_country=sending,
        receiving_country=receiving,
        effective_from=effective,
        references=references,
        parties=parties,
        facilities=facilities,
        fees=fees,
        parameters=parameters,
        digest=digest,
    )


def _references(problems: r.Problems, value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.add("references", f"expected a list of strings, got {r.describe(value)}")
        return ()
    found = [r.text(problems, f"references.{i}", item) for i, item in enumerate(value)]
    return tuple(item for item in found if item)


def _parties(
    problems: r.Problems, value: object, sending: str | None, receiving: str | None
) -> tuple[Party, ...]:
    if value is None:
        return (
            Party(
                id=sending or "SENDING",
                name=f"Government of {sending}",
                role=PartyRole.SENDING,
                country=sending,
            ),
            Party(
                id=receiving or "RECEIVING",
                name=f"Government of {receiving}",
                role=PartyRole.RECEIVING,
                country=receiving,
            ),
            Party(id="MONITOR", name="Independent monitor", role=PartyRole.MONITOR),
        )
    if not isinstance(value, list):
        problems.add("parties", f"expected a list, got {r.describe(value)}")
        return ()
    parties = []
    for index, item in enumerate(value):
        path = f"parties.{index}"
        fields = r.mapping(
            problems, path, item, required={"id", "name", "role"}, optional={"country"}
        )
        if fields is None:
            continue
        ident = r.text(problems, f"{path}.id", fields.get("id"))
        name = r.text(problems, f"{path}.name", fields.get("name"))
        role = fields.get("role")
        if role not in {p.value for p in PartyRole}:
            problems.add(
                f"{path}.role", f"expected sending, receiving or monitor, got {r.describe(role)}"
            )
            continue
        country = (
            r.country(problems, f"{path}.country", fields["country"])
            if "country" in fields
            else None
        )
        if ident and name:
            parties.append(Party(id=ident, name=name, role=PartyRole(str(role)), country=country))
    return tuple(parties)


def _facilities(problems: r.Problems, value: object) -> tuple[Facility, ...]:
    if not isinstance(value, list) or not value:
        problems.add("facilities", f"expected a non-empty list, got {r.describe(value)}")
        return ()
    facilities = []
    for index, item in enumerate(value):
        path = f"facilities.{index}"
        fields = r.mapping(
            problems,
            path,
            item,
            required={"id", "name", "place", "time_zone", "capacity"},
            optional={"units"},
        )
        if fields is None:
            continue
        ident = r.text(problems, f"{path}.id", fields.get("id"))
        name = r.text(problems, f"{path}.name", fields.get("name"))
        place = r.text(problems, f"{path}.place", fields.get("place"))
        zone = _time_zone(problems, f"{path}.time_zone", fields.get("time_zone"))
        capacity = r.dated(
            problems,
            f"{path}.capacity",
            fields.get("capacity"),
            lambda p, k, v: r.integer(p, k, v, minimum=1),
        )
        units = _units(problems, f"{path}.units", fields.get("units", []))
        if ident and name and place and zone and capacity:
            facilities.append(
                Facility(
                    id=ident,
                    name=name,
                    place=place,
                    time_zone=zone,
                    capacity=_series(f"capacity of {ident}", capacity),
                    units=units,
                )
            )
    return tuple(facilities)


def _units(problems: r.Problems, path: str, value: object) -> tuple[Unit, ...]:
    if not isinstance(value, list):
        problems.add(path, f"expected a list, got {r.describe(value)}")
        return ()
    units = []
    for index, item in enumerate(value):
        unit_path = f"{path}.{index}"
        fields = r.mapping(
            problems,
            unit_path,
            item,
            required={"id", "name", "certified_capacity", "operational_capacity"},
            optional=set(),
        )
        if fields is None:
            continue
        ident = r.text(problems, f"{unit_path}.id", fields.get("id"))
        name = r.text(problems, f"{unit_path}.name", fields.get("name"))
        certified = r.integer(
            problems, f"{unit_path}.certified_capacity", fields.get("certified_capacity"), minimum=1
        )
        operational = r.integer(
            problems,
            f"{unit_path}.operational_capacity",
            fields.get("operational_capacity"),
            minimum=0,
        )
        if ident and name and certified is not None and operational is not None:
            units.append(
                Unit(
                    id=ident,
                    name=name,
                    certified_capacity=certified,
                    operational_capacity=operational,
                )
            )
    return tuple(units)


def _time_zone(problems: r.Problems, path: str, value: object) -> str | None:
    zone = r.text(problems, path, value)
    if zone is None:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(path, f"unknown IANA time zone {zone!r}")
        return None
    return zone


def _amount(problems: r.Problems, path: str, value: object, currency: str) -> Money | None:
    if isinstance(value, float):
        problems.add(path, f'write amounts as quoted decimal strings ("{value:.2f}"), not floats')
        return None
    if isinstance(value, int | Decimal | str) and not isinstance(value, bool):
        try:
            return Money.parse(str(value), currency)
        except InvalidInputError as error:
            problems.add(path, error.message)
            return None
    problems.add(path, f'expected an amount such as "120.80", got {r.describe(value)}')
    return None


def _fees(problems: r.Problems, value: object) -> Fees | None:
    fields = r.mapping(
        problems,
        "fees",
        value,
        required={"currency", "schedules", "day_count", "domestic_cost_per_day"},
        optional=set(),
    )
    if fields is None:
        return None
    currency = fields.get("currency")
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isupper()):
        problems.add(
            "fees.currency", f"expected an ISO 4217 code such as USD, got {r.describe(currency)}"
        )
        return None
    schedules = _schedules(problems, fields.get("schedules"), currency)
    day_count = _day_count(problems, fields.get("day_count"))
    domestic = r.dated(
        problems,
        "fees.domestic_cost_per_day",
        fields.get("domestic_cost_per_day"),
        lambda p, k, v: _amount(p, k, v, currency),
    )
    if not schedules or day_count is None or not domestic:
        return None
    return Fees(
        currency=currency,
        schedules=DatedSeries("fee schedule", tuple(schedules)),
        day_count=day_count,
        domestic_cost_per_day=_series("domestic_cost_per_day", domestic),
    )


_SCHEDULE_KEYS = {"model", "amount", "reference"}
_SCHEDULE_OPTIONAL = {"places", "period_months", "invoice", "overage_per_day"}


def _schedules(problems: r.Problems, value: object, currency: str) -> list[DatedValue[FeeSchedule]]:
    if not isinstance(value, dict) or not value:
        problems.add("fees.schedules", f"expected dated schedules, got {r.describe(value)}")
        return []
    found = []
    for key, item in value.items():
        path = r.join("fees.schedules", key)
        start = r.day(problems, path, key)
        fields = r.mapping(
            problems, path, item, required=_SCHEDULE_KEYS, optional=_SCHEDULE_OPTIONAL
        )
        if fields is None or start is None:
            continue
        schedule = _schedule(problems, path, fields, currency)
        if schedule is not None:
            found.append(DatedValue(start, schedule, schedule.reference))
    return sorted(found, key=lambda v: v.effective_from)


def _schedule(
    problems: r.Problems, path: str, fields: dict[str, object], currency: str
) -> FeeSchedule | None:
    model = fields.get("model")
    if model not in {m.value for m in FeeModel}:
        problems.add(
            f"{path}.model",
            f"expected fixed_block, per_diem or per_person_month, got {r.describe(model)}",
        )
        return None
    amount = _amount(problems, f"{path}.amount", fields.get("amount"), currency)
    reference = r.text(problems, f"{path}.reference", fields.get("reference"))
    places = period = None
    if model == FeeModel.FIXED_BLOCK:
        for key in ("places", "period_months"):
            if key not in fields:
                problems.add(
                    f"{path}.{key}", "missing (a fixed_block needs places and period_months)"
                )
        places = (
            r.integer(problems, f"{path}.places", fields.get("places"), minimum=1)
            if "places" in fields
            else None
        )
        period = (
            r.integer(problems, f"{path}.period_months", fields.get("period_months"), minimum=1)
            if "period_months" in fields
            else None
        )
    invoice = fields.get("invoice", "monthly")
    if invoice != "monthly":
        problems.add(
            f"{path}.invoice", f"only monthly invoicing is supported, got {r.describe(invoice)}"
        )
    overage = (
        _amount(problems, f"{path}.overage_per_day", fields["overage_per_day"], currency)
        if "overage_per_day" in fields
        else None
    )
    if amount is None or reference is None:
        return None
    if model == FeeModel.FIXED_BLOCK and (places is None or period is None):
        return None
    return FeeSchedule(
        model=FeeModel(str(model)),
        amount=amount,
        reference=reference,
        places=places,
        period_months=period,
        overage_per_day=overage,
    )


def _day_count(problems: r.Problems, value: object) -> DayCount | None:
    fields = r.mapping(
        problems, "fees.day_count", value, required={"arrival_day", "departure_day"}, optional=set()
    )
    if fields is None:
        return None
    arrival = r.boolean(problems, "fees.day_count.arrival_day", fields.get("arrival_day"))
    departure = r.boolean(problems, "fees.day_count.departure_day", fields.get("departure_day"))
    if arrival is None or departure is None:
        return None
    return DayCount(arrival_day=arrival, departure_day=departure)


def _parameters(problems: r.Problems, value: object) -> dict[str, DatedSeries[int | bool]]:
    if not isinstance(value, dict):
        problems.add("parameters", f"expected a mapping of parameters, got {r.describe(value)}")
        return {}
    for name in sorted(set(PARAMETER_TYPES) - set(value)):
        problems.add(f"parameters.{name}", "missing (every parameter of RULEBOOK.md is required)")
    series: dict[str, DatedSeries[int | bool]] = {}
    for name, entry in value.items():
        path = f"parameters.{name}"
        if name not in PARAMETER_TYPES:
            problems.add(path, f"unknown parameter (known: {', '.join(PARAMETER_TYPES)})")
            continue
        fields = r.mapping(problems, path, entry, required={"values"}, optional={"description"})
        if fields is None:
            continue
        description = str(fields.get("description", ""))
        kind = PARAMETER_TYPES[name]
        values = r.dated(
            problems,
            f"{path}.values",
            fields.get("values"),
            r.boolean if kind is bool else r.integer,
        )
        if values:
            series[name] = _series(name, values, description)
    return series


def _series(name: str, values: list[tuple[date, T, str]], description: str = "") -> DatedSeries[T]:
    return DatedSeries(name, tuple(DatedValue(d, v, ref) for d, v, ref in values), description)
