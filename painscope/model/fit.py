"""Reduced daily model {S2, H, Sigma, D, A} fitted to one person's diary (scikit-learn style).

``PainSystemModel(profile="fibromyalgia").fit(daily)`` takes a daily table (one row per
day, as :func:`painscope.diary.daily.daily_table` returns) with a ``pain`` column (0-10)
and, when present, ``stress`` (0-10) and ``sleep_hours``; learned values end in ``_``:
``params_`` (the person's parameters), ``states_`` (daily states), ``residual_sd_``.
``predict(days=14)`` continues the states with stress and sleep at the person's own means.

Daily equations (time constants fixed from MODEL.md, as the full model's):

    H_t = H_{t-1} + (z0 + stress_t/10 + k_HP P_{t-1}/10 - H_{t-1}) / tau_H
    Sigma_t = Sigma_{t-1} + (deficit_t - Sigma_{t-1}) / tau_Sigma,  deficit = [(8 - sleep)/8]+
    D_t = D_{t-1} + (d0 - k_DH H_t - D_{t-1}) / tau_D
    A_t = A_{t-1} + (a0 + k_AP P_{t-1}/10 - A_{t-1}) / tau_A
    S2  constant over a diary (tau_S2 ~ 90 days is long against weeks of data)
    P_t = h(g (1 + S2)(1 + kappa_Sigma Sigma_t)(1 + kappa_A A_t + kappa_H H_t) - w_D D_t)

with ``h`` the 0-10 squashing of the fast layer. Parameters are fitted by regularised least
squares (scipy ``least_squares``), shrunk towards the profile's values so that short or
flat diaries give the profile back rather than noise. Educational; not a diagnosis.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from painscope.model import fast
from painscope.model.parameters import base_values, profile_values

TAUS = {"tau_H": 2.0, "tau_Sigma": 1.0, "tau_D": 14.0, "tau_A": 28.0}  # days, MODEL.md table
#: Fitted parameters with their prior (profile-derived) values and bounds.
PRIOR = {
    "S2": (1.0, 0.0, 4.0), "g": (0.5, 0.05, 3.0), "z0": (0.2, 0.0, 1.5), "d0": (0.6, -0.5, 2.0),
    "a0": (0.3, 0.0, 1.2), "k_HP": (0.3, 0.0, 1.0), "k_DH": (0.3, 0.0, 1.0), "k_AP": (0.3, 0.0, 1.0),
    "kappa_Sigma": (1.0, 0.0, 3.0), "kappa_A": (1.0, 0.0, 3.0), "kappa_H": (0.5, 0.0, 3.0),
    "w_D": (0.15, 0.0, 1.0),
}
SHRINK = 0.3  # weight of the pull towards the prior (in prior-width units per parameter)


def _simulate(theta: dict[str, float], stress: np.ndarray, sleep: np.ndarray, p0: float, pp: dict[str, float]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    n = stress.size
    H, S, D, A = theta["z0"], 0.05, theta["d0"], theta["a0"]
    P_prev = p0
    out = np.zeros(n)
    states = {k: np.zeros(n) for k in ("S2", "H", "Sigma", "D", "A")}
    for t in range(n):
        H += (theta["z0"] + stress[t] / 10.0 + theta["k_HP"] * P_prev / 10.0 - H) / TAUS["tau_H"]
        deficit = max((8.0 - sleep[t]) / 8.0, 0.0)
        S += (deficit - S) / TAUS["tau_Sigma"]
        D += (theta["d0"] - theta["k_DH"] * H - D) / TAUS["tau_D"]
        A += (theta["a0"] + theta["k_AP"] * P_prev / 10.0 - A) / TAUS["tau_A"]
        x = theta["g"] * (1 + theta["S2"]) * (1 + theta["kappa_Sigma"] * S) * (1 + theta["kappa_A"] * A + theta["kappa_H"] * H) - theta["w_D"] * D
        P = float(fast.pain_from_signal(pp, max(x, 0.0)))
        out[t] = P
        for k, v in (("S2", theta["S2"]), ("H", H), ("Sigma", S), ("D", D), ("A", A)):
            states[k][t] = v
        P_prev = P
    return out, states


class PainSystemModel:
    """Personal reduced model of the pain system, fitted to a daily diary.

    Parameters
    ----------
    profile : named profile whose values set the starting point and the prior.
    shrinkage : weight of the pull towards the profile (0 = none).
    """

    def __init__(self, profile: str = "fibromyalgia", shrinkage: float = SHRINK) -> None:
        self.profile = profile
        self.shrinkage = shrinkage

    def _prior(self) -> dict[str, float]:
        p, init = profile_values(self.profile)
        prior = {k: v[0] for k, v in PRIOR.items()}
        prior.update({"S2": init.get("S2", 0.0), "z0": p["Z0"], "d0": p["D0"], "a0": p["A0"],
                      "k_HP": p["k_HP"], "k_DH": p["k_DH"], "k_AP": p["k_AP"], "kappa_Sigma": p["kappa_Sigma"],
                      "kappa_A": p["kappa_A"], "kappa_H": p["kappa_H"]})
        # w_D keeps the reduced model's own prior: here D is the only inhibition path, while
        # the full model's w_D is only the small direct part (most of it acts via the gate)
        return {k: float(np.clip(v, PRIOR[k][1], PRIOR[k][2])) for k, v in prior.items()}

    @staticmethod
    def _inputs(daily: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not isinstance(daily, pd.DataFrame):
            raise TypeError(f"daily must be a pandas DataFrame (got {type(daily).__name__})")
        if "pain" not in daily.columns:
            raise ValueError("daily table needs a 'pain' column (0-10); columns given: " + ", ".join(map(str, daily.columns)))
        pain = daily["pain"].to_numpy(dtype=float)
        bad = np.flatnonzero((pain < 0) | (pain > 10))
        if bad.size:
            raise ValueError(f"pain must be between 0 and 10 (got {pain[bad[0]]}) in row {bad[0]}")
        if np.sum(np.isfinite(pain)) < 7:
            raise ValueError(f"need at least 7 days with a pain rating (got {int(np.sum(np.isfinite(pain)))})")
        stress = daily["stress"].to_numpy(dtype=float) if "stress" in daily else np.full(pain.size, np.nan)
        sleep = daily["sleep_hours"].to_numpy(dtype=float) if "sleep_hours" in daily else np.full(pain.size, np.nan)
        stress = np.where(np.isfinite(stress), stress, np.nanmean(stress) if np.isfinite(stress).any() else 2.0)
        sleep = np.where(np.isfinite(sleep), sleep, np.nanmean(sleep) if np.isfinite(sleep).any() else 7.0)
        return pain, stress, sleep

    def fit(self, daily: pd.DataFrame) -> PainSystemModel:
        """Fit the person's parameters to the diary; returns ``self``."""
        pain, stress, sleep = self._inputs(daily)
        pp = base_values()
        prior = self._prior()
        names = list(PRIOR)
        lo = np.array([PRIOR[k][1] for k in names])
        hi = np.array([PRIOR[k][2] for k in names])
        width = hi - lo
        x0 = np.array([prior[k] for k in names])
        obs = np.isfinite(pain)
        p0 = float(np.nanmean(pain))

        def resid(v: np.ndarray) -> np.ndarray:
            theta = dict(zip(names, v, strict=True))
            pred, _ = _simulate(theta, stress, sleep, p0, pp)
            return np.concatenate([pred[obs] - pain[obs], self.shrinkage * np.sqrt(obs.sum()) * (v - x0) / width])

        sol = least_squares(resid, x0, bounds=(lo, hi), method="trf", max_nfev=400)
        self.params_ = dict(zip(names, (float(v) for v in sol.x), strict=True))
        pred, states = _simulate(self.params_, stress, sleep, p0, pp)
        self.fitted_ = pred
        self.states_ = pd.DataFrame(states, index=daily.index)
        self.residual_sd_ = float(np.std(pred[obs] - pain[obs], ddof=1))
        self._last = (stress, sleep, p0)
        return self

    def predict(self, days: int = 14) -> pd.DataFrame:
        """Expected daily pain (and states) for ``days`` more days at the person's mean stress and sleep."""
        if not hasattr(self, "params_"):
            raise RuntimeError("call fit(daily) before predict()")
        stress, sleep, p0 = self._last
        s = np.concatenate([stress, np.full(days, stress.mean())])
        h = np.concatenate([sleep, np.full(days, sleep.mean())])
        pred, states = _simulate(self.params_, s, h, p0, base_values())
        out = pd.DataFrame({"pain": pred[-days:], **{k: v[-days:] for k, v in states.items()}})
        out.index.name = "day_ahead"
        return out

    def summary(self) -> dict[str, Any]:
        """Fitted values in plain words (educational, not a diagnosis)."""
        if not hasattr(self, "params_"):
            raise RuntimeError("call fit(daily) first")
        return {"disclaimer": "Educational model, not a diagnosis.", "params": self.params_,
                "residual_sd": self.residual_sd_}
