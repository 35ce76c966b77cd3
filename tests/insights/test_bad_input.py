"""Bad or thin diaries give a plain "not enough data" answer, never a crash or a finding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from painscope.insights import lagged_effects
from painscope.insights.simulate import simulate_daily


def test_empty_daily_table_says_not_enough_data():
    report = lagged_effects(pd.DataFrame(index=pd.DatetimeIndex([], name="date")))
    assert report.findings == [] and "Not enough data" in report.message
    assert report.to_dict()["sentences"] == [report.message]


def test_one_day_of_data_says_how_many_days_are_needed():
    daily = simulate_daily(1, n_factors=2, seed=1)
    report = lagged_effects(daily)
    assert report.findings == []
    assert "at least 28 days" in report.message and "has 1" in report.message


def test_constant_pain_is_explained_not_analysed():
    daily = simulate_daily(120, n_factors=3, seed=2)
    daily["pain"] = 5.0
    report = lagged_effects(daily)
    assert report.findings == [] and "every logged day" in report.message


def test_all_missing_factor_is_listed_as_not_tested():
    daily = simulate_daily(120, n_factors=2, seed=3)
    daily["factor:coffee"] = np.nan
    report = lagged_effects(daily)
    entry = next(n for n in report.not_tested if n.factor == "coffee")
    assert "no days" in entry.reason
    assert {f.column for f in report.findings} == {"factor:f0", "factor:f1"}


def test_unsorted_daily_rows_give_the_same_answer_as_sorted_ones():
    daily = simulate_daily(150, n_factors=3, effects=[(0, 1, 1.5)], seed=4)
    shuffled = daily.sample(frac=1.0, random_state=1)
    a = lagged_effects(daily).to_dict()
    b = lagged_effects(shuffled).to_dict()
    assert a["findings"] == b["findings"]


def test_duplicate_dates_in_a_daily_table_are_refused_with_the_date():
    daily = simulate_daily(60, n_factors=1, seed=5)
    doubled = pd.concat([daily, daily.iloc[[10]]])
    with pytest.raises(ValueError, match=str(daily.index[10].date())):
        lagged_effects(doubled)


def test_gappy_diary_still_works_and_uses_only_logged_days():
    daily = simulate_daily(300, n_factors=4, missing=0.4, seed=6)
    report = lagged_effects(daily)
    assert report.n_pain_days == int(daily["pain"].notna().sum())
    assert all(f.n_days <= report.n_pain_days for f in report.findings)
    assert all(np.isfinite(f.effect) and f.ci_low <= f.effect <= f.ci_high
               for f in report.findings)
