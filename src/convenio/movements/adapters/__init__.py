"""Storage of movements, their steps, manifest history and handover confirmations."""
