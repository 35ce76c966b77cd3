"""Power of :func:`lagged_effects` for a planted next-day effect, by exposure persistence.

Run by hand (never in CI); prints one row per setting, the figures behind
``painscope.insights.power.POWER_RUNS``::

    .venv/bin/python benchmarks/insights_power.py [--diaries 100] [--seed 7]

Setting (ANALYTICS.md Appendix A; issue 6): AR(1) pain, φ = 0.7, ten yes/no factors (Markov
chains, on 30 % of days unless stated), one of which raises next-day pain by 1 point;
Benjamini–Hochberg over 40 factor × delay tests (delays 0–3). ``stay`` is P(still on
tomorrow | on today): 0.5 is a barely persistent exposure (lag-1 autocorrelation ≈ 0.29),
0.9 a persistent one (≈ 0.86, as in Appendix A) — a medication course, a work pattern. Each
setting restarts the generator from ``--seed``, so rows are reproducible one by one.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from painscope.insights import lagged_effects
from painscope.insights.simulate import simulate_daily

#: (days, stay, p_on, pain keyword) — "steadier" pain: marginal SD 1.6; "swinging":
#: innovation SD 1.6 (marginal 2.2).
SETTINGS = (
    (240, 0.5, 0.3, "steadier"),
    (240, 0.5, 0.3, "swinging"),
    (120, 0.5, 0.3, "steadier"),
    (120, 0.5, 0.3, "swinging"),
    (240, 0.9, 0.3, "steadier"),
    (120, 0.9, 0.3, "steadier"),
    (365, 0.9, 0.3, "steadier"),
    (240, 0.9, 0.3, "swinging"),
    (240, 0.9, 0.5, "steadier"),
)


def run(days: int, stay: float, p_on: float, pain: str, diaries: int, seed: int):
    """(found at delay 1, flagged at a wrong delay) out of ``diaries``."""
    kw = {"pain_sd": 1.6} if pain == "steadier" else {"innovation_sd": 1.6}
    rng = np.random.default_rng(seed)
    right = wrong = 0
    for _ in range(diaries):
        daily = simulate_daily(days, phi=0.7, n_factors=10, effects=[(0, 1, 1.0)],
                               stay=stay, p_on=p_on, seed=rng, **kw)
        report = lagged_effects(daily, lags=range(4))
        f0 = [f for f in report.findings if f.column == "factor:f0" and f.significant]
        right += any(f.lag == 1 for f in f0)
        wrong += any(f.lag != 1 for f in f0)
    return right, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--diaries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", type=int, nargs="*", help="indices into SETTINGS")
    args = ap.parse_args()
    print("days  stay  p_on  pain      found  wrong  of  seconds")
    for i, (days, stay, p_on, pain) in enumerate(SETTINGS):
        if args.only and i not in args.only:
            continue
        t0 = time.perf_counter()
        right, wrong = run(days, stay, p_on, pain, args.diaries, args.seed)
        print(f"{days:4d}  {stay:4.1f}  {p_on:4.1f}  {pain:8s}  {right:5d}  {wrong:5d}  "
              f"{args.diaries}  {time.perf_counter() - t0:7.1f}", flush=True)


if __name__ == "__main__":
    main()
