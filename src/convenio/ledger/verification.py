"""``verify`` over the database or an exported bundle, and the export itself.

A bundle is ``{"origin", "leaves": [leaf strings in order], "checkpoints": [signed notes],
"keys": [verifier keys]}``. Verification trusts only the verifier keys it is given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from convenio.ledger.adapters.keys import ed25519_check
from convenio.ledger.adapters.sql import ledger_head, ledger_leaves
from convenio.ledger.domain.audit import (
    CheckedCheckpoint,
    Problem,
    TreeScanner,
    VerificationReport,
    check_checkpoints,
    compare_roots,
)
from convenio.ledger.domain.note import VerifierKey
from convenio.ledger.locate import locate_bad_leaves
from convenio.ledger.queries import list_checkpoints, tree_head
from convenio.shared.errors import InvalidInputError

Progress = Callable[[int], None]
CHUNK = 20_000


def verify_database(
    session: Session, trusted_keys: Sequence[VerifierKey], progress: Progress | None = None
) -> VerificationReport:
    """Recompute the tree from the stored leaf texts and check every stored checkpoint."""
    report = VerificationReport()
    notes = [record.note for record in list_checkpoints(session)]
    usable = check_checkpoints(notes, trusted_keys, ed25519_check, None, report)
    scanner = TreeScanner(c.checkpoint.size for c in usable)
    for leaves, hints in _database_chunks(session, report):
        scanner.add_with_hints(leaves, hints)
        if progress:
            progress(len(leaves))
    bad = compare_roots(scanner, usable, report)
    if bad is not None and not report.first_problem_is_exact:
        _name_bad_leaf(session, bad, usable, report)
    report.size, report.root_hash = scanner.size, scanner.root()
    head = tree_head(session)
    stored_size = session.execute(
        select(ledger_head.c.size).where(ledger_head.c.id == 1)
    ).scalar_one_or_none()
    if (stored_size or 0) != scanner.size or head.root_hash != report.root_hash:
        report.problems.append(
            Problem(
                "head",
                f"the head row says {stored_size or 0} leaves with root "
                f"{head.root_hash.hex()[:16]}…, but the leaves give {scanner.size} leaves "
                f"with root {report.root_hash.hex()[:16]}…",
            )
        )
    return report


def _name_bad_leaf(
    session: Session,
    bad: tuple[int, int],
    usable: Sequence[CheckedCheckpoint],
    report: VerificationReport,
) -> None:
    """Walk the stored nodes down from the failing signed root to the bad leaf."""
    signed = next(c for c in usable if c.checkpoint.size == bad[1])
    found = locate_bad_leaves(session, signed.checkpoint.size, signed.checkpoint.root_hash)
    if not found:
        return
    which = " or ".join(str(i) for i in found)
    report.problems.append(
        Problem(
            "leaf",
            f"leaf {which} was changed, removed, inserted or moved: the signed checkpoint "
            f"#{signed.position} (size {signed.checkpoint.size}) commits to another hash there",
            index=found[0],
            checkpoint=signed.position,
        )
    )


def _database_chunks(
    session: Session, report: VerificationReport
) -> Iterator[tuple[list[bytes], list[bytes]]]:
    """Leaf texts and stored hashes in order, in chunks; a gap in ``seq`` is a problem."""
    expected = 0
    last = -1
    while True:
        rows = session.execute(
            select(ledger_leaves.c.seq, ledger_leaves.c.leaf, ledger_leaves.c.leaf_hash)
            .where(ledger_leaves.c.seq > last)
            .order_by(ledger_leaves.c.seq)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        for seq, _, _ in rows:
            if seq != expected and not any(p.kind == "gap" for p in report.problems):
                report.problems.append(
                    Problem(
                        "gap",
                        f"leaf {expected} is missing: the rows jump from {expected - 1} to {seq}",
                        index=expected,
                    )
                )
            expected = seq + 1
        last = int(rows[-1][0])
        yield [r[1].encode("utf-8") for r in rows], [bytes(r[2]) for r in rows]


def read_bundle(path: Path) -> dict[str, Any]:
    """Load a bundle file; its shape is checked, field by field."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as error:
        raise InvalidInputError(f"{path}: not a readable JSON bundle ({error})") from error
    if not isinstance(data, dict):
        raise InvalidInputError(f"{path}: a bundle is a JSON object")
    for name, kind in (("origin", str), ("leaves", list), ("checkpoints", list), ("keys", list)):
        if not isinstance(data.get(name), kind):
            raise InvalidInputError(f"{path}: field {name!r} must be a {kind.__name__}", field=name)
    return data


def verify_bundle(
    bundle: dict[str, Any], trusted_keys: Sequence[VerifierKey], progress: Progress | None = None
) -> VerificationReport:
    """Recompute every root of a bundle and check its checkpoints against trusted keys."""
    report = VerificationReport()
    usable = check_checkpoints(
        bundle["checkpoints"], trusted_keys, ed25519_check, bundle["origin"], report
    )
    leaves: list[Any] = bundle["leaves"]
    scanner = TreeScanner(c.checkpoint.size for c in usable)
    for start in range(0, len(leaves), CHUNK):
        chunk = leaves[start : start + CHUNK]
        try:
            scanner.add([leaf.encode("utf-8") for leaf in chunk])
        except AttributeError:
            bad = start + next(i for i, leaf in enumerate(chunk) if not isinstance(leaf, str))
            report.problems.append(Problem("leaf", f"leaf {bad} is not a string", index=bad))
            return report
        if progress:
            progress(len(chunk))
    bad_range = compare_roots(scanner, usable, report)
    if bad_range is not None:
        _name_edited_leaf(leaves, bad_range, report)
    report.size, report.root_hash = scanner.size, scanner.root()
    return report


def _name_edited_leaf(leaves: list[Any], bad: tuple[int, int], report: VerificationReport) -> None:
    """Within a bad range, a leaf that is not canonical JSON is named exactly."""
    for index in range(bad[0], min(bad[1], len(leaves))):
        text = leaves[index]
        try:
            canonical = json.dumps(
                json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
        except ValueError:
            canonical = None
        if canonical != text:
            report.problems.append(
                Problem("leaf", f"leaf {index} is not canonical JSON: it was edited", index=index)
            )
            return


def bundle_of(session: Session, origin: str, keys: Sequence[VerifierKey]) -> dict[str, Any]:
    """The export of the whole log: origin, leaves, signed checkpoints, verifier keys."""
    leaves = session.execute(select(ledger_leaves.c.leaf).order_by(ledger_leaves.c.seq))
    return {
        "origin": origin,
        "leaves": list(leaves.scalars()),
        "checkpoints": [record.note for record in list_checkpoints(session)],
        "keys": [key.text() for key in keys],
    }
