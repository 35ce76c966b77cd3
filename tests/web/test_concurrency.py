"""Many people (or one person's phone and laptop) writing at once lose nothing.

WAL needs the database in a file, and the test database of pytest-django is SQLite in
memory, shared by every test of a worker. So this test runs the store exactly as
``painscope serve`` does, in a fresh Python process on a temporary data folder: the
settings' own SQLite options (WAL, IMMEDIATE transactions, busy timeout), real threads,
each with its own database connection, writing through the whole API stack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = r"""
import json, sys, threading
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)

from datetime import UTC, datetime, timedelta
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from painscope import diary
from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import Entry, Observation
from painscope.web.journal.services import import_csv

THREADS, PER_THREAD = int(sys.argv[1]), int(sys.argv[2])
people = [get_user_model().objects.create_user(f"p{i}") for i in range(2)]
tokens = [ApiToken.issue(p)[1] for p in people]
start = datetime(2024, 1, 1, tzinfo=UTC)
barrier = threading.Barrier(THREADS + 1)
statuses, errors = [], []

def api_writer(k):
    client = Client(HTTP_AUTHORIZATION="Bearer " + tokens[k % 2])
    barrier.wait()
    try:
        for i in range(PER_THREAD):
            moment = start + timedelta(minutes=k * PER_THREAD + i)
            doc = {"timestamp": moment.isoformat(), "pain": i % 11, "regions": ["neck"]}
            statuses.append(client.post("/api/v1/entries", doc, content_type="application/json").status_code)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

def csv_writer():
    # a big import at the same time: one long transaction among the small ones
    rows = ["timestamp,kind,name,value,unit,note"]
    rows += [f"{(start - timedelta(hours=h)).isoformat()},rating,pain,{h % 11},," for h in range(1, 301)]
    barrier.wait()
    try:
        import_csv(people[0], "\n".join(rows) + "\n")
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=api_writer, args=(k,)) for k in range(THREADS)]
threads.append(threading.Thread(target=csv_writer))
for t in threads:
    t.start()
for t in threads:
    t.join()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
print(json.dumps({
    "journal_mode": mode,
    "statuses": sorted(set(statuses)),
    "posted": len(statuses),
    "errors": errors,
    "entries": Entry.objects.count(),
    "distinct_moments": Entry.objects.values("utc").distinct().count(),
    "observations": Observation.objects.count(),
    "database": str(connection.settings_dict["NAME"]),
}))
"""


def test_concurrent_writers_lose_nothing_on_sqlite_in_wal_mode(tmp_path):
    threads, per_thread = 6, 15
    env = dict(os.environ, PAINSCOPE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="painscope.web.settings")
    env.pop("DATABASE_URL", None)  # this one is about SQLite; the PostgreSQL run has its own
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(threads), str(per_thread)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["journal_mode"] == "wal"
    assert result["database"] == str(tmp_path / "painscope.sqlite3")
    assert result["errors"] == []
    assert result["statuses"] == [201]
    api_entries = threads * per_thread
    assert result["posted"] == api_entries
    assert result["entries"] == result["distinct_moments"] == api_entries + 300
    assert result["observations"] == 2 * api_entries + 300
