"""Synthetic wearable dailies for the demo account, loosely tied to its diary.

Not anybody's data, and labelled so: every row's note carries the provenance token
``demo`` (:mod:`painscope.signals.provenance`), so pages name the source as synthetic.

What the numbers mimic (illustrative, not calibrated to one study):

- morning ln RMSSD around 3.35 ln(ms) (RMSSD about 28 ms). HRV is lower in fibromyalgia
  than in controls (Tracy et al. 2016, *Clin Physiol Funct Imaging* 36:1-9, meta-analysis);
  day-to-day variation of about 0.2 ln(ms), i.e. a coefficient of variation of ln RMSSD
  near 6 %, in the range Plews et al. 2012/2014 report for daily morning readings;
- a short night after worse sleep and a stressful day lowers the next morning's value, and
  the two mornings before a flare are lower (the pattern the HRV page is meant to show);
- resting heart rate around 68 bpm, moving opposite to HRV;
- a device's nightly RMSSD a little above the morning reading, with its own noise;
- about one morning in ten without a reading, as in real use.
"""

from __future__ import annotations

import math
from datetime import date, datetime, tzinfo

import numpy as np
import pandas as pd

from painscope.signals.provenance import tag
from painscope.signals.tidy import make_row, rows_to_frame

SOURCE = "demo"
NOTE = "synthetic demo data, not from a real device"
MORNING_LN_MEAN = 3.35
RESTING_HR_MEAN = 68.0
READING_HOUR = 8  # today's morning reading exists once the person's clock passes 08:00


def demo_wearable_dailies(
    daily: pd.DataFrame, *, tz: tzinfo, now: datetime, seed: int = 11
) -> pd.DataFrame:
    """Tidy daily measures (``hrv_rmssd_morning``, ``hrv_lnrmssd_morning``,
    ``hrv_rmssd_night``, ``resting_hr``) for each day of ``daily``.

    Parameters
    ----------
    daily : DataFrame
        :func:`painscope.diary.daily_table` of the demo diary (``sleep_hours``, ``stress``,
        ``pain`` and ``flare`` are read when present; gaps count as an average day).
    tz : tzinfo
        The person's zone: rows are stamped 00:00 local of their day, as a real import does.
    now : datetime
        Aware; no reading is later than now (today's only after ``READING_HOUR`` local).
    seed : int
        Same seed, same numbers.

    Returns
    -------
    DataFrame
        Tidy rows ``timestamp, kind, name, value, unit, note`` (kind ``measure``), each note
        tagged ``[demo]``.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    if daily.empty:
        return rows_to_frame([])
    rng = np.random.default_rng(seed)
    local_now = now.astimezone(tz)
    # every day from the diary's first to today: a watch records mornings with no check-in too
    index = pd.date_range(pd.DatetimeIndex(daily.index).min(), pd.Timestamp(local_now.date()), freq="D")
    daily = daily.reindex(index)
    days = [d.date() for d in index]
    n = len(days)

    def col(name: str, default: float) -> np.ndarray:
        if name not in daily:
            return np.full(n, default)
        return daily[name].astype(float).fillna(default).to_numpy()

    sleep = col("sleep_hours", 6.8)  # last night's sleep, noted at the first check-in
    stress = col("stress", 4.0)
    pain = col("pain", 5.0)
    flare = col("flare", 0.0) > 0
    starts = flare & ~np.r_[False, flare[:-1]]
    before = np.zeros(n)
    for i in np.flatnonzero(starts):  # the day before a flare lower still than two days before
        for lag, drop in ((1, 0.22), (2, 0.12)):
            if i - lag >= 0:
                before[i - lag] += drop
    prev_stress = np.r_[4.0, stress[:-1]]
    prev_pain = np.r_[5.0, pain[:-1]]
    slow = _ar1(rng, n, 0.8) * 0.08  # fitness, illness, season: slow drifts
    ln_morning = (
        MORNING_LN_MEAN
        + slow
        + 0.05 * (sleep - 6.8)
        - 0.03 * (prev_stress - 4)
        - 0.02 * (prev_pain - 5)
        - before
        - 0.08 * flare
        + 0.15 * rng.standard_normal(n)
    )
    resting_hr = RESTING_HR_MEAN - 9.0 * (ln_morning - MORNING_LN_MEAN) + 1.2 * rng.standard_normal(n)
    ln_night = ln_morning + 0.15 + 0.12 * rng.standard_normal(n)
    missing = rng.random(n) < 0.1

    note = tag(SOURCE, NOTE)
    rows = []
    for i, day in enumerate(days):
        if missing[i] or not _has_happened(day, local_now):
            continue
        rmssd = math.exp(ln_morning[i])
        rows += [
            make_row(day, tz, "hrv_rmssd_morning", round(rmssd, 1), note),
            make_row(day, tz, "hrv_lnrmssd_morning", round(math.log(round(rmssd, 1)), 4), note),
            make_row(day, tz, "hrv_rmssd_night", round(math.exp(ln_night[i]), 1), note),
            make_row(day, tz, "resting_hr", float(round(resting_hr[i])), note),
        ]
    return rows_to_frame(rows)


def _has_happened(day: date, local_now: datetime) -> bool:
    today = local_now.date()
    return day < today or (day == today and local_now.hour >= READING_HOUR)


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    noise = rng.standard_normal(n) * math.sqrt(1 - phi**2)
    out = np.empty(n)
    out[0] = rng.standard_normal()
    for i in range(1, n):
        out[i] = phi * out[i - 1] + noise[i]
    return out
