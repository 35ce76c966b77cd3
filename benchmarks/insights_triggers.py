"""Benchmark: lagged-effects scan on a three-year diary, painscope vs a naive per-test loop.

Run by hand (never in CI):

    .venv/bin/python benchmarks/insights_triggers.py [--permutations 999] [--seed 1]
        [--reduced-candidates 5] [--reduced-permutations 199]

Full workload: 1,095 days, 40 candidates (30 binary factors + 10 continuous measures) × lags
0–3 = 160 tests, circular-shift permutation inference with 999 rotations.

* painscope: ``lagged_effects(...)`` — Prais–Winsten FGLS with one REML ρ per set of
  analysed days, every candidate and every rotation as one matrix product (all delays of a
  candidate fitted jointly).
* naive: one ``statsmodels`` ``GLSAR(y, X, rho=1).iterative_fit()`` per test (the same
  nuisance regressors), and per rotation for the permutation null.

What is measured and what is not:

* analytic scan, full size: both measured in full (painscope vs 160 GLSAR fits).
* permutation scan, full size: painscope measured; the naive loop (160 × 1,000 GLSAR fits)
  is NOT run — its time is only an EXTRAPOLATION, printed and labelled as such.
* permutation scan, reduced size (default 5 candidates × 4 lags = 20 tests × 199
  rotations, the first 5 binary factors of the same diary): both measured in full in the
  same run, and the ratio is computed from these two measurements.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from painscope.insights import lagged_effects
from painscope.insights._daily import (
    as_daily,
    candidate_columns,
    candidate_values,
    nuisance,
)
from painscope.insights.simulate import simulate_daily

LAGS = (0, 1, 2, 3)


def _naive_tests(daily):
    """(y, X) per test with the same nuisance columns painscope uses."""
    frame = as_daily(daily)
    y = frame["pain"].to_numpy()
    tests = []
    for cand in candidate_columns(frame):
        x = candidate_values(frame, cand)
        for lag in LAGS:
            xl = np.full_like(x, np.nan)
            xl[lag:] = x[: len(x) - lag] if lag else x
            rows = np.flatnonzero(np.isfinite(y) & np.isfinite(xl))
            z = nuisance(frame.index, rows)
            tests.append((y[rows], np.column_stack([z, xl[rows]]), x, rows, lag))
    return tests


def _glsar_t(y, design):
    from statsmodels.regression.linear_model import GLSAR

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = GLSAR(y, design, rho=1).iterative_fit(maxiter=10)
    return res.tvalues[-1]


def _naive_permutation(tests, n_days: int, n_permutations: int, seed: int) -> list[float]:
    """Full naive circular-shift permutation p-value per test: one GLSAR fit per rotation."""
    rng = np.random.default_rng(seed)
    out = []
    for y, design, x, rows, lag in tests:
        t_obs = abs(_glsar_t(y, design))
        xf = np.where(np.isfinite(x), x, np.nanmean(x))
        hits = 0
        for _ in range(n_permutations):
            shift = int(rng.integers(10, n_days - 10))
            d = design.copy()
            d[:, -1] = np.roll(xf, shift)[rows - lag]  # rotated exposure, same delay
            hits += abs(_glsar_t(y, d)) >= t_obs
        out.append((1 + hits) / (1 + n_permutations))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--permutations", type=int, default=999)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reduced-candidates", type=int, default=5,
                    help="candidates in the reduced problem (x 4 lags = tests)")
    ap.add_argument("--reduced-permutations", type=int, default=199,
                    help="rotations in the reduced problem")
    args = ap.parse_args()

    daily = simulate_daily(3 * 365, phi=0.8, n_factors=30, n_measures=10,
                           effects=[(0, 1, 1.0)], seed=args.seed)
    n_days = len(daily)
    n_tests = len(candidate_columns(as_daily(daily))) * len(LAGS)
    print(f"full problem: {n_days} days, {n_tests} tests, {args.permutations} rotations")

    lagged_effects(daily.iloc[:200], lags=LAGS)  # warm-up (imports, caches)
    t0 = time.perf_counter()
    rep_a = lagged_effects(daily, lags=LAGS)
    t_fast_analytic = time.perf_counter() - t0
    t0 = time.perf_counter()
    rep_p = lagged_effects(daily, lags=LAGS, inference="permutation",
                           n_permutations=args.permutations, seed=args.seed)
    t_fast_perm = time.perf_counter() - t0

    tests = _naive_tests(daily)
    t0 = time.perf_counter()
    for y, design, *_ in tests:
        _glsar_t(y, design)
    t_naive_analytic = time.perf_counter() - t0

    # Reduced problem, both sides measured in full on the same diary and candidates.
    keep = [f"factor:f{j}" for j in range(args.reduced_candidates)]
    small = daily[["pain", *keep, "n_entries"]]
    n_small = len(candidate_columns(as_daily(small))) * len(LAGS)
    t0 = time.perf_counter()
    rep_s = lagged_effects(small, lags=LAGS, inference="permutation",
                           n_permutations=args.reduced_permutations, seed=args.seed)
    t_fast_small = time.perf_counter() - t0
    small_tests = _naive_tests(small)
    t0 = time.perf_counter()
    p_naive = _naive_permutation(small_tests, n_days, args.reduced_permutations, args.seed)
    t_naive_small = time.perf_counter() - t0
    n_fits = n_small * (args.reduced_permutations + 1)
    per_fit = t_naive_small / n_fits
    t_naive_perm_extrap = per_fit * n_tests * (args.permutations + 1)

    top = rep_p.findings[0]
    print(f"painscope analytic scan     : {t_fast_analytic:8.3f} s   (measured, {n_tests} tests)")
    print(f"naive GLSAR analytic loop   : {t_naive_analytic:8.3f} s   (measured, {n_tests} fits)")
    print(f"ratio analytic (naive / painscope): {t_naive_analytic / t_fast_analytic:6.1f}x")
    print(f"painscope permutation scan  : {t_fast_perm:8.3f} s   (measured, {n_tests} tests x "
          f"{args.permutations} rotations; goal < 10 s)")
    print(f"reduced problem: {n_small} tests ({args.reduced_candidates} binary factors x "
          f"{len(LAGS)} lags) x {args.reduced_permutations} rotations, same diary")
    print(f"  painscope permutation     : {t_fast_small:8.3f} s   (measured)")
    print(f"  naive GLSAR permutation   : {t_naive_small:8.3f} s   (measured, {n_fits} fits, "
          f"{per_fit * 1e3:.2f} ms each)")
    print(f"  ratio (naive / painscope) : {t_naive_small / t_fast_small:8.0f}x  (both measured)")
    print(f"naive GLSAR permutation, full size: ~{t_naive_perm_extrap:.0f} s   "
          f"(EXTRAPOLATED from the reduced loop's {per_fit * 1e3:.2f} ms/fit x {n_tests} x "
          f"{args.permutations + 1} fits; NOT measured)")
    f0 = {(f.column, f.lag): f.p for f in rep_s.findings}
    print(f"top finding: {top.column} lag {top.lag} effect {top.effect:+.2f} "
          f"p = {top.p:.4f} q = {top.q:.4f} (planted: factor:f0 lag 1, +1.00); "
          f"significant analytic/permutation: {len(rep_a.significant)}/{len(rep_p.significant)}")
    print(f"reduced, factor:f0 lag 1 permutation p: painscope {f0.get(('factor:f0', 1)):.4f}, "
          f"naive {p_naive[next(i for i, t in enumerate(small_tests) if t[4] == 1)]:.4f}")


if __name__ == "__main__":
    main()
