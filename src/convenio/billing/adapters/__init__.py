"""Billing's storage: accruals, invoices (immutable once written), status rows, disputes
and payments."""
