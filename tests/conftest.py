"""Shared fixtures. Reference data lives in ``../shared/data`` (never copied here)."""

from __future__ import annotations

from pathlib import Path

# PAINSCOPE_DATA_DIR is pointed at a temporary folder by painscope._pytest_env (loaded with
# -p in pyproject.toml, before pytest-django sets Django up).
import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference recordings and diaries; tests using them skip when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent (plain clone outside CI)")
    return SHARED_DATA
