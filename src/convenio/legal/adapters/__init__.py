"""Storage and files of the legal context."""
