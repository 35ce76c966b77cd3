"""Artefact and ectopic-beat detection and correction for RR series.

Two steps, both reported (never silent):

1. **Physiological limits** — intervals ≤ 0 ms or > 3000 ms are rejected before detection;
   after correction, intervals outside 300–2000 ms (200–30 bpm; the limits of
   HRV.md §2.5 and hrv-analysis's ``remove_outliers`` defaults) are *rejected*: they stay in
   the series (they occupy time) but are excluded from every metric and break the successive
   pairs around them. A 0-ms or a 10,000-ms "interval" is therefore a documented rejection,
   not a crash.
2. **Lipponen & Tarvainen (2019)** — the classification behind Kubios "automatic correction"
   (Lipponen JA, Tarvainen MP. A robust algorithm for heart rate variability time series
   artefact correction using novel beat classification. *J Med Eng Technol* 2019;43(3):173–181).
   dRR and the deviation from an 11-beat running median (mRR, negative deviations doubled) are
   normalised by time-varying thresholds = 5.2 × the quartile deviation of their absolute
   values over 91 beats; beats are then classified as ectopic (subspace S1 with c1 = 0.13,
   c2 = 0.17), long/short (S2, |mRR| > 3), missed or extra. The constants are those of the
   paper as implemented in NeuroKit2's ``signal_fixpeaks(method="Kubios")`` (MIT), whose
   classification flow this module follows in vectorised form.

Corrections, on the interval series: an *extra* beat is removed (its two intervals merged),
a *missed* beat is inserted (the interval split in two equal halves), an *ectopic* beat is
moved to the midpoint of its neighbours (the short–long pair replaced by two equal intervals,
preserving the time of the following beat), a *long/short* interval is replaced by linear
interpolation from the nearest unflagged neighbours. Every changed interval is marked
``corrected``; the share of corrected/rejected intervals is reported as ``artifacts_pct``
and windows above a cap (5 %, HRV.md §2.4 / §6.4) are flagged as not usable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from painscope.signals.series import RRSeries

#: Physiological limits in ms (HRV.md §2.5): 300 ms = 200 bpm, 2000 ms = 30 bpm.
RR_MIN_MS = 300.0
RR_MAX_MS = 2000.0
#: Longest interval passed to the artefact detector: a missed beat at 40 bpm (2 × 1500 ms).
DETECTION_MAX_MS = 3000.0

# Lipponen & Tarvainen 2019 constants (paper; NeuroKit2 signal_fixpeaks defaults).
_C1 = 0.13
_C2 = 0.17
_ALPHA = 5.2
_WINDOW = 91
_MEDFILT = 11


@dataclass
class ArtifactReport:
    """What cleaning did to a series (all counts are intervals)."""

    n_input: int
    n_rejected_limits: int
    n_ectopic: int
    n_missed: int
    n_extra: int
    n_long_short: int
    n_output: int
    n_corrected: int
    n_excluded: int

    @property
    def artifacts_pct(self) -> float:
        """100 × (corrected + excluded) / intervals after cleaning."""
        if self.n_output == 0:
            return float("nan")
        return 100.0 * (self.n_corrected + self.n_excluded) / self.n_output

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n_input": self.n_input,
            "n_rejected_limits": self.n_rejected_limits,
            "n_ectopic": self.n_ectopic,
            "n_missed": self.n_missed,
            "n_extra": self.n_extra,
            "n_long_short": self.n_long_short,
            "n_corrected": self.n_corrected,
            "n_excluded": self.n_excluded,
            "artifacts_pct": self.artifacts_pct,
        }


def _threshold(values: np.ndarray) -> np.ndarray:
    """5.2 × quartile deviation of |values| over a centred 91-beat window (L&T 2019, eq. 2)."""
    s = pd.Series(np.abs(values))
    roll = s.rolling(_WINDOW, center=True, min_periods=1)
    q1 = roll.quantile(0.25).to_numpy()
    q3 = roll.quantile(0.75).to_numpy()
    return _ALPHA * (q3 - q1) / 2.0


def detect_lipponen2019(rr_ms: np.ndarray) -> dict[str, np.ndarray]:
    """Classify the intervals of a gap-free RR sequence (Lipponen & Tarvainen 2019).

    Parameters
    ----------
    rr_ms : ndarray
        Consecutive intervals (any unit; the method is scale-free).

    Returns
    -------
    dict of str to ndarray of bool
        ``ectopic``, ``missed``, ``extra``, ``long_short`` — one mask per type, indexed like
        ``rr_ms``. ``ectopic[i]`` marks the beat ending interval ``i`` (short–long pair
        ``i``, ``i + 1`` or the reverse).
    """
    rr = np.asarray(rr_ms, dtype=float)
    n = rr.size
    masks = {k: np.zeros(n, dtype=bool) for k in ("ectopic", "missed", "extra", "long_short")}
    if n < 4:
        return masks
    drrs = np.empty(n)
    drrs[1:] = np.diff(rr)
    drrs[0] = np.mean(drrs[1:])
    th1 = _threshold(drrs)
    with np.errstate(divide="ignore", invalid="ignore"):
        drrs = np.where(th1 > 0, drrs / th1, 0.0)
    pad = np.pad(drrs, 2, mode="reflect")
    prev, nxt, nxt2 = pad[1 : n + 1], pad[3 : n + 3], pad[4 : n + 4]
    s12 = np.where(drrs > 0, np.maximum(prev, nxt), np.where(drrs < 0, np.minimum(prev, nxt), 0.0))
    s22 = np.where(drrs >= 0, np.minimum(nxt, nxt2), np.maximum(nxt, nxt2))
    medrr = pd.Series(rr).rolling(_MEDFILT, center=True, min_periods=1).median().to_numpy()
    mrrs = rr - medrr
    mrrs = np.where(mrrs < 0, 2.0 * mrrs, mrrs)
    th2 = _threshold(mrrs)
    with np.errstate(divide="ignore", invalid="ignore"):
        mrrs = np.where(th2 > 0, mrrs / th2, 0.0)

    # Only beats with |dRR| > 1 can be artefacts (figure 1 of the paper); loop over those.
    candidates = np.flatnonzero(np.abs(drrs[: n - 2]) > 1)
    for i in candidates:
        d = drrs[i]
        if (d > 1 and s12[i] < -_C1 * d - _C2) or (d < -1 and s12[i] > -_C1 * d + _C2):
            masks["ectopic"][i] = True
            continue
        js = [i]
        if abs(drrs[i + 1]) < abs(drrs[i + 2]):
            js.append(i + 1)
        for j in js:
            if j + 1 >= n:
                continue
            long_ = drrs[j] > 1 and s22[j] < -1
            short = drrs[j] < -1 and s22[j] > 1
            far = abs(mrrs[j]) > 3
            if not (long_ or short or far):
                continue
            if short and abs(rr[j] + rr[j + 1] - medrr[j]) < th2[j]:
                masks["extra"][j] = True
            elif long_ and abs(rr[j] / 2 - medrr[j]) < th2[j]:
                masks["missed"][j] = True
            else:
                masks["long_short"][j] = True
    return masks


def clean(
    series: RRSeries,
    *,
    correct: bool = True,
    limits_ms: tuple[float, float] = (RR_MIN_MS, RR_MAX_MS),
) -> tuple[RRSeries, ArtifactReport]:
    """Reject out-of-range intervals and detect/correct artefacts (see the module docstring).

    Parameters
    ----------
    series : RRSeries
        Raw intervals.
    correct : bool
        Run Lipponen & Tarvainen detection and correction (default). With ``False`` only the
        physiological limits are applied.
    limits_ms : (float, float)
        Physiological limits; intervals outside are rejected.

    Returns
    -------
    (RRSeries, ArtifactReport)
        A new series (the input is not modified) and what was done.
    """
    rr = series.rr_ms.copy()
    t = series.t_s.copy()
    normal = series.normal.copy()
    contiguous = series.contiguous.copy()
    corrected = series.corrected.copy()
    n_in = rr.size
    finite = np.isfinite(rr)
    rr = np.where(finite, rr, 0.0)
    # Detection sees every interval that could be a beat-detection error (a missed beat at
    # 40 bpm lasts 3 s, an extra beat splits an interval below 300 ms); the 300–2000 ms limits
    # apply to what is left after correction.
    impossible = ~finite | (rr <= 0) | (rr > DETECTION_MAX_MS)
    n_limits = int(np.count_nonzero(impossible & normal))
    normal &= ~impossible

    counts = {"ectopic": 0, "missed": 0, "extra": 0, "long_short": 0}
    if correct and np.count_nonzero(normal) >= 4:
        idx = np.flatnonzero(normal)
        masks = detect_lipponen2019(rr[idx])
        # A correction may only combine two intervals that are both usable and adjacent.
        nxt_ok = np.zeros(idx.size, dtype=bool)
        nxt_ok[:-1] = (idx[1:] == idx[:-1] + 1) & contiguous[idx[1:]]
        drop = np.zeros(rr.size, dtype=bool)
        split = np.zeros(rr.size, dtype=bool)
        interp = np.zeros(rr.size, dtype=bool)
        for k in np.flatnonzero(masks["ectopic"]):
            a = idx[k]
            if nxt_ok[k]:
                mid = (rr[a] + rr[a + 1]) / 2.0
                rr[a] = rr[a + 1] = mid
                t[a] = t[a + 1] - mid / 1000.0
                corrected[a] = corrected[a + 1] = True
            else:
                normal[a] = False
            counts["ectopic"] += 1
        for k in np.flatnonzero(masks["extra"]):
            a = idx[k]
            if nxt_ok[k] and not drop[a]:
                rr[a + 1] = rr[a] + rr[a + 1]
                corrected[a + 1] = True
                drop[a] = True
                contiguous[a + 1] = contiguous[a]
            else:
                normal[a] = False
            counts["extra"] += 1
        for k in np.flatnonzero(masks["missed"]):
            split[idx[k]] = True
            counts["missed"] += 1
        for k in np.flatnonzero(masks["long_short"]):
            interp[idx[k]] = True
            counts["long_short"] += 1
        if interp.any():
            good = normal & ~interp & ~drop & ~corrected
            gi = np.flatnonzero(good)
            bad = np.flatnonzero(interp)
            if gi.size >= 2:
                rr[bad] = np.interp(t[bad], t[gi], rr[gi])
                corrected[bad] = True
            else:
                normal[bad] = False
        keep = ~drop
        if split.any():
            reps = np.where(split, 2, 1)[keep]
            rr_k, t_k = rr[keep], t[keep]
            sp = split[keep]
            rr_new = np.repeat(np.where(sp, rr_k / 2.0, rr_k), reps)
            # The inserted beat sits half-way through the long interval.
            t_first = np.where(sp, t_k - rr_k / 2000.0, t_k)
            t_new = np.repeat(t_k, reps)
            first_of = np.cumsum(reps) - reps
            t_new[first_of] = t_first
            normal_new = np.repeat(normal[keep], reps)
            contiguous_new = np.repeat(contiguous[keep], reps)
            contiguous_new[first_of[sp] + 1] = True
            corrected_new = np.repeat(corrected[keep] | split[keep], reps)
            rr, t, normal, contiguous, corrected = (
                rr_new,
                t_new,
                normal_new,
                contiguous_new,
                corrected_new,
            )
        else:
            rr, t, normal, contiguous, corrected = (
                rr[keep],
                t[keep],
                normal[keep],
                contiguous[keep],
                corrected[keep],
            )

    out_of_range = normal & ((rr < limits_ms[0]) | (rr > limits_ms[1]))
    n_limits += int(np.count_nonzero(out_of_range))
    normal = normal & ~out_of_range
    corrected = corrected & ~out_of_range

    cleaned = RRSeries(
        rr_ms=rr,
        t_s=t,
        normal=normal,
        contiguous=contiguous,
        corrected=corrected & normal,
        start=series.start,
        source=series.source,
        first_beat_s=series.first_beat_s,
    )
    report = ArtifactReport(
        n_input=n_in,
        n_rejected_limits=n_limits,
        n_ectopic=counts["ectopic"],
        n_missed=counts["missed"],
        n_extra=counts["extra"],
        n_long_short=counts["long_short"],
        n_output=len(cleaned),
        n_corrected=int(np.count_nonzero(cleaned.corrected)),
        n_excluded=int(np.count_nonzero(~cleaned.normal)),
    )
    return cleaned, report
