"""RFC 6962/9162 hashing and proofs against the transparency-dev/merkle published vectors."""

from __future__ import annotations

import pytest
from ledger_builders import reference_consistency, reference_inclusion

from convenio.ledger.domain.merkle import (
    EMPTY_ROOT,
    hash_children,
    hash_leaf,
    mth,
    root_of_leaf_hashes,
)
from convenio.ledger.domain.proofs import (
    ProofError,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


def hexes(items):
    return [bytes.fromhex(h) for h in items]


def test_hasher_matches_published_vectors(vectors):
    h = vectors["hasher"]
    assert EMPTY_ROOT.hex() == h["empty_root"]
    assert hash_leaf(b"").hex() == h["empty_leaf"]
    assert hash_leaf(b"L123456").hex() == h["leaf_L123456"]
    assert hash_children(b"N123", b"N456").hex() == h["children_N123_N456"]


def test_roots_of_every_prefix_match_published_roots_both_ways(vectors):
    leaves = hexes(vectors["leaves"])
    for size, root in enumerate(hexes(vectors["roots"]), start=1):
        assert mth(leaves[:size]) == root
        assert root_of_leaf_hashes(hash_leaf(leaf) for leaf in leaves[:size]) == root


def test_generated_inclusion_proofs_equal_published_ones(vectors):
    leaves = hexes(vectors["leaves"])
    for case in vectors["inclusion"]:
        assert reference_inclusion(leaves, case["index"], case["size"]) == hexes(case["proof"])


def test_generated_consistency_proofs_equal_published_ones(vectors):
    leaves = hexes(vectors["leaves"])
    for case in vectors["consistency"]:
        got = reference_consistency(leaves, case["size1"], case["size2"])
        assert got == hexes(case["proof"])


def test_published_inclusion_proofs_verify(vectors):
    leaves, roots = hexes(vectors["leaves"]), hexes(vectors["roots"])
    for case in vectors["inclusion"]:
        i, n, proof = case["index"], case["size"], hexes(case["proof"])
        leaf_hash = hash_leaf(leaves[i])
        assert root_from_inclusion_proof(i, n, leaf_hash, proof) == roots[n - 1]
        verify_inclusion(i, n, leaf_hash, proof, roots[n - 1])


def corrupted_inclusion(i, n, proof, root, leaf_hash):
    """The corruptions of transparency-dev/merkle's corruptInclusionProof."""
    probes = [
        (i - 1, n, root, leaf_hash, proof),
        (i + 1, n, root, leaf_hash, proof),
        (i ^ 2, n, root, leaf_hash, proof),
        (i, n * 2, root, leaf_hash, proof),
        (i, n // 2, root, leaf_hash, proof),
        (i, n, root, b"WrongLeaf", proof),
        (i, n, EMPTY_ROOT, leaf_hash, proof),
        (i, n, SOME_HASH, leaf_hash, proof),
        (i, n, root, leaf_hash, [*proof, b""]),
        (i, n, root, leaf_hash, [*proof, root]),
        (i, n, root, leaf_hash, [b"", *proof]),
        (i, n, root, leaf_hash, [root, *proof]),
    ]
    for k in range(len(proof)):
        wrong = list(proof)
        wrong[k] = bytes([wrong[k][0] ^ 8]) + wrong[k][1:]
        probes.append((i, n, root, leaf_hash, wrong))
    if proof:
        probes.append((i, n, root, leaf_hash, proof[:-1]))
    if len(proof) > 1:
        probes.append((i, n, root, leaf_hash, [proof[0], SOME_HASH, *proof[1:]]))
    return probes


def test_every_corrupted_inclusion_proof_is_refused(vectors):
    leaves, roots = hexes(vectors["leaves"]), hexes(vectors["roots"])
    refused = 0
    for case in vectors["inclusion"][1:]:
        i, n, proof = case["index"], case["size"], hexes(case["proof"])
        for probe in corrupted_inclusion(i, n, proof, roots[n - 1], hash_leaf(leaves[i])):
            pi, pn, proot, pleaf, pproof = probe
            with pytest.raises(ProofError):
                verify_inclusion(pi, pn, pleaf, pproof, proot)
            refused += 1
    assert refused > 50


def test_published_consistency_proofs_verify_and_corruptions_are_refused(vectors):
    roots = hexes(vectors["roots"])
    for case in vectors["consistency"]:
        m, n, proof = case["size1"], case["size2"], hexes(case["proof"])
        r1, r2 = roots[m - 1], roots[n - 1]
        verify_consistency(m, n, r1, r2, proof)
        if not proof:
            continue
        probes = [
            (m - 1, n, r1, r2, proof),
            (m + 1, n, r1, r2, proof),
            (m ^ 2, n, r1, r2, proof),
            (m, n * 2, r1, r2, proof),
            (m, n // 2, r1, r2, proof),
            (m, n, b"WrongRoot", r2, proof),
            (m, n, r1, b"WrongRoot", proof),
            (m, n, r2, r1, proof),
            (m, n, r1, r2, []),
            (m, n, r1, r2, [*proof, b""]),
            (m, n, r1, r2, [*proof, r1]),
            (m, n, r1, r2, [*proof, r2]),
            (m, n, r1, r2, [b"", *proof]),
            (m, n, r1, r2, [r1, *proof]),
            (m, n, r1, r2, [r2, *proof]),
            (m, n, r1, r2, [proof[0], *proof]),
            (m, n, r1, r2, proof[:-1]),
        ]
        for k in range(len(proof)):
            wrong = list(proof)
            wrong[k] = bytes([wrong[k][0] ^ 16]) + wrong[k][1:]
            probes.append((m, n, r1, r2, wrong))
        for pm, pn, pr1, pr2, pproof in probes:
            with pytest.raises(ProofError):
                verify_consistency(pm, pn, pr1, pr2, pproof)


@pytest.mark.parametrize(
    ("old", "new", "root1", "root2", "proof", "ok"),
    [
        (0, 0, b"r1", b"r2", [], False),
        (1, 1, b"r1", b"r2", [], False),
        (0, 0, b"r1", b"r1", [], True),
        (0, 1, b"r1", b"r2", [], True),
        (1, 1, b"r2", b"r2", [], True),
        (1, 0, b"r1", b"r2", [], False),
        (2, 1, b"r1", b"r2", [], False),
        (1, 2, b"r1", b"r2", [], False),
        (0, 0, EMPTY_ROOT, b"r2", [], False),
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
        (1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),
    ],
)
def test_consistency_edge_cases_as_the_reference_library(old, new, root1, root2, proof, ok):
    if ok:
        verify_consistency(old, new, root1, root2, proof)
    else:
        with pytest.raises(ProofError):
            verify_consistency(old, new, root1, root2, proof)


@pytest.mark.parametrize(("index", "size"), [(0, 0), (1, 0), (2, 1)])
def test_inclusion_outside_the_tree_is_refused(index, size):
    with pytest.raises(ProofError):
        verify_inclusion(index, size, SOME_HASH, [], EMPTY_ROOT)
