"""Impossible intervals are rejected beats, reported and never averaged in (HRV.md §2.5)."""

from __future__ import annotations

import numpy as np

from painscope.signals.analysis import analyse
from painscope.signals.artifacts import clean
from painscope.signals.series import RRSeries


def test_zero_and_ten_second_intervals_are_rejected_not_used():
    rr = np.r_[
        np.full(40, 800.0) + np.tile([0, 20], 20),
        0.0,
        np.full(40, 810.0),
        10_000.0,
        np.full(40, 790.0),
    ]
    cleaned, report = clean(RRSeries.from_intervals(rr), correct=False)
    assert report.n_rejected_limits == 2
    assert not cleaned.normal[40] and not cleaned.normal[81]
    doc = analyse(RRSeries.from_intervals(rr), correction="none")
    assert doc["overall"]["n_beats"] == rr.size - 2
    assert doc["overall"]["mean_nn_ms"] < 810  # the 10-s "interval" is not in the mean
    # No successive difference spans a rejected beat: 800->0 and 0->810 are both gone.
    assert doc["overall"]["n_pairs"] == rr.size - 1 - 4


def test_nan_intervals_are_rejected():
    rr = np.r_[np.full(60, 900.0), np.nan, np.full(60, 905.0)]
    _, report = clean(RRSeries.from_intervals(rr))
    assert report.n_rejected_limits == 1
    assert np.isfinite(analyse(RRSeries.from_intervals(rr))["overall"]["rmssd_ms"])


def test_short_reading_is_flagged_too_short():
    doc = analyse(RRSeries.from_intervals(np.full(40, 1000.0) + np.tile([0, 30], 20)))
    assert doc["overall"]["flags"] == ["too_short"] and not doc["overall"]["usable"]
