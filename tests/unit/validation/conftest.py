"""Fixtures for the validation unit tests (builders live in ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.validation.helpers import base

CORPUS_CONTRACTS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "contracts"


@pytest.fixture
def document() -> dict[str, Any]:
    """A fresh copy of the base document ``B`` of 02-validation.md §13.2."""
    return base()


@pytest.fixture
def corpus_contracts() -> Path:
    if not CORPUS_CONTRACTS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS_CONTRACTS}")
    return CORPUS_CONTRACTS
