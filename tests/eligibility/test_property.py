"""For random populations: the vectorized screen, the file path, each one-person explanation
and an independent plain-Python reading of the rulebook all decide the same, person by person."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convenio.eligibility import public as eligibility
from convenio.shared.dates import parse_instant

from .builders import agreement_with, screen_every_way
from .oracle import decide_plain, hold_active, hold_match
from .strategies import holds, people

PARAMETERS = st.fixed_dictionaries(
    {
        "adult_age": st.integers(16, 21),
        "require_final_conviction": st.booleans(),
        "authority_us_citizens": st.booleans(),
        "authority_lpr": st.booleans(),
        "notice_min_days": st.integers(0, 14),
        "medical_max_age_days": st.integers(0, 40),
        "min_remaining_sentence_days": st.integers(0, 200),
        "require_consent": st.booleans(),
    }
)
AS_OF = st.sampled_from(
    ["2025-03-15T12:00:00Z", "2025-03-15T23:30:00-04:00", "2025-03-16T01:00:00+05:00", "2025-03-15"]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(population=people(), hold_list=holds(), parameters=PARAMETERS, as_of_text=AS_OF)
def test_vectorized_explained_and_plain_python_agree(
    population, hold_list, parameters, as_of_text, tmp_path
):
    agreement = agreement_with({k: {date(2025, 2, 3): v} for k, v in parameters.items()})
    as_of = parse_instant(as_of_text)
    decisions = screen_every_way(population, hold_list, agreement, as_of, tmp_path)
    for person, decision in zip(population, decisions, strict=True):
        plain = decide_plain(person, hold_list, parameters, "SV", as_of.at)
        assert decision["decision"] == plain["decision"]
        assert decision["category"] == plain["category"]
        assert [r["code"] for r in decision["reasons"]] == plain["codes"]
        assert [r["severity"] for r in decision["reasons"]] == plain["severities"]
        assert eligibility.matching_hold_ids(hold_list, person, as_of) == plain["hold_ids"]
        for hold in hold_list:
            assert eligibility.hold_is_active(hold, as_of.utc) == hold_active(hold, as_of.utc)
            assert eligibility.hold_matches(hold, person, as_of.local_date) == hold_match(
                hold, person, as_of.local_date
            )
