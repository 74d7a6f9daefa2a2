"""The invoice state machine and its account (due, paid, balance); totals from lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from convenio.billing.domain.errors import InvoiceTransitionError
from convenio.billing.domain.model import Line


class InvoiceStatus(StrEnum):
    """``draft → issued → paid``, or ``issued → disputed → settled``; a replaced draft is void."""

    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    DISPUTED = "disputed"
    SETTLED = "settled"
    VOID = "void"


class InvoiceKind(StrEnum):
    """A monthly invoice, or a credit note carrying only corrections."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


ALLOWED: dict[InvoiceStatus, frozenset[InvoiceStatus]] = {
    InvoiceStatus.DRAFT: frozenset({InvoiceStatus.ISSUED, InvoiceStatus.VOID}),
    InvoiceStatus.ISSUED: frozenset({InvoiceStatus.PAID, InvoiceStatus.DISPUTED}),
    InvoiceStatus.DISPUTED: frozenset({InvoiceStatus.SETTLED}),
    InvoiceStatus.PAID: frozenset(),
    InvoiceStatus.SETTLED: frozenset(),
    InvoiceStatus.VOID: frozenset(),
}

_HINTS: dict[InvoiceStatus, str] = {
    InvoiceStatus.DRAFT: "Issue it first.",
    InvoiceStatus.ISSUED: "It is issued and can no longer change; corrections go on a later "
    "invoice or a credit note.",
    InvoiceStatus.PAID: "It is paid in full; corrections go on a later invoice or a credit note.",
    InvoiceStatus.DISPUTED: "Resolve its disputes and record the payments due.",
    InvoiceStatus.SETTLED: "It is settled; corrections go on a later invoice or a credit note.",
    InvoiceStatus.VOID: "It was replaced by a newer draft; use that one.",
}

OUTSTANDING = frozenset({InvoiceStatus.ISSUED, InvoiceStatus.DISPUTED})
BILLED = frozenset(
    {InvoiceStatus.ISSUED, InvoiceStatus.PAID, InvoiceStatus.DISPUTED, InvoiceStatus.SETTLED}
)


def check_transition(invoice_id: str, current: InvoiceStatus, wanted: InvoiceStatus) -> None:
    """Raise unless ``current → wanted`` is allowed."""
    if wanted not in ALLOWED[current]:
        raise InvoiceTransitionError(invoice_id, current.value, wanted.value, _HINTS[current])


@dataclass(frozen=True, slots=True)
class Account:
    """What an issued invoice is owed: total less credits granted in dispute resolutions."""

    total_minor: int
    credited_minor: int
    paid_minor: int
    open_disputes: int

    @property
    def due_minor(self) -> int:
        """Total less credits."""
        return self.total_minor - self.credited_minor

    @property
    def balance_minor(self) -> int:
        """What is still to be paid."""
        return self.due_minor - self.paid_minor


def next_status(current: InvoiceStatus, account: Account) -> InvoiceStatus:
    """Where an issued invoice goes after a dispute, resolution or payment."""
    if current is InvoiceStatus.ISSUED:
        if account.open_disputes:
            return InvoiceStatus.DISPUTED
        if account.balance_minor <= 0:
            return InvoiceStatus.PAID
    if (
        current is InvoiceStatus.DISPUTED
        and not account.open_disputes
        and account.balance_minor <= 0
    ):
        return InvoiceStatus.SETTLED
    return current


def total_of(lines: Sequence[Line]) -> int:
    """The total: the sum of the lines, to the minor unit."""
    return sum(line.amount_minor for line in lines)
