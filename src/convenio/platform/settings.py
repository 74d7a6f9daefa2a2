"""Typed settings read from the environment (prefix ``CONVENIO_``), built once by the faces."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    """Where the data lives and how the service runs."""

    model_config = SettingsConfigDict(env_prefix="CONVENIO_", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    database_url: str = "sqlite:///var/convenio.db"
    agreement_file: Path | None = None
    keys_dir: Path = Path("var/keys")
    secret_key: SecretStr = SecretStr(_DEV_SECRET)
    host: str = "127.0.0.1"
    port: int = 8000

    @model_validator(mode="after")
    def _no_placeholder_secret_in_prod(self) -> Settings:
        if self.env == "prod" and self.secret_key.get_secret_value() == _DEV_SECRET:
            raise ValueError("CONVENIO_SECRET_KEY must be set to a real secret when env=prod")
        return self


def load_settings() -> Settings:
    """Read settings from the environment. Call once, at an entry point."""
    return Settings()
