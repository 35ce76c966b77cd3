"""Virtual parallel-group trials: run arms (ordinary scenarios) and compare them.

A virtual trial is two or more scenarios (the arms), usually the same profile and design
with different treatments and different seeds (other virtual people per arm, as in a real
parallel-group trial; the same seed in both arms gives a "same people, two worlds"
comparison instead). The read-out follows the chronic-pain trial conventions the target
table uses (T12, T13):

* **baseline** = mean diary pain over the first ``baseline_days`` days, **final** = mean over
  the last ``final_days`` days, per person;
* **entry**: people whose baseline is at least ``entry_min`` (FM trials enrol mean pain
  >= 4/10, Lunn et al. 2014 Cochrane);
* **responders**: final pain <= 70 % / <= 50 % of baseline (at least 30 % / 50 % relief, the
  IMMPACT moderate and substantial benefit levels, Dworkin et al. 2008 J Pain);
* each arm against the control arm: difference of final means with a Welch 95 %
  confidence interval, Hedges' g with its approximate 95 % interval (Hedges & Olkin 1985),
  differences of responder rates with Newcombe's hybrid-score interval, and the number
  needed to treat for 50 % relief.

Every figure is a statement about virtual people of an educational model, not a prediction
for any real person.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from painscope.model.api import DISCLAIMER
from painscope.model.scenario import run_chunk, validate_scenario
from painscope.model.stats import hedges_g

#: Largest arm simulated in one piece (per-person daily pain is kept in memory for the read-out).
MAX_ARM_N = 50_000


class TrialError(ValueError):
    """A trial that cannot be read out as asked (the message names the arm and field)."""


@dataclass(frozen=True)
class Design:
    baseline_days: int = 7
    final_days: int = 7
    entry_min: float = 4.0

    def check(self, name: str, days: int) -> None:
        if self.baseline_days < 1 or self.final_days < 1:
            raise TrialError("baseline_days and final_days must be at least 1")
        if days < self.baseline_days + self.final_days:
            raise TrialError(
                f"arm {name!r}: days must be at least baseline_days + final_days "
                f"({self.baseline_days} + {self.final_days}); got {days}"
            )


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (centre - half, centre + half)


def _newcombe(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """95 % interval of p1 - p2 (Newcombe 1998, method 10: hybrid score from Wilson limits)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = _wilson(k1, n1)
    l2, u2 = _wilson(k2, n2)
    d = p1 - p2
    return (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def _welch(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Difference of means ``a - b`` and its Welch 95 % interval."""
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    t = float(stats.t.ppf(0.975, df))
    d = float(a.mean() - b.mean())
    return d, d - t * se, d + t * se


def _g_interval(g: float, na: int, nb: int) -> tuple[float, float]:
    se = math.sqrt((na + nb) / (na * nb) + g * g / (2 * (na + nb)))
    return g - 1.959964 * se, g + 1.959964 * se


def enrolled(pain: np.ndarray, design: Design) -> np.ndarray:
    """Who meets entry: baseline-window mean at least ``entry_min`` (``pain``: people x days)."""
    return pain[:, : design.baseline_days].mean(axis=1) >= design.entry_min


def arm_windows(pain: np.ndarray, design: Design) -> tuple[np.ndarray, np.ndarray]:
    """Baseline and final window means of the people who meet entry (``pain``: people x days)."""
    keep = enrolled(pain, design)
    return pain[keep, : design.baseline_days].mean(axis=1), pain[keep, -design.final_days :].mean(axis=1)


def _arm_summary(base: np.ndarray, final: np.ndarray, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {"n": n, "n_enrolled": int(base.size)}
    if base.size < 2:
        out["note"] = "fewer than 2 people met the entry criterion: not enough data for this arm"
        return out
    change = final - base
    t = float(stats.t.ppf(0.975, change.size - 1))
    se = float(change.std(ddof=1) / math.sqrt(change.size))
    out |= {"baseline_mean": float(base.mean()), "final_mean": float(final.mean()),
            "change_mean": float(change.mean()), "change_ci95": [float(change.mean() - t * se), float(change.mean() + t * se)]}
    for pct, frac in (("30", 0.7), ("50", 0.5)):
        k = int(np.sum(final <= frac * base))
        out[f"responders_{pct}pct"] = k / base.size
        out[f"responders_{pct}pct_ci95"] = list(_wilson(k, base.size))
    return out


def run_trial(
    arms: Mapping[str, Mapping[str, Any]],
    *,
    control: str | None = None,
    design: Design | None = None,
) -> dict[str, Any]:
    """Run every arm and compare each with ``control`` (default: the last arm).

    ``arms`` maps an arm name to a scenario (validated here; problems name the arm and the
    JSON path). Returns ``{"design", "arms": {name: summary}, "comparisons": [...],
    "disclaimer"}``.
    """
    design = design or Design()
    if len(arms) < 2:
        raise TrialError("a trial needs at least two arms")
    names = list(arms)
    control = control if control is not None else names[-1]
    if control not in arms:
        raise TrialError(f"control arm {control!r} is not one of: {', '.join(names)}")
    windows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    summaries: dict[str, Any] = {}
    for name in names:
        sc = validate_scenario(arms[name])
        n, days = int(sc["cohort"]["n"]), int(sc["days"])
        if n > MAX_ARM_N:
            raise TrialError(f"arm {name!r}: cohort.n must be at most {MAX_ARM_N:,} for a trial read-out (got {n:,})")
        design.check(name, days)
        res = run_chunk(sc, 0, n)
        windows[name] = arm_windows(res.pain, design)
        summaries[name] = _arm_summary(*windows[name], n)
    comparisons = []
    bc, fc = windows[control]
    for name in names:
        if name == control:
            continue
        bt, ft = windows[name]
        row: dict[str, Any] = {"arm": name, "control": control}
        if bt.size < 2 or bc.size < 2:
            row["note"] = "not enough people met the entry criterion in one of the arms"
            comparisons.append(row)
            continue
        d, lo, hi = _welch(ft, fc)
        g = hedges_g(ft, fc)
        k50t, k50c = int(np.sum(ft <= 0.5 * bt)), int(np.sum(fc <= 0.5 * bc))
        rd = k50t / bt.size - k50c / bc.size
        row |= {
            "final_difference": d, "final_difference_ci95": [lo, hi],
            "hedges_g": g, "hedges_g_ci95": list(_g_interval(g, ft.size, fc.size)),
            "responders_50pct_difference": rd,
            "responders_50pct_difference_ci95": list(_newcombe(k50t, bt.size, k50c, bc.size)),
            "nnt_50pct": (1.0 / rd) if rd > 0 else None,
        }
        comparisons.append(row)
    return {"design": {"baseline_days": design.baseline_days, "final_days": design.final_days,
                       "entry_min": design.entry_min},
            "arms": summaries, "comparisons": comparisons, "disclaimer": DISCLAIMER}


def arm_names(docs: Sequence[Mapping[str, Any]], given: Sequence[str] | None, fallback: Sequence[str]) -> list[str]:
    """Arm names: ``given`` if any, else each scenario's ``name``, else ``fallback`` (file names)."""
    if given:
        if len(given) != len(docs):
            raise TrialError(f"--names: {len(given)} names for {len(docs)} arms")
        names = list(given)
    else:
        names = [str(d.get("name") or f) for d, f in zip(docs, fallback, strict=True)]
    if len(set(names)) != len(names):
        raise TrialError(f"arm names must differ (got {', '.join(names)}); use --names")
    return names
