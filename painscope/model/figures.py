"""One figure per virtual experiment (T1-T14): what was measured, next to the target.

``python -m painscope.model.figures --out docs/figures/model`` redraws every figure of
``docs/model.md`` §5 from fresh runs of the built-in experiments; ``painscope model
experiment T3 --plot t3.png`` draws one. Each figure shows the data its read-out uses (the
same arrays, the same people), the achieved figure and the target row, and the
educational-model caption.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from painscope.model import experiments as ex
from painscope.model.scenario import ChunkResult
from painscope.model.trial import enrolled

CAPTION = "Virtual people of an educational model of the pain system (painscope); not a diagnosis."
HEALTHY, FM = "#1b6ca8", "#b5432f"  # blue / brick red: distinguishable in grey and by colour-blind readers
Results = dict[str, ChunkResult]


def _box(ax: Any, groups: dict[str, np.ndarray], ylabel: str) -> None:
    names = list(groups)
    bp = ax.boxplot([groups[k] for k in names], showfliers=False, patch_artist=True, widths=0.5)
    for patch, name in zip(bp["boxes"], names, strict=True):
        patch.set_facecolor(FM if "fibro" in name else HEALTHY)
        patch.set_alpha(0.35)
    ax.set_xticks(range(1, len(names) + 1), [f"{k}\n(n = {len(groups[k])})" for k in names])
    ax.set_ylabel(ylabel)


def _t1(ax: Any, r: Results) -> None:
    for (name, res), style in zip(r.items(), ("-o", "--s"), strict=True):
        ax.plot(range(1, 6), 10 * res.ratings[0].mean(axis=1), style, color=HEALTHY, label=f"pulses every {3 if '33' in name else 6} s ({name})")
    ax.set_xlabel("heat pulse")
    ax.set_ylabel("mean rating (0-100)")
    ax.set_xticks(range(1, 6))
    ax.legend()


def _t2(ax: Any, r: Results) -> None:
    _box(ax, ex.t2_wind_up(r), "wind-up: 5th - 1st pulse (0-100), 45 °C")


def _t3(ax: Any, r: Results) -> None:
    _box(ax, ex.t3_cpm(r), "CPM: test pain before - during (0-100)")


def _t4(ax: Any, r: Results) -> None:
    rt = 10 * r["healthy"].ratings[0].mean(axis=1)
    ax.bar(["before", "during\nconditioning", "5 min after"], rt[:3], color=[HEALTHY, "#7fa7c9", HEALTHY])
    ax.set_ylabel("mean test-heat rating (0-100)")


def _t5(ax: Any, r: Results) -> None:
    labels = ["moderate heat", "touch alone", "heat + touch"]
    x = np.arange(3)
    for i, (k, v) in enumerate(r.items()):
        noxious, touch, both, rest = (float(q) for q in v.ratings_true[0][:, 0])
        ax.bar(x + (i - 0.5) * 0.38, [noxious - rest, touch - rest, both - rest], 0.38,
               color=FM if "fibro" in k else HEALTHY, label=f"median {k} person")
    ax.set_xticks(x, labels)
    ax.set_ylabel("pain above rest (0-10)")
    ax.legend()


def _t6(ax: Any, r: Results) -> None:
    d = ex.t6_decay(r)
    t_min, slope = d["minutes"], d["slope"]
    ax.plot(t_min, d["excess"], "o", color=HEALTHY, label="HFS - sham (mean)")
    tt = np.linspace(t_min.min(), t_min.max(), 100)
    ax.plot(tt, np.exp(d["intercept"] + slope * tt), "-", color="0.3", label=f"exponential fit, half-life {np.log(2) / -slope:.0f} min")
    ax.set_xlabel("minutes after HFS")
    ax.set_ylabel("extra pinprick pain (0-10)")
    ax.legend()


def _t7(ax: Any, r: Results) -> None:
    y, b = ex.t7_rhythm(r)
    hh = np.linspace(0, 24, 200)
    ax.plot(ex.T7_HOURS, y, "o", color=HEALTHY, label="mean rating, 45.5 °C")
    ax.plot(hh, b[0] + b[1] * np.cos(2 * np.pi * hh / 24) + b[2] * np.sin(2 * np.pi * hh / 24), "-", color="0.3", label="24-h harmonic fit")
    ax.set_xlabel("clock hour")
    ax.set_xticks(range(0, 25, 4))
    ax.set_ylabel("rating (0-10)")
    ax.legend()


def _t8(ax: Any, r: Results) -> None:
    before, after = (q[0] for q in r["deprived"].ratings)
    for i in range(min(40, before.size)):
        ax.plot([0, 1], [before[i], after[i]], "-", color=HEALTHY, alpha=0.25)
    ax.plot([0, 1], [before.mean(), after.mean()], "-o", color=HEALTHY, lw=3, label="sleepless night (mean)")
    ax.plot([1.15], [r["control"].ratings[1][0].mean()], "s", color="0.3", label="rested group, same day (mean)")
    ax.set_xticks([0, 1], ["before", "after the night"])
    ax.set_ylabel("tonic heat rating (0-10)")
    ax.legend()


def _t9(ax: Any, r: Results) -> None:
    _box(ax, {k: 1000 * v for k, v in ex.t9_thresholds(r).items()}, "pressure pain threshold (kPa, nominal)")


def _t10(ax: Any, r: Results) -> None:
    _box(ax, ex.t10_hrv(r), "morning ln RMSSD (ln ms), days 7-14")


def _t11(ax: Any, r: Results) -> None:
    styles = {"healthy_injury": (HEALTHY, "-"), "vulnerable_injury": (FM, "-"), "vulnerable_stress": (FM, "--"),
              "healthy_stress": (HEALTHY, "--"), "vulnerable_no_event": ("0.5", ":")}
    for k, v in r.items():
        colour, ls = styles[k]
        ax.plot(v.pain_true[0], ls, color=colour, label=k.replace("_", " "))
    ax.axvspan(10, 24, color="0.85", label="injury (days 10-24)")
    ax.axvspan(10, 100, ymax=0.03, color="0.55", label="stress runs (days 10-100)")
    ax.axvline(114, color="0.6", lw=0.8)
    ax.axvline(190, color="0.6", lw=0.8)
    ax.set_xlabel("day")
    ax.set_ylabel("daily pain (0-10)")
    ax.legend(fontsize=7)


def _weekly(ax: Any, r: Results) -> None:
    for (k, v), colour in zip(r.items(), (FM, "0.4"), strict=True):
        keep = enrolled(v.pain, ex.TRIAL_DESIGN)
        weeks = v.pain[keep].reshape(int(keep.sum()), -1, 7).mean(axis=2).mean(axis=0)
        ax.plot(range(len(weeks)), weeks, "-o", color=colour, label=f"{k} (n = {int(keep.sum())})")
    ax.set_xlabel("week (0 = baseline)")
    ax.set_ylabel("mean diary pain of enrolled people (0-10)")
    ax.legend()


def _t14(ax: Any, r: Results) -> None:
    pain = ex.t14_diaries(r)
    for i, colour in zip(range(3), (FM, "#d98c6f", "0.4"), strict=False):
        ax.plot(pain[i], "-", color=colour, lw=1, label=f"virtual person {i + 1}")
    ax.set_xlabel("day")
    ax.set_ylabel("diary pain (0-10)")
    ax.set_ylim(0, 10)
    ax.legend()


PLOTTERS: dict[str, Callable[[Any, Results], None]] = {
    "T1": _t1, "T2": _t2, "T3": _t3, "T4": _t4, "T5": _t5, "T6": _t6, "T7": _t7, "T8": _t8, "T9": _t9,
    "T10": _t10, "T11": _t11, "T12": _weekly, "T13": _weekly, "T14": _t14,
}


def plot_experiment(name: str, out: str | Path, *, seed_offset: int = 0) -> dict[str, Any]:
    """Run experiment ``name`` and save its figure (PNG) to ``out``; returns the experiment's result."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    result, raw = ex.run_experiment_with_results(name, seed_offset=seed_offset)
    fig, ax = plt.subplots(figsize=(7.0, 4.4), dpi=110)
    PLOTTERS[result["id"]](ax, raw)
    verdict = "meets" if result["pass"] else "MISSES"
    head = f"{result['id']} {result['title']}"
    body = f"achieved {ex.format_value(result['achieved'])} - {verdict} the target: {ex.format_value(result['target'])}"
    ax.set_title("\n".join([head, *textwrap.wrap(body, 95)]), fontsize=8.5)
    fig.text(0.01, 0.01, "\n".join(textwrap.wrap(f"{CAPTION} Source of the target: {result['source']}.", 140)),
             fontsize=6.5, color="0.25")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(out)
    plt.close(fig)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Draw one figure per virtual experiment (T1-T14).")
    ap.add_argument("--out", default="docs/figures/model", help="folder for T1.png ... T14.png")
    ap.add_argument("--ids", nargs="+", help="only these experiments")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for eid in args.ids or list(ex.EXPERIMENTS):
        r = plot_experiment(eid, out / f"{eid}.png")
        print(f"{eid}: {'pass' if r['pass'] else 'FAIL'} -> {out / f'{eid}.png'}", flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
