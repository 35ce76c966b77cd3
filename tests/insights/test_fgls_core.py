"""The fast estimator agrees with textbook GLS (statsmodels) on gappy AR(1) data."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.regression.linear_model import GLS
from statsmodels.stats.multitest import multipletests

from painscope.insights._fgls import (
    Whitened,
    benjamini_hochberg,
    gaps_from_days,
    joint_effects,
    pw_transform_rows,
    reml_rho,
)


def _gappy(seed, n_days=160, rho=0.6):
    rng = np.random.default_rng(seed)
    days = np.sort(rng.choice(n_days, size=110, replace=False))
    e = np.zeros(n_days)
    for t in range(1, n_days):
        e[t] = rho * e[t - 1] + rng.normal()
    z = np.column_stack([np.ones(len(days)), days / n_days, (days % 7 == 0).astype(float)])
    x = rng.normal(size=(len(days), 3))
    y = z @ np.array([4.0, 1.0, 0.5]) + 0.3 * x[:, 0] + e[days]
    corr = rho ** np.abs(days[:, None] - days[None, :])
    return y, z, x, days, corr


def test_one_candidate_effects_match_gls_with_the_ar1_covariance_of_the_calendar_days():
    y, z, x, days, corr = _gappy(1)
    white = Whitened(y, z, days, rho=0.6)
    fit = white.effects(x)
    for j in range(x.shape[1]):
        ref = GLS(y, np.column_stack([z, x[:, j]]), sigma=corr).fit()
        assert fit.beta[j] == pytest.approx(ref.params[-1], rel=1e-8)
        assert fit.se[j] == pytest.approx(ref.bse[-1], rel=1e-8)


def test_distributed_lag_block_matches_gls_with_all_columns():
    y, z, x, days, corr = _gappy(2)
    white = Whitened(y, z, days, rho=0.6)
    xt = pw_transform_rows(x.T[None], 0.6, white.gaps)  # one candidate, three columns
    fit = joint_effects(white, xt)
    ref = GLS(y, np.column_stack([z, x]), sigma=corr).fit()
    np.testing.assert_allclose(fit.beta[0], ref.params[-3:], rtol=1e-8)
    np.testing.assert_allclose(fit.se[0], ref.bse[-3:], rtol=1e-8)


def test_reml_rho_maximises_the_exact_restricted_likelihood():
    y, z, _, days, _ = _gappy(3, rho=0.7)
    got = reml_rho(y, z, gaps_from_days(days))

    def exact(r):
        v = r ** np.abs(days[:, None] - days[None, :])
        vi = np.linalg.inv(v)
        xtvx = z.T @ vi @ z
        beta = np.linalg.solve(xtvx, z.T @ vi @ y)
        res = y - z @ beta
        n, p = z.shape
        return -0.5 * (np.linalg.slogdet(v)[1] + np.linalg.slogdet(xtvx)[1]
                       + (n - p) * np.log(res @ vi @ res))

    grid = np.arange(0.0, 0.98, 0.001)
    best = grid[np.argmax([exact(r) for r in grid])]
    assert abs(got - best) < 0.005


def test_benjamini_hochberg_matches_statsmodels():
    p = np.random.default_rng(4).uniform(size=40) ** 3
    np.testing.assert_allclose(benjamini_hochberg(p), multipletests(p, method="fdr_bh")[1],
                               rtol=1e-12)
