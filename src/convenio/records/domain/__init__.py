"""The records domain: the interchange form of a person and its validation (stdlib only)."""
