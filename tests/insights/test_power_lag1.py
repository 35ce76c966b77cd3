"""Power: a planted 1-point lag-1 effect is found at the right lag in most 240-day diaries.

Setting from the issue: AR(1) pain with φ = 0.7 and daily innovation SD 1.6 points, ten
persistent binary factors (Markov, on 30 % of days, P(stay on) = 0.5), one of which raises
next-day pain by 1 point; BH over 40 tests. A standard autocorrelation-aware regression
reaches ≈ 85 % here (≈ 45 % at 120 days), so the bar is 80 %.
"""

from __future__ import annotations

import numpy as np

from painscope.insights import lagged_effects
from painscope.insights.simulate import simulate_daily

N_DIARIES = 100


def _found_share(n_days: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(N_DIARIES):
        daily = simulate_daily(n_days, phi=0.7, innovation_sd=1.6, n_factors=10,
                               effects=[(0, 1, 1.0)], seed=rng)
        report = lagged_effects(daily, lags=range(4))
        hits += any(f.significant and f.column == "factor:f0" and f.lag == 1
                    for f in report.findings)
    return hits / N_DIARIES


def test_planted_lag1_effect_found_in_most_240_day_diaries():
    share = _found_share(240, seed=7)
    # Binomial SD at a true power of 0.85 with 100 diaries is 0.036: below 0.80 is
    # > 1.4 SD short of the reference method, at true power 0.80 it fails half the time.
    assert share >= 0.80, share
