"""Fixtures of the movement tests."""

import pytest

from movements.world import World


@pytest.fixture
def world(db, tmp_path):
    return World(db=db, tmp_path=tmp_path)
