"""Before/after a treatment change as an interrupted time series (ANALYTICS.md §3.8)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from painscope.insights import change_analysis
from painscope.insights.simulate import simulate_daily


def test_a_real_drop_of_two_points_is_estimated_with_an_honest_interval():
    daily = simulate_daily(240, phi=0.7, pain_sd=1.2, n_factors=0, seed=21)
    daily.iloc[120:, 0] -= 2.0
    at = daily.index[120].date()
    report = change_analysis(daily, at, onset_days=0, exclude_before_days=0)
    a = report.average_change
    assert a.ci_low < -2.0 < a.ci_high and a.ci_high < 0
    # a free post-change slope costs precision: the interval is wider, still honest
    sloped = change_analysis(daily, at, onset_days=0, exclude_before_days=0, slope_change=True)
    s = sloped.average_change
    assert s.ci_low < -2.0 < s.ci_high and s.ci_high - s.ci_low > a.ci_high - a.ci_low
    assert report.n_pre == 120 and report.n_post == 120
    assert "points lower than your earlier trend predicted" in report.sentences()[0]


def test_starting_at_the_worst_week_does_not_fake_an_improvement():
    """Regression to the mean: people start treatments at a peak (ANALYTICS.md §2.2 item 9).

    No treatment effect exists. The "start" is the day after the worst 7-day stretch. The
    naive before/after comparison shows an improvement; the ITS interval covers 0 in most
    diaries. 60 diaries: at a true 95 % coverage, P(fewer than 51 covering) = 0.0007
    (exact binomial).
    """
    rng = np.random.default_rng(22)
    covered, naive = 0, []
    for _ in range(60):
        daily = simulate_daily(200, phi=0.8, pain_sd=1.6, n_factors=0, seed=rng)
        week = daily["pain"].rolling(7).mean().iloc[60:140]
        at = (week.idxmax() + pd.Timedelta(days=1)).date()
        report = change_analysis(daily, at)
        a = report.average_change
        covered += a.ci_low <= 0 <= a.ci_high
        naive.append(report.naive_difference)
    assert covered >= 51, covered
    assert np.mean(naive) < -0.5  # the plain comparison exaggerates, as expected


def test_the_pre_change_peak_is_reported_and_left_out():
    daily = simulate_daily(150, phi=0.5, pain_sd=0.8, n_factors=0, seed=23)
    daily.iloc[93:100, 0] += 3.0
    report = change_analysis(daily, daily.index[100].date())
    assert report.peak_before > 2.0
    text = " ".join(report.sentences())
    assert "left out of the comparison" in text and "plain before/after" in text
    assert report.placebo is not None


def test_too_little_data_after_the_change_says_what_is_needed():
    daily = simulate_daily(100, n_factors=0, seed=24)
    report = change_analysis(daily, daily.index[90].date())
    assert report.average_change is None
    assert "14 after" in report.message and "the diary has" in report.message


def test_a_date_outside_the_diary_is_explained():
    daily = simulate_daily(100, n_factors=0, seed=25)
    report = change_analysis(daily, "2030-01-01")
    assert "outside the diary" in report.message
    assert report.to_dict()["sentences"] == [report.message]


def test_no_change_at_a_random_date_is_covered_at_the_nominal_rate():
    """Null calibration of the ITS interval under AR(1) pain (φ 0.7–0.9), random dates.

    80 diaries; at a true 95 % coverage P(fewer than 70 covering) = 0.002 (exact binomial).
    """
    rng = np.random.default_rng(23)
    covered = 0
    for _ in range(80):
        daily = simulate_daily(int(rng.integers(120, 300)), phi=float(rng.uniform(0.7, 0.9)),
                               n_factors=0, seed=rng)
        at = daily.index[int(rng.integers(50, len(daily) - 30))].date()
        a = change_analysis(daily, at).average_change
        covered += a.ci_low <= 0 <= a.ci_high
    assert covered >= 70, covered


def test_chart_lines_come_from_the_model_and_straddle_a_known_step():
    """``ChangeReport.days``: fitted trend before, its projection after, and the fit after.

    Pain = 6 + a slow rise (0.3 points per 30 days) + a weekday pattern + AR(1) noise, with
    a true drop of 2 points from day 150. The projection should follow the true no-change
    course and the after-fit the true dropped course; the gap between them is the report's
    average change.
    """
    n, at_row, drop = 300, 150, 2.0
    rng = np.random.default_rng(41)
    daily = simulate_daily(n, phi=0.6, pain_sd=0.5, n_factors=0, seed=rng)
    t = np.arange(n)
    weekday = np.where(daily.index.day_of_week >= 5, 0.8, 0.0)  # worse weekends
    truth_without = 6.0 + 0.01 * t + weekday
    noise = daily["pain"].to_numpy() - daily["pain"].mean()
    daily["pain"] = truth_without + noise - drop * (t >= at_row)
    report = change_analysis(daily, daily.index[at_row].date())
    days = report.days
    assert list(days.columns) == ["pain", "period", "used", "fitted_before", "projection",
                                  "fitted_after"]
    assert days.index[0] == daily.index[0] and days.index[-1] == daily.index[-1]
    before = days["period"] == "before"
    after = days["period"] == "after"
    left_out = days["period"] == "left out"
    assert left_out.sum() == report.excluded_before + report.onset_days
    assert days.loc[before, "fitted_before"].notna().all() and days.loc[~before, "fitted_before"].isna().all()
    assert days.loc[~before, "projection"].notna().all() and days.loc[after, "fitted_after"].notna().all()

    truth_after = truth_without - drop
    proj = days.loc[after, "projection"].to_numpy()
    fit_after = days.loc[after, "fitted_after"].to_numpy()
    rows = np.flatnonzero(after.to_numpy())
    # the projection stays above the true post-change course and the fit below the true
    # no-change course: together they straddle the step, each within 1 point of its truth
    assert np.all(proj > truth_after[rows]) and np.all(fit_after < truth_without[rows])
    assert np.abs(proj - truth_without[rows]).mean() < 1.0
    assert np.abs(fit_after - truth_after[rows]).mean() < 1.0
    assert np.abs(days.loc[before, "fitted_before"].to_numpy() - truth_without[before.to_numpy()]).mean() < 0.5
    # the weekday pattern is in the lines (weekends higher), as in the model
    wk = days.loc[after].index.day_of_week >= 5
    assert (fit_after[wk].mean() - fit_after[~wk].mean()) > 0.4
    # the lines are the report's numbers: mean gap over the analysed after-days
    used = days.loc[after, "used"].to_numpy()
    gap = (fit_after - proj)[used].mean()
    assert abs(gap - report.average_change.effect) < 1e-9
    doc = report.to_dict()
    assert len(doc["days"]) == len(days) and doc["days"][0]["date"] == str(daily.index[0].date())
    first_after = next(d for d in doc["days"] if d["period"] == "after")
    assert first_after["fitted_after"] < first_after["projection"] and first_after["fitted_before"] is None


def test_no_estimate_means_no_chart_lines():
    daily = simulate_daily(100, n_factors=0, seed=24)
    report = change_analysis(daily, daily.index[90].date())
    assert report.days.empty and report.to_dict()["days"] == []
