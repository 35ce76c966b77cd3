"""Every wearable format lands as daily diary rows, deterministically (realistic fixtures)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from painscope.signals.errors import SignalFormatError
from painscope.signals.wearable import read_wearable, sniff

FIX = Path(__file__).parent / "fixtures"


def _values(result, name):
    d = result.daily[result.daily.name == name]
    return dict(zip(d.timestamp.str[:10], d.value, strict=True))


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("apple_health_export.xml", "apple"),
        ("fitbit_takeout", "fitbit"),
        ("physiological_cycles.csv", "whoop"),
        ("oura_sleep.json", "oura"),
        ("daily_metrics.csv", "daily-csv"),
        ("Polar_H10_A1B2C3D4_20240301_070211_RR.txt", "polar"),
        ("2024-03-02 06-55-40.txt", "elitehrv"),
        ("rr_seconds.txt", "rr"),
    ],
)
def test_format_is_sniffed_from_content(path, fmt):
    assert sniff(FIX / path) == fmt


def test_apple_health_daily_measures():
    r = read_wearable(FIX / "apple_health_export.xml")
    # Two SDNN readings on 1 March (42.5 and 37.5; the second crosses midnight but starts 1 March).
    assert _values(r, "hrv_sdnn") == {"2024-03-01": 40.0, "2024-03-02": 55.0, "2024-03-31": 48.0}
    assert _values(r, "resting_hr") == {"2024-03-01": 58.0, "2024-03-02": 61.0}
    # Watch 1250+3500 beats iPhone 1200+3400 on 1 March: the larger source, never the sum.
    assert _values(r, "steps") == {"2024-03-01": 4750.0, "2024-03-02": 2100.0}
    # Union of asleep intervals 23:30-04:00 and 04:00-06:50 (InBed and Awake excluded).
    assert _values(r, "sleep_hours")["2024-03-02"] == pytest.approx(7 + 20 / 60, abs=1e-3)
    ts = r.daily.timestamp
    assert ts.str.endswith("+01:00").sum() == 7 and ts.iloc[-1] == "2024-03-31T00:00:00+02:00"
    assert "HKDataTypeSleepDurationGoal" not in r.daily.note.str.cat()


def test_apple_beats_are_anchored_across_midnight():
    r = read_wearable(FIX / "apple_health_export.xml")
    # 6:14:48.94 PM ... (4 intervals) then 23:59:58,50 -> 00:00:01,49 (3 intervals, new day).
    assert r.rr.rr_ms.tolist() == pytest.approx([860, 870, 840, 820, 980, 990, 1020])
    assert r.rr.contiguous.tolist() == [False, True, True, True, False, True, True]


def test_fitbit_takeout_folder():
    r = read_wearable(FIX / "fitbit_takeout", tz="Europe/Berlin")
    rm = _values(r, "hrv_rmssd_night")
    assert rm["2024-03-01"] == 38.412
    # 3 March has no summary row: mean of the details windows with coverage >= 0.6.
    assert rm["2024-03-03"] == pytest.approx((33.512 + 36.027 + 39.981) / 3, abs=1e-4)
    assert _values(r, "resting_hr") == {"2024-03-01": 58.61, "2024-03-03": 57.94}  # 0 = no estimate
    assert _values(r, "sleep_hours")["2024-03-02"] == pytest.approx(
        412 / 60, abs=1e-4
    )  # nap skipped
    assert _values(r, "steps") == {"2024-03-01": 1414.0, "2024-03-02": 87.0}
    assert r.daily.timestamp.str.endswith("+01:00").all()
    assert not r.warnings


def test_fitbit_without_tz_is_stamped_utc_with_a_warning():
    r = read_wearable(FIX / "fitbit_takeout")
    assert r.daily.timestamp.str.endswith("+00:00").all()
    assert any("no UTC offset" in w for w in r.warnings)


def test_whoop_cycles_are_dated_by_wake_onset_in_the_cycle_timezone():
    r = read_wearable(FIX / "physiological_cycles.csv")
    assert _values(r, "hrv_rmssd_night") == {"2024-03-02": 48.0, "2024-03-03": 36.0}
    assert _values(r, "sleep_hours")["2024-03-02"] == pytest.approx(422 / 60, abs=1e-4)
    assert r.daily.timestamp.str.endswith("-05:00").all()


def test_oura_long_sleep_only():
    r = read_wearable(FIX / "oura_sleep.json")
    assert _values(r, "hrv_rmssd_night") == {"2024-03-02": 46.0, "2024-03-03": 41.0}
    assert _values(r, "resting_hr") == {"2024-03-02": 51.0, "2024-03-03": 53.0}
    assert r.counts["naps_skipped"] == 1


def test_daily_csv_skips_blanks_and_reports_unknown_columns():
    r = read_wearable(FIX / "daily_metrics.csv", tz="+02:00")
    assert len(r.daily) == 8
    assert r.daily.timestamp.iloc[0] == "2024-03-01T00:00:00+02:00"
    assert any("mood_note" in w for w in r.warnings)


def test_short_strap_reading_gives_morning_hrv():
    r = read_wearable(FIX / "Polar_H10_A1B2C3D4_20240301_070211_RR.txt", tz="Europe/Berlin")
    rm, ln = _values(r, "hrv_rmssd_morning"), _values(r, "hrv_lnrmssd_morning")
    assert list(rm) == ["2024-03-01"]
    assert ln["2024-03-01"] == pytest.approx(__import__("math").log(rm["2024-03-01"]), abs=1e-4)
    assert r.rr is not None and len(r.rr) == 190


def test_fit_activity_gives_beats_but_no_daily_row(shared_data):
    r = read_wearable(shared_data / "fit" / "garmin-edge-820-bike.fit")
    assert r.format == "fit" and len(r.rr) == 126 and r.daily.empty
    assert any("activity" in w for w in r.warnings)


@pytest.mark.parametrize(
    "path",
    [
        "apple_health_export.xml",
        "fitbit_takeout",
        "physiological_cycles.csv",
        "oura_sleep.json",
        "daily_metrics.csv",
        "2024-03-02 06-55-40.txt",
    ],
)
def test_reimport_yields_identical_rows(path):
    a = read_wearable(FIX / path).daily
    b = read_wearable(FIX / path).daily
    pd.testing.assert_frame_equal(a, b)
    assert not a.duplicated(["timestamp", "kind", "name"]).any()
    assert list(a.columns) == ["timestamp", "kind", "name", "value", "unit", "note"]
    assert (a.kind == "measure").all()


@pytest.mark.parametrize(
    "path",
    [
        "apple_health_export.xml",
        "fitbit_takeout",
        "physiological_cycles.csv",
        "oura_sleep.json",
        "daily_metrics.csv",
        "Polar_H10_A1B2C3D4_20240301_070211_RR.txt",
    ],
)
def test_rows_pass_the_diary_validation(path):
    diary = pytest.importorskip("painscope.diary")
    frame = read_wearable(FIX / path, tz="Europe/Berlin").daily
    validated = diary.validate_frame(frame)
    assert len(validated) == len(frame)


def test_progress_reports_the_whole_file():
    seen = []
    read_wearable(
        FIX / "apple_health_export.xml", progress=lambda done, total: seen.append((done, total))
    )
    size = (FIX / "apple_health_export.xml").stat().st_size
    assert seen and seen[-1] == (size, size)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "cycles.csv",
            "Cycle start time,Cycle timezone,Heart rate variability (ms)\n2024-03-01 23:00:00,UTC+01:00,abc\n",
            r"line 2, field 'Heart rate variability \(ms\)'",
        ),
        (
            "cycles2.csv",
            "Cycle start time,Cycle timezone,Resting heart rate (bpm)\n2024-03-01 23:00:00,UTC+01:00,5600\n",
            "outside the plausible range",
        ),
        ("daily.csv", "date,steps\n2024-13-01,10\n", r"line 2, field 'date'"),
        ("daily2.csv", "date,steps\n2024-03-01,10\n2024-03-01,12\n", "appears twice"),
        ("daily3.csv", "date,foo\n2024-03-01,10\n", "no known measure columns"),
        (
            "oura.json",
            '{"data": [{"day": "2024-03-02", "average_hrv": "x"}]}',
            r"line 1, field 'average_hrv'",
        ),
        ("oura2.json", '{"data": [', "invalid JSON"),
        ("empty.csv", "", "empty"),
    ],
)
def test_bad_files_are_rejected_whole_with_the_place(tmp_path, name, text, message):
    p = tmp_path / name
    p.write_text(text)
    with pytest.raises(SignalFormatError, match=message):
        read_wearable(p)


def test_unknown_format_and_missing_file(tmp_path):
    with pytest.raises(SignalFormatError, match="unknown format"):
        read_wearable(FIX / "daily_metrics.csv", format="garmin-connect")
    with pytest.raises(SignalFormatError, match="no such file"):
        read_wearable(tmp_path / "nope.xml")
