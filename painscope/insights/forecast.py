"""Tomorrow's pain and flare chance — shown only when it beats simple rules on this diary.

Three forecasters of pain on day t+1 from data up to day t, each with a Gaussian
predictive distribution:

* **persistence** — tomorrow = today; spread from past persistence errors;
* **AR(1)** — ``c + φ·today`` by least squares; spread from its residuals;
* **painscope** — ridge regression on today's and yesterday's pain, the 7- and 28-day
  means, tomorrow's weekday and today's logged factors/measures; the ridge penalty is chosen
  by exact leave-one-out error (Hastie, Tibshirani & Friedman, *ESL* 2nd ed. §7.10).

They are compared by rolling-origin (expanding-window) validation — refitted every 7 days
on the past only, scored on the next day (Tashman, *Int J Forecast* 2000;16:437–450;
ANALYTICS.md §3.12) — with proper scores: MAE, the CRPS of the Gaussian in closed form
(Gneiting et al., *Mon Weather Rev* 2005;133:1098–1118, eq. 5) and the Brier score of the
flare probability (Brier 1950). Flare days are the person's own flags when they flagged at
least 5 days, otherwise the baseline-relative detector's days; a model's flare probability
is P(pain ≥ flare threshold) under its predictive distribution.

``show_to_person`` is True only when the painscope forecaster beats both baselines on MAE
and CRPS and its CRPS advantage over the better baseline is
distinguishable from noise (one-sided Diebold–Mariano test with Newey–West variance, lag 7,
p < 0.10; Diebold & Mariano, *J Bus Econ Stat* 1995;13:253–263). The flare probability is
shown with it only when its Brier score also beats persistence, AR(1) and the past flare
frequency ("climatology").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from painscope.insights._daily import (
    NUMERICAL_FAILURES,
    as_daily,
    candidate_columns,
    candidate_values,
    numerical_failure_message,
)
from painscope.insights.flares import MIN_RISE, MIN_RISE_FRACTION, detect_flares, personal_baseline

MIN_TRAIN_DAYS = 56
MIN_SCORED_DAYS = 28
REFIT_EVERY = 7
RIDGE_GRID = (0.1, 1.0, 10.0, 100.0, 1000.0)
DM_ALPHA = 0.10


def crps_gaussian(y: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """CRPS of N(mu, sigma²) at y: σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π] (Gneiting et al. 2005)."""
    z = (y - mu) / sigma
    return sigma * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi))


@dataclass
class ForecastReport:
    show_to_person: bool
    n_scored: int
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    tomorrow: dict[str, Any] | None = None
    dm_p: float | None = None
    flare_label: str | None = None
    show_flare_probability: bool = False
    #: One row per scored day (the day forecast): observed pain, each model's mean and SD.
    predictions: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    message: str = ""
    reason: str = ""
    #: Logged factors/measures the forecaster could use, each with the first forecast day
    #: whose fit used it (ISO date), or None when no fit had it on enough days.
    covariates: dict[str, str | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "show_to_person": self.show_to_person,
            "n_scored": self.n_scored,
            "scores": self.scores,
            "tomorrow": self.tomorrow if self.show_to_person else None,
            "dm_p": self.dm_p,
            "flare_label": self.flare_label,
            "show_flare_probability": self.show_flare_probability,
            "reason": self.reason,
            "message": self.message,
            "covariates": self.covariates,
            "covariate_rule": f"a logged factor or measure is used by a fit only when it was "
                              f"logged on at least {MIN_FEATURE_COVERAGE:.0%} of that fit's "
                              "training days and varied there",
            "method": "rolling-origin validation against persistence and AR(1); MAE, "
                      "Gaussian CRPS, Brier",
            "sentences": self.sentences(),
        }

    def sentences(self) -> list[str]:
        if self.message:
            return [self.message]
        s = self.scores
        out = []
        if self.show_to_person and self.tomorrow:
            t = self.tomorrow
            line = (f"Tomorrow ({t['date']}): pain about {t['pain']:.1f} (80 % range "
                    f"{t['low']:.1f} to {t['high']:.1f})")
            if t.get("flare_probability") is not None:
                line += f", flare chance {t['flare_probability']:.0%}"
            out.append(line + ".")
            if t.get("flare_probability") is None:
                out.append("No flare chance is shown: on your past days it was not better than "
                           f"simply using how often flares happen ({self.flare_label}).")
            out.append(
                f"Tested on {self.n_scored} past days of your diary, this forecast was off by "
                f"{s['painscope']['mae']:.1f} points on average, against "
                f"{s['persistence']['mae']:.1f} for 'tomorrow is like today' and "
                f"{s['ar1']['mae']:.1f} for a simple trend-to-average rule.")
        else:
            out.append(
                f"No forecast is shown: tested on {self.n_scored} past days of your diary, it did "
                f"not beat simple rules ({self.reason}). 'Tomorrow is like today' was off by "
                f"{s['persistence']['mae']:.1f} points on average.")
        out.extend(self.covariate_sentences())
        return out

    def covariate_sentences(self) -> list[str]:
        """Say which logged items joined the forecast late or never (issue 14)."""
        first_day = self.predictions.index[0].date().isoformat() if len(self.predictions) else None
        late = [(k, v) for k, v in self.covariates.items() if v is not None and v != first_day]
        never = [k for k, v in self.covariates.items() if v is None]
        out = []
        if late:
            out.append("Used only once logged on at least half of the earlier days: " + "; ".join(
                f"{k} (from {v})" for k, v in late) + ".")
        if never:
            out.append("Not used, because logged on fewer than half of the days: "
                       + ", ".join(never) + ".")
        return out


def _gaussian_flare_p(mu, sigma, threshold):
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(threshold), stats.norm.sf((threshold - mu) / sigma), np.nan)


#: Number of leading feature columns that are always known (pain lags, means, weekdays).
N_BASE_FEATURES = 10
#: A logged factor or measure enters a fit only when it is known on at least this share of
#: that fit's training days and varies there. A watch worn only for the last months of a
#: diary is therefore left out of the early fits instead of filled in from nothing (an
#: all-missing column has no mean to fill with; it made the ridge solve raise "SVD did not
#: converge", issue 14).
MIN_FEATURE_COVERAGE = 0.5


def _features(frame: pd.DataFrame, y: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Features known on day t for predicting day t+1 (NaN where unknown), and the labels of
    the logged candidate columns after the ``N_BASE_FEATURES`` always-known ones."""
    s = pd.Series(y)
    y_prev = s.shift(1).to_numpy()
    mean7 = s.rolling(7, min_periods=1).mean().to_numpy()
    mean28 = s.rolling(28, min_periods=1).mean().to_numpy()
    y_prev = np.where(np.isfinite(y_prev), y_prev, mean7)
    wd_next = (frame.index + pd.Timedelta(days=1)).day_of_week.to_numpy()
    cols = [y, y_prev, mean7, mean28] + [(wd_next == d).astype(float) for d in range(1, 7)]
    labels = []
    for cand in candidate_columns(frame):
        x = candidate_values(frame, cand)
        x = np.where(np.isfinite(x), x, np.nan)
        if np.isfinite(x).any() and np.nanstd(x) > 0:
            cols.append(x)
            labels.append(cand.label)
    return np.column_stack(cols), labels


def _usable_columns(f: np.ndarray) -> np.ndarray:
    """Columns of the training features ``f`` that a fit may use (see MIN_FEATURE_COVERAGE)."""
    keep = np.ones(f.shape[1], dtype=bool)
    if len(f) == 0:
        return keep
    extra = f[:, N_BASE_FEATURES:]
    finite = np.isfinite(extra)
    coverage = finite.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing columns: NaN, not > 0
        varies = np.nanstd(np.where(finite, extra, np.nan), axis=0) > 0
    keep[N_BASE_FEATURES:] = (coverage >= MIN_FEATURE_COVERAGE) & varies
    return keep


def _ridge(f: np.ndarray, target: np.ndarray):
    """Ridge with the penalty chosen by exact leave-one-out error; returns a predictor.

    Uses only the columns of ``f`` that :func:`_usable_columns` keeps for these training
    days; the predictor takes full-width feature rows and ignores the others.

    One eigendecomposition serves every penalty of the grid. The standardised columns
    ``z`` have mean exactly 0 (missing values are filled with the column mean), so the
    unpenalised intercept is orthogonal to them and equals the mean of ``target``. With
    ``zᵀz = V diag(e) Vᵀ``, ``w = z V`` and ``g = wᵀ (target − mean)``, the penalised
    coefficients are ``V (g / (e + λ))``, the fitted values ``mean + w (g / (e + λ))`` and
    the leverages ``1/n + Σ_k w_ik² / (e_k + λ)`` (Hastie, Tibshirani & Friedman, *The
    Elements of Statistical Learning*, 2nd ed. 2009, §3.4.1; the leave-one-out residual is
    ``(y_i − ŷ_i) / (1 − h_ii)``, their eq. 7.52). The same numbers as solving
    ``(XᵀX + λP) b = Xᵀy`` per penalty, without a p×p inverse and an n×p×p product per
    penalty (``tests/insights/test_forecast.py`` compares both).
    """
    keep = _usable_columns(f)
    f = f[:, keep]
    mean = np.nanmean(f, axis=0)
    f = np.where(np.isfinite(f), f, mean)
    sd = f.std(axis=0)
    sd[sd == 0] = 1.0
    z = (f - mean) / sd
    n = len(z)
    t_mean = float(np.mean(target))
    e, v = np.linalg.eigh(z.T @ z)
    e = np.clip(e, 0.0, None)  # the Gram matrix is positive semi-definite
    w = z @ v
    g = w.T @ (target - t_mean)
    w2 = w**2
    best = None
    for lam in RIDGE_GRID:
        inv = 1.0 / (e + lam)
        fitted = t_mean + w @ (g * inv)
        hat = 1.0 / n + w2 @ inv
        loo = (target - fitted) / np.clip(1 - hat, 1e-6, None)
        err = float(np.mean(loo**2))
        if best is None or err < best[0]:
            best = (err, lam)
    err, lam = best
    coef = np.r_[t_mean, v @ (g / (e + lam))]

    def predict(g: np.ndarray) -> np.ndarray:
        g = g[:, keep]
        g = np.where(np.isfinite(g), g, mean)
        return np.column_stack([np.ones(len(g)), (g - mean) / sd]) @ coef

    return predict, float(np.sqrt(err)), keep


def _dm_p(loss_a: np.ndarray, loss_b: np.ndarray, lag: int = 7) -> float:
    """One-sided Diebold–Mariano p-value that ``loss_a`` is smaller on average (Newey–West)."""
    d = loss_b - loss_a
    n = len(d)
    dc = d - d.mean()
    var = float(dc @ dc) / n
    for k in range(1, min(lag, n - 1) + 1):
        var += 2 * (1 - k / (lag + 1)) * float(dc[k:] @ dc[:-k]) / n
    if var <= 0:
        return 0.0 if d.mean() > 0 else 1.0
    return float(stats.norm.sf(d.mean() / np.sqrt(var / n)))


def forecast(daily: pd.DataFrame, *, outcome: str = "pain") -> ForecastReport:
    """Rolling-origin evaluation of next-day pain forecasts and, if it earns it, tomorrow's.

    Returns
    -------
    ForecastReport
        ``scores`` per forecaster (MAE and CRPS in pain points, Brier for flares),
        ``show_to_person`` and ``tomorrow`` (mean, 80 % range, flare probability).
        A numerical failure of a fit (a singular or non-convergent solve on unusual data)
        gives a report saying there is not enough usable data, never an exception.
    """
    frame = as_daily(daily)
    try:
        return _forecast(frame, outcome)
    except NUMERICAL_FAILURES as exc:
        return ForecastReport(False, 0, message=numerical_failure_message("the forecast", exc),
                              reason="numerical failure")


def _forecast(frame: pd.DataFrame, outcome: str) -> ForecastReport:
    need = (f"Not enough data yet: forecasts are tested on your own past days first, which "
            f"needs at least {MIN_TRAIN_DAYS + MIN_SCORED_DAYS} days with a pain rating")
    if outcome not in frame.columns or len(frame) == 0:
        return ForecastReport(False, 0, message=need + "; the diary has none.")
    y = frame[outcome].to_numpy(dtype=float)
    n_rated = int(np.isfinite(y).sum())
    if n_rated < MIN_TRAIN_DAYS + MIN_SCORED_DAYS:
        return ForecastReport(False, 0, message=need + f"; the diary has {n_rated}.")
    if np.nanstd(y) == 0:
        return ForecastReport(False, 0, message=(
            f"{outcome.capitalize()} was the same on every logged day; there is nothing to "
            "forecast."))

    n = len(y)
    feats, labels = _features(frame, y)
    first_used: dict[str, str | None] = dict.fromkeys(labels)
    target = np.r_[y[1:], np.nan]  # y_{t+1} for origin t
    baseline = personal_baseline(frame[outcome]).to_numpy(dtype=float)
    threshold = baseline + np.maximum(MIN_RISE, MIN_RISE_FRACTION * baseline)
    thr_next = np.r_[threshold[1:], np.nan]
    declared = frame["flare"].to_numpy(dtype=float) if "flare" in frame.columns else None
    if declared is not None and np.nansum(declared > 0) >= 5:
        label_src, label = "your flare flags", np.where(np.isfinite(declared), declared > 0, np.nan)
    else:
        det = detect_flares(frame, outcome=outcome).days["detected"].to_numpy()
        label_src, label = "the flare detector", np.where(np.isfinite(y), det, np.nan)
    label_next = np.r_[label[1:], np.nan]

    usable = np.isfinite(y) & np.isfinite(target)
    origins = np.flatnonzero(usable)
    first = origins[MIN_TRAIN_DAYS - 1] + 1 if len(origins) >= MIN_TRAIN_DAYS else n
    scored = origins[origins >= first]
    if len(scored) < MIN_SCORED_DAYS:
        return ForecastReport(False, len(scored), message=need + f"; the diary has {n_rated}.")

    mu = {k: np.full(len(scored), np.nan) for k in ("persistence", "ar1", "painscope")}
    sig = {k: np.full(len(scored), np.nan) for k in mu}
    clim = np.full(len(scored), np.nan)
    fitted_at = -REFIT_EVERY
    models: dict[str, Any] = {}
    for i, t in enumerate(scored):
        if t - fitted_at >= REFIT_EVERY:
            models = _fit_all(y, feats, target, label_next, origins[origins < t])
            fitted_at = t
            for label, used in zip(labels, models["keep"][N_BASE_FEATURES:], strict=True):
                if used and first_used[label] is None:
                    first_used[label] = frame.index[t + 1].date().isoformat()
        for key in mu:
            mu[key][i], sig[key][i] = models[key](t)
        clim[i] = models["climatology"]
    obs = target[scored]
    scores: dict[str, dict[str, float | None]] = {}
    crps_each = {}
    lab = label_next[scored]
    has_label = np.isfinite(lab) & np.isfinite(thr_next[scored])
    for key in mu:
        crps = crps_gaussian(obs, mu[key], sig[key])
        crps_each[key] = crps
        pf = _gaussian_flare_p(mu[key], sig[key], thr_next[scored])
        brier = float(np.mean((pf[has_label] - lab[has_label]) ** 2)) if has_label.any() else None
        scores[key] = {"mae": float(np.mean(np.abs(obs - mu[key]))), "crps": float(np.mean(crps)),
                       "brier": brier}
    if has_label.any():
        scores["climatology"] = {"mae": None, "crps": None,
                                 "brier": float(np.mean((clim[has_label] - lab[has_label]) ** 2))}

    best_base = min(("persistence", "ar1"), key=lambda k: scores[k]["crps"])
    dm = _dm_p(crps_each["painscope"], crps_each[best_base])
    m, reasons = scores["painscope"], []
    for base in ("persistence", "ar1"):
        for metric in ("mae", "crps"):
            if not m[metric] < scores[base][metric]:
                reasons.append(f"{metric.upper()} not better than {base}")
    show_flare = False
    if m["brier"] is not None:
        best_other = min(v["brier"] for k, v in scores.items() if k != "painscope")
        show_flare = m["brier"] < best_other
    if dm >= DM_ALPHA:
        reasons.append(f"advantage over {best_base} not distinguishable from chance "
                       f"(Diebold–Mariano p = {dm:.2f})")
    show = not reasons

    tomorrow = None
    if show:
        final = _fit_all(y, feats, target, label_next, origins)
        last = int(np.flatnonzero(np.isfinite(y))[-1])
        mu_t, sig_t = final["painscope"](last)
        z80 = stats.norm.ppf(0.9)
        thr_t = threshold[last]  # baseline as of the last day: the best available
        tomorrow = {
            "date": (frame.index[last] + pd.Timedelta(days=1)).date().isoformat(),
            "pain": float(np.clip(mu_t, 0, 10)),
            "low": float(np.clip(mu_t - z80 * sig_t, 0, 10)),
            "high": float(np.clip(mu_t + z80 * sig_t, 0, 10)),
            "flare_probability": float(_gaussian_flare_p(mu_t, sig_t, thr_t))
            if show_flare and np.isfinite(thr_t) else None,
        }
    pred = pd.DataFrame({"observed": obs, **{f"{k}_mean": v for k, v in mu.items()},
                         **{f"{k}_sd": v for k, v in sig.items()}},
                        index=frame.index[scored + 1])
    return ForecastReport(show_to_person=show, n_scored=len(scored), scores=scores,
                          predictions=pred,
                          tomorrow=tomorrow, dm_p=dm, flare_label=label_src,
                          show_flare_probability=show and show_flare,
                          reason="; ".join(reasons), covariates=first_used)


def _fit_all(y, feats, target, label_next, train):
    """Fit the three forecasters on origins ``train`` (targets all observed)."""
    yt, tt = y[train], target[train]
    pers_sd = float(np.sqrt(np.mean((tt - yt) ** 2))) or 1e-3
    a = np.column_stack([np.ones(len(yt)), yt])
    coef, *_ = np.linalg.lstsq(a, tt, rcond=None)
    ar_sd = float(np.sqrt(np.mean((tt - a @ coef) ** 2) * len(yt) / max(len(yt) - 2, 1))) or 1e-3
    predict, ridge_sd, keep = _ridge(feats[train], tt)
    lab = label_next[train]
    clim = float(np.nanmean(lab)) if np.isfinite(lab).any() else np.nan
    return {
        "persistence": lambda t: (y[t], pers_sd),
        "ar1": lambda t: (coef[0] + coef[1] * y[t], ar_sd),
        "painscope": lambda t: (float(predict(feats[t:t + 1])[0]), max(ridge_sd, 1e-3)),
        "climatology": clim,
        "keep": keep,
    }
