"""What other contexts and the faces may use of the ledger.

* ``record`` / ``record_many``: append events as leaves IN THE CALLER'S TRANSACTION;
* read side for the API and web: ``tree_head``, ``list_leaves``, ``leaf_count_by_type``,
  ``inclusion_proof``, ``consistency_proof``, ``root_at``, ``list_checkpoints``;
* checkpoints: ``sign_checkpoint``, ``cosign_checkpoint`` (keys from the keys directory),
  ``verifier_keys``, ``parse_vkey``;
* verification: ``verify_database``, ``export_bundle``, ``verify_bundle`` (and the pure
  proof checks ``verify_inclusion`` and ``verify_consistency``, which raise ``ProofError``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from convenio.ledger import services, verification
from convenio.ledger.adapters.keys import KeyStore
from convenio.ledger.domain.audit import Problem, VerificationReport
from convenio.ledger.domain.merkle import EMPTY_ROOT, hash_leaf
from convenio.ledger.domain.note import VerifierKey, parse_vkey
from convenio.ledger.domain.proofs import ProofError, verify_consistency, verify_inclusion
from convenio.ledger.queries import (
    CheckpointRecord,
    LeafRecord,
    TreeHead,
    consistency_proof,
    inclusion_proof,
    leaf_count_by_type,
    leaves_after,
    list_checkpoints,
    list_leaves,
    root_at,
    tree_head,
)
from convenio.ledger.verification import verify_database
from convenio.platform.uow import UnitOfWork
from convenio.shared.events import Event


def record(session: Session, event: Event) -> int:
    """Append ``event`` as a ledger leaf in the caller's transaction; returns the leaf index."""
    return services.append_event(session, event)


def record_many(session: Session, events: Sequence[Event]) -> list[int]:
    """Append several events at once (one lock, batched inserts); returns their indexes."""
    return services.append_events(session, events)


def create_key(keys_dir: Path, name: str) -> VerifierKey:
    """Create an Ed25519 signing key ``name`` in ``keys_dir``; returns its verifier key."""
    return KeyStore(keys_dir).create(name)


def has_key(keys_dir: Path, name: str) -> bool:
    """Whether ``keys_dir`` holds the private key ``name``."""
    return any(key.name == name for key in KeyStore(keys_dir).verifier_keys())


def verifier_keys(keys_dir: Path) -> list[VerifierKey]:
    """The verifier keys in a keys directory (setting ``keys_dir``)."""
    return KeyStore(keys_dir).verifier_keys()


def sign_checkpoint(uow: UnitOfWork, keys_dir: Path, key: str, origin: str) -> CheckpointRecord:
    """Sign the current tree head with the private key ``key`` of ``keys_dir``; commits."""
    return services.sign_checkpoint(uow, KeyStore(keys_dir).signer(key), origin)


def cosign_checkpoint(
    uow: UnitOfWork, keys_dir: Path, key: str, seq: int | None = None
) -> CheckpointRecord:
    """Add the signature of ``key`` to checkpoint ``seq`` (default: the latest); commits."""
    return services.cosign_checkpoint(uow, KeyStore(keys_dir).signer(key), seq)


def export_bundle(session: Session, origin: str, keys: Sequence[VerifierKey]) -> dict[str, Any]:
    """The export bundle: origin, leaves, signed checkpoints, verifier keys."""
    return verification.bundle_of(session, origin, keys)


def verify_bundle(
    bundle: dict[str, Any], trusted_keys: Sequence[VerifierKey]
) -> VerificationReport:
    """Verify an export bundle (already parsed) trusting only ``trusted_keys``."""
    return verification.verify_bundle(bundle, trusted_keys)


__all__ = [
    "EMPTY_ROOT",
    "CheckpointRecord",
    "Event",
    "LeafRecord",
    "Problem",
    "ProofError",
    "TreeHead",
    "VerificationReport",
    "VerifierKey",
    "consistency_proof",
    "cosign_checkpoint",
    "create_key",
    "export_bundle",
    "has_key",
    "hash_leaf",
    "inclusion_proof",
    "leaf_count_by_type",
    "leaves_after",
    "list_checkpoints",
    "list_leaves",
    "parse_vkey",
    "record",
    "record_many",
    "root_at",
    "sign_checkpoint",
    "tree_head",
    "verifier_keys",
    "verify_bundle",
    "verify_consistency",
    "verify_database",
    "verify_inclusion",
]
