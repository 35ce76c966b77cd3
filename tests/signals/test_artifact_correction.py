"""Lipponen & Tarvainen (2019) detection and correction on injected artefacts (HRV.md §6.4)."""

from __future__ import annotations

import numpy as np
import pytest

from painscope.signals.analysis import analyse
from painscope.signals.artifacts import clean, detect_lipponen2019
from painscope.signals.hrv import time_domain
from painscope.signals.series import RRSeries


@pytest.fixture(scope="module")
def clean_segment(shared_data):
    """10 minutes of real NN (pyHRV long sample) after correction: the 'truth'."""
    rr = np.load(shared_data / "hrv" / "pyhrv" / "SampleNNISeriesLong.npy")[1000:1800]
    cleaned, _ = clean(RRSeries.from_intervals(rr))
    return cleaned.rr_ms


def _inject(rr, kind, at):
    rr = list(rr)
    if kind == "missed":  # a beat not detected: two intervals merge
        rr[at : at + 2] = [rr[at] + rr[at + 1]]
    elif kind == "extra":  # a spurious beat: one interval split
        rr[at : at + 1] = [0.4 * rr[at], 0.6 * rr[at]]
    elif kind == "ectopic":  # premature beat: short then compensatory long
        rr[at], rr[at + 1] = 0.7 * rr[at], rr[at + 1] + 0.3 * rr[at]
    return np.asarray(rr)


@pytest.mark.parametrize("kind", ["missed", "extra", "ectopic"])
def test_injected_artefacts_are_found_and_rmssd_recovers(clean_segment, kind):
    truth = time_domain(clean_segment)["rmssd_ms"]
    spots = [100, 300, 500, 650]
    rr = clean_segment
    for at in reversed(spots):
        rr = _inject(rr, kind, at)
    masks = detect_lipponen2019(rr)
    found = np.flatnonzero(
        masks["ectopic"] | masks["missed"] | masks["extra"] | masks["long_short"]
    )
    # Each earlier missed (extra) beat shifts the later positions by -1 (+1).
    step = {"missed": -1, "extra": 1, "ectopic": 0}[kind]
    expected = [s + step * k for k, s in enumerate(spots)]
    hits = sum(any(abs(f - e) <= 1 for f in found) for e in expected)
    assert hits == len(spots), f"{kind}: found {found.tolist()}"
    corrupted = time_domain(rr)["rmssd_ms"]
    cleaned, report = clean(RRSeries.from_intervals(rr))
    assert abs(corrupted / truth - 1) > 0.10  # the artefacts matter...
    assert time_domain(cleaned)["rmssd_ms"] == pytest.approx(truth, rel=0.05)  # ...and are fixed
    assert report.n_corrected >= len(spots)


def test_missed_beat_correction_restores_the_beat_count(clean_segment):
    rr = _inject(clean_segment, "missed", 200)
    cleaned, report = clean(RRSeries.from_intervals(rr))
    assert report.n_missed >= 1
    assert len(cleaned) == len(rr) + report.n_missed - report.n_extra
    assert cleaned.rr_ms[200] + cleaned.rr_ms[201] == pytest.approx(rr[200])
    assert cleaned.corrected[200] and cleaned.corrected[201]
    assert cleaned.t_s[-1] == pytest.approx(rr.sum() / 1000)  # timing preserved


def test_corrected_share_is_reported_and_heavy_windows_are_flagged(clean_segment):
    rr = clean_segment.copy()
    for at in range(20, 120, 8):  # 13 ectopics in the first ~100 beats
        rr = _inject(rr, "ectopic", at)
    doc = analyse(RRSeries.from_intervals(rr), window_s=60, step_s=60)
    c = doc["correction"]
    assert c["n_ectopic"] + c["n_long_short"] >= 10
    first, last = doc["windows"][0], doc["windows"][-1]
    assert first["artifacts_pct"] > 5 and not first["usable"]
    assert "too_many_artifacts" in first["flags"]
    assert last["usable"]


def test_classification_counts_match_neurokit2_on_a_real_recording(shared_data):
    # NeuroKit2 0.2.13 signal_fixpeaks(method="Kubios", iterative=False) on the pyHRV long
    # sample (peaks at the cumulative sum, 1000 Hz) finds 11 ectopic, 3 missed, 0 extra and
    # 69 long/short beats (measured 2026-11-21, benchmarks note in docs/hrv.md).
    rr = np.load(shared_data / "hrv" / "pyhrv" / "SampleNNISeriesLong.npy")
    masks = detect_lipponen2019(rr)
    counts = {k: int(v.sum()) for k, v in masks.items()}
    assert counts == {"ectopic": 11, "missed": 3, "extra": 0, "long_short": 69}
