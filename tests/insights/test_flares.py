"""Flare episodes: the person's flags, and the baseline-relative detector (ANALYTICS.md §3.10)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from painscope.insights import detect_flares


def _calm_diary(n=120, seed=0):
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2025-01-01", periods=n, freq="D", name="date")
    pain = np.clip(3 + rng.normal(0, 0.4, n), 0, 10)
    return pd.DataFrame({"pain": pain, "flare": np.zeros(n), "n_entries": 1.0}, index=idx)


def test_a_five_day_rise_of_four_points_is_one_episode_with_its_peak():
    daily = _calm_diary()
    daily.iloc[60:65, 0] = [7.0, 8.0, 9.0, 7.5, 7.0]
    report = detect_flares(daily)
    (ep,) = report.detected
    assert (ep.start, ep.end, ep.duration_days) == ("2025-03-02", "2025-03-06", 5)
    assert (ep.peak_date, ep.peak_pain) == ("2025-03-04", 9.0)
    assert 2.5 < ep.baseline < 3.5 and ep.threshold == ep.baseline + 2.0
    assert not ep.ongoing


def test_a_single_bad_day_is_not_a_flare():
    daily = _calm_diary()
    daily.iloc[60, 0] = 9.0
    assert detect_flares(daily).detected == []


def test_thirty_percent_rule_applies_at_high_baselines():
    daily = _calm_diary()
    daily["pain"] += 4.0  # baseline ≈ 7: 30 % is 2.1 points, more than 2
    daily.iloc[60:63, 0] = 9.05  # +2.05: above 2 points but below 30 %
    assert detect_flares(daily).detected == []
    daily.iloc[60:63, 0] = 9.3
    assert len(detect_flares(daily).detected) == 1


def test_flare_runs_until_two_days_back_near_baseline():
    daily = _calm_diary()
    # up, a middling day (stays in the flare), then back to baseline for good
    daily.iloc[60:66, 0] = [7.0, 7.0, 5.0, 6.5, 3.0, 3.0]
    (ep,) = detect_flares(daily).detected
    assert ep.duration_days == 4 and ep.end == "2025-03-05"


def test_declared_flags_are_episodes_and_agreement_is_reported():
    daily = _calm_diary()
    daily.iloc[60:65, 0] = 8.0
    daily.iloc[59:65, 1] = 1.0  # the person flagged one day earlier than the detector
    report = detect_flares(daily)
    (mine,) = report.declared
    assert (mine.start, mine.duration_days) == ("2025-03-01", 6)
    a = report.agreement
    assert (a["declared"], a["detected"], a["both"]) == (6, 5, 5)
    assert a["ppv"] == 1.0 and 0.8 < a["sensitivity"] < 0.9 and a["kappa"] > 0.8
    text = " ".join(report.sentences())
    assert "You marked 1 flare (6 days)" in text and "caught 5 of your 6" in text


def test_short_diary_says_the_detector_needs_four_weeks():
    daily = _calm_diary(n=20)
    report = detect_flares(daily)
    assert report.detected == [] and "at least 28 days" in report.message
    assert report.to_dict()["sentences"][0] == report.message


def test_diary_without_pain_or_flags_does_not_crash():
    idx = pd.date_range("2025-01-01", periods=40, freq="D", name="date")
    report = detect_flares(pd.DataFrame({"n_entries": np.ones(40)}, index=idx))
    assert report.episodes == [] and report.n_pain_days == 0


def test_flare_ongoing_at_the_end_of_the_diary_is_marked_ongoing():
    daily = _calm_diary()
    daily.iloc[-3:, 0] = 8.5
    (ep,) = detect_flares(daily).detected
    assert ep.ongoing and ep.end == daily.index[-1].date().isoformat()
