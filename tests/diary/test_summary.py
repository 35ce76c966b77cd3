"""The numbers on the overview page and the clinician report (painscope.diary.summary, pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from painscope import diary
from painscope.diary import summary as numbers


def diary_of(days: dict[date, list[float]], regions: dict[date, list[str]] | None = None) -> pd.DataFrame:
    """A canonical diary: for each day, one check-in per pain value (hours 8, 9, ...)."""
    records = []
    for day, pains in days.items():
        for k, pain in enumerate(pains):
            utc = datetime(day.year, day.month, day.day, 8 + k, tzinfo=UTC)
            records.append((utc, 0, diary.Observation("rating", "pain", pain)))
            if k == 0:
                for code in (regions or {}).get(day, []):
                    records.append((utc, 0, diary.Observation("region", code, 1)))
    return diary.sort_frame(diary.frame_from_records(records))


END = date(2024, 6, 30)


def test_mean_pain_weights_each_day_once_however_many_checkins():
    frame = diary_of({END - timedelta(days=i): ([2, 4, 6] if i == 0 else [5]) for i in range(5)})
    summary = numbers.pain_summary(diary.daily_table(frame), END, 7)
    # day means: 4, 5, 5, 5, 5
    assert summary.n_days == 5
    assert summary.mean == pytest.approx(4.8)
    assert summary.sd == pytest.approx(np.std([4, 5, 5, 5, 5], ddof=1))
    assert (summary.low, summary.high) == (4, 5)
    assert "average pain 4.8 out of 10 over 5 days" in summary.sentence()


def test_fewer_than_four_days_is_not_enough_data_yet():
    frame = diary_of({END - timedelta(days=i): [7] for i in range(3)})
    summary = numbers.pain_summary(diary.daily_table(frame), END, 30)
    assert not summary.enough and summary.mean is None and summary.n_days == 3
    assert summary.sentence().startswith("Not enough data yet")


def test_window_excludes_days_before_it():
    days = {END - timedelta(days=i): [9 if i >= 7 else 3] for i in range(20)}
    daily = diary.daily_table(diary_of(days))
    assert numbers.pain_summary(daily, END, 7).mean == pytest.approx(3)
    assert numbers.pain_summary(daily, END, 30).mean == pytest.approx((7 * 3 + 13 * 9) / 20)


def test_empty_diary_gives_not_enough_data_everywhere():
    daily = diary.daily_table(diary.empty_frame())
    assert not numbers.pain_summary(daily, END, 7).enough
    calendar = numbers.pain_calendar(daily, END, weeks=4)
    assert all(d.level == 0 for d in calendar.days)
    assert "No pain ratings" in calendar.sentence()
    assert numbers.region_shares(diary.empty_frame(), END, END)[0] == 0


def test_calendar_starts_on_a_monday_and_colours_by_pain_band():
    frame = diary_of({END: [8], END - timedelta(days=1): [1], END - timedelta(days=2): [5.5]})
    calendar = numbers.pain_calendar(diary.daily_table(frame), END, weeks=26)
    assert calendar.days[0].day.weekday() == 0
    assert calendar.days[-1].day == END
    assert len(calendar.days) == 25 * 7 + END.weekday() + 1
    levels = {d.day: d.level for d in calendar.days}
    assert levels[END] == 4  # 7-10 "severe" (Serlin 1995)
    assert levels[END - timedelta(days=1)] == 1
    assert levels[END - timedelta(days=2)] == 3
    assert levels[END - timedelta(days=3)] == 0
    assert "Highest day: Sun 30 Jun 2024: pain 8.0" in calendar.sentence()
    labels = calendar.week_labels
    assert len(labels) == 26 and labels.count("Jun") == 1 and labels.count("Jan") == 1
    assert calendar.days[0].day == date(2024, 1, 1) and labels[0] == "Jan"
    assert labels[1] == "" and labels[4] == "Feb"  # Thu 1 Feb 2024 is in the fifth week (29 Jan-4 Feb)
    june = next(m for m in calendar.months if m.month == date(2024, 6, 1))
    assert june.n_days == 3 and june.mean == pytest.approx((8 + 1 + 5.5) / 3)


def test_region_share_is_share_of_checkins_that_marked_it():
    regions = {END: ["neck", "lower_back"], END - timedelta(days=1): ["neck"], END - timedelta(days=2): []}
    frame = diary_of({END: [5], END - timedelta(days=1): [5], END - timedelta(days=2): [5], END - timedelta(days=3): [5]}, regions)
    n, shares = numbers.region_shares(frame, END - timedelta(days=3), END)
    by_code = {s.code: s for s in shares}
    assert n == 4
    assert by_code["neck"].count == 2 and by_code["neck"].share == pytest.approx(0.5)
    assert by_code["lower_back"].share == pytest.approx(0.25)
    assert by_code["neck"].level == 3 and by_code["lower_back"].level == 2
    assert by_code["knee_left"].count == 0 and by_code["knee_left"].level == 0
    assert shares[0].code == "neck"  # most often first
    assert len(shares) == len(diary.REGIONS)


def test_band_edges():
    assert numbers.band(None, numbers.PAIN_BANDS) == 0
    assert numbers.band(float("nan"), numbers.PAIN_BANDS) == 0
    assert [numbers.band(v, numbers.PAIN_BANDS) for v in (0, 2.4, 2.5, 4.5, 6.49, 6.5, 10)] == [1, 1, 2, 3, 3, 4, 4]


def test_person_today_follows_the_latest_check_in_when_it_is_later():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from painscope.diary.summary import person_today

    now = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    assert str(person_today(now, ZoneInfo("UTC"), None)) == "2026-12-06"
    assert str(person_today(now, ZoneInfo("UTC"), 60)) == "2026-12-07"  # a Berlin phone at 00:30
    assert str(person_today(now, ZoneInfo("Europe/Berlin"), -300)) == "2026-12-07"  # never earlier than the account's
