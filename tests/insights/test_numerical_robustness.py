"""Issue 14: numerical failure modes of the analyses (LinAlgError, constant or sparse columns).

Diaries shaped like real ones that break naive linear algebra — a measure that starts late,
stops early, never varies, is logged on two days, a pain rating logged on every other day
or constant for months — give a report, never an exception. And should a fit still fail
numerically, each analysis says "not enough usable data yet" instead of raising.
"""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest

from painscope import insights
from painscope.insights import change as change_module
from painscope.insights import triggers as triggers_module
from painscope.insights.simulate import simulate_daily

forecast_module = importlib.import_module("painscope.insights.forecast")


def shaped(kind: str, n: int = 240, seed: int = 0):
    daily = simulate_daily(n, phi=0.7, n_factors=2, seed=seed)
    rng = np.random.default_rng(seed)
    x = np.full(n, np.nan)
    if kind == "late":
        x[-n // 3:] = rng.normal(60, 3, n // 3)
    elif kind == "early":
        x[: n // 3] = rng.normal(60, 3, n // 3)
    elif kind == "constant_late":
        x[-n // 2:] = 55.0
    elif kind == "two_days":
        x[[10, 200]] = [40.0, 80.0]
    elif kind == "alternate_pain":
        daily.loc[daily.index[::2], "pain"] = np.nan
        x[:] = rng.normal(7, 1, n)
    elif kind == "flat_pain_then_change":
        daily.loc[daily.index[: n // 2], "pain"] = 4.0
        x[:] = rng.normal(7, 1, n)
    daily["resting_hr"] = x
    return daily


KINDS = ["late", "early", "constant_late", "two_days", "alternate_pain", "flat_pain_then_change"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_analysis_reports_on_awkward_diaries(kind):
    daily = shaped(kind)
    plan = insights.abab_plan(daily.index[20].date(), 14, 4)
    reports = [
        insights.forecast(daily),
        insights.lagged_effects(daily, lags=(0, 1, 2, 3)),
        insights.detect_flares(daily),
        insights.change_analysis(daily, daily.index[120].date()),
        insights.abab_analysis(daily, plan),
    ]
    for report in reports:
        assert report.sentences()
        json.dumps(report.to_dict(), default=str)


def _boom(*args, **kwargs):
    raise np.linalg.LinAlgError("SVD did not converge")


def test_a_numerical_failure_becomes_not_enough_usable_data(monkeypatch):
    daily = simulate_daily(200, phi=0.7, n_factors=2, effects=[(0, 1, 2.0)], seed=1)
    monkeypatch.setattr(forecast_module, "_ridge", _boom)
    monkeypatch.setattr(triggers_module, "joint_effects", _boom)
    monkeypatch.setattr(change_module, "gls_fit", _boom)
    plan = insights.abab_plan(daily.index[0].date(), 14, 4)
    for report in (insights.forecast(daily), insights.lagged_effects(daily, lags=(0, 1)),
                   insights.change_analysis(daily, daily.index[100].date()),
                   insights.abab_analysis(daily, plan)):
        assert report.message.startswith("Not enough usable data yet")
        assert "SVD did not converge" in report.message
        assert report.sentences() == [report.message]
