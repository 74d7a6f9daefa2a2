"""What every command needs: settings and services, built once per invocation."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console

from convenio.bootstrap import Services, bootstrap
from convenio.platform.settings import Settings, load_settings

console = Console()
errors = Console(stderr=True)


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this invocation (from the environment)."""
    return load_settings()


@lru_cache(maxsize=1)
def services() -> Services:
    """The services of this invocation, on the configured database."""
    return bootstrap(settings())
