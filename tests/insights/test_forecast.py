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
