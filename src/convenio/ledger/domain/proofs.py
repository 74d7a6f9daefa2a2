"""Inclusion and consistency proofs exactly as RFC 9162 §2.1.3 and §2.1.4 define them.

Generation is split in two: the pure functions here say *which* subtree hashes a proof needs
(as leaf ranges, in proof order); the storage resolves each range to its hash. Verification is
pure and trusts nothing but the root hashes it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

from convenio.ledger.domain.merkle import HASH_SIZE, hash_children, largest_power_of_two_below

Range = tuple[int, int]


class ProofError(ValueError):
    """A proof does not verify, or its parameters are impossible."""


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The leaf ranges whose hashes form PATH(index, D[0:size]), leaf side first (§2.1.3.1)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    ranges: list[Range] = []
    start, end = 0, size
    # Walk down from the root; the path lists the siblings bottom-up, so reverse at the end.
    while end - start > 1:
        k = largest_power_of_two_below(end - start)
        if index - start < k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The leaf ranges whose hashes form PROOF(old, D[0:new]) (§2.1.4.1), in proof order."""
    if not 0 < old <= new:
        raise ProofError(f"no consistency proof from size {old} to size {new}")
    if old == new:
        return []
    ranges: list[Range] = []
    start, end, m, complete = 0, new, old, True
    while m != end - start:
        k = largest_power_of_two_below(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def _check_hashes(proof: Sequence[bytes], *others: bytes) -> None:
    for item in (*proof, *others):
        if len(item) != HASH_SIZE:
            raise ProofError(f"a hash has {len(item)} bytes, not {HASH_SIZE}")


def root_from_inclusion_proof(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]
) -> bytes:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2, steps 1 to 5)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    _check_hashes(proof, leaf_hash)
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the path")
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hash_children(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the path")
    return r


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ProofError unless ``proof`` shows the leaf at ``index`` is in the tree ``root``."""
    if root_from_inclusion_proof(index, size, leaf_hash, proof) != root:
        raise ProofError("the inclusion proof leads to another root")


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Raise ProofError unless ``proof`` shows tree ``new`` extends tree ``old`` (§2.1.4.2)."""
    if old > new:
        raise ProofError(f"size {new} is smaller than size {old}")
    if old in (new, 0):
        if proof:
            raise ProofError("a consistency proof between these sizes is empty")
        if old == new and old_root != new_root:
            raise ProofError("equal sizes with different roots")
        return
    _check_hashes(proof, old_root, new_root)
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    if not path:
        raise ProofError("the consistency proof is empty")
    fr, sr = _consistency_roots(old, new, path)
    if fr != old_root:
        raise ProofError("the consistency proof does not lead to the old root")
    if sr != new_root:
        raise ProofError("the consistency proof does not lead to the new root")


def _consistency_roots(old: int, new: int, path: Sequence[bytes]) -> tuple[bytes, bytes]:
    """Steps 3 to 7 of RFC 9162 §2.1.4.2: the old and new roots the path leads to."""
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than needed")
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than needed")
    return fr, sr
