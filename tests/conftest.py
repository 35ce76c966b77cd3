"""Shared fixtures. Reference data lives in ``../shared/data`` (never copied here)."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session", autouse=True)
def _subprocess_database():
    """On PostgreSQL, point subprocesses (``painscope serve``, ``manage.py``) at a per-worker database.

    Django in this process has already read ``DATABASE_URL`` (pytest-django then uses its own
    ``test_`` database); only children started by tests see the new value.
    """
    from tests.postgres import create_database, drop_database, postgres_url

    url = postgres_url()
    if url is None:
        yield
        return
    name = f"painscope_sub_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    os.environ["DATABASE_URL"] = create_database(url, name)
    try:
        yield
    finally:
        os.environ["DATABASE_URL"] = url
        drop_database(url, name)
