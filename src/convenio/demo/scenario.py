"""The demo scenario behind ``make run``: a living system on synthetic data.

Every step is safe to run twice: a second ``make run`` finds the data and only prints the
logins again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from convenio.billing import public as billing
from convenio.bootstrap import Services
from convenio.cases import holds as case_holds
from convenio.cases import public as cases
from convenio.cases import services as case_services
from convenio.custody import public as custody
from convenio.demo.living_system import CASE_OFFICER, RECEIVING, seed_living_system
from convenio.demo.population import write_population
from convenio.demo.users import seed_demo_users
from convenio.eligibility import public as eligibility
from convenio.ledger import public as ledger
from convenio.legal import public as legal
from convenio.oversight.services import complaints, inspections, transparency
from convenio.platform import migrate
from convenio.records import public as records
from convenio.records import services as records_services
from convenio.shared.actor import Actor, PartyKind, Role
from convenio.shared.dates import parse_instant
from convenio.shared.errors import DomainError
from convenio.terms import public as terms
from convenio.terms import services as terms_services

Say = Callable[[str], None]

POPULATION_SIZE = 3000
PIPELINE_AT = "2025-04-15T10:00:00-04:00"
PIPELINE_CASES = 24
REVIEW_CASES = 6
SIGNING_KEYS = ("us", "sv", "monitor")
BILLED_MONTHS = ((2025, 4), (2025, 5), (2025, 6), (2025, 7))

LEGAL_REVIEWER = Actor(
    id="us-legal-reviewer",
    party="US",
    party_kind=PartyKind.SENDING,
    roles=frozenset({Role.LEGAL_REVIEWER}),
)
SV_FINANCE = Actor(
    id="sv-finance",
    party="SV",
    party_kind=PartyKind.RECEIVING,
    roles=frozenset({Role.FINANCE_OFFICER}),
)
US_FINANCE = Actor(
    id="us-finance",
    party="US",
    party_kind=PartyKind.SENDING,
    roles=frozenset({Role.FINANCE_OFFICER}),
)
MONITOR = Actor(
    id="monitor", party="MONITOR", party_kind=PartyKind.MONITOR, roles=frozenset({Role.MONITOR})
)

# The TRO of 15 March 2025 (J.G.G. v. Trump), as in the shared examples.
TRO: dict[str, Any] = {
    "hold_id": "H-2025-0315-JGG",
    "kind": "tro",
    "court": "D.D.C.",
    "case_number": "1:25-cv-00766",
    "issued_at": "2025-03-15T19:26:00-04:00",
    "expires_at": None,
    "lifted_at": None,
    "scope": {"class": {"removal_basis": ["aea"]}},
    "summary": "Temporary restraining order: no removal under Proclamation 10903",
}


def prepare(services: Services, say: Say) -> None:
    """Migrate the database and seed the demo (idempotent)."""
    migrate.upgrade(services.settings.database_url)
    say("database migrated")
    agreement = terms_services.register_agreement(
        services.uow(), terms.DEFAULT_AGREEMENT_PATH.read_bytes(), actor="demo"
    )
    say(f"agreement in force: {agreement.title}")
    logins = seed_demo_users(services)
    _population(services, say)
    seed_living_system(services, say)
    _court_order(services, say)
    _pipeline(services, say)
    _invoices(services, agreement, say)
    _oversight(services, say)
    _checkpoint(services, agreement.id, say)
    say("demo logins (also in var/demo-logins.txt):")
    for username, password, role, party in logins:
        say(f"  {role:<22} {party:<8} {username:<22} {password}")


def _population(services: Services, say: Say) -> None:
    with services.uow() as uow:
        if records.count_people(uow.session) > 0:
            return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.jsonl"
        write_population(path, size=POPULATION_SIZE, seed=2025)
        result = records_services.import_people(services.uow(), path, actor="demo")
    say(f"synthetic population imported: {result.created:,} people")


def _court_order(services: Services, say: Say) -> None:
    with services.uow() as uow:
        if legal.get_hold(uow.session, TRO["hold_id"]) is not None:
            return
    case_holds.record_hold(services.uow(), dict(TRO), LEGAL_REVIEWER)
    say(f"court order recorded: {TRO['hold_id']} ({TRO['summary']})")


def _pipeline(services: Services, say: Say) -> None:
    """Screen everyone on 15 April 2025 and put cases at each stage before the flight."""
    at = parse_instant(PIPELINE_AT)
    with services.uow() as uow:
        if cases.count_by_state(uow.session).get("nominated", 0):
            return
    agreement = terms_services.current_agreement(services.uow())
    run = eligibility.screen_database(
        services.uow(), agreement=agreement, as_of=at, holds_of=legal.list_holds, actor="demo"
    )
    counts = ", ".join(f"{count:,} {kind}" for kind, count in sorted(run.by_decision.items()))
    say(f"population screened as of {PIPELINE_AT}: {counts}")
    with services.uow() as uow:
        people = list(records.iter_people(uow.session))
        holds = legal.list_holds(uow.session)
        fresh = [p for p in people if not cases.cases_for_person(uow.session, p["person_id"])]
    decided = eligibility.screen_people(fresh, holds, agreement, at)
    by_kind: dict[str, list[str]] = {}
    for decision in decided:
        by_kind.setdefault(str(decision.decision), []).append(decision.person_id)
    opened = 0
    for index, person_id in enumerate(by_kind.get("eligible", [])[:PIPELINE_CASES]):
        try:
            case = case_services.open_case(services.uow(), person_id, CASE_OFFICER, at=at)
            if index % 4 != 3:
                case = case_services.nominate(services.uow(), case.case_id, CASE_OFFICER, at=at)
            if index % 4 == 0:
                case_services.accept(services.uow(), case.case_id, RECEIVING, at=at)
        except DomainError:
            continue
        opened += 1
    for person_id in by_kind.get("review", [])[:REVIEW_CASES] + by_kind.get("ineligible", [])[:4]:
        try:
            case_services.open_case(services.uow(), person_id, CASE_OFFICER, at=at)
        except DomainError:
            continue
        opened += 1
    say(f"{opened} more cases opened: screened, in legal review, nominated and accepted")


def _invoices(services: Services, agreement: terms.Agreement, say: Say) -> None:
    for index, (year, month_number) in enumerate(BILLED_MONTHS):
        month = billing.Month(year, month_number)
        billing.accrue_month(services.uow(), agreement, month, actor=SV_FINANCE)
        result = billing.build_invoice(services.uow(), agreement, month, actor=SV_FINANCE)
        if str(result.status) != "draft" or index == len(BILLED_MONTHS) - 1:
            continue
        billing.issue_invoice(services.uow(), SV_FINANCE, result.invoice_id)
        if index == 0:
            billing.record_payment(
                services.uow(),
                US_FINANCE,
                result.invoice_id,
                amount=result.total,
                paid_on=date(year, month_number + 1, 15),
                reference="US Treasury transfer",
            )
    say(f"invoices built for {len(BILLED_MONTHS)} months (the last left as a draft)")


def _oversight(services: Services, say: Say) -> None:
    with services.uow() as uow:
        if complaints.list_complaints(uow.session, services.clock.now()):
            return
    try:
        with services.uow() as uow:
            held = [
                stay.person_id
                for stay in custody.list_stays(
                    uow.session, start=date(2025, 3, 1), end=date(2025, 12, 31)
                )
                if stay.exited_on is None
            ]
        if held:
            complaints.file_complaint(
                services.uow(),
                complaints.FileComplaint(
                    person_id=held[0],
                    facility_id="CECOT",
                    filed_by="Counsel of record",
                    filed_by_kind="counsel",
                    subject="No confidential call with counsel",
                    body="Counsel has not been able to speak with the client since arrival.",
                ),
                MONITOR,
            )
        inspections.record_inspection(
            services.uow(),
            inspections.RecordInspection(
                facility_id="CECOT",
                visited_on=date(2025, 6, 12),
                inspector="Independent monitor",
                summary="Announced visit to pavilions 1 and 3; interviews in private.",
                findings=(
                    inspections.Finding(
                        severity="high",
                        text="Lights on 24 hours a day in the cells",
                        action="Night lighting that allows sleep",
                        due_on=date(2025, 8, 1),
                    ),
                ),
            ),
            MONITOR,
        )
        report = transparency.compute_report(services.uow(), date(2025, 3, 1), date(2025, 8, 31))
        say(f"transparency report computed at ledger size {report.ledger.size}")
    except DomainError as error:
        say(f"oversight demo data skipped: {error.message}")


def _checkpoint(services: Services, agreement_id: str, say: Say) -> None:
    keys_dir = services.settings.keys_dir
    for name in SIGNING_KEYS:
        if not ledger.has_key(keys_dir, name):
            ledger.create_key(keys_dir, name)
    origin = f"convenio.example/{agreement_id}"
    with services.uow() as uow:
        head = ledger.tree_head(uow.session)
        signed = ledger.list_checkpoints(uow.session)
    if signed and max(c.size for c in signed) == head.size:
        return
    ledger.sign_checkpoint(services.uow(), keys_dir, "us", origin)
    for name in SIGNING_KEYS[1:]:
        ledger.cosign_checkpoint(services.uow(), keys_dir, name)
    say(f"ledger checkpoint at size {head.size} signed by {', '.join(SIGNING_KEYS)}")
