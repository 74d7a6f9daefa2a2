"""``convenio serve``: the web UI and the JSON API."""

from __future__ import annotations

import typer
import uvicorn

from convenio.cli import context
from convenio.server import create_app


def serve(
    host: str = typer.Option(None, help="Interface (default: CONVENIO_HOST or 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default: CONVENIO_PORT or 8000)."),
) -> None:
    """Serve the web UI and the API."""
    settings = context.settings()
    app = create_app(settings)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")


def register(root: typer.Typer) -> None:
    """Add ``serve`` to the root command."""
    root.command("serve")(serve)
