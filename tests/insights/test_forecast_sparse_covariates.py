"""Issue 14: a wearable measure that starts late in the diary must not crash the forecast.

A person who starts wearing a watch months after starting the diary has resting HR / morning
HRV only for the last months. The early rolling-origin fits then saw an all-missing column;
filling it with its (undefined) mean left NaNs in the ridge design and ``pinv`` raised
"SVD did not converge". Now a fit uses a logged item only when it is known on at least half
of that fit's training days, and the report says from when each one was used.
"""

from __future__ import annotations

import numpy as np
import pytest

from painscope.insights import forecast
from painscope.insights.forecast import MIN_FEATURE_COVERAGE, _ridge
from painscope.insights.simulate import simulate_daily


def late_watch_diary(n_days: int = 300, watch_days: int = 160, seed: int = 3):
    daily = simulate_daily(n_days, phi=0.7, n_factors=2, seed=seed)
    rng = np.random.default_rng(seed)
    hr = np.full(n_days, np.nan)
    hr[-watch_days:] = 60 + rng.normal(0, 3, watch_days)
    hrv = np.full(n_days, np.nan)
    hrv[-watch_days:] = 45 + rng.normal(0, 8, watch_days)
    daily["resting_hr"] = hr
    daily["hrv_rmssd_morning"] = hrv
    return daily


@pytest.mark.parametrize("watch_days", [160, 60, 5, 2])
def test_a_measure_logged_only_in_the_last_months_gives_a_report_not_an_exception(watch_days):
    report = forecast(late_watch_diary(watch_days=watch_days))
    doc = report.to_dict()
    assert report.n_scored > 200
    assert set(doc["covariates"]) >= {"resting hr", "hrv rmssd morning"}
    assert all(s for s in doc["sentences"])


def test_the_report_says_from_when_a_late_measure_was_used():
    report = forecast(late_watch_diary(watch_days=160))
    first = report.covariates["resting hr"]
    # 160 of 300 days: the expanding window is at least half covered only near the end.
    assert first is not None and first > "2025-09-01"
    assert any("resting hr (from " in s for s in report.sentences())
    never = forecast(late_watch_diary(watch_days=60)).covariates
    assert never["resting hr"] is None
    assert any("Not used, because logged on fewer than half" in s
               for s in forecast(late_watch_diary(watch_days=60)).sentences())


def test_factors_logged_throughout_are_used_from_the_first_forecast():
    report = forecast(simulate_daily(200, phi=0.7, n_factors=2, seed=4))
    first_day = report.predictions.index[0].date().isoformat()
    assert report.covariates == {"f0": first_day, "f1": first_day}
    assert not report.covariate_sentences()


def test_ridge_ignores_a_column_that_is_missing_on_too_many_training_days():
    rng = np.random.default_rng(0)
    n = 80
    base = rng.normal(size=(n, 10))
    sparse = np.full(n, np.nan)
    sparse[-int(n * MIN_FEATURE_COVERAGE) + 1:] = rng.normal(size=int(n * MIN_FEATURE_COVERAGE) - 1)
    empty = np.full(n, np.nan)
    constant = np.full(n, 3.0)
    f = np.column_stack([base, sparse, empty, constant])
    target = base[:, 0] + rng.normal(0, 0.1, n)
    predict, sd, keep = _ridge(f, target)
    assert keep.tolist() == [True] * 10 + [False, False, False]
    assert np.isfinite(predict(f)).all() and np.isfinite(sd)
