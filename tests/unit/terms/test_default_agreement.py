"""The packaged agreement: every dated value either side of each change, and gaps."""

from datetime import date, timedelta

import pytest

from convenio.terms import public as terms


@pytest.fixture(scope="module")
def agreement():
    return terms.default_agreement()


def test_the_packaged_agreement_matches_the_shared_example(agreement):
    example = terms.load_agreement(
        __import__("pathlib").Path(__file__).parents[2] / "data/examples/agreement-us-sv-2025.yaml"
    )
    day = date(2025, 3, 15)
    assert {k: v.value for k, v in agreement.parameters_at(day).items()} == {
        k: v.value for k, v in example.parameters_at(day).items()
    }
    assert agreement.receiving_country == example.receiving_country == "SV"


def test_every_series_either_side_of_each_start(agreement):
    for name, series in agreement.parameters.items():
        for value in series.history:
            assert series.at(value.effective_from) == value, name
            before = value.effective_from - timedelta(days=1)
            previous = [v for v in series.history if v.effective_from <= before]
            if previous:
                assert series.at(before) == previous[-1]
            else:
                with pytest.raises(terms.ParameterNotInForceError, match=name):
                    series.at(before)


def test_parameter_not_in_force_names_parameter_and_date(agreement):
    with pytest.raises(terms.ParameterNotInForceError) as caught:
        agreement.parameters_at(date(2025, 2, 2))
    assert caught.value.code == "parameter_not_in_force"
    assert "2025-02-02" in caught.value.message
    assert caught.value.details["parameter"] in terms.PARAMETER_TYPES


def test_fees_capacity_and_domestic_cost(agreement):
    cecot = agreement.facility("CECOT")
    assert cecot.capacity.at(date(2025, 3, 15)).value == 40000
    assert sum(u.certified_capacity for u in cecot.units) == 40000
    schedule = agreement.fees.schedules.at(date(2025, 3, 15)).value
    assert schedule.model is terms.FeeModel.FIXED_BLOCK
    assert schedule.amount.minor == 600_000_000 and schedule.places == 300
    with pytest.raises(terms.ParameterNotInForceError):
        agreement.fees.schedules.at(date(2025, 3, 14))
    assert agreement.fees.domestic_cost_per_day.at(date(2025, 1, 1)).value.minor == 12080
    assert agreement.fees.day_count == terms.DayCount(arrival_day=True, departure_day=False)


def test_a_later_value_takes_over_on_its_start_date():
    text = terms.DEFAULT_AGREEMENT_PATH.read_text().replace(
        '      2025-02-03: {value: 7, reference: "A.A.R.P.',
        '      2025-06-01: {value: 10, reference: "amendment"}\n'
        '      2025-02-03: {value: 7, reference: "A.A.R.P.',
    )
    agreement = terms.load_agreement_text(text.encode())
    series = agreement.parameter("notice_min_days")
    assert series.at(date(2025, 5, 31)).value == 7
    assert series.at(date(2025, 6, 1)).value == 10
    assert series.at(date(2025, 6, 1)).reference == "amendment"
