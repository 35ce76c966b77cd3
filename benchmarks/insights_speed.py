"""The Insights page's analyses at five years: the forecast's ridge before and after, with
OpenBLAS's default threads and with one BLAS thread per Python thread, in one run.

Run by hand, never in CI::

    .venv/bin/python benchmarks/insights_speed.py                 # 5 years, 1 and 4 threads
    .venv/bin/python benchmarks/insights_speed.py --years 5 --repeats 6 --clients 4
    .venv/bin/python benchmarks/insights_speed.py --busy 2     # with both cores also busy elsewhere

"Before" is the ridge as it was (one p×p pseudo-inverse and one n×p×p ``einsum`` for the
leverages per penalty of the grid, and a Python loop over columns for ``nanstd``), copied
below and swapped in with ``unittest.mock.patch``; "after" is the code as it is (one
eigendecomposition for the whole grid, vectorised column checks). Both give the same
forecasts (``tests/insights/test_forecast.py`` checks the ridge against the normal
equations). Each combination times ``insights.forecast`` and the whole analyses of the page
(``compute_analyses_daily``: triggers, flares, forecast) on the same daily table, with
``--clients`` threads at once as a server's request threads would; rounds alternate so a
busy machine slows every combination alike.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")

import numpy as np


def _usable_columns_before(f: np.ndarray) -> np.ndarray:
    from painscope.insights.forecast import MIN_FEATURE_COVERAGE, N_BASE_FEATURES

    keep = np.ones(f.shape[1], dtype=bool)
    if len(f) == 0:
        return keep
    extra = f[:, N_BASE_FEATURES:]
    finite = np.isfinite(extra)
    coverage = finite.mean(axis=0)
    with np.errstate(invalid="ignore"):
        varies = np.array([np.nanstd(c[m]) > 0 if m.any() else False
                           for c, m in zip(extra.T, finite.T, strict=True)], dtype=bool)
    keep[N_BASE_FEATURES:] = (coverage >= MIN_FEATURE_COVERAGE) & varies
    return keep


def _ridge_before(f: np.ndarray, target: np.ndarray):
    """The previous ``painscope.insights.forecast._ridge``, unchanged."""
    from painscope.insights.forecast import RIDGE_GRID

    keep = _usable_columns_before(f)
    f = f[:, keep]
    mean = np.nanmean(f, axis=0)
    f = np.where(np.isfinite(f), f, mean)
    sd = f.std(axis=0)
    sd[sd == 0] = 1.0
    xs = np.column_stack([np.ones(len(f)), (f - mean) / sd])
    penalty = np.eye(xs.shape[1])
    penalty[0, 0] = 0.0
    best = None
    for lam in RIDGE_GRID:
        a = np.linalg.pinv(xs.T @ xs + lam * penalty)
        coef = a @ xs.T @ target
        hat = np.einsum("ij,jk,ik->i", xs, a, xs)
        loo = (target - xs @ coef) / np.clip(1 - hat, 1e-6, None)
        err = float(np.mean(loo**2))
        if best is None or err < best[0]:
            best = (err, coef)
    err, coef = best

    def predict(g: np.ndarray) -> np.ndarray:
        g = g[:, keep]
        g = np.where(np.isfinite(g), g, mean)
        return np.column_stack([np.ones(len(g)), (g - mean) / sd]) @ coef

    return predict, float(np.sqrt(err)), keep


def _timed_threads(fn, clients: int) -> list[float]:
    out: list[float] = []
    lock = threading.Lock()

    def one() -> None:
        start = time.perf_counter()
        fn()
        with lock:
            out.append(time.perf_counter() - start)

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def _line(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{label:<58} p50 {statistics.median(ms):8.1f} ms  p95 {p95:8.1f} ms  (n={len(ms)})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=4, help="rounds per combination")
    ap.add_argument("--clients", type=int, default=4, help="threads at once in the concurrent rounds")
    ap.add_argument("--busy", type=int, default=0, metavar="N",
                    help="keep N other processes busy on the CPU meanwhile (as PostgreSQL, a worker or "
                         "other requests' processes would on a loaded server)")
    args = ap.parse_args(argv)
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        return _run(args)
    finally:
        for b in burners:
            b.kill()
            b.wait()


def _run(args: argparse.Namespace) -> int:

    import django
    from threadpoolctl import threadpool_info, threadpool_limits

    django.setup()  # the page's analyses live in the web layer's service (no database used)
    from painscope import diary, insights
    from painscope.diary.demo import demo_diary
    forecast_module = importlib.import_module("painscope.insights.forecast")  # the package re-exports a function of that name
    from painscope.web.insights_web.services import compute_analyses_daily

    frame = demo_diary(days=365 * args.years, checkins_per_day=(2, 4))
    table = diary.daily_table(frame)
    daily = insights.as_daily(table)
    default_threads = sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})
    print(f"{args.years} years: {len(frame)} observations, {len(daily)} days; "
          f"{os.cpu_count()} cores, {args.busy} other busy processes, OpenBLAS default threads "
          f"{default_threads}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    combos = [(code, blas) for code in ("before", "after") for blas in ("default", "1 thread")]
    results: dict[tuple[str, str, str, int], list[float]] = {}
    for _ in range(args.repeats):
        for code, blas in combos:
            with ExitStack() as stack:
                if code == "before":
                    stack.enter_context(mock.patch.object(forecast_module, "_ridge", _ridge_before))
                if blas == "1 thread":
                    stack.enter_context(threadpool_limits(limits=1))
                for what, fn in (("forecast", lambda: insights.forecast(daily)),
                                 ("whole analyses", lambda: compute_analyses_daily(table))):
                    for clients in (1, args.clients):
                        results.setdefault((what, code, blas, clients), []).extend(_timed_threads(fn, clients))
    for what in ("forecast", "whole analyses"):
        for clients in (1, args.clients):
            for code, blas in combos:
                label = f"{what}, {clients} at once, {code}, BLAS {blas}"
                print(_line(label, results[(what, code, blas, clients)]))
    print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
