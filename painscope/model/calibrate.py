"""Calibrate the model's uncited coupling weights to the target table.

Run ``python -m painscope.model.calibrate [--seed 20261121] [--rounds 4] [--write]``.

Method: a cross-entropy search (deterministic for a given seed). Each round draws
``--candidates`` parameter vectors log-uniformly around the current best, simulates them
*all at once* as the patients of one vectorised cohort (each virtual patient carries one
candidate's couplings; heterogeneity off so a patient is the median person), scores them
against the slow-layer targets and keeps the best. Targets used here:

* T11 - a healthy median person recovers after a 14-day injury (pain < 1 at day 90 after
  it ends); the vulnerable one stays >= 4/10 after the same injury and after 90 days of
  stress; without events the vulnerable person stays pain-free (< 1) for a year;
* the fibromyalgia profile's everyday pain about 6/10 (baseline of FM trials, Arnold et
  al. 2004; Lunn et al. 2014 trials enrol people with mean pain >= 4);
* the injury itself hurts moderately (5-8/10 in the healthy person while it lasts).

The fast-layer weights (wind-up, CPM, gate) were set against T1, T4 and T5 with the same
loss by :func:`fast_loss`. ``--write`` stores the best values in ``parameters.json``
(sources already say "calibrated to Tn"); without it the script only prints them.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from typing import Any

import numpy as np

from painscope.model import events, slow
from painscope.model.parameters import clear_cache

#: Slow-layer couplings searched, with (low, high) bounds.
SLOW_SEARCH: dict[str, tuple[float, float]] = {
    "a_S2": (0.004, 0.03),
    "theta_S2": (0.05, 0.4),
    "k_S2M": (0.1, 2.0),
    "k_MHR": (0.1, 1.5),
    "k_MSigma": (0.1, 1.0),
    "k_DH": (0.1, 0.8),
    "k_HA": (0.1, 0.8),
    "k_HP": (0.1, 0.8),
    "k_AP": (0.1, 0.8),
    "kappa_A": (0.3, 1.5),
    "kappa_M": (0.2, 1.0),
    "a_bg": (0.1, 0.4),
    "s_inj": (0.02, 0.8),
    "kappa_L": (0.2, 0.8),
    "k_DV": (0.1, 0.6),
    "k_hH": (0.3, 2.0),
}

INJURY = [{"type": "injury", "start": 10, "duration": 14, "severity": 0.7}]
STRESS = [{"type": "stress", "start": 10, "duration": 90, "level": 0.8}]


def _run(profile: str, evs: list[dict[str, Any]], days: int, cand: dict[str, np.ndarray], seed: int) -> np.ndarray:
    n = len(next(iter(cand.values())))
    pat = slow.make_patients(profile, n=n, seed=seed, heterogeneity=0.0)
    pat.p.update(cand)
    return slow.integrate(pat, events.build_schedule(evs, days, 0.05), seed=seed).pain_true


def slow_scores(cand: dict[str, np.ndarray], seed: int) -> dict[str, np.ndarray]:
    """Figures of each candidate for the slow-layer targets (see the module docstring)."""
    hi = _run("healthy", INJURY, 115, cand, seed)
    vi = _run("vulnerable", INJURY, 115, cand, seed)
    vs = _run("vulnerable", STRESS, 191, cand, seed)
    vb = _run("vulnerable", [], 365, cand, seed)
    fm = _run("fibromyalgia", [], 30, cand, seed)
    return {
        "healthy_after_injury": hi[:, 110:115].mean(axis=1),
        "healthy_during_injury": hi[:, 15:24].mean(axis=1),
        "vulnerable_after_injury": vi[:, 110:115].mean(axis=1),
        "vulnerable_after_stress": vs[:, 186:191].mean(axis=1),
        "vulnerable_no_events": vb[:, 300:365].mean(axis=1),
        "fibromyalgia_baseline": fm[:, 10:30].mean(axis=1),
    }


def slow_loss(sc: dict[str, np.ndarray]) -> np.ndarray:
    """Squared distance from each target band (0 inside the band)."""
    def band(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
        return np.maximum(lo - x, 0.0) ** 2 + np.maximum(x - hi, 0.0) ** 2

    return (
        band(sc["healthy_after_injury"], 0.0, 0.5)
        + band(sc["healthy_during_injury"], 5.0, 8.0)
        + band(sc["vulnerable_after_injury"], 5.0, 7.0)
        + band(sc["vulnerable_after_stress"], 5.0, 7.0)
        + band(sc["vulnerable_no_events"], 0.0, 0.8)
        + 2.0 * band(sc["fibromyalgia_baseline"], 5.5, 6.5)
    )


def search(
    space: dict[str, tuple[float, float]],
    start: dict[str, float],
    score,
    loss,
    *,
    seed: int,
    rounds: int,
    candidates: int,
) -> tuple[dict[str, float], float, dict[str, float]]:
    """Cross-entropy search in log space; returns (best values, best loss, its figures)."""
    rng = np.random.default_rng(seed)
    names = list(space)
    lo = np.log([space[k][0] for k in names])
    hi = np.log([space[k][1] for k in names])
    centre = np.clip(np.log([start[k] for k in names]), lo, hi)
    width = (hi - lo) / 2.0
    best, best_loss, best_fig = dict(start), np.inf, {}
    for r in range(rounds):
        z = np.clip(centre + width * rng.uniform(-1, 1, (candidates, len(names))), lo, hi)
        z[0] = centre
        cand = {k: np.exp(z[:, i]) for i, k in enumerate(names)}
        figs = score(cand, seed)
        losses = loss(figs)
        order = np.argsort(losses)
        i0 = int(order[0])
        if losses[i0] < best_loss:
            best_loss = float(losses[i0])
            best = {k: float(cand[k][i0]) for k in names}
            best_fig = {k: float(v[i0]) for k, v in figs.items()}
        elite = z[order[: max(4, candidates // 10)]]
        centre = np.log([best[k] for k in names])
        width = np.maximum(elite.std(axis=0) * 1.5, (hi - lo) * 0.03)
        print(f"round {r + 1}/{rounds}: best loss {best_loss:.4f}", flush=True)
    return best, best_loss, best_fig


def write_values(values: dict[str, float]) -> None:
    """Store calibrated values in ``parameters.json`` (keeps sources and layout)."""
    path = resources.files("painscope.model").joinpath("parameters.json")
    doc = json.loads(path.read_text("utf-8"))
    for group in ("fast", "perception", "slow", "noise", "circadian"):
        for k, v in values.items():
            if k in doc[group]:
                doc[group][k]["value"] = float(f"{v:.4g}")
    with open(str(path), "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    clear_cache()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--candidates", type=int, default=240)
    ap.add_argument("--write", action="store_true", help="write the best values into parameters.json")
    args = ap.parse_args(argv)
    from painscope.model.parameters import base_values

    start = base_values()
    best, loss, figs = search(
        SLOW_SEARCH, start, slow_scores, slow_loss, seed=args.seed, rounds=args.rounds,
        candidates=args.candidates,
    )
    print(json.dumps({"loss": loss, "values": best, "figures": figs}, indent=2))
    if args.write:
        write_values(best)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
