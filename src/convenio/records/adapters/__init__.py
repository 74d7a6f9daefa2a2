"""Storage and file formats of the records context."""
