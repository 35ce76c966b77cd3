"""Polar Sensor Logger RR/PPI and Elite HRV raw exports (realistic fixtures, HRV.md §4.2/§4.7)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from painscope.signals.analysis import analyse
from painscope.signals.beats import read_beats, sniff_beats
from painscope.signals.errors import SignalFormatError
from painscope.signals.rrfiles import read_elite_hrv, read_polar

POLAR = "Polar_H10_A1B2C3D4_20240301_070211_RR.txt"
ELITE = "2024-03-02 06-55-40.txt"


def test_polar_rr_stream(fixtures):
    s = read_polar(fixtures / POLAR)
    assert len(s) == 190
    assert (
        s.start == datetime(2024, 3, 1, 7, 2, 12, 278000)
        or s.start.date().isoformat() == "2024-03-01"
    )
    assert np.all(s.contiguous[1:])  # no dropout in this reading
    # BLE heart-rate service: 1/1024-s resolution rounded to ms (HRV.md §4.2).
    assert np.allclose(s.rr_ms, np.round(np.round(s.rr_ms / 1000 * 1024) / 1024 * 1000))
    doc = analyse(s)
    assert doc["overall"]["usable"]
    assert 50 < doc["overall"]["mean_hr_bpm"] < 75


def test_polar_dropout_breaks_successive_pairs(tmp_path):
    rows = ["Phone timestamp;RR-interval [ms]"]
    t = 0.0
    for i in range(120):
        if i == 60:
            t += 10.0  # 10 s of lost notifications
        t += 0.9
        rows.append(
            f"2024-03-01T07:00:{0:02d}.000;900".replace(
                "07:00:00", f"07:{int(t) // 60:02d}:{int(t) % 60:02d}"
            )
        )
    p = tmp_path / "x_RR.txt"
    p.write_text("\n".join(rows) + "\n")
    s = read_polar(p)
    assert np.count_nonzero(~s.contiguous) == 2  # the first interval and the one after the gap
    assert s.t_s[60] - s.t_s[59] > 9


def test_polar_ppi_blocker_rows_are_rejected(tmp_path):
    header = "Phone timestamp;PP-interval [ms];error estimate [ms];blocker;contact;contact supported;hr [bpm]"
    rows = [header] + [
        f"2024-03-01T07:00:{i:02d}.500;{950 + (i % 2) * 20};10;{1 if i == 10 else 0};1;1;62"
        for i in range(50)
    ]
    p = tmp_path / "Polar_Sense_X_PPI.txt"
    p.write_text("\n".join(rows))
    s = read_polar(p)
    assert np.flatnonzero(~s.normal).tolist() == [10]


def test_polar_bad_rows_name_the_line(tmp_path):
    p = tmp_path / "p_RR.txt"
    p.write_text("Phone timestamp;RR-interval [ms]\n2024-03-01T07:00:01.000;900\nyesterday;910\n")
    with pytest.raises(SignalFormatError, match=r"line 3, field 'Phone timestamp'"):
        read_polar(p)
    p.write_text("Time;HR\n1;2\n")
    with pytest.raises(SignalFormatError, match="not a Polar Sensor Logger"):
        read_polar(p)


def test_elite_hrv_reading_with_missed_and_extra_beats(fixtures):
    s = read_elite_hrv(fixtures / ELITE)
    assert s.start == datetime(2024, 3, 2, 6, 55, 40)
    doc = analyse(s)
    c = doc["correction"]
    assert c["n_missed"] >= 1 and c["n_extra"] >= 1
    assert 0 < c["artifacts_pct"] < 5
    assert doc["overall"]["usable"]


def test_formats_are_sniffed_from_content_and_name(fixtures, shared_data):
    assert sniff_beats(fixtures / POLAR) == "polar"
    assert sniff_beats(fixtures / ELITE) == "elitehrv"
    assert sniff_beats(fixtures / "rr_seconds.txt") == "rr"
    assert sniff_beats(shared_data / "fit" / "garmin-fenix-5-walk.fit") == "fit"
    series, fmt = read_beats(shared_data / "hrv" / "physionet-nsr2db" / "nsr004.ecg")
    assert fmt == "wfdb" and len(series) > 97_000
