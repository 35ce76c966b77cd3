"""An overnight beat recording (8 h of a chest strap) lands as ``hrv_rmssd_night``.

Rule (painscope.signals.wearable._overnight_rows): ≥ 2 h overlapping 00:00–06:00 local; mean
RMSSD of the usable 5-min windows; dated by the local day the recording ends.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from painscope.signals.hrv import time_domain
from painscope.signals.provenance import parse
from painscope.signals.wearable import read_wearable


def night_rr(hours: float, seed: int = 1) -> np.ndarray:
    """Synthetic sleep RR at 60 bpm: respiratory modulation ±30 ms (0.23 cycles per beat, about
    14 breaths/min) plus 20 ms white noise — L&T corrects about 1 % of it, like clean strap data."""
    rng = np.random.default_rng(seed)
    n = int(hours * 3600)
    beat = np.arange(n, dtype=float)
    return np.round(1000 + 30 * np.sin(2 * np.pi * 0.23 * beat) + 20 * rng.standard_normal(n))


def windows_in(note: str) -> tuple[int, int]:
    m = re.search(r"(\d+) of (\d+) usable", note)
    assert m, note
    return int(m.group(1)), int(m.group(2))


def elite_file(tmp_path: Path, name: str, rr: np.ndarray) -> Path:
    p = tmp_path / name
    p.write_text("\n".join(f"{v:.0f}" for v in rr) + "\n")
    return p


def test_an_eight_hour_night_gives_the_night_rmssd_on_the_morning_it_ends(tmp_path):
    rr = night_rr(8)
    r = read_wearable(elite_file(tmp_path, "2024-03-01 23-10-00.txt", rr), tz="Europe/Berlin")
    assert list(r.daily["name"]) == ["hrv_rmssd_night"]
    row = r.daily.iloc[0]
    assert row["timestamp"] == "2024-03-02T00:00:00+01:00"
    expected = time_domain(rr)["rmssd_ms"]
    assert row["value"] == pytest.approx(expected, rel=0.02)
    assert parse(row["note"]).source == "elitehrv"
    used, total = windows_in(row["note"])
    assert used == total == 95  # full 5-min windows in 8 h minus the last partial one


def test_a_noisy_hour_is_left_out_not_averaged_in(tmp_path):
    rr = night_rr(8)
    clean_value = read_wearable(elite_file(tmp_path, "2024-03-01 23-10-00.txt", rr)).daily["value"].iloc[0]
    bad = rr.copy()
    rng = np.random.default_rng(7)
    hour = slice(2 * 3600, 3 * 3600)
    bad[hour] = np.where(rng.random(3600) < 0.1, 3500.0, bad[hour])
    r = read_wearable(elite_file(tmp_path, "2024-03-02 23-10-00.txt", bad))
    assert r.daily["value"].iloc[0] == pytest.approx(clean_value, rel=0.03)
    used, total = windows_in(r.daily["note"].iloc[0])
    assert 12 <= total - used <= 16  # the noisy hour (12 windows) and its edges, nothing else
    assert any("windows left out" in w for w in r.warnings)


def test_a_mostly_unusable_night_gives_no_row(tmp_path):
    rr = night_rr(3)
    rng = np.random.default_rng(3)
    rr = np.where(rng.random(rr.size) < 0.1, 3500.0, rr)  # impossible intervals: rejected
    r = read_wearable(elite_file(tmp_path, "2024-03-01 23-10-00.txt", rr))
    assert r.daily.empty
    assert any("windows usable" in w for w in r.warnings)


@pytest.mark.parametrize(
    ("name", "hours"),
    [("2024-03-01 13-00-00.txt", 3), ("2024-03-01 23-10-00.txt", 1)],
    ids=["afternoon", "one-hour"],
)
def test_long_recordings_that_are_not_a_night_give_no_row(tmp_path, name, hours):
    r = read_wearable(elite_file(tmp_path, name, night_rr(hours)))
    assert r.daily.empty
    assert any("neither a short morning reading" in w for w in r.warnings)
    assert r.rr is not None
