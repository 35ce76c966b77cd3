"""Breathing and relaxation: the breathing pacer, body scan and PMR scripts, session HRV.

* **Pacer**: default 6 breaths a minute with the out-breath a little longer than the in-breath
  (4 s in, 6 s out): resonance breathing is usually near 6/min (Lehrer, Vaschillo & Vaschillo
  2000, *Appl Psychophysiol Biofeedback* 25:177-191; range 4.5-7/min *unverified*), and RMSSD
  was higher with a longer exhale at 6/min (Laborde et al. 2021). Adjustable from 3 to 12/min.
* **PMR**: an abbreviated sequence after Bernstein & Borkovec (1973): tense gently about 5 s,
  release about 30 s (*sequence and timings unverified*); skip or tense gently painful areas.
* **Body scan** after Kabat-Zinn (1982, *Gen Hosp Psychiatry* 4:33-47), shortened to < 5 min.
* **Session HRV**: an uploaded RR recording of the session is cleaned and its RMSSD computed
  with :mod:`painscope.signals` (artifact correction of Lipponen & Tarvainen 2019, time-domain
  conventions of :func:`painscope.signals.hrv.time_domain`), then ln RMSSD is set against the
  person's morning baseline (:func:`painscope.signals.baseline.morning_baseline`). Slow
  breathing raises RMSSD by itself, so a session above the morning range is expected and is
  not a measure of long-term change: said so on the page.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from painscope.i18n import N_
from painscope.signals import hrv
from painscope.signals.artifacts import clean
from painscope.signals.baseline import Baseline
from painscope.signals.series import RRSeries

DEFAULT_RATE = 6.0
MIN_RATE, MAX_RATE = 3.0, 12.0
DEFAULT_EXHALE_SHARE = 0.6
MIN_SESSION_BEATS = 60
SOURCES = [
    "Lehrer PM, Vaschillo E, Vaschillo B. Resonant frequency biofeedback training. Appl Psychophysiol Biofeedback "
    "2000;25:177-191",
    "Laborde S et al. Effects of voluntary slow breathing on heart rate and HRV. Sustainability 2021;13:7775",
    "Hassett AL et al. A pilot study of HRV biofeedback in fibromyalgia. Appl Psychophysiol Biofeedback 2007;32:1-10",
    "Lehrer P et al. Heart rate variability biofeedback improves emotional and physical health: a meta-analysis. "
    "Appl Psychophysiol Biofeedback 2020;45:109-129",
    "Kabat-Zinn J. An outpatient program in behavioral medicine for chronic pain patients based on mindfulness "
    "meditation. Gen Hosp Psychiatry 1982;4:33-47",
    "Bernstein DA, Borkovec TD. Progressive relaxation training. Research Press, 1973",
]


@dataclass(frozen=True)
class Pace:
    rate: float
    inhale_s: float
    exhale_s: float

    def to_dict(self) -> dict:
        return asdict(self)


def pace(rate: float = DEFAULT_RATE, exhale_share: float = DEFAULT_EXHALE_SHARE) -> Pace:
    """Seconds in and out for ``rate`` breaths a minute."""
    if not (isinstance(rate, int | float) and math.isfinite(rate)) or not MIN_RATE <= rate <= MAX_RATE:
        raise ValueError(f"rate: must be between {MIN_RATE:g} and {MAX_RATE:g} breaths a minute (got {rate})")
    if not 0.4 <= exhale_share <= 0.7:
        raise ValueError("exhale_share: must be between 0.4 and 0.7")
    cycle = 60.0 / rate
    return Pace(float(rate), round(cycle * (1 - exhale_share), 2), round(cycle * exhale_share, 2))


@dataclass(frozen=True)
class Step:
    seconds: int
    text: str


#: An abbreviated sequence after Bernstein & Borkovec (1973): for each muscle group a gentle
#: tension (5 s) and a release (25 s); written out so the catalogue can hold each step.
PMR: list[Step] = [
    Step(20, N_("Sit or lie comfortably. Breathe out slowly.")),
    Step(5, N_("Make gentle fists (hands and forearms): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the hands and forearms loosen and feel heavier.")),
    Step(5, N_("Bend your elbows and press them lightly to your sides (upper arms): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the upper arms loosen and feel heavier.")),
    Step(5, N_("Scrunch your face a little (face): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the face loosen and feel heavier.")),
    Step(5, N_("Lift your shoulders towards your ears (shoulders and neck): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the shoulders and neck loosen and feel heavier.")),
    Step(5, N_("Take a breath and tighten your belly a little (chest and belly): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the chest and belly loosen and feel heavier.")),
    Step(5, N_("Press your heels gently into the floor (legs): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the legs loosen and feel heavier.")),
    Step(5, N_("Curl your toes gently (feet): tense gently, not to pain. Skip any sore area.")),
    Step(25, N_("Let go. Notice the feet loosen and feel heavier.")),
    Step(15, N_("Rest. Notice the whole body, breathing slowly.")),
]

BODY_SCAN: list[Step] = [
    Step(20, N_("Close your eyes or look down. Notice the breath moving by itself.")),
    Step(30, N_("Bring attention to your feet. Notice whatever is there: warmth, pressure, nothing at all.")),
    Step(30, N_("Move up to the legs and hips. If there is pain, notice its edges, then move on.")),
    Step(30, N_("The belly and chest, rising and falling.")),
    Step(30, N_("The back and shoulders. No need to change anything.")),
    Step(30, N_("Arms and hands, right to the fingertips.")),
    Step(30, N_("Neck, face, the top of the head.")),
    Step(30, N_("The whole body at once, breathing. Open your eyes when you are ready.")),
]


def total_seconds(steps: list[Step]) -> int:
    return sum(s.seconds for s in steps)


@dataclass
class SessionHrv:
    n_beats: int
    artifacts_pct: float
    rmssd_ms: float | None
    ln_rmssd: float | None
    baseline_mean: float | None
    baseline_low: float | None
    baseline_high: float | None
    position: str  # "above" | "within" | "below" | "no_baseline" | "too_short"
    sentence: str

    def to_dict(self) -> dict:
        return asdict(self)


def session_hrv(rr_ms: np.ndarray | list[float], baseline: Baseline | None) -> SessionHrv:
    """HRV of a session's RR recording against the person's morning baseline."""
    rr = np.asarray(rr_ms, dtype=float)
    if len(rr) < MIN_SESSION_BEATS:
        return SessionHrv(len(rr), 0.0, None, None, None, None, None, "too_short",
                          f"Not enough data yet: the recording has {len(rr)} beats; at least "
                          f"{MIN_SESSION_BEATS} (about a minute) are needed.")
    series = RRSeries.from_intervals(rr)
    cleaned, report = clean(series)
    metrics = hrv.time_domain(cleaned)
    rmssd = metrics.get("rmssd_ms")
    artifacts = float(report.artifacts_pct) if math.isfinite(report.artifacts_pct) else 100.0
    if rmssd is None or not math.isfinite(rmssd) or rmssd <= 0:
        return SessionHrv(len(rr), artifacts, None, None, None, None, None, "too_short",
                          "Not enough data yet: too few clean beats in the recording.")
    ln = math.log(rmssd)
    if baseline is None or baseline.range_mean is None:
        pos, sentence = "no_baseline", (f"During this session RMSSD was {rmssd:.0f} ms (ln {ln:.2f}). A comparison "
                                        "needs a morning HRV baseline of at least 3 weeks: not enough data yet.")
        return SessionHrv(len(rr), artifacts, rmssd, ln, None, None, None, pos, sentence)
    low, high = baseline.range_low, baseline.range_high
    assert low is not None and high is not None
    pos = "above" if ln > high else "below" if ln < low else "within"
    words = {"above": "above", "below": "below", "within": "within"}[pos]
    sentence = (f"During this session ln RMSSD was {ln:.2f} ({rmssd:.0f} ms), {words} your usual morning range "
                f"({low:.2f} to {high:.2f}). Slow breathing raises HRV while you do it, so this shows the session "
                "worked as a relaxation exercise; longer-term change shows in your morning readings.")
    return SessionHrv(len(rr), artifacts, rmssd, ln, baseline.range_mean, low, high, pos, sentence)
