"""Billing's errors: each says what went wrong and what to do next."""

from __future__ import annotations

from datetime import date

from convenio.shared.errors import InvalidInputError, RuleViolationError


class InvalidIntervalError(InvalidInputError):
    """A custody interval that ends before it starts."""

    code = "billing.invalid_interval"

    def __init__(self, stay_id: str, admitted_on: date, exited_on: date) -> None:
        super().__init__(
            f"stay {stay_id}: exited_on {exited_on.isoformat()} is before admitted_on "
            f"{admitted_on.isoformat()}; correct the custody record before billing",
            stay_id=stay_id,
            admitted_on=admitted_on.isoformat(),
            exited_on=exited_on.isoformat(),
        )


class InvoiceTransitionError(RuleViolationError):
    """A status change the invoice state machine does not allow."""

    code = "billing.invalid_transition"

    def __init__(self, invoice_id: str, current: str, wanted: str, hint: str) -> None:
        super().__init__(
            f"invoice {invoice_id} is {current}; it cannot become {wanted}. {hint}",
            invoice_id=invoice_id,
            status=current,
            wanted=wanted,
        )


class PaymentTooLargeError(RuleViolationError):
    """A payment above what is still owed."""

    code = "billing.payment_too_large"

    def __init__(self, invoice_id: str, amount: str, balance: str) -> None:
        super().__init__(
            f"invoice {invoice_id}: a payment of {amount} exceeds the balance of {balance}; "
            "record at most the balance",
            invoice_id=invoice_id,
            amount=amount,
            balance=balance,
        )
