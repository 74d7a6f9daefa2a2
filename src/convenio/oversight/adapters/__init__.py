"""Storage of oversight records."""
