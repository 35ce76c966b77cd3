"""Dated scenario events turned into input time series for the slow layer.

Times are in days from the start of the run (fractions allowed: 0.5 = noon of day 0).
Event kinds (see ``scenario.schema.json`` and ``docs/model.md``):

``injury``      start, duration (days), severity 0-1: ongoing nociceptive input and
                peripheral inflammation while it lasts; inflammation resolves afterwards.
``stimulation`` start, duration, intensity 0-1: intense nociceptive input without tissue
                damage (e.g. 20 min of high-frequency electrical stimulation, HFS).
``stress``      start, duration, level 0-1: external stress load over a period.
``sleep_loss``  start (day whose evening the first short night begins), nights, hours.
``exercise``    start, dose (1 = a moderate 30-60 min bout), kind, optional ``every``
                (days) and ``stop`` for a repeated programme; bouts at 10:00.
``treatment``   name, start, optional stop (default: end of run), optional dose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from painscope.model.parameters import treatment_spec

#: Relative exercise-induced hypoalgesia by bout type (Naugle et al. 2012 J Pain meta-
#: analysis: isometric and aerobic exercise give moderate EIH, stretching little).
EXERCISE_KINDS = {"aerobic": 1.0, "resistance": 0.8, "isometric": 1.0, "walking": 0.6, "stretching": 0.3}
#: Hour of day at which nights begin (the sleep deficit input switches at this hour).
NIGHT_START_H = 22.0
BOUT_START_H = 10.0
BOUT_HOURS = 1.0


@dataclass
class Schedule:
    """Inputs per integration step (length ``n_steps``) shared by the whole cohort."""

    dt: float
    n_steps: int
    injury: np.ndarray
    stimulation: np.ndarray
    stress: np.ndarray  # NaN where the person's own everyday level applies
    sleep_cap: np.ndarray  # hours slept at most in the night starting on each day (NaN: none)
    exercise: np.ndarray  # dose per step during bouts (0 otherwise)
    exercise_eih: np.ndarray  # dose x kind factor for hypoalgesia
    treatments: dict[str, np.ndarray] = field(default_factory=dict)  # dose per step (0: off)

    def hour(self, k: int) -> float:
        return (k * self.dt % 1.0) * 24.0


def _window(t: np.ndarray, start: float, stop: float) -> np.ndarray:
    return (t >= start - 1e-9) & (t < stop - 1e-9)


def build_schedule(events: Sequence[Mapping[str, Any]], days: float, dt: float) -> Schedule:
    """Turn validated events into per-step input arrays for ``days`` days."""
    n_steps = round(days / dt)
    t = np.arange(n_steps) * dt
    injury = np.zeros(n_steps)
    stimulation = np.zeros(n_steps)
    stress = np.full(n_steps, np.nan)
    sleep_cap = np.full(int(np.ceil(days)) + 1, np.nan)
    exercise = np.zeros(n_steps)
    eih = np.zeros(n_steps)
    treatments: dict[str, np.ndarray] = {}
    for ev in events:
        kind = ev["type"]
        start = float(ev.get("start", 0.0))
        if kind == "injury":
            m = _window(t, start, start + float(ev["duration"]))
            injury[m] = np.maximum(injury[m], float(ev["severity"]))
        elif kind == "stimulation":
            # at least one step, so a short session is not lost between steps (use a dt of
            # the session's length, e.g. 1/72 day for 20 min of HFS, to keep its duration)
            m = _window(t, start, start + max(float(ev["duration"]), dt))
            stimulation[m] = np.maximum(stimulation[m], float(ev["intensity"]))
        elif kind == "stress":
            m = _window(t, start, start + float(ev["duration"]))
            stress[m] = np.fmax(stress[m], float(ev["level"]))
        elif kind == "sleep_loss":
            first = int(np.floor(start))
            for night in range(first, first + int(ev["nights"])):
                if 0 <= night < sleep_cap.size:
                    sleep_cap[night] = np.fmin(sleep_cap[night], float(ev["hours"]))
        elif kind == "exercise":
            every = float(ev.get("every", 0) or 0)
            # repeated bouts without a stop go on to the end of the run (as treatments do)
            stop = float(ev.get("stop", days)) if every > 0 else start + 1e-6
            factor = EXERCISE_KINDS[ev.get("kind", "aerobic")]
            day = start
            while day < min(stop, days):
                b0 = np.floor(day) + BOUT_START_H / 24.0
                m = _window(t, b0, b0 + max(BOUT_HOURS / 24.0, dt))
                exercise[m] += float(ev.get("dose", 1.0))
                eih[m] += float(ev.get("dose", 1.0)) * factor
                if every <= 0:
                    break
                day += every
        elif kind == "treatment":
            stop = float(ev.get("stop", days))
            arr = treatments.setdefault(ev["name"], np.zeros(n_steps))
            m = _window(t, start, stop)
            dose = float(ev["dose"]) if "dose" in ev else float(treatment_spec()[ev["name"]]["ref_dose"])
            arr[m] = np.maximum(arr[m], dose)
        else:  # pragma: no cover - the schema rejects unknown kinds
            raise ValueError(f"unknown event type {kind!r}")
    return Schedule(dt, n_steps, injury, stimulation, stress, sleep_cap, exercise, eih, treatments)
