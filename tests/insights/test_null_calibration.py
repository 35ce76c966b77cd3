"""Null calibration: independent factors against AR(1) pain must rarely produce a "trigger".

ANALYTICS.md §2.2: with φ = 0.7 a naive test is "significant" 24 % of the time and 80 naive
tests flag something in every diary. painscope's scan must stay near nominal.
"""

from __future__ import annotations

import numpy as np

from painscope.insights import lagged_effects
from painscope.insights.simulate import simulate_daily

N_DIARIES = 200


def _null_reports():
    rng = np.random.default_rng(20261121)
    for _ in range(N_DIARIES):
        n_days = int(rng.integers(90, 366))
        phi = float(rng.uniform(0.7, 0.9))
        yield lagged_effects(simulate_daily(n_days, phi=phi, n_factors=10, seed=rng), lags="0-3")


def test_null_diaries_rarely_show_any_trigger_and_per_test_rate_is_nominal():
    any_sig = []
    rejections = []
    for report in _null_reports():
        assert len(report.findings) == 40  # 10 factors × 4 lags, all past the gates
        any_sig.append(bool(report.significant))
        rejections.extend(f.p < 0.05 for f in report.findings)
    share_any = float(np.mean(any_sig))
    per_test = float(np.mean(rejections))
    # BH at 5 % bounds the chance of any finding under the global null by 5 % when p-values
    # are calibrated. Exact binomial: with a true share of 0.05 over 200 diaries, P(≥ 21
    # diaries, i.e. > 10 %) = 0.0012, so exceeding 10 % means miscalibration, not bad luck.
    assert share_any <= 0.10, share_any
    # 8,000 tests, correlated within a diary (lags of a persistent factor overlap), so the
    # effective count is nearer 2,000: binomial SD ≈ 0.005 → ±3 SD is [0.035, 0.065].
    assert 0.035 <= per_test <= 0.065, per_test
