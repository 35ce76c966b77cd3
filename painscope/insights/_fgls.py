"""Regression with AR(1) errors on an irregular daily grid, vectorised over candidates.

The core of every painscope insight is one model,

    y_t = Z_t γ + β x_t + e_t,    e_t = ρ^{g_t} e_{t-g_t} + u_t   (AR(1) in calendar days),

fitted by feasible generalised least squares (FGLS) with the Prais–Winsten transform
(Prais & Winsten 1954, Cowles Commission Discussion Paper 383; Judge et al., *The Theory and
Practice of Econometrics*, 2nd ed. 1985, §8.2). ``g_t`` is the number of calendar days since
the previous analysed day, so missing days are handled exactly for an AR(1) process in
continuous day time (Jones 1980, *Technometrics* 22:389–395, for AR(1) with gaps): the
transformed observation ``(v_t − ρ^g v_{t−g}) / sqrt(1 − ρ^{2g})`` has the same variance as
the first one, ``v_1``.

ρ is estimated once per set of analysed days from the nuisance-only model (``y`` on ``Z``) by
maximising the restricted (REML) profile likelihood on a grid, because REML is the estimator
that stayed least biased for short autocorrelated series in the interrupted-time-series
simulation of Turner et al. (medRxiv 2020.10.12.20211706); the 2026 simulation cited in
ANALYTICS.md §3.2 (arXiv 2603.24814) found Prais–Winsten calibrated where Newey–West was not.
With ρ fixed, the candidate effects follow from the Frisch–Waugh–Lovell theorem as one matrix
product for all candidates at once, which is what makes thousands of tests (circular-shift
permutations) affordable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

#: REML grid for ρ. Negative values are allowed (a diary can over-correct day to day); the
#: upper end stops short of a unit root, where the Prais–Winsten transform degenerates.
RHO_GRID = np.round(np.arange(-0.5, 0.991, 0.01), 3)


def gaps_from_days(days: np.ndarray) -> np.ndarray:
    """Calendar-day gaps before each analysed day (0 marks the first day of the series)."""
    days = np.asarray(days, dtype=np.int64)
    gaps = np.zeros(days.shape, dtype=np.int64)
    gaps[1:] = np.diff(days)
    return gaps


def _coefficients(rho: float | np.ndarray, gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Prais–Winsten weights: ṽ_t = a_t v_t − b_t v_{t−1}; shapes (..., n)."""
    rho = np.asarray(rho, dtype=float)[..., None]
    g = gaps.astype(float)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        rg = np.where(gaps > 0, np.sign(rho) ** g * np.abs(rho) ** g, 0.0)
    denom = np.sqrt(np.clip(1.0 - rg**2, 1e-12, None))
    a = 1.0 / denom
    b = rg / denom
    return a, b


def pw_transform(v: np.ndarray, rho: float, gaps: np.ndarray) -> np.ndarray:
    """Prais–Winsten transform of ``v`` (shape (n,) or (n, k)) along axis 0."""
    a, b = _coefficients(rho, gaps)
    v = np.asarray(v, dtype=float)
    if v.ndim == 2:
        a, b = a[:, None], b[:, None]
    out = v * a
    out[1:] -= v[:-1] * b[1:]
    return out


def _gap_moments(y: np.ndarray, z: np.ndarray, gaps: np.ndarray):
    """Cross-products of ``w = [Z, y]`` and its previous day, summed per distinct gap.

    The Prais–Winsten weights ``a_t``, ``b_t`` depend on day t only through its gap g_t, so
    for every ρ, ``W̃'W̃ = Σ_g a_g² S0_g − a_g b_g (S1_g + S1_g') + b_g² S2_g`` with
    ``S0_g = Σ w_t w_t'``, ``S1_g = Σ w_t w_{t−1}'``, ``S2_g = Σ w_{t−1} w_{t−1}'`` over the
    days with gap g. Computed once per series, this replaces transforming the whole
    (grid × days × columns) array at every ρ — the REML search's former hot spot.
    """
    w = np.column_stack([z, y]).astype(float)
    wprev = np.vstack([np.zeros((1, w.shape[1])), w[:-1]])
    ug, inv = np.unique(gaps, return_inverse=True)
    k = w.shape[1]
    s0 = np.empty((len(ug), k, k))
    s1 = np.empty((len(ug), k, k))
    s2 = np.empty((len(ug), k, k))
    for g in range(len(ug)):
        wg, pg = w[inv == g], wprev[inv == g]
        s0[g], s1[g], s2[g] = wg.T @ wg, wg.T @ pg, pg.T @ pg
    counts = np.bincount(inv, minlength=len(ug))
    return ug, counts, s0, s1 + s1.transpose(0, 2, 1), s2


def _reml_profile(y: np.ndarray, z: np.ndarray, gaps: np.ndarray, grid: np.ndarray,
                  moments=None) -> np.ndarray:
    """Restricted log-likelihood (σ² profiled out) at each ρ of ``grid``."""
    n, p = z.shape
    ug, counts, s0, s1, s2 = _gap_moments(y, z, gaps) if moments is None else moments
    a, b = _coefficients(grid, ug)  # (R, G)
    m = (np.einsum("rg,gij->rij", a * a, s0) - np.einsum("rg,gij->rij", a * b, s1)
         + np.einsum("rg,gij->rij", b * b, s2))  # W̃'W̃ per ρ, (R, p+1, p+1)
    ztz, zty, yty = m[:, :p, :p], m[:, :p, p], m[:, p, p]
    try:
        coef = np.linalg.solve(ztz, zty[..., None])[..., 0]
        sign, logdet = np.linalg.slogdet(ztz)
    except np.linalg.LinAlgError:
        return np.full(len(grid), -np.inf)
    rss = yty - np.einsum("rp,rp->r", coef, zty)
    rss = np.clip(rss, 1e-300, None)
    logr = -2.0 * (np.log(a) @ counts)
    ll = -0.5 * ((n - p) * np.log(rss) + logr + logdet)
    ll[~np.isfinite(ll) | (sign <= 0)] = -np.inf
    return ll


def reml_rho(y: np.ndarray, z: np.ndarray, gaps: np.ndarray) -> float:
    """REML estimate of the AR(1) coefficient of ``y − Zγ`` (coarse-to-fine grid search).

    The restricted log-likelihood, with the innovation variance profiled out, is
    ``−½[(n−p) log RSS(ρ) + log|R(ρ)| + log|Z̃'Z̃|]`` (Harville 1974, *Biometrika* 61:383–385),
    where ``log|R| = Σ log(1 − ρ^{2g_t})`` for the AR(1) correlation matrix with gaps.
    Searched on ρ ∈ [−0.5, 0.99]: a 0.05 grid, then a 0.005 grid around its best point and a
    parabolic step, which finds the maximum to well under 0.005.
    """
    n, p = z.shape
    if n - p < 3:
        return 0.0
    coarse = np.round(np.arange(RHO_GRID[0], RHO_GRID[-1] + 1e-9, 0.05), 3)
    moments = _gap_moments(y, z, gaps)
    ll = _reml_profile(y, z, gaps, coarse, moments)
    if not np.isfinite(ll).any():
        return 0.0
    c = coarse[int(np.argmax(ll))]
    fine = np.round(np.arange(max(c - 0.05, RHO_GRID[0]), min(c + 0.05, RHO_GRID[-1]) + 1e-9,
                              0.005), 4)
    ll = _reml_profile(y, z, gaps, fine, moments)
    i = int(np.argmax(ll))
    if 0 < i < len(fine) - 1 and np.all(np.isfinite(ll[i - 1 : i + 2])):
        l0, l1, l2 = ll[i - 1 : i + 2]
        den = l0 - 2 * l1 + l2
        if den < 0:
            step = fine[i + 1] - fine[i]
            return float(fine[i] + 0.5 * step * (l0 - l2) / den)
    return float(fine[i])


@dataclass(frozen=True)
class Fit:
    """Effects of several candidates, each in its own model ``y ~ Z + x_j`` with AR(1) errors."""

    beta: np.ndarray
    se: np.ndarray
    t: np.ndarray
    p: np.ndarray
    df: int
    rho: float
    #: Variance of the candidate left after removing nuisance terms (0 → inseparable).
    x_resid_ss: np.ndarray


class Whitened:
    """``y`` and ``Z`` transformed with ρ, with the projection that removes ``Z``.

    Reused for many candidate columns (and permutations) sharing the same analysed days.
    """

    def __init__(self, y: np.ndarray, z: np.ndarray, days: np.ndarray, rho: float | None = None):
        self.gaps = gaps_from_days(days)
        self.rho = reml_rho(y, z, self.gaps) if rho is None else float(rho)
        self.n, self.p = z.shape
        zt = pw_transform(z, self.rho, self.gaps)
        q, r = np.linalg.qr(zt)
        # Drop numerically dependent nuisance columns (e.g. a weekday never observed).
        keep = np.abs(np.diag(r)) > 1e-9 * max(1.0, float(np.abs(np.diag(r)).max()))
        self.q = q[:, keep]
        self.p = int(keep.sum())
        yt = pw_transform(y, self.rho, self.gaps)
        self.y_res = yt - self.q @ (self.q.T @ yt)
        self.y_ss = float(self.y_res @ self.y_res)

    def transform(self, x: np.ndarray) -> np.ndarray:
        return pw_transform(x, self.rho, self.gaps)

    def effects(self, x: np.ndarray) -> Fit:
        """FGLS effect of each column of ``x`` (n × m), one model per column."""
        xt = self.transform(x)
        return self.effects_transformed(xt)

    def effects_transformed(self, xt: np.ndarray) -> Fit:
        xy = self.y_res @ xt
        qx = self.q.T @ xt
        xx = np.einsum("nm,nm->m", xt, xt) - np.einsum("pm,pm->m", qx, qx)
        df = self.n - self.p - 1
        ok = xx > 1e-10 * np.maximum(1.0, np.einsum("nm,nm->m", xt, xt))
        with np.errstate(divide="ignore", invalid="ignore"):
            beta = np.where(ok, xy / xx, np.nan)
            rss = np.clip(self.y_ss - beta * xy, 0.0, None)
            se = np.sqrt(rss / max(df, 1) / xx)
            t = beta / se
        p = 2.0 * stats.t.sf(np.abs(t), max(df, 1))
        return Fit(beta=beta, se=se, t=t, p=p, df=df, rho=self.rho, x_resid_ss=np.where(ok, xx, 0.0))


@dataclass(frozen=True)
class JointFit:
    """Distributed-lag fit: for each candidate m, lags l estimated jointly (shape (m, L))."""

    beta: np.ndarray
    se: np.ndarray
    t: np.ndarray
    p: np.ndarray
    df: int
    rho: float


def pw_transform_rows(v: np.ndarray, rho: float, gaps: np.ndarray) -> np.ndarray:
    """Prais–Winsten transform along the *last* axis (days), for (..., n) stacks."""
    a, b = _coefficients(rho, gaps)
    v = np.asarray(v, dtype=float)
    out = v * a
    out[..., 1:] -= v[..., :-1] * b[1:]
    return out


def joint_effects(white: Whitened, xt: np.ndarray) -> JointFit:
    """FGLS of ``y ~ Z + x_{m,1..L}`` for every candidate m at once.

    ``xt`` holds the transformed lag blocks, shape (m, L, n) (days last, so every product
    below is one BLAS call). Frisch–Waugh–Lovell per candidate: with the nuisance projection
    removed, ``β_m = A_m⁻¹ b_m``, ``A_m = X̃_mᵀ M X̃_m``, ``b_m = X̃_mᵀ M ỹ``, ``cov = s² A_m⁻¹``
    with ``s² = (ỹᵀMỹ − b_mᵀβ_m) / (n − p − L)``. A lag column that the nuisance terms and
    the other lags explain almost entirely gets NaN (it cannot be estimated).
    """
    m, nl, n = xt.shape
    flat = xt.reshape(m * nl, n)
    qx = (flat @ white.q).reshape(m, nl, -1)  # (m, L, p)
    a = np.matmul(xt, xt.transpose(0, 2, 1)) - np.matmul(qx, qx.transpose(0, 2, 1))
    b = (flat @ white.y_res).reshape(m, nl)
    a_inv = np.linalg.pinv(a, hermitian=True)
    beta = np.einsum("mlk,mk->ml", a_inv, b)
    df = white.n - white.p - nl
    rss = np.clip(white.y_ss - np.einsum("ml,ml->m", b, beta), 0.0, None)
    s2 = rss / max(df, 1)
    diag_inv = np.einsum("mll->ml", a_inv)
    diag_a = np.einsum("mll->ml", a)
    with np.errstate(divide="ignore", invalid="ignore"):
        partial = np.where(diag_inv > 0, 1.0 / diag_inv, 0.0)
        ok = partial > 1e-8 * np.maximum(diag_a, 1.0)
        se = np.where(ok, np.sqrt(s2[:, None] * diag_inv), np.nan)
        beta = np.where(ok, beta, np.nan)
        t = beta / se
    p = 2.0 * stats.t.sf(np.abs(t), max(df, 1))
    return JointFit(beta=beta, se=se, t=t, p=p, df=df, rho=white.rho)


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values); NaN stays NaN.

    Benjamini & Hochberg 1995, *J R Stat Soc B* 57:289–300: q_(i) = min_{j≥i} m p_(j) / j.
    """
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    m = int(ok.sum())
    if m == 0:
        return q
    pv = p[ok]
    order = np.argsort(pv)
    ranked = pv[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    # q ≥ p holds exactly; the max guards against rounding in p·m/rank.
    out[order] = np.clip(np.maximum(ranked, pv[order]), 0.0, 1.0)
    q[ok] = out
    return q


def t_interval(beta: np.ndarray, se: np.ndarray, df: int, level: float = 0.95):
    """Two-sided t interval ``β ± t_{df} se``."""
    c = stats.t.ppf(0.5 + level / 2, max(df, 1))
    return beta - c * se, beta + c * se


@dataclass(frozen=True)
class GlsFit:
    """Joint FGLS fit of ``y ~ Z`` with AR(1) errors: coefficients and their covariance."""

    coef: np.ndarray
    cov: np.ndarray
    df: int
    rho: float
    sigma: float

    def contrast(self, c: np.ndarray, level: float = 0.95) -> tuple[float, float, float, float]:
        """Estimate, lower, upper bound and two-sided p of ``c · coef``."""
        est = float(c @ self.coef)
        se = float(np.sqrt(max(c @ self.cov @ c, 0.0)))
        lo, hi = t_interval(np.array(est), np.array(se), self.df, level)
        p = float(2 * stats.t.sf(abs(est / se), max(self.df, 1))) if se > 0 else float("nan")
        return est, float(lo), float(hi), p


def gls_fit(y: np.ndarray, z: np.ndarray, days: np.ndarray) -> GlsFit:
    """Prais–Winsten FGLS of ``y`` on all columns of ``z`` (REML ρ from this same model)."""
    gaps = gaps_from_days(days)
    rho = reml_rho(y, z, gaps)
    zt = pw_transform(z, rho, gaps)
    yt = pw_transform(y, rho, gaps)
    coef, *_ = np.linalg.lstsq(zt, yt, rcond=None)
    resid = yt - zt @ coef
    n, p = z.shape
    df = max(n - p, 1)
    s2 = float(resid @ resid) / df
    cov = s2 * np.linalg.pinv(zt.T @ zt)
    return GlsFit(coef=coef, cov=cov, df=df, rho=rho, sigma=float(np.sqrt(s2)))
