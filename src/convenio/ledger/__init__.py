"""The tamper-evident log of every domain event: an append-only RFC 9162 Merkle tree, signed
checkpoints, inclusion and consistency proofs, and the offline verifier. Other contexts append
through ``convenio.ledger.public.record`` in their own transaction."""
