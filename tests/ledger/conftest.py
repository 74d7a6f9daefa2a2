"""Fixtures of the ledger tests: the published vectors."""

from __future__ import annotations

import json

import pytest
from ledger_builders import DATA


@pytest.fixture(scope="session")
def vectors() -> dict:
    return json.loads((DATA / "rfc6962_vectors.json").read_text())


@pytest.fixture(scope="session")
def note_vectors() -> dict:
    return json.loads((DATA / "signed_note_vectors.json").read_text())
