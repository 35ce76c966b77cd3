"""Convert a MyAIGuide participant export to painscope's tidy diary (real-data fixture).

MyAIGuide (github.com/oliviermirat/MyAIGuide, MIT; ANALYTICS.md §4.1) publishes chronic-pain
self-tracking data. Participant 8 has two files:

* ``Participant8PainNew.csv`` — ``name,startday,startmonth,startyear,intensity,date``: one
  symptom intensity per row (Knee Pain, Leg pain, Headache, Hand pain, Abdominal pain, Foot
  pain, Hip Pain, Low Back Pain, Dizziness, and "happiness");
* ``Participant8ObservationsNew.csv`` — ``name,intensity,date``: daily yes/no observations
  (Tired, Poor sleep, Worried anxious, Sadness, Stress, Awesome day!, ...).

Mapping (documented in docs/insights.md §6):

* **Day.** ``startday/startmonth/startyear`` when given (the day the rating is about);
  otherwise the calendar day of ``date``, except that entries made before 06:00 count for the
  previous day — in the rows that carry both, 760 of the 814 entries made after midnight and
  before 06:00 were about the previous day.
* **Pain.** The intensity scale (SCALE.md: 1 "almost imperceivable" … 4.5 "painful", 6 "very
  painful", 8 "extremely painful", 9.5 "worst pain ever") is already anchored on 0–10 and is
  used as is, as an ordinal scale treated as numeric. Daily ``rating pain`` = the highest
  intensity over the pain sites rated that day (Dizziness is not a pain site).
* **Sites.** Low back → region ``lower_back``, abdominal → ``abdomen``, headache → ``head``;
  knee, leg, hand, foot and hip have no side in the export, so they go into the day's note
  only (painscope regions are sided, WPI 2016).
* **Mood.** ``happiness`` (same scale) → ``rating mood``.
* **Observations.** Each name → ``factor`` (lower-case, ``_`` for spaces, punctuation
  dropped) with value 1 when intensity ≥ 1, else 0.
* **Period.** The observation file starts months after the pain file; before it, every
  factor would read as "no" (the daily table fills logged days without a factor with 0). The
  diary is therefore cut to the days covered by both files.
* **Time.** The export has no time zone; every day becomes one entry at 20:00+00:00.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

#: Pain sites → sided-free painscope region codes (None: note only).
SITES = {
    "knee pain": None, "leg pain": None, "headache": "head", "hand pain": None,
    "abdominal pain": "abdomen", "foot pain": None, "hip pain": None,
    "low back pain": "lower_back",
}
NOT_PAIN = {"dizziness"}
MOOD = "happiness"
EARLY_HOURS = 6


def _day_of(row: pd.Series) -> dt.date:
    stamp = pd.Timestamp(row["date"])
    sd, sm, sy = row.get("startday"), row.get("startmonth"), row.get("startyear")
    try:
        if int(sd) > 0 and str(sm).strip():
            return dt.date(int(sy), int(float(sm)), int(sd))
    except (TypeError, ValueError):
        pass
    if stamp.hour < EARLY_HOURS:
        stamp -= pd.Timedelta(days=1)
    return stamp.date()


def _factor_name(text: str) -> str:
    name = re.sub(r"[^a-z0-9 ]+", "", text.lower()).strip()
    return re.sub(r"\s+", "_", name)


def myaiguide_to_tidy(pain_csv: str | Path, observations_csv: str | Path | None = None,
                      ) -> pd.DataFrame:
    """Tidy diary rows (``timestamp,kind,name,value,unit,note``) from a MyAIGuide export.

    Validate and write them with ``painscope.diary.validate_frame`` /
    ``write_tidy_csv``. See the module docstring for the mapping.
    """
    pain = pd.read_csv(pain_csv, dtype=str, keep_default_na=False)
    pain["day"] = pain.apply(_day_of, axis=1)
    pain["site"] = pain["name"].str.strip().str.lower()
    pain["intensity"] = pd.to_numeric(pain["intensity"], errors="coerce")
    pain = pain.dropna(subset=["intensity"])

    obs = None
    days = sorted(set(pain["day"]))
    if observations_csv is not None:
        obs = pd.read_csv(observations_csv, dtype=str, keep_default_na=False)
        obs["day"] = obs.apply(_day_of, axis=1)
        obs["intensity"] = pd.to_numeric(obs["intensity"], errors="coerce")
        obs = obs.dropna(subset=["intensity"])
        first, last = min(obs["day"]), max(obs["day"])
        days = [d for d in days if first <= d <= last]

    rows: list[tuple[str, str, str, float | None, str, str]] = []
    wanted = set(days)
    by_day = pain[pain["day"].isin(wanted)].groupby("day")
    obs_by_day = obs[obs["day"].isin(wanted)].groupby("day") if obs is not None else None
    obs_days = set(obs_by_day.groups) if obs_by_day is not None else set()
    for day in days:
        ts = f"{day.isoformat()}T20:00:00+00:00"
        sub = by_day.get_group(day) if day in by_day.groups else pain.iloc[0:0]
        site_max = sub.groupby("site")["intensity"].max()
        pains = site_max[[s for s in site_max.index if s in SITES]]
        if len(pains):
            rows.append((ts, "rating", "pain", float(pains.max()), "", ""))
        if MOOD in site_max.index:
            rows.append((ts, "rating", "mood", float(site_max[MOOD]), "", ""))
        for site, region in SITES.items():
            if region and site in pains.index:
                rows.append((ts, "region", region, 1.0, "", ""))
        other = [f"{s} {v:g}" for s, v in site_max.items() if s in SITES or s in NOT_PAIN]
        if other:
            rows.append((ts, "note", "note", None, "", "MyAIGuide: " + ", ".join(other)))
        if day in obs_days:
            o = obs_by_day.get_group(day)
            for name, value in o.groupby("name")["intensity"].max().items():
                rows.append((ts, "factor", _factor_name(str(name)), float(value >= 1), "", ""))
    frame = pd.DataFrame(rows, columns=["timestamp", "kind", "name", "value", "unit", "note"])
    frame["value"] = frame["value"].astype(float)
    frame.loc[frame["kind"] == "note", "value"] = np.nan
    return frame
