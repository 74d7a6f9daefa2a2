"""Cheap argon2 parameters for tests (the hashes are still argon2id)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from convenio.access import public as access


@pytest.fixture(autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    access.use_password_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    access.use_password_hasher(PasswordHasher())
