"""Lagged effects: which logged factors are followed by more (or less) pain.

Method (docs/insights.md §1): for each candidate ``x`` one within-person distributed-lag
regression over the tested delays K (ANALYTICS.md §3.3, unconstrained lag basis)

    pain_t = intercept + trend(t) + weekday(t) + Σ_{k∈K} β_k x_{t−k} + e_t,  e_t AR(1) in days,

fitted by Prais–Winsten FGLS with the AR coefficient from REML (see :mod:`._fgls`), so the
interval accounts for the strong day-to-day persistence of pain (ANALYTICS.md §2.2: naive
tests at φ = 0.7 are "significant" 24 % of the time). β is in pain points per exposed day
(binary candidates) or per one standard deviation of the candidate (continuous ones),
each delay adjusted for the others. Fitting delays one at a time would be wrong here: with
AR(1) errors, a real next-day effect of a persistent exposure shows up as a spurious
opposite-sign same-day "effect" (the quasi-differenced regressors overlap), which the
joint model removes.
Benjamini–Hochberg controls the false discovery rate over every candidate × lag actually
tested (Benjamini & Hochberg 1995). Optional circular-shift permutation p-values
(ANALYTICS.md §3.6) replace the analytic ones.

This is an exploratory scan: a finding says what *is followed by* what in this diary, never
what causes it; a planned on/off experiment (:func:`painscope.insights.abab_plan`) is the way
to confirm one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from painscope.diary.schema import MEASURES, RATINGS
from painscope.insights._daily import (
    NUMERICAL_FAILURES,
    Candidate,
    as_daily,
    candidate_columns,
    candidate_values,
    column_units,
    nuisance,
    numerical_failure_message,
)
from painscope.insights._fgls import (
    Whitened,
    benjamini_hochberg,
    joint_effects,
    pw_transform_rows,
    t_interval,
)
from painscope.insights._text import continuous_subject, magnitude, reverse_sentence, signed

#: Gates (docs/insights.md §1.3). Binary: 14 days with and 14 without, i.e. two weeks of
#: each, the minimum at which a 1-point effect at pain SD 1.6 has a CI narrower than about
#: ±1.5 points under φ = 0.7 (n_eff ≈ 0.34 n, ANALYTICS.md §2.2). Continuous: the same 28
#: days, split 14/14 around the candidate's median so that it actually varies.
MIN_EXPOSED = 14
MIN_UNEXPOSED = 14
MIN_PAIN_DAYS = 28
MAX_LAG = 7
#: Two candidates whose daily series correlate this strongly cannot be told apart.
COLLINEAR_R = 0.9
#: Excluded circular shifts: within this many days of any tested lag (effects persist).
PERMUTATION_GUARD = 7

UNITS = {"sleep_hours": "h", "steps": "steps", "hrv_rmssd_night": "ms", "resting_hr": "bpm",
         "hrv_lnrmssd_morning": "ln ms"}


@dataclass
class Finding:
    """One candidate × lag test."""

    factor: str
    column: str
    family: str
    lag: int
    effect: float
    ci_low: float
    ci_high: float
    p: float
    q: float
    significant: bool
    n_exposed: int | None
    n_unexposed: int | None
    n_days: int
    binary: bool
    per: str
    rho: float
    warnings: list[str] = field(default_factory=list)
    #: Short codes of the warnings: "collinear", "reverse", "clustered".
    warning_codes: list[str] = field(default_factory=list)
    sentence: str = ""
    #: Reverse-direction check (docs/insights.md §1.4): change in the candidate the day
    #: after a 1-point worse pain day and its p-value; None when not flagged. Kept here for
    #: the curious, never in a person-facing sentence.
    reverse_effect: float | None = None
    reverse_p: float | None = None
    #: One standard deviation of a continuous candidate, in its own unit (None for yes/no).
    sd: float | None = None
    #: The candidate's unit ("h", "min", "points" for a rating; "" when the diary gives none).
    unit: str = ""


@dataclass
class NotTested:
    factor: str
    reason: str
    lags: list[int] = field(default_factory=list)


@dataclass
class TriggerReport:
    """Result of :func:`lagged_effects`; ``to_dict()`` is the CLI/web JSON shape."""

    findings: list[Finding]
    not_tested: list[NotTested]
    lags: list[int]
    fdr: float
    inference: str
    n_pain_days: int
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [asdict(f) for f in self.findings],
            "not_tested": [asdict(n) for n in self.not_tested],
            "lags": self.lags,
            "fdr": self.fdr,
            "inference": self.inference,
            "n_pain_days": self.n_pain_days,
            "method": METHOD,
            "message": self.message,
            "sentences": self.sentences(),
        }

    @property
    def significant(self) -> list[Finding]:
        return [f for f in self.findings if f.significant]

    def sentences(self) -> list[str]:
        if self.message:
            return [self.message]
        n = len(self.findings)
        sig = self.significant
        out = [
            f"{n} factor × delay combinations were checked against {self.n_pain_days} days "
            f"with a pain rating; {len(sig)} stood out after allowing for the number of checks "
            f"(false discovery rate {self.fdr:.0%})."
        ]
        out += [f.sentence for f in sig]
        if not sig and n:
            out.append("None of the factors is clearly followed by a change in pain yet. "
                       "That is not proof that they have no effect: effects smaller than the "
                       "intervals below cannot be ruled out.")
        for nt in self.not_tested:
            where = "" if nt.lags == self.lags else \
                f" (delay {', '.join(str(lag) for lag in nt.lags)} d)"
            out.append(f"{nt.factor}{where}: not tested — {nt.reason}")
        out.append("These are patterns in your diary (what is followed by what), not proof of "
                   "cause. To check one, plan an on/off experiment.")
        return out


METHOD = ("distributed-lag regression (all delays of a factor together) with AR(1) errors "
          "(Prais–Winsten, REML), adjusted for trend and weekday; Benjamini–Hochberg over all "
          "factor × lag tests")


def _lag_phrase(lag: int) -> str:
    return {0: "on the same day", 1: "the next day"}.get(lag, f"{lag} days later")


def _sentence(f: Finding) -> str:
    """The finding in plain words; numbers via :func:`signed`/:func:`magnitude` (never "-0.0")."""
    direction = "higher" if f.effect > 0 else "lower"
    interval = f"95 % interval {signed(f.ci_low)} to {signed(f.ci_high)} points"
    if f.binary:
        subject = f"Days with {f.factor} were"
        data = f"{f.n_exposed} days with, {f.n_unexposed} without"
    else:
        sd = f.sd if f.sd is not None else float("nan")
        subject = f"{continuous_subject(f.column, f.factor, sd, f.unit)} was"
        data = f"{f.n_days} days"
    if f.lag == 0:
        subject = subject.removesuffix(" was").removesuffix(" were")
        if f.significant:
            return (f"{subject} went together with pain {magnitude(f.effect)} points "
                    f"{direction} on the same day ({interval}; {data}); which comes first "
                    "cannot be told within a day.")
        return (f"{subject} did not clearly go together with a change in pain on the same day: "
                f"{signed(f.effect)} points ({interval}; {data}), compatible with no effect.")
    if f.significant:
        return (f"{subject} followed {_lag_phrase(f.lag)} by pain {magnitude(f.effect)} points "
                f"{direction} on average ({interval}; {data}).")
    return (f"{subject} not clearly followed {_lag_phrase(f.lag)} by a change in pain: "
            f"{signed(f.effect)} points ({interval}; {data}), compatible with no effect.")


def _unit(column: str, units: Mapping[str, str] | None = None) -> str:
    """A candidate's unit: the diary's own (``units``), else a known measure's, else "" —
    never "points" for a measure or factor whose unit is unknown (issue 14)."""
    if units and units.get(column):
        return units[column]
    if column in UNITS:
        return UNITS[column]
    if column in RATINGS:
        return "points"
    return MEASURES[column].unit if column in MEASURES else ""


def _gate(cand: Candidate, x: np.ndarray, sd: float, min_exposed: int, min_unexposed: int,
          min_days: int) -> str | None:
    """Reason why a candidate × lag cannot be tested, or None."""
    n = int(np.isfinite(x).sum())
    if n == 0:
        return f"no days where both pain and {cand.label} were logged"
    if cand.binary:
        ne = int((x == 1).sum())
        nu = n - ne
        if ne < min_exposed or nu < min_unexposed:
            return (f"needs at least {min_exposed} days with and {min_unexposed} days without "
                    f"{cand.label} (you have {ne} with and {nu} without)")
        return None
    if n < min_days:
        # Checked before the spread: one or two logged days always look "the same every
        # day", which would hide the real problem (too few days).
        return (f"needs at least {min_days} days with both pain and {cand.label} (you have "
                f"only {n} day{'s' if n != 1 else ''})")
    if not np.isfinite(sd) or sd == 0:
        return f"{cand.label} was the same on every logged day"
    xs = x[np.isfinite(x)]
    med = np.median(xs)
    above, below = int((xs > med).sum()), int((xs <= med).sum())
    if min(above, below) < min_days // 2:
        return (f"needs at least {min_days} days with both pain and {cand.label}, varying on "
                f"at least {min_days // 2} days above and {min_days // 2} at or below its usual "
                f"value (you have {n} days: {above} above, {below} at or below)")
    return None


def _shift(x: np.ndarray, lag: int) -> np.ndarray:
    """``out[t] = x[t − lag]``."""
    out = np.full_like(x, np.nan)
    out[lag:] = x[: len(x) - lag] if lag else x
    return out


def parse_lags(text: str | Iterable[int]) -> list[int]:
    """Lags from ``"0-3"``, ``"1,2"`` or an iterable; each between 0 and 7 days."""
    if isinstance(text, str):
        lags: list[int] = []
        for part in text.replace(" ", "").split(","):
            if not part:
                continue
            if "-" in part:
                lo, hi = part.split("-", 1)
                lags.extend(range(int(lo), int(hi) + 1))
            else:
                lags.append(int(part))
    else:
        lags = [int(v) for v in text]
    lags = sorted(set(lags))
    if not lags or lags[0] < 0 or lags[-1] > MAX_LAG:
        raise ValueError(f"lags must be whole days between 0 and {MAX_LAG} (got {lags})")
    return lags


def lagged_effects(
    daily: pd.DataFrame,
    lags: Iterable[int] | str = range(4),
    *,
    outcome: str = "pain",
    fdr: float = 0.05,
    inference: str = "ar1",
    n_permutations: int = 999,
    seed: int = 0,
    min_exposed: int = MIN_EXPOSED,
    min_unexposed: int = MIN_UNEXPOSED,
    min_days: int = 2 * MIN_EXPOSED,
    candidates: Iterable[str] | None = None,
    reverse_alpha: float = 0.05,
    units: Mapping[str, str] | None = None,
) -> TriggerReport:
    """Scan candidates × lags for effects on pain, with honest uncertainty.

    Parameters
    ----------
    daily
        A daily table (``painscope.diary.daily_table`` output or a simulated one) or the
        canonical diary frame.
    lags
        Delays in days (0–7); ``"0-3"`` style strings are accepted.
    fdr
        Benjamini–Hochberg false discovery rate; ``significant`` means q < fdr.
    inference
        ``"ar1"`` (analytic t-test of the FGLS estimate) or ``"permutation"`` (circular-shift
        permutation of the candidate, ANALYTICS.md §3.6; the smallest p-value it can give is
        1/(shifts + 1), so it needs long diaries to survive the multiple-testing correction).
    candidates
        Daily-table columns to screen (default: every factor, food, quality, medication,
        menstruation, non-pain rating and measure column).
    units
        Unit of each daily-table column (:func:`painscope.insights._daily.column_units`),
        used in the sentences; read from the diary itself when ``daily`` is the canonical
        frame. A column without a unit is worded neutrally.

    Returns
    -------
    TriggerReport
        ``findings`` (one per tested candidate × lag, most convincing first) and
        ``not_tested`` with the plain reason (minimum-data gates).
    """
    lag_list = parse_lags(lags)
    if inference not in ("ar1", "permutation"):
        raise ValueError(f"inference must be 'ar1' or 'permutation' (got {inference!r})")
    if units is None:
        units = column_units(daily)
    frame = as_daily(daily)
    base = {"lags": lag_list, "fdr": fdr, "inference": inference}
    try:
        return _lagged_effects(frame, lag_list, base, outcome=outcome, fdr=fdr,
                               inference=inference, n_permutations=n_permutations, seed=seed,
                               min_exposed=min_exposed, min_unexposed=min_unexposed,
                               min_days=min_days, candidates=candidates,
                               reverse_alpha=reverse_alpha, units=units)
    except NUMERICAL_FAILURES as exc:
        n_pain = int(frame[outcome].notna().sum()) if outcome in frame.columns else 0
        return TriggerReport([], [], n_pain_days=n_pain,
                             message=numerical_failure_message("the factor analysis", exc), **base)


def _lagged_effects(frame: pd.DataFrame, lag_list: list[int], base: dict[str, Any], *,
                    outcome: str, fdr: float, inference: str, n_permutations: int, seed: int,
                    min_exposed: int, min_unexposed: int, min_days: int,
                    candidates: Iterable[str] | None, reverse_alpha: float,
                    units: Mapping[str, str]) -> TriggerReport:
    if outcome not in frame.columns or len(frame) == 0:
        return TriggerReport([], [], n_pain_days=0, message=(
            f"Not enough data yet: the diary has no {outcome} ratings. Lagged effects need at "
            f"least {MIN_PAIN_DAYS} days with a {outcome} rating."), **base)
    y_all = frame[outcome].to_numpy(dtype=float)
    pain_obs = np.isfinite(y_all)
    n_pain = int(pain_obs.sum())
    if n_pain < MIN_PAIN_DAYS:
        return TriggerReport([], [], n_pain_days=n_pain, message=(
            f"Not enough data yet: lagged effects need at least {MIN_PAIN_DAYS} days with a "
            f"{outcome} rating; the diary has {n_pain}."), **base)
    if np.nanstd(y_all) == 0:
        return TriggerReport([], [], n_pain_days=n_pain, message=(
            f"{outcome.capitalize()} was {np.nanmax(y_all):g} on every logged day, so there is "
            "no change in pain for any factor to explain."), **base)

    cands = candidate_columns(frame)
    if candidates is not None:
        wanted = set(candidates)
        cands = [c for c in cands if c.column in wanted]
    index = frame.index
    n_total = len(frame)

    series: dict[str, np.ndarray] = {}
    scale: dict[str, float] = {}
    not_tested: list[NotTested] = []
    # Every candidate is analysed on the same days (all days with a pain rating), so one
    # whitening (one REML ρ) serves all; lags of one candidate enter one distributed-lag
    # model. Candidates are grouped by the set of lags that pass the gates.
    rows = np.flatnonzero(pain_obs)
    # A candidate's model holds all requested delays (so a delay that fails its gate still
    # adjusts the others and cannot smear into them); only delays past the gates are reported.
    groups: dict[tuple[int, ...], list[Candidate]] = {}
    observed: dict[tuple[str, int], np.ndarray] = {}
    reportable: set[tuple[str, int]] = set()
    for cand in cands:
        x = candidate_values(frame, cand)
        sd = float(np.nanstd(x)) if np.isfinite(x).any() else np.nan
        series[cand.column] = x
        scale[cand.column] = 1.0 if cand.binary else sd
        failed: list[tuple[int, str]] = []
        passed: list[int] = []
        for lag in lag_list:
            xl = _shift(x, lag)[rows]
            observed[(cand.column, lag)] = xl
            reason = _gate(cand, xl, sd, min_exposed, min_unexposed, min_days)
            if reason:
                failed.append((lag, reason))
            else:
                passed.append(lag)
                reportable.add((cand.column, lag))
        if failed:
            # Counts differ by a day or two between lags; the first lag's reason speaks for all.
            not_tested.append(NotTested(cand.label, failed[0][1], [lag for lag, _ in failed]))
        if passed:
            groups.setdefault(tuple(lag_list), []).append(cand)

    findings: list[Finding] = []
    white = None
    if groups:
        white = Whitened(y_all[rows], nuisance(index, rows), rows)
    rng = np.random.default_rng(seed)
    for glags, members in groups.items():
        assert white is not None
        block = np.empty((len(members), len(glags), len(rows)))
        for m, cand in enumerate(members):
            fill = float(np.nanmean(series[cand.column]))
            for k, lag in enumerate(glags):
                xl = observed[(cand.column, lag)]
                # Days whose exposure was not logged count as a typical day (the candidate's
                # mean): they carry no information on the effect but keep one set of days.
                block[m, k] = np.where(np.isfinite(xl), xl, fill) / scale[cand.column]
                if not np.isfinite(block[m, k]).all():  # never logged at all
                    block[m, k] = 0.0
        fit = joint_effects(white, pw_transform_rows(block, white.rho, white.gaps))
        lo, hi = t_interval(fit.beta, fit.se, fit.df)
        pvals = fit.p.copy()
        if inference == "permutation":
            pvals = _permutation_p(white, members, glags, series, scale, rows, n_total,
                                   n_permutations, rng, fit)
        for m, cand in enumerate(members):
            for k, lag in enumerate(glags):
                if (cand.column, lag) not in reportable:
                    continue
                if not np.isfinite(fit.beta[m, k]):
                    not_tested.append(NotTested(cand.label, (
                        "cannot be separated from the weekday pattern, the slow trend of the "
                        "diary or its own other delays"), [lag]))
                    continue
                xl = observed[(cand.column, lag)]
                n_obs = int(np.isfinite(xl).sum())
                ne = int((xl == 1).sum()) if cand.binary else None
                unit = "" if cand.binary else _unit(cand.column, units)
                per = "day" if cand.binary else _per_text(cand, scale[cand.column], unit)
                findings.append(Finding(
                    factor=cand.label, column=cand.column, family=cand.family, lag=lag,
                    effect=float(fit.beta[m, k]), ci_low=float(lo[m, k]),
                    ci_high=float(hi[m, k]), p=float(pvals[m, k]), q=np.nan,
                    significant=False, n_exposed=ne,
                    n_unexposed=(n_obs - ne) if ne is not None else None,
                    n_days=n_obs, binary=cand.binary, per=per, rho=float(fit.rho),
                    sd=None if cand.binary else float(scale[cand.column]), unit=unit,
                ))

    qvals = benjamini_hochberg(np.array([f.p for f in findings]))
    for f, q in zip(findings, qvals, strict=True):
        f.q = float(q)
        f.significant = bool(q < fdr)

    tested = {f.column for f in findings}
    by_col = {c.column: c for c in cands}
    _collinearity_warnings(findings, frame, sorted(tested), by_col)
    _reverse_warnings(findings, frame, y_all, sorted(tested), by_col, series, reverse_alpha)
    _clustering_warnings(findings, series, pain_obs)

    for f in findings:
        f.sentence = _sentence(f)
    findings.sort(key=lambda f: (not f.significant, f.p, f.column, f.lag))
    not_tested.sort(key=lambda n: (n.factor, n.lags))
    return TriggerReport(findings, not_tested, n_pain_days=n_pain, **base)


def _per_text(cand: Candidate, sd: float, unit: str) -> str:
    if cand.column == "steps":
        return f"{sd:,.0f} steps (1 SD)"
    return f"{sd:.2g} {unit} (1 SD)".replace("  ", " ")


def _permutation_p(white: Whitened, members, glags, series, scale, rows, n_total,
                   n_permutations, rng, fit) -> np.ndarray:
    """Circular-shift permutation p-values for a group of candidates, shape (m, L).

    Each candidate's whole daily series is rotated by ``s`` days (its own autocorrelation
    kept, its alignment with pain broken; ANALYTICS.md §3.6), its lag block rebuilt from the
    rotated series (unlogged days at the candidate's mean) and the distributed-lag |t| values
    recomputed with the same ρ. Rotations that bring any tested lag within
    ``PERMUTATION_GUARD`` days of its true alignment are excluded, so that a real effect
    carried by a persistent exposure does not leak into its own null. The |t| of all lags
    are pooled into one null distribution (they are exchangeable under the null), and
    p = (1 + #{|t_null| ≥ |t_obs|}) / (1 + #null)  (Phipson & Smyth 2010, *SAGMB* 9:39).
    """
    reach = max(glags) + PERMUTATION_GUARD
    shifts = np.array([s for s in range(n_total) if reach < s < n_total - reach])
    if len(shifts) > n_permutations:
        shifts = rng.choice(shifts, size=n_permutations, replace=False)
    pvals = np.full(fit.beta.shape, np.nan)
    if len(shifts) == 0:
        return pvals
    lag_arr = np.asarray(glags)
    idx = (rows[None, None, :] - shifts[:, None, None] - lag_arr[None, :, None]) % n_total
    for m, cand in enumerate(members):
        x = series[cand.column] / scale[cand.column]
        xf = np.where(np.isfinite(x), x, np.nanmean(x))
        xt = pw_transform_rows(xf[idx], white.rho, white.gaps)  # (shifts, L, days)
        t_null = np.abs(joint_effects(white, xt).t).ravel()
        t_null = t_null[np.isfinite(t_null)]
        t_obs = np.abs(fit.t[m])
        pvals[m] = (1 + (t_null[None, :] >= t_obs[:, None] - 1e-12).sum(axis=1)) / (
            1 + len(t_null))
    return pvals


def _collinearity_warnings(findings, frame, tested, by_col) -> None:
    if len(tested) < 2:
        return
    corr = frame[tested].corr(min_periods=MIN_PAIN_DAYS).to_numpy()
    partners: dict[str, list[str]] = {c: [] for c in tested}
    for i, a in enumerate(tested):
        for j, b in enumerate(tested):
            if i != j and np.isfinite(corr[i, j]) and abs(corr[i, j]) >= COLLINEAR_R:
                partners[a].append(f"{by_col[b].label} (r = {corr[i, j]:+.2f})")
    for f in findings:
        if partners[f.column]:
            f.warning_codes.append("collinear")
            f.warnings.append(
                f"{f.factor} goes together with {', '.join(partners[f.column])} on almost "
                "every day; the diary cannot tell these apart.")


def _reverse_warnings(findings, frame, y_all, tested, by_col, series, alpha) -> None:
    """Warn when a candidate *follows* pain: test pain(t−1) → candidate(t).

    Rest, painkillers and cancelled plans are taken because of pain (ANALYTICS.md §2.2
    item 3); a link in this direction means part of any pain ↔ candidate association may run
    from pain to the candidate.
    """
    pain_prev = _shift(y_all, 1)
    reverse: dict[str, tuple[float, float]] = {}
    for col in tested:
        x = series[col]
        rows = np.flatnonzero(np.isfinite(x) & np.isfinite(pain_prev))
        if len(rows) < MIN_PAIN_DAYS or np.nanstd(x[rows]) == 0:
            continue
        z = nuisance(frame.index, rows)
        white = Whitened(x[rows], z, rows)
        fit = white.effects(pain_prev[rows][:, None])
        if np.isfinite(fit.p[0]) and fit.p[0] < alpha:
            reverse[col] = (float(fit.beta[0]), float(fit.p[0]))
    for f in findings:
        if f.column in reverse:
            beta, p = reverse[f.column]
            f.reverse_effect, f.reverse_p = beta, p
            f.warning_codes.append("reverse")
            f.warnings.append(reverse_sentence(f.column, f.factor, f.family, f.binary, beta,
                                               f.unit))


def _clustering_warnings(findings, series, pain_obs) -> None:
    """Warn when exposed days crowd into one quarter of the diary (ANALYTICS.md §3.0)."""
    days = np.flatnonzero(pain_obs)
    if len(days) < 4:
        return
    edges = np.quantile(days, [0.25, 0.5, 0.75])
    for f in findings:
        if not f.binary:
            continue
        x = series[f.column]
        exposed = days[x[days] == 1]
        if len(exposed) == 0:
            continue
        share = np.bincount(np.searchsorted(edges, exposed), minlength=4) / len(exposed)
        if share.max() > 0.75:
            f.warning_codes.append("clustered")
            f.warnings.append(
                f"Most days with {f.factor} fall in one stretch of the diary, so this estimate "
                "leans on the trend adjustment; log it across more weeks to check.")
