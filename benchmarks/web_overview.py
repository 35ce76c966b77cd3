"""The overview page at five years of daily entries: before (recomputed from the raw rows at
every request) and after (stored daily aggregates), in the same run, same data, same process.

Run by hand, never in CI::

    .venv/bin/python benchmarks/web_overview.py                  # 5 years, 4 clients, 60 requests each way
    .venv/bin/python benchmarks/web_overview.py --years 5 --clients 4 --requests 80

It builds a throw-away SQLite store (WAL, the settings of ``painscope serve``) in a temporary
folder, stores ``painscope.diary.demo.demo_diary`` (several check-ins a day) for one person,
and times ``GET /`` (the overview, with its insights, questionnaire and wearable cards) with
the Django test client in ``--clients`` threads at once (``time.perf_counter`` around each
request: server time without the network). "Before" is the same page with what this
change replaced swapped back: the diary numbers (daily table, region shares) recomputed
from 400 days of raw observations at every request (``services.overview_tables_recomputed``,
not cached), the insights card running the whole analyses (with the forecast) from every
raw row, cached under the old fingerprint taken with aggregates over the whole history
(``diary_version_before``), and the wearables card reading raw rows at every request (the
previous code, copied below). "After" is the code as it is: stored daily aggregates, and
the overview's numbers and cards cached under the diary's version token. Rounds
of before and after alternate so that a busy machine slows both alike. It also times the
first overview after a check-in (the insights are recomputed then, both ways) and the pieces.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> str:
    return (f"p50 {statistics.median(samples) * 1000:7.1f} ms  p95 {pct(samples, 0.95) * 1000:7.1f} ms  "
            f"p99 {pct(samples, 0.99) * 1000:7.1f} ms  (n={len(samples)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--requests", type=int, default=60, help="requests per client and way, over all rounds")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(argv)

    os.environ["PAINSCOPE_DATA_DIR"] = tempfile.mkdtemp(prefix="painscope-overview-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count, Max, Sum
    from django.test import Client
    from django.urls import reverse

    from painscope import diary
    from painscope.diary.demo import demo_diary
    from painscope.web.insights_web import services as insights_services
    from painscope.web.journal import services, views
    from painscope.web.journal.models import Entry, Observation
    from painscope.web.wearables import services as wearables_services

    call_command("migrate", interactive=False, verbosity=0)
    print(f"store: {connection.settings_dict['NAME']} (SQLite WAL, Django {django.get_version()})", file=sys.stderr)

    def diary_version_before(user) -> tuple:
        """The insights cache fingerprint before the version token (the previous code)."""
        entries = Entry.objects.filter(owner=user).aggregate(n=Count("id"), last=Max("updated"), top=Max("id"))
        observations = Observation.objects.filter(entry__owner=user).aggregate(n=Count("id"), top=Max("id"), total=Sum("value"))
        last = entries["last"].isoformat() if entries["last"] else ""
        total = round(float(observations["total"] or 0.0), 6)
        return (entries["n"], last, entries["top"], observations["n"], observations["top"], total)

    new_tables, new_version, new_triggers = services.overview_tables, insights_services.diary_version, insights_services.triggers_for_user
    new_wearables = wearables_services.dashboard_card_context

    def triggers_before(user):
        """The card as it was: the whole analyses (with the forecast) from every raw row,
        cached under the old fingerprint."""
        from django.core.cache import cache

        key = insights_services._cache_key(user, diary_version_before(user)) + ":before"
        hit = cache.get(key)
        if hit is None:
            frame = services.diary_frame(user)
            hit = insights_services.compute_analyses(frame)
            cache.set(key, hit, 3600)
        return hit.triggers

    def wearables_before(user):
        """The wearables card as it was: raw rows of the last weeks at every request."""
        from painscope.web.accounts.models import Profile
        from painscope.web.wearables import hrvchart

        today = datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()
        frame = services.diary_frame(user, start=today - timedelta(days=hrvchart.RANGE_DAYS + 7))
        available = hrvchart.available_metrics(frame)
        metric = available[0] if available else hrvchart.MORNING
        status = hrvchart.current_status(frame, metric, today)
        return {"wearables_card": {"status": status, "has_data": bool(available), "today": today}}

    @contextmanager
    def way(before: bool):
        services.overview_tables = services.overview_tables_recomputed if before else new_tables
        insights_services.diary_version = diary_version_before if before else new_version
        insights_services.triggers_for_user = triggers_before if before else new_triggers
        views.OVERVIEW_CACHE_SECONDS = 0 if before else 24 * 3600
        wearables_services.dashboard_card_context = wearables_before if before else new_wearables
        try:
            yield
        finally:
            services.overview_tables, insights_services.diary_version = new_tables, new_version
            insights_services.triggers_for_user = new_triggers
            views.OVERVIEW_CACHE_SECONDS = 24 * 3600
            wearables_services.dashboard_card_context = new_wearables

    user = get_user_model().objects.create_user("bench")
    frame = demo_diary(days=365 * args.years, checkins_per_day=(2, 4))
    t0 = time.perf_counter()
    services.import_frame(user, frame, source="demo")
    print(f"stored {len(frame)} observations, {frame['utc'].nunique()} check-ins over {args.years} years "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    url = reverse("dashboard")

    def client() -> Client:
        c = Client()
        c.force_login(user)
        return c

    # the numbers are the same both ways (the tests check this on varied diaries too)
    c = client()
    with way(True):
        page_before = c.get(url)
    page_after = c.get(url)
    assert page_before.status_code == page_after.status_code == 200
    import re

    def words(page) -> str:  # the CSRF token is masked afresh for every page
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())

    if words(page_before) != words(page_after):
        a, b = words(page_before), words(page_after)
        at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
        raise SystemExit(f"the two ways show different pages at {at}: {a[at - 200:at + 200]!r} vs {b[at - 200:at + 200]!r}")

    def concurrent(before: bool, n: int) -> list[float]:
        samples: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(args.clients)

        def run():
            c = client()
            c.get(url)  # warm this thread's connection
            barrier.wait()
            mine = []
            for _ in range(n):
                start = time.perf_counter()
                response = c.get(url)
                mine.append(time.perf_counter() - start)
                assert response.status_code == 200
            with lock:
                samples.extend(mine)
            connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(args.clients)]
        with way(before):
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return samples

    results: dict[str, list[float]] = {"before": [], "after": []}
    per_round = max(1, args.requests // args.rounds)
    for _ in range(args.rounds):
        for label in ("before", "after"):
            results[label] += concurrent(label == "before", per_round)

    def single(before: bool, fn: Callable[[], object], n: int = 15) -> list[float]:
        out = []
        with way(before):
            fn()
            for _ in range(n):
                start = time.perf_counter()
                fn()
                out.append(time.perf_counter() - start)
        return out

    c = client()
    rows = [
        (f"overview, {args.clients} clients at once, before", summary(results["before"])),
        (f"overview, {args.clients} clients at once, after", summary(results["after"])),
        ("overview, 1 client, before", summary(single(True, lambda: c.get(url)))),
        ("overview, 1 client, after", summary(single(False, lambda: c.get(url)))),
    ]
    today = datetime.now(UTC).date()
    rows += [
        ("  daily table + region shares, before", summary(single(True, lambda: services.overview_tables_recomputed(user, today))),),
        ("  daily table + region shares, after", summary(single(False, lambda: new_tables(user, today))),),
        ("  insights cache fingerprint, before", summary(single(True, lambda: diary_version_before(user)))),
        ("  insights cache fingerprint, after", summary(single(False, lambda: new_version(user)))),
    ]

    # the first overview after a check-in: the write, then the page (insights recomputed)
    k = [0]

    def checkin_then_overview():
        k[0] += 1
        when = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=k[0])
        services.save_entry(user, diary.Entry(when, 0, [diary.Observation("rating", "pain", 4.0)]))
        return c.get(url)

    for label, before in (("before", True), ("after", False)):
        rows.append((f"check-in + first overview after it, {label}", summary(single(before, checkin_then_overview, n=4))))
    write = []
    for _ in range(10):
        k[0] += 1
        when = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=k[0])
        start = time.perf_counter()
        services.save_entry(user, diary.Entry(when, 0, [diary.Observation("rating", "pain", 4.0)]))
        write.append(time.perf_counter() - start)
    rows.append(("  the check-in write alone (with its aggregate)", summary(write)))

    width = max(len(r[0]) for r in rows)
    for what, figures in rows:
        print(f"{what:<{width}}  {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
