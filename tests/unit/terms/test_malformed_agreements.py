"""Malformed agreement files: each problem named by the path of its key."""

import pytest

from convenio.terms import public as terms

BASE = terms.DEFAULT_AGREEMENT_PATH.read_text()


def problems_of(text: str) -> list[str]:
    with pytest.raises(terms.AgreementFileError) as caught:
        terms.load_agreement_text(text.encode("utf-8"))
    return caught.value.problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "2025-02-03: {value: 7,",
            '2025-02-03: {value: "seven",',
            "parameters.notice_min_days.values.2025-02-03.value: expected an integer, got str 'seven'",
        ),
        (
            '2025-02-03: {value: true, reference: "Bukele',
            '2025-02-03: {value: 1, reference: "Bukele',
            "parameters.require_final_conviction.values.2025-02-03.value: expected true or false",
        ),
        (
            "receiving_country: SV",
            "receiving_country: Salvador",
            "receiving_country: expected an ISO 3166-1 alpha-2 code",
        ),
        (
            "time_zone: America/El_Salvador",
            "time_zone: Mars/Olympus",
            "facilities.0.time_zone: unknown IANA time zone 'Mars/Olympus'",
        ),
        (
            'amount: "6000000.00"',
            "amount: 6000000.50",
            "fees.schedules.2025-03-15.amount: write amounts as quoted decimal strings",
        ),
        (
            'amount: "6000000.00"',
            'amount: "6000000.001"',
            "fees.schedules.2025-03-15.amount: '6000000.001' has more decimals than USD has",
        ),
        (
            "model: fixed_block",
            "model: per_hour",
            "fees.schedules.2025-03-15.model: expected fixed_block, per_diem or per_person_month",
        ),
        (
            '2025-02-03: {value: 30, reference: "operator policy"}',
            '2025-02-30: {value: 30, reference: "operator policy"}',
            "parameters.medical_max_age_days.values.2025-02-30: expected a date",
        ),
        (
            "  require_consent:\n",
            "  require_consnet:\n",
            "parameters.require_consnet: unknown parameter",
        ),
        (
            "day_count: {arrival_day: true, departure_day: false}",
            "day_count: {arrival_day: true}",
            "fees.day_count.departure_day: missing",
        ),
        ("title:", "titel:", "titel: unknown key"),
    ],
)
def test_each_problem_names_its_path(old, new, expected):
    assert old in BASE, old
    found = problems_of(BASE.replace(old, new, 1))
    assert any(line.startswith(expected) for line in found), found


def test_a_missing_parameter_is_named():
    text = BASE.replace("  require_consent:\n", "  ignored_block:\n", 1)
    found = problems_of(text)
    assert (
        "parameters.require_consent: missing (every parameter of RULEBOOK.md is required)" in found
    )


def test_yaml_syntax_errors_give_line_and_column():
    found = problems_of("agreement: [unclosed\n")
    assert found[0].startswith("line ")


def test_every_problem_is_reported_at_once():
    text = BASE.replace("2025-02-03: {value: 18,", "2025-02-03: {value: -1,").replace(
        "currency: USD", "currency: dollars"
    )
    found = problems_of(text)
    assert any(p.startswith("parameters.adult_age.values.2025-02-03.value") for p in found)
    assert any(p.startswith("fees.currency") for p in found)


def test_an_empty_file_is_refused():
    assert problems_of("") == ["expected a mapping, got nothing"]
