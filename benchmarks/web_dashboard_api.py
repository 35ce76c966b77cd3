"""How fast the site answers with years of diary: dashboard, GET /api/v1/entries, export/import.

Run by hand, never in CI::

    .venv/bin/python benchmarks/web_dashboard_api.py            # 2 and 5 years, 30 repeats
    .venv/bin/python benchmarks/web_dashboard_api.py --repeats 10 --years 5

It builds a throw-away SQLite store (WAL, the settings of ``painscope serve``) in a temporary
folder, fills it with ``painscope.diary.demo.demo_diary`` and times requests in-process with
the Django test client (``time.perf_counter``), i.e. server time without the network.
Baselines measured in the same run make the figures comparable across machines:

- API page vs. a raw SQL query returning the same rows (the floor any ORM/JSON layer adds to);
- import vs. validating the CSV alone (``diary.read_tidy_csv``), export vs. writing the CSV
  from an in-memory frame (``diary.write_tidy_csv``): the ratio is the database's share.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn: Callable[[], object], repeats: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def timed_pair(a: Callable[[], object], b: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` alternately, so a busy machine slows both alike."""
    a(), b()
    ta, tb = [], []
    for _ in range(repeats):
        for fn, out in ((a, ta), (b, tb)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return ta, tb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--years", type=int, nargs="+", default=[2, 5])
    args = parser.parse_args(argv)

    os.environ["PAINSCOPE_DATA_DIR"] = tempfile.mkdtemp(prefix="painscope-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from painscope import diary
    from painscope.diary.demo import demo_diary
    from painscope.web.accounts.models import ApiToken
    from painscope.web.journal import services

    call_command("migrate", interactive=False, verbosity=0)
    print(f"store: {connection.settings_dict['NAME']} (journal mode WAL, {django.get_version()})", file=sys.stderr)

    rows: list[tuple[str, str, str, str]] = []  # (what, p50, p95, ratio)

    def ms(x: float) -> str:
        return f"{x * 1000:.1f} ms"

    for years in args.years:
        days = 365 * years
        frame = demo_diary(days=days)
        text = diary.write_tidy_csv(frame)
        n_rows = len(frame)
        user = get_user_model().objects.create_user(f"bench{years}")
        _, token = ApiToken.issue(user)

        # import / export (one shot each: they write; the validation baseline is repeated)
        t0 = time.perf_counter()
        result = services.import_csv(user, text)
        t_import = time.perf_counter() - t0
        t_validate = min(timed(lambda text=text: diary.read_tidy_csv(text.encode()), 3, warmup=0))
        t_exports = timed(lambda user=user: services.export_csv(user), 3, warmup=0)
        t_write = min(timed(lambda frame=frame: diary.write_tidy_csv(frame), 3, warmup=0))
        assert services.export_csv(user) == text, "export does not reproduce the imported file"
        rows.append((f"{years}y import {n_rows} rows, {result.entries_created} entries",
                     f"{t_import:.2f} s", f"{n_rows / t_import:,.0f} rows/s", f"{t_import / t_validate:.1f}x validation alone"))
        t_export = min(t_exports)
        rows.append((f"{years}y export {n_rows} rows", f"{t_export:.2f} s", f"{n_rows / t_export:,.0f} rows/s",
                     f"{t_export / t_write:.1f}x CSV writing alone"))

        api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        session = Client()
        session.force_login(user)
        end = frame["local_date"].max().date()

        try:
            dashboard = reverse("dashboard")
        except NoReverseMatch:
            dashboard = None
            print("no dashboard page yet: skipped", file=sys.stderr)
        if dashboard:
            first = session.get(dashboard)
            if first.status_code != 200:
                print(f"dashboard answered {first.status_code}: skipped", file=sys.stderr)
            else:
                p50, p95 = percentiles(timed(lambda c=session, u=dashboard: c.get(u), args.repeats))
                rows.append((f"{years}y dashboard page (session)", ms(p50), ms(p95), ""))

        ranges = {
            "newest": "",
            "last 30 days": f"&from={end - timedelta(days=29)}&to={end}",
            "last 365 days": f"&from={end - timedelta(days=364)}&to={end}",
            "all (from 1900)": "&from=1900-01-01",
        }
        for limit in (50, 200, 500):
            for label, query in ranges.items():
                url = f"/api/v1/entries?limit={limit}{query}"
                response = api.get(url)
                assert response.status_code == 200, response.content
                page = response.json()
                api_times, raw_times = timed_pair(
                    lambda c=api, url=url: c.get(url),
                    lambda q=query, lim=limit, u=user: raw_page(connection, u.pk, q, lim),
                    args.repeats,
                )
                (p50, p95), (raw50, _) = percentiles(api_times), percentiles(raw_times)
                rows.append((f"{years}y GET entries limit={limit}, {label} ({len(page['items'])} of {page['count']})",
                             ms(p50), ms(p95), f"{p50 / raw50:.1f}x raw SQL ({ms(raw50)})"))

    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'p50 / time':>12}  {'p95 / rate':>16}  vs. baseline")
    for what, a, b, c in rows:
        print(f"{what:<{width}}  {a:>12}  {b:>16}  {c}")
    return 0


def raw_page(connection, owner_id: int, query: str, limit: int) -> int:
    """The same page as the API by hand: count, then the page's entries with observations."""
    where, params = "owner_id = %s", [owner_id]
    for part in query.split("&"):
        if part.startswith("from="):
            where += " AND local_date >= %s"
            params.append(part[5:])
        elif part.startswith("to="):
            where += " AND local_date <= %s"
            params.append(part[3:])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM journal_entry WHERE {where}", params)
        cursor.fetchone()
        cursor.execute(
            "SELECT e.id, e.utc, e.offset_minutes, e.local_date, e.source, o.kind, o.name, o.value, o.unit, o.note "
            "FROM journal_observation o JOIN journal_entry e ON e.id = o.entry_id "
            f"WHERE o.entry_id IN (SELECT id FROM journal_entry WHERE {where} ORDER BY utc DESC LIMIT %s)",
            [*params, limit],
        )
        return len(cursor.fetchall())


if __name__ == "__main__":
    raise SystemExit(main())
