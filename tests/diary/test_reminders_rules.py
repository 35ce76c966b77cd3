"""Reminder rules across daylight-saving changes (Europe/London, America/New_York)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from painscope.diary import reminders as r


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_daily_time_stays_local_across_spring_forward_in_london():
    s = r.Schedule.build(["08:00"], "Europe/London", date(2024, 3, 29))
    got = s.instants(utc(2024, 3, 29), utc(2024, 4, 2))
    # GMT (UTC+0) until Sunday 31 March 01:00 UTC, then BST (UTC+1).
    assert got == [utc(2024, 3, 29, 8), utc(2024, 3, 30, 8), utc(2024, 3, 31, 7), utc(2024, 4, 1, 7)]


def test_time_in_the_spring_gap_takes_the_offset_before_the_gap():
    # 01:30 does not exist in London on 31 March 2024: read with GMT it is 01:30 UTC = 02:30 BST.
    s = r.Schedule.build(["01:30"], "Europe/London", date(2024, 3, 30))
    got = s.instants(utc(2024, 3, 30), utc(2024, 4, 1, 12))
    assert got == [utc(2024, 3, 30, 1, 30), utc(2024, 3, 31, 1, 30), utc(2024, 4, 1, 0, 30)]
    # New York: 02:30 on 10 March 2024 does not exist; EST (UTC-5) before the gap → 07:30 UTC = 03:30 EDT.
    ny = r.Schedule.build(["02:30"], "America/New_York", date(2024, 3, 9))
    assert ny.instants(utc(2024, 3, 9), utc(2024, 3, 12)) == [
        utc(2024, 3, 9, 7, 30), utc(2024, 3, 10, 7, 30), utc(2024, 3, 11, 6, 30)]


def test_time_in_the_autumn_fold_fires_once_at_its_first_occurrence():
    # 01:30 happens twice in New York on 3 November 2024 (EDT then EST): the first, 05:30 UTC.
    s = r.Schedule.build(["01:30"], "America/New_York", date(2024, 11, 2))
    got = s.instants(utc(2024, 11, 2), utc(2024, 11, 5))
    assert got == [utc(2024, 11, 2, 5, 30), utc(2024, 11, 3, 5, 30), utc(2024, 11, 4, 6, 30)]
    london = r.Schedule.build(["01:30"], "Europe/London", date(2024, 10, 27))
    assert london.instants(utc(2024, 10, 27), utc(2024, 10, 28)) == [utc(2024, 10, 27, 0, 30)]


def test_every_n_days_counts_local_days_from_the_start_across_dst():
    s = r.Schedule.build(["09:00"], "America/New_York", date(2024, 3, 1), every_days=14)
    got = s.instants(utc(2024, 3, 1), utc(2024, 4, 1))
    assert [t.astimezone(r.zone("America/New_York")).strftime("%m-%d %H:%M") for t in got] == [
        "03-01 09:00", "03-15 09:00", "03-29 09:00"]
    assert got[0].hour == 14 and got[1].hour == 13  # EST then EDT


def test_weekdays_and_stop_day_are_respected():
    s = r.Schedule.build(["08:00", "20:00"], "UTC", date(2024, 1, 1), stop=date(2024, 1, 7), weekdays=[1, 3])
    assert s.instants(utc(2023, 12, 1), utc(2024, 2, 1)) == [
        utc(2024, 1, 1, 8), utc(2024, 1, 1, 20), utc(2024, 1, 3, 8), utc(2024, 1, 3, 20)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"times": []}, "times"), ({"times": ["8h"]}, "times"), ({"weekdays": [0]}, "weekdays"),
     ({"every_days": 0}, "every_days"), ({"tz": "Mars/Olympus"}, "timezone"),
     ({"stop": date(2023, 1, 1)}, "stop")],
)
def test_bad_schedules_name_the_field(kwargs, field):
    base = {"times": ["08:00"], "tz": "UTC", "start": date(2024, 1, 1)}
    with pytest.raises(r.ScheduleError) as err:
        r.Schedule.build(**{**base, **kwargs})
    assert err.value.field == field


def test_quiet_hours_across_midnight_release_at_their_end_even_on_a_dst_night():
    quiet = r.QuietHours(time(22), time(7), "Europe/London")
    assert quiet.contains(utc(2024, 3, 30, 23)) and not quiet.contains(utc(2024, 3, 30, 21))
    # 23:00 GMT on 30 March → released at 07:00 BST on 31 March = 06:00 UTC.
    assert quiet.release(utc(2024, 3, 30, 23)) == utc(2024, 3, 31, 6)
    # After midnight: released the same morning.
    assert quiet.release(utc(2024, 1, 10, 3)) == utc(2024, 1, 10, 7)
    assert quiet.release(utc(2024, 1, 10, 12)) == utc(2024, 1, 10, 12)
    assert r.QuietHours(time(0), time(0), "UTC").release(utc(2024, 1, 1, 3)) == utc(2024, 1, 1, 3)


def test_dose_reminders_ignore_quiet_hours_others_wait():
    quiet = r.QuietHours(time(22), time(7), "UTC")
    due = utc(2024, 1, 1, 23)
    assert r.send_time(due, quiet, r.DOSE) == due
    assert r.send_time(due, quiet, r.CHECKIN) == utc(2024, 1, 2, 7)


def test_snooze_comes_back_after_the_chosen_minutes_or_after_quiet_hours():
    now = utc(2024, 1, 1, 12)
    assert r.snooze_until(now, 10) == now + timedelta(minutes=10)
    quiet = r.QuietHours(time(12, 5), time(13), "UTC")
    assert r.snooze_until(now, 10, quiet) == utc(2024, 1, 1, 13)
    with pytest.raises(r.ScheduleError):
        r.snooze_until(now, 7)


def test_missed_rule_one_follow_up_then_missed():
    rule = r.MissedRule(follow_up=30, missed=90)
    due = utc(2024, 1, 1, 8)
    assert not r.needs_follow_up(due, due + timedelta(minutes=29), rule, r.OPEN, 0)
    assert r.needs_follow_up(due, due + timedelta(minutes=30), rule, r.OPEN, 0)
    assert not r.needs_follow_up(due, due + timedelta(minutes=40), rule, r.OPEN, 1)
    assert not r.needs_follow_up(due, due + timedelta(minutes=40), rule, r.TAKEN, 0)
    assert r.dose_outcome(due, due + timedelta(minutes=89), rule, None) == r.OPEN
    assert r.dose_outcome(due, due + timedelta(minutes=90), rule, None) == r.MISSED
    assert r.dose_outcome(due, due + timedelta(minutes=200), rule, r.TAKEN) == r.TAKEN
    with pytest.raises(r.ScheduleError) as err:
        r.MissedRule(follow_up=60, missed=30)
    assert err.value.field == "missed_after_minutes"


def test_state_machine_allows_only_forward_moves_and_lease_recovery():
    assert r.can_move(r.PENDING, r.QUEUED) and r.can_move(r.SENDING, r.QUEUED)
    assert not r.can_move(r.SENT, r.SENDING) and not r.can_move(r.ANSWERED, r.PENDING)
