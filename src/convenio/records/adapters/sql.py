"""Tables of the records context: a person row and one table per kind of record.

Every record table is keyed by ``(person_id, position)``: ``position`` keeps the order of the
list as the sender gave it, so an export writes back the same lists. Lists of codes inside a
record (a removal order's countries, a designation's bases) are kept as comma-separated text.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from convenio.platform.db import metadata

persons = Table(
    "records_persons",
    metadata,
    Column("person_id", String(64), primary_key=True),
    Column("a_number", String(10), nullable=True, index=True),
    Column("fbi_number", Text, nullable=True),
    Column("family_name", Text, nullable=False),
    Column("given_names", Text, nullable=False),
    Column("birth_date", Date, nullable=False, index=True),
    Column("sex", String(1), nullable=True),
    Column("us_status", String(16), nullable=False),
    Column("consent", Boolean, nullable=True),
    Column("present_fields", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)


def _record_table(name: str, *columns: Column[object]) -> Table:
    return Table(
        name,
        metadata,
        Column("person_id", String(64), nullable=False),
        Column("position", Integer, nullable=False, autoincrement=False),
        *columns,
        PrimaryKeyConstraint("person_id", "position", name=f"pk_{name}"),
    )


citizenships = _record_table("records_citizenships", Column("country", String(2), nullable=False))
languages = _record_table("records_languages", Column("language", String(2), nullable=False))
convictions = _record_table(
    "records_convictions",
    Column("item_id", String(64), nullable=False),
    Column("offense", Text, nullable=False),
    Column("offense_code", Text, nullable=True),
    Column("jurisdiction", Text, nullable=False),
    Column("convicted_on", Date, nullable=False),
    Column("final", Boolean, nullable=False),
    Column("violent", Boolean, nullable=True),
    Column("sentence_start_on", Date, nullable=True),
    Column("sentence_days", Integer, nullable=True),
)
pending_charges = _record_table(
    "records_pending_charges",
    Column("item_id", String(64), nullable=False),
    Column("offense", Text, nullable=False),
    Column("jurisdiction", Text, nullable=False),
    Column("filed_on", Date, nullable=False),
)
removal_orders = _record_table(
    "records_removal_orders",
    Column("item_id", String(64), nullable=False),
    Column("basis", String(16), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("final", Boolean, nullable=False),
    Column("countries", Text, nullable=False),
)
protection_claims = _record_table(
    "records_protection_claims",
    Column("item_id", String(64), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("country", String(2), nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_on", Date, nullable=True),
)
designations = _record_table(
    "records_designations",
    Column("item_id", String(64), nullable=False),
    Column("organization", Text, nullable=False),
    Column("basis", Text, nullable=False),
    Column("adjudicated", Boolean, nullable=False),
    Column("designated_on", Date, nullable=False),
    Column("points", Integer, nullable=True),
)
notices = _record_table(
    "records_notices",
    Column("item_id", String(64), nullable=False),
    Column("served_on", Date, nullable=False),
    Column("language", String(2), nullable=False),
    Column("explains_how_to_contest", Boolean, nullable=False),
)
habeas_petitions = _record_table(
    "records_habeas_petitions",
    Column("item_id", String(64), nullable=False),
    Column("court", Text, nullable=False),
    Column("case_number", Text, nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
)
medical_assessments = _record_table(
    "records_medical_assessments",
    Column("item_id", String(64), nullable=False),
    Column("assessed_on", Date, nullable=False),
    Column("fit_to_travel", Boolean, nullable=False),
)

# The record lists of a person and their tables (INTERCHANGE.md field -> table).
RECORD_TABLES: Final[dict[str, Table]] = {
    "convictions": convictions,
    "pending_charges": pending_charges,
    "removal_orders": removal_orders,
    "protection_claims": protection_claims,
    "designations": designations,
    "notices": notices,
    "habeas_petitions": habeas_petitions,
    "medical_assessments": medical_assessments,
}

# Every table of the context, the person table first (the order rows are written in).
ALL_TABLES: Final[tuple[Table, ...]] = (
    persons,
    citizenships,
    languages,
    *RECORD_TABLES.values(),
)
