"""Pacing: diary baseline, quotas growing by a set step, energy envelope, boom-and-bust."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from painscope.programmes import pacing
from painscope.signals.baseline import Baseline


def daily(n: int = 120, seed: int = 1, boom_bust: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    idx = pd.date_range("2026-01-01", periods=n, freq="D", name="date")
    activity = np.clip(rng.normal(5, 1.2, n), 0, 10)
    pain = rng.normal(5, 1.0, n)
    if boom_bust:
        booms = np.arange(5, n - 3, 9)
        activity[booms] = 9.5
        pain[booms + 1] += 3.5
    return pd.DataFrame({"activity": activity, "pain": pain}, index=idx)


def test_quota_starts_at_80_percent_of_baseline_and_grows_ten_percent_of_it_each_week():
    assert pacing.weekly_quota(20, 1) == pytest.approx(16)
    assert pacing.weekly_quota(20, 2) == pytest.approx(18)
    assert pacing.weekly_quota(20, 4) == pytest.approx(22)
    assert pacing.weekly_quota(20, 3, step=0.2) == pytest.approx(24)


def test_no_fixed_increments_with_me_cfs_or_post_exertional_malaise():
    assert pacing.weekly_quota(20, 6, fixed_increments=False) == pytest.approx(16)


def test_quota_rules_reject_nonsense():
    with pytest.raises(ValueError, match="step"):
        pacing.weekly_quota(20, 2, step=0.5)
    with pytest.raises(ValueError, match="tries"):
        pacing.tolerance_baseline([])
    assert pacing.tolerance_baseline([10, 12, 14]) == pytest.approx(12)


def test_week_numbers_count_from_the_start_date():
    start = date(2026, 3, 2)
    assert pacing.week_of(start, date(2026, 3, 2)) == 1
    assert pacing.week_of(start, date(2026, 3, 8)) == 1
    assert pacing.week_of(start, date(2026, 3, 9)) == 2


def test_diary_baseline_needs_a_week_of_ratings():
    d = daily(30)
    base = pacing.diary_baseline(d, before=date(2026, 1, 20))
    assert base["activity"].ready and base["activity"].days == 14
    assert base["activity"].mean == pytest.approx(d["activity"].iloc[5:19].mean())
    short = pacing.diary_baseline(d.iloc[:4])
    assert not short["activity"].ready and "Not enough data yet" in short["activity"].message
    assert "steps" not in short


def test_envelope_is_lowered_only_when_morning_signals_are_outside_the_persons_range():
    rhr = pacing.MeasureBaseline("resting_hr", 60.0, 4.0, 30, "")
    calm = pacing.energy_envelope(20, hrv_status="within", resting_hr=61, resting_hr_baseline=rhr)
    assert not calm.lowered and calm.envelope == 20
    low = pacing.energy_envelope(20, hrv_status="below", resting_hr=61, resting_hr_baseline=rhr)
    assert low.lowered and low.envelope == pytest.approx(16)
    fast = pacing.energy_envelope(20, hrv_status=None, resting_hr=65, resting_hr_baseline=rhr)
    assert fast.lowered and "resting heart rate" in fast.sentence


def test_quota_status_yes_partial_no():
    assert pacing.quota_status(18, 20) == "yes"
    assert pacing.quota_status(10, 20) == "partial"
    assert pacing.quota_status(5, 20) == "no"
    assert pacing.adherence(["yes", "no", "yes", "partial"])["share_met"] == 0.5


def test_boom_and_bust_is_found_when_flares_follow_busy_days():
    report = pacing.boom_bust(daily(150, boom_bust=True))
    assert report.boom_days >= pacing.MIN_BOOM_DAYS
    assert report.ci_low > 0
    assert "boom-and-bust pattern" in " ".join(report.sentences())


def test_no_boom_and_bust_claimed_in_noise_most_of_the_time():
    claims = sum(
        1 for seed in range(20)
        if (r := pacing.boom_bust(daily(150, seed=seed))).ci_low is not None and r.ci_low > 0
    )
    assert claims <= 3


def test_boom_and_bust_says_not_enough_data_on_a_short_diary():
    assert pacing.boom_bust(daily(20)).message.startswith("Not enough data yet")


def test_envelope_accepts_the_signals_baseline_status():
    b = Baseline(date(2026, 3, 1), "below", "", None, 3.0, 7, 5.0, 3.5, 3.3, 3.7, 40)
    assert pacing.energy_envelope(10, hrv_status=b.status).lowered
