"""The ledger: its head, verification, signed checkpoints and inclusion proofs of leaves."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.ledger import public as ledger
from convenio.shared.errors import InvalidInputError
from convenio.web.paging import Page
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
LEAVES_PER_PAGE = 20


def b64(value: bytes) -> str:
    """Base64, as checkpoints and proofs are published."""
    return base64.b64encode(value).decode("ascii")


def trusted_keys(keys_dir: Path) -> list[ledger.VerifierKey]:
    """The verifier keys of the keys directory (``*.vkey`` files); unreadable ones are skipped."""
    if not keys_dir.is_dir():
        return []
    keys = []
    for path in sorted(keys_dir.glob("*.vkey")):
        try:
            keys.append(ledger.parse_vkey(path.read_text(encoding="ascii")))
        except (OSError, ValueError):
            continue
    return keys


def _overview(view: View, page: Page) -> dict[str, Any]:
    with view.request.app.state.services.uow() as uow:
        head = ledger.tree_head(uow.session)
        checkpoints = ledger.list_checkpoints(uow.session)
        counts = ledger.leaf_count_by_type(uow.session)
        start = max(head.size - page.offset - page.size, 0)
        count = max(min(page.size, head.size - page.offset), 0)
        leaves = ledger.list_leaves(uow.session, start, count) if count else []
    chart = {
        "type": "bar",
        "horizontal": True,
        "labels": list(counts),
        "datasets": [{"label": view.gettext("Events"), "data": list(counts.values())}],
    }
    return {
        "head": head,
        "checkpoints": list(reversed(checkpoints)),
        "counts": counts,
        "chart": chart,
        "leaves": list(reversed(leaves)),
        "page": page.of(head.size),
        "b64": b64,
        "report": None,
        "proof": None,
    }


@router.get("/ledger")
def ledger_page(
    view: View = Depends(allowed(access.Action.LEDGER_READ)),
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """The head of the log, its checkpoints, the events by type and the latest leaves."""
    return render(view, "ledger.html", _overview(view, Page.at(page, LEAVES_PER_PAGE)))


@router.post("/ledger/verify")
async def verify(view: View = Depends(allowed(access.Action.LEDGER_VERIFY))) -> Response:
    """Recompute the whole tree from the stored leaves and check every checkpoint."""
    services = view.request.app.state.services
    keys = trusted_keys(Path(services.settings.keys_dir))

    def run() -> ledger.VerificationReport:
        with services.uow() as uow:
            return ledger.verify_database(uow.session, keys)

    report = await run_in_threadpool(run)
    context = await run_in_threadpool(_overview, view, Page.at(1, LEAVES_PER_PAGE))
    context.update(report=report, trusted=len(keys))
    return render(view, "ledger.html", context, status_code=200)


@router.get("/ledger/proof")
def proof(
    view: View = Depends(allowed(access.Action.LEDGER_READ)),
    index: Annotated[int, Query(ge=0, le=10**12)] = 0,
    size: Annotated[int | None, Query(ge=1, le=10**12)] = None,
) -> Response:
    """The inclusion proof of one leaf in a tree size, checked here against that root."""
    context = _overview(view, Page.at(1, LEAVES_PER_PAGE))
    tree_size = size or context["head"].size
    with view.request.app.state.services.uow() as uow:
        leaf = ledger.list_leaves(uow.session, index, 1)
        if not leaf or leaf[0].index != index:
            raise InvalidInputError(f"index: there is no leaf {index}", field="index")
        path = ledger.inclusion_proof(uow.session, index, tree_size)
        root = ledger.root_at(uow.session, tree_size)
    try:
        ledger.verify_inclusion(index, tree_size, leaf[0].leaf_hash, path, root)
        verified = True
    except ledger.ProofError:
        verified = False
    context["proof"] = {
        "leaf": leaf[0],
        "size": tree_size,
        "path": path,
        "root": root,
        "verified": verified,
    }
    return render(view, "ledger.html", context)
