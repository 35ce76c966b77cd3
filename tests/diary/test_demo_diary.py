"""The demo diary never holds a check-in later than "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pandas as pd
import pytest

from painscope.diary.demo import demo_diary


@pytest.mark.parametrize("clock", ["00:05", "07:59", "08:30", "13:10", "20:45", "23:59"])
def test_no_demo_checkin_is_in_the_future(clock):
    hour, minute = map(int, clock.split(":"))
    now = datetime(2025, 3, 14, hour, minute, tzinfo=UTC)
    frame = demo_diary(21, now=now)
    assert len(frame) > 0
    assert frame["utc"].max() <= pd.Timestamp(now)


def test_the_diary_ends_today_and_the_default_now_is_the_present():
    before = datetime.now(UTC)
    frame = demo_diary(10)
    after = datetime.now(UTC)
    assert frame["utc"].max() <= pd.Timestamp(after)
    assert pd.Timestamp(frame["local_date"].max()) >= pd.Timestamp((before - timedelta(days=2)).date())


def test_a_now_in_another_time_zone_means_the_same_instant():
    now = datetime(2025, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=-5)))  # 14:00 UTC
    frame = demo_diary(7, end=date(2025, 3, 14), now=now)
    assert frame["utc"].max() <= pd.Timestamp(now)


def test_earlier_days_do_not_depend_on_the_time_of_day():
    early = demo_diary(30, end=date(2025, 3, 14), now=datetime(2025, 3, 14, 6, tzinfo=UTC))
    late = demo_diary(30, end=date(2025, 3, 14), now=datetime(2025, 3, 14, 23, 59, tzinfo=UTC))
    cut = pd.Timestamp(datetime(2025, 3, 13, 23, 59, tzinfo=UTC))
    before = early[early["utc"] < cut].reset_index(drop=True)
    assert len(before) > 0
    pd.testing.assert_frame_equal(before, late[late["utc"] < cut].reset_index(drop=True))


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        demo_diary(3, now=datetime(2025, 3, 14, 12))
