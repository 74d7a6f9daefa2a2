"""The offline verifier: recompute every root from the leaves, check every signature.

It trusts nothing but the verifier keys it is given. Leaves are fed in order, in chunks (a
database cursor or a bundle), with O(log n) memory; the roots at every checkpoint size are
kept and compared at the end. Problems are named with the leaf index or the checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from convenio.ledger.domain.merkle import frontier_root
from convenio.ledger.domain.note import (
    Checkpoint,
    NoteFormatError,
    SignatureCheck,
    VerifierKey,
    parse_checkpoint,
    parse_note,
    verified_signers,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: ``kind`` is leaf, signature, checkpoint or head."""

    kind: str
    message: str
    index: int | None = None
    checkpoint: int | None = None
    exact: bool = True


@dataclass(frozen=True, slots=True)
class CheckedCheckpoint:
    """A checkpoint whose signatures were read: who signed it validly."""

    position: int
    checkpoint: Checkpoint
    signers: tuple[str, ...]


@dataclass
class VerificationReport:
    """What ``verify`` found. ``ok`` only when no problem at all was found."""

    size: int = 0
    root_hash: bytes = b""
    checkpoints: list[CheckedCheckpoint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether everything verified."""
        return not self.problems

    @property
    def first_problem_is_exact(self) -> bool:
        """Whether the first problem names one leaf (not a range)."""
        first = self.first_problem
        return first is not None and first.exact

    @property
    def first_problem(self) -> Problem | None:
        """The first bad leaf (lowest index), else the first bad checkpoint or signature."""
        with_index = [p for p in self.problems if p.index is not None]
        exact = [p for p in with_index if p.exact] or with_index
        if exact:
            return min(exact, key=lambda p: p.index or 0)
        return self.problems[0] if self.problems else None


def check_checkpoints(
    notes: Sequence[str],
    trusted: Sequence[VerifierKey],
    check: SignatureCheck,
    origin: str | None,
    report: VerificationReport,
) -> list[CheckedCheckpoint]:
    """Parse every note, check its signatures and that sizes never shrink."""
    usable: list[CheckedCheckpoint] = []
    previous: Checkpoint | None = None
    for position, text in enumerate(notes, start=1):
        try:
            note = parse_note(text)
            checkpoint = parse_checkpoint(note.text)
        except NoteFormatError as error:
            report.problems.append(
                Problem("checkpoint", f"checkpoint #{position}: {error}", checkpoint=position)
            )
            continue
        good, bad = verified_signers(note, list(trusted), check)
        for name in bad:
            report.problems.append(
                Problem(
                    "signature",
                    f"checkpoint #{position} (size {checkpoint.size}): the signature of "
                    f"{name} does not verify — forged, or the checkpoint text was changed",
                    checkpoint=position,
                )
            )
        if not good and not bad:
            report.problems.append(
                Problem(
                    "signature",
                    f"checkpoint #{position} (size {checkpoint.size}) carries no signature "
                    "by a trusted key",
                    checkpoint=position,
                )
            )
        if origin is not None and checkpoint.origin != origin:
            report.problems.append(
                Problem(
                    "checkpoint",
                    f"checkpoint #{position} is for log {checkpoint.origin!r}, not {origin!r}",
                    checkpoint=position,
                )
            )
        if previous is not None and checkpoint.size < previous.size:
            report.problems.append(
                Problem(
                    "checkpoint",
                    f"checkpoint #{position} has size {checkpoint.size}, smaller than the "
                    f"{previous.size} of the checkpoint before it: the log shrank",
                    checkpoint=position,
                )
            )
        previous = checkpoint
        checked = CheckedCheckpoint(position, checkpoint, tuple(good))
        report.checkpoints.append(checked)
        if good and not bad:
            usable.append(checked)
    return usable


def subtree_root(hashes: list[bytes]) -> bytes:
    """The root of a perfect subtree (len(hashes) is a power of two), level by level."""
    sha = hashlib.sha256
    while len(hashes) > 1:
        pairs = iter(hashes)
        hashes = [
            sha(b"\x01" + left + right).digest() for left, right in zip(pairs, pairs, strict=False)
        ]
    return hashes[0]


@dataclass
class _Tree:
    """A frontier fed with runs of leaf hashes; keeps the roots at the sizes asked for."""

    wanted: set[int]
    size: int = 0
    frontier: list[bytes] = field(default_factory=list)
    roots: dict[int, bytes] = field(default_factory=dict)

    def copy(self) -> _Tree:
        return _Tree(self.wanted, self.size, list(self.frontier), dict(self.roots))

    def add_hashes(self, hashes: list[bytes]) -> None:
        """Append leaf hashes as aligned perfect subtrees (C-speed list comprehensions)."""
        base, end = self.size, self.size + len(hashes)
        stops = sorted(s for s in self.wanted if base < s < end)
        position = base
        sha = hashlib.sha256
        for stop in (*stops, end):
            while position < stop:
                level = (stop - position).bit_length() - 1
                if position:
                    level = min(level, (position & -position).bit_length() - 1)
                width = 1 << level
                start = position - base
                node = subtree_root(hashes[start : start + width])
                carry = position >> level
                while carry & 1:
                    node = sha(b"\x01" + self.frontier.pop() + node).digest()
                    carry >>= 1
                self.frontier.append(node)
                position += width
            if stop in self.wanted:
                self.roots[stop] = frontier_root(self.frontier)
        self.size = end


class TreeScanner:
    """Recomputes the tree from the leaves and keeps the roots at the sizes asked for.

    In database mode, the leaf hashes stored beside the leaves are *hints*: the first leaf
    whose recomputed hash differs from its hint is kept, and a second tree is built from the
    hints from there on, so that when the hinted tree matches a signed root, the bad leaf is
    named exactly.
    """

    def __init__(self, sizes: Iterable[int]) -> None:
        self.tree = _Tree(set(sizes))
        self.hint_tree: _Tree | None = None
        self.first_hint_mismatch: int | None = None
        if 0 in self.tree.wanted:
            self.tree.roots[0] = frontier_root([])

    @property
    def size(self) -> int:
        """Leaves added so far."""
        return self.tree.size

    @property
    def roots(self) -> dict[int, bytes]:
        """Recomputed roots at the sizes asked for."""
        return self.tree.roots

    @property
    def hint_roots(self) -> dict[int, bytes]:
        """Roots of the tree of stored hashes (equal to ``roots`` while they agree)."""
        return (self.hint_tree or self.tree).roots

    def add(self, leaves: Sequence[bytes]) -> None:
        """Append leaves (their exact bytes), in order."""
        sha = hashlib.sha256
        self.tree.add_hashes([sha(b"\x00" + leaf).digest() for leaf in leaves])

    def add_with_hints(self, leaves: Sequence[bytes], hints: list[bytes]) -> None:
        """Append leaves with their stored hashes (database mode)."""
        sha = hashlib.sha256
        hashes = [sha(b"\x00" + leaf).digest() for leaf in leaves]
        if self.hint_tree is None and hashes != hints:
            self.hint_tree = self.tree.copy()
            first = next(
                i for i, pair in enumerate(zip(hashes, hints, strict=True)) if pair[0] != pair[1]
            )
            self.first_hint_mismatch = self.tree.size + first
        if self.hint_tree is not None:
            self.hint_tree.add_hashes(hints)
        self.tree.add_hashes(hashes)

    def root(self) -> bytes:
        """The root of everything added so far."""
        return frontier_root(self.tree.frontier)


def compare_roots(
    scanner: TreeScanner,
    checkpoints: Sequence[CheckedCheckpoint],
    report: VerificationReport,
) -> tuple[int, int] | None:
    """Compare each signed root with the recomputed one; returns the first bad leaf range.

    Adds one problem for the first checkpoint that does not match, naming the leaf (exactly
    when the stored hashes allow, else the range of leaves between the last matching
    checkpoint and this one).
    """
    good_size = 0
    for checked in sorted(checkpoints, key=lambda c: c.checkpoint.size):
        cp = checked.checkpoint
        if cp.size > scanner.size:
            report.problems.append(
                Problem(
                    "leaf",
                    f"checkpoint #{checked.position} signs {cp.size} leaves but only "
                    f"{scanner.size} are present: leaves from {scanner.size} on are missing",
                    index=scanner.size,
                    checkpoint=checked.position,
                )
            )
            return scanner.size, cp.size
        if scanner.roots.get(cp.size) == cp.root_hash:
            good_size = max(good_size, cp.size)
            continue
        report.problems.append(_mismatch(scanner, checked, good_size))
        return good_size, cp.size
    return None


def _mismatch(scanner: TreeScanner, checked: CheckedCheckpoint, good_size: int) -> Problem:
    cp = checked.checkpoint
    exact = scanner.first_hint_mismatch
    if (
        exact is not None
        and good_size <= exact < cp.size
        and scanner.hint_roots.get(cp.size) == cp.root_hash
    ):
        return Problem(
            "leaf",
            f"leaf {exact} was changed: its hash differs from the one the signed checkpoint "
            f"#{checked.position} (size {cp.size}) commits to",
            index=exact,
            checkpoint=checked.position,
        )
    return Problem(
        "leaf",
        f"leaves {good_size}..{cp.size - 1}: the recomputed root at size {cp.size} does not "
        f"match checkpoint #{checked.position}; a leaf from index {good_size} on was changed, "
        "removed, inserted or reordered",
        index=good_size,
        checkpoint=checked.position,
        exact=False,
    )
