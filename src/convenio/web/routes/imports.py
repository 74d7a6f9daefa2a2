"""Import people: upload a people file (JSON Lines), see the result or every bad line."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Final

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from convenio.access import public as access
from convenio.records import public as records
from convenio.records import services as record_services
from convenio.web.rendering import View, render
from convenio.web.routing import WebRoute, is_htmx
from convenio.web.session import allowed

router = APIRouter(route_class=WebRoute)
MAX_UPLOAD_BYTES: Final = 512 * 1024 * 1024


@router.get("/imports")
def import_form(view: View = Depends(allowed(access.Action.PEOPLE_IMPORT))) -> Response:
    """The upload form."""
    return render(view, "imports.html", {"result": None, "rejected": None})


def _run_import(view: View, upload: UploadFile, skip_bad: bool) -> records.ImportResult:
    services = view.request.app.state.services
    actor = view.actor
    assert actor is not None
    name = Path(upload.filename or "people.jsonl").name
    with tempfile.TemporaryDirectory(prefix="convenio-import-") as folder:
        path = Path(folder) / name
        with path.open("wb") as target:
            shutil.copyfileobj(upload.file, target, length=1024 * 1024)
        return record_services.import_people(
            services.uow(), path, skip_bad=skip_bad, actor=actor.id, party=actor.party
        )


@router.post("/imports")
async def import_people(
    people_file: Annotated[UploadFile, File()],
    view: View = Depends(allowed(access.Action.PEOPLE_IMPORT)),
    skip_bad: Annotated[bool, Form()] = False,
) -> Response:
    """Import the uploaded file in one transaction; a rejected file lists every bad line."""
    template = "partials/import_result.html" if is_htmx(view.request) else "imports.html"
    if people_file.size is not None and people_file.size > MAX_UPLOAD_BYTES:
        message = view.gettext("The file is larger than the web upload limit; use the CLI.")
        return render(
            view, template, {"result": None, "rejected": None, "too_big": message}, status_code=413
        )
    try:
        result = await run_in_threadpool(_run_import, view, people_file, skip_bad)
    except records.PeopleFileRejectedError as rejected:
        return render(
            view,
            template,
            {"result": None, "rejected": rejected, "name": people_file.filename},
            status_code=422,
        )
    return render(
        view, template, {"result": result, "rejected": None, "name": people_file.filename}
    )
