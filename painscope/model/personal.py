""""Your pain system": the reduced daily model fitted to one person, with honest skill checks.

The reduced model of :mod:`painscope.model.fit` (states S2, H, Sigma, D, A) is fitted to a
person's daily diary, and then asked three things in this order:

1. **Does it predict this person better than simple rules?** Every method forecasts day
   ``t`` from what is known on the morning of day ``t``: pain up to day ``t-1``, the night's
   sleep before day ``t`` and the stress of day ``t-1``. On the last days of the diary (held
   out from the fit) the model's one-day-ahead mean absolute error is compared with
   *persistence* (tomorrow = today) and *AR(1)* (fitted on the same training days). The model
   "beats the baselines" only when its error is lower than both AND a one-sided
   Diebold-Mariano test with the Harvey-Leybourne-Newbold small-sample correction
   (Diebold & Mariano 1995, J Bus Econ Stat 13:253; Harvey et al. 1997, Int J Forecast
   13:281) rejects equal accuracy at 5 % against each. Otherwise callers must show no
   personal predictions (the web page and the CLI say so).
2. **Which loops seem to drive this person's pain?** Each loop's share is a counterfactual
   in the fitted model: mean modelled pain minus mean modelled pain with the loop cut
   (sleep loop: no sleep deficit; stress loop: no stress input; pain-worry loop: pain does
   not feed threat/attention A; pain-stress loop: pain does not feed stress H). Intervals
   come from the Laplace approximation of the posterior (the regularised least-squares
   Jacobian, i.e. a Gaussian around the fit including the profile prior), by sampling.
3. **What if?** Only when (1) holds: the same counterfactual machinery with a change to an
   input (nights longer, stress lower, worry loop weaker), with intervals. Education and
   research, never a prescription.

Everything here is pure (NumPy, SciPy, numba); never a diagnosis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numba import njit
from scipy import stats
from scipy.optimize import least_squares

from painscope.model.fit import PRIOR, SHRINK, TAUS, PainSystemModel
from painscope.model.parameters import base_values

DISCLAIMER = ("Education and research: a simplified model of your diary, not a diagnosis and not "
              "a prescription. Talk changes over with your clinician.")
NAMES = list(PRIOR)
#: held-out days: the last quarter of the diary, at least 14 and at most 60 days
HOLDOUT_FRACTION, HOLDOUT_MIN, HOLDOUT_MAX = 0.25, 14, 60
MIN_DAYS = 42  # 4 weeks of training + 2 of testing before a skill check is attempted
ALPHA = 0.05
#: loops of the reduced model, cut one at a time for their contribution
LOOPS: dict[str, str] = {
    "sleep": "short sleep raises sensitivity the next day (sleep-deficit loop)",
    "stress": "stress raises pain and weakens the brain's own pain control (stress loop)",
    "pain_worry": "pain raises worry and attention to pain, which amplify it (pain-worry loop)",
    "pain_stress": "pain itself is stressful, which feeds the stress loop (pain-stress loop)",
}
_SWITCH = {"sleep": 0, "stress": 1, "pain_worry": 2, "pain_stress": 3}


@njit(cache=True, nogil=True)
def _run(theta: np.ndarray, stress_lag: np.ndarray, sleep: np.ndarray, pobs: np.ndarray,
         teacher: bool, p0: float, n_pain: float, k_pain: float, switches: np.ndarray,
         sleep_add: float, stress_add: float, worry_scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Reduced daily model, one person; ``teacher`` feeds yesterday's *observed* pain back
    (the forecast setting), else the model's own pain (free run). ``switches`` (4 flags)
    cut the sleep, stress, pain-worry and pain-stress loops."""
    S2, g, z0, d0, a0 = theta[0], theta[1], theta[2], theta[3], theta[4]
    k_hp, k_dh, k_ap = theta[5], theta[6], theta[7]
    kap_sig, kap_a, kap_h, w_d = theta[8], theta[9], theta[10], theta[11]
    tau_h, tau_s, tau_d, tau_a = 2.0, 1.0, 14.0, 28.0
    n = sleep.size
    H, S, D, A = z0, 0.05, d0, a0 * worry_scale
    p_prev = p0
    out = np.empty(n)
    states = np.empty((n, 5))
    kn = k_pain ** n_pain
    for t in range(n):
        s_in = stress_lag[t] + stress_add
        if s_in < 0.0:
            s_in = 0.0
        if s_in > 10.0:
            s_in = 10.0
        if switches[1]:
            s_in = 0.0
        hp = 0.0 if switches[3] else k_hp
        ap = 0.0 if switches[2] else k_ap
        H += (z0 + s_in / 10.0 + hp * p_prev / 10.0 - H) / tau_h
        sl = sleep[t] + sleep_add
        deficit = (8.0 - sl) / 8.0
        if deficit < 0.0 or switches[0]:
            deficit = 0.0
        S += (deficit - S) / tau_s
        D += (d0 - k_dh * H - D) / tau_d
        A += ((a0 + ap * p_prev / 10.0) * worry_scale - A) / tau_a
        x = g * (1.0 + S2) * (1.0 + kap_sig * S) * (1.0 + kap_a * A + kap_h * H) - w_d * D
        if x < 0.0:
            x = 0.0
        xn = x ** n_pain
        p = 10.0 * xn / (xn + kn)
        out[t] = p
        states[t, 0] = S2
        states[t, 1] = H
        states[t, 2] = S
        states[t, 3] = D
        states[t, 4] = A
        p_prev = pobs[t] if teacher and not math.isnan(pobs[t]) else p
    return out, states


_NO_CUT = np.zeros(4, dtype=np.bool_)


@dataclass
class Inputs:
    """One person's aligned daily inputs (the morning-of-day-t information set)."""

    dates: pd.DatetimeIndex
    pain: np.ndarray        # observed pain of day t (NaN when not rated)
    stress_lag: np.ndarray  # stress of day t-1 (filled with the person's mean)
    sleep: np.ndarray       # sleep before day t, hours (filled with the person's mean)
    has_stress: bool
    has_sleep: bool


def prepare(daily: pd.DataFrame) -> Inputs:
    """Check a daily table (``pain`` 0-10, optional ``stress`` 0-10, ``sleep_hours``) and align it."""
    pain, stress, sleep = PainSystemModel._inputs(daily)  # same checks and messages as fit()
    has_stress = "stress" in daily and daily["stress"].notna().any()
    has_sleep = "sleep_hours" in daily and daily["sleep_hours"].notna().any()
    stress_lag = np.concatenate([[stress.mean()], stress[:-1]])
    return Inputs(pd.DatetimeIndex(daily.index), pain.astype(float), stress_lag.astype(float),
                  sleep.astype(float), bool(has_stress), bool(has_sleep))


def _simulate(theta: np.ndarray, x: Inputs, *, teacher: bool, p0: float, cut: np.ndarray = _NO_CUT,
              sleep_add: float = 0.0, stress_add: float = 0.0, worry_scale: float = 1.0,
              upto: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    pp = base_values()
    sl = slice(0, upto)
    return _run(np.asarray(theta, dtype=float), x.stress_lag[sl], x.sleep[sl], x.pain[sl], teacher, p0,
                pp["n_pain"], pp["K_pain"], cut, sleep_add, stress_add, worry_scale)


#: persistence of what the model does not explain: the forecast adds ``rho`` times
#: yesterday's miss (a regression with AR(1) errors), so the mechanistic part is credited
#: only for what it adds beyond plain day-to-day persistence
RHO_BOUNDS = (0.0, 0.95)


def one_step(model_pain: np.ndarray, observed: np.ndarray, rho: float) -> np.ndarray:
    """Forecast of each day: the model's pain plus ``rho`` x yesterday's observed miss."""
    miss = observed - model_pain
    prev = np.concatenate([[0.0], miss[:-1]])
    return model_pain + rho * np.where(np.isfinite(prev), prev, 0.0)


@dataclass
class Fit:
    theta: np.ndarray
    cov: np.ndarray
    residual_sd: float
    p0: float
    rho: float = 0.0


def fit_theta(x: Inputs, n_train: int, profile: str = "fibromyalgia", shrinkage: float = SHRINK) -> Fit:
    """Regularised least squares on the first ``n_train`` days, one-day-ahead (teacher forced)."""
    prior = PainSystemModel(profile=profile, shrinkage=shrinkage)._prior()
    lo = np.array([PRIOR[k][1] for k in NAMES])
    hi = np.array([PRIOR[k][2] for k in NAMES])
    width = hi - lo
    x0 = np.array([prior[k] for k in NAMES])
    obs = np.isfinite(x.pain[:n_train])
    p0 = float(np.nanmean(x.pain[:n_train]))
    w = shrinkage * np.sqrt(obs.sum())
    y = x.pain[:n_train]
    k = len(NAMES)

    def resid(v: np.ndarray) -> np.ndarray:
        m, _ = _simulate(v[:k], x, teacher=True, p0=p0, upto=n_train)
        pred = one_step(m, y, v[k])
        return np.concatenate([pred[obs] - y[obs], w * (v[:k] - x0) / width])

    lo_r, hi_r = np.append(lo, RHO_BOUNDS[0]), np.append(hi, RHO_BOUNDS[1])
    sol = least_squares(resid, np.append(x0, 0.3), bounds=(lo_r, hi_r), method="trf", max_nfev=800,
                        x_scale=np.append(width, 1.0))
    data_resid = sol.fun[: obs.sum()]
    dof = max(int(obs.sum()) - k - 1, 1)
    s2 = float(np.sum(data_resid ** 2) / dof)
    jac = sol.jac[:, :k]
    cov = s2 * np.linalg.pinv(jac.T @ jac)
    cov = 0.5 * (cov + cov.T)
    return Fit(sol.x[:k], cov, math.sqrt(s2), p0, float(sol.x[k]))


def _draws(fit: Fit, n: int, seed: int) -> np.ndarray:
    lo = np.array([PRIOR[k][1] for k in NAMES])
    hi = np.array([PRIOR[k][2] for k in NAMES])
    rng = np.random.default_rng(seed)
    vals, vecs = np.linalg.eigh(fit.cov)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    z = rng.standard_normal((n, len(NAMES)))
    return np.clip(fit.theta + z @ root.T, lo, hi)


def diebold_mariano(e_model: np.ndarray, e_base: np.ndarray) -> tuple[float, float]:
    """One-sided DM test (H1: the model's absolute errors are smaller), HLN-corrected, t(n-1).

    Returns ``(statistic, p)``; the long-run variance uses a Bartlett (Newey-West) kernel with
    ``floor(n^(1/3))`` lags, because day-to-day errors are autocorrelated.
    """
    d = np.abs(e_model) - np.abs(e_base)
    n = d.size
    if n < 5:
        return float("nan"), 1.0
    dbar = float(d.mean())
    dc = d - dbar
    lags = int(np.floor(n ** (1 / 3)))
    lrv = float(dc @ dc) / n
    for k in range(1, lags + 1):
        lrv += 2 * (1 - k / (lags + 1)) * float(dc[k:] @ dc[:-k]) / n
    if lrv <= 0:
        return float("nan"), 1.0
    dm = dbar / math.sqrt(lrv / n)
    h = 1
    hln = math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    stat = dm * hln
    return float(stat), float(stats.t.cdf(stat, df=n - 1))


@dataclass
class Skill:
    test_days: int
    model_mae: float
    persistence_mae: float
    ar1_mae: float
    p_vs_persistence: float
    p_vs_ar1: float
    beats_baselines: bool

    def to_dict(self) -> dict[str, Any]:
        return {"test_days": self.test_days, "model_mae": round(self.model_mae, 3),
                "persistence_mae": round(self.persistence_mae, 3), "ar1_mae": round(self.ar1_mae, 3),
                "p_vs_persistence": round(self.p_vs_persistence, 4), "p_vs_ar1": round(self.p_vs_ar1, 4),
                "alpha": ALPHA, "beats_baselines": self.beats_baselines,
                "method": "one-day-ahead mean absolute error on the held-out last days; one-sided "
                          "Diebold-Mariano (HLN) test against each baseline"}


def holdout_size(n: int) -> int:
    return int(min(HOLDOUT_MAX, max(HOLDOUT_MIN, round(HOLDOUT_FRACTION * n))))


def skill(x: Inputs, fit: Fit, n_train: int) -> Skill:
    """Held-out one-day-ahead errors of the model, persistence and AR(1)."""
    m, _ = _simulate(fit.theta, x, teacher=True, p0=fit.p0)
    y = x.pain
    pred = one_step(m, y, fit.rho)
    prev = np.concatenate([[np.nan], y[:-1]])
    ok_train = np.isfinite(y[1:n_train]) & np.isfinite(prev[1:n_train])
    yt, xt = y[1:n_train][ok_train], prev[1:n_train][ok_train]
    if yt.size >= 3 and np.std(xt) > 0:
        phi, c = np.polyfit(xt, yt, 1)
    else:
        phi, c = 0.0, float(np.nanmean(y[:n_train]))
    test = np.arange(n_train, y.size)
    ok = np.isfinite(y[test]) & np.isfinite(prev[test])
    test = test[ok]
    e_model = pred[test] - y[test]
    e_pers = prev[test] - y[test]
    e_ar1 = (c + phi * prev[test]) - y[test]
    mm, mp, ma = (float(np.mean(np.abs(e))) if e.size else float("nan") for e in (e_model, e_pers, e_ar1))
    _, p_pers = diebold_mariano(e_model, e_pers)
    _, p_ar1 = diebold_mariano(e_model, e_ar1)
    beats = bool(test.size >= HOLDOUT_MIN // 2 and mm < mp and mm < ma and p_pers < ALPHA and p_ar1 < ALPHA)
    return Skill(int(test.size), mm, mp, ma, p_pers, p_ar1, beats)


def _interval(v: np.ndarray) -> dict[str, float]:
    lo, mid, hi = np.nanpercentile(v, [2.5, 50, 97.5])
    return {"estimate": round(float(mid), 2), "low": round(float(lo), 2), "high": round(float(hi), 2)}


def loop_contributions(x: Inputs, fit: Fit, draws: np.ndarray) -> dict[str, dict[str, Any]]:
    """Mean modelled pain minus mean modelled pain with each loop cut (free run), per draw."""
    out: dict[str, dict[str, Any]] = {}
    base = np.array([_simulate(th, x, teacher=False, p0=fit.p0)[0].mean() for th in draws])
    for name, idx in _SWITCH.items():
        if name == "sleep" and not x.has_sleep:
            out[name] = {"estimate": None, "low": None, "high": None, "note": "no sleep in the diary"}
            continue
        if name == "stress" and not x.has_stress:
            out[name] = {"estimate": None, "low": None, "high": None, "note": "no stress ratings in the diary"}
            continue
        cut = np.zeros(4, dtype=np.bool_)
        cut[idx] = True
        cf = np.array([_simulate(th, x, teacher=False, p0=fit.p0, cut=cut)[0].mean() for th in draws])
        out[name] = {**_interval(base - cf), "what": LOOPS[name]}
    return out


def driving_loop(loops: dict[str, dict[str, Any]]) -> str | None:
    """The loop with the largest contribution whose interval lies above zero, else None."""
    best, best_v = None, 0.0
    for name, v in loops.items():
        if v.get("estimate") is None or v["low"] <= 0:
            continue
        if v["estimate"] > best_v:
            best, best_v = name, v["estimate"]
    return best


WHAT_IF = {
    "sleep_plus_1h": {"label": "nights one hour longer", "sleep_add": 1.0, "programme": "sleep"},
    "stress_minus_2": {"label": "stress two points lower", "stress_add": -2.0, "programme": "breathing"},
    "worry_halved": {"label": "the pain-worry loop half as strong", "worry_scale": 0.5, "programme": "thought-record"},
}


def what_if(x: Inputs, fit: Fit, draws: np.ndarray, days: int = 28) -> dict[str, dict[str, Any]]:
    """Change in mean modelled pain over the last ``days`` days had an input been different."""
    out: dict[str, dict[str, Any]] = {}
    last = slice(-days, None)
    base = np.array([_simulate(th, x, teacher=False, p0=fit.p0)[0][last].mean() for th in draws])
    for key, spec in WHAT_IF.items():
        if ("sleep_add" in spec and not x.has_sleep) or ("stress_add" in spec and not x.has_stress):
            continue
        kw = {k: spec[k] for k in ("sleep_add", "stress_add", "worry_scale") if k in spec}
        cf = np.array([_simulate(th, x, teacher=False, p0=fit.p0, **kw)[0][last].mean() for th in draws])
        out[key] = {"label": spec["label"], "programme": spec["programme"], "change": _interval(cf - base)}
    return out


@dataclass
class PersonalModel:
    """Result of :func:`fit_person`; ``to_dict()`` is the CLI's JSON document."""

    days: int
    rated_days: int
    skill: Skill | None
    params: dict[str, dict[str, float]] = field(default_factory=dict)
    states: pd.DataFrame | None = None
    fitted: np.ndarray | None = None
    observed: np.ndarray | None = None
    loops: dict[str, dict[str, Any]] = field(default_factory=dict)
    driver: str | None = None
    what_if: dict[str, dict[str, Any]] = field(default_factory=dict)
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "disclaimer": DISCLAIMER, "days": self.days, "rated_days": self.rated_days,
            "message": self.message, "skill": self.skill.to_dict() if self.skill else None,
            "params": self.params, "loops": self.loops, "driving_loop": self.driver,
            "what_if": self.what_if,
        }
        if self.states is not None:
            st = self.states.copy()
            st.insert(0, "pain_model", np.round(self.fitted, 3) if self.fitted is not None else np.nan)
            if self.observed is not None:
                st.insert(0, "pain_rated", self.observed)
            doc["states"] = [{"date": d.strftime("%Y-%m-%d"),
                              **{k: (round(float(v), 4) if np.isfinite(v) else None) for k, v in row.items()}}
                             for d, row in st.iterrows()]
        return doc


def fit_person(daily: pd.DataFrame, profile: str = "fibromyalgia", n_draws: int = 200, seed: int = 0) -> PersonalModel:
    """Fit, check skill on held-out days, then (only if it earns it) loops and what-ifs.

    Raises ``ValueError`` with a plain message for an unusable table. A diary shorter than
    :data:`MIN_DAYS` gets a result with ``skill=None`` and a message saying so.
    """
    x = prepare(daily)
    n = x.pain.size
    rated = int(np.isfinite(x.pain).sum())
    if n < MIN_DAYS or rated < MIN_DAYS * 0.7:
        return PersonalModel(n, rated, None, message=(
            f"Not enough data yet: the personal model needs about {MIN_DAYS} days with a pain rating "
            f"(this diary has {rated}), so that it can be tested on days it has not seen."))
    n_train = n - holdout_size(n)
    check = fit_theta(x, n_train, profile)
    sk = skill(x, check, n_train)
    if not sk.beats_baselines:
        return PersonalModel(n, rated, sk, message=(
            "The model does not forecast your pain better than simple rules (tomorrow like today), "
            "so painscope shows no personal predictions from it."))
    full = fit_theta(x, n, profile)
    draws = _draws(full, n_draws, seed)
    model_pain, states = _simulate(full.theta, x, teacher=True, p0=full.p0)
    pred = one_step(model_pain, x.pain, full.rho)
    sd = np.sqrt(np.clip(np.diag(full.cov), 0.0, None))
    params = {k: {"estimate": round(float(v), 4), "sd": round(float(s), 4)} for k, v, s in zip(NAMES, full.theta, sd, strict=True)}
    params["rho"] = {"estimate": round(full.rho, 4), "sd": None}
    loops = loop_contributions(x, full, draws)
    return PersonalModel(n, rated, sk, params=params,
                         states=pd.DataFrame(states, index=x.dates, columns=["S2", "H", "Sigma", "D", "A"]),
                         fitted=pred, observed=x.pain, loops=loops, driver=driving_loop(loops), what_if=what_if(x, full, draws),
                         message="The model forecasts your pain better than simple rules on days it had not seen.")


__all__ = ["DISCLAIMER", "LOOPS", "TAUS", "PersonalModel", "diebold_mariano", "fit_person", "prepare"]


def simulate_diary(theta: dict[str, float], days: int = 120, seed: int = 0, noise_sd: float = 0.6,
                   start: str = "2026-01-01") -> pd.DataFrame:
    """A daily table made by the reduced model itself from known parameters (for checks).

    Stress and sleep follow AR(1) processes around 4/10 and 6.5 h (day-to-day SDs about 2
    points and 1.1 h, as FM diary studies report); pain is the model's pain plus Gaussian
    rating noise, and the *rated* pain feeds back, as in a real person's diary.
    """
    rng = np.random.default_rng(seed)
    stress = np.empty(days)
    sleep = np.empty(days)
    s, h = 0.0, 0.0
    for t in range(days):
        s = 0.5 * s + rng.normal(0, 1.7)
        h = 0.3 * h + rng.normal(0, 1.05)
        stress[t] = np.clip(4.0 + s, 0, 10)
        sleep[t] = np.clip(6.5 + h, 2, 11)
    idx = pd.date_range(start, periods=days, freq="D", name="date")
    th = np.array([theta[k] for k in NAMES], dtype=float)
    x = Inputs(idx, np.full(days, np.nan), np.concatenate([[stress.mean()], stress[:-1]]), sleep, True, True)
    pp = base_values()
    pain = np.empty(days)
    p_prev = 5.0
    # step one day at a time so that the noisy rating, not the model's value, feeds back
    for t in range(days):
        x.pain[:t] = pain[:t]
        pred, _ = _run(th, x.stress_lag[: t + 1], x.sleep[: t + 1], x.pain[: t + 1], True, p_prev,
                       pp["n_pain"], pp["K_pain"], _NO_CUT, 0.0, 0.0, 1.0)
        pain[t] = float(np.clip(pred[t] + rng.normal(0, noise_sd), 0, 10))
    return pd.DataFrame({"pain": pain, "stress": stress, "sleep_hours": sleep}, index=idx)


def ar1_noise_diary(days: int = 120, seed: int = 0, phi: float = 0.5, mean: float = 5.5, sd: float = 1.4) -> pd.DataFrame:
    """Pain that is only autocorrelated noise, with unrelated stress and sleep columns (null check)."""
    rng = np.random.default_rng(seed)
    e = np.empty(days)
    v = 0.0
    for t in range(days):
        v = phi * v + rng.normal(0, sd * math.sqrt(1 - phi ** 2))
        e[t] = v
    idx = pd.date_range("2026-01-01", periods=days, freq="D", name="date")
    return pd.DataFrame({"pain": np.clip(mean + e, 0, 10), "stress": np.clip(rng.normal(4, 2, days), 0, 10),
                         "sleep_hours": np.clip(rng.normal(6.5, 1.1, days), 2, 11)}, index=idx)
