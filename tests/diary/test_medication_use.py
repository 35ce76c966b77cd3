"""Run-out dates and as-needed summaries (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from painscope.diary.medication_use import MIN_PAIRS, as_needed_summary, run_out

LONDON = ZoneInfo("Europe/London")


def _now(y=2026, m=3, d=1, h=12):
    return datetime(y, m, d, h, tzinfo=UTC)


def test_twice_daily_with_ten_pills_runs_out_on_the_fifth_day():
    r = run_out(pills_left=10, pills_per_dose=1, as_needed=False, times=["08:00", "20:00"], weekdays=[],
                tz=LONDON, start=date(2026, 1, 1), stop=None, now=_now())
    # today 20:00 is the first dose; 10 doses: 1 Mar 20:00 ... 6 Mar 08:00
    assert r.date == date(2026, 3, 6) and r.doses_left == 10


def test_half_tablets_and_weekdays():
    # 3 pills, half a pill per dose, Mondays only: 6 doses = 6 Mondays
    r = run_out(pills_left=3, pills_per_dose=0.5, as_needed=False, times=["09:00"], weekdays=[1], tz=LONDON,
                start=date(2026, 1, 1), stop=None, now=_now())
    mondays = [date(2026, 3, 2) + timedelta(weeks=k) for k in range(6)]
    assert r.date == mondays[-1]


def test_run_out_crosses_the_spring_change_in_local_time():
    # Europe/London springs forward on 29 Mar 2026; "08:00" stays 08:00 local
    # at 07:30 UTC on the change day it is 08:30 BST: today's 08:00 dose (07:00 UTC) is past
    now = datetime(2026, 3, 29, 7, 30, tzinfo=UTC)
    r = run_out(pills_left=1, pills_per_dose=1, as_needed=False, times=["08:00"], weekdays=[], tz=LONDON,
                start=date(2026, 1, 1), stop=None, now=now)
    assert r.date == date(2026, 3, 30)
    r30 = run_out(pills_left=30, pills_per_dose=1, as_needed=False, times=["08:00"], weekdays=[], tz=LONDON,
                  start=date(2026, 1, 1), stop=None, now=now)
    assert r30.date == date(2026, 4, 28)


def test_schedule_that_ends_first_and_missing_counts_are_said():
    r = run_out(pills_left=100, pills_per_dose=1, as_needed=False, times=["08:00"], weekdays=[], tz=LONDON,
                start=date(2026, 1, 1), stop=date(2026, 3, 10), now=_now())
    assert r.date is None and "schedule's end" in r.reason
    assert "not recorded" in run_out(pills_left=None, pills_per_dose=1, as_needed=False, times=["08:00"], weekdays=[],
                                     tz=LONDON, start=date(2026, 1, 1), stop=None, now=_now()).reason
    empty = run_out(pills_left=0.5, pills_per_dose=1, as_needed=False, times=["08:00"], weekdays=[], tz=LONDON,
                    start=date(2026, 1, 1), stop=None, now=_now())
    assert empty.doses_left == 0 and empty.date == date(2026, 3, 1)


def test_as_needed_run_out_is_an_estimate_with_a_range():
    now = _now()
    taken = [now - timedelta(days=2 * k, hours=3) for k in range(14)]  # every other day
    r = run_out(pills_left=20, pills_per_dose=1, as_needed=True, times=[], weekdays=[], tz=LONDON,
                start=date(2026, 1, 1), stop=None, now=now, taken_at=taken)
    assert r.earliest < r.date < r.latest
    assert r.date == date(2026, 3, 1) + timedelta(days=40)
    few = run_out(pills_left=20, pills_per_dose=1, as_needed=True, times=[], weekdays=[], tz=LONDON,
                  start=date(2026, 1, 1), stop=None, now=now, taken_at=taken[:2])
    assert few.date is None and few.reason.startswith("not enough data yet")


def test_as_needed_summary_counts_parts_of_day_in_local_time():
    now = _now(2026, 6, 30, 23)
    # 12 evening doses at 19:30 London summer time = 18:30 UTC
    taken = [datetime(2026, 6, 1 + 2 * k, 18, 30, tzinfo=UTC) for k in range(12)]
    s = as_needed_summary(taken, [], LONDON, now, weeks=12)
    assert s.doses == 12 and s.parts_of_day["evening"] == 12
    assert s.per_week == 1.0 and s.per_week_range[0] < 1.0 < s.per_week_range[1]
    assert "not enough data yet" in s.sentence


def test_pain_before_and_after_needs_enough_pairs_and_says_it_is_not_proof():
    now = _now(2026, 6, 30, 23)
    taken = [datetime(2026, 6, 1 + k, 14, 0, tzinfo=UTC) for k in range(MIN_PAIRS + 2)]
    pain = []
    for t in taken:
        pain.append((t - timedelta(minutes=20), 7.0))
        pain.append((t + timedelta(hours=2), 4.0 + (t.day % 2)))
        pain.append((t + timedelta(hours=9), 6.0))  # outside the after-window
    s = as_needed_summary(taken, pain, LONDON, now)
    assert s.pairs == MIN_PAIRS + 2
    assert s.pain_before == 7.0 and 4.0 <= s.pain_after <= 5.0
    assert s.change_ci[0] <= s.change <= s.change_ci[1] < 0
    assert "not proof" in s.sentence
    few = as_needed_summary(taken[:3], pain, LONDON, now)
    assert few.change is None and "not enough data yet" in few.sentence
