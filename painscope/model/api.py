"""Small pure API for other layers (the web "your system" / pain-education page).

Everything here returns plain Python data (lists, dicts, floats) ready for JSON; numbers
come from the model and are educational, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from painscope.model.scenario import run_chunk, validate_scenario
from painscope.model.slow import PLAIN_NAMES, STATES

DISCLAIMER = "Educational model of the pain system, not a diagnosis or a prediction for any one person."


def simulate(scenario: Mapping[str, Any]) -> dict[str, Any]:
    """Run a (small) scenario and return per-day cohort means and quartiles of pain and of every state.

    Raises :class:`painscope.model.scenario.ScenarioError` (with ``problems`` naming the
    JSON paths) for an invalid scenario. Cohorts larger than 5,000 should use
    :func:`painscope.model.cohort.run_cohort`.
    """
    sc = validate_scenario(scenario)
    n = int(sc["cohort"]["n"])
    if n > 5000:
        raise ValueError("cohort.n: must be ≤ 5000 for simulate(); use painscope.model.cohort.run_cohort")
    sc = {**sc, "outputs": {**sc.get("outputs", {}), "states": True, "hrv": True}}
    res = run_chunk(sc, 0, n)
    out: dict[str, Any] = {"disclaimer": DISCLAIMER, "n": n, "days": int(sc["days"])}
    if res.pain is not None:
        q = np.percentile(res.pain, [5, 25, 50, 75, 95], axis=0)
        out["pain"] = {"mean": res.pain.mean(axis=0).round(3).tolist(), "q05": q[0].round(3).tolist(),
                       "q25": q[1].round(3).tolist(), "median": q[2].round(3).tolist(), "q75": q[3].round(3).tolist(),
                       "q95": q[4].round(3).tolist()}
        out["weeks"] = week_shares(res.pain)
        out["states"] = {}
        for k in STATES:
            sq = np.percentile(res.states[k], [25, 50, 75], axis=0)
            out["states"][k] = {"label": PLAIN_NAMES[k], "mean": res.states[k].mean(axis=0).round(4).tolist(),
                                "q25": sq[0].round(4).tolist(), "median": sq[1].round(4).tolist(),
                                "q75": sq[2].round(4).tolist()}
    if res.ratings:
        out["protocol_ratings_mean"] = [r.mean(axis=1).round(3).tolist() for r in res.ratings]
    return out


#: thresholds of the tail shares the explorer shows (4/10: at least moderate, 7/10: severe;
#: the usual 0-10 cut-points, Serlin et al. 1995 Pain 61:277 gives 5 and 7 for cancer pain,
#: Boonstra et al. 2016 Pain 157:2049 about 4 and 7 for chronic musculoskeletal pain)
TAIL_CUTS = (4.0, 7.0)


def week_shares(pain: np.ndarray) -> list[dict[str, float]]:
    """Per week: the share of virtual people whose mean diary pain that week is above 4 and 7.

    A person's weekly mean (not single days) is what a trial or a clinic would call their
    level; the share above a cut-point is how the tails of a cohort are read.
    """
    days = pain.shape[1]
    rows = []
    for start in range(0, days, 7):
        wk = pain[:, start:min(start + 7, days)].mean(axis=1)
        rows.append({"week": start // 7 + 1, "share_gt4": round(float(np.mean(wk > TAIL_CUTS[0])), 3),
                     "share_gt7": round(float(np.mean(wk > TAIL_CUTS[1])), 3),
                     "p95": round(float(np.percentile(wk, 95)), 2)})
    return rows


def profile_trajectory(
    profile: str | Mapping[str, Any] = "healthy",
    *,
    days: int = 180,
    events: list[Mapping[str, Any]] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Slow-state trajectory of one median person of a profile (no between-person spread).

    Returns ``{"day": [...], "pain": [...], "states": {name: {"label", "values"}}, ...}``
    for the "your system" page (plain-word labels from :data:`PLAIN_NAMES`).
    """
    sc = validate_scenario({"profile": profile, "cohort": {"n": 1, "heterogeneity": 0.0}, "days": days,
                            "seed": seed, "events": list(events or []), "outputs": {"states": True}})
    res = run_chunk(sc, 0, 1)
    return {
        "disclaimer": DISCLAIMER,
        "day": list(range(days)),
        "pain": res.pain_true[0].round(3).tolist(),
        "states": {k: {"label": PLAIN_NAMES[k], "values": res.states[k][0].round(4).tolist()} for k in STATES},
    }
