"""Reading people and holds: bad input is refused with LINE:FIELD, nothing half-done."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from convenio.eligibility import public as eligibility
from convenio.eligibility.adapters.interchange import people_frame
from convenio.eligibility.domain import facts
from convenio.shared.errors import InvalidInputError

from .builders import example_agreement, instant, make_person
from .oracle import decide_plain

AS_OF = instant("2025-03-15T12:00:00Z")


def _write(tmp_path, lines):
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _screen(path):
    return eligibility.screen_file(path, [], example_agreement(), AS_OF)


def _line(**overrides):
    return json.dumps(make_person(**overrides))


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (_line(birth_date="1990-02-30"), "2:birth_date: '1990-02-30' is not a date"),
        (_line(birth_date="1990-2-28"), "2:birth_date: '1990-2-28' is not a date"),
        (_line(us_status="alien"), "2:us_status: 'alien' is not one of"),
        (_line(languages=[]), "2:languages: needs at least 1 item(s)"),
        (_line(nickname="Lu"), "2:nickname: unknown field"),
        (_line(birth_date=19900228), "2:birth_date: 19900228 is not a date"),
        (_line(consent="yes"), "2:consent: 'yes' is not true or false"),
        (_line(a_number="12345"), "2:a_number: '12345' does not match"),
        (
            _line(notices=[{"id": "N1", "served_on": "2025-03-01", "language": "es"}]),
            "2:notices[0].explains_how_to_contest: is required",
        ),
        (
            _line(
                notices=[
                    {
                        "id": "N1",
                        "served_on": "2025-03-01",
                        "language": "es",
                        "explains_how_to_contest": True,
                        "channel": "mail",
                    }
                ]
            ),
            "2:notices[0].channel: unknown field",
        ),
        (
            _line(
                convictions=[
                    {
                        "id": "C1",
                        "offense": "x",
                        "jurisdiction": "US-TX",
                        "convicted_on": "2024-01-01",
                        "final": True,
                        "sentence": {"start_on": "2024-13-01", "days": 5},
                    }
                ]
            ),
            "2:convictions[0].sentence.start_on: '2024-13-01' is not a date",
        ),
        (
            _line(
                medical_assessments=[
                    {"id": "M1", "assessed_on": "2025-03-01", "fit_to_travel": True},
                    {"id": "M1", "assessed_on": "2025-03-02", "fit_to_travel": True},
                ]
            ),
            "2:medical_assessments: ids are not unique within the person",
        ),
        (
            _line(
                removal_orders=[
                    {
                        "id": "R1",
                        "basis": "deport",
                        "issued_on": "2024-01-01",
                        "final": True,
                        "countries": [],
                    }
                ]
            ),
            "2:removal_orders[0].basis: 'deport' is not one of",
        ),
        ('{"person_id": "S-2", ', "2: not JSON"),
        (_line(person_id="S-0"), "2:person_id: 'S-0' appears twice"),
    ],
)
def test_a_bad_line_is_named_with_its_field_and_the_file_refused(tmp_path, bad_line, message):
    first = _line(person_id="S-0")
    path = _write(tmp_path, [first, bad_line, _line(person_id="S-3")])
    with pytest.raises(InvalidInputError) as raised:
        _screen(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_every_bad_line_is_reported(tmp_path):
    path = _write(
        tmp_path, [_line(person_id="A", birth_date="x"), _line(person_id="B", us_status="?")]
    )
    with pytest.raises(InvalidInputError) as raised:
        _screen(path)
    assert "1:birth_date" in str(raised.value) and "2:us_status" in str(raised.value)


def test_a_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(InvalidInputError, match="cannot be read"):
        _screen(tmp_path / "absent.jsonl")


def test_blank_lines_are_skipped_and_line_numbers_stay_true(tmp_path):
    path = _write(tmp_path, [_line(person_id="A"), "", _line(person_id="B", sex="Q")])
    with pytest.raises(InvalidInputError, match="3:sex"):
        _screen(path)


def test_an_empty_file_screens_nobody(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    assert _screen(path).height == 0


def test_a_bad_person_dict_is_named_by_position_and_id():
    with pytest.raises(InvalidInputError, match=r"2 \(S-2\):birth_date"):
        eligibility.screen_people(
            [make_person(), make_person(person_id="S-2", birth_date="soon")],
            [],
            example_agreement(),
            AS_OF,
        )


@pytest.mark.parametrize(
    ("hold", "message"),
    [
        ({"scope": {"class": {"colour": ["red"]}}}, "scope.class.colour: unknown criterion"),
        ({"scope": {"person_ids": ["A"], "class": {}}}, "scope: must be exactly one of"),
        (
            {"issued_at": "2025-03-15T10:00:00"},
            "issued_at: '2025-03-15T10:00:00' is not an instant",
        ),
        ({"kind": "rumour"}, "kind: 'rumour' is not one of"),
        ({"judge": "X"}, "judge: unknown field"),
    ],
)
def test_bad_holds_are_refused(tmp_path, hold, message):
    base = {
        "hold_id": "H1",
        "kind": "tro",
        "issued_at": "2025-03-15T10:00:00Z",
        "scope": {"person_ids": ["S-1"]},
    }
    path = tmp_path / "holds.jsonl"
    path.write_text(json.dumps({**base, **hold}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        eligibility.read_holds_file(path)
    with pytest.raises(InvalidInputError, match=message):
        eligibility.decide(make_person(), [{**base, **hold}], example_agreement(), AS_OF)


def test_many_notices_take_the_exploded_path_and_decide_the_same():
    notices = [
        {
            "id": f"N{i}",
            "served_on": f"2025-03-{i + 1:02d}",
            "language": "en" if i % 3 else "es",
            "explains_how_to_contest": i % 2 == 0,
        }
        for i in range(facts.WIDE_NOTICES + 4)
    ]
    people = [make_person(person_id="A", notices=notices), make_person(person_id="B")]
    nested = people_frame(people)
    day = pl.lit(date(2025, 3, 15))
    wide = facts._notice_facts_wide(nested, day, facts.WIDE_NOTICES + 4)
    long = facts._notice_facts_long(nested, day)
    assert wide.equals(long)
    decision = eligibility.decide(people[0], [], example_agreement(), AS_OF)
    parameters = {
        k: v.value for k, v in example_agreement().parameters_at(date(2025, 3, 15)).items()
    }
    assert list(decision.codes) == decide_plain(people[0], [], parameters, "SV", AS_OF.at)["codes"]


def _screen_in_pieces(path, piece_bytes=600):
    return eligibility.BulkScreen([], [example_agreement()], AS_OF, piece_bytes=piece_bytes).run(
        path
    )[0]


def test_a_bad_line_deep_in_a_file_read_in_pieces_is_named_by_its_line(tmp_path):
    lines = [_line(person_id=f"S-{i}") for i in range(40)]
    lines[33] = _line(person_id="S-33", us_status="alien")
    path = _write(tmp_path, lines)
    with pytest.raises(InvalidInputError, match="34:us_status: 'alien'"):
        _screen_in_pieces(path)


def test_a_person_id_repeated_in_another_piece_is_refused(tmp_path):
    lines = [_line(person_id=f"S-{i}") for i in range(40)] + [_line(person_id="S-2")]
    path = _write(tmp_path, lines)
    with pytest.raises(InvalidInputError, match="41:person_id: 'S-2' appears twice"):
        _screen_in_pieces(path)


@pytest.mark.parametrize("piece_bytes", [1, 600, 5_000, 1 << 20])
def test_pieces_of_any_size_give_the_same_screen_in_input_order(tmp_path, piece_bytes):
    lines = [_line(person_id=f"S-{i}", us_status=("lpr", "tps")[i % 2]) for i in range(30)]
    lines.insert(7, "")
    lines.insert(20, "   ")
    path = _write(tmp_path, lines)
    screened = _screen_in_pieces(path, piece_bytes)
    assert screened["person_id"].to_list() == [f"S-{i}" for i in range(30)]
    assert screened.equals(_screen(path))


def test_a_file_of_blank_lines_screens_nobody(tmp_path):
    path = _write(tmp_path, ["", "  ", ""])
    assert _screen_in_pieces(path, 1).height == 0
