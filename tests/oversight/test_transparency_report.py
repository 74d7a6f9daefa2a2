"""The transparency report: suppressed counts, no personal data, tied to the ledger head."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from convenio.custody import public as custody
from convenio.custody import services as custody_services
from convenio.ledger import public as ledger
from convenio.oversight.domain.report import period_of, to_csv, to_html
from convenio.oversight.services import complaints, transparency
from convenio.records import public as records
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.errors import InvalidInputError
from movements.world import World, person

RECEIVING = Actor(
    id="u-recv",
    party="SV",
    party_kind=PartyKind.RECEIVING,
    roles=frozenset({Role.RECEIVING_OFFICER}),
)
MONITOR = Actor(
    id="u-mon", party="MONITOR", party_kind=PartyKind.MONITOR, roles=frozenset({Role.MONITOR})
)
ARRIVAL = datetime(2025, 3, 16, 7, 30, tzinfo=UTC)  # handed over 01:30 in San Salvador
NATIONALITIES = {"VE": 6, "CO": 2, "HN": 2}
RELEASED = ("P-VE-0",)
PERSON_IDS = [f"P-{c}-{i}" for c, n in NATIONALITIES.items() for i in range(n)]


@pytest.fixture
def scenario(db, tmp_path):
    """Ten people taken to custody at CECOT on 2025-03-16, one released, one complaint."""
    world = World(db=db, tmp_path=tmp_path)
    world.in_custody([person(pid, aea=False, citizenship=pid.split("-")[1]) for pid in PERSON_IDS])
    db.clock.instant = ARRIVAL + timedelta(days=4)
    for person_id in RELEASED:
        custody_services.release(
            db.uow(),
            person_id=person_id,
            at=ARRIVAL + timedelta(days=3),
            ground=custody.ReleaseGround.BY_DECISION,
            authority="Juzgado de prueba",
            actor=RECEIVING,
        )
    complaints.file_complaint(
        db.uow(),
        complaints.FileComplaint(
            person_id="P-HN-0",
            facility_id="CECOT",
            filed_by="Counsel of record",
            filed_by_kind="counsel",
            subject="No access to counsel",
            body="Visits refused twice.",
        ),
        MONITOR,
    )
    db.clock.instant = datetime(2025, 4, 2, 12, tzinfo=UTC)
    return db


def test_small_cells_are_suppressed_and_large_ones_published(scenario):
    report = transparency.compute_report(scenario.uow(), *period_of("2025-03", None, None))
    sections = report.sections
    assert sections["population_by_nationality"] == {"VE": 5, "CO": "<5", "HN": "<5"}
    assert sections["transfers"] == {"CECOT": 10}
    assert sections["exits"] == {"released": "<5"}
    assert sections["complaints"] == {"filed": "<5"}
    assert (report.period_start, report.period_end) == (date(2025, 3, 1), date(2025, 3, 31))


def test_no_personal_data_reaches_the_json_csv_or_html(scenario):
    report = transparency.compute_report(scenario.uow(), date(2025, 3, 1), date(2025, 3, 31))
    outputs = [report.to_json(), to_csv(report), to_html(report), to_html(report, spanish=True)]
    with scenario.uow() as uow:
        people = [records.get_person(uow.session, person_id) for person_id in PERSON_IDS]
    for record in people:
        keys = ("person_id", "a_number", "family_name", "given_names")
        for value in (record[key] for key in keys):
            assert all(value not in text for text in outputs), value


def test_csv_and_html_are_produced_with_the_ledger_reference(scenario):
    report = transparency.compute_report(scenario.uow(), date(2025, 3, 1), date(2025, 3, 31))
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert rows[0] == ["section", "label", "value"]
    assert ["population_by_nationality", "CO", "<5"] in rows
    assert ["ledger", "tree_size", str(report.ledger.size)] in rows
    page = to_html(report)
    assert page.count("<svg") >= 3
    assert report.ledger.root_hex in page and report.digest in page
    assert "Informe de transparencia" in to_html(report, spanish=True)


def test_the_report_names_the_ledger_head_it_was_computed_from(scenario):
    with scenario.uow() as uow:
        head = ledger.tree_head(uow.session)
    report = transparency.compute_report(scenario.uow(), date(2025, 3, 1), date(2025, 3, 31))
    assert head.size > 0
    assert (report.ledger.size, report.ledger.root_hex) == (head.size, head.root_hash.hex())
    with scenario.uow() as uow:
        stored = transparency.latest_report(uow.session)
    assert stored.digest == report.digest
    assert stored.ledger == report.ledger


def test_a_period_is_a_month_or_two_days_in_order():
    assert period_of("2024-02", None, None) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_of("2025-12", None, None) == (date(2025, 12, 1), date(2025, 12, 31))
    days = (date(2025, 3, 5), date(2025, 3, 9))
    assert period_of(None, *days) == days
    backwards = (None, days[1], days[0])
    for bad in (("2025-13", None, None), backwards, (None, None, None)):
        with pytest.raises(InvalidInputError):
            period_of(*bad)
