"""Time-domain HRV metrics in NumPy, with every convention written down.

Conventions (HRV.md §2.5; pinned by ``tests/signals/test_time_domain_conventions.py``):

=============  ==================================================================================
n_beats        number of NN intervals used (intervals, not R peaks)
mean_nn_ms     mean(NN)
sdnn_ms        std(NN, ddof=1) — sample SD, as NeuroKit2, hrv-analysis, pyHRV and systole
rmssd_ms       sqrt(mean(Δ²)) over the N−1 successive NN differences (Task Force 1996, Table 1)
ln_rmssd       natural log of RMSSD in ms (Plews et al. 2014; basis of the morning baseline)
sdsd_ms        std(Δ, ddof=1) of the *signed* differences (not std(|Δ|), the pyHRV bug)
pnn50_pct      100 × count(|Δ| > 50 ms) / number of successive pairs (N−1, as hrv-analysis,
               pyHRV, systole and Kubios; the Task Force wording divides by N, NeuroKit2 by N)
sd1_ms         sqrt(½·var(Δ, ddof=1)) = std(Δ/√2, ddof=1) (NeuroKit2; Brennan et al. 2001)
sd2_ms         std((NN_n + NN_n+1)/√2, ddof=1) — the Poincaré-geometry definition of pyHRV and
               NeuroKit2 (NeuroKit issue #281); on [125, 250, 100, 300] it gives 17.6777
mean_hr_bpm    mean of the instantaneous rates 60000/NN (pyHRV's hr_mean; 68.215 on its short sample)
=============  ==================================================================================

Δ is taken only between two NN intervals that directly follow each other (never across a gap
or a rejected / non-normal beat). Windows are computed for all windows at once from cumulative
sums, so 2,800 overlapping windows over a 24-h recording cost a few array operations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from painscope.signals.series import RRSeries

#: Metric keys, in the order they are reported.
METRICS = (
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
)

_SQRT2 = np.sqrt(2.0)


def _csum(values: np.ndarray) -> np.ndarray:
    out = np.zeros(values.size + 1, dtype=float)
    np.cumsum(values, out=out[1:])
    return out


def _sd(s1: np.ndarray, s2: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Sample SD (ddof=1) from the sums of centred values and of their squares."""
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (s2 - s1 * s1 / n) / (n - 1)
        # Differences of cumulative sums leave ~1e-12 relative rounding; below that scale the
        # variance is zero (a constant run), not sqrt(rounding noise).
        var = np.where(var <= 1e-10 * (s2 / n), 0.0, var)
    return np.sqrt(var)


def window_metrics(
    series: RRSeries,
    starts_s: Sequence[float] | np.ndarray,
    ends_s: Sequence[float] | np.ndarray,
) -> dict[str, np.ndarray]:
    """Time-domain metrics for many windows at once.

    An interval belongs to the window ``[start, end)`` when the beat that ends it does; a
    successive difference belongs to it when both of its intervals do.

    Parameters
    ----------
    series : RRSeries
        Intervals after cleaning (see :func:`painscope.signals.artifacts.clean`).
    starts_s, ends_s : array_like
        Window bounds in seconds from the first beat.

    Returns
    -------
    dict of str to ndarray
        One array per key of :data:`METRICS` plus ``n_pairs`` (successive NN differences),
        ``nn_duration_s`` (sum of the NN intervals) and ``n_intervals`` (all intervals in the
        window, usable or not). Metrics are NaN when fewer than 2 NN intervals (for
        interval-based metrics) or 2 successive pairs (for difference-based metrics) exist.
        ``artifacts_pct`` = 100 × (intervals rejected, non-normal or corrected) / all intervals.
    """
    starts = np.asarray(starts_s, dtype=float).ravel()
    ends = np.asarray(ends_s, dtype=float).ravel()
    rr, t = series.rr_ms, series.t_s
    use = series.normal
    # Centring on a reference before the cumulative sums keeps the variance exact to ~1e-12
    # relative even over 100,000 beats (sum-of-squares cancellation otherwise).
    ref = float(np.mean(rr[use])) if np.any(use) else 0.0
    xc = np.where(use, rr - ref, 0.0)
    lo = np.searchsorted(t, starts, side="left")
    hi = np.searchsorted(t, ends, side="left")

    c_n = _csum(use.astype(float))
    c_x = _csum(xc)
    c_xx = _csum(xc * xc)
    with np.errstate(divide="ignore"):
        inst_hr = np.where(use, 60000.0 / np.where(use, rr, 1.0), 0.0)
    c_hr = _csum(inst_hr)
    c_dur = _csum(np.where(use, rr, 0.0))
    flagged = (~series.normal) | series.corrected
    c_flag = _csum(flagged.astype(float))

    n = c_n[hi] - c_n[lo]
    s1 = c_x[hi] - c_x[lo]
    s2 = c_xx[hi] - c_xx[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_nn = np.where(n >= 2, ref + s1 / n, np.nan)
        sdnn = np.where(n >= 2, _sd(s1, s2, n), np.nan)
        mean_hr = np.where(n >= 2, (c_hr[hi] - c_hr[lo]) / n, np.nan)

    # Pair k is between intervals k and k+1; it lies in the window when both intervals do,
    # i.e. k in [lo, hi - 1).
    pv = series.successive_pairs()
    a, b = rr[:-1], rr[1:]
    d = np.where(pv, b - a, 0.0) if rr.size >= 2 else np.zeros(0)
    s_pair = np.where(pv, (a + b) / _SQRT2 - ref * _SQRT2, 0.0) if rr.size >= 2 else np.zeros(0)
    c_m = _csum(pv.astype(float))
    c_d = _csum(d)
    c_dd = _csum(d * d)
    c_50 = _csum((np.abs(d) > 50.0) & pv)
    c_s = _csum(s_pair)
    c_ss = _csum(s_pair * s_pair)
    plo = np.minimum(lo, max(rr.size - 1, 0))
    phi = np.clip(hi - 1, plo, max(rr.size - 1, 0))
    m = c_m[phi] - c_m[plo]
    d1 = c_d[phi] - c_d[plo]
    d2 = c_dd[phi] - c_dd[plo]
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = m >= 2
        rmssd = np.where(ok, np.sqrt(d2 / m), np.nan)
        sdsd = np.where(ok, _sd(d1, d2, m), np.nan)
        pnn50 = np.where(ok, 100.0 * (c_50[phi] - c_50[plo]) / m, np.nan)
        sd2 = np.where(ok, _sd(c_s[phi] - c_s[plo], c_ss[phi] - c_ss[plo], m), np.nan)
        ln_rmssd = np.where(ok & (rmssd > 0), np.log(np.where(rmssd > 0, rmssd, 1.0)), np.nan)
        n_all = (hi - lo).astype(float)
        artifacts = np.where(n_all > 0, 100.0 * (c_flag[hi] - c_flag[lo]) / n_all, np.nan)

    return {
        "n_beats": n.astype(int),
        "mean_nn_ms": mean_nn,
        "sdnn_ms": sdnn,
        "rmssd_ms": rmssd,
        "ln_rmssd": ln_rmssd,
        "sdsd_ms": sdsd,
        "pnn50_pct": pnn50,
        "sd1_ms": sdsd / _SQRT2,
        "sd2_ms": sd2,
        "mean_hr_bpm": mean_hr,
        "artifacts_pct": artifacts,
        "n_pairs": m.astype(int),
        "nn_duration_s": (c_dur[hi] - c_dur[lo]) / 1000.0,
        "n_intervals": (hi - lo).astype(int),
    }


def time_domain(rr_ms: Sequence[float] | np.ndarray | RRSeries) -> dict[str, float]:
    """Time-domain HRV of one NN series (no cleaning, no quality gate).

    Parameters
    ----------
    rr_ms : array_like or RRSeries
        Consecutive NN intervals in milliseconds (already cleaned), or a series whose
        ``normal``/``contiguous`` flags say which differences are valid.

    Returns
    -------
    dict
        The keys of :data:`METRICS` (conventions in the module docstring) plus ``n_pairs``
        and ``nn_duration_s``. NaN where the metric needs more intervals than given.

    Examples
    --------
    >>> round(time_domain([800, 850, 810, 720])["rmssd_ms"], 6)  # systole docstring value
    63.770422
    """
    series = rr_ms if isinstance(rr_ms, RRSeries) else RRSeries.from_intervals(rr_ms)
    out = window_metrics(series, [-np.inf], [np.inf])
    return {k: (int(v[0]) if v.dtype.kind == "i" else float(v[0])) for k, v in out.items()}


#: Most windows one analysis lays (300-s windows every 30 s over a week: 20,160). A file whose
#: beat times span months (a phone clock jump) would otherwise ask for millions.
MAX_WINDOWS = 50_000


def window_bounds(duration_s: float, window_s: float, step_s: float | None = None) -> np.ndarray:
    """Start times of the full-length windows ``[s, s + window_s)`` covering a recording.

    Windows start at 0 s (the first beat) and every ``step_s`` seconds (default: no overlap,
    ``step_s = window_s``); only windows that end at or before the last beat are returned,
    as in the PhysioNet Cardiovascular Signal Toolbox (300-s windows, 30-s increments).
    More than :data:`MAX_WINDOWS` windows is a ``ValueError`` naming the limit.
    """
    if window_s <= 0:
        raise ValueError(f"window must be positive (got {window_s} s)")
    step = window_s if step_s is None else step_s
    if step <= 0:
        raise ValueError(f"step must be positive (got {step} s)")
    if not np.isfinite(duration_s) or not np.isfinite(window_s) or not np.isfinite(step):
        raise ValueError(f"windows need finite times (duration {duration_s} s, window {window_s} s)")
    count = int(np.floor((duration_s - window_s) / step + 1e-9)) + 1
    if count > MAX_WINDOWS:
        raise ValueError(
            f"{count:,} windows of {window_s:g} s every {step:g} s over {duration_s / 3600:.1f} h "
            f"is more than {MAX_WINDOWS:,}: use a longer step or window"
        )
    return np.arange(max(count, 0), dtype=float) * step
