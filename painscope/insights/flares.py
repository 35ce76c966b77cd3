"""Flares: the person's own flags, and a detector relative to their personal baseline.

The person's flare flags (``flare`` column) are the primary label, as OMERACT recommends
patient-declared flares (Bingham et al., *J Rheumatol* 2009;36:2335–41; Bykerk et al.,
*RMD Open* 2016). The rule-based detector is ANALYTICS.md §3.10 (b):

* baseline = median pain of the previous 28 days (at least 14 of them rated);
* a flare starts on the first of ≥ 2 consecutive rated days with pain ≥ baseline +
  max(2 points, 30 % of baseline) — 2 points / 30 % is the NRS change patients call
  "much" different (Farrar et al., *Pain* 2001;94:149–58);
* the baseline is frozen at the start, and the flare ends before the first run of 2 rated
  days below baseline + 1 point.

Agreement between the two (day-level sensitivity, PPV and Cohen's κ) is reported as
OMERACT did for its flare definitions (Bykerk 2016).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from painscope.insights._daily import as_daily

BASELINE_DAYS = 28
BASELINE_MIN_DAYS = 14
MIN_RISE = 2.0
MIN_RISE_FRACTION = 0.30
MIN_FLARE_DAYS = 2
END_MARGIN = 1.0
END_DAYS = 2


@dataclass
class FlareEpisode:
    source: str  # "you" (your flags) or "detector"
    start: str
    end: str
    duration_days: int
    peak_date: str | None
    peak_pain: float | None
    baseline: float | None = None
    threshold: float | None = None
    ongoing: bool = False


@dataclass
class FlareReport:
    episodes: list[FlareEpisode]
    n_pain_days: int
    declared_days: int
    detected_days: int
    agreement: dict[str, Any] | None
    days: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    message: str = ""

    @property
    def declared(self) -> list[FlareEpisode]:
        return [e for e in self.episodes if e.source == "you"]

    @property
    def detected(self) -> list[FlareEpisode]:
        return [e for e in self.episodes if e.source == "detector"]

    def to_dict(self) -> dict[str, Any]:
        days = [
            {"date": d.date().isoformat(), **{k: (None if pd.isna(v) else float(v))
                                              for k, v in row.items()}}
            for d, row in self.days.iterrows()
        ]
        return {
            "episodes": [asdict(e) for e in self.episodes],
            "n_pain_days": self.n_pain_days,
            "declared_days": self.declared_days,
            "detected_days": self.detected_days,
            "agreement": self.agreement,
            "rule": RULE,
            "message": self.message,
            "days": days,
            "sentences": self.sentences(),
        }

    def sentences(self) -> list[str]:
        out = [self.message] if self.message else []
        dec, det = self.declared, self.detected
        if dec:
            out.append(f"You marked {len(dec)} flare{'s' if len(dec) != 1 else ''} "
                       f"({self.declared_days} days).")
        if not self.message:
            if det:
                longest = max(det, key=lambda e: e.duration_days)
                out.append(
                    f"The detector found {len(det)} episode{'s' if len(det) != 1 else ''} of pain "
                    f"well above your usual level ({self.detected_days} days, out of "
                    f"{self.n_pain_days} rated days). The longest lasted "
                    f"{longest.duration_days} days, from {longest.start} to {longest.end}, "
                    f"peaking at {longest.peak_pain:.1f} on {longest.peak_date}.")
            else:
                out.append(f"The detector found no stretch of pain well above your usual level "
                           f"in {self.n_pain_days} rated days.")
            out.append("Detector rule: " + RULE + ".")
        if self.agreement:
            a = self.agreement
            parts = []
            if a["sensitivity"] is not None:
                parts.append(f"it caught {a['both']} of your {a['declared']} flare days "
                             f"({a['sensitivity']:.0%})")
            if a["ppv"] is not None:
                parts.append(f"{a['both']} of its {a['detected']} flare days were days you "
                             f"marked ({a['ppv']:.0%})")
            if a["kappa"] is not None:
                parts.append(f"agreement κ = {a['kappa']:.2f}")
            if parts:
                out.append("Compared with your own flags, " + "; ".join(parts) + ".")
        return out


RULE = (f"pain at least max({MIN_RISE:g} points, {MIN_RISE_FRACTION:.0%}) above the median of "
        f"the previous {BASELINE_DAYS} days for {MIN_FLARE_DAYS} or more days in a row; it ends "
        f"after {END_DAYS} days below that median + {END_MARGIN:g}")


def personal_baseline(pain: pd.Series) -> pd.Series:
    """Median pain of the previous 28 days (needs ≥ 14 rated days), as of each day."""
    return pain.shift(1).rolling(BASELINE_DAYS, min_periods=BASELINE_MIN_DAYS).median()


def _detect(pain: np.ndarray, baseline: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
    """Flare flags per day and (start, end, frozen baseline, ongoing) episodes."""
    n = len(pain)
    flag = np.zeros(n, dtype=bool)
    episodes = []
    threshold = baseline + np.maximum(MIN_RISE, MIN_RISE_FRACTION * baseline)
    above = np.isfinite(pain) & np.isfinite(threshold) & (pain >= threshold)
    i = 0
    while i < n:
        # A start needs MIN_FLARE_DAYS consecutive rated days above the threshold of day i.
        if not (above[i] and i + MIN_FLARE_DAYS <= n
                and np.all(np.isfinite(pain[i:i + MIN_FLARE_DAYS]))
                and np.all(pain[i:i + MIN_FLARE_DAYS] >= threshold[i])):
            i += 1
            continue
        base = baseline[i]
        start, end, below_run, j = i, i, 0, i
        while j < n:
            if np.isfinite(pain[j]):
                if pain[j] < base + END_MARGIN:
                    below_run += 1
                    if below_run >= END_DAYS:
                        break
                else:
                    below_run = 0
                    end = j
            j += 1
        ongoing = j >= n
        flag[start:end + 1] = True
        episodes.append((start, end, base, ongoing))
        i = max(j, end + 1)
    return flag, episodes


def _runs(mask: np.ndarray, bridge: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True days; days in ``bridge`` (unknown) do not break a run."""
    runs, start, last = [], None, None
    for t in range(len(mask)):
        if mask[t]:
            if start is None:
                start = t
            last = t
        elif not bridge[t] and start is not None:
            runs.append((start, last))
            start = None
    if start is not None:
        runs.append((start, last))
    return runs


def _episode(source, idx, pain, s, e, base=None, ongoing=False) -> FlareEpisode:
    seg = pain[s:e + 1]
    if np.isfinite(seg).any():
        k = int(np.nanargmax(seg))
        peak_date, peak = idx[s + k].date().isoformat(), float(seg[k])
    else:
        peak_date, peak = None, None
    threshold = None if base is None else float(base + max(MIN_RISE, MIN_RISE_FRACTION * base))
    return FlareEpisode(source, idx[s].date().isoformat(), idx[e].date().isoformat(), e - s + 1,
                        peak_date, peak, None if base is None else float(base), threshold, ongoing)


def _kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    n = len(a)
    if n == 0:
        return None
    po = float(np.mean(a == b))
    pe = float(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
    return None if pe >= 1 else (po - pe) / (1 - pe)


def detect_flares(daily: pd.DataFrame, *, outcome: str = "pain") -> FlareReport:
    """Flare episodes from the person's flags and from the baseline-relative detector.

    Returns
    -------
    FlareReport
        ``episodes`` (source "you" or "detector", with start, end, duration, peak), day
        counts, ``agreement`` (day-level sensitivity/PPV/κ of the detector against the
        person's flags, when both exist) and ``days`` (pain, baseline, threshold and flags
        per day, for charts).
    """
    frame = as_daily(daily)
    idx = frame.index
    pain_s = frame[outcome] if outcome in frame.columns else pd.Series(np.nan, index=idx)
    pain = pain_s.to_numpy(dtype=float)
    n_pain = int(np.isfinite(pain).sum())
    declared = frame["flare"].to_numpy(dtype=float) if "flare" in frame.columns \
        else np.full(len(frame), np.nan)
    dec_mask = declared > 0
    episodes = [_episode("you", idx, pain, s, e)
                for s, e in _runs(dec_mask, ~np.isfinite(declared))]

    baseline = personal_baseline(pain_s).to_numpy(dtype=float)
    message = ""
    if n_pain < BASELINE_DAYS:
        message = (f"Not enough data for the flare detector yet: it compares each day with your "
                   f"previous {BASELINE_DAYS} days and needs at least {BASELINE_DAYS} days with "
                   f"a pain rating; the diary has {n_pain}.")
        detected = np.zeros(len(frame), dtype=bool)
        found = []
    else:
        detected, found = _detect(pain, baseline)
    episodes += [_episode("detector", idx, pain, s, e, base, ongoing)
                 for s, e, base, ongoing in found]

    agreement = None
    both_known = np.isfinite(declared) & np.isfinite(pain) & np.isfinite(baseline)
    if dec_mask.any() and not message and both_known.any():
        a, b = dec_mask[both_known], detected[both_known]
        nboth = int((a & b).sum())
        agreement = {
            "days_compared": int(both_known.sum()),
            "declared": int(a.sum()), "detected": int(b.sum()), "both": nboth,
            "sensitivity": nboth / int(a.sum()) if a.sum() else None,
            "ppv": nboth / int(b.sum()) if b.sum() else None,
            "kappa": _kappa(a.astype(float), b.astype(float)),
        }
    threshold = baseline + np.maximum(MIN_RISE, MIN_RISE_FRACTION * baseline)
    days = pd.DataFrame({"pain": pain, "baseline": baseline, "threshold": threshold,
                         "detected": detected.astype(float),
                         "declared": declared}, index=idx)
    return FlareReport(episodes=episodes, n_pain_days=n_pain, declared_days=int(dec_mask.sum()),
                       detected_days=int(detected.sum()), agreement=agreement, days=days,
                       message=message)
