"""Morning HRV appears on the report only when the diary has it, with its gate."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import numpy as np
import pandas as pd

from painscope.diary.tidy import Observation, frame_from_records, sort_frame
from painscope.reports import build_report
from painscope.signals.baseline import MIN_RANGE_DAYS
from tests.reports.inputs import END


def with_hrv(diary: pd.DataFrame, days: int, last_week_shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    records = []
    for i in range(days):
        day = END - timedelta(days=i)
        value = 4.0 + 0.1 * rng.standard_normal() + (last_week_shift if i < 7 else 0.0)
        records.append((datetime.combine(day, time(6, 30), tzinfo=UTC), 0,
                        Observation("measure", "hrv_lnrmssd_morning", float(value), "ln(ms)", "")))
    return sort_frame(pd.concat([diary, frame_from_records(records)], ignore_index=True))


def test_low_week_is_reported_below_the_normal_range_with_its_basis(diary):
    content = build_report(with_hrv(diary, 60, last_week_shift=-0.5), person="x", end=END)
    text = content.section("Heart rate variability").text
    assert "is below the person's normal range" in text
    assert "(7 of 7 days)" in text and "60 days)" in text


def test_two_weeks_of_hrv_say_not_enough_data(diary):
    content = build_report(with_hrv(diary, 14), person="x", end=END)
    text = content.section("Heart rate variability").text
    assert "not enough data" in text and f"{MIN_RANGE_DAYS} are needed" in text
