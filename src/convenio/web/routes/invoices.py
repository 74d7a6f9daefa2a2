"""Invoices: the list, one invoice to the cent with its custody events, and its exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from convenio.access import public as access
from convenio.billing import public as billing
from convenio.web.paging import Page
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
LINES_PER_PAGE = 100


@router.get("/invoices")
def invoices_page(
    view: View = Depends(allowed(access.Action.BILLING_READ)),
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Every invoice and credit note, newest month first."""
    shown = Page.at(page)
    with view.request.app.state.services.uow() as uow:
        found = billing.list_invoices(uow.session)
    rows = found[shown.offset : shown.offset + shown.size]
    return render(view, "invoices.html", {"rows": rows, "page": shown.of(len(found))})


@router.get("/invoices/{invoice_id}")
def invoice_page(
    invoice_id: str,
    view: View = Depends(allowed(access.Action.BILLING_READ)),
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """One invoice: header, status history, every line with its custody events, payments."""
    shown = Page.at(page, LINES_PER_PAGE)
    with view.request.app.state.services.uow() as uow:
        invoice = billing.get_invoice(
            uow.session, invoice_id, offset=shown.offset, limit=shown.size
        )
    count = invoice.summary.line_count
    context = {"invoice": invoice, "lines": invoice.lines, "page": shown.of(count)}
    return render(view, "invoice.html", context)


@router.get("/invoices/{invoice_id}/export.csv")
def invoice_csv(
    invoice_id: str, view: View = Depends(allowed(access.Action.BILLING_READ))
) -> Response:
    """The invoice as CSV: one row per line and a total row equal to their sum."""
    with view.request.app.state.services.uow() as uow:
        invoice = billing.get_invoice(uow.session, invoice_id)
    name = f"invoice-{invoice.summary.number}.csv".replace('"', "")
    return Response(
        billing.invoice_csv(invoice),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
