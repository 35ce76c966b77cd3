"""Only normal-to-normal intervals count; other beat labels break the NN pairs."""

from __future__ import annotations

import numpy as np
import pytest

from painscope.signals.errors import SignalFormatError
from painscope.signals.hrv import time_domain
from painscope.signals.series import RRSeries
from painscope.signals.wfdb_io import read_wfdb


def test_ventricular_beat_removes_its_two_intervals_and_three_pairs():
    beats = np.cumsum([0, 0.8, 0.8, 0.5, 1.1, 0.8, 0.82])
    s = RRSeries.from_beat_times(beats, ["N", "N", "N", "V", "N", "N", "N"])
    assert s.normal.tolist() == [True, True, False, False, True, True]
    td = time_domain(s)
    assert td["n_beats"] == 4
    assert td["n_pairs"] == 2  # (1,2) and (5,6): nothing across the V beat
    assert td["rmssd_ms"] == pytest.approx(np.sqrt((0**2 + 20**2) / 2))


def test_non_beat_annotations_are_dropped():
    beats = [0.0, 0.8, 1.0, 1.6]
    s = RRSeries.from_beat_times(beats, ["N", "N", "~", "N"])
    assert s.rr_ms.tolist() == pytest.approx([800.0, 800.0])


def test_written_record_round_trips(tmp_path):
    import wfdb

    fs = 250
    beats = np.round(np.cumsum(np.r_[0.5, np.full(99, 0.8)]) * fs).astype(int)
    symbols = ["N"] * 100
    symbols[50] = "A"
    wfdb.wrann("rec", "atr", beats, symbol=symbols, fs=fs, write_dir=str(tmp_path))
    s = read_wfdb(tmp_path / "rec", "atr")
    assert len(s) == 99 and np.count_nonzero(~s.normal) == 2
    assert "first beat 0.500 s" in s.source


def test_real_record_labels(nsr_dir):
    s = read_wfdb(nsr_dir / "nsr001", "ecg")
    # 106,460 beats (N 106,379, V 68, A 13; '~' dropped) -> 106,459 intervals.
    assert len(s) == 106_459
    assert np.count_nonzero(~s.normal) <= 2 * (68 + 13)


def test_missing_and_corrupt_annotation_files_name_the_file(tmp_path):
    with pytest.raises(SignalFormatError, match="no annotation file"):
        read_wfdb(tmp_path / "nothing", "atr")
    (tmp_path / "bad.atr").write_bytes(b"\x01\x02\x03")
    with pytest.raises(SignalFormatError, match=r"bad\.atr"):
        read_wfdb(tmp_path / "bad", "atr")
