"""Validation of people files: every bad input gives a clear `LINE:FIELD: message`."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.records.builders import line, minimal, person, write_file

from convenio.records import public as records
from convenio.records.adapters.jsonl import MAX_LINE_BYTES, content_hash
from convenio.records.domain.validation import normalise_a_number, validate_person
from convenio.shared.canonical_json import canonical_json


def errors_of(tmp_path, *values) -> list[str]:
    report = records.validate_people_file(write_file(tmp_path / "people.jsonl", *values))
    return [str(error) for error in report.errors]


def test_a_complete_valid_person_has_no_problem(tmp_path):
    report = records.validate_people_file(write_file(tmp_path / "p.jsonl", person(), minimal()))
    assert report.is_valid
    assert (report.valid, report.bad_lines) == (2, 0)


def test_the_shared_example_people_are_valid():
    from tests.conftest import EXAMPLES

    report = records.validate_people_file(EXAMPLES / "people.jsonl")
    assert report.is_valid and report.valid == 4


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"birth_date": "1990-02-30"}, "2:birth_date: '1990-02-30' is not a date"),
        ({"birth_date": "30/01/1990"}, "2:birth_date: '30/01/1990' is not a date (YYYY-MM-DD)"),
        ({"birth_date": "2025-W10-1"}, "2:birth_date: '2025-W10-1' is not a date (YYYY-MM-DD)"),
        ({"birth_date": 19900101}, "2:birth_date: expected a date YYYY-MM-DD, got a number"),
        ({"us_status": "alien"}, "2:us_status: 'alien' is not one of citizen, lpr, refugee"),
        ({"sex": "male"}, "2:sex: 'male' is not one of F, M, X"),
        ({"languages": []}, "2:languages: needs at least 1 item(s)"),
        ({"languages": ["spa"]}, "2:languages[0]: 'spa' is not an ISO 639-1 language code"),
        ({"languages": ["es", "es"]}, "2:languages[1]: 'es' is listed twice"),
        ({"citizenships": ["sv"]}, "2:citizenships[0]: 'sv' is not an ISO 3166-1 alpha-2"),
        ({"citizenships": "SV"}, "2:citizenships: expected an array, got a string"),
        ({"a_number": "B1234567"}, "2:a_number: 'B1234567' is not an A-number"),
        ({"a_number": "A1234"}, "2:a_number: 'A1234' is not an A-number"),
        ({"person_id": ""}, "2:person_id: must not be empty"),
        ({"person_id": "x" * 65}, "2:person_id: is 65 characters long; at most 64"),
        ({"person_id": 17}, "2:person_id: expected a string, got a number"),
        ({"family_name": None}, "2:family_name: must not be null"),
        ({"family_name": "A\u0000B"}, "2:family_name: contains a NUL character"),
        ({"consent": "yes"}, "2:consent: expected true or false, got a string"),
        ({"nickname": "Lucho"}, "2:nickname: unknown field; check its spelling"),
        ({"convictions": None}, "2:convictions: must not be null"),
        ({"convictions": {}}, "2:convictions: expected an array, got an object"),
    ],
)
def test_a_bad_top_level_field_is_named_with_its_line(tmp_path, overrides, expected):
    errors = errors_of(tmp_path, minimal("T-0"), person(**overrides))
    assert len(errors) == 1
    assert errors[0].startswith(expected)


@pytest.mark.parametrize(
    ("field", "index", "key", "value", "expected"),
    [
        (
            "convictions",
            0,
            "convicted_on",
            "2022-13-01",
            "convictions[0].convicted_on: '2022-13-01' is not a date",
        ),
        (
            "convictions",
            1,
            "final",
            "true",
            "convictions[1].final: expected true or false, got a string",
        ),
        (
            "convictions",
            0,
            "sentence",
            {"start_on": "2022-05-03", "days": 1.5},
            "convictions[0].sentence.days: expected a whole number, got a number",
        ),
        (
            "convictions",
            0,
            "sentence",
            {"start_on": "2022-05-03", "days": True},
            "convictions[0].sentence.days: expected a whole number, got a boolean",
        ),
        (
            "convictions",
            0,
            "sentence",
            {"start_on": "2022-05-03", "days": -1},
            "convictions[0].sentence.days: -1 is out of range",
        ),
        (
            "convictions",
            0,
            "sentence",
            {"days": 3},
            "convictions[0].sentence.start_on: required field is missing",
        ),
        ("convictions", 0, "sentenced", True, "convictions[0].sentenced: unknown field"),
        (
            "removal_orders",
            0,
            "basis",
            "deport",
            "removal_orders[0].basis: 'deport' is not one of ina_240, expedited",
        ),
        (
            "removal_orders",
            0,
            "countries",
            ["SV", "XX"],
            "removal_orders[0].countries[1]: 'XX' is not an ISO 3166-1",
        ),
        (
            "protection_claims",
            0,
            "kind",
            "refugee",
            "protection_claims[0].kind: 'refugee' is not one of asylum",
        ),
        (
            "protection_claims",
            0,
            "status",
            "won",
            "protection_claims[0].status: 'won' is not one of pending",
        ),
        ("designations", 0, "basis", [], "designations[0].basis: needs at least 1 item(s)"),
        (
            "designations",
            0,
            "basis",
            ["tattoos"],
            "designations[0].basis[0]: 'tattoos' is not one of conviction",
        ),
        (
            "designations",
            0,
            "points",
            "8",
            "designations[0].points: expected a whole number, got a string",
        ),
        ("notices", 0, "language", "ES", "notices[0].language: 'ES' is not an ISO 639-1"),
        (
            "habeas_petitions",
            0,
            "status",
            "open",
            "habeas_petitions[0].status: 'open' is not one of pending",
        ),
        (
            "medical_assessments",
            0,
            "fit_to_travel",
            None,
            "medical_assessments[0].fit_to_travel: must not be null",
        ),
        ("pending_charges", 0, "filed_on", None, "pending_charges[0].filed_on: must not be null"),
    ],
)
def test_a_bad_nested_field_is_named_by_its_path(tmp_path, field, index, key, value, expected):
    bad = person()
    bad[field][index][key] = value
    errors = errors_of(tmp_path, bad)
    assert errors == [f"1:{expected}"] or (
        len(errors) == 1 and errors[0].startswith(f"1:{expected}")
    )


def test_a_missing_required_field_is_reported(tmp_path):
    bad = minimal()
    del bad["birth_date"]
    assert errors_of(tmp_path, bad) == ["1:birth_date: required field is missing"]


def test_every_problem_of_a_line_is_reported(tmp_path):
    bad = minimal(birth_date="1990-02-30", us_status="alien", extra=1)
    errors = errors_of(tmp_path, bad)
    assert [e.split(":")[1] for e in errors] == ["extra", "birth_date", "us_status"]


def test_duplicate_person_ids_in_a_file_name_the_first_line(tmp_path):
    errors = errors_of(tmp_path, minimal("A"), minimal("B"), minimal("A"))
    assert errors == ["3:person_id: 'A' is already given on line 1; person ids are unique"]


def test_duplicate_ids_inside_a_person_are_refused_across_lists(tmp_path):
    twice = person()
    twice["convictions"][1]["id"] = "C1"
    across = person(person_id="T-9")
    across["notices"][0]["id"] = "R1"
    errors = errors_of(tmp_path, twice, across)
    assert errors == [
        "1:convictions[1].id: 'C1' is already used by convictions[0]",
        "2:notices[0].id: 'R1' is already used by removal_orders[0]",
    ]


def test_truncated_json_is_reported_as_such(tmp_path):
    text = line(person())[:-40] + b"\n"
    errors = errors_of(tmp_path, minimal(), text)
    assert len(errors) == 1
    assert errors[0].startswith("2:<line>: not valid JSON")
    assert "truncated" in errors[0]


def test_a_line_that_is_not_an_object_is_refused(tmp_path):
    assert errors_of(tmp_path, [minimal()]) == ["1:<line>: expected an object, got an array"]


def test_invalid_utf8_names_the_line_and_byte(tmp_path):
    bad = line(minimal("U")).replace("Gómez".encode(), b"G\xf3mez")
    errors = errors_of(tmp_path, minimal("A"), minimal("B"), bad)
    assert len(errors) == 1
    assert errors[0].startswith("3:<line>: not valid UTF-8 (byte ")


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "people.jsonl").write_bytes(b"")
    report = records.validate_people_file(tmp_path / "people.jsonl")
    assert [str(e) for e in report.errors] == ["1:<file>: the file is empty: no person"]
    assert not report.is_valid


def test_a_file_of_blank_lines_is_empty(tmp_path):
    assert errors_of(tmp_path, b"\n", b"   \n") == ["1:<file>: the file is empty: no person"]


def test_blank_lines_between_persons_are_ignored(tmp_path):
    report = records.validate_people_file(
        write_file(tmp_path / "p.jsonl", minimal("A"), b"\n", minimal("B"))
    )
    assert report.is_valid and report.valid == 2


def test_a_huge_line_is_refused_without_reading_it_whole(tmp_path):
    huge = minimal("H", family_name="x" * (10 * 1024 * 1024))
    errors = errors_of(tmp_path, minimal("A"), huge, minimal("B"))
    assert len(errors) == 1
    assert errors[0].startswith("2:<line>: line is 10,485,")
    assert f"at most {MAX_LINE_BYTES:,} are allowed" in errors[0]


def test_a_bom_on_the_first_line_is_accepted(tmp_path):
    report = records.validate_people_file(
        write_file(tmp_path / "p.jsonl", b"\xef\xbb\xbf" + line(minimal("A")), minimal("B"))
    )
    assert report.is_valid and report.valid == 2


def test_a_bom_on_a_later_line_is_refused(tmp_path):
    errors = errors_of(tmp_path, minimal("A"), b"\xef\xbb\xbf" + line(minimal("B")))
    assert errors == ["2:<line>: a byte order mark (BOM) in the middle of the file; remove it"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("A12345678", "A012345678"),
        ("12345678", "A012345678"),
        ("A201234567", "A201234567"),
        ("1234567", "A001234567"),
    ],
)
def test_a_numbers_are_stored_as_a_and_nine_digits(given, stored):
    assert normalise_a_number(given) == stored
    checked, problems = validate_person(minimal(a_number=given))
    assert problems == [] and checked is not None and checked["a_number"] == stored


def test_nested_optional_nulls_mean_absent():
    value = person()
    value["convictions"][0]["violent"] = None
    checked, problems = validate_person(value)
    assert problems == [] and checked is not None
    assert "violent" not in checked["convictions"][0]


def test_the_content_hash_is_the_sha256_of_canonical_json():
    import hashlib

    value = person(family_name='Núñez "Ñ" \t tab')
    expected = hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
    assert content_hash(value) == expected


names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s)


@settings(max_examples=60, deadline=None)
@given(family=names, given_names=names, days=st.integers(0, 1_000_000))
def test_any_well_formed_person_validates_and_hashes_canonically(family, given_names, days):
    value = person(family_name=family, given_names=given_names)
    value["convictions"][0]["sentence"]["days"] = days
    checked, problems = validate_person(orjson.loads(orjson.dumps(value)))
    assert problems == []
    assert checked is not None
    import hashlib

    assert content_hash(checked) == hashlib.sha256(canonical_json(checked).encode()).hexdigest()


def test_a_missing_file_is_an_input_error(tmp_path):
    from convenio.shared.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="no such file"):
        records.validate_people_file(tmp_path / "missing.jsonl")
