"""Morning baseline: 7-day lnRMSSD against mean ± 0.5 SD of 60 days, with data gates."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from painscope.signals.baseline import assess, baseline_series, daily_values, morning_baseline

START = date(2024, 1, 1)


def _diary(values, name="hrv_lnrmssd_morning", offset="+01:00", start=START):
    rows = [
        {
            "timestamp": f"{start + timedelta(days=i)}T00:00:00{offset}",
            "kind": "measure",
            "name": name,
            "value": v,
            "unit": "ln(ms)",
            "note": "",
        }
        for i, v in enumerate(values)
        if v is not None
    ]
    return pd.DataFrame(rows)


def _alternating(n, mean=4.0, step=0.1):
    # mean ± step: SD of the 60-day window ≈ step, so the band is mean ± 0.05.
    return [mean + (step if i % 2 else -step) for i in range(n)]


def test_a_low_week_is_below_the_normal_range():
    values = _alternating(53) + [3.7] * 7
    b = morning_baseline(_diary(values))
    assert b.status == "below" and b.reason is None
    assert b.week_mean == pytest.approx(3.7)
    sd = np.std(values, ddof=1)
    assert b.range_low == pytest.approx(np.mean(values) - 0.5 * sd)
    assert b.range_days == 60 and b.week_days == 7


def test_a_high_week_is_above_and_a_usual_week_within():
    assert morning_baseline(_diary(_alternating(53) + [4.3] * 7)).status == "above"
    assert morning_baseline(_diary(_alternating(60))).status == "within"


def test_not_enough_days_in_the_week():
    values = [*_alternating(50), None, None, 4.0, None, None, 4.1, None]
    b = morning_baseline(_diary(values), day=START + timedelta(days=56))
    assert b.status == "not_enough_data" and b.message == "Not enough data yet."
    assert "2 of the last 7 days" in b.reason
    assert b.week_mean is None


def test_not_enough_days_for_a_normal_range():
    b = morning_baseline(_diary(_alternating(20)))
    assert b.status == "not_enough_data"
    assert "20 of the last 60 days" in b.reason
    assert morning_baseline(_diary(_alternating(21))).status != "not_enough_data"


def test_values_older_than_60_days_are_not_in_the_range():
    values = [6.0] * 30 + _alternating(60)
    b = morning_baseline(_diary(values))
    assert b.range_days == 60 and b.range_mean == pytest.approx(4.0, abs=0.01)


def test_other_hrv_measures_are_never_mixed_in():
    morning = _diary(_alternating(60))
    sdnn = _diary([2.0] * 60, name="hrv_sdnn")
    night = _diary([6.5] * 60, name="hrv_rmssd_night")
    both = pd.concat([morning, sdnn, night], ignore_index=True)
    assert morning_baseline(both) == morning_baseline(morning)


def test_the_day_is_the_local_date_of_the_timestamp():
    d = _diary([4.0], offset="-05:00")
    assert daily_values(d).index.tolist() == [START]


def test_empty_diary_says_not_enough_data():
    b = morning_baseline(
        pd.DataFrame(columns=["timestamp", "kind", "name", "value", "unit", "note"])
    )
    assert b.status == "not_enough_data"


def test_series_has_one_assessment_per_day():
    s = baseline_series(_diary(_alternating(53) + [3.7] * 7))
    assert len(s) == 60
    assert s.status.iloc[0] == "not_enough_data" and s.status.iloc[-1] == "below"
    assert (
        assess(daily_values(_diary(_alternating(60))), START + timedelta(days=59)).status
        == "within"
    )


def test_a_perfectly_steady_series_is_within_its_range():
    import math
    from datetime import date, timedelta

    import pandas as pd

    from painscope.signals.baseline import assess

    day = date(2024, 6, 30)
    steady = pd.Series([math.log(40.0)] * 30, index=[day - timedelta(days=i) for i in range(30)])
    assert assess(steady, day).status == "within"
