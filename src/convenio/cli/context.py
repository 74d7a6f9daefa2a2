"""What every command needs: settings and services, built once per invocation."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from convenio.bootstrap import Services
    from convenio.platform.settings import Settings

console = Console()
errors = Console(stderr=True)


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this invocation (from the environment)."""
    from convenio.platform.settings import load_settings

    return load_settings()


@lru_cache(maxsize=1)
def services() -> Services:
    """The services of this invocation, on the configured database (wired on first use, so
    that commands working on files alone never load the database layer)."""
    from convenio.bootstrap import bootstrap

    return bootstrap(settings())
