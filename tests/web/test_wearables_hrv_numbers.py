"""The HRV page's numbers (pure: painscope.web.wearables.hrvchart on a diary frame)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from painscope import diary
from painscope.web.wearables import hrvchart

TODAY = date(2024, 6, 30)


def frame_of(name: str, values: dict[date, float], unit: str = "ms") -> object:
    records = [
        (datetime(d.year, d.month, d.day, tzinfo=UTC), 0, diary.Observation("measure", name, v, unit))
        for d, v in values.items()
    ]
    return diary.frame_from_records(records)


def days_back(n: int, end: date = TODAY) -> list[date]:
    return [end - timedelta(days=i) for i in range(n - 1, -1, -1)]


def test_the_band_is_the_60_day_mean_plus_minus_half_an_sd():
    rng = np.random.default_rng(0)
    values = dict(zip(days_back(80), np.round(4 + 0.2 * rng.standard_normal(80), 4), strict=True))
    view = hrvchart.hrv_view(frame_of("hrv_lnrmssd_morning", values, "ln(ms)"), "morning", TODAY, days=30)
    last60 = np.array([v for d, v in values.items() if d > TODAY - timedelta(days=60)])
    row = view.days.loc[TODAY]
    assert math.isclose(row["range_low"], last60.mean() - 0.5 * last60.std(ddof=1), abs_tol=1e-9)
    assert math.isclose(row["range_high"], last60.mean() + 0.5 * last60.std(ddof=1), abs_tol=1e-9)
    last7 = np.array([v for d, v in values.items() if d > TODAY - timedelta(days=7)])
    assert math.isclose(row["week_mean"], last7.mean(), abs_tol=1e-9)


def test_night_hrv_is_assessed_as_the_log_of_the_device_rmssd():
    values = {d: 40.0 + (i % 5) for i, d in enumerate(days_back(30))}
    series = hrvchart.metric_values(frame_of("hrv_rmssd_night", values), "night")
    assert math.isclose(series[TODAY], math.log(values[TODAY]))
    assert hrvchart.available_metrics(frame_of("hrv_rmssd_night", values)) == ["night"]


def test_readings_long_ago_do_not_make_this_week():
    # 25 readings, the last one ten days ago: the range would be set, but this week is empty
    values = dict.fromkeys(days_back(25, TODAY - timedelta(days=10)), 4.0)
    status = hrvchart.current_status(frame_of("hrv_lnrmssd_morning", values, "ln(ms)"), "morning", TODAY)
    assert not status.enough and status.more_needed == 3
    assert status.headline() == "Not enough data yet — about 3 more mornings with a reading."


def test_the_weekly_table_counts_readings_and_keeps_gaps_as_gaps():
    values = {TODAY - timedelta(days=i): 4.0 for i in (0, 2, 9)}
    view = hrvchart.hrv_view(frame_of("hrv_lnrmssd_morning", values, "ln(ms)"), "morning", TODAY, days=14)
    rows = hrvchart.weekly_rows(view, TODAY - timedelta(days=13), TODAY)
    # 30 June 2024 is a Sunday: two whole weeks, newest first
    assert [(r.monday, r.n_values) for r in rows] == [(date(2024, 6, 24), 2), (date(2024, 6, 17), 1)]
    assert rows[0].mean == 4.0 and rows[0].status == "not_enough_data"
    fig = hrvchart.hrv_figure(view, diary.daily_table(diary.empty_frame()), TODAY - timedelta(days=13), TODAY)
    daily = next(t for t in fig["data"] if t["name"].startswith("Morning HRV"))
    assert sum(v is not None for v in daily["y"]) == 3 and 0 not in daily["y"]


def test_morning_rmssd_from_a_daily_csv_counts_as_morning_hrv():
    # a morning-reading app's daily CSV gives RMSSD in ms; painscope's own readings give ln too
    frame = frame_of("hrv_rmssd_morning", {TODAY - timedelta(days=1): 50.0, TODAY: 60.0})
    own = frame_of("hrv_lnrmssd_morning", {TODAY: 4.2}, "ln(ms)")
    both = diary.sort_frame(pd.concat([frame, own], ignore_index=True))
    series = hrvchart.metric_values(both, "morning")
    assert math.isclose(series[TODAY - timedelta(days=1)], math.log(50.0))
    assert series[TODAY] == 4.2  # the ln value painscope computed wins on its day
    assert hrvchart.available_metrics(frame) == ["morning"]
