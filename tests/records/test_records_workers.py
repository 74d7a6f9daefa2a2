"""Reading a people file with worker processes gives line for line what reading it in one
process gives: the same persons, hashes, COPY text, errors, stored records and events."""

from __future__ import annotations

import io

import orjson
import pytest
from sqlalchemy import select
from tests.records.builders import line, minimal, person, write_file

from convenio.demo.population import write_population
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.records import public as records
from convenio.records import services
from convenio.records.adapters import pipeline
from convenio.records.adapters.copytext import person_rows
from convenio.records.adapters.jsonl import MAX_LINE_BYTES, PeopleReader, ReadLine
from convenio.records.domain.validation import validate_person

STAMP = "2025-01-02T03:04:05+00:00"


def mixed_file(tmp_path):
    """Good persons, one with text that needs COPY escaping, and a bad line of each kind."""
    write_population(tmp_path / "pop.jsonl", size=30, seed=3)
    good = (tmp_path / "pop.jsonl").read_bytes().splitlines(keepends=True)
    return write_file(
        tmp_path / "mixed.jsonl",
        *good[:10],
        person(person_id="T-\\1", given_names="Ana\tMaría"),
        b"{not json\n",
        minimal("B", birth_date="1990-02-30"),
        b"\n",
        b'{"person_id": "X"' + b" " * (MAX_LINE_BYTES + 10) + b"}\n",
        minimal("A", a_number="12345678", sex=None),
        b"\xff\xfe\n",
        minimal("A"),
        *good[10:],
    )


def in_process(path) -> list[ReadLine]:
    with path.open("rb") as stream:
        return list(PeopleReader(stream))


def with_workers(path, imported_at=None) -> tuple[list[ReadLine], PeopleReader]:
    with path.open("rb") as stream:
        reader = PeopleReader(stream)
        return list(pipeline.parsed_lines(reader, 2, imported_at)), reader


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_LINES", 3)


def test_workers_give_the_same_lines_and_errors_in_file_order(tmp_path, small_chunks):
    path = mixed_file(tmp_path)
    expected = in_process(path)
    got, reader = with_workers(path)
    assert [(x.line, x.person, x.content_hash, x.errors) for x in got] == [
        (x.line, x.person, x.content_hash, x.errors) for x in expected
    ]
    assert sum(1 for x in got if x.errors) == 5
    assert reader.lines_read == 38 and reader.persons_seen == 32


def test_workers_build_the_copy_text_of_each_valid_person(tmp_path, small_chunks):
    path = mixed_file(tmp_path)
    expected = [x for x in in_process(path) if not x.errors]
    got, _ = with_workers(path, STAMP)
    valid = [x for x in got if not x.errors]
    assert [x.person for x in valid] == [None] * len(expected)
    assert [x.rows for x in valid] == [
        person_rows(x.person, x.content_hash, STAMP, plain=x.plain) for x in expected
    ]
    assert [orjson.loads(x.raw)["person_id"] for x in valid] == [x.person_id for x in expected]
    escaped = next(x for x in valid if x.person_id == "T-\\1")
    assert escaped.rows[0].startswith("T-\\\\1\t") and "Ana\\tMaría" in escaped.rows[0]


def test_an_empty_file_is_reported_by_the_workers_too(tmp_path):
    path = write_file(tmp_path / "blank.jsonl", b"\n", b"  \n")
    got, _ = with_workers(path)
    assert [str(e) for x in got for e in x.errors] == ["1:<file>: the file is empty: no person"]


def exported(db) -> bytes:
    out = io.BytesIO()
    services.export_people(db.uow(), out)
    return out.getvalue()


def events(db, event_type: str) -> list[dict]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(ledger_leaves.c.leaf).where(ledger_leaves.c.event_type == event_type)
        ).scalars()
        return [orjson.loads(leaf)["data"] for leaf in rows]


def test_an_import_with_workers_round_trips_and_reimports_as_a_no_op(db, tmp_path):
    path = tmp_path / "people.jsonl"
    write_population(path, size=80, seed=7)
    tricky = person(person_id="T-\\1", given_names="A\tB", a_number="12345678")
    extra = write_file(tmp_path / "extra.jsonl", tricky)
    first = services.import_people(db.uow(), path, workers=2, batch_size=30)
    services.import_people(db.uow(), extra, workers=2)
    stored = exported(db)
    again = services.import_people(db.uow(), path, workers=2, batch_size=30)
    assert (first.created, again.unchanged, again.created, again.updated) == (80, 80, 0, 0)
    assert exported(db) == stored
    given = [orjson.loads(t) for t in path.read_bytes().splitlines()] + [tricky]
    expected = []
    for value in given:
        checked, problems = validate_person(value)
        assert problems == []
        expected.append(checked)
    expected.sort(key=lambda p: p["person_id"])
    assert [orjson.loads(t) for t in stored.splitlines()] == expected
    assert events(db, "records.import_completed")[0]["created_digest"] == first.created_digest


def test_a_change_read_by_workers_is_recorded_like_any_change(db, tmp_path):
    services.import_people(db.uow(), write_file(tmp_path / "a.jsonl", person(), minimal("T-2")))
    new = person(us_status="tps", convictions=[], a_number="12345678")
    result = services.import_people(
        db.uow(), write_file(tmp_path / "b.jsonl", new, minimal("T-2")), workers=2
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    with db.uow() as uow:
        stored = records.get_person(uow.session, "T-1")
    assert (stored["us_status"], stored["a_number"]) == ("tps", "A012345678")
    [changed] = events(db, "records.person_changed")
    assert changed["changed_fields"] == ["a_number", "convictions", "us_status"]


def test_a_bad_line_read_by_workers_writes_nothing_unless_skipped(db, tmp_path):
    path = write_file(
        tmp_path / "p.jsonl", minimal("A"), line(minimal("B", sex="male")), minimal("A")
    )
    with pytest.raises(records.PeopleFileRejectedError) as caught:
        services.import_people(db.uow(), path, workers=2)
    assert [str(e) for e in caught.value.errors] == [
        "2:sex: 'male' is not one of F, M, X",
        "3:person_id: 'A' is already given on line 1; person ids are unique",
    ]
    with db.uow() as uow:
        assert records.count_people(uow.session) == 0
    result = services.import_people(db.uow(), path, workers=2, skip_bad=True)
    assert (result.created, result.skipped) == (1, 2)
