"""Find the exact bad leaf in the database when a signed root does not match.

The interior nodes stored by the appends are untrusted *hints*. Hints that hash up to a
signed root are authentic (a collision aside), so the verifier walks down from the signed
root, authenticating each pair of children against their parent, and follows the child whose
hash recomputed from the leaf texts differs. It reads O(n) leaves at most, and only when
something is already wrong.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.ledger.adapters.sql import ledger_leaves
from convenio.ledger.domain.audit import subtree_root
from convenio.ledger.domain.merkle import frontier_root, hash_children, perfect_subtrees
from convenio.ledger.queries import node_hashes
from convenio.shared.errors import InvalidInputError

Node = tuple[int, int]


def _recomputed(session: Session, node: Node) -> bytes:
    """The hash of a perfect subtree, from the leaf texts as they are now."""
    level, idx = node
    rows = session.execute(
        select(ledger_leaves.c.leaf)
        .where(ledger_leaves.c.seq >= idx << level, ledger_leaves.c.seq < (idx + 1) << level)
        .order_by(ledger_leaves.c.seq)
    ).scalars()
    sha = hashlib.sha256
    hashes = [sha(b"\x00" + leaf.encode("utf-8")).digest() for leaf in rows]
    if len(hashes) != 1 << level:
        return b""
    return subtree_root(hashes)


def locate_bad_leaves(session: Session, size: int, root: bytes) -> tuple[int, ...] | None:
    """The index of the bad leaf (or the two candidates) under a signed root, if found."""
    plan = perfect_subtrees(0, size)
    try:
        stored = node_hashes(session, set(plan))
    except InvalidInputError:
        return None
    if frontier_root([stored[node] for node in plan]) != root:
        return None
    for node in plan:
        if _recomputed(session, node) != stored[node]:
            return _descend(session, node, stored[node])
    return None


def _descend(session: Session, node: Node, expected: bytes) -> tuple[int, ...] | None:
    level, idx = node
    while level > 1:
        left, right = (level - 1, 2 * idx), (level - 1, 2 * idx + 1)
        try:
            kids = node_hashes(session, {left, right})
        except InvalidInputError:
            return None
        if hash_children(kids[left], kids[right]) != expected:
            return None
        if _recomputed(session, left) != kids[left]:
            (level, idx), expected = left, kids[left]
        else:
            (level, idx), expected = right, kids[right]
    if level == 0:
        return (idx,)
    return _between_two_leaves(session, 2 * idx, expected)


def _between_two_leaves(session: Session, first: int, expected: bytes) -> tuple[int, ...]:
    """Under an authentic parent: which of two leaves no longer hashes to its share."""
    a, b = _recomputed(session, (0, first)), _recomputed(session, (0, first + 1))
    try:
        stored = node_hashes(session, {(0, first), (0, first + 1)})
    except InvalidInputError:
        return (first, first + 1)
    sa, sb = stored[(0, first)], stored[(0, first + 1)]
    if hash_children(a, sb) == expected:
        return (first + 1,)
    if hash_children(sa, b) == expected:
        return (first,)
    return (first, first + 1)
