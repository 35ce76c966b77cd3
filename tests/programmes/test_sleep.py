"""CBT-I sleep diary, efficiency, weekly titration of the window and the safety screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from painscope.programmes import sleep

HEADER = "night,bedtime,latency_min,waso_min,rise_time\n"


def diary(rows: list[tuple[str, int, int, str]], start: date = date(2026, 3, 1)) -> list[sleep.SleepNight]:
    text = HEADER + "".join(f"{start + timedelta(days=i)},{b},{lat},{waso},{r}\n" for i, (b, lat, waso, r) in enumerate(rows))
    return sleep.read_sleep_csv(text)


def test_efficiency_of_the_issue_example_is_time_asleep_over_time_in_bed():
    (night,) = diary([("23:00", 40, 60, "07:00")])
    assert night.time_in_bed_min == 480
    assert night.total_sleep_min == 380
    assert night.efficiency == pytest.approx(100 * 380 / 480)


@pytest.mark.parametrize(("se", "action", "window"), [
    (85.0, "extend", 375), (92.0, "extend", 375), (84.9, "hold", 360), (80.0, "hold", 360), (79.9, "shorten", 345),
])
def test_weekly_rule_at_its_thresholds(se, action, window):
    assert sleep.titrate(se, 360) == (action, window)


def test_window_never_goes_under_five_hours():
    assert sleep.titrate(50.0, 310) == ("shorten", 300)
    assert sleep.titrate(50.0, 300) == ("shorten", 300)


def test_first_week_is_the_baseline_and_the_window_starts_at_mean_sleep_time():
    plan = sleep.sleep_plan(diary([("23:00", 40, 60, "07:00")] * 7), "07:00")
    assert plan.weeks[0].baseline
    assert plan.window_minutes == 380
    assert plan.bedtime == "00:40"
    assert plan.action == "shorten"


def test_baseline_of_very_short_sleep_starts_at_the_five_hour_floor():
    plan = sleep.sleep_plan(diary([("22:00", 120, 300, "08:00")] * 7), "08:00")
    assert plan.window_minutes == 300
    assert plan.bedtime == "03:00"


def test_good_efficiency_in_week_two_extends_the_window_by_fifteen_minutes():
    # week 1: 380 of 480 min asleep (baseline); week 2 inside the new window, 95 % efficient
    rows = [("23:00", 40, 60, "07:00")] * 7 + [("00:40", 10, 9, "07:00")] * 7
    plan = sleep.sleep_plan(diary(rows), "07:00")
    assert [w.action for w in plan.weeks] == ["shorten", "extend"]
    assert plan.window_minutes == 395
    assert plan.bedtime == "00:25"
    assert plan.efficiency == pytest.approx(100 * (380 - 19) / 380)
    assert plan.nights_in_window == 7


def test_middling_efficiency_holds_and_a_sparse_week_holds_too():
    rows = [("23:00", 40, 60, "07:00")] * 7 + [("00:40", 30, 35, "07:00")] * 7  # 315/380 = 82.9 %
    assert sleep.sleep_plan(diary(rows), "07:00").action == "hold"
    nights = diary([("23:00", 40, 60, "07:00")] * 7 + [("00:40", 100, 100, "07:00")] * 2)
    plan = sleep.sleep_plan(nights, "07:00")
    assert plan.action == "hold" and plan.window_minutes == 380
    assert "at least 4" in plan.weeks[-1].note


def test_a_prescribed_window_makes_every_week_a_titration_week():
    plan = sleep.sleep_plan(diary([("23:00", 40, 60, "07:00")] * 7), "07:00", window=420)
    assert not plan.weeks[0].baseline
    assert plan.window_minutes == 405 and plan.action == "shorten"


def test_bad_rows_name_the_line_and_the_column():
    with pytest.raises(sleep.SleepDiaryError, match="line 3, column latency_min"):
        sleep.read_sleep_csv(HEADER + "2026-03-01,23:00,40,60,07:00\n2026-03-02,23:00,forty,60,07:00\n")
    with pytest.raises(sleep.SleepDiaryError, match="line 2, column night"):
        sleep.read_sleep_csv(HEADER + "2026-02-30,23:00,40,60,07:00\n")
    with pytest.raises(sleep.SleepDiaryError, match="line 2, column rise_time"):
        sleep.read_sleep_csv(HEADER + "2026-03-01,23:00,40,60,25:00\n")
    with pytest.raises(sleep.SleepDiaryError, match="line 2, column waso_min"):
        sleep.read_sleep_csv(HEADER + "2026-03-01,23:00,200,300,07:00\n")
    with pytest.raises(sleep.SleepDiaryError, match="line 3, column night: 2026-03-01 is already"):
        sleep.read_sleep_csv(HEADER + "2026-03-01,23:00,40,60,07:00\n2026-03-01,23:00,40,60,07:00\n")
    with pytest.raises(sleep.SleepDiaryError, match="line 1: missing column"):
        sleep.read_sleep_csv("night,bedtime,latency,waso_min,rise_time\n2026-03-01,23:00,40,60,07:00\n")
    with pytest.raises(sleep.SleepDiaryError, match="line 2: expected 5 values"):
        sleep.read_sleep_csv(HEADER + "2026-03-01,23:00,40,07:00\n")


def test_export_reads_back_the_same_nights():
    nights = diary([("23:00", 40, 60, "07:00"), ("22:45", 15, 30, "06:30")])
    assert sleep.read_sleep_csv(sleep.write_sleep_csv(nights)) == nights


def test_any_yes_or_unanswered_screening_question_stops_restriction():
    all_no = dict.fromkeys(sleep.SCREENING_QUESTIONS, False)
    assert sleep.screen(all_no).restriction_allowed
    for key in ("seizures", "bipolar", "apnoea", "drowsy_driving"):
        result = sleep.screen(all_no | {key: True})
        assert not result.restriction_allowed
        assert "clinician" in result.advice
    assert not sleep.screen({k: v for k, v in all_no.items() if k != "seizures"}).restriction_allowed


def test_no_window_is_ready_before_four_baseline_nights():
    plan = sleep.sleep_plan(diary([("23:00", 40, 60, "07:00")] * 3), "07:00")
    assert not plan.ready and plan.nights_needed == 1
    assert sleep.sleep_plan(diary([("23:00", 40, 60, "07:00")] * 4), "07:00").ready
    assert sleep.format_duration(380) == "6 h 20 min" and sleep.format_duration(360) == "6 h"
