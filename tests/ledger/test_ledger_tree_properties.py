"""Properties: the incremental tree equals the RFC definition; generated proofs verify."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_builders import reference_consistency, reference_inclusion

from convenio.ledger.domain.audit import TreeScanner
from convenio.ledger.domain.merkle import (
    frontier_append,
    frontier_root,
    hash_leaf,
    mth,
    perfect_subtrees,
)
from convenio.ledger.domain.proofs import verify_consistency, verify_inclusion

leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=70)


@settings(max_examples=60, deadline=None)
@given(leaf_lists)
def test_frontier_root_after_each_append_equals_the_recursive_mth(leaves):
    frontier: list[bytes] = []
    completed_nodes = {}
    for size, leaf in enumerate(leaves):
        _, completed = frontier_append(frontier, size, hash_leaf(leaf))
        for node in completed:
            completed_nodes[(node.level, node.index)] = node.hash
        assert frontier_root(frontier) == mth(leaves[: size + 1])
    for (level, index), hashed in completed_nodes.items():
        assert hashed == mth(leaves[index << level : (index + 1) << level])


@settings(max_examples=60, deadline=None)
@given(leaf_lists, st.data())
def test_generated_proofs_verify_for_any_sizes(leaves, data):
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1))
    root = mth(leaves)
    verify_inclusion(
        index, n, hash_leaf(leaves[index]), reference_inclusion(leaves, index, n), root
    )
    old = data.draw(st.integers(1, n))
    proof = reference_consistency(leaves, old, n)
    verify_consistency(old, n, mth(leaves[:old]), root, proof)


@settings(max_examples=40, deadline=None)
@given(leaf_lists)
def test_scanner_roots_at_asked_sizes_equal_mth(leaves):
    sizes = {1, len(leaves), max(1, len(leaves) // 2)}
    scanner = TreeScanner(sizes)
    scanner.add(leaves[:3])
    scanner.add(leaves[3:])
    for size in sizes:
        assert scanner.roots[size] == mth(leaves[:size])


@given(st.integers(0, 40), st.integers(1, 300))
def test_perfect_subtrees_cover_an_aligned_range_exactly(shift, length):
    start = (1 << length.bit_length()) * shift
    covered = []
    for level, index in perfect_subtrees(start, start + length):
        assert (index << level) % (1 << level) == 0
        covered.extend(range(index << level, (index + 1) << level))
    assert covered == list(range(start, start + length))
