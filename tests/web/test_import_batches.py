"""Long SQLite imports commit in batches: other writers wait at most about a second, and a
failed import still leaves the store as it was."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model

from painscope import diary
from painscope.diary.demo import demo_diary
from painscope.web.journal import services
from tests.web.test_cli_store import _env, create_user, painscope

#: Another person writes in a loop while the import runs, and reports each write's time.
WRITER = """
import json, os, sys, time
import django
django.setup()
from datetime import UTC, datetime, timedelta
from django.contrib.auth import get_user_model
from painscope import diary
from painscope.web.accounts.models import ApiToken
from painscope.web.journal import services
from django.db import transaction
user = get_user_model().objects.get(username="bea")
token = ApiToken.objects.filter(user=user).first()
waits, took, errors, k = [], [], [], 0
start = datetime(2020, 1, 1, tzinfo=UTC)
print("ready", flush=True)
while not os.path.exists(sys.argv[1]):
    k += 1
    for write in ("check-in", "token"):
        t0 = time.perf_counter()
        try:
            with transaction.atomic():  # BEGIN IMMEDIATE: returns once this writer has the lock
                waits.append(time.perf_counter() - t0)
                if write == "check-in":
                    services.save_entry(user, diary.Entry(start + timedelta(minutes=k), 0, [diary.Observation("rating", "pain", 3.0)]))
                else:  # what a token GET writes
                    token.last_used = datetime.now(UTC)
                    token.save(update_fields=["last_used"])
        except Exception as exc:
            errors.append(repr(exc))
        took.append(time.perf_counter() - t0)
    time.sleep(0.02)
print(json.dumps({"waits": waits, "took": took, "errors": errors}))
"""


def test_other_writers_wait_at_most_a_second_during_a_long_import(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    create_user(store, "ana")
    create_user(store, "bea")
    assert painscope(store, "user", "token", "bea").returncode == 0
    big = tmp_path / "big.csv"
    diary.write_tidy_csv(demo_diary(365 * 6, end=date(2024, 6, 30), checkins_per_day=(2, 4)), big)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(store)
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        started = time.perf_counter()
        done = painscope(store, "import", "--user", "ana", str(big), "--json")
        import_seconds = time.perf_counter() - started
    finally:
        stop.touch()
    out, err = writer.communicate(timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entries_created"] > 0
    assert writer.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    waits = report["waits"]
    assert report["errors"] == []
    # the import must be long enough to matter (one transaction of it would block for > 1 s)
    assert import_seconds > 2.5, f"the import took {import_seconds:.1f} s: too short to show anything"
    assert len(waits) > 20
    took = sorted(report["took"])
    print(f"import {import_seconds:.1f} s; {len(waits)} writes waited for the lock: median {sorted(waits)[len(waits) // 2]:.3f} s, "
          f"max {max(waits):.2f} s; whole write median {took[len(took) // 2]:.3f} s, max {took[-1]:.2f} s")
    assert max(waits) < 1.0, f"a write waited {max(waits):.2f} s during a {import_seconds:.1f} s import"


@pytest.mark.django_db
def test_a_batch_that_fails_takes_back_everything_the_import_wrote(monkeypatch, settings):
    ana = get_user_model().objects.create_user("ana")
    before = demo_diary(days=60, end=date(2024, 6, 30), now=datetime(2024, 6, 30, 23, tzinfo=UTC), seed=1)
    services.import_frame(ana, before)
    stored_before = services.export_csv(ana)
    days_before = services.day_aggregates(ana)
    # the new file: corrections of stored values, rows added to stored check-ins, new check-ins
    newer = demo_diary(days=200, end=date(2024, 6, 30), now=datetime(2024, 6, 30, 23, tzinfo=UTC), seed=2)
    monkeypatch.setattr(services, "IMPORT_BATCH_SECONDS", 0.0)
    monkeypatch.setattr(services, "IMPORT_PAUSE_SECONDS", 0.0)
    monkeypatch.setattr(services, "IMPORT_CHUNK", 300)
    real, calls = services.refresh_days, []

    def failing(user, days):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(user, days)

    monkeypatch.setattr(services, "refresh_days", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        services.import_frame(ana, newer, batched=True)
    assert len(calls) > 5  # batches were committed before the failure, then taken back
    monkeypatch.setattr(services, "refresh_days", real)
    assert services.export_csv(ana) == stored_before
    assert services.day_aggregates(ana) == days_before
