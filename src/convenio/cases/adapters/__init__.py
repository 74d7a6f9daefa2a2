"""Storage of the cases context."""
