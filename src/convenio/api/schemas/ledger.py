"""Schemas of the ledger: tree head, leaves, proofs, checkpoints, verification."""

from __future__ import annotations

from pydantic import BaseModel

from convenio.api.schemas.common import Instant, Page


class TreeHeadRead(BaseModel):
    """The size of the log and its RFC 9162 root hash (hex)."""

    size: int
    root_hash: str


class LeafRead(BaseModel):
    """One leaf: index, canonical JSON text, leaf hash (hex), event type."""

    index: int
    leaf: str
    leaf_hash: str
    event_type: str
    recorded_at: Instant


class LeafPage(Page[LeafRead]):
    """A page of leaves, in order."""


class InclusionProofRead(BaseModel):
    """The audit path of a leaf in the tree of ``size`` leaves (hashes in hex)."""

    index: int
    size: int
    leaf_hash: str
    root_hash: str
    proof: list[str]


class ConsistencyProofRead(BaseModel):
    """The proof that the tree of ``old`` leaves is a prefix of the tree of ``new``."""

    old: int
    new: int
    old_root: str
    new_root: str
    proof: list[str]


class CheckpointRead(BaseModel):
    """A signed checkpoint as published (C2SP signed note)."""

    seq: int
    origin: str
    size: int
    root_hash: str
    note: str
    signer: str


class ProblemRead(BaseModel):
    """One thing verification found wrong."""

    kind: str
    message: str
    index: int | None
    checkpoint: int | None


class VerificationRead(BaseModel):
    """The result of recomputing the whole tree and checking every checkpoint."""

    ok: bool
    size: int
    root_hash: str
    checkpoints: int
    problems: list[ProblemRead]
