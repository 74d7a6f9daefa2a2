"""The synthetic population: valid, deterministic, with the mixes the demo needs; and the
quick validity check never accepts what the full validation refuses."""

from __future__ import annotations

import copy
import functools
from collections import Counter
from datetime import date, timedelta

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.records.builders import FULL_PERSON

from convenio.demo.population import PopulationGenerator, write_population
from convenio.records.domain.fastpath import is_plainly_valid
from convenio.records.domain.validation import validate_person

REFERENCE = date(2025, 3, 15)


@functools.lru_cache(maxsize=1)
def people(size=3000, seed=9):
    return list(PopulationGenerator(seed, REFERENCE).people(size))


def test_the_same_seed_gives_the_same_people_and_another_seed_others(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_population(a, size=500, seed=1)
    write_population(b, size=500, seed=1)
    write_population(c, size=500, seed=2)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_every_generated_person_is_valid_and_takes_the_quick_path():
    for value in people():
        assert is_plainly_valid(value), value["person_id"]
        assert validate_person(orjson.loads(orjson.dumps(value)))[1] == []


def test_the_mix_has_the_expected_nationalities_statuses_and_records():
    population = people()
    countries = Counter(c for p in population for c in p["citizenships"])
    for country in ("VE", "SV", "HN", "GT", "MX", "CO", "NI", "CU", "US"):
        assert countries[country] > 0, country
    assert countries.most_common(1)[0][0] == "VE"
    statuses = Counter(p["us_status"] for p in population)
    for status in ("citizen", "lpr", "tps", "refugee", "undocumented", "parolee"):
        assert statuses[status] > 0, status
    bases = Counter(o["basis"] for p in population for o in p.get("removal_orders", []))
    assert bases["aea"] > 0 and bases["ina_240"] > bases["aea"]
    designations = [d for p in population for d in p.get("designations", [])]
    weak = {"tattoo", "clothing", "hand_signs", "social_media", "associates", "location"}
    assert any(set(d["basis"]) <= weak for d in designations)
    assert any(not set(d["basis"]) <= weak for d in designations)
    notices = [(p, n) for p in population for n in p.get("notices", [])]
    assert any(n["language"] not in p["languages"] for p, n in notices)
    assert any(not n["explains_how_to_contest"] for _, n in notices)
    assert any(c.get("sentence") for p in population for c in p.get("convictions", []))
    for kind in ("pending_charges", "protection_claims", "habeas_petitions", "medical_assessments"):
        assert any(p.get(kind) for p in population), kind
    assert any("consent" in p for p in population)


def _could_be_eligible(person, as_of):
    """A rough screen (notice valid and old enough, recent fit assessment, a final order)."""
    day = as_of.isoformat()
    week_ago = (as_of - timedelta(days=7)).isoformat()
    month_ago = (as_of - timedelta(days=30)).isoformat()
    notices = [
        n
        for n in person.get("notices", [])
        if n["language"] in person["languages"] and n["explains_how_to_contest"]
    ]
    medical = [m for m in person.get("medical_assessments", []) if m["assessed_on"] <= day]
    latest = max(medical, key=lambda m: m["assessed_on"]) if medical else None
    return (
        person["us_status"] in ("undocumented", "parolee", "visa", "unknown")
        and any(
            o["final"] and o["basis"] != "aea" and o["issued_on"] <= day
            for o in person.get("removal_orders", [])
        )
        and any(n["served_on"] <= week_ago for n in notices)
        and latest is not None
        and latest["assessed_on"] >= month_ago
        and latest["fit_to_travel"]
    )


def test_a_meaningful_share_could_be_eligible_in_spring_2025():
    population = people()
    for as_of in (date(2025, 3, 20), date(2025, 4, 20), date(2025, 6, 1)):
        share = sum(_could_be_eligible(p, as_of) for p in population) / len(population)
        assert share > 0.03, (as_of, share)


FIELDS = sorted(FULL_PERSON)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 2_000_000)
    | st.text(max_size=12)
    | st.sampled_from(
        ["2025-02-30", "2025-03-01", "A12345678", "SV", "es", "aea", " ", "", "\x00"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_the_quick_check_never_accepts_what_full_validation_refuses(data):
    value = copy.deepcopy(FULL_PERSON)
    for _ in range(data.draw(st.integers(1, 3))):
        target = value
        key = data.draw(st.sampled_from(FIELDS))
        nested = target.get(key)
        if (
            isinstance(nested, list)
            and nested
            and isinstance(nested[0], dict)
            and data.draw(st.booleans())
        ):
            target = nested[0]
            key = data.draw(st.sampled_from([*sorted(target), "extra"]))
        if data.draw(st.integers(0, 5)) == 0:
            target.pop(key, None)
        else:
            target[key] = data.draw(json_values)
    if is_plainly_valid(value):
        assert validate_person(copy.deepcopy(value))[1] == []
