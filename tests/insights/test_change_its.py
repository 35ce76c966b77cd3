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
