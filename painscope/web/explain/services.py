"""The "Try it" explorer: everyday levers → a scenario of painscope.model → what the page shows.

The web layer adapts, it does not compute: every pain number comes from
:func:`painscope.model.api.simulate` (median and 25–75 % band across virtual people), and the
state words come from the model's own plain-word labels (``painscope.model.slow.PLAIN_NAMES``).
This module only turns the person's choices into the model's scenario format (docs/model.md §2)
and the model's answer into a chart, a table and sentences.

Why these settings (all fixed, so runs are comparable and cacheable):

* ``COHORT_N`` × ``DAYS`` = 50 virtual people × 120 days: enough for a stable median and
  quartiles over four months, small enough for a few hundred ms per run (measured in
  the report; cached by the input tuple).
* ``HETEROGENEITY`` = 1.0, the model's calibrated between-person spread: since the
  2026-11-21 recalibration (docs/model.md §4) a virtual *healthy* cohort stays pain-free
  and a fibromyalgia cohort sits at moderate-to-severe pain, so the band shows real spread
  without misleading anyone (before it, 0.5 was used because a third of "healthy" people
  locked into high pain).
* one fixed ``SEED``: the same virtual people in every run, so changing one lever compares
  like with like (common random numbers).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from painscope.model.api import DISCLAIMER, simulate
from painscope.model.slow import PLAIN_NAMES, RANGES

COHORT_N = 50
DAYS = 120
HETEROGENEITY = 1.0
SEED = 2026

# Starting profiles: label for people → the model's profile name.
PROFILES: dict[str, tuple[Any, str, Any]] = {
    "calm": (gettext_lazy("A calm nervous system"), "healthy",
             gettext_lazy("Strong natural pain-damping, steady heart rhythm, little worry about pain.")),
    "vulnerable": (gettext_lazy("A pain-free but easily stirred nervous system"), "vulnerable",
                   gettext_lazy("No pain yet, but weaker pain-damping and more worry: more easily turned up.")),
    "sensitised": (gettext_lazy("A sensitised nervous system"), "fibromyalgia",
                   gettext_lazy("The volume knob is already turned up, as in fibromyalgia and other long-lasting pain.")),
}
# Stress lever → the model's stress level 0–1 for the whole run (``stress`` event). The
# model's everyday stress is 0.2 (parameters.json Z0); 0.8 is the "few hard months" level of
# target T11 in docs/model.md.
STRESS_LEVELS: dict[str, tuple[Any, float]] = {
    "low": (gettext_lazy("Low"), 0.1),
    "medium": (gettext_lazy("Medium"), 0.4),
    "high": (gettext_lazy("High"), 0.8),
}
# Treatments a person can try (names of the model's treatment table, docs/model.md §1.3).
TREATMENTS: dict[str, tuple[Any, Any]] = {
    "none": (gettext_lazy("No treatment"), ""),
    "pne": (gettext_lazy("Pain education (learning how pain works)"), gettext_lazy("lowers worry about pain and expected pain")),
    "cbt": (gettext_lazy("Talking therapy (CBT for pain)"), gettext_lazy("lowers worry and fear about pain, for a long time")),
    "mindfulness": (gettext_lazy("Mindfulness"), gettext_lazy("turns down attention to pain and raises vagal tone")),
    "cbti": (gettext_lazy("Sleep programme (CBT for insomnia)"), gettext_lazy("lengthens sleep, so less sleep debt")),
    "duloxetine": (gettext_lazy("Duloxetine 60 mg (an SNRI medicine)"), gettext_lazy("strengthens the body's own pain brakes")),
    "pregabalin": (gettext_lazy("Pregabalin 450 mg"), gettext_lazy("turns down the signal in the spinal cord and helps sleep")),
}
TREATMENT_DOSES = {"duloxetine": 60, "pregabalin": 450}
SLEEP_RANGE = (3.0, 10.0)
START_RANGE = (0, DAYS - 14)  # a treatment needs a couple of weeks on the chart to show anything
# Everyday activity "on": the model's graded-activity programme plus a walk every other day at
# half a moderate bout (well under the flare threshold of 1.5 × fitness, slow.FLARE_CAPACITY).
WALK_EVERY_DAYS = 2
WALK_DOSE = 0.5

SMOOTH_HALF_WINDOW = 3  # the chart shows 7-day averages, like the weekly table

# States shown under the chart, in this order, with what each does in plain words.
SHOWN_STATES: dict[str, Any] = {
    "S2": gettext_lazy("How turned-up the nervous system is. Higher means more pain from the same signal."),
    "H": gettext_lazy("How much stress the body is carrying."),
    "Sigma": gettext_lazy("How much sleep is missing compared with what the body needs."),
    "M": gettext_lazy("Immune cells in the nervous system (glia). When busy, they turn the volume up."),
    "V": gettext_lazy("The calming 'brake' of the heart and body. Higher is calmer."),
    "D": gettext_lazy("The natural pain-damping sent down from the brain. Higher means more damping."),
    "A": gettext_lazy("How much pain feels like a threat. Higher makes the same signal hurt more."),
}


@dataclass(frozen=True)
class Choices:
    """One set of levers; hashable, so runs are cached by it."""

    profile: str = "sensitised"
    sleep_hours: float = 6.0
    stress: str = "medium"
    activity: bool = False
    treatment: str = "none"
    start_day: int = 30


def build_scenario(ch: Choices) -> dict[str, Any]:
    """The model scenario (docs/model.md §2) for a set of levers."""
    events: list[dict[str, Any]] = [
        # The sleep lever caps sleep every night ("hours slept at most"); above the model's sleep
        # need (8 h, Watson et al. 2015) a higher cap changes nothing, which is the point.
        {"type": "sleep_loss", "start": 0, "nights": DAYS, "hours": float(ch.sleep_hours)},
        {"type": "stress", "start": 0, "duration": DAYS, "level": STRESS_LEVELS[ch.stress][1]},
    ]
    if ch.activity:
        events.append({"type": "treatment", "name": "graded_activity", "start": 0})
        events.append({"type": "exercise", "start": 0, "every": WALK_EVERY_DAYS, "dose": WALK_DOSE, "kind": "walking"})
    if ch.treatment != "none":
        ev: dict[str, Any] = {"type": "treatment", "name": ch.treatment, "start": int(ch.start_day)}
        if ch.treatment in TREATMENT_DOSES:
            ev["dose"] = TREATMENT_DOSES[ch.treatment]
        events.append(ev)
    return {
        "name": "painscope explorer",
        "profile": PROFILES[ch.profile][1],
        "cohort": {"n": COHORT_N, "heterogeneity": HETEROGENEITY},
        "days": DAYS,
        "seed": SEED,
        "events": events,
    }


# The page is public and a run takes a CPU core for about a second: one run at a time per
# process, so a burst of visitors queues instead of taking every core of the server.
_ONE_AT_A_TIME = threading.Lock()


@lru_cache(maxsize=128)
def run(ch: Choices) -> dict[str, Any]:
    """Simulate the virtual cohort for these levers (cached: same levers → same answer)."""
    with _ONE_AT_A_TIME:
        t0 = time.perf_counter()
        out = simulate(build_scenario(ch))
        out["elapsed_s"] = time.perf_counter() - t0
    return out


# -- presentation ---------------------------------------------------------------------------


def _num(x: float, digits: int = 1) -> str:
    """``x`` with ``digits`` decimals (as f"{x:.1f}"), with the language's decimal separator."""
    text = f"{x:.{digits}f}"
    separator = get_format("DECIMAL_SEPARATOR")
    return text.replace(".", separator) if separator != "." else text


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def weekly_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Week-by-week averages of the model's daily median and quartiles (for the table)."""
    pain = result["pain"]
    rows = []
    for w, start in enumerate(range(0, result["days"], 7)):
        sl = slice(start, min(start + 7, result["days"]))
        tail = result["weeks"][w]
        rows.append({
            "week": start // 7 + 1,
            "first_day": start + 1,
            "q25": _mean(pain["q25"][sl]),
            "median": _mean(pain["median"][sl]),
            "q75": _mean(pain["q75"][sl]),
            "share_gt4": 100 * tail["share_gt4"],
            "share_gt7": 100 * tail["share_gt7"],
        })
    return rows


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """First and last week: middle person and the middle half, with a sentence."""
    rows = weekly_rows(result)
    first, last = rows[0], rows[-1]
    sentence = _(
        "In the first week, the middle virtual person rated their pain about %(first_median)s out of 10, "
        "and half of the group was between %(first_q25)s and %(first_q75)s. "
        "In the last week: about %(last_median)s, with half between %(last_q25)s and %(last_q75)s."
    ) % {"first_median": _num(first["median"]), "first_q25": _num(first["q25"]), "first_q75": _num(first["q75"]),
         "last_median": _num(last["median"]), "last_q25": _num(last["q25"]), "last_q75": _num(last["q75"])}
    tails = _(
        "In the last week, %(above4)s had pain above 4 out of 10 on average, and %(above7)s above 7."
    ) % {"above4": _people(last["share_gt4"]), "above7": _people(last["share_gt7"])}
    return {"first": first, "last": last, "sentence": sentence, "tails": tails}


def _people(percent: float) -> str:
    """A share of the virtual group in words a tired reader takes in at once."""
    n = round(percent * COHORT_N / 100)
    if n == 0:
        return _("none of the %(total)s virtual people") % {"total": COHORT_N}
    return _("%(n)s of the %(total)s virtual people (%(percent)s %%)") % {"n": n, "total": COHORT_N, "percent": f"{percent:.0f}"}


def _direction(start: float, end: float, key: str) -> str:
    lo, hi = RANGES[key]
    scale = max(abs(start), 0.05 * (hi - lo))  # near zero, judge change against the state's range
    rel = (end - start) / scale
    if abs(rel) < 0.1:
        return _("stayed about the same")
    if rel > 0:
        return _("went up a little") if abs(rel) < 0.3 else _("went up a lot")
    return _("went down a little") if abs(rel) < 0.3 else _("went down a lot")


def state_words(result: dict[str, Any]) -> list[dict[str, str]]:
    """How each main state moved from the first to the last week (cohort average), in words."""
    out = []
    for key, meaning in SHOWN_STATES.items():
        mean = result["states"][key]["mean"]
        out.append({
            "key": key,
            "label": result["states"][key]["label"] or PLAIN_NAMES[key],
            "meaning": meaning,
            "change": _direction(_mean(mean[:7]), _mean(mean[-7:]), key),
        })
    return out


def smooth(values: list[float], half: int = SMOOTH_HALF_WINDOW) -> list[float]:
    """Centred moving average (shorter at the ends): day-to-day diary noise hides the trend."""
    n = len(values)
    return [_mean(values[max(0, i - half):min(n, i + half + 1)]) for i in range(n)]


def figure(result: dict[str, Any], ch: Choices, without: dict[str, Any] | None = None) -> dict[str, Any]:
    """Plotly figure spec: the 25–75 % band and the median of daily pain across virtual people."""
    days = list(range(1, result["days"] + 1))
    pain = {k: smooth(result["pain"][k]) for k in ("q25", "median", "q75")}
    data = [
        {"x": days, "y": pain["q25"], "type": "scatter", "mode": "lines", "line": {"width": 0},
         "hoverinfo": "skip", "showlegend": False, "name": "25 %"},
        {"x": days, "y": pain["q75"], "type": "scatter", "mode": "lines", "line": {"width": 0},
         "fill": "tonexty", "fillcolor": "rgba(11,85,99,0.22)", "name": _("middle half of the virtual people"),
         "hovertemplate": _("day %{x}: upper quarter from %{y:.1f}") + "<extra></extra>"},
        {"x": days, "y": pain["median"], "type": "scatter", "mode": "lines", "line": {"width": 3, "color": "#0b5563"},
         "name": _("middle person"), "hovertemplate": _("day %{x}: median %{y:.1f}") + "<extra></extra>"},
    ]
    if without is not None:
        data.append({"x": days, "y": smooth(without["pain"]["median"]), "type": "scatter", "mode": "lines",
                     "line": {"width": 2, "color": "#4b5263", "dash": "dot"}, "name": _("middle person without the treatment"),
                     "hovertemplate": _("day %{x}: without treatment %{y:.1f}") + "<extra></extra>"})
    layout: dict[str, Any] = {
        "height": 360 if without is not None else 340,
        "margin": {"l": 48, "r": 12, "t": 56, "b": 44},
        "xaxis": {"title": {"text": _("day")}, "range": [1, result["days"]], "fixedrange": True},
        "yaxis": {"title": {"text": _("pain (0–10)")}, "range": [0, 10], "fixedrange": True},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "font": {"size": 15},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "shapes": [],
        "annotations": [],
    }
    if ch.treatment != "none":
        x = ch.start_day + 1
        layout["shapes"].append({"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 10, "line": {"color": "#b34700", "dash": "dash", "width": 2}})
        layout["annotations"].append({"x": x, "y": 9.7, "text": _("treatment starts"), "showarrow": False, "xanchor": "left",
                                      "font": {"color": "#8a3600"}})
    return {"data": data, "layout": layout}


def present(ch: Choices) -> dict[str, Any]:
    """Everything the explorer shows for one set of levers."""
    result = run(ch)
    # With a treatment, the same virtual people without it (same seed) show what the treatment
    # itself did, apart from the natural course.
    without = run(replace(ch, treatment="none", start_day=Choices().start_day)) if ch.treatment != "none" else None
    return {
        "result": result,
        "disclaimer": DISCLAIMER,
        "figure": figure(result, ch, without),
        "without": summary(without) if without is not None else None,
        "weeks": weekly_rows(result),
        "summary": summary(result),
        "states": state_words(result),
        "elapsed_s": result["elapsed_s"],
        "n": result["n"],
        "days": result["days"],
    }
