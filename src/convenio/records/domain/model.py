"""The person of the interchange format (INTERCHANGE.md) and the values the context returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

US_STATUSES: Final = (
    "citizen",
    "lpr",
    "refugee",
    "asylee",
    "tps",
    "parolee",
    "visa",
    "undocumented",
    "unknown",
)
SEXES: Final = ("F", "M", "X")
REMOVAL_BASES: Final = ("ina_240", "expedited", "reinstatement", "stipulated", "aea")
CLAIM_KINDS: Final = ("asylum", "withholding", "cat", "cat_deferral", "fear_third_country")
CLAIM_STATUSES: Final = ("pending", "granted", "denied", "withdrawn")
DESIGNATION_BASES: Final = (
    "conviction",
    "court_finding",
    "self_admission",
    "tattoo",
    "clothing",
    "hand_signs",
    "social_media",
    "associates",
    "intelligence",
    "location",
)
HABEAS_STATUSES: Final = ("pending", "granted", "denied", "dismissed")

# The record lists of a person, in the order of INTERCHANGE.md.
RECORD_LISTS: Final = (
    "convictions",
    "pending_charges",
    "removal_orders",
    "protection_claims",
    "designations",
    "notices",
    "habeas_petitions",
    "medical_assessments",
)

# Top-level fields that may be absent; whether each was given is kept, so that an export
# writes back exactly the fields that were imported.
OPTIONAL_FIELDS: Final = ("a_number", "fbi_number", "sex", "consent", *RECORD_LISTS)
REQUIRED_FIELDS: Final = (
    "person_id",
    "family_name",
    "given_names",
    "birth_date",
    "languages",
    "citizenships",
    "us_status",
)
PERSON_FIELDS: Final = frozenset(REQUIRED_FIELDS + OPTIONAL_FIELDS)


def presence_mask(record: dict[str, object]) -> int:
    """A bit per optional top-level field present in ``record`` (order of OPTIONAL_FIELDS)."""
    mask = 0
    for bit, name in enumerate(OPTIONAL_FIELDS):
        if name in record:
            mask |= 1 << bit
    return mask


def present_fields(mask: int) -> tuple[str, ...]:
    """The optional top-level fields a presence mask says were given."""
    return tuple(name for bit, name in enumerate(OPTIONAL_FIELDS) if mask & (1 << bit))


def normalise_name(text: str) -> str:
    """A name for exact matching: case-folded, runs of whitespace collapsed."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True, kw_only=True)
class LineError:
    """One problem of an input file, shown as ``LINE:FIELD: message``."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.field}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationReport:
    """What a check of a people file found (no database involved)."""

    lines: int
    valid: int
    bad_lines: int
    errors: tuple[LineError, ...]
    errors_omitted: int = 0

    @property
    def is_valid(self) -> bool:
        """Whether every line is a valid person (and the file is not empty)."""
        return self.bad_lines == 0 and not self.errors


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """The outcome of an import of people: what was created, updated, left alone, skipped."""

    file_sha256: str
    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: tuple[LineError, ...] = ()
    errors_omitted: int = 0
    created_digest: str = ""

    @property
    def total(self) -> int:
        """Persons read from valid lines."""
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonSummary:
    """A person in a list (staff UI): identity, status and citizenships."""

    person_id: str
    a_number: str | None
    family_name: str
    given_names: str
    birth_date: date
    citizenships: tuple[str, ...] = field(default_factory=tuple)
    us_status: str = "unknown"
