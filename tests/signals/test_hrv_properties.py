"""Invariants every time-domain metric must obey (HRV.md §6.1), checked with hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from painscope.signals.hrv import time_domain, window_metrics
from painscope.signals.series import RRSeries

rr_lists = st.lists(st.floats(400, 1500, allow_nan=False), min_size=5, max_size=300)


@settings(max_examples=60, deadline=None)
@given(rr_lists, st.floats(-300, 300))
def test_rmssd_and_sdnn_ignore_a_constant_shift(rr, shift):
    a, b = time_domain(rr), time_domain(np.asarray(rr) + shift)
    for key in ("rmssd_ms", "sdnn_ms", "sdsd_ms", "sd1_ms", "sd2_ms", "pnn50_pct"):
        assert np.isclose(a[key], b[key], rtol=1e-7, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(rr_lists, st.floats(0.5, 2.0))
def test_rmssd_and_sdnn_scale_with_the_intervals(rr, k):
    a, b = time_domain(rr), time_domain(np.asarray(rr) * k)
    assert np.isclose(b["rmssd_ms"], k * a["rmssd_ms"], rtol=1e-7, atol=1e-6)
    assert np.isclose(b["sdnn_ms"], k * a["sdnn_ms"], rtol=1e-7, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(rr_lists)
def test_pnn50_is_a_percentage_and_sd1_is_sdsd_over_root_two(rr):
    td = time_domain(rr)
    assert 0.0 <= td["pnn50_pct"] <= 100.0
    assert np.isclose(td["sd1_ms"], td["sdsd_ms"] / np.sqrt(2))
    # SD1 ~ RMSSD/sqrt 2; exactly equal when the mean difference is 0 (up to ddof).
    assert (
        td["sd1_ms"]
        <= td["rmssd_ms"] / np.sqrt(2) * np.sqrt(td["n_pairs"] / (td["n_pairs"] - 1)) + 1e-6
    )


def test_constant_series_has_no_variability():
    td = time_domain([900.0] * 50)
    assert td["rmssd_ms"] == 0.0 and td["sdnn_ms"] == 0.0 and td["pnn50_pct"] == 0.0
    assert np.isnan(td["ln_rmssd"])  # ln(0) is undefined, not -inf


def test_differences_never_span_a_gap():
    rr = np.array([800.0, 810, 820, 1500, 1510, 1520])
    s = RRSeries.from_intervals(rr)
    s.contiguous[3] = False  # recording resumed after a dropout
    td = time_domain(s)
    assert td["n_pairs"] == 4
    assert td["rmssd_ms"] == 10.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(500, 1200), min_size=200, max_size=600), st.integers(0, 10_000))
def test_vectorised_windows_equal_a_plain_loop(rr, seed):
    rng = np.random.default_rng(seed)
    s = RRSeries.from_intervals(rr)
    s.normal[rng.random(len(rr)) < 0.05] = False
    starts = rng.uniform(0, s.duration_s, 8)
    ends = starts + rng.uniform(5, 120, 8)
    got = window_metrics(s, starts, ends)
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        inside = (s.t_s >= a) & (s.t_s < b)
        idx = np.flatnonzero(inside)
        nn = s.rr_ms[idx][s.normal[idx]]
        pairs = [
            s.rr_ms[j] - s.rr_ms[j - 1]
            for j in idx[1:]
            if inside[j - 1] and s.normal[j] and s.normal[j - 1] and s.contiguous[j]
        ]
        if nn.size >= 2:
            assert np.isclose(got["mean_nn_ms"][i], nn.mean())
            assert np.isclose(got["sdnn_ms"][i], nn.std(ddof=1), atol=1e-6)
        if len(pairs) >= 2:
            d = np.asarray(pairs)
            assert np.isclose(got["rmssd_ms"][i], np.sqrt(np.mean(d**2)))
            assert np.isclose(got["sdsd_ms"][i], d.std(ddof=1), atol=1e-6)
        assert got["n_beats"][i] == nn.size
