"""The "smooth, then search for the best shift" statistic — and its honest null.

MyAIGuide's public report smooths pain and a stressor with a 21-day rolling mean and then
searches for the shift that best aligns them (ANALYTICS.md §2.2 item 2, §4.1). Smoothing
makes neighbouring days nearly identical and the search picks the best of many shifts, so
the correlation it finds is large even when nothing links the two series; a Pearson p-value
that treats the smoothed days as independent is meaningless.

:func:`smoothed_shift_scan` computes that statistic and tests it against the circular-shift
(rotation) null of the *same* procedure (smoothing and shift search repeated on every
rotation of the candidate series; ANALYTICS.md §3.6), which keeps both series'
autocorrelation. It is here to show people — and to test — why painscope does not use it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from painscope.insights._daily import as_daily


def _smooth(x: np.ndarray, window: int, min_periods: int) -> np.ndarray:
    """Centred rolling mean ignoring NaN (like pandas ``rolling(center=True).mean()``)."""
    ok = np.isfinite(x)
    v = np.where(ok, x, 0.0)
    half = window // 2
    pad_v = np.concatenate([np.zeros(half + 1), v, np.zeros(half)])
    pad_c = np.concatenate([np.zeros(half + 1), ok.astype(float), np.zeros(half)])
    cv, cc = np.cumsum(pad_v), np.cumsum(pad_c)
    s = cv[window:] - cv[:-window]
    c = cc[window:] - cc[:-window]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(c >= min_periods, s / c, np.nan)


def _best_shift(ps: np.ndarray, xs: np.ndarray, max_shift: int) -> tuple[int, float, int]:
    best = (0, 0.0, 0)
    for s in range(max_shift + 1):
        a, b = ps[s:], xs[: len(xs) - s]
        ok = np.isfinite(a) & np.isfinite(b)
        if ok.sum() < 10 or np.std(a[ok]) == 0 or np.std(b[ok]) == 0:
            continue
        r = float(np.corrcoef(a[ok], b[ok])[0, 1])
        if abs(r) > abs(best[1]):
            best = (s, r, int(ok.sum()))
    return best


@dataclass
class ShiftScan:
    column: str
    best_shift: int
    r: float
    n_days: int
    naive_p: float
    rotation_p: float
    n_rotations: int

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sentences": self.sentences()}

    def sentences(self) -> list[str]:
        return [
            f"Smoothed over 3 weeks and shifted by {self.best_shift} days, {self.column} and "
            f"pain correlate at r = {self.r:+.2f}; treated as independent days that would look "
            f"overwhelming (p = {self.naive_p:.1g}).",
            f"Against the same smoothing and shift search on rotated copies of {self.column}, "
            f"{'it is unusual' if self.rotation_p < 0.05 else 'it is unremarkable'} "
            f"(p = {self.rotation_p:.2f}, {self.n_rotations} rotations).",
        ]


def smoothed_shift_scan(daily: pd.DataFrame, column: str, *, outcome: str = "pain",
                        window: int = 21, max_shift: int = 14, n_rotations: int = 199,
                        seed: int = 0) -> ShiftScan:
    """Best-shift correlation of smoothed series, with naive and rotation p-values.

    ``naive_p`` is the Pearson p-value on the smoothed days as if independent (what a
    smoothing-and-shift analysis implicitly claims); ``rotation_p`` repeats the whole
    procedure on ``n_rotations`` circular shifts of the candidate (shifts of at least
    ``window + max_shift`` days), p = (1 + #{|r_null| ≥ |r|}) / (1 + rotations).
    """
    frame = as_daily(daily)
    y = frame[outcome].to_numpy(dtype=float)
    x = frame[column].to_numpy(dtype=float)
    n = len(y)
    min_periods = max(1, window // 3)
    ps = _smooth(y, window, min_periods)
    s, r, used = _best_shift(ps, _smooth(x, window, min_periods), max_shift)
    naive_p = float(2 * stats.t.sf(abs(r) * np.sqrt((used - 2) / max(1e-12, 1 - r**2)),
                                   max(used - 2, 1))) if used > 2 else 1.0
    guard = window + max_shift
    shifts = np.arange(guard, n - guard)
    rng = np.random.default_rng(seed)
    if len(shifts) > n_rotations:
        shifts = rng.choice(shifts, size=n_rotations, replace=False)
    null = np.array([abs(_best_shift(ps, _smooth(np.roll(x, k), window, min_periods),
                                     max_shift)[1]) for k in shifts])
    rotation_p = float((1 + np.sum(null >= abs(r) - 1e-12)) / (1 + len(null)))
    return ShiftScan(column=column, best_shift=s, r=r, n_days=used, naive_p=naive_p,
                     rotation_p=rotation_p, n_rotations=len(null))
