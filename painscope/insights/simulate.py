"""Simulated daily diaries for calibration tests and benchmarks (ANALYTICS.md §3.13).

Pain is an AR(1) process in calendar days with a chosen marginal SD; factors are two-state
Markov chains (persistent exposures, as in ANALYTICS.md Appendix A) or Gaussian AR(1)
measures. Effects are planted as ``pain_t += β · x_{t−lag}``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def ar1(n: int, phi: float, sd: float, rng: np.random.Generator, burn: int = 50) -> np.ndarray:
    """Stationary AR(1) series with marginal standard deviation ``sd``."""
    innov_sd = sd * np.sqrt(1.0 - phi**2)
    e = rng.normal(0.0, innov_sd, n + burn)
    x = np.empty(n + burn)
    x[0] = rng.normal(0.0, sd)
    for i in range(1, n + burn):
        x[i] = phi * x[i - 1] + e[i]
    return x[burn:]


def markov_binary(n: int, p_on: float, stay: float, rng: np.random.Generator) -> np.ndarray:
    """Two-state Markov chain with stationary P(on) = ``p_on`` and P(stay on | on) = ``stay``."""
    # From stationarity p_on = p_on*stay + (1 - p_on)*p01  →  p01 = p_on (1 - stay) / (1 - p_on).
    p01 = min(1.0, p_on * (1.0 - stay) / (1.0 - p_on))
    u = rng.random(n)
    x = np.empty(n)
    x[0] = float(u[0] < p_on)
    for i in range(1, n):
        x[i] = float(u[i] < (stay if x[i - 1] else p01))
    return x


def simulate_daily(
    n_days: int = 180,
    *,
    phi: float = 0.7,
    pain_sd: float = 1.6,
    innovation_sd: float | None = None,
    pain_mean: float = 4.5,
    n_factors: int = 10,
    p_on: float = 0.3,
    stay: float = 0.5,
    effects: Sequence[tuple[int, int, float]] = (),
    n_measures: int = 0,
    missing: float = 0.0,
    start: str = "2025-01-01",
    seed: int | np.random.Generator = 0,
) -> pd.DataFrame:
    """A daily table like :func:`painscope.diary.daily_table` output.

    Parameters
    ----------
    pain_sd, innovation_sd
        Marginal SD of the AR(1) pain process, or (if given) the SD of its daily
        innovations instead (marginal SD = innovation SD / sqrt(1 − φ²)).
    effects
        ``(factor_index, lag, beta)``: factor ``factor:f{index}`` raises pain by ``beta``
        points ``lag`` days later.
    n_measures
        Extra continuous candidates ``m{j}`` (standard-normal AR(1), φ = 0.5), independent
        of pain.
    missing
        Share of days left without any entry (all NaN), drawn at random.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if innovation_sd is not None:
        pain_sd = innovation_sd / np.sqrt(1.0 - phi**2)
    pain = pain_mean + ar1(n_days, phi, pain_sd, rng)
    cols: dict[str, np.ndarray] = {}
    for j in range(n_factors):
        cols[f"factor:f{j}"] = markov_binary(n_days, p_on, stay, rng)
    for j, lag, beta in effects:
        x = cols[f"factor:f{j}"]
        pain[lag:] += beta * x[: n_days - lag] if lag else beta * x
    for j in range(n_measures):
        cols[f"m{j}"] = 5.0 + ar1(n_days, 0.5, 1.0, rng)
    frame = pd.DataFrame({"pain": pain, **cols},
                         index=pd.date_range(start, periods=n_days, freq="D", name="date"))
    frame["n_entries"] = 1.0
    if missing > 0:
        empty = rng.random(n_days) < missing
        frame.loc[empty, :] = np.nan
        frame.loc[empty, "n_entries"] = 0.0
    return frame
