"""A patient-readable figure of a scenario: pain and the main states over time.

Plain-word labels, one panel for pain and one for the states that explain it, and a
caption saying that this is an educational model, not a diagnosis (ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from painscope.model.scenario import validate_scenario

CAPTION = (
    "Educational model of the pain system (painscope), not a diagnosis or a prediction for any "
    "one person. Lines show the average of the virtual group; the band shows where the middle "
    "half of the virtual people are."
)
#: States shown, each scaled to 0-1 for the plot by its typical range (see docs/model.md).
SHOWN = {
    "S2": ("nervous-system sensitivity", 0.0, 2.5),
    "H": ("stress load", 0.0, 1.5),
    "Sigma": ("sleep debt", 0.0, 0.6),
    "D": ("the body's own pain brakes", -0.5, 1.5),
    "A": ("worry and fear about pain", 0.0, 1.0),
    "M": ("inflammation in the nervous system", 0.0, 1.0),
}


def plot_scenario(scenario: Mapping[str, Any], out: str, *, title: str | None = None) -> dict[str, Any]:
    """Run ``scenario`` (states recorded) and save a PNG to ``out``; return what was drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from painscope.model.scenario import run_chunk

    sc = validate_scenario(scenario)
    if not sc["days"]:
        raise ValueError("days: must be ≥ 1 to plot a course over time")
    sc = {**sc, "outputs": {**sc.get("outputs", {}), "states": True}}
    n = min(int(sc["cohort"]["n"]), 2000)
    res = run_chunk(sc, 0, n)
    days = np.arange(sc["days"])
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 7), sharex=True, gridspec_kw={"height_ratios": [1.2, 1]})
    q25, _q50, q75 = np.percentile(res.pain, [25, 50, 75], axis=0)
    ax1.fill_between(days, q25, q75, color="#e4572e", alpha=0.2, linewidth=0)
    ax1.plot(days, res.pain.mean(axis=0), color="#e4572e", lw=2, label="pain (average)")
    ax1.set_ylim(0, 10)
    ax1.set_ylabel("pain (0 = none, 10 = worst)")
    for ev in sc["events"]:
        stop = ev.get("stop", ev["start"] + ev.get("duration", ev.get("nights", 1)))
        label = ev.get("name", ev["type"]).replace("_", " ")
        ax1.axvspan(ev["start"], stop, color="#999999", alpha=0.12)
        ax1.text(ev["start"], 9.6, label, fontsize=8, va="top")
    ax1.legend(loc="upper right", frameon=False)
    drawn = {}
    for key, (label, lo, hi) in SHOWN.items():
        y = (res.states[key].mean(axis=0) - lo) / (hi - lo)
        ax2.plot(days, y, lw=1.6, label=label)
        drawn[key] = label
    ax2.set_ylabel("level (low to high)")
    ax2.set_yticks([0, 0.5, 1])
    ax2.set_yticklabels(["low", "medium", "high"])
    ax2.set_xlabel("day")
    ax2.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    profile = sc["profile"] if isinstance(sc["profile"], str) else sc["profile"].get("base", "custom")
    fig.suptitle(title or f"What happens in the pain system: {str(profile).replace('_', ' ')} (virtual group of {n})")
    fig.text(0.01, 0.005, CAPTION, fontsize=7.5, wrap=True, va="bottom")
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    fig.savefig(out, dpi=90)
    plt.close(fig)
    return {"file": out, "patients_plotted": n, "states": drawn, "caption": CAPTION}
