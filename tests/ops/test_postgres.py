"""The store on PostgreSQL, from the outside: the CLI and concurrent writers on their own database.

These run in the PostgreSQL pass of ``scripts/test.sh`` (``DATABASE_URL`` set by
``scripts/with-postgres.sh``) and skip on SQLite, where ``tests/web/test_cli_store.py`` and
``tests/web/test_concurrency.py`` cover the embedded store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest

from painscope import diary
from painscope.diary.demo import demo_diary
from tests.postgres import create_database, drop_database, postgres_url
from tests.web import test_concurrency

pytestmark = pytest.mark.skipif(postgres_url() is None, reason="DATABASE_URL does not name a PostgreSQL server")


@pytest.fixture
def database(tmp_path):
    """A fresh PostgreSQL database for one test; its URL."""
    url = postgres_url()
    assert url is not None
    name = f"painscope_t_{uuid.uuid4().hex[:12]}"
    yield create_database(url, name)
    drop_database(url, name)


def _env(tmp_path: Path, url: str) -> dict[str, str]:
    env = dict(os.environ, PAINSCOPE_DATA_DIR=str(tmp_path), DATABASE_URL=url,
               DJANGO_SETTINGS_MODULE="painscope.web.settings")
    env.pop("PAINSCOPE_PRODUCTION", None)
    return env


def painscope(tmp_path: Path, url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "painscope.cli", *args], input=stdin, capture_output=True,
                          text=True, env=_env(tmp_path, url), timeout=180)


def test_export_then_import_round_trip_through_the_cli_on_postgresql(tmp_path, database):
    source = tmp_path / "demo.csv"
    diary.write_tidy_csv(demo_diary(45, end=date(2024, 6, 30)), source)
    for name in ("ivy", "jo"):
        done = painscope(tmp_path, database, "user", "create", name, stdin="purple-otter-lantern-42\n")
        assert done.returncode == 0, done.stderr
    imported = painscope(tmp_path, database, "import", "--user", "ivy", "--json", str(source))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["observations_created"] > 0
    out = tmp_path / "out.csv"
    exported = painscope(tmp_path, database, "export", "--user", "ivy", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes() == source.read_bytes()
    other = painscope(tmp_path, database, "export", "--user", "jo")
    assert other.stdout == ",".join(diary.CSV_HEADER) + "\n"  # nothing of ivy's
    assert not (tmp_path / "painscope.sqlite3").exists()  # it really used PostgreSQL


def test_backup_on_postgresql_says_to_use_pg_dump(tmp_path, database):
    done = painscope(tmp_path, database, "backup", str(tmp_path / "b.sqlite3"))
    assert done.returncode == 2
    assert "pg_dump" in done.stderr and "Traceback" not in done.stderr


def test_concurrent_writers_lose_nothing_on_postgresql(tmp_path, database):
    pragma = 'cursor.execute("PRAGMA journal_mode")'
    assert pragma in test_concurrency.SCRIPT
    script = test_concurrency.SCRIPT.replace(pragma, "cursor.execute(\"SELECT 'postgresql'\")")
    threads, per_thread = 6, 15
    done = subprocess.run([sys.executable, "-c", script, str(threads), str(per_thread)], capture_output=True,
                          text=True, env=_env(tmp_path, database), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["journal_mode"] == "postgresql"
    assert result["database"] == database.rsplit("/", 1)[-1]
    assert result["errors"] == []
    assert result["statuses"] == [201]
    assert result["posted"] == threads * per_thread
    assert result["entries"] == result["distinct_moments"] == threads * per_thread + 300
    assert result["observations"] == 2 * threads * per_thread + 300
