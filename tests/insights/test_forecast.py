"""Next-day forecasts are scored against simple rules and shown only when they win."""

from __future__ import annotations

import numpy as np
from scipy import integrate, stats

from painscope.insights import crps_gaussian, forecast
from painscope.insights.simulate import simulate_daily


def test_gaussian_crps_matches_the_published_value_and_the_integral_definition():
    # properscoring's documented value (ANALYTICS.md §3.12): crps_gaussian(0, 0, 1) = 0.23369…
    assert abs(float(crps_gaussian(np.array(0.0), 0.0, 1.0)) - 0.233695) < 1e-6
    y, mu, sd = 1.3, 0.4, 0.7
    numeric = integrate.quad(lambda x: stats.norm.cdf(x, mu, sd) ** 2, -20, y)[0] + \
        integrate.quad(lambda x: (1 - stats.norm.cdf(x, mu, sd)) ** 2, y, 20)[0]
    assert abs(float(crps_gaussian(np.array(y), mu, sd)) - numeric) < 1e-6


def test_forecast_is_shown_when_a_logged_factor_really_predicts_tomorrow():
    shown = 0
    for seed in range(5):
        daily = simulate_daily(300, phi=0.7, innovation_sd=1.0, n_factors=3,
                               effects=[(0, 1, 2.0)], seed=seed)
        report = forecast(daily)
        shown += report.show_to_person
        if report.show_to_person:
            t = report.tomorrow
            assert t["low"] <= t["pain"] <= t["high"]
            assert t["date"] == "2025-10-28"  # the day after the 300th day
            assert report.scores["painscope"]["crps"] < report.scores["ar1"]["crps"]
    assert shown >= 4, shown


def test_forecast_is_not_shown_when_nothing_beats_an_ar1_rule():
    shown = [forecast(simulate_daily(300, phi=0.7, n_factors=3, seed=100 + s)).show_to_person
             for s in range(10)]
    assert sum(shown) <= 2, shown
    report = forecast(simulate_daily(300, phi=0.7, n_factors=3, seed=100))
    doc = report.to_dict()
    assert doc["tomorrow"] is None and "No forecast is shown" in doc["sentences"][0]
    assert set(doc["scores"]) >= {"persistence", "ar1", "painscope"}


def test_short_diary_says_how_many_days_forecasts_need():
    report = forecast(simulate_daily(60, n_factors=1, seed=1))
    assert not report.show_to_person and "at least 84 days" in report.message


def test_forecasts_only_use_the_past():
    daily = simulate_daily(200, phi=0.7, n_factors=2, seed=3)
    changed = daily.copy()
    changed.iloc[-1, 0] += 5.0  # a different last day must not change any earlier forecast
    a, b = forecast(daily).predictions, forecast(changed).predictions
    assert len(a) == len(b) > 100
    cols = ["persistence_mean", "ar1_mean", "painscope_mean", "painscope_sd"]
    assert np.array_equal(a[cols].to_numpy(), b[cols].to_numpy())
    assert a["observed"].iloc[-1] + 5.0 == b["observed"].iloc[-1]


def _ridge_by_normal_equations(f: np.ndarray, target: np.ndarray):
    """The textbook ridge: for each penalty solve (XᵀX + λP) b = Xᵀy with an unpenalised
    intercept, leverages from the hat matrix's diagonal, keep the least leave-one-out error."""
    from painscope.insights.forecast import RIDGE_GRID, _usable_columns

    f = f[:, _usable_columns(f)]
    mean = np.nanmean(f, axis=0)
    f = np.where(np.isfinite(f), f, mean)
    sd = f.std(axis=0)
    sd[sd == 0] = 1.0
    xs = np.column_stack([np.ones(len(f)), (f - mean) / sd])
    penalty = np.eye(xs.shape[1])
    penalty[0, 0] = 0.0
    best = None
    for lam in RIDGE_GRID:
        a = np.linalg.inv(xs.T @ xs + lam * penalty)
        coef = a @ xs.T @ target
        hat = np.einsum("ij,jk,ik->i", xs, a, xs)
        err = float(np.mean(((target - xs @ coef) / (1 - hat)) ** 2))
        if best is None or err < best[0]:
            best = (err, coef, xs)
    return best


def test_the_ridge_gives_the_normal_equations_numbers():
    from painscope.insights.forecast import _ridge

    rng = np.random.default_rng(3)
    for n, p in ((80, 3), (400, 12), (1500, 30)):
        f = rng.normal(size=(n, p)) * rng.uniform(0.1, 20, size=p) + rng.normal(size=p) * 5
        f[:, -1] = f[:, 0] * 2 + 1  # collinear columns
        f[rng.random((n, p)) < 0.1] = np.nan  # and missing values (filled with the mean)
        f[:, 1] = 4.0  # a constant column
        target = np.nan_to_num(f[:, 0]) * 0.3 + rng.normal(size=n)
        predict, rmse, _ = _ridge(f, target)
        err, coef, xs = _ridge_by_normal_equations(f, target)
        assert abs(rmse - np.sqrt(err)) < 1e-9 * max(1.0, rmse)
        np.testing.assert_allclose(predict(f), xs @ coef, rtol=1e-9, atol=1e-9)
