"""The admission record of Mandela Rule 7, built from a person in the interchange form.

Rule 7: nobody is received without a valid commitment order; the record holds (a) identity,
(b) the reasons for commitment and the responsible authority, (c) the day and hour of
admission, (d) visible injuries and complaints about prior ill-treatment, (e) an inventory of
personal property, (f)–(g) family members, emergency contact and next of kin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from convenio.custody.domain.errors import CommitmentOrderMissingError
from convenio.shared.events import JsonValue

IDENTITY_FIELDS = (
    "person_id",
    "a_number",
    "fbi_number",
    "family_name",
    "given_names",
    "birth_date",
    "sex",
    "citizenships",
    "languages",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Intake:
    """What the receiving officer observes and takes in at admission."""

    visible_injuries: str = "none visible"
    complaints: str = "none made"
    property: tuple[str, ...] = ()
    next_of_kin: tuple[Mapping[str, str], ...] = ()
    gender: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Intake:
        """An intake from plain data (a JSON object), with the defaults for missing keys."""
        return cls(
            visible_injuries=str(data.get("visible_injuries", "none visible")),
            complaints=str(data.get("complaints", "none made")),
            property=tuple(str(item) for item in data.get("property", ())),
            next_of_kin=tuple(
                {str(k): str(v) for k, v in dict(kin).items()}
                for kin in data.get("next_of_kin", ())
            ),
            gender=None if data.get("gender") is None else str(data["gender"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AdmissionFacts:
    """The parts of the Rule 7 record that come from the person's file."""

    identity: dict[str, JsonValue]
    legal_basis: dict[str, JsonValue]
    nationality: str
    category: str
    citizenships: tuple[str, ...] = field(default=())


def admission_facts(
    person: Mapping[str, Any], *, case_id: str, movement_id: str | None, on: date
) -> AdmissionFacts:
    """Identity, legal basis, nationality and category of a person being admitted.

    Raises:
        CommitmentOrderMissingError: no final removal order under immigration law and no
            sentence on or before ``on``.
    """
    person_id = str(person["person_id"])
    orders = [
        str(order["id"])
        for order in person.get("removal_orders", ())
        if order.get("final") and order.get("basis") != "aea" and _day(order["issued_on"]) <= on
    ]
    sentences = [
        str(conviction["id"])
        for conviction in person.get("convictions", ())
        if conviction.get("final")
        and conviction.get("sentence")
        and _day(conviction["convicted_on"]) <= on
    ]
    if not orders and not sentences:
        raise CommitmentOrderMissingError(person_id)
    citizenships = tuple(str(c) for c in person.get("citizenships", ()))
    identity: dict[str, JsonValue] = {
        key: _json(person.get(key)) for key in IDENTITY_FIELDS if person.get(key) is not None
    }
    basis: dict[str, JsonValue] = {
        "case_id": case_id,
        "movement_id": movement_id,
        "removal_orders": orders,
        "sentences": sentences,
        "authority": "transfer agreement; sending-state orders listed",
    }
    return AdmissionFacts(
        identity=identity,
        legal_basis=basis,
        nationality=citizenships[0] if citizenships else "stateless",
        category=category_of(person),
        citizenships=citizenships,
    )


def category_of(person: Mapping[str, Any]) -> str:
    """``sentence_transfer`` for a US citizen or LPR, ``deportee`` otherwise (RULEBOOK)."""
    status = person.get("us_status")
    if "US" in person.get("citizenships", ()) or status in {"citizen", "lpr"}:
        return "sentence_transfer"
    return "deportee"


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _json(value: object) -> JsonValue:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, bool | int | str):
        return value
    return str(value)


def intake_json(intake: Intake) -> dict[str, JsonValue]:
    """The intake as plain JSON values (for the record and the event)."""
    kin: Sequence[JsonValue] = [dict(item) for item in intake.next_of_kin]
    return {
        "visible_injuries": intake.visible_injuries,
        "complaints": intake.complaints,
        "property": list(intake.property),
        "next_of_kin": list(kin),
        "gender": intake.gender,
    }
