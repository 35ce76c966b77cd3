"""How medications are used: run-out dates and as-needed summaries (pure; no Django).

- :func:`run_out` — the day the pills run out, from pills left and the schedule (the same
  :func:`painscope.diary.medications.scheduled_doses` the reminders use, so "08:00 daily"
  stays local across daylight-saving changes); for as-needed medicines an estimate from
  the last weeks' use, with a range, or "not enough data yet".
- :func:`as_needed_summary` — doses per week, time of day, and pain before and after a dose
  where the person rated pain close to it (paired mean difference with a t interval;
  shown only with at least :data:`MIN_PAIRS` pairs, because a handful of before/after pairs
  mostly shows regression to the mean and chance).

Nothing here says a medicine works: "pain before and after" is what the diary recorded,
without a comparison, and the texts say so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from painscope.diary.medications import scheduled_doses

#: pain rated up to this long before a dose counts as "before" (and the nearest is used)
BEFORE_WINDOW = timedelta(hours=3)
#: pain rated this long after a dose counts as "after" (onset of oral analgesics: ~30-60 min)
AFTER_WINDOW = (timedelta(minutes=30), timedelta(hours=4))
MIN_PAIRS = 6
#: weeks of history for an as-needed medicine's run-out estimate
USE_WEEKS = 4
PARTS_OF_DAY = (("night", 0, 6), ("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 24))


def _zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


@dataclass
class RunOut:
    """When the pills run out; ``date`` None means it cannot be said (``reason`` says why)."""

    date: date | None
    earliest: date | None = None
    latest: date | None = None
    doses_left: float | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat() if self.date else None,
                "earliest": self.earliest.isoformat() if self.earliest else None,
                "latest": self.latest.isoformat() if self.latest else None,
                "doses_left": self.doses_left, "reason": self.reason}


def run_out(*, pills_left: float | None, pills_per_dose: float, as_needed: bool, times: Sequence[str],
            weekdays: Iterable[int], tz: tzinfo | str, start: date, stop: date | None, now: datetime,
            taken_at: Sequence[datetime] = (), horizon_days: int = 730) -> RunOut:
    """The last day with a full dose in the pack.

    Scheduled medicines: walk the schedule from ``now`` and count doses until the pills
    left cannot cover one more. As-needed medicines: the mean daily use of the last
    :data:`USE_WEEKS` weeks (``taken_at``), with a range from a Poisson interval on the
    number of doses taken (Garwood exact 95 % limits).
    """
    from scipy import stats  # here, not at the top: importing scipy.stats takes ~1 s

    if pills_left is None:
        return RunOut(None, reason="pills left is not recorded")
    if pills_per_dose <= 0:
        return RunOut(None, reason="pills per dose must be more than 0")
    doses_left = math.floor(pills_left / pills_per_dose + 1e-9)
    zone = _zone(tz)
    today = now.astimezone(zone).date()
    if doses_left <= 0:
        return RunOut(today, today, today, 0, "no full dose left")
    if not as_needed:
        if not times:
            return RunOut(None, doses_left=doses_left, reason="the schedule has no times")
        end = now + timedelta(days=horizon_days)
        upcoming = scheduled_doses(times, weekdays, zone, start, stop, now, end)
        if len(upcoming) < doses_left:
            return RunOut(None, doses_left=doses_left,
                          reason="the pills last past the schedule's end" if stop else f"the pills last more than {horizon_days} days")
        last = upcoming[doses_left - 1].astimezone(zone).date()
        return RunOut(last, last, last, doses_left, "from the schedule")
    since = now - timedelta(weeks=USE_WEEKS)
    recent = [t for t in taken_at if since <= t <= now]
    days = USE_WEEKS * 7
    n = len(recent)
    if n < 3:
        return RunOut(None, doses_left=doses_left,
                      reason=f"not enough data yet: {n} as-needed doses logged in the last {USE_WEEKS} weeks")
    lo_n = stats.chi2.ppf(0.025, 2 * n) / 2
    hi_n = stats.chi2.ppf(0.975, 2 * (n + 1)) / 2
    rate, rate_lo, rate_hi = n / days, lo_n / days, hi_n / days
    return RunOut(today + timedelta(days=math.floor(doses_left / rate)),
                  today + timedelta(days=math.floor(doses_left / rate_hi)),
                  today + timedelta(days=math.floor(doses_left / rate_lo)), doses_left,
                  f"from {n} doses in the last {USE_WEEKS} weeks")


@dataclass
class AsNeededSummary:
    doses: int
    weeks: int
    per_week: float | None
    per_week_range: tuple[float, float] | None
    parts_of_day: dict[str, int] = field(default_factory=dict)
    pairs: int = 0
    pain_before: float | None = None
    pain_after: float | None = None
    change: float | None = None
    change_ci: tuple[float, float] | None = None
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"doses": self.doses, "weeks": self.weeks, "per_week": self.per_week,
                "per_week_range": list(self.per_week_range) if self.per_week_range else None,
                "parts_of_day": self.parts_of_day, "pairs": self.pairs, "pain_before": self.pain_before,
                "pain_after": self.pain_after, "change": self.change,
                "change_ci": list(self.change_ci) if self.change_ci else None, "sentence": self.sentence}


def _part(t: time) -> str:
    for name, lo, hi in PARTS_OF_DAY:
        if lo <= t.hour < hi:
            return name
    return "night"  # pragma: no cover


def as_needed_summary(taken_at: Sequence[datetime], pain: Sequence[tuple[datetime, float]], tz: tzinfo | str,
                      now: datetime, weeks: int = 12) -> AsNeededSummary:
    """Use of an as-needed medicine over the last ``weeks`` weeks, with pain around doses.

    ``taken_at``: aware instants of doses taken; ``pain``: (aware instant, 0-10 rating).
    A dose's "before" is the nearest rating in the :data:`BEFORE_WINDOW` before it; its
    "after" the first rating 30 min to 4 h after it; a dose counts only with both.
    """
    from scipy import stats  # here, not at the top: importing scipy.stats takes ~1 s

    zone = _zone(tz)
    since = now - timedelta(weeks=weeks)
    doses = sorted(t for t in taken_at if since <= t <= now)
    n = len(doses)
    parts = {name: 0 for name, _, _ in PARTS_OF_DAY}
    for t in doses:
        parts[_part(t.astimezone(zone).time())] += 1
    if n == 0:
        return AsNeededSummary(0, weeks, None, None, parts, sentence=f"No doses logged in the last {weeks} weeks.")
    lo = stats.chi2.ppf(0.025, 2 * n) / 2 / weeks
    hi = stats.chi2.ppf(0.975, 2 * (n + 1)) / 2 / weeks
    per_week = round(n / weeks, 1)
    ratings = sorted((t.astimezone(UTC), float(v)) for t, v in pain)
    times_ = np.array([t.timestamp() for t, _ in ratings]) if ratings else np.array([])
    values = np.array([v for _, v in ratings]) if ratings else np.array([])
    before, after = [], []
    for d in doses:
        ts = d.timestamp()
        if not times_.size:
            break
        b = np.flatnonzero((times_ <= ts) & (times_ >= ts - BEFORE_WINDOW.total_seconds()))
        a = np.flatnonzero((times_ >= ts + AFTER_WINDOW[0].total_seconds()) & (times_ <= ts + AFTER_WINDOW[1].total_seconds()))
        if b.size and a.size:
            before.append(values[b[-1]])
            after.append(values[a[0]])
    summary = AsNeededSummary(n, weeks, per_week, (round(lo, 1), round(hi, 1)), parts, pairs=len(before))
    most = max(parts, key=parts.get)
    summary.sentence = f"About {per_week:g} doses a week over the last {weeks} weeks, most often in the {most}."
    if len(before) >= MIN_PAIRS:
        diff = np.array(after) - np.array(before)
        m = float(diff.mean())
        se = float(diff.std(ddof=1) / math.sqrt(diff.size))
        tcrit = float(stats.t.ppf(0.975, diff.size - 1))
        summary.pain_before = round(float(np.mean(before)), 1)
        summary.pain_after = round(float(np.mean(after)), 1)
        summary.change = round(m, 1)
        summary.change_ci = (round(m - tcrit * se, 1), round(m + tcrit * se, 1))
        summary.sentence += (f" Where you rated pain before and after a dose ({len(before)} times), it went from "
                             f"{summary.pain_before:g} to {summary.pain_after:g} on average. Pain often eases "
                             "by itself after a peak, so this is not proof of how well it works.")
    else:
        summary.sentence += (f" Pain before and after a dose: not enough data yet ({len(before)} of {MIN_PAIRS} "
                             "doses with a rating shortly before and 30 minutes to 4 hours after).")
    return summary
