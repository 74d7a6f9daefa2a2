"""Hypothesis strategies: interchange persons and holds whose dates cluster around the as-of
date, so that every rule is exercised on both sides of its boundaries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

AROUND = date(2025, 3, 15)


def _day(spread: int = 40) -> st.SearchStrategy[str]:
    return st.integers(-spread, spread).map(lambda n: (AROUND + timedelta(days=n)).isoformat())


_langs = st.sampled_from(["es", "en", "fr"])
_countries = st.sampled_from(["VE", "SV", "US", "CO"])
_statuses = st.sampled_from(
    ["citizen", "lpr", "refugee", "asylee", "tps", "parolee", "visa", "undocumented", "unknown"]
)


def _records(
    make: st.SearchStrategy[dict[str, Any]], prefix: str
) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(make, max_size=3).map(
        lambda items: [{"id": f"{prefix}{i}", **item} for i, item in enumerate(items)]
    )


_conviction = st.fixed_dictionaries(
    {
        "offense": st.just("Theft"),
        "jurisdiction": st.just("US-TX"),
        "convicted_on": _day(400),
        "final": st.booleans(),
    },
    optional={
        "sentence": st.fixed_dictionaries({"start_on": _day(400), "days": st.integers(0, 800)})
    },
)
_order = st.fixed_dictionaries(
    {
        "basis": st.sampled_from(["ina_240", "expedited", "reinstatement", "stipulated", "aea"]),
        "issued_on": _day(),
        "final": st.booleans(),
        "countries": st.lists(_countries, max_size=2),
    }
)
_claim = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(
            ["asylum", "withholding", "cat", "cat_deferral", "fear_third_country"]
        ),
        "country": _countries,
        "filed_on": _day(),
        "status": st.sampled_from(["pending", "granted", "denied", "withdrawn"]),
    }
)
_designation = st.fixed_dictionaries(
    {
        "organization": st.sampled_from(["Tren de Aragua", "MS-13"]),
        "basis": st.lists(
            st.sampled_from(["tattoo", "clothing", "conviction", "location"]),
            min_size=1,
            max_size=3,
        ),
        "adjudicated": st.booleans(),
        "designated_on": _day(),
    }
)
_notice = st.fixed_dictionaries(
    {"served_on": _day(20), "language": _langs, "explains_how_to_contest": st.booleans()}
)
_habeas = st.fixed_dictionaries(
    {
        "court": st.just("D.D.C."),
        "case_number": st.just("1:25-cv-1"),
        "filed_on": _day(),
        "status": st.sampled_from(["pending", "granted", "denied", "dismissed"]),
    }
)
_medical = st.fixed_dictionaries({"assessed_on": _day(50), "fit_to_travel": st.booleans()})
_charge = st.fixed_dictionaries(
    {"offense": st.just("Theft"), "jurisdiction": st.just("US-TX"), "filed_on": _day()}
)


@st.composite
def people(draw: st.DrawFn, max_size: int = 6) -> list[dict[str, Any]]:
    count = draw(st.integers(1, max_size))
    found = []
    for index in range(count):
        person: dict[str, Any] = {
            "person_id": f"P-{index}",
            "family_name": "Doe",
            "given_names": "Sam",
            "birth_date": (
                AROUND - timedelta(days=draw(st.integers(15 * 365, 22 * 365)))
            ).isoformat(),
            "languages": draw(st.lists(_langs, min_size=1, max_size=2, unique=True)),
            "citizenships": draw(st.lists(_countries, max_size=2, unique=True)),
            "us_status": draw(_statuses),
        }
        for key, make, prefix in (
            ("convictions", _conviction, "C"),
            ("removal_orders", _order, "R"),
            ("protection_claims", _claim, "P"),
            ("designations", _designation, "D"),
            ("notices", _notice, "N"),
            ("habeas_petitions", _habeas, "H"),
            ("medical_assessments", _medical, "M"),
            ("pending_charges", _charge, "PC"),
        ):
            if draw(st.booleans()):
                person[key] = draw(_records(make, prefix))
        if draw(st.booleans()):
            person["consent"] = draw(st.none() | st.booleans())
        found.append(person)
    return found


_instant = st.integers(-3, 3).map(lambda h: f"2025-03-15T{12 + h:02d}:00:00Z")
_criteria = st.fixed_dictionaries(
    {},
    optional={
        "citizenships": st.lists(_countries, min_size=1, max_size=2),
        "us_status": st.lists(_statuses, min_size=1, max_size=2),
        "removal_basis": st.lists(st.sampled_from(["aea", "ina_240"]), min_size=1, max_size=2),
        "designation_organizations": st.lists(
            st.sampled_from(["MS-13", "Tren de Aragua"]), min_size=1
        ),
        "nationality_not": st.lists(_countries, min_size=1, max_size=2),
    },
)


@st.composite
def holds(draw: st.DrawFn) -> list[dict[str, Any]]:
    found = []
    for index in range(draw(st.integers(0, 3))):
        scope = draw(
            st.one_of(
                st.lists(st.sampled_from([f"P-{i}" for i in range(6)]), max_size=3).map(
                    lambda ids: {"person_ids": ids}
                ),
                _criteria.map(lambda c: {"class": c}),
            )
        )
        found.append(
            {
                "hold_id": f"H-{index}",
                "kind": "tro",
                "court": "D.D.C.",
                "case_number": "1:25-cv-00766",
                "issued_at": draw(_instant),
                "expires_at": draw(st.none() | _instant),
                "lifted_at": draw(st.none() | _instant),
                "scope": scope,
                "summary": "generated",
            }
        )
    return found
