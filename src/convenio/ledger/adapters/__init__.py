"""Storage of the ledger."""
