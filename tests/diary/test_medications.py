"""Medication schedules and weekly adherence (painscope.diary.medications)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from painscope.diary.medications import (
    SKIPPED,
    TAKEN,
    DoseRecord,
    adherence_share,
    needs_refill,
    scheduled_doses,
    weekly_adherence,
)

LONDON = ZoneInfo("Europe/London")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_twice_daily_schedule_gives_two_doses_a_day_in_local_time():
    doses = scheduled_doses(["08:00", "20:00"], [], "Europe/Berlin", date(2024, 1, 1), None,
                            utc(2024, 1, 1), utc(2024, 1, 4))
    assert len(doses) == 6
    assert {d.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") for d in doses} == {"08:00", "20:00"}
    assert doses[0] == utc(2024, 1, 1, 7)  # 08:00 in Berlin is 07:00 UTC in winter


def test_morning_dose_stays_at_eight_local_across_daylight_saving_change():
    # UK clocks went forward on 31 March 2024.
    doses = scheduled_doses(["08:00"], [], LONDON, date(2024, 3, 1), None, utc(2024, 3, 30), utc(2024, 4, 1, 12))
    assert [d.hour for d in doses] == [8, 7, 7]  # UTC hour: 08 GMT, then 07 (08 BST)
    assert all(d.astimezone(LONDON).hour == 8 for d in doses)


def test_weekday_schedule_only_on_chosen_days():
    # 2024-01-01 was a Monday; a Monday/Thursday schedule over two weeks gives four doses.
    doses = scheduled_doses(["09:00"], [1, 4], "UTC", date(2024, 1, 1), None, utc(2024, 1, 1), utc(2024, 1, 15))
    assert [d.date() for d in doses] == [date(2024, 1, 1), date(2024, 1, 4), date(2024, 1, 8), date(2024, 1, 11)]


def test_start_and_stop_dates_bound_the_schedule():
    doses = scheduled_doses(["09:00"], [], "UTC", date(2024, 1, 3), date(2024, 1, 5), utc(2024, 1, 1), utc(2024, 1, 10))
    assert [d.day for d in doses] == [3, 4, 5]


def test_window_end_is_exclusive_and_naive_windows_are_refused():
    doses = scheduled_doses(["09:00"], [], "UTC", date(2024, 1, 1), None, utc(2024, 1, 1), utc(2024, 1, 2, 9))
    assert len(doses) == 1
    with pytest.raises(ValueError, match="time zone"):
        scheduled_doses(["09:00"], [], "UTC", date(2024, 1, 1), None, datetime(2024, 1, 1), utc(2024, 1, 2))
    with pytest.raises(ValueError, match="weekdays"):
        scheduled_doses(["09:00"], [0], "UTC", date(2024, 1, 1), None, utc(2024, 1, 1), utc(2024, 1, 2))


def test_weekly_adherence_counts_taken_skipped_and_unlogged():
    scheduled = scheduled_doses(["08:00"], [], "UTC", date(2024, 1, 1), None, utc(2024, 1, 1), utc(2024, 1, 15))
    logs = [DoseRecord(s + timedelta(minutes=20), TAKEN, s) for s in scheduled[:5]]
    logs.append(DoseRecord(scheduled[5], SKIPPED, scheduled[5]))
    # week 2: three taken an hour late without a scheduled time (matched by nearness)
    logs += [DoseRecord(s + timedelta(hours=1), TAKEN) for s in scheduled[7:10]]
    weeks = weekly_adherence(scheduled, logs, "UTC")
    assert [w.week_start for w in weeks] == [date(2024, 1, 1), date(2024, 1, 8)]
    first, second = weeks
    assert (first.scheduled, first.taken, first.skipped, first.unlogged) == (7, 5, 1, 1)
    assert first.share_taken == pytest.approx(5 / 7)
    assert (second.scheduled, second.taken, second.unlogged) == (7, 3, 4)
    assert adherence_share(weeks) == (8, 14, pytest.approx(8 / 14))


def test_extra_doses_never_push_adherence_above_everything_taken():
    scheduled = scheduled_doses(["08:00"], [], "UTC", date(2024, 1, 1), None, utc(2024, 1, 1), utc(2024, 1, 8))
    logs = [DoseRecord(s, TAKEN, s) for s in scheduled] + [DoseRecord(s + timedelta(hours=10), TAKEN) for s in scheduled]
    (week,) = weekly_adherence(scheduled, logs)
    assert week.share_taken == 1.0
    assert week.extra == 7


def test_week_without_schedule_has_no_share():
    (week,) = weekly_adherence([], [DoseRecord(utc(2024, 1, 3, 10), TAKEN)])
    assert week.scheduled == 0 and week.share_taken is None and week.extra == 1
    assert weekly_adherence([], []) == []


def test_refill_warning_at_or_below_threshold():
    assert needs_refill(9, 10)
    assert needs_refill(10, 10)
    assert not needs_refill(11, 10)
    assert not needs_refill(None, 10)
    assert not needs_refill(5, None)
