"""RFC 9162 §2.1 Merkle tree hashing, and the right frontier that makes appends incremental.

The *frontier* of a tree of size ``n`` is the list of the roots of its perfect subtrees, from
the largest (leftmost) to the smallest: one per bit set in ``n``. Appending a leaf merges equal
subtrees like a binary counter carry; the root folds the frontier from the right. Neither needs
more than O(log n) hashes, so no append ever rehashes the tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH({}) = SHA-256() (RFC 9162 §2.1.1)."""

_sha256 = hashlib.sha256


def hash_leaf(leaf: bytes) -> bytes:
    """MTH({d0}) = SHA-256(0x00 || d0)."""
    return _sha256(b"\x00" + leaf).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    """The largest power of two k with k < n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def frontier_levels(size: int) -> list[int]:
    """The heights of the perfect subtrees of the frontier of a tree of ``size`` leaves."""
    return [level for level in range(size.bit_length() - 1, -1, -1) if size >> level & 1]


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The root hash of the tree whose frontier is given (EMPTY_ROOT for no leaves)."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for node in reversed(frontier[:-1]):
        root = _sha256(b"\x01" + node + root).digest()
    return root


@dataclass(frozen=True, slots=True)
class CompletedNode:
    """An interior node that became complete when a leaf was appended."""

    level: int
    index: int
    hash: bytes


def frontier_append(
    frontier: list[bytes], size: int, leaf_hash: bytes
) -> tuple[list[bytes], list[CompletedNode]]:
    """Append a leaf hash to the frontier of a tree of ``size`` leaves, in place.

    Returns the frontier and the interior nodes completed by this leaf (levels >= 1), which
    proofs read later.
    """
    node = leaf_hash
    completed: list[CompletedNode] = []
    carry = size
    level = 0
    while carry & 1:
        node = _sha256(b"\x01" + frontier.pop() + node).digest()
        carry >>= 1
        level += 1
        completed.append(CompletedNode(level, size >> level, node))
    frontier.append(node)
    return frontier, completed


def split_frontier(blob: bytes | None) -> list[bytes]:
    """A stored frontier (concatenated hashes) as a list."""
    if not blob:
        return []
    return [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]


def root_of_leaf_hashes(leaf_hashes: Iterable[bytes]) -> bytes:
    """The root over leaf hashes, streaming (O(log n) memory)."""
    frontier: list[bytes] = []
    for size, leaf_hash in enumerate(leaf_hashes):
        frontier_append(frontier, size, leaf_hash)
    return frontier_root(frontier)


def mth(leaves: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of RFC 9162 §2.1.1, by its recursive definition (for tests)."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hash_leaf(leaves[0])
    k = largest_power_of_two_below(n)
    return hash_children(mth(leaves[:k]), mth(leaves[k:]))


def perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """Decompose the leaf range [start, end) into aligned perfect subtrees (level, index).

    ``start`` must be a multiple of the largest subtree (true for every range a proof needs:
    they all start at a multiple of a power of two not smaller than their length's top bit).
    """
    nodes: list[tuple[int, int]] = []
    position = start
    for level in frontier_levels(end - start):
        nodes.append((level, position >> level))
        position += 1 << level
    return nodes
