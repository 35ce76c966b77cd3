"""Pacing and graded activity: baseline, energy envelope, weekly quotas, boom-and-bust.

Rules (PROGRAMMES.md §1), each with its source:

* **Baseline.** From the diary's daily table: the activity rating (0-10) and, where present,
  steps; each as the mean (and SD) of the last :data:`BASELINE_DAYS` days with a value before
  the start, needing :data:`MIN_BASELINE_DAYS` of them ("not enough data yet" otherwise). A
  quota's own baseline is the person's tolerance for one chosen activity (minutes), the mean
  of about 3 tries on 3 days (i-Engage handout, secondary).
* **Quotas** (graded activity, time-contingent, not symptom-contingent): start at 80 % of the
  baseline and grow by a set step of the baseline each week, default 10 % (eTG Australia and
  i-Engage, secondary; the step is adjustable). Do the quota on bad days, stop at it on good
  days (eTG).
* **ME/CFS or post-exertional malaise** reported -> no fixed increments (NICE NG206, 2021):
  the quota stays at the start level and the energy envelope guides the day.
* **Energy envelope** for the day (energy envelope theory, Jason et al. 2013, *Fatigue:
  Biomedicine, Health & Behavior* 1:27-42): the day's quota, lowered to
  :data:`LOW_READINESS_SHARE` of it when the morning body signals are outside the person's own
  range - morning lnRMSSD below the normal range of :mod:`painscope.signals.baseline` (HRV.md
  §3.3), or resting HR above its 60-day mean + 0.5 SD (the same smallest-worthwhile-change
  convention). The 80 % share is a project choice, not a published figure.
* **Boom and bust**: a "boom" day has activity (steps where present, else the activity
  rating) above the person's mean + 1 SD; a "bust" is a flare (declared flare, or pain above
  mean + 1 SD) within :data:`BUST_WINDOW_DAYS` days after. The risk of a bust after boom days
  is compared with the risk after other days: risk difference with a Newcombe (Wilson
  score) 95 % interval (Newcombe 1998, *Stat Med* 17:873-890), shown only with at least
  :data:`MIN_BOOM_DAYS` boom days. Days overlap, so the interval is optimistic: said so.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from painscope.i18n import gettext, percent

BASELINE_DAYS = 14
MIN_BASELINE_DAYS = 7
START_SHARE = 0.8
DEFAULT_STEP = 0.10
MAX_STEP = 0.20
LOW_READINESS_SHARE = 0.8
BOOM_SD = 1.0
BUST_WINDOW_DAYS = 3
MIN_BOOM_DAYS = 5
SOURCES = [
    "Nielson WR, Jensen MP, Karsdorp PA, Vlaeyen JWS. Activity pacing in chronic pain. Clin J Pain 2013;29:461-468",
    "Antcliff D, Keeley P, Campbell M, Woby S, McGowan L. Activity pacing questionnaire (APQ-26). Phys Ther 2015;95:1274-1286",
    "NICE NG193 (2021) chronic primary pain; NICE NG206 (2021) ME/CFS: no fixed-increment programmes",
    "Jason LA, Brown M, Brown A et al. Energy conservation/envelope theory interventions to help patients with ME/CFS. Fatigue: Biomed Health Behav 2013;1:27-42 (pages unverified)",
    "eTG complete (Therapeutic Guidelines, Australia) and i-Engage pacing handouts (secondary): start 80 %, +10 %/week",
]


@dataclass(frozen=True)
class MeasureBaseline:
    name: str
    mean: float | None
    sd: float | None
    days: int
    message: str

    @property
    def ready(self) -> bool:
        return self.mean is not None


def diary_baseline(daily: pd.DataFrame, before: date | None = None) -> dict[str, MeasureBaseline]:
    """Baselines of ``activity`` and, where present, ``steps`` and ``resting_hr`` from a daily table."""
    out: dict[str, MeasureBaseline] = {}
    for name in ("activity", "steps", "resting_hr"):
        if name not in daily.columns:
            if name == "activity":
                out[name] = MeasureBaseline(name, None, None, 0, "Not enough data yet: no activity ratings in your diary.")
            continue
        s = daily[name]
        if before is not None:
            s = s[s.index < pd.Timestamp(before)]
        s = s.dropna().tail(BASELINE_DAYS)
        if len(s) < MIN_BASELINE_DAYS:
            out[name] = MeasureBaseline(name, None, None, len(s),
                                        f"Not enough data yet: {len(s)} days with {name.replace('_', ' ')}; "
                                        f"{MIN_BASELINE_DAYS} are needed.")
        else:
            out[name] = MeasureBaseline(name, float(s.mean()), float(s.std(ddof=1)), len(s),
                                        f"mean of your last {len(s)} days")
    return out


def tolerance_baseline(tries: list[float]) -> float:
    """Baseline tolerance (minutes): the mean of the tries (about 3, on 3 days; i-Engage)."""
    values = [float(t) for t in tries if t is not None]
    if not values:
        raise ValueError("tries: give at least one try (minutes you could do before symptoms rose)")
    if any(not math.isfinite(v) or v <= 0 or v > 600 for v in values):
        raise ValueError("tries: each try must be minutes between 1 and 600")
    return sum(values) / len(values)


def weekly_quota(baseline: float, week: int, *, step: float = DEFAULT_STEP, fixed_increments: bool = True) -> float:
    """The quota of week ``week`` (1-based): 80 % of baseline + ``step`` x baseline per week after the first.

    ``fixed_increments=False`` (ME/CFS or post-exertional malaise; NICE NG206) holds it at the start level.
    """
    if baseline <= 0:
        raise ValueError("baseline must be positive")
    if week < 1:
        raise ValueError("week must be 1 or later")
    if not 0 <= step <= MAX_STEP:
        raise ValueError(f"step must be between 0 and {MAX_STEP:.0%} of the baseline a week")
    growth = step * (week - 1) if fixed_increments else 0.0
    return baseline * (START_SHARE + growth)


def week_of(start: date, day: date) -> int:
    return (day - start).days // 7 + 1


@dataclass(frozen=True)
class Envelope:
    quota: float
    envelope: float
    lowered: bool
    reasons: list[str]
    sentence: str


def energy_envelope(quota: float, *, hrv_status: str | None = None, resting_hr: float | None = None,
                    resting_hr_baseline: MeasureBaseline | None = None) -> Envelope:
    """Today's envelope: the quota, lowered when morning signals are outside the person's range."""
    reasons = []
    if hrv_status == "below":
        reasons.append(gettext("your morning HRV this week is below your normal range"))
    if (resting_hr is not None and resting_hr_baseline is not None and resting_hr_baseline.ready
            and resting_hr > resting_hr_baseline.mean + 0.5 * (resting_hr_baseline.sd or 0.0)):
        reasons.append(gettext("your resting heart rate (%(now)s bpm) is above your usual (%(usual)s bpm)")
                       % {"now": f"{resting_hr:.0f}", "usual": f"{resting_hr_baseline.mean:.0f}"})
    lowered = bool(reasons)
    env = quota * (LOW_READINESS_SHARE if lowered else 1.0)
    if lowered:
        sentence = gettext("Today's envelope is %(envelope)s minutes, a little under your quota of %(quota)s, "
                           "because %(reasons)s. That is a signal to go gently, not a rule.") % {
            "envelope": f"{env:.0f}", "quota": f"{quota:.0f}", "reasons": gettext(" and ").join(reasons)}
    else:
        sentence = gettext("Today's envelope is your quota: %(quota)s minutes. Stop at it, even on a good day.") % {
            "quota": f"{quota:.0f}"}
    return Envelope(quota, env, lowered, reasons, sentence)


def quota_status(done: float, quota: float) -> str:
    """'yes' (>= 90 % of the quota), 'partial' (>= 50 %), 'no' (less): adherence as PROGRAMMES.md §1."""
    if quota <= 0:
        raise ValueError("quota must be positive")
    share = done / quota
    return "yes" if share >= 0.9 else "partial" if share >= 0.5 else "no"


def adherence(statuses: list[str]) -> dict[str, float | int]:
    n = len(statuses)
    return {"days": n, "met": statuses.count("yes"), "partial": statuses.count("partial"),
            "share_met": (statuses.count("yes") / n) if n else 0.0}


# -- boom and bust --------------------------------------------------------------------------


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class BoomBust:
    measure: str | None
    boom_days: int = 0
    other_days: int = 0
    bust_after_boom: int = 0
    bust_after_other: int = 0
    risk_boom: float | None = None
    risk_other: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    boom_dates: list[str] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict:
        return asdict(self) | {"sentences": self.sentences()}

    def sentences(self) -> list[str]:
        if self.message:
            return [self.message]
        assert self.difference is not None and self.risk_boom is not None and self.risk_other is not None
        clear = self.ci_low is not None and (self.ci_low > 0 or self.ci_high < 0)  # type: ignore[operator]
        lead = gettext("After your %(boom_days)s busiest days, a flare followed within %(window)s days "
                       "%(risk_boom)s of the time; after other days, %(risk_other)s.") % {
            "boom_days": self.boom_days, "window": BUST_WINDOW_DAYS, "risk_boom": percent(self.risk_boom),
            "risk_other": percent(self.risk_other)}
        if clear and self.difference > 0:
            verdict = gettext("That looks like a boom-and-bust pattern")
        elif clear:
            verdict = gettext("Busy days were, if anything, followed by fewer flares")
        else:
            verdict = gettext("That is not a clear difference: it could be chance")
        return [lead, gettext("%(verdict)s (difference %(difference)s points, 95 %% interval %(low)s to %(high)s; "
                              "neighbouring days overlap, so the interval is if anything too narrow).") % {
            "verdict": verdict, "difference": f"{self.difference * 100:+.0f}",
            "low": f"{self.ci_low * 100:+.0f}", "high": f"{self.ci_high * 100:+.0f}"}]  # type: ignore[operator]


def boom_bust(daily: pd.DataFrame) -> BoomBust:
    """Is over-activity followed by a flare within days? (rules in the module docstring)"""
    measure = "steps" if "steps" in daily.columns and daily["steps"].notna().sum() >= 28 else (
        "activity" if "activity" in daily.columns else None)
    if measure is None or "pain" not in daily.columns:
        return BoomBust(measure, message="Not enough data yet: boom-and-bust needs daily activity (or steps) and pain.")
    act = daily[measure].astype(float)
    pain = daily["pain"].astype(float)
    if act.notna().sum() < 28 or pain.notna().sum() < 28:
        return BoomBust(measure, message="Not enough data yet: boom-and-bust needs at least 28 days with both "
                                         "activity and pain.")
    boom = act > act.mean() + BOOM_SD * act.std(ddof=1)
    flare = pain > pain.mean() + BOOM_SD * pain.std(ddof=1)
    if "flare" in daily.columns:
        flare = flare | (daily["flare"].fillna(0) > 0)
    f = flare.to_numpy()
    known = pain.notna().to_numpy()
    n = len(daily)
    bust = np.full(n, np.nan)
    for i in range(n):
        window = slice(i + 1, min(n, i + 1 + BUST_WINDOW_DAYS))
        if known[window].any():
            bust[i] = float(f[window].any())
    ok = act.notna().to_numpy() & ~np.isnan(bust)
    b = boom.to_numpy() & ok
    o = ~boom.to_numpy() & ok
    nb, no = int(b.sum()), int(o.sum())
    kb, ko = int(np.nansum(bust[b])), int(np.nansum(bust[o]))
    out = BoomBust(measure, nb, no, kb, ko, boom_dates=[d.date().isoformat() for d in daily.index[b]])
    if nb < MIN_BOOM_DAYS or no < MIN_BOOM_DAYS:
        out.message = (f"Not enough data yet: {nb} unusually busy days so far; at least {MIN_BOOM_DAYS} are needed "
                       "to say whether flares follow them.")
        return out
    p1, p2 = kb / nb, ko / no
    l1, u1 = _wilson(kb, nb)
    l2, u2 = _wilson(ko, no)
    d = p1 - p2
    # Newcombe's method 10: hybrid Wilson score interval for a difference of proportions
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    out.risk_boom, out.risk_other, out.difference, out.ci_low, out.ci_high = p1, p2, d, lo, hi
    return out
