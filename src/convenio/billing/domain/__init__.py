"""Billing's pure core: months, the day-count convention, accrual, fee lines, repairs,
the invoice state machine and the cost comparison. Standard library and ``shared`` only."""
