"""Shared fixtures. Reference data lives in ``../shared/data`` (never copied here)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Tests never touch a person's real data folder.
os.environ.setdefault("PAINSCOPE_DATA_DIR", tempfile.mkdtemp(prefix="painscope-tests-"))

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference recordings and diaries; tests using them skip when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent (plain clone outside CI)")
    return SHARED_DATA
