"""Effect sizes used to compare virtual cohorts with published figures."""

from __future__ import annotations

import numpy as np


def hedges_g(a: np.ndarray, b: np.ndarray) -> float:
    """Hedges' g of ``mean(a) - mean(b)`` with the small-sample correction.

    ``d = (mean_a - mean_b) / s_pooled`` with ``s_pooled^2 = ((n_a - 1) s_a^2 + (n_b - 1) s_b^2)
    / (n_a + n_b - 2)`` (sample variances, ddof = 1), and ``g = J d`` with
    ``J = 1 - 3 / (4 (n_a + n_b) - 9)`` (Hedges & Olkin 1985). This is the between-group
    SMD pooled in the meta-analyses of the target table (O'Brien et al. 2018; Bernardy et
    al. 2013; Koenig et al. 2016).
    """
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    na, nb = a.size, b.size
    sp = np.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    j = 1.0 - 3.0 / (4.0 * (na + nb) - 9.0)
    return float(j * (a.mean() - b.mean()) / sp)


def paired_smd(after: np.ndarray, before: np.ndarray) -> float:
    """Within-subject SMD ``d_z = mean(diff) / sd(diff)`` with Hedges' correction.

    ``diff = after - before`` per person, ``sd`` with ddof = 1 and ``J = 1 - 3 / (4 (n - 1)
    - 1)``; the within-subject effect size of repeated-measures sleep-deprivation studies
    (Schrimpf et al. 2015 report d for within-subject designs separately).
    """
    d = np.asarray(after, float) - np.asarray(before, float)
    n = d.size
    j = 1.0 - 3.0 / (4.0 * (n - 1) - 1.0)
    return float(j * d.mean() / d.std(ddof=1))


def lag1_autocorrelation(x: np.ndarray) -> np.ndarray:
    """Lag-1 autocorrelation of each row of ``x`` (people x days), mean removed per row."""
    x = np.asarray(x, float)
    xc = x - x.mean(axis=1, keepdims=True)
    num = (xc[:, 1:] * xc[:, :-1]).sum(axis=1)
    den = (xc * xc).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)
