"""Properties of the hold reader: what it accepts it gives back unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from convenio.legal import public as legal

ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTVWXYZ0123456789-", min_size=1, max_size=64)
codes = st.lists(st.sampled_from(["VE", "SV", "US", "MX", "HN"]), min_size=1, max_size=3)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
instants = st.builds(
    lambda seconds, tz: (datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).astimezone(
        tz
    ),
    st.integers(min_value=0, max_value=3 * 365 * 86400),
    offsets,
)
scopes = st.one_of(
    st.builds(lambda people: {"person_ids": people}, st.lists(ids, min_size=1, max_size=5)),
    st.builds(
        lambda criteria: {"class": criteria},
        st.dictionaries(
            st.sampled_from(
                [
                    "citizenships",
                    "us_status",
                    "removal_basis",
                    "designation_organizations",
                    "nationality_not",
                ]
            ),
            codes,
            max_size=3,
        ),
    ),
)


@given(
    hold_id=ids,
    kind=st.sampled_from([k.value for k in legal.HoldKind]),
    issued=instants,
    expires=st.none() | instants,
    scope=scopes,
    summary=st.text(max_size=80),
)
def test_a_valid_hold_reads_back_to_the_same_terms(hold_id, kind, issued, expires, scope, summary):
    raw = {
        "hold_id": hold_id,
        "kind": kind,
        "court": "D.D.C.",
        "case_number": "1:25-cv-00766",
        "issued_at": issued.isoformat(),
        "expires_at": None if expires is None else expires.isoformat(),
        "lifted_at": None,
        "scope": scope,
        "summary": summary,
    }
    hold = legal.parse_hold(raw)
    terms = hold.terms()
    assert legal.parse_hold(terms).terms() == terms
    assert terms["issued_at"] == issued.isoformat()
    assert hold.issued_at.utc == issued.astimezone(UTC)
    assert terms["scope"] == scope
