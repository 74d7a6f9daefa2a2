"""Import and export of people on SQLite and PostgreSQL: round trip, idempotency, changes,
rejected files that write nothing, and the lookups other contexts use."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import orjson
import pytest
from sqlalchemy import select
from tests.conftest import EXAMPLES
from tests.records.builders import minimal, person, write_file

from convenio.demo.population import write_population
from convenio.ledger.adapters.sql import ledger_leaves
from convenio.records import public as records
from convenio.records import services
from convenio.records.adapters.jsonl import content_hash
from convenio.records.domain.validation import validate_person


def events(db, event_type: str) -> list[dict]:
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(ledger_leaves.c.leaf)
            .where(ledger_leaves.c.event_type == event_type)
            .order_by(ledger_leaves.c.seq)
        ).scalars()
        return [orjson.loads(leaf) for leaf in rows]


def exported(db) -> list[dict]:
    out = io.BytesIO()
    services.export_people(db.uow(), out, batch_size=7)
    return [orjson.loads(text) for text in out.getvalue().splitlines()]


def normalised(values: list[dict]) -> list[dict]:
    result = []
    for value in values:
        checked, problems = validate_person(orjson.loads(orjson.dumps(value)))
        assert problems == []
        result.append(checked)
    return sorted(result, key=lambda p: p["person_id"])


def count(db) -> int:
    with db.uow() as uow:
        return records.count_people(uow.session)


def test_import_then_export_gives_back_the_same_records(db, tmp_path):
    path = tmp_path / "people.jsonl"
    write_population(path, size=60, seed=11)
    given = [orjson.loads(text) for text in path.read_bytes().splitlines()]
    extra = [person(), minimal("Z-1", a_number="12345678", consent=None, sex=None, convictions=[])]
    write_file(tmp_path / "extra.jsonl", *extra)
    services.import_people(db.uow(), path, batch_size=25)
    services.import_people(db.uow(), tmp_path / "extra.jsonl")
    assert exported(db) == normalised(given + extra)


def test_the_examples_round_trip_byte_for_byte(db, tmp_path):
    services.import_people(db.uow(), EXAMPLES / "people.jsonl")
    out = io.BytesIO()
    services.export_people(db.uow(), out)
    given = [orjson.loads(t) for t in (EXAMPLES / "people.jsonl").read_bytes().splitlines()]
    assert [orjson.loads(t) for t in out.getvalue().splitlines()] == given


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    path = tmp_path / "people.jsonl"
    write_population(path, size=40, seed=5)
    first = services.import_people(db.uow(), path, batch_size=16)
    before = exported(db)
    second = services.import_people(db.uow(), path, batch_size=16)
    assert (first.created, first.updated, first.unchanged) == (40, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 40)
    assert exported(db) == before
    assert events(db, "records.person_changed") == []
    completed = events(db, "records.import_completed")
    assert [e["data"]["created"] for e in completed] == [40, 0]
    assert completed[0]["data"]["file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_changed_person_is_replaced_and_the_change_recorded(db, tmp_path):
    old = person()
    services.import_people(db.uow(), write_file(tmp_path / "a.jsonl", old, minimal("T-2")))
    new = person(us_status="tps", convictions=[])
    result = services.import_people(db.uow(), write_file(tmp_path / "b.jsonl", new, minimal("T-2")))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    with db.uow() as uow:
        assert records.get_person(uow.session, "T-1") == normalised([new])[0]
    [changed] = events(db, "records.person_changed")
    assert changed["data"] == {
        "person_id": "T-1",
        "old_content_hash": content_hash(normalised([old])[0]),
        "new_content_hash": content_hash(normalised([new])[0]),
        "changed_fields": ["convictions", "us_status"],
    }


def test_a_file_with_a_bad_line_writes_nothing(db, tmp_path):
    path = write_file(tmp_path / "p.jsonl", minimal("A"), minimal("B", birth_date="1990-02-30"))
    with pytest.raises(records.PeopleFileRejectedError) as caught:
        services.import_people(db.uow(), path)
    assert [str(e) for e in caught.value.errors] == ["2:birth_date: '1990-02-30' is not a date"]
    assert count(db) == 0
    assert events(db, "records.import_completed") == []


def test_a_rejected_update_leaves_the_stored_person_as_it_was(db, tmp_path):
    services.import_people(db.uow(), write_file(tmp_path / "a.jsonl", person()))
    bad = write_file(tmp_path / "b.jsonl", person(us_status="tps"), minimal("B", sex="male"))
    with pytest.raises(records.PeopleFileRejectedError):
        services.import_people(db.uow(), bad, batch_size=1)
    with db.uow() as uow:
        assert records.get_person(uow.session, "T-1")["us_status"] == "undocumented"
    assert events(db, "records.person_changed") == []


def test_skip_bad_writes_the_good_lines_and_lists_the_bad(db, tmp_path):
    path = write_file(
        tmp_path / "p.jsonl", minimal("A"), b"{not json\n", minimal("B"), minimal("A")
    )
    result = services.import_people(db.uow(), path, skip_bad=True)
    assert (result.created, result.skipped) == (2, 2)
    assert [str(e).split(":")[0] for e in result.errors] == ["2", "4"]
    assert count(db) == 2


def test_an_empty_file_is_refused_even_with_skip_bad(db, tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    with pytest.raises(records.PeopleFileRejectedError):
        services.import_people(db.uow(), tmp_path / "empty.jsonl", skip_bad=True)


def test_the_import_event_digests_the_created_persons(db, tmp_path):
    people = [minimal("A"), minimal("B")]
    services.import_people(db.uow(), write_file(tmp_path / "p.jsonl", *people))
    digest = hashlib.sha256()
    for value in normalised(people):
        digest.update(f"{value['person_id']}\t{content_hash(value)}\n".encode())
    [completed] = events(db, "records.import_completed")
    assert completed["data"]["created_digest"] == digest.hexdigest()


def test_lookups_by_a_number_and_identity(db, tmp_path):
    services.import_people(
        db.uow(),
        write_file(
            tmp_path / "p.jsonl",
            person(),
            minimal("T-2", a_number="12345678", citizenships=["SV", "VE"]),
            minimal("T-3", birth_date="1999-01-31"),
        ),
    )
    with db.uow() as uow:
        session = uow.session
        assert records.find_person_ids_by_a_number(session, "A12345678") == ["T-2"]
        assert records.find_person_ids_by_a_number(session, "012345678") == ["T-2"]
        assert records.find_person_ids_by_a_number(session, "nonsense") == []
        found = records.find_person_ids_by_identity(
            session,
            family_name="  GÓMEZ ",
            given_names="andrés",
            birth_date=date(1999, 1, 30),
            country="sv",
        )
        assert found == ["T-2"]
        assert (
            records.find_person_ids_by_identity(
                session,
                family_name="Gómez",
                given_names="Andrés",
                birth_date=date(1999, 1, 30),
                country="MX",
            )
            == []
        )
        assert (
            records.find_person_ids_by_identity(
                session,
                family_name="Gomez",
                given_names="Andrés",
                birth_date=date(1999, 1, 30),
                country="VE",
            )
            == []
        )


def test_list_people_pages_and_searches(db, tmp_path):
    services.import_people(
        db.uow(),
        write_file(tmp_path / "p.jsonl", person(), *[minimal(f"L-{n}") for n in range(5)]),
    )
    with db.uow() as uow:
        page, total = records.list_people(uow.session, offset=1, limit=2)
        assert total == 6 and [p.person_id for p in page] == ["L-1", "L-2"]
        found, total = records.list_people(uow.session, search="luis alberto rojas")
        assert total == 1 and found[0].person_id == "T-1"
        assert found[0].citizenships == ("VE",) and found[0].birth_date == date(1994, 7, 12)
        assert records.list_people(uow.session, search="A2012")[1] == 1
        assert records.list_people(uow.session, search="l-3")[1] == 1
        assert records.list_people(uow.session, search="nobody")[1] == 0


def test_iter_people_reads_everyone_in_person_id_order(db, tmp_path):
    ids = [f"I-{n:02d}" for n in range(13)]
    services.import_people(
        db.uow(), write_file(tmp_path / "p.jsonl", *[minimal(i) for i in reversed(ids)])
    )
    with db.uow() as uow:
        assert [p["person_id"] for p in records.iter_people(uow.session, batch_size=5)] == ids
        assert records.get_person(uow.session, "missing") is None


def test_names_with_tabs_backslashes_and_any_script_are_kept_exactly(db, tmp_path):
    odd = [
        minimal("W-1", family_name="O'Brien\t\\N", given_names="Line\nbreak \\t"),
        minimal("W-2", family_name="Nguyễn 阮", given_names="  Thị   Mai 🌸 "),
        minimal("W-3", family_name="\\.", given_names=""),
    ]
    services.import_people(db.uow(), write_file(tmp_path / "p.jsonl", *odd))
    assert exported(db) == normalised(odd)
    again = services.import_people(db.uow(), write_file(tmp_path / "p.jsonl", *odd))
    assert again.unchanged == 3


def test_a_person_written_meanwhile_by_another_import_is_a_conflict_not_a_crash(db):
    from convenio.records.adapters import store
    from convenio.records.adapters.copytext import CopyBatch
    from convenio.records.adapters.rows import RowBatch
    from convenio.records.domain.errors import ConcurrentImportError
    from convenio.shared.errors import ConflictError

    stamp = store.timestamp_text(db.clock.now(), db.dialect)
    value = normalised([person()])[0]

    def batch():
        if db.dialect == "postgresql":
            rows = CopyBatch()
            rows.add(value, content_hash(value), stamp, plain=True)
            return store.write_copy_batch, rows
        rows = RowBatch()
        rows.add(value, content_hash(value), stamp)
        return store.write_batch, rows

    with db.uow() as uow:
        write, rows = batch()
        write(uow.session, rows)
        with pytest.raises(ConcurrentImportError) as caught:
            write(uow.session, batch()[1])
        assert isinstance(caught.value, ConflictError)
