"""Frequency-domain HRV by Lomb–Scargle — **research output only, never a patient score**.

LF/HF is not "sympathovagal balance" (Task Force 1996 caveats; Billman 2013, *Front Physiol*
4:26; NeuroKit2's own documentation warns against that reading). painscope reports these numbers
in ``painscope hrv --frequency`` and research exports only; nothing patient-facing uses them.

Method
------
* Input: the NN intervals (ms) at the times of their ending beats — uneven sampling is what
  Lomb–Scargle is for, so no interpolation and gaps/rejected beats need no filling (the
  PhysioNet Cardiovascular Signal Toolbox also uses Lomb for its reference output).
* ``scipy.signal.lombscargle`` on the mean-removed series over a 0.001-Hz grid from 0.001 Hz to
  the mean Nyquist frequency 1 / (2 · mean NN).
* Scaling: the periodogram is scaled so that its integral over that range equals the variance
  of the NN series (Parseval). A sinusoid of amplitude A ms then has band power ≈ A²/2 ms²,
  which ``tests/signals/test_frequency_domain.py`` checks on synthetic series.
* Bands (Task Force 1996, Table 2): VLF 0.0033–0.04 Hz, LF 0.04–0.15 Hz, HF 0.15–0.4 Hz;
  normalised units LF / (LF + HF) × 100. LF needs ≥ 2 min of NN and HF ≥ 1 min (Task Force:
  10 × the wavelength of the band's lower bound, "about 1 min for HF, about 2 min for LF");
  VLF from < 5 min is "a dubious measure" and is reported only from ≥ 5 min.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from painscope.signals.series import RRSeries

BANDS_HZ = {"vlf": (0.0033, 0.04), "lf": (0.04, 0.15), "hf": (0.15, 0.4)}
MIN_DURATION_S = {"vlf": 300.0, "lf": 120.0, "hf": 60.0}
GRID_STEP_HZ = 0.001


def lomb_psd(t_s: np.ndarray, nn_ms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lomb–Scargle PSD (ms²/Hz) of NN intervals sampled at ``t_s``, scaled by Parseval."""
    from scipy.signal import lombscargle

    y = np.asarray(nn_ms, dtype=float) - np.mean(nn_ms)
    f_nyq = 1.0 / (2.0 * np.mean(nn_ms) / 1000.0)
    freqs = np.arange(GRID_STEP_HZ, f_nyq, GRID_STEP_HZ)
    p = lombscargle(np.asarray(t_s, dtype=float), y, 2 * np.pi * freqs, normalize=False)
    total = float(np.sum(p) * GRID_STEP_HZ)
    var = float(np.var(y))
    psd = p * (var / total) if total > 0 else np.zeros_like(p)
    return freqs, psd


def lomb_bands(series: RRSeries, start_s: float = -np.inf, end_s: float = np.inf) -> dict[str, Any]:
    """VLF/LF/HF power (ms²), LF/HF and normalised units for one block of a series.

    Returns
    -------
    dict
        ``research_only`` (always True), ``method``, ``vlf_ms2``, ``lf_ms2``, ``hf_ms2``,
        ``lf_hf``, ``lf_nu``, ``hf_nu``; a value is None when the block is too short for
        its band (module docstring) or has fewer than 16 NN intervals.
    """
    sel = (series.t_s >= start_s) & (series.t_s < end_s) & series.normal
    t, nn = series.t_s[sel], series.rr_ms[sel]
    out: dict[str, Any] = {
        "research_only": True,
        "method": "lomb-scargle (scipy), Parseval-scaled, Task Force bands",
        "vlf_ms2": None,
        "lf_ms2": None,
        "hf_ms2": None,
        "lf_hf": None,
        "lf_nu": None,
        "hf_nu": None,
    }
    if nn.size < 16:
        return out
    duration = float(np.sum(nn)) / 1000.0
    freqs, psd = lomb_psd(t, nn)
    for band, (lo, hi) in BANDS_HZ.items():
        if duration >= MIN_DURATION_S[band]:
            m = (freqs >= lo) & (freqs < hi)
            out[f"{band}_ms2"] = float(np.sum(psd[m]) * GRID_STEP_HZ)
    lf, hf = out["lf_ms2"], out["hf_ms2"]
    if lf is not None and hf is not None and lf + hf > 0:
        out["lf_hf"] = lf / hf if hf > 0 else None
        out["lf_nu"] = 100.0 * lf / (lf + hf)
        out["hf_nu"] = 100.0 * hf / (lf + hf)
    return out
