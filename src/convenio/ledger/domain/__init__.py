"""Pure ledger logic: leaves, Merkle hashing, proofs, checkpoints."""
