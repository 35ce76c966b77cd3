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
        q = np.percentile(res.pain, [25, 50, 75], axis=0)
        out["pain"] = {"mean": res.pain.mean(axis=0).round(3).tolist(), "q25": q[0].round(3).tolist(),
                       "median": q[1].round(3).tolist(), "q75": q[2].round(3).tolist()}
        out["states"] = {}
        for k in STATES:
            sq = np.percentile(res.states[k], [25, 50, 75], axis=0)
            out["states"][k] = {"label": PLAIN_NAMES[k], "mean": res.states[k].mean(axis=0).round(4).tolist(),
                                "q25": sq[0].round(4).tolist(), "median": sq[1].round(4).tolist(),
                                "q75": sq[2].round(4).tolist()}
    if res.ratings:
        out["protocol_ratings_mean"] = [r.mean(axis=1).round(3).tolist() for r in res.ratings]
    return out


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
