"""``painscope hrv``: one JSON document on stdout, errors on stderr with exit code 2."""

from __future__ import annotations

import json

import pytest

from painscope.cli import main

KEYS = {
    "n_beats",
    "mean_nn_ms",
    "sdnn_ms",
    "rmssd_ms",
    "ln_rmssd",
    "sdsd_ms",
    "pnn50_pct",
    "sd1_ms",
    "sd2_ms",
    "mean_hr_bpm",
    "artifacts_pct",
}


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_wfdb_record_with_windows_as_json(capsys, nsr_dir):
    code, out, _ = _run(
        capsys,
        "hrv",
        str(nsr_dir / "nsr009"),
        "--annotation",
        "ecg",
        "--window",
        "300",
        "--step",
        "30",
        "--json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == "wfdb"
    assert set(doc["overall"]) >= KEYS
    w = doc["windows"]
    assert KEYS | {"start_s", "end_s", "usable", "flags"} <= set(w[0])
    # Seconds from the start of the recording: the first window starts at the first beat.
    first = doc["first_beat_s"]
    assert first == pytest.approx(225.0, abs=10)  # nsr009: first beat annotation at ~225 s (128 Hz)
    assert (w[0]["start_s"], w[0]["end_s"], w[1]["start_s"]) == (first, first + 300.0, first + 30.0)
    assert 25 < w[0]["rmssd_ms"] < 35  # nsr009 first window, toolbox 30.85 ms


def test_rr_file_text_report(capsys, fixtures):
    code, out, _ = _run(capsys, "hrv", str(fixtures / "rr_seconds.txt"))
    assert code == 0
    assert "rmssd_ms" in out and "rr" in out


def test_frequency_is_research_output_in_json(capsys, fixtures):
    code, out, _ = _run(
        capsys,
        "hrv",
        str(fixtures / "Polar_H10_A1B2C3D4_20240301_070211_RR.txt"),
        "--frequency",
        "--json",
    )
    assert code == 0
    freq = json.loads(out)["overall"]["frequency"]
    assert freq["research_only"] is True
    assert freq["hf_ms2"] > 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["hrv", "/no/such/file.txt"], "no such file"),
        (["hrv", "FIXTURE", "--step", "30"], "--step needs --window"),
        (["hrv", "FIXTURE", "--window", "-5"], "must be positive"),
    ],
)
def test_user_errors_go_to_stderr(capsys, fixtures, argv, message):
    argv = [str(fixtures / "rr_seconds.txt") if a == "FIXTURE" else a for a in argv]
    code, out, err = _run(capsys, *argv, "--json")
    assert code == 2 and out == ""
    assert message in err


def test_empty_file_is_an_error(capsys, tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("")
    code, out, err = _run(capsys, "hrv", str(p), "--json")
    assert code == 2 and out == "" and "empty" in err


def test_daily_summary_exports_are_pointed_to_wearable_inspect(capsys, fixtures):
    code, out, err = _run(capsys, "hrv", str(fixtures / "apple_health_export.xml"), "--json")
    assert code == 2 and out == ""
    assert "an Apple Health export" in err and "wearable inspect" in err
