"""Use cases of the oversight context, one module per area."""
