"""Time the Insights page on a synthetic diary: ``python -m painscope.web.manage insights_timing``.

Creates a throw-away person with ``painscope.diary.demo.demo_diary(days)`` inside a
transaction that is rolled back (nothing stays in the store), then measures each analysis
without the cache and the whole page cold (cache cleared) and warm (cached). Run by hand;
the numbers depend on the machine and its load.
"""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import transaction


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the Insights page on a synthetic diary of --days days (nothing is stored)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=730)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, **options) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.test.utils import setup_test_environment

        from painscope.diary.demo import demo_diary
        from painscope.web.insights_web import services
        from painscope.web.journal.services import import_frame

        setup_test_environment()
        days, repeat = options["days"], options["repeat"]
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user("insights-timing-throwaway")
                import_frame(user, demo_diary(days), source="demo")
                parts = services.analyses_for_user(user, use_cache=False).seconds
                self.stdout.write(f"{days}-day diary, each step without the cache: "
                                  + ", ".join(f"{k} {v:.3f} s" for k, v in parts.items()))
                client = Client()
                client.force_login(user)
                cold, warm = [], []
                for _ in range(repeat):
                    cache.clear()
                    start = time.perf_counter()
                    assert client.get("/insights/").status_code == 200
                    cold.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    assert client.get("/insights/").status_code == 200
                    warm.append(time.perf_counter() - start)
                self.stdout.write(f"/insights/ page: cold (cache cleared) median {statistics.median(cold):.3f} s, "
                                  f"warm (cached) median {statistics.median(warm):.3f} s over {repeat} runs; "
                                  f"speed-up {statistics.median(cold) / statistics.median(warm):.0f}x")
                raise _Rollback
        except _Rollback:
            cache.clear()
