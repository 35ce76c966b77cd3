"""Each time-domain convention pinned against a published or library value (HRV.md §5.3b)."""

from __future__ import annotations

import numpy as np
import pytest

from painscope.signals.hrv import time_domain


def test_rmssd_of_systole_docstring_vector():
    # systole hrv.rmssd docstring: [800, 850, 810, 720] -> 63.77042156569664
    assert time_domain([800, 850, 810, 720])["rmssd_ms"] == pytest.approx(
        63.77042156569664, abs=1e-9
    )


def test_sd2_uses_poincare_geometry_not_the_sdnn_sdsd_formula():
    # NeuroKit issue #281 vector: SD1 130.3041 (ddof=1); SD2 17.6777 with
    # std((RR_n + RR_n+1)/sqrt 2, ddof=1), 40.8248 with sqrt(2 SDNN^2 - SDSD^2/2).
    td = time_domain([125, 250, 100, 300])
    assert td["sd1_ms"] == pytest.approx(130.3041, abs=1e-4)
    assert td["sd2_ms"] == pytest.approx(17.6777, abs=1e-4)
    assert td["sd2_ms"] != pytest.approx(40.8248, abs=1e-2)


@pytest.fixture(scope="module")
def pyhrv_short(shared_data):
    return np.load(shared_data / "hrv" / "pyhrv" / "SampleNNISeriesShort.npy")


def test_pyhrv_short_sample_published_values(pyhrv_short):
    # pyhrv/files/SampleExport.json: nni_mean 888.9555, sdnn 95.6904, rmssd 101.3006,
    # nn50 163, pnn50 48.5119 (N-1 denominator), hr_mean 68.215 (mean of 60000/NN).
    td = time_domain(pyhrv_short)
    assert td["n_beats"] == 337
    assert td["mean_nn_ms"] == pytest.approx(888.9555, abs=1e-4)
    assert td["sdnn_ms"] == pytest.approx(95.6904, abs=1e-4)
    assert td["rmssd_ms"] == pytest.approx(101.3006, abs=1e-4)
    assert td["pnn50_pct"] == pytest.approx(48.5119, abs=1e-4)
    assert td["pnn50_pct"] * td["n_pairs"] / 100 == pytest.approx(163)
    assert td["mean_hr_bpm"] == pytest.approx(68.215, abs=1e-3)
    assert td["ln_rmssd"] == pytest.approx(np.log(101.3006), abs=1e-6)


def test_sdsd_is_sd_of_signed_differences_not_pyhrv_absolute(pyhrv_short):
    # HRV.md §2.3: correct SDSD 101.4517 vs pyHRV's std(|diff|) 68.97 on the same series.
    td = time_domain(pyhrv_short)
    assert td["sdsd_ms"] == pytest.approx(101.4517, abs=1e-4)
    assert td["sd1_ms"] == pytest.approx(71.7372, abs=1e-4)  # ddof=1 (0: 71.6304)


def test_pyhrv_long_sample_report_values(shared_data):
    # pyhrv/files/SampleReport.txt: 4,684 NN, mean 768.438, SDNN 85.357, RMSSD 60.523,
    # pNN50 28.571 %.
    td = time_domain(np.load(shared_data / "hrv" / "pyhrv" / "SampleNNISeriesLong.npy"))
    assert td["n_beats"] == 4684
    assert td["mean_nn_ms"] == pytest.approx(768.438, abs=1e-3)
    assert td["sdnn_ms"] == pytest.approx(85.357, abs=1e-3)
    assert td["rmssd_ms"] == pytest.approx(60.523, abs=1e-3)
    assert td["pnn50_pct"] == pytest.approx(28.571, abs=1e-3)


def test_pnn50_divides_by_successive_pairs_not_intervals():
    # 3 differences, one of them > 50 ms: 1/3 (N-1), not 1/4 (Task Force "N" / NeuroKit2).
    td = time_domain([800, 860, 870, 880])
    assert td["pnn50_pct"] == pytest.approx(100 / 3)


def test_exactly_50_ms_is_not_counted():
    assert time_domain([800, 850, 900])["pnn50_pct"] == 0.0


def test_metrics_need_two_intervals_and_two_pairs():
    td = time_domain([800, 810])
    assert td["mean_nn_ms"] == pytest.approx(805)
    assert np.isnan(td["rmssd_ms"]) and np.isnan(td["sdsd_ms"])
    assert np.isnan(time_domain([800])["mean_nn_ms"])
