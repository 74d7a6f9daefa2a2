"""``/api/v1/ledger``: the tamper-evident log (RFC 9162): head, leaves, proofs, checkpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.api.deps import Paging, ServicesDep
from convenio.api.schemas.ledger import (
    CheckpointRead,
    ConsistencyProofRead,
    InclusionProofRead,
    LeafPage,
    LeafRead,
    ProblemRead,
    TreeHeadRead,
    VerificationRead,
)
from convenio.bootstrap import Services
from convenio.http.auth import actor_allowed
from convenio.ledger import public as ledger
from convenio.shared.actor import Actor
from convenio.shared.errors import InvalidInputError, NotFoundError

router = APIRouter(prefix="/ledger", tags=["ledger"])

Reader = Annotated[Actor, Depends(actor_allowed(access.Action.LEDGER_READ))]
Verifier = Annotated[Actor, Depends(actor_allowed(access.Action.LEDGER_VERIFY))]
Size = Annotated[int, Query(ge=0, le=2**62, description="A tree size (number of leaves).")]


@router.get("/head", response_model=TreeHeadRead)
def tree_head(_: Reader, services: ServicesDep) -> TreeHeadRead:
    """The current size and root hash."""
    with services.uow() as uow:
        head = ledger.tree_head(uow.session)
    return TreeHeadRead(size=head.size, root_hash=head.root_hash.hex())


@router.get("/leaves", response_model=LeafPage)
def list_leaves(_: Reader, services: ServicesDep, page: Paging) -> LeafPage:
    """Leaves from ``offset``, in order."""
    with services.uow() as uow:
        size = ledger.tree_head(uow.session).size
        leaves = ledger.list_leaves(uow.session, page.offset, page.limit)
    items = [
        LeafRead(
            index=leaf.index,
            leaf=leaf.leaf,
            leaf_hash=leaf.leaf_hash.hex(),
            event_type=leaf.event_type,
            recorded_at=leaf.recorded_at,
        )
        for leaf in leaves
    ]
    return LeafPage(items=items, total=size, offset=page.offset, limit=page.limit)


@router.get("/leaves/{index}/proof", response_model=InclusionProofRead)
def inclusion_proof(
    index: Annotated[int, Path(ge=0, le=2**62)],
    _: Reader,
    services: ServicesDep,
    size: Size | None = None,
) -> InclusionProofRead:
    """The inclusion proof of a leaf in the tree of ``size`` leaves (the current size)."""
    with services.uow() as uow:
        head = ledger.tree_head(uow.session)
        tree_size = head.size if size is None else size
        _check(index < tree_size <= head.size, f"leaf {index} is not in a tree of {tree_size}")
        leaf = ledger.list_leaves(uow.session, index, 1)
        if not leaf:
            raise NotFoundError(f"no leaf {index}")
        proof = ledger.inclusion_proof(uow.session, index, tree_size)
        root = ledger.root_at(uow.session, tree_size)
    return InclusionProofRead(
        index=index,
        size=tree_size,
        leaf_hash=leaf[0].leaf_hash.hex(),
        root_hash=root.hex(),
        proof=[node.hex() for node in proof],
    )


@router.get("/consistency", response_model=ConsistencyProofRead)
def consistency_proof(
    _: Reader, services: ServicesDep, old: Size, new: Size | None = None
) -> ConsistencyProofRead:
    """The consistency proof between two tree sizes (``new``: the current size)."""
    with services.uow() as uow:
        head = ledger.tree_head(uow.session)
        newer = head.size if new is None else new
        _check(0 < old <= newer <= head.size, "sizes must satisfy 0 < old <= new <= log size")
        proof = ledger.consistency_proof(uow.session, old, newer)
        old_root, new_root = ledger.root_at(uow.session, old), ledger.root_at(uow.session, newer)
    return ConsistencyProofRead(
        old=old,
        new=newer,
        old_root=old_root.hex(),
        new_root=new_root.hex(),
        proof=[node.hex() for node in proof],
    )


@router.get("/checkpoints", response_model=list[CheckpointRead])
def list_checkpoints(_: Reader, services: ServicesDep) -> list[CheckpointRead]:
    """Every signed checkpoint, oldest first."""
    with services.uow() as uow:
        records = ledger.list_checkpoints(uow.session)
    return [
        CheckpointRead(
            seq=r.seq,
            origin=r.origin,
            size=r.size,
            root_hash=r.root_hash.hex(),
            note=r.note,
            signer=r.signer,
        )
        for r in records
    ]


@router.get("/verification", response_model=VerificationRead)
async def verify(_: Verifier, services: ServicesDep) -> VerificationRead:
    """Recompute the tree from every stored leaf and check every checkpoint's signatures
    against the verifier keys of the keys directory."""
    report = await run_in_threadpool(_verify, services)
    return VerificationRead(
        ok=report.ok,
        size=report.size,
        root_hash=report.root_hash.hex(),
        checkpoints=len(report.checkpoints),
        problems=[
            ProblemRead(kind=p.kind, message=p.message, index=p.index, checkpoint=p.checkpoint)
            for p in report.problems
        ],
    )


def _verify(services: Services) -> ledger.VerificationReport:
    directory = services.settings.keys_dir
    keys = [
        ledger.parse_vkey(path.read_text(encoding="ascii"))
        for path in (sorted(directory.glob("*.vkey")) if directory.is_dir() else [])
    ]
    with services.uow() as uow:
        return ledger.verify_database(uow.session, keys)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidInputError(message)
