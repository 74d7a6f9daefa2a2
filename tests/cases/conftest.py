"""Fixtures of the case tests (builders live in ``case_world``)."""

from __future__ import annotations

import pytest
from case_world import World


@pytest.fixture
def world(db, tmp_path) -> World:
    w = World(db, tmp_path)
    w.agreement()
    return w
